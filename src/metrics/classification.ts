import { checkOptions, InvalidArgumentError, invalidOption, is } from '../core/index.js';
import type { VectorLike } from '../core/index.js';
import {
  checkPositiveTotal,
  labelIndex,
  labelsOption,
  listLabels,
  readLabelsOption,
  uniqueSorted,
  vectorOption,
  zeroDivisionOption,
} from './_internal/inputs.js';
import { countPerLabel, divideOr, readLabelPair } from './_internal/labels.js';
import type { LabelPair } from './_internal/labels.js';
import { mean, pairwiseSum, weightedAverage } from './_internal/numeric.js';

/** Options of {@link accuracyScore}. */
export interface AccuracyOptions {
  /** Return the (weighted) fraction of correct rows (default `true`) instead of their (weighted) count. */
  normalize?: boolean;
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
}

/**
 * Accuracy: the fraction of rows whose predicted label equals the true label.
 *
 * @param yTrue - true labels (any numbers).
 * @param yPred - predicted labels, same length.
 * @param options - see {@link AccuracyOptions}.
 * @returns the (weighted) fraction in [0, 1], or with `normalize: false` the (weighted) count.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for NaN/Infinity, empty inputs, negative
 *   weights, all-zero weights with `normalize`, or bad options; {@link "whetstone/core"!ShapeError}
 *   when lengths differ.
 * @example
 * ```ts
 * accuracyScore([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5
 * accuracyScore([0, 1, 2, 3], [0, 2, 1, 3], { normalize: false }); // 2
 * ```
 * @see scikit-learn's `sklearn.metrics.accuracy_score` (1.2).
 */
export function accuracyScore(yTrue: VectorLike, yPred: VectorLike, options?: AccuracyOptions): number {
  const fn = 'accuracyScore';
  checkOptions(fn, options, { normalize: is.boolean(), sampleWeight: vectorOption });
  const normalize = options?.normalize ?? true;
  const { t, p, w } = readLabelPair(fn, yTrue, yPred, options?.sampleWeight);
  if (normalize) checkPositiveTotal(fn, w);
  const correct = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) correct[i] = t[i] === p[i] ? 1 : 0;
  if (normalize) return weightedAverage(correct, w);
  if (w === undefined) return pairwiseSum(correct);
  let dot = 0;
  for (let i = 0; i < t.length; i++) dot += correct[i]! * w[i]!;
  return dot;
}

/** Options of {@link balancedAccuracyScore}. */
export interface BalancedAccuracyOptions {
  /**
   * Rescale so that chance scores 0 and perfect 1: `(score - 1/k) / (1 - 1/k)` for `k` true
   * classes (default `false`).
   */
  adjusted?: boolean;
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
}

/**
 * Balanced accuracy: the mean over the classes present in `yTrue` of their recall, so that every
 * class counts the same however rare. Labels that occur only in `yPred` are left out of the mean
 * (scikit-learn warns about them).
 *
 * @param yTrue - true labels (any numbers).
 * @param yPred - predicted labels, same length.
 * @param options - see {@link BalancedAccuracyOptions}.
 * @returns the score in [0, 1] (adjusted: at most 1, 0 for chance, negative below chance).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad inputs or options, all-zero
 *   weights, or `adjusted` when `yTrue` holds a single class (scikit-learn returns NaN or
 *   -Infinity there); {@link "whetstone/core"!ShapeError} when lengths differ.
 * @example
 * ```ts
 * balancedAccuracyScore([0, 0, 0, 1], [0, 0, 0, 0]); // 0.5 (accuracy would say 0.75)
 * ```
 * @see scikit-learn's `sklearn.metrics.balanced_accuracy_score` (1.2); Brodersen et al., "The
 *   balanced accuracy and its posterior distribution", ICPR 2010.
 */
export function balancedAccuracyScore(yTrue: VectorLike, yPred: VectorLike, options?: BalancedAccuracyOptions): number {
  const fn = 'balancedAccuracyScore';
  checkOptions(fn, options, { adjusted: is.boolean(), sampleWeight: vectorOption });
  const pair = readLabelPair(fn, yTrue, yPred, options?.sampleWeight);
  checkPositiveTotal(fn, pair.w);
  const counts = countPerLabel(pair, uniqueSorted(pair.t, pair.p));
  const perClass: number[] = [];
  for (let j = 0; j < counts.tp.length; j++) if (counts.trueSum[j]! !== 0) perClass.push(counts.tp[j]! / counts.trueSum[j]!);
  if ((options?.adjusted ?? false) && perClass.length < 2) {
    throw new InvalidArgumentError(`${fn}: adjusted balanced accuracy is not defined when yTrue holds a single class (chance level 1/1 leaves nothing to rescale).`);
  }
  let score = mean(perClass);
  if (options?.adjusted ?? false) {
    const chance = 1 / perClass.length;
    score -= chance;
    score /= 1 - chance;
  }
  return score;
}

