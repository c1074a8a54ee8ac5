import { checkOptions, checkSameLength, InvalidArgumentError, invalidOption, is, ShapeError } from '../core/index.js';
import type { MatrixLike, VectorLike } from '../core/index.js';
import {
  checkColumns,
  checkInLabels,
  checkPositiveTotal,
  checkProbabilities,
  checkSortedLabels,
  labelIndex,
  labelsOption,
  listLabels,
  readLabelsOption,
  readVector,
  readVectorOrMatrix,
  readWeights,
  uniqueSorted,
  vectorOption,
} from './_internal/inputs.js';
import type { Scores } from './_internal/inputs.js';
import { pairwiseSum, weightedAverage } from './_internal/numeric.js';

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /**
   * Probabilities are clipped to [eps, 1 - eps] before the log, so a confident wrong answer
   * costs a large finite loss. Default `'auto'`: float64 machine epsilon (2.22e-16), as
   * scikit-learn 1.2 for float64 input (whetstone always computes in float64, even for float32
   * tensors). A number must be in [0, 0.5); 0 lets the loss be Infinity.
   */
  eps?: 'auto' | number;
  /** Return the (weighted) mean loss per row (default `true`) instead of the (weighted) sum. */
  normalize?: boolean;
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
  /**
   * All the classes, sorted ascending, naming the columns of `yProb` (default: the labels in
   * `yTrue`). Needed when `yTrue` lacks a class that has a column, e.g. a small batch.
   */
  labels?: readonly number[];
}

const EPS_AUTO = Number.EPSILON;

/** The class list, from `labels` or `yTrue`, checked against `yTrue` (sklearn's LabelBinarizer, stricter). */
function resolveClasses(fn: string, t: Float64Array, labels: Float64Array | undefined, given: readonly number[] | undefined): Float64Array {
  let classes: Float64Array;
  if (labels !== undefined) {
    checkSortedLabels(fn, labels, given ?? []);
    classes = labels;
    if (classes.length < 2) throw invalidOption(fn, 'labels', 'an array of at least two labels', given);
    checkInLabels(fn, 'yTrue', t, labelIndex(classes), classes);
  } else {
    classes = uniqueSorted(t);
    if (classes.length < 2) {
      throw new InvalidArgumentError(`${fn}: yTrue contains only one label (${classes[0]}); pass all the classes through option "labels".`);
    }
  }
  return classes;
}

/**
 * Logistic loss (cross-entropy) of predicted probabilities: the mean over rows of
 * `-log p(true class)`. Probabilities are clipped to [eps, 1 − eps] and each row is divided by
 * its sum, as scikit-learn 1.2 does.
 *
 * @param yTrue - true labels (any numbers).
 * @param yProb - binary: a vector of probabilities of the greater label (or a two-column
 *   matrix); multiclass: a matrix with one column per class in sorted label order.
 * @param options - see {@link LogLossOptions}.
 * @returns the mean (or summed) loss, ≥ 0.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for probabilities outside [0, 1]
 *   (scikit-learn clips them silently), NaN/Infinity, a single class without `labels`, labels of
 *   `yTrue` missing from `labels` (scikit-learn scores those rows as 0), or bad options;
 *   {@link "whetstone/core"!ShapeError} when lengths or the column count do not match.
 * @example
 * ```ts
 * logLoss([0, 1, 1], [0.1, 0.8, 0.6]); // 0.2798…
 * logLoss([0, 2, 1], [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.2, 0.6, 0.2]]);
 * ```
 * @see scikit-learn's `sklearn.metrics.log_loss` (1.2).
 */
