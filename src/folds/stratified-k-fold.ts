import { checkOptions, createRng, invalidOption, is, toVector } from '../core/index.js';
import type { Rng, VectorLike } from '../core/index.js';
import { checkClassLabels, checkFoldLimit, checkRowCount, checkSeedUsed, encodeByAppearance, foldsFromAssignment, rngIf, shuffleInPlace } from './_internal/shared.js';
import type { Encoded } from './_internal/shared.js';
import type { Fold } from './types.js';

/** Options of {@link stratifiedKFold}. */
export interface StratifiedKFoldOptions {
  /** Number of folds, at least 2 (default 5; scikit-learn's `n_splits`). */
  k?: number;
  /** Shuffle each class's rows before dealing them to folds (default `false`). */
  shuffle?: boolean;
  /** Seed of the shuffle; only allowed with `shuffle: true` (default: a fresh random seed). */
  seed?: number | string | Rng;
}

/** Options of {@link repeatedStratifiedKFold}. */
export interface RepeatedStratifiedKFoldOptions {
  /** Number of folds per repetition (default 5). */
  k?: number;
  /** Number of repetitions, each with its own shuffle (default 10). */
  repeats?: number;
  /** Seed of the shuffles (default: a fresh random seed). */
  seed?: number | string | Rng;
}

/**
 * Check `k` against the class sizes, with scikit-learn 1.2's rule: an error only when *every*
 * class has fewer than `k` rows. When just some do, scikit-learn warns ("The least populated class
 * in y has only … members") and goes on, leaving those classes out of some test folds; so do we,
 * silently (the folds are the same as scikit-learn's).
 */
export function checkStratifiedK(fn: string, option: string, k: number, counts: Int32Array): void {
  let largest = 0;
  for (const c of counts) if (c > largest) largest = c;
  if (k > largest) {
    throw invalidOption(fn, option, `an integer in [2, ${largest}]`, k, `k=${k} cannot be greater than the number of members in each class; the largest class has ${largest} rows`);
  }
}

/**
 * Fold number of every row, as StratifiedKFold's `_make_test_folds`: the rows sorted by class
 * (classes in order of first appearance) are dealt round-robin to folds, which fixes how many rows
 * of each class each fold gets (the floor or ceiling of its share); each class's rows then fill
 * fold 0's quota, fold 1's, … in data order, or in shuffled order.
 */
export function stratifiedAssignment(labels: Encoded, k: number, rng: Rng | undefined): Int32Array {
  const { codes, counts } = labels;
  const nClasses = counts.length;
  // How many of the positions [0, x) of the class-sorted order fall on fold f (positions ≡ f mod k).
  const below = (x: number, f: number): number => (x > f ? Math.floor((x - f - 1) / k) + 1 : 0);
  // Each class's fold sequence: `quota[f]` times f, for f = 0 … k-1.
  const sequences: Int32Array[] = [];
  let start = 0;
  for (let c = 0; c < nClasses; c++) {
    const end = start + counts[c]!;
    const seq = new Int32Array(counts[c]!);
    let at = 0;
    for (let f = 0; f < k; f++) {
      const quota = below(end, f) - below(start, f);
      seq.fill(f, at, at + quota);
      at += quota;
    }
    sequences.push(rng === undefined ? seq : shuffleInPlace(rng, seq));
    start = end;
  }
  const next = new Int32Array(nClasses);
  const foldOf = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    foldOf[i] = sequences[c]![next[c]!++]!;
  }
  return foldOf;
}

/** Read and check class labels for a stratified splitter. */
export function readLabels(fn: string, y: VectorLike, name = 'y'): Encoded {
  const v = toVector(y, { fn, name });
  checkRowCount(fn, name, v.length);
  checkClassLabels(fn, name, v.data);
  return encodeByAppearance(v.data);
}

const SPEC = { k: is.integer({ min: 2 }), shuffle: is.boolean(), seed: is.seed() };

/**
 * k-fold that keeps each class's share in every fold: each test fold holds the floor or the
 * ceiling of `count / k` rows of every class, and test folds differ in size by at most one row.
 * Without shuffling, each class's rows go to folds in data order (the first rows of a class to
 * fold 0), so the result depends only on the pattern of labels, not their values.
 *
 * @param y - class labels, one per row: integers of any sign (`[-1, 3, 7]` is fine).
 * @param options - `k` (default 5), `shuffle` (default `false`), `seed` (only with `shuffle`).
 * @returns `k` folds; every row is in exactly one test set; indices ascending.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for non-integer, NaN or infinite labels,
 *   fewer than 2 rows, a bad option, `k` above the number of rows, `k` above the size of *every*
 *   class, or a `seed` without `shuffle`. A class smaller than `k` alone is allowed (scikit-learn
 *   warns and gives the same folds): it is then absent from some test folds.
 * @see scikit-learn's `sklearn.model_selection.StratifiedKFold` (identical indices when unshuffled).
 * @example
 * ```ts
 * stratifiedKFold([0, 0, 0, 1, 1, 1], { k: 3 }).map((f) => f.test);
 * // [[0, 3], [1, 4], [2, 5]]
 * ```
 */
export function stratifiedKFold(y: VectorLike, options: StratifiedKFoldOptions = {}): Fold[] {
  const fn = 'stratifiedKFold';
  checkOptions(fn, options, SPEC);
  const k = options.k ?? 5;
  const shuffle = options.shuffle ?? false;
  checkSeedUsed(fn, options.seed, shuffle);
  const labels = readLabels(fn, y);
  checkFoldLimit(fn, 'k', k, labels.codes.length, `cannot have more folds than the ${labels.codes.length} rows`);
  checkStratifiedK(fn, 'k', k, labels.counts);
  return foldsFromAssignment(stratifiedAssignment(labels, k, rngIf(shuffle, options.seed)), k);
}

/**
 * {@link stratifiedKFold} with shuffling, repeated `repeats` times with a different shuffle each
 * time.
 *
 * @param y - class labels, one per row (integers).
 * @param options - `k` (default 5), `repeats` (default 10), `seed`.
 * @returns `k * repeats` folds, repetition by repetition; within each repetition every row is in
 *   exactly one test set.
 * @throws {@link "whetstone/core"!InvalidArgumentError} as {@link stratifiedKFold}.
 * @see scikit-learn's `sklearn.model_selection.RepeatedStratifiedKFold`.
 * @example
 * ```ts
 * const folds = repeatedStratifiedKFold(y, { k: 5, repeats: 3, seed: 1 }); // 15 folds
 * ```
 */
export function repeatedStratifiedKFold(y: VectorLike, options: RepeatedStratifiedKFoldOptions = {}): Fold[] {
  const fn = 'repeatedStratifiedKFold';
  checkOptions(fn, options, { k: is.integer({ min: 2 }), repeats: is.integer({ min: 1 }), seed: is.seed() });
  const k = options.k ?? 5;
  const repeats = options.repeats ?? 10;
  const labels = readLabels(fn, y);
  checkFoldLimit(fn, 'k', k, labels.codes.length, `cannot have more folds than the ${labels.codes.length} rows`);
  checkStratifiedK(fn, 'k', k, labels.counts);
  const rng = createRng(options.seed);
  const folds: Fold[] = [];
  for (let r = 0; r < repeats; r++) folds.push(...foldsFromAssignment(stratifiedAssignment(labels, k, rng), k));
  return folds;
}
