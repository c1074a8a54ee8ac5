// Asynchronous successive halving, the decision shared by successiveHalvingPruner and each of
// hyperbandPruner's brackets, after Optuna 3.1 (optuna/pruners/_successive_halving.py,
// `SuccessiveHalvingPruner.prune` and its module functions); Li et al., "A System for Massively
// Parallel Hyperparameter Tuning" (ASHA), MLSys 2020, arXiv:1810.05934.
import type { Direction, FrozenTrial, PrunerContext } from '../../types.js';
import { lastStep } from './intermediate.js';

/** The system attribute that holds a trial's value at the end of rung `rung` (Optuna's key). */
export function rungKey(rung: number): string {
  return `completed_rung_${rung}`;
}

/** The first rung the trial has not completed yet. */
function currentRung(trial: FrozenTrial): number {
  let rung = 0;
  while (Object.prototype.hasOwnProperty.call(trial.systemAttrs, rungKey(rung))) rung++;
  return rung;
}

/**
 * Optuna's 'auto' minimum resource: a hundredth of the largest last step among complete trials
 * (at least 1), or `null` before any complete trial has reported (`_estimate_min_resource`).
 */
export function estimateMinResource(trials: readonly FrozenTrial[]): number | null {
  let max: number | null = null;
  for (const t of trials) {
    if (t.state !== 'complete') continue;
    const s = lastStep(t);
    if (s !== null && (max === null || s > max)) max = s;
  }
  return max === null ? null : Math.max(Math.floor(max / 100), 1);
}

/** The settings of one successive-halving run. */
export interface HalvingSettings {
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;
}

// Whether `value` is within the top 1/eta of the rung's values (itself included). With fewer than
// eta values nobody can be promoted by that rule, and since trials are never paused and resumed
// a trial then goes on only if it is the best so far (`_is_trial_promotable_to_next_rung`).
function promotable(value: number, competing: number[], eta: number, direction: Direction): boolean {
  let index = Math.floor(competing.length / eta) - 1;
  if (index === -1) index = 0;
  competing.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return direction === 'maximize' ? value >= competing[competing.length - 1 - index]! : value <= competing[index]!;
}

/**
 * Whether successive halving prunes `trial` at its latest report. `pool` is the trials whose
 * rung values compete (the study, or a Hyperband bracket), as of before this call. Each rung the
 * trial reaches is recorded through `context.setTrialSystemAttr` before it is judged, as Optuna
 * does, so a trial pruned at a rung still counts there for later trials.
 */
export function halvingDecision(
  settings: HalvingSettings,
  direction: Direction,
  context: PrunerContext,
  pool: readonly FrozenTrial[],
  trial: FrozenTrial,
): boolean {
  const step = lastStep(trial);
  if (step === null) return false;
  const value = trial.intermediateValues[step]!;
  // Other trials' rung values; this trial's own value is added once per rung below (Optuna reads
  // the trials before writing, so the trial never meets its own fresh entry).
  const others = pool.filter((t) => t.id !== trial.id);
  for (let rung = currentRung(trial); ; rung++) {
    const promotionStep = settings.minResource * settings.reductionFactor ** (settings.minEarlyStoppingRate + rung);
    if (step < promotionStep) return false;
    if (Number.isNaN(value)) return true;
    const key = rungKey(rung);
    context.setTrialSystemAttr(trial.id, key, value);
    const competing: number[] = [];
    for (const t of others) {
      if (Object.prototype.hasOwnProperty.call(t.systemAttrs, key)) competing.push(t.systemAttrs[key] as number);
    }
    competing.push(value);
    if (competing.length <= settings.bootstrapCount) return true;
    if (!promotable(value, competing, settings.reductionFactor, direction)) return true;
  }
}