export function logLoss(yTrue: VectorLike, yProb: VectorLike | MatrixLike, options?: LogLossOptions): number {
  const fn = 'logLoss';
  checkOptions(fn, options, {
    eps: is.anyOf(is.oneOf(['auto'] as const), is.number({ min: 0, max: 0.5, maxExclusive: true })),
    normalize: is.boolean(),
    sampleWeight: vectorOption,
    labels: labelsOption,
  });
  const labels = readLabelsOption(fn, options?.labels);
  const t = readVector(fn, 'yTrue', yTrue);
  const s = readVectorOrMatrix(fn, 'yProb', yProb);
  checkSameLength(fn, [['yTrue', t.length], ['yProb', s.rows]]);
  const w = readWeights(fn, options?.sampleWeight, t.length);
  const normalize = options?.normalize ?? true;
  if (normalize) checkPositiveTotal(fn, w);
  checkProbabilities(fn, 'yProb', s);
  const classes = resolveClasses(fn, t, labels, options?.labels);
  const binaryVector = !s.matrix || s.cols === 1;
  if (binaryVector && classes.length !== 2) {
    throw new ShapeError(`${fn}: argument "yProb" must be a matrix with one column per class (${classes.length}: ${listLabels(classes)}); got ${s.matrix ? 'a one-column matrix' : 'a vector'}.`);
  }
  if (!binaryVector) {
    checkColumns(fn, 'yProb', s, classes.length, labels === undefined ? `the labels in yTrue ${listLabels(classes)}; pass option "labels" to name the columns` : 'from option "labels"');
  }

  const eps = options?.eps === undefined || options.eps === 'auto' ? EPS_AUTO : options.eps;
  const clip = (v: number): number => Math.min(Math.max(v, eps), 1 - eps);
  const n = t.length;
  const loss = new Float64Array(n);
  const index = labelIndex(classes);
  if (binaryVector) {
    const positive = classes[1]!;
    for (let i = 0; i < n; i++) {
      const p = clip(s.data[i]!);
      const q = 1 - p;
      const sum = q + p;
      loss[i] = -Math.log((t[i] === positive ? p : q) / sum);
    }
  } else {
    const k = s.cols;
    const row = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) row[c] = clip(s.data[i * k + c]!);
      loss[i] = -Math.log(row[index.get(t[i]!)!]! / pairwiseSum(row));
    }
  }
  if (normalize) return weightedAverage(loss, w);
  if (w === undefined) return pairwiseSum(loss);
  let dot = 0;
  for (let i = 0; i < n; i++) dot += loss[i]! * w[i]!;
  return dot;
}

/** Options of {@link brierScoreLoss}. */
export interface BrierScoreLossOptions {
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
  /**
   * The class whose probability `yProb` holds. Default: 1 when `yTrue` takes values in {0, 1}
   * or {-1, 1}, else the greater label (as scikit-learn). Must be one of the labels when `yTrue`
   * has two.
   */
  posLabel?: number;
}

/**
 * Binary Brier score: the mean squared difference between the predicted probability of the
 * positive class and the outcome (1 for positive rows, 0 otherwise). Lower is better; 0 is perfect.
 *
 * @param yTrue - true labels, at most two distinct values.
 * @param yProb - probability of `posLabel` for each row, in [0, 1].
 * @param options - see {@link BrierScoreLossOptions}.
 * @returns the (weighted) mean, in [0, 1].
 * @throws {@link "whetstone/core"!InvalidArgumentError} for probabilities outside [0, 1], more
 *   than two labels in `yTrue` (use {@link brierScore}), a `posLabel` that is not one of two
 *   labels, bad options; {@link "whetstone/core"!ShapeError} when lengths differ.
 * @example
 * ```ts
 * brierScoreLoss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]); // 0.0375
 * ```
 * @see scikit-learn's `sklearn.metrics.brier_score_loss` (1.2); G. W. Brier, "Verification of
 *   forecasts expressed in terms of probability", Monthly Weather Review 78, 1950.
 */
export function brierScoreLoss(yTrue: VectorLike, yProb: VectorLike, options?: BrierScoreLossOptions): number {
  const fn = 'brierScoreLoss';
  checkOptions(fn, options, { sampleWeight: vectorOption, posLabel: is.number() });
  const t = readVector(fn, 'yTrue', yTrue);
  const p = readVector(fn, 'yProb', yProb);
  checkSameLength(fn, [['yTrue', t.length], ['yProb', p.length]]);
  const w = readWeights(fn, options?.sampleWeight, t.length);
  checkPositiveTotal(fn, w);
  checkProbabilities(fn, 'yProb', { matrix: false, rows: p.length, cols: 1, data: p });
  const classes = uniqueSorted(t);
  if (classes.length > 2) {
    throw new InvalidArgumentError(`${fn}: yTrue must hold at most two labels (only binary classification is supported; use brierScore for multiclass); got ${classes.length}: ${listLabels(classes)}.`);
  }
  let pos = options?.posLabel;
  if (pos === undefined) {
    const conventional = classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1);
    pos = conventional ? 1 : classes[classes.length - 1]!;
  } else if (classes.length === 2 && !classes.includes(pos)) {
    throw invalidOption(fn, 'posLabel', `one of the labels in yTrue ${listLabels(classes)}`, pos);
  }
  const sq = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const d = (t[i] === pos ? 1 : 0) - p[i]!;
    sq[i] = d * d;
  }
  return weightedAverage(sq, w);
}

