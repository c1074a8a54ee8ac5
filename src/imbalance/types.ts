import type { Rng } from '../core/types.js';

/**
 * How many rows each class should have after resampling, as imbalanced-learn's
 * `sampling_strategy` (imblearn/utils/_validation.py, `check_sampling_strategy`):
 *
 * - a number in (0, 1] (binary problems only): the wanted ratio minority / majority after
 *   resampling;
 * - `'auto'` (the default): `'not majority'` for over-samplers, `'not minority'` for
 *   under-samplers and cleaning methods (imblearn's `_sampling_strategy_auto`);
 * - `'minority'`, `'not majority'`, `'not minority'`, `'all'`: which classes to resample (to the
 *   majority's count for over-samplers, the minority's for under-samplers);
 * - `{ label: count }`: the wanted count per class (over-samplers: ≥ the current count;
 *   under-samplers: ≤ it);
 * - a function of the labels returning such an object.
 */
export type SamplingStrategy =
  | number
  | 'auto'
  | 'minority'
  | 'not majority'
  | 'not minority'
  | 'all'
  | Readonly<Record<number, number>>
  | ((y: readonly number[]) => Readonly<Record<number, number>>);

/**
 * What a resampler returns: the rows and labels after resampling, in the kind they were given
 * (arrays → arrays, tensors → tensors owned by the caller, `{ data, shape }` → the same), and
 * where each came from.
 *
 * Over-samplers return the original rows first, in their order, then the new ones (as
 * imbalanced-learn does); under-samplers and cleaning methods return the kept rows in their
 * original order.
 */
export interface ResampleResult<X, Y> {
  /** The resampled rows. */
  readonly x: X;
  /** Their labels. */
  readonly y: Y;
  /**
   * For each output row, the index of the input row it is (kept or duplicated), or -1 for a
   * synthetic row.
   */
  readonly sampleIndices: readonly number[];
  /** For each output row, whether it was synthesized (SMOTE family). */
  readonly synthetic: readonly boolean[];
}

/** A seed option shared by stochastic resamplers. */
export interface SeededOptions {
  /** Seed (or Rng) for every random choice; same seed, same result (default: random). */
  readonly seed?: number | string | Rng;
}
