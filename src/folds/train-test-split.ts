import { checkOptions, checkSameLength, createRng, InvalidArgumentError, invalidOption, is, isTensor, toVector } from '../core/index.js';
import type { Rng, VectorLike } from '../core/index.js';
import { checkRows, checkSeedUsed, encodeSorted } from './_internal/shared.js';
import type { Fold } from './types.js';

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /**
   * Size of the test set: a fraction in (0, 1) of the rows (rounded up), or a whole number of rows
   * (default: the rows `trainSize` leaves, or 0.25 when neither size is given).
   */
  testSize?: number;
  /**
   * Size of the training set: a fraction in (0, 1) of the rows (rounded down), or a whole number
   * of rows (default: the rows the test set leaves).
   */
  trainSize?: number;
  /** Shuffle the rows before splitting (default `true`); `false` takes train first, then test, in order. */
  shuffle?: boolean;
  /**
   * Class labels, one per row: keep each class's share in both sets (needs `shuffle`, at least 2
   * rows per class, and at least one row per class in each set).
   */
  stratify?: VectorLike;
  /** Seed of the shuffle; only allowed when shuffling (default: a fresh random seed). */
  seed?: number | string | Rng;
}

const SIZE = is.custom<number>(
  'a fraction in (0, 1) or a whole number of rows >= 1',
  (v) => typeof v === 'number' && ((v > 0 && v < 1) || (Number.isSafeInteger(v) && v >= 1)),
);

const isFraction = (v: number): boolean => v < 1;

/** scikit-learn's `_validate_shuffle_split`: ceil for a test fraction, floor for a train fraction. */
function resolveSizes(fn: string, n: number, testSize: number | undefined, trainSize: number | undefined): [number, number] {
  if (testSize === undefined && trainSize === undefined) testSize = 0.25;
  for (const [name, size] of [
    ['testSize', testSize],
    ['trainSize', trainSize],
  ] as const) {
    if (size !== undefined && !isFraction(size) && size >= n) {
      throw invalidOption(fn, name, `a fraction in (0, 1) or a whole number of rows in [1, ${n - 1}]`, size, `there are ${n} rows`);
    }
  }
  if (testSize !== undefined && trainSize !== undefined && isFraction(testSize) && isFraction(trainSize) && testSize + trainSize > 1) {
    throw invalidOption(fn, 'trainSize', `at most 1 - testSize = ${1 - testSize} as a fraction`, trainSize, `testSize + trainSize = ${testSize + trainSize} exceeds 1`);
  }
  let nTest = testSize === undefined ? undefined : isFraction(testSize) ? Math.ceil(testSize * n) : testSize;
  let nTrain = trainSize === undefined ? undefined : isFraction(trainSize) ? Math.floor(trainSize * n) : trainSize;
  if (nTrain === undefined) nTrain = n - nTest!;
  if (nTest === undefined) nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw invalidOption(fn, 'trainSize', `small enough that train and test rows together fit in the ${n} rows`, trainSize, `${nTrain} train + ${nTest} test rows`);
  }
  if (nTrain === 0) {
    if (trainSize !== undefined) {
      throw invalidOption(fn, 'trainSize', 'large enough to give at least one training row', trainSize, `with ${n} rows it rounds down to 0`);
    }
    throw invalidOption(fn, 'testSize', 'small enough to leave at least one training row', testSize, `with ${n} rows it rounds up to ${nTest} test rows`);
  }
  return [nTrain, nTest];
}

/**
 * An approximation of the mode of the multivariate hypergeometric distribution: how many of
 * `draws` rows to take from each class, each class getting the floor of its share plus at most one;
 * the extra rows go to the largest remainders, ties broken at random (as scikit-learn's
 * `_approximate_mode`).
 */
function approximateMode(counts: readonly number[], draws: number, rng: Rng): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let need = draws - floored.reduce((s, c) => s + c, 0);
  if (need > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const tied = remainder.flatMap((r, i) => (r === value ? [i] : []));
      const now = Math.min(tied.length, need);
      for (const i of rng.choice(tied, now, { replace: false })) floored[i]!++;
      need -= now;
      if (need === 0) break;
    }
  }
  return floored;
}