/** Options of {@link brierScore}. */
export interface BrierScoreOptions {
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
  /** All the classes, sorted ascending, naming the columns of `yProb` (default: the labels in `yTrue`). */
  labels?: readonly number[];
}

function checkRowsSumToOne(fn: string, s: Scores): void {
  for (let r = 0; r < s.rows; r++) {
    let sum = 0;
    for (let c = 0; c < s.cols; c++) sum += s.data[r * s.cols + c]!;
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new InvalidArgumentError(`${fn}: argument "yProb" must hold rows of probabilities summing to 1 (within 1e-5); row ${r} sums to ${sum}.`);
    }
  }
}

/**
 * Multiclass Brier score: the mean over rows of `Σ_k (p_k − [y = k])²`, the squared distance
 * between the predicted distribution and the one-hot outcome (Brier's original definition).
 * Ranges over [0, 2]; for two classes it is exactly twice {@link brierScoreLoss}.
 *
 * @param yTrue - true labels (any numbers).
 * @param yProb - a matrix of probabilities, one column per class in sorted label order, rows
 *   summing to 1; for two classes also a vector of probabilities of the greater label.
 * @param options - see {@link BrierScoreOptions}.
 * @returns the (weighted) mean, in [0, 2].
 * @throws {@link "whetstone/core"!InvalidArgumentError} for probabilities outside [0, 1], rows
 *   not summing to 1, labels of `yTrue` missing from `labels`, bad options;
 *   {@link "whetstone/core"!ShapeError} when lengths or the column count do not match.
 * @example
 * ```ts
 * brierScore([0, 2], [[0.8, 0.1, 0.1], [0.2, 0.2, 0.6]], { labels: [0, 1, 2] }); // (0.06 + 0.24) / 2 = 0.15
 * ```
 * @see G. W. Brier, "Verification of forecasts expressed in terms of probability", Monthly
 *   Weather Review 78, 1950. scikit-learn 1.2 has only the binary `brier_score_loss`.
 */
export function brierScore(yTrue: VectorLike, yProb: VectorLike | MatrixLike, options?: BrierScoreOptions): number {
  const fn = 'brierScore';
  checkOptions(fn, options, { sampleWeight: vectorOption, labels: labelsOption });
  const labels = readLabelsOption(fn, options?.labels);
  const t = readVector(fn, 'yTrue', yTrue);
  const s = readVectorOrMatrix(fn, 'yProb', yProb);
  checkSameLength(fn, [['yTrue', t.length], ['yProb', s.rows]]);
  const w = readWeights(fn, options?.sampleWeight, t.length);
  checkPositiveTotal(fn, w);
  checkProbabilities(fn, 'yProb', s);
  let classes: Float64Array;
  if (labels !== undefined) {
    checkSortedLabels(fn, labels, options?.labels ?? []);
    classes = labels;
    checkInLabels(fn, 'yTrue', t, labelIndex(classes), classes);
  } else {
    classes = uniqueSorted(t);
  }
  const k = classes.length;
  if (!s.matrix) {
    if (k !== 2) throw new ShapeError(`${fn}: argument "yProb" must be a matrix with one column per class (${k}: ${listLabels(classes)}); got a vector.`);
  } else {
    checkColumns(fn, 'yProb', s, k, labels === undefined ? `the labels in yTrue ${listLabels(classes)}; pass option "labels" to name the columns` : `from option "labels"`);
    checkRowsSumToOne(fn, s);
  }
  const index = labelIndex(classes);
  const perRow = new Float64Array(t.length);
  const row = new Float64Array(k);
  for (let i = 0; i < t.length; i++) {
    const y = index.get(t[i]!)!;
    for (let c = 0; c < k; c++) {
      const p = s.matrix ? s.data[i * k + c]! : c === 1 ? s.data[i]! : 1 - s.data[i]!;
      const d = p - (c === y ? 1 : 0);
      row[c] = d * d;
    }
    perRow[i] = pairwiseSum(row);
  }
  return weightedAverage(perRow, w);
}
