import { checkOptions, createRng, is } from '../core/index.js';
import type { Rng } from '../core/index.js';
import { checkFoldLimit, checkRows, checkSeedUsed, foldsFromAssignment, rngIf, shuffleInPlace } from './_internal/shared.js';
import type { Fold } from './types.js';

/** Options of {@link kFold}. */
export interface KFoldOptions {
  /** Number of folds, at least 2 and at most the number of rows (default 5; scikit-learn's `n_splits`). */
  k?: number;
  /** Shuffle the rows before cutting them into folds (default `false`: consecutive blocks). */
  shuffle?: boolean;
  /** Seed of the shuffle; only allowed with `shuffle: true` (default: a fresh random seed). */
  seed?: number | string | Rng;
}

/** Options of {@link repeatedKFold}. */
export interface RepeatedKFoldOptions {
  /** Number of folds per repetition (default 5). */
  k?: number;
  /** Number of repetitions, each with its own shuffle (default 10; scikit-learn's `n_repeats`). */
  repeats?: number;
  /** Seed of the shuffles (default: a fresh random seed). */
  seed?: number | string | Rng;
}

/**
 * Fold number of every row: `n % k` folds of `⌊n/k⌋ + 1` rows, then folds of `⌊n/k⌋`, cut from the
 * rows in order or from a random permutation of them.
 */
export function kFoldAssignment(n: number, k: number, rng: Rng | undefined): Int32Array {
  const foldOf = new Int32Array(n);
  const base = Math.floor(n / k);
  const extra = n % k;
  const sizes = new Int32Array(k);
  for (let f = 0; f < k; f++) sizes[f] = base + (f < extra ? 1 : 0);
  let pos = 0;
  for (let f = 0; f < k; f++) foldOf.fill(f, pos, (pos += sizes[f]!));
  // Cutting a random permutation of the rows into blocks is the same as shuffling the block labels.
  return rng === undefined ? foldOf : shuffleInPlace(rng, foldOf);
}

const K_FOLD_SPEC = { k: is.integer({ min: 2 }), shuffle: is.boolean(), seed: is.seed() };

/**
 * Split `nRows` rows into `k` folds; each fold in turn is the test set and the others the training
 * set. Without shuffling the folds are consecutive blocks, the first `nRows % k` one row larger.
 *
 * @param nRows - number of rows (samples), at least 2.
 * @param options - `k` (default 5), `shuffle` (default `false`), `seed` (only with `shuffle`).
 * @returns `k` folds; every row is in exactly one test set; indices ascending.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a bad `nRows` or option, `k` above
 *   `nRows`, or a `seed` without `shuffle` (scikit-learn raises there too).
 * @see scikit-learn's `sklearn.model_selection.KFold` (identical indices when unshuffled).
 * @example
 * ```ts
 * kFold(5, { k: 2 });
 * // [{ train: [3, 4], test: [0, 1, 2] }, { train: [0, 1, 2], test: [3, 4] }]
 * kFold(1000, { k: 10, shuffle: true, seed: 42 });
 * ```
 */
export function kFold(nRows: number, options: KFoldOptions = {}): Fold[] {
  const fn = 'kFold';
  checkOptions(fn, options, K_FOLD_SPEC);
  checkRows(fn, nRows);
  const k = options.k ?? 5;
  const shuffle = options.shuffle ?? false;
  checkSeedUsed(fn, options.seed, shuffle);
  checkFoldLimit(fn, 'k', k, nRows, `cannot have more folds than the ${nRows} rows`);
  return foldsFromAssignment(kFoldAssignment(nRows, k, rngIf(shuffle, options.seed)), k);
}

/**
 * {@link kFold} with shuffling, repeated `repeats` times with a different shuffle each time: a
 * lower-variance estimate of a model's score than one k-fold run.
 *
 * @param nRows - number of rows, at least 2.
 * @param options - `k` (default 5), `repeats` (default 10), `seed`.
 * @returns `k * repeats` folds, repetition by repetition; within each repetition every row is in
 *   exactly one test set.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a bad `nRows` or option, or `k` above `nRows`.
 * @see scikit-learn's `sklearn.model_selection.RepeatedKFold`.
 * @example
 * ```ts
 * const folds = repeatedKFold(100, { k: 5, repeats: 3, seed: 1 }); // 15 folds
 * ```
 */
export function repeatedKFold(nRows: number, options: RepeatedKFoldOptions = {}): Fold[] {
  const fn = 'repeatedKFold';
  checkOptions(fn, options, { k: is.integer({ min: 2 }), repeats: is.integer({ min: 1 }), seed: is.seed() });
  checkRows(fn, nRows);
  const k = options.k ?? 5;
  const repeats = options.repeats ?? 10;
  checkFoldLimit(fn, 'k', k, nRows, `cannot have more folds than the ${nRows} rows`);
  // One stream for all repetitions, as scikit-learn hands one RandomState to every repetition.
  const rng = createRng(options.seed);
  const folds: Fold[] = [];
  for (let r = 0; r < repeats; r++) folds.push(...foldsFromAssignment(kFoldAssignment(nRows, k, rng), k));
  return folds;
}
