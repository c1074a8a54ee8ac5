// The rule behind the percentile and median pruners, after Optuna 3.1's PercentilePruner.prune
// (optuna/pruners/_percentile.py).
import { is } from '../../../core/validate.js';
import type { FrozenTrial, JsonValue, PrunerContext } from '../../types.js';
import { hasStep, lastStep, nanPercentile, singleDirection } from './intermediate.js';

/** The resolved settings of the percentile rule. */
export interface PercentileRule {
  readonly percentile: number;
  readonly startupTrials: number;
  readonly warmupSteps: number;
  readonly intervalSteps: number;
  readonly minTrials: number;
}

/** The option constraints both pruners share (for `checkOptions`). */
export const PERCENTILE_RULE_SPEC = {
  startupTrials: is.integer({ min: 0 }),
  warmupSteps: is.integer({ min: 0 }),
  intervalSteps: is.integer({ min: 1 }),
  minTrials: is.integer({ min: 1 }),
} as const;

/** Resolve the shared options' defaults (Optuna's: 5 startup trials, no warm-up, every step, 1 trial). */
export function resolvePercentileRule(
  options: { readonly startupTrials?: number; readonly warmupSteps?: number; readonly intervalSteps?: number; readonly minTrials?: number },
  percentile: number,
): PercentileRule {
  return Object.freeze({
    percentile,
    startupTrials: options.startupTrials ?? 5,
    warmupSteps: options.warmupSteps ?? 0,
    intervalSteps: options.intervalSteps ?? 1,
    minTrials: options.minTrials ?? 1,
  });
}

/** The JSON form of the resolved rule, for `Pruner.options`. */
export function ruleOptions(rule: PercentileRule, withPercentile: boolean): Readonly<Record<string, JsonValue>> {
  const base: Record<string, JsonValue> = withPercentile ? { percentile: rule.percentile } : {};
  return Object.freeze({
    ...base,
    startupTrials: rule.startupTrials,
    warmupSteps: rule.warmupSteps,
    intervalSteps: rule.intervalSteps,
    minTrials: rule.minTrials,
  });
}

// Whether `step` is the trial's first report at or after its latest check point
// (warmupSteps + k * intervalSteps <= step): a check point the trial did not report at is checked
// at its next report, once (`_is_first_in_interval_step`).
function isFirstInInterval(trial: FrozenTrial, step: number, warmup: number, interval: number): boolean {
  const checkPoint = Math.floor((step - warmup) / interval) * interval + warmup;
  let previous = -1;
  for (const key of Object.keys(trial.intermediateValues)) {
    const s = Number(key);
    if (s !== step && s > previous) previous = s;
  }
  return previous < checkPoint;
}

/** Whether the percentile rule prunes `trial` now. */
export function percentileDecision(fn: string, rule: PercentileRule, context: PrunerContext, trial: FrozenTrial): boolean {
  const direction = singleDirection(fn, context.study);
  const complete = context.study.trials.filter((t) => t.state === 'complete');
  if (complete.length === 0 || complete.length < rule.startupTrials) return false;
  const step = lastStep(trial);
  if (step === null || step < rule.warmupSteps) return false;
  if (!isFirstInInterval(trial, step, rule.warmupSteps, rule.intervalSteps)) return false;

  // The trial's best value over all its steps so far, not its latest
  // (`_get_best_intermediate_result_over_steps`): NaNs are skipped, and only all-NaN prunes.
  let best = NaN;
  for (const v of Object.values(trial.intermediateValues)) {
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(best) || (direction === 'maximize' ? v > best : v < best)) best = v;
  }
  if (Number.isNaN(best)) return true;

  // Compared with complete trials' values at this very step; pruned and running trials do not
  // count (`_get_percentile_intermediate_result_over_trials`). NaN reports count towards
  // minTrials but are left out of the percentile.
  const atStep: number[] = [];
  for (const t of complete) if (hasStep(t, step)) atStep.push(t.intermediateValues[step]!);
  if (atStep.length < rule.minTrials) return false;
  const p = nanPercentile(atStep, direction === 'maximize' ? 100 - rule.percentile : rule.percentile);
  if (Number.isNaN(p)) return false;
  return direction === 'maximize' ? best < p : best > p;
}
