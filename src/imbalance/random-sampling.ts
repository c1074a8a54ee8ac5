import { InvalidArgumentError } from '../core/errors.js';
import type { Matrix } from '../core/convert.js';
import { createRng } from '../core/rng.js';
import type { MatrixLike, MatrixOf, VectorLike, VectorOf } from '../core/types.js';
import { checkOptions, formatValue, invalidOption, is } from '../core/validate.js';
import { indicesByClass, readResamplerInput, resultFromIndices } from './_internal/resample.js';
import { countClasses, resolveSamplingStrategy, samplingStrategyConstraint } from './_internal/strategy.js';
import type { ResampleResult, SamplingStrategy, SeededOptions } from './types.js';

/** Options of {@link randomOverSample}. */
export interface RandomOverSampleOptions extends SeededOptions {
  /**
   * How many rows each class should end with (default `'auto'`: every class but the majority is
   * brought up to the majority's count). See {@link SamplingStrategy}.
   */
  readonly samplingStrategy?: SamplingStrategy;
  /**
   * Smoothed bootstrap (default: none, plain duplicates): each drawn row gets Gaussian noise with
   * per-feature standard deviation `shrinkage × std_j × (4 / ((p + 2) · n))^(1 / (p + 4))`, where
   * `std_j` is the population standard deviation of feature j within the class, `p` the number
   * of features and `n` the number of rows of `x` (Silverman's rule of thumb, as imbalanced-learn
   * 0.10). A number >= 0 applies to every resampled class; a `{ label: shrinkage }` object must
   * name each resampled class.
   */
  readonly shrinkage?: number | Readonly<Record<number, number>>;
}

/** Options of {@link randomUnderSample}. */
export interface RandomUnderSampleOptions extends SeededOptions {
  /**
   * How many rows each class should keep (default `'auto'`: every class but the minority is
   * brought down to the minority's count). See {@link SamplingStrategy}.
   */
  readonly samplingStrategy?: SamplingStrategy;
  /** Draw the kept rows with replacement, so a row may be kept twice (default `false`). */
  readonly replacement?: boolean;
}




const SHRINKAGE = is.anyOf(
  is.number({ min: 0 }),
  is.record(is.custom('a class label', (k) => typeof k === 'string' && k.trim() !== '' && Number.isFinite(Number(k))), is.number({ min: 0 })),
);

/**
 * Over-sample by drawing rows of the classes to grow uniformly with replacement (a bootstrap),
 * optionally perturbed by Gaussian noise (a smoothed bootstrap), as imbalanced-learn 0.10's
 * `RandomOverSampler`.
 *
 * @typeParam X - the kind of `x`, which decides the kind of the returned rows.
 * @typeParam Y - the kind of `y`.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`); not modified.
 * @param y - one label per row (any finite numbers); not modified.
 * @param options - `samplingStrategy` (default `'auto'`), `shrinkage` (default: none), `seed`.
 * @returns the original rows in order, then the drawn ones class by class (ascending labels), in
 *   the kinds `x` and `y` came in (returned tensors belong to the caller); `sampleIndices` gives
 *   each output row's source row, or -1 for a noisy row (with `shrinkage`), which `synthetic` flags.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, NaN/±Infinity in the data, a single class,
 *   a strategy asking for fewer rows than a class has, a `shrinkage` object missing a resampled
 *   class or naming a label absent from `y`; {@link "whetstone/core"!ShapeError} for mismatched
 *   lengths.
 * @example
 * ```ts
 * const { x: xs, y: ys } = await randomOverSample([[0], [1], [2], [3]], [0, 0, 0, 1], { seed: 1 });
 * // ys: [0, 0, 0, 1, 1, 1]
 * ```
 * @see imbalanced-learn 0.10 `imblearn/over_sampling/_random_over_sampler.py` (`RandomOverSampler`).
 */
export async function randomOverSample<X extends MatrixLike, Y extends VectorLike>(
  x: X,
  y: Y,
  options: RandomOverSampleOptions = {},
): Promise<ResampleResult<MatrixOf<X>, VectorOf<Y>>> {
  const fn = 'randomOverSample';
  checkOptions(fn, options, { samplingStrategy: samplingStrategyConstraint, shrinkage: SHRINKAGE, seed: is.seed() });
  const input = await readResamplerInput(fn, x, y);
  const { m, labels } = input;
  const strategy = resolveSamplingStrategy(fn, labels, options.samplingStrategy, 'over-sampling');
  const shrinkage = resolveShrinkage(fn, options.shrinkage, strategy, labels);
  const rng = createRng(options.seed);
  const byClass = indicesByClass(labels);

  const indices = Array.from({ length: m.rows }, (_, i) => i);
  const cols = m.cols;
  const added = [...strategy.values()].reduce((a, b) => a + b, 0);
  const noisy = shrinkage === undefined ? undefined : new Float64Array(added * cols);
  // Silverman's factor uses every row of x, not the class's, as imbalanced-learn does.
  const smoothing = (4 / ((cols + 2) * m.rows)) ** (1 / (cols + 4));
  let at = 0;
  for (const [label, count] of strategy) {
    const members = byClass.get(label)!;
    const drawn = count === 0 ? [] : rng.choice(members, count);
    if (noisy !== undefined) {
      const scale = classStd(m, members).map((s) => s * shrinkage!.get(label)! * smoothing);
      for (let r = 0; r < drawn.length; r++) {
        const src = drawn[r]! * cols;
        const dst = (at + r) * cols;
        for (let c = 0; c < cols; c++) noisy[dst + c] = m.data[src + c]! + rng.normal() * scale[c]!;
      }
    }
    indices.push(...drawn);
    at += drawn.length;
  }
  const result = resultFromIndices<X, Y>(input, indices, noisy === undefined ? undefined : { start: m.rows, values: noisy });
  if (noisy === undefined) return result;
  // A noisy row is no input row: it is synthetic, with no source index (the ResampleResult contract).
  return { ...result, sampleIndices: indices.map((src, i) => (i < m.rows ? src : -1)), synthetic: indices.map((_, i) => i >= m.rows) };
}

