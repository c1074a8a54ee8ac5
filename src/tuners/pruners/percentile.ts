// The percentile pruner, after Optuna 3.1's PercentilePruner (optuna/pruners/_percentile.py).
import { checkOptions, invalidOption, is } from '../../core/validate.js';
import type { Pruner } from '../types.js';
import { PERCENTILE_RULE_SPEC, percentileDecision, resolvePercentileRule, ruleOptions } from './_internal/percentile-rule.js';

/** Options of {@link percentilePruner} (and, but for `percentile`, of `medianPruner`). */
export interface PercentilePrunerOptions {
  /**
   * Required. The percentile in `[0, 100]` a trial must beat: a trial whose best value so far is
   * worse than this percentile of the complete trials' values at its latest step is pruned
   * (25 keeps the best quarter; for maximized objectives the percentile is counted from the top).
   */
  readonly percentile: number;
  /** Pruning is off until this many trials of the study are complete (default 5). */
  readonly startupTrials?: number;
  /** Pruning is off while the trial's latest step is below this (default 0; steps count from 0). */
  readonly warmupSteps?: number;
  /**
   * Check only at steps `warmupSteps + k * intervalSteps` (default 1: every step). A check point
   * the trial did not report at is checked at its next report instead.
   */
  readonly intervalSteps?: number;
  /** Prune only when at least this many complete trials reported the step judged (default 1). */
  readonly minTrials?: number;
}

/**
 * A pruner that stops a trial whose best intermediate value so far is worse than a given
 * percentile of the complete trials' values at the trial's latest step.
 *
 * The rule, as Optuna 3.1 applies it: no pruning until `startupTrials` trials are complete,
 * while the latest step is below `warmupSteps`, or between check points. The trial's value is its
 * best over all its reports (min when minimizing, max when maximizing, NaNs ignored; a trial that
 * has reported only NaNs is pruned). The threshold is numpy's linear-interpolation percentile of
 * the complete trials' values at that step (for maximized objectives the `100 - percentile`th)
 * and needs at least `minTrials` of them. Pruned and running trials are not compared against.
 *
 * @param options - see {@link PercentilePrunerOptions}; `percentile` is required.
 * @returns a frozen pruner.
 * @throws InvalidArgumentError for a missing or out-of-range `percentile`, a negative
 *   `startupTrials` or `warmupSteps`, an `intervalSteps` or `minTrials` below 1, or an unknown
 *   option. Its `prune` throws it for a multi-objective study.
 * @see optuna/pruners/_percentile.py (Optuna 3.1 PercentilePruner).
 * @example
 * ```ts
 * const study = await createStudy({ pruner: percentilePruner({ percentile: 25, warmupSteps: 3 }) });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function percentilePruner(options: PercentilePrunerOptions): Pruner {
  const fn = 'percentilePruner';
  checkOptions(fn, options, { percentile: is.number({ min: 0, max: 100 }), ...PERCENTILE_RULE_SPEC });
  if (options === undefined || options.percentile === undefined) {
    throw invalidOption(fn, 'percentile', 'a finite number in [0, 100]', undefined, 'it is required');
  }
  const rule = resolvePercentileRule(options, options.percentile);
  return Object.freeze({
    name: 'percentile',
    options: ruleOptions(rule, true),
    prune: (context, trial) => percentileDecision(fn, rule, context, trial),
  } satisfies Pruner);
}