/** Options of {@link perClassAccuracy}. */
export interface PerClassAccuracyOptions {
  /** The classes to report, in this order (default: the labels present in `yTrue`, ascending). */
  labels?: readonly number[];
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
  /** Accuracy reported for a class with no (weighted) rows in `yTrue` (default `0`). */
  zeroDivision?: 0 | 1;
}

/** The result of {@link perClassAccuracy}: three arrays in the same order. */
export interface PerClassAccuracy {
  /** The classes. */
  labels: number[];
  /** For each class, the (weighted) fraction of its rows predicted correctly: its recall. */
  accuracy: number[];
  /** For each class, the (weighted) number of its rows in `yTrue`; 0 means its accuracy is `zeroDivision`. */
  support: number[];
}

/**
 * Accuracy within each true class: of the rows of class c, the fraction predicted as c (that is,
 * per-class recall). The quickest way to see which classes a model gets wrong.
 *
 * @param yTrue - true labels (any numbers).
 * @param yPred - predicted labels, same length.
 * @param options - see {@link PerClassAccuracyOptions}.
 * @returns `{ labels, accuracy, support }`, arrays in label order.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad inputs or options (duplicate
 *   labels included); {@link "whetstone/core"!ShapeError} when lengths differ.
 * @example
 * ```ts
 * perClassAccuracy([0, 0, 1, 1, 1], [0, 1, 1, 1, 0]);
 * // { labels: [0, 1], accuracy: [0.5, 0.666…], support: [2, 3] }
 * ```
 * @see scikit-learn's `sklearn.metrics.recall_score(average=None)` (1.2), which gives the same
 *   numbers for the same labels.
 */
export function perClassAccuracy(yTrue: VectorLike, yPred: VectorLike, options?: PerClassAccuracyOptions): PerClassAccuracy {
  const fn = 'perClassAccuracy';
  checkOptions(fn, options, { labels: labelsOption, sampleWeight: vectorOption, zeroDivision: zeroDivisionOption });
  const given = readLabelsOption(fn, options?.labels);
  const pair = readLabelPair(fn, yTrue, yPred, options?.sampleWeight);
  const labels = given ?? uniqueSorted(pair.t);
  const counts = countPerLabel(pair, labels);
  return {
    labels: Array.from(labels),
    accuracy: Array.from(divideOr(counts.tp, counts.trueSum, options?.zeroDivision ?? 0)),
    support: Array.from(counts.trueSum),
  };
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /**
   * The classes indexing rows and columns, in this order (default: every label in `yTrue` or
   * `yPred`, ascending). Rows whose true or predicted label is not listed are left out; at least
   * one listed label must occur in `yTrue`.
   */
  labels?: readonly number[];
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
  /**
   * Normalize over the true labels (`'true'`: rows sum to 1), the predicted labels (`'pred'`:
   * columns sum to 1) or everything (`'all'`). Default: counts. A row or column with no weight
   * gives zeros, as scikit-learn's `nan_to_num`.
   */
  normalize?: 'true' | 'pred' | 'all';
}

function confusionCounts(pair: LabelPair, labels: Float64Array): Float64Array[] {
  const k = labels.length;
  const index = labelIndex(labels);
  const cm = Array.from({ length: k }, () => new Float64Array(k));
  const { t, p, w } = pair;
  for (let i = 0; i < t.length; i++) {
    const a = index.get(t[i]!);
    const b = index.get(p[i]!);
    if (a !== undefined && b !== undefined) cm[a]![b] = cm[a]![b]! + (w === undefined ? 1 : w[i]!);
  }
  return cm;
}

/**
 * Confusion matrix: entry `[i][j]` is the (weighted) number of rows of true class `labels[i]`
 * predicted as `labels[j]`.
 *
 * @param yTrue - true labels (any numbers).
 * @param yPred - predicted labels, same length.
 * @param options - see {@link ConfusionMatrixOptions}.
 * @returns a k × k `number[][]` (rows: true class, columns: predicted class).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad inputs or options, or `labels`
 *   none of which occurs in `yTrue`; {@link "whetstone/core"!ShapeError} when lengths differ.
 * @example
 * ```ts
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
 * // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
 * ```
 * @see scikit-learn's `sklearn.metrics.confusion_matrix` (1.2).
 */
