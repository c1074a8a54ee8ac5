import { checkArgument, checkOptions, invalidArgument, invalidOption, is } from '../core/index.js';
import type { Fold } from './types.js';

/** Options of {@link timeSeriesSplit}. */
export interface TimeSeriesSplitOptions {
  /** Number of splits, at least 2 (default 5; scikit-learn's `n_splits`). */
  k?: number;
  /** Rows left out between the end of each training set and its test set (default 0). */
  gap?: number;
  /** Keep only the latest `maxTrainSize` rows of each training set (default: no limit). */
  maxTrainSize?: number;
  /** Rows per test set (default `⌊nRows / (k + 1)⌋`). */
  testSize?: number;
}

const range = (start: number, stop: number): number[] => Array.from({ length: Math.max(0, stop - start) }, (_, i) => start + i);

/**
 * Forward-chaining splits for ordered data (time series): the test sets are the last `k` blocks of
 * `testSize` rows, and each training set is every row before its test set (minus `gap` rows, and
 * at most `maxTrainSize` rows), so a model is never trained on the future. Rows must already be in
 * time order.
 *
 * @param nRows - number of rows, in time order.
 * @param options - `k` (default 5), `gap` (default 0), `maxTrainSize`, `testSize`
 *   (default `⌊nRows / (k + 1)⌋`).
 * @returns `k` folds, oldest test set first; train and test indices ascending, every training
 *   index below `test[0] - gap`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a bad option, `k + 1` above `nRows`, or
 *   too many splits for the rows (`nRows - gap - k * testSize` must stay positive), as
 *   scikit-learn does.
 * @see scikit-learn's `sklearn.model_selection.TimeSeriesSplit` (identical indices).
 * @example
 * ```ts
 * timeSeriesSplit(6, { k: 3 });
 * // [{ train: [0, 1, 2], test: [3] }, { train: [0, 1, 2, 3], test: [4] },
 * //  { train: [0, 1, 2, 3, 4], test: [5] }]
 * ```
 */
export function timeSeriesSplit(nRows: number, options: TimeSeriesSplitOptions = {}): Fold[] {
  const fn = 'timeSeriesSplit';
  checkOptions(fn, options, {
    k: is.integer({ min: 2 }),
    gap: is.integer({ min: 0 }),
    maxTrainSize: is.integer({ min: 1 }),
    testSize: is.integer({ min: 1 }),
  });
  checkArgument(fn, 'nRows', nRows, is.integer({ min: 0 }));
  const k = options.k ?? 5;
  const gap = options.gap ?? 0;
  if (k + 1 > nRows) {
    if (nRows < 3) throw invalidArgument(fn, 'nRows', 'an integer >= 3', nRows, 'the smallest split, k = 2, cuts the rows into 3 blocks');
    throw invalidOption(fn, 'k', `an integer in [2, ${nRows - 1}]`, k, `cannot have k + 1 = ${k + 1} blocks of rows with only ${nRows} rows`);
  }
  const testSize = options.testSize ?? Math.floor(nRows / (k + 1));
  if (nRows - gap - testSize * k <= 0) {
    const option = options.testSize !== undefined ? 'testSize' : gap > 0 ? 'gap' : 'k';
    throw invalidOption(
      fn,
      option,
      'small enough that nRows - gap - k × testSize stays positive',
      options[option as keyof TimeSeriesSplitOptions],
      `too many splits: k=${k}, testSize=${testSize} and gap=${gap} leave no training rows among ${nRows}`,
    );
  }
  const folds: Fold[] = [];
  for (let testStart = nRows - k * testSize; testStart < nRows; testStart += testSize) {
    const trainEnd = testStart - gap;
    const trainStart = options.maxTrainSize !== undefined && options.maxTrainSize < trainEnd ? trainEnd - options.maxTrainSize : 0;
    folds.push({ train: range(trainStart, trainEnd), test: range(testStart, Math.min(testStart + testSize, nRows)) });
  }
  return folds;
}
