// The median stopping rule, after Optuna 3.1's MedianPruner (optuna/pruners/_median.py): the
// percentile rule at 50.
import { checkOptions } from '../../core/validate.js';
import type { Pruner } from '../types.js';
import { PERCENTILE_RULE_SPEC, percentileDecision, resolvePercentileRule, ruleOptions } from './_internal/percentile-rule.js';
import type { PercentilePrunerOptions } from './percentile.js';

/** Options of {@link medianPruner}: those of `percentilePruner` but for `percentile` (fixed at 50). */
export type MedianPrunerOptions = Omit<PercentilePrunerOptions, 'percentile'>;

/**
 * A pruner that stops a trial whose best intermediate value so far is worse than the median of
 * the complete trials' values at the trial's latest step (the median stopping rule of Google
 * Vizier): `percentilePruner({ percentile: 50, ...options })`, with the same startup, warm-up,
 * interval and minimum-trials settings.
 *
 * @param options - see {@link MedianPrunerOptions} (defaults: 5 startup trials, no warm-up,
 *   every step, 1 trial).
 * @returns a frozen pruner.
 * @throws InvalidArgumentError for a negative `startupTrials` or `warmupSteps`, an
 *   `intervalSteps` or `minTrials` below 1, or an unknown option. Its `prune` throws it for a
 *   multi-objective study.
 * @see optuna/pruners/_median.py (Optuna 3.1 MedianPruner); Golovin et al., "Google Vizier: A
 *   Service for Black-Box Optimization", KDD 2017 (median stopping rule).
 * @example
 * ```ts
 * const study = await createStudy({ pruner: medianPruner({ startupTrials: 5, warmupSteps: 10 }) });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function medianPruner(options: MedianPrunerOptions = {}): Pruner {
  const fn = 'medianPruner';
  checkOptions(fn, options, PERCENTILE_RULE_SPEC);
  const rule = resolvePercentileRule(options, 50);
  return Object.freeze({
    name: 'median',
    options: ruleOptions(rule, false),
    prune: (context, trial) => percentileDecision(fn, rule, context, trial),
  } satisfies Pruner);
}