function classStd(m: Matrix, members: readonly number[]): number[] {
  const cols = m.cols;
  const mean = new Float64Array(cols);
  for (const r of members) for (let c = 0; c < cols; c++) mean[c]! += m.data[r * cols + c]!;
  for (let c = 0; c < cols; c++) mean[c]! /= members.length;
  const sq = new Float64Array(cols);
  for (const r of members) {
    for (let c = 0; c < cols; c++) {
      const d = m.data[r * cols + c]! - mean[c]!;
      sq[c]! += d * d;
    }
  }
  // Population standard deviation (ddof 0), as numpy's np.std.
  return Array.from(sq, (s) => Math.sqrt(s / members.length));
}

function resolveShrinkage(
  fn: string,
  shrinkage: number | Readonly<Record<number, number>> | undefined,
  strategy: ReadonlyMap<number, number>,
  labels: readonly number[],
): Map<number, number> | undefined {
  if (shrinkage === undefined) return undefined;
  if (typeof shrinkage === 'number') return new Map([...strategy.keys()].map((label) => [label, shrinkage]));
  const present = countClasses(labels);
  const out = new Map<number, number>();
  for (const [key, value] of Object.entries(shrinkage)) {
    const label = Number(key);
    if (!present.has(label)) {
      throw new InvalidArgumentError(`${fn}: option "shrinkage" names class ${formatValue(key)}, which is not present in "y" (classes: ${formatValue([...present.keys()])}).`);
    }
    out.set(label, value);
  }
  const missing = [...strategy.keys()].filter((label) => !out.has(label));
  if (missing.length > 0) {
    throw invalidOption(fn, 'shrinkage', 'a number or an object with a factor for each resampled class', shrinkage, `classes ${formatValue(missing)} are resampled but have no factor`);
  }
  return out;
}

/**
 * Under-sample by keeping, in each class to shrink, a uniformly random subset of its rows (with
 * or without replacement), as imbalanced-learn 0.10's `RandomUnderSampler`.
 *
 * @typeParam X - the kind of `x`, which decides the kind of the returned rows.
 * @typeParam Y - the kind of `y`.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`); not modified.
 * @param y - one label per row (any finite numbers); not modified.
 * @param options - `samplingStrategy` (default `'auto'`), `replacement` (default `false`), `seed`.
 * @returns the kept rows in their original order (with replacement, a row kept twice appears
 *   twice in a row), in the kinds `x` and `y` came in (returned tensors belong to the caller),
 *   with `sampleIndices` giving each one's input row. imbalanced-learn returns the same rows
 *   grouped by class in draw order; only the order differs.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, NaN/±Infinity, a single class, a count
 *   above a class's current count, `'minority'`; {@link "whetstone/core"!ShapeError} for
 *   mismatched lengths.
 * @example
 * ```ts
 * const { y: ys, sampleIndices } = await randomUnderSample([[0], [1], [2], [3]], [0, 0, 0, 1], { seed: 1 });
 * // ys: [0, 1] (one row of class 0 kept, at random)
 * ```
 * @see imbalanced-learn 0.10 `imblearn/under_sampling/_prototype_selection/_random_under_sampler.py`.
 */
export async function randomUnderSample<X extends MatrixLike, Y extends VectorLike>(
  x: X,
  y: Y,
  options: RandomUnderSampleOptions = {},
): Promise<ResampleResult<MatrixOf<X>, VectorOf<Y>>> {
  const fn = 'randomUnderSample';
  checkOptions(fn, options, { samplingStrategy: samplingStrategyConstraint, replacement: is.boolean(), seed: is.seed() });
  const input = await readResamplerInput(fn, x, y);
  const strategy = resolveSamplingStrategy(fn, input.labels, options.samplingStrategy, 'under-sampling');
  const rng = createRng(options.seed);
  const replace = options.replacement ?? false;
  const kept: number[] = [];
  // Classes in ascending label order, each drawing from its own rows, as imbalanced-learn does.
  for (const [label, members] of [...indicesByClass(input.labels)].sort((a, b) => a[0] - b[0])) {
    const count = strategy.get(label);
    if (count === undefined) kept.push(...members);
    else if (count > 0) kept.push(...rng.choice(members, count, { replace }));
  }
  kept.sort((a, b) => a - b);
  return resultFromIndices<X, Y>(input, kept);
}
