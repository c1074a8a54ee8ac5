// Helpers shared by the pruners: reading a trial's intermediate values the way Optuna's
// FrozenTrial does (optuna/trial/_frozen.py: `last_step`, `intermediate_values`), the single
// direction pruning needs, and numpy's nanpercentile (the percentile pruner's threshold).
import { InvalidArgumentError } from '../../../core/errors.js';
import type { Direction, FrozenTrial, StudyView } from '../../types.js';

/** The largest reported step of a trial, or `null` when it reported nothing (Optuna's `last_step`). */
export function lastStep(trial: FrozenTrial): number | null {
  let last: number | null = null;
  for (const key of Object.keys(trial.intermediateValues)) {
    const step = Number(key);
    if (last === null || step > last) last = step;
  }
  return last;
}

/** Whether a trial reported at `step`. */
export function hasStep(trial: FrozenTrial, step: number): boolean {
  return Object.prototype.hasOwnProperty.call(trial.intermediateValues, step);
}

/**
 * The study's one direction. Pruning compares one number per step, so Optuna refuses it for
 * multi-objective studies (optuna/trial/_trial.py, `should_prune`); so do we, naming the pruner.
 */
export function singleDirection(fn: string, study: StudyView): Direction {
  const dirs = study.directions;
  if (dirs.length !== 1) {
    throw new InvalidArgumentError(
      `${fn}: pruning needs a single-objective study; study '${study.studyName}' has ${dirs.length} directions (${dirs.join(', ')}).`,
    );
  }
  return dirs[0]!;
}

/**
 * numpy's `nanpercentile(values, percentile)` with its default 'linear' method (numpy 1.24,
 * numpy/lib/function_base.py `_quantile`, `_get_indexes`, `_lerp`), reproduced operation by
 * operation so that thresholds agree to the last bit, infinities included: NaNs are dropped,
 * the virtual index is (n - 1) * (percentile / 100), indexes past the end clamp to the last
 * element (with the weight numpy then uses), and the interpolation switches to the upper
 * neighbour for weights >= 0.5. Returns NaN when no value is left.
 */
export function nanPercentile(values: readonly number[], percentile: number): number {
  const kept = values.filter((v) => !Number.isNaN(v)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = kept.length;
  if (n === 0) return NaN;
  const virtual = (n - 1) * (percentile / 100);
  let previous = Math.floor(virtual);
  let next = previous + 1;
  if (virtual >= n - 1) {
    previous = -1;
    next = -1;
  }
  if (virtual < 0) {
    previous = 0;
    next = 0;
  }
  const gamma = virtual - previous;
  const a = kept[previous < 0 ? n + previous : previous]!;
  const b = kept[next < 0 ? n + next : next]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