function stratifiedSplit(fn: string, labels: Float64Array, nTrain: number, nTest: number, rng: Rng): Fold {
  const { codes, classes, counts } = encodeSorted(labels);
  const nClasses = classes.length;
  for (let c = 0; c < nClasses; c++) {
    if (counts[c]! < 2) {
      throw new InvalidArgumentError(
        `${fn}: option "stratify" must have at least 2 rows of every class (one for each set); got 1 row of class ${classes[c]}.`,
      );
    }
  }
  if (nTrain < nClasses) throw invalidOption(fn, 'trainSize', `at least the number of classes, ${nClasses}`, nTrain, 'resolved to rows; every class needs a training row');
  if (nTest < nClasses) throw invalidOption(fn, 'testSize', `at least the number of classes, ${nClasses}`, nTest, 'resolved to rows; every class needs a test row');
  const rowsOf: number[][] = Array.from({ length: nClasses }, () => []);
  for (let i = 0; i < codes.length; i++) rowsOf[codes[i]!]!.push(i);
  const countList = Array.from(counts);
  const trainCounts = approximateMode(countList, nTrain, rng);
  const testCounts = approximateMode(
    countList.map((c, i) => c - trainCounts[i]!),
    nTest,
    rng,
  );
  const train: number[] = [];
  const test: number[] = [];
  for (let c = 0; c < nClasses; c++) {
    const rows = rng.shuffle(rowsOf[c]!);
    const a = trainCounts[c]!;
    train.push(...rows.slice(0, a));
    test.push(...rows.slice(a, a + testCounts[c]!));
  }
  return { train: rng.shuffle(train), test: rng.shuffle(test) };
}

/**
 * Split rows once into a training set and a test set, shuffled by default, optionally stratified
 * by class. Sizes follow scikit-learn: a fraction below 1 is a share of the rows (the test share
 * rounded up, the train share rounded down), a whole number is a row count.
 *
 * @param nRows - number of rows, at least 2.
 * @param options - `testSize` (default 0.25), `trainSize`, `shuffle` (default `true`), `stratify`,
 *   `seed`.
 * @returns `{ train, test }` row indices. Shuffled splits list them in random order (as
 *   scikit-learn's `train_test_split` returns rows); unshuffled ones are `0 … nTrain - 1` and the
 *   `nTest` rows after them.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for sizes that are 0, negative, not a
 *   fraction or a whole number, not below `nRows`, summing above 1 (fractions) or above `nRows`
 *   (rows), leaving an empty training set; for `stratify` without shuffling, with NaN labels, with a
 *   class of one row or with fewer rows in a set than classes; for a `seed` without shuffling.
 *   {@link "whetstone/core"!ShapeError} when `stratify` does not have `nRows` labels.
 * @see scikit-learn's `sklearn.model_selection.train_test_split` (identical indices when unshuffled;
 *   stratified per-class counts as its `StratifiedShuffleSplit`).
 * @example
 * ```ts
 * const { train, test } = trainTestSplit(x.length, { testSize: 0.2, stratify: y, seed: 0 });
 * const [xTrain, xTest] = [selectRows(x, train), selectRows(x, test)];
 * ```
 */
export function trainTestSplit(nRows: number, options: TrainTestSplitOptions = {}): Fold {
  const fn = 'trainTestSplit';
  checkOptions(fn, options, {
    testSize: SIZE,
    trainSize: SIZE,
    shuffle: is.boolean(),
    stratify: is.custom('a vector (an array, a typed array or a rank-1 tensor)', (v) => Array.isArray(v) || ArrayBuffer.isView(v) || isTensor(v)),
    seed: is.seed(),
  });
  checkRows(fn, nRows);
  const shuffle = options.shuffle ?? true;
  checkSeedUsed(fn, options.seed, shuffle);
  if (!shuffle && options.stratify !== undefined) {
    throw invalidOption(fn, 'shuffle', 'true when "stratify" is given', false, 'a stratified split needs shuffled rows, as in scikit-learn');
  }
  const labels = options.stratify === undefined ? undefined : toVector(options.stratify, { fn, name: 'stratify' });
  if (labels !== undefined) {
    checkSameLength(fn, [
      ['nRows', nRows],
      ['stratify', labels.length],
    ]);
  }
  const [nTrain, nTest] = resolveSizes(fn, nRows, options.testSize, options.trainSize);
  if (!shuffle) {
    return { train: Array.from({ length: nTrain }, (_, i) => i), test: Array.from({ length: nTest }, (_, i) => nTrain + i) };
  }
  const rng = createRng(options.seed);
  if (labels !== undefined) return stratifiedSplit(fn, labels.data, nTrain, nTest, rng);
  const perm = rng.permutation(nRows);
  return { test: perm.slice(0, nTest), train: perm.slice(nTest, nTest + nTrain) };
}