export function confusionMatrix(yTrue: VectorLike, yPred: VectorLike, options?: ConfusionMatrixOptions): number[][] {
  const fn = 'confusionMatrix';
  checkOptions(fn, options, { labels: labelsOption, sampleWeight: vectorOption, normalize: is.oneOf(['true', 'pred', 'all'] as const) });
  const given = readLabelsOption(fn, options?.labels);
  const pair = readLabelPair(fn, yTrue, yPred, options?.sampleWeight);
  const labels = resolveConfusionLabels(fn, pair, given, options?.labels);
  const cm = confusionCounts(pair, labels);
  const k = labels.length;
  const normalize = options?.normalize;
  if (normalize === 'true') {
    for (const row of cm) {
      const s = pairwiseSum(row);
      for (let j = 0; j < k; j++) row[j] = s === 0 ? 0 : row[j]! / s;
    }
  } else if (normalize === 'pred') {
    const colSums = new Float64Array(k);
    for (const row of cm) for (let j = 0; j < k; j++) colSums[j] = colSums[j]! + row[j]!;
    for (const row of cm) for (let j = 0; j < k; j++) row[j] = colSums[j] === 0 ? 0 : row[j]! / colSums[j]!;
  } else if (normalize === 'all') {
    const flat = new Float64Array(k * k);
    cm.forEach((row, i) => flat.set(row, i * k));
    const s = pairwiseSum(flat);
    for (const row of cm) for (let j = 0; j < k; j++) row[j] = s === 0 ? 0 : row[j]! / s;
  }
  return cm.map((row) => Array.from(row));
}

function resolveConfusionLabels(fn: string, pair: LabelPair, given: Float64Array | undefined, raw: readonly number[] | undefined): Float64Array {
  if (given === undefined) return uniqueSorted(pair.t, pair.p);
  const inTrue = new Set(pair.t);
  if (!given.some((l) => inTrue.has(l))) {
    throw invalidOption(fn, 'labels', `an array with at least one label present in yTrue ${listLabels(uniqueSorted(pair.t))}`, raw);
  }
  return given;
}

/** Options of {@link cohenKappaScore}. */
export interface CohenKappaOptions {
  /** The classes to use, in this order (default: every label in either rating, ascending); it orders the categories for weighted kappa. */
  labels?: readonly number[];
  /**
   * Weighted kappa for ordinal categories: disagreement between the i-th and j-th label costs
   * `|i - j|` (`'linear'`) or `(i - j)²` (`'quadratic'`). Default: unweighted (every disagreement costs 1).
   */
  weights?: 'linear' | 'quadratic';
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
}

/**
 * Cohen's kappa: agreement between two labelings beyond what chance would give,
 * `1 - Σ w·observed / Σ w·expected`. 1 is perfect agreement, 0 chance level, negative worse.
 *
 * @param y1 - labels from the first rater (any numbers).
 * @param y2 - labels from the second rater, same length.
 * @param options - see {@link CohenKappaOptions}.
 * @returns kappa, at most 1.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad inputs or options, and when kappa
 *   is undefined because chance disagreement is zero (both raters always give the same single
 *   label; scikit-learn returns NaN with a warning there); {@link "whetstone/core"!ShapeError}
 *   when lengths differ.
 * @example
 * ```ts
 * cohenKappaScore([0, 1, 1, 0, 2], [0, 1, 0, 0, 2]); // 0.6875
 * ```
 * @see scikit-learn's `sklearn.metrics.cohen_kappa_score` (1.2); J. Cohen, "A coefficient of
 *   agreement for nominal scales", 1960; weighted: Cohen 1968.
 */
export function cohenKappaScore(y1: VectorLike, y2: VectorLike, options?: CohenKappaOptions): number {
  const fn = 'cohenKappaScore';
  checkOptions(fn, options, { labels: labelsOption, weights: is.oneOf(['linear', 'quadratic'] as const), sampleWeight: vectorOption });
  const given = readLabelsOption(fn, options?.labels);
  const pair = readLabelPair(fn, y1, y2, options?.sampleWeight, ['y1', 'y2']);
  const labels = given === undefined ? uniqueSorted(pair.t, pair.p) : resolveConfusionLabels(fn, pair, given, options?.labels);
  const cm = confusionCounts(pair, labels);
  const k = labels.length;
  const sum0 = new Float64Array(k);
  const sum1 = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const row = cm[i]!;
    for (let j = 0; j < k; j++) sum0[j] = sum0[j]! + row[j]!;
    sum1[i] = pairwiseSum(row);
  }
  const total = pairwiseSum(sum0);
  const weightOf = (i: number, j: number): number => {
    if (options?.weights === 'linear') return Math.abs(i - j);
    if (options?.weights === 'quadratic') return (i - j) * (i - j);
    return i === j ? 0 : 1;
  };
  const observed = new Float64Array(k * k);
  const expected = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const wij = weightOf(i, j);
      observed[i * k + j] = wij * cm[i]![j]!;
      // sklearn's np.outer(sum0, sum1) puts column totals on the first axis.
      expected[i * k + j] = wij * ((sum0[i]! * sum1[j]!) / total);
    }
  }
  const den = pairwiseSum(expected);
  if (!(den > 0)) {
    throw new InvalidArgumentError(`${fn}: kappa is not defined here: the expected disagreement by chance is zero (both raters give one and the same label${total === 0 ? ', or no row has weight' : ''}).`);
  }
  return 1 - pairwiseSum(observed) / den;
}
