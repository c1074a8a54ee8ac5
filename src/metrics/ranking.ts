import { checkOptions, checkSameLength, InvalidArgumentError, invalidArgument, invalidOption, is, ShapeError } from '../core/index.js';
import type { MatrixLike, VectorLike } from '../core/index.js';
import {
  averageBinaryScore,
  binaryAveragePrecision,
  binaryClfCurve,
  binaryRocAuc,
  prFromCurve,
  rocFromCurve,
} from './_internal/curve.js';
import type { BinaryMetric, ClfCurve, ColumnAverage } from './_internal/curve.js';
import {
  checkColumns,
  checkInLabels,
  checkPositiveTotal,
  checkProbabilities,
  checkSortedLabels,
  isMatrixInput,
  labelIndex,
  labelsOption,
  listLabels,
  oneClassError,
  readLabelsOption,
  readMatrix,
  readVector,
  readVectorOrMatrix,
  readWeights,
  uniqueSorted,
  vectorOption,
} from './_internal/inputs.js';
import type { Scores } from './_internal/inputs.js';
import { mean, trapezoidArea, weightedAverage } from './_internal/numeric.js';
import type { AveragedScore } from './prf.js';

/** A ROC curve as returned by {@link rocCurve}: three arrays of the same length. */
export interface RocCurve {
  /** False positive rate at each threshold, increasing from 0 to 1. */
  fpr: number[];
  /** True positive rate at each threshold, increasing from 0 to 1. */
  tpr: number[];
  /**
   * Decreasing thresholds: a row is predicted positive when its score is ≥ the threshold. The
   * first is the highest score + 1 (scikit-learn 1.2; 1.3 and later use Infinity), so the curve
   * starts at (0, 0).
   */
  thresholds: number[];
}

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /**
   * The positive class. Default `1`, allowed only when `yTrue` takes values in {0, 1} or
   * {-1, 1} (as scikit-learn); otherwise it must be given and must occur in `yTrue`.
   */
  posLabel?: number;
  /** One non-negative weight per row (default: all 1). Rows of weight 0 are dropped first. */
  sampleWeight?: VectorLike;
  /** Drop thresholds that lie on straight segments of the curve (default `true`; the area is unchanged). */
  dropIntermediate?: boolean;
}

/** A precision–recall curve as returned by {@link precisionRecallCurve}. */
export interface PrecisionRecallCurve {
  /** Precision at each threshold, then a final 1 (one longer than `thresholds`). */
  precision: number[];
  /** Recall at each threshold, decreasing, then a final 0 (one longer than `thresholds`). */
  recall: number[];
  /** The distinct scores, increasing. */
  thresholds: number[];
}

/** Options of {@link precisionRecallCurve} and {@link prAucScore}. */
export interface PrecisionRecallCurveOptions {
  /**
   * The positive class. Default `1`, allowed only when `yTrue` takes values in {0, 1} or
   * {-1, 1} (as scikit-learn); otherwise it must be given and must occur in `yTrue`.
   */
  posLabel?: number;
  /** One non-negative weight per row (default: all 1). Rows of weight 0 are dropped first. */
  sampleWeight?: VectorLike;
}

/**
 * How per-class ranking scores are combined, as scikit-learn's `average` for ROC AUC and average
 * precision: `'macro'` the unweighted mean over classes, `'weighted'` weighted by each class's
 * (weighted) number of positives, `'micro'` one score over every (row, class) pair, `'none'`
 * (sklearn's `None`) one score per class.
 */
export type RankingAverage = 'micro' | 'macro' | 'weighted' | 'none';

/** Options of {@link rocAucScore}. */
export interface RocAucOptions<A extends RankingAverage = RankingAverage> {
  /**
   * How to combine classes for a score matrix (default `'macro'`); ignored for binary scores
   * (a vector), except that `'none'` wraps the score in a one-element array. `'micro'` and
   * `'none'` are not available with `multiClass: 'ovo'`.
   */
  average?: A;
  /**
   * Multiclass strategy for a score matrix: `'ovr'` one-vs-rest (default; scikit-learn has no
   * default and requires it) or `'ovo'` (Hand & Till's pairwise average; no `sampleWeight`).
   */
  multiClass?: 'ovr' | 'ovo';
  /**
   * The classes naming the columns of a score matrix, sorted ascending (default: the labels in
   * `yTrue`). Lets a column exist for a class absent from `yTrue` (its one-vs-rest AUC is then
   * undefined and rejected). Not allowed with a score vector.
   */
  labels?: readonly number[];
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
  /**
   * Standardized partial AUC over false positive rates in [0, maxFpr] (McClish correction: 0.5
   * is chance, 1 perfect). Binary and multilabel only. Default: the full area.
   */
  maxFpr?: number;
}

/** Options of {@link averagePrecisionScore}. */
export interface AveragePrecisionOptions<A extends RankingAverage = RankingAverage> {
  /** How to combine classes for a score matrix (default `'macro'`); see {@link RocAucOptions.average}. */
  average?: A;
  /**
   * The positive class for a score vector (default `1`; must be one of the two labels when
   * `yTrue` has two). Must be left unset (or 1) for a score matrix.
   */
  posLabel?: number;
  /**
   * The classes naming the columns of a score matrix, sorted ascending (default: the labels in
   * `yTrue`). Not allowed with a score vector.
   */
  labels?: readonly number[];
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
}

const RANKING_AVERAGES = ['micro', 'macro', 'weighted', 'none'] as const;

function readBinary(fn: string, yTrue: VectorLike, yScore: VectorLike, sampleWeight: VectorLike | undefined): { t: Float64Array; s: Float64Array; w: Float64Array | undefined } {
  const t = readVector(fn, 'yTrue', yTrue);
  if (isMatrixInput(yScore)) throw invalidArgument(fn, 'yScore', 'a vector of scores for the positive class', yScore);
  const s = readVector(fn, 'yScore', yScore);
  checkSameLength(fn, [['yTrue', t.length], ['yScore', s.length]]);
  const w = readWeights(fn, sampleWeight, t.length);
  checkPositiveTotal(fn, w);
  return { t, s, w };
}

/** scikit-learn's `_check_pos_label_consistency`, plus: a given `posLabel` must occur in a `yTrue` of two or more labels. */
function resolveCurvePosLabel(fn: string, t: Float64Array, posLabel: number | undefined): number {
  const classes = uniqueSorted(t);
  if (posLabel === undefined) {
    const ok = classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1);
    if (!ok) {
      throw invalidOption(fn, 'posLabel', 'given when yTrue does not take values in {0, 1} or {-1, 1}', undefined, `yTrue takes values in ${listLabels(classes)}`);
    }
    return 1;
  }
  if (classes.length >= 2 && !classes.includes(posLabel)) throw invalidOption(fn, 'posLabel', `one of the labels in yTrue ${listLabels(classes)}`, posLabel);
  return posLabel;
}

/** The counting curve behind rocCurve, precisionRecallCurve and prAucScore: read, resolve posLabel, count. */
function binaryCurveOf(fn: string, yTrue: VectorLike, yScore: VectorLike, options: { posLabel?: number; sampleWeight?: VectorLike } | undefined): ClfCurve {
  const { t, s, w } = readBinary(fn, yTrue, yScore, options?.sampleWeight);
  const posLabel = resolveCurvePosLabel(fn, t, options?.posLabel);
  return binaryClfCurve(positives(t, posLabel), s, w);
}

function positives(t: Float64Array, posLabel: number): Uint8Array {
  const out = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = t[i] === posLabel ? 1 : 0;
  return out;
}

const curveSpec = { posLabel: is.number(), sampleWeight: vectorOption };

/**
 * Receiver operating characteristic curve of binary scores: the false and true positive rates
 * when predicting positive for scores ≥ each distinct threshold. Tied scores form one point.
 *
 * @param yTrue - true labels.
 * @param yScore - one score per row (higher means more likely positive), any finite numbers.
 * @param options - see {@link RocCurveOptions}.
 * @returns `{ fpr, tpr, thresholds }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad inputs or options, a missing or
 *   absent `posLabel`, and when `yTrue` has no positive or no negative row (scikit-learn warns
 *   and returns NaN rates there); {@link "whetstone/core"!ShapeError} when lengths differ.
 * @example
 * ```ts
 * rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1], thresholds: [1.8, 0.8, 0.4, 0.35, 0.1] }
 * ```
 * @see scikit-learn's `sklearn.metrics.roc_curve` (1.2); T. Fawcett, "An introduction to ROC
 *   analysis", Pattern Recognition Letters 27, 2006.
 */
export function rocCurve(yTrue: VectorLike, yScore: VectorLike, options?: RocCurveOptions): RocCurve {
  const fn = 'rocCurve';
  checkOptions(fn, options, { ...curveSpec, dropIntermediate: is.boolean() });
  const roc = rocFromCurve(binaryCurveOf(fn, yTrue, yScore, options), options?.dropIntermediate ?? true);
  if (!(roc.positives > 0) || !(roc.negatives > 0)) {
    const missing = roc.positives > 0 ? 'negative' : 'positive';
    const weighted = options?.sampleWeight === undefined ? '' : ' of non-zero weight';
    throw new InvalidArgumentError(`${fn}: yTrue has no ${missing} row${weighted} (posLabel ${options?.posLabel ?? 1}), so the ${missing === 'positive' ? 'true' : 'false'} positive rate is not defined.`);
  }
  return { fpr: Array.from(roc.fpr), tpr: Array.from(roc.tpr), thresholds: Array.from(roc.thresholds) };
}

/**
 * Precision–recall curve of binary scores: precision and recall when predicting positive for
 * scores ≥ each distinct threshold. As scikit-learn 1.2, every threshold is kept, and when
 * `yTrue` has no positive row recall is 1 everywhere.
 *
 * @param yTrue - true labels.
 * @param yScore - one score per row (higher means more likely positive).
 * @param options - see {@link PrecisionRecallCurveOptions}.
 * @returns `{ precision, recall, thresholds }` (precision and recall end with the point (recall 0, precision 1)).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad inputs or options, or a missing or
 *   absent `posLabel`; {@link "whetstone/core"!ShapeError} when lengths differ.
 * @example
 * ```ts
 * precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { precision: [0.5, 0.666…, 0.5, 1, 1], recall: [1, 1, 0.5, 0.5, 0], thresholds: [0.1, 0.35, 0.4, 0.8] }
 * ```
 * @see scikit-learn's `sklearn.metrics.precision_recall_curve` (1.2).
 */
export function precisionRecallCurve(yTrue: VectorLike, yScore: VectorLike, options?: PrecisionRecallCurveOptions): PrecisionRecallCurve {
  const fn = 'precisionRecallCurve';
  checkOptions(fn, options, curveSpec);
  const pr = prFromCurve(binaryCurveOf(fn, yTrue, yScore, options));
  return { precision: Array.from(pr.precision), recall: Array.from(pr.recall), thresholds: Array.from(pr.thresholds) };
}

/**
 * Area under the precision–recall curve by the trapezoidal rule (scikit-learn's
 * `auc(recall, precision)`). Linear interpolation between PR points can be optimistic; prefer
 * {@link averagePrecisionScore} unless you need this exact number.
 *
 * @param yTrue - true labels.
 * @param yScore - one score per row (higher means more likely positive).
 * @param options - see {@link PrecisionRecallCurveOptions}.
 * @returns the area, in [0, 1].
 * @throws as {@link precisionRecallCurve}.
 * @example
 * ```ts
 * prAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.7916…
 * ```
 * @see scikit-learn's `sklearn.metrics.auc` applied to `precision_recall_curve` (1.2); Davis &
 *   Goadrich, "The relationship between precision-recall and ROC curves", ICML 2006.
 */
export function prAucScore(yTrue: VectorLike, yScore: VectorLike, options?: PrecisionRecallCurveOptions): number {
  const fn = 'prAucScore';
  checkOptions(fn, options, curveSpec);
  const pr = prFromCurve(binaryCurveOf(fn, yTrue, yScore, options));
  return trapezoidArea(pr.recall, pr.precision)!;
}

/** yTrue and yScore as an n × k indicator matrix and score matrix. */
interface Indicator {
  y: Uint8Array;
  s: Float64Array;
  rows: number;
  cols: number;
  w: Float64Array | undefined;
  classes: Float64Array | undefined;
}

function readMultilabel(fn: string, yTrue: MatrixLike, yScore: VectorLike | MatrixLike, sampleWeight: VectorLike | undefined): Indicator {
  const yt = readMatrix(fn, 'yTrue', yTrue);
  for (let i = 0; i < yt.data.length; i++) {
    const v = yt.data[i]!;
    if (v !== 0 && v !== 1) throw invalidArgument(fn, 'yTrue', 'a vector of labels or a 0/1 indicator matrix', v, `at row ${Math.floor(i / yt.cols)}, column ${i % yt.cols}`);
  }
  const s = readVectorOrMatrix(fn, 'yScore', yScore);
  if (!s.matrix || s.cols !== yt.cols) {
    throw new ShapeError(`${fn}: argument "yScore" must be a matrix with the ${yt.cols} columns of the indicator matrix yTrue; got ${s.matrix ? `${s.cols} columns` : 'a vector'}.`);
  }
  checkSameLength(fn, [['yTrue', yt.rows], ['yScore', s.rows]]);
  const w = readWeights(fn, sampleWeight, yt.rows);
  checkPositiveTotal(fn, w);
  return { y: Uint8Array.from(yt.data), s: s.data, rows: yt.rows, cols: yt.cols, w, classes: undefined };
}

/** Resolve the classes naming the columns of a score matrix, and one-hot encode yTrue. */
function oneVsRest(fn: string, t: Float64Array, s: Scores, labels: Float64Array | undefined, given: readonly number[] | undefined): { y: Uint8Array; classes: Float64Array } {
  let classes: Float64Array;
  if (labels !== undefined) {
    checkSortedLabels(fn, labels, given ?? []);
    checkColumns(fn, 'yScore', s, labels.length, 'from option "labels"');
    classes = labels;
  } else {
    classes = uniqueSorted(t);
    checkColumns(fn, 'yScore', s, classes.length, `the labels in yTrue ${listLabels(classes)}; pass option "labels" to name the columns`);
  }
  const index = labelIndex(classes);
  checkInLabels(fn, 'yTrue', t, index, classes);
  const k = classes.length;
  const y = new Uint8Array(t.length * k);
  for (let i = 0; i < t.length; i++) y[i * k + index.get(t[i]!)!] = 1;
  return { y, classes };
}

function checkRowsSumToOne(fn: string, s: Scores): void {
  for (let r = 0; r < s.rows; r++) {
    let sum = 0;
    for (let c = 0; c < s.cols; c++) sum += s.data[r * s.cols + c]!;
    // numpy's allclose(1, sum): |1 - sum| <= 1e-8 + 1e-5 |sum|.
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw invalidArgument(fn, 'yScore', 'a matrix of probabilities whose rows sum to 1 for multiclass ROC AUC', sum, `row ${r} sums to it`);
    }
  }
}

const rocMetric = (maxFpr: number | undefined): BinaryMetric => (isPos, score, w) => binaryRocAuc(isPos, score, w, maxFpr);

function checkTwoClasses(fn: string, classes: Float64Array | undefined): (column: number, isPos: Uint8Array) => void {
  return (column, isPos) => {
    let pos = 0;
    for (let i = 0; i < isPos.length; i++) pos += isPos[i]!;
    if (pos === 0 || pos === isPos.length) {
      const what = column < 0 ? 'the micro average' : classes === undefined ? `column ${column}` : `the one-vs-rest column of class ${classes[column]}`;
      throw new InvalidArgumentError(`${fn}: only one class present in y_true for ${what} (${pos === 0 ? 'no positive row' : 'no negative row'}); ROC AUC is not defined in that case.`);
    }
  };
}

function undefinedAfterWeights(fn: string): InvalidArgumentError {
  return new InvalidArgumentError(`${fn}: ROC AUC is not defined here: once rows of weight 0 are dropped, only one class is left in y_true.`);
}

function finish<A>(fn: string, result: number | Float64Array, average: RankingAverage): AveragedScore<A> {
  const values = typeof result === 'number' ? [result] : Array.from(result);
  if (values.some(Number.isNaN)) throw undefinedAfterWeights(fn);
  return (average === 'none' ? values : values[0]!) as AveragedScore<A>;
}

/**
 * Area under the ROC curve: the probability that a random positive row scores above a random
 * negative one (ties count half). Binary (a score vector, the greater label positive),
 * multiclass (a probability matrix, one-vs-rest or one-vs-one) or multilabel (a 0/1 indicator
 * matrix `yTrue` with a score matrix).
 *
 * @typeParam A - the `average` given, which decides the result type.
 * @param yTrue - true labels (a vector), or a 0/1 indicator matrix for multilabel data.
 * @param yScore - binary: one score per row for the greater label (any finite numbers);
 *   multiclass: one column per class in sorted label order (or `labels` order), rows of
 *   probabilities summing to 1; multilabel: one score column per indicator column.
 * @param options - see {@link RocAucOptions}.
 * @returns the AUC in [0, 1], or with `average: 'none'` one AUC per class.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when `yTrue` (or a one-vs-rest column)
 *   holds only one class ("only one class present in y_true"), for bad inputs or options,
 *   multiclass rows that are not probabilities summing to 1, `maxFpr` with multiclass scores;
 *   {@link "whetstone/core"!ShapeError} when lengths or column counts do not match.
 * @example
 * ```ts
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * rocAucScore([0, 1, 2], [[0.8, 0.1, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6]]); // 1
 * ```
 * @see scikit-learn's `sklearn.metrics.roc_auc_score` (1.2); Hand & Till, "A simple
 *   generalisation of the area under the ROC curve for multiple class classification problems",
 *   Machine Learning 45, 2001 (`'ovo'`); McClish, "Analyzing a portion of the ROC curve", 1989.
 */
export function rocAucScore<A extends RankingAverage = 'macro'>(
  yTrue: VectorLike | MatrixLike,
  yScore: VectorLike | MatrixLike,
  options?: RocAucOptions<A>,
): AveragedScore<A> {
  const fn = 'rocAucScore';
  checkOptions(fn, options, {
    average: is.oneOf(RANKING_AVERAGES),
    multiClass: is.oneOf(['ovr', 'ovo'] as const),
    labels: labelsOption,
    sampleWeight: vectorOption,
    maxFpr: is.number({ min: 0, minExclusive: true, max: 1 }),
  });
  const average: RankingAverage = options?.average ?? 'macro';
  const maxFpr = options?.maxFpr;
  const labels = readLabelsOption(fn, options?.labels);

  if (isMatrixInput(yTrue)) {
    if (labels !== undefined) throw invalidOption(fn, 'labels', 'left unset for an indicator matrix yTrue (its columns are the classes)', options?.labels);
    const ind = readMultilabel(fn, yTrue as MatrixLike, yScore, options?.sampleWeight);
    const result = averageBinaryScore(rocMetric(maxFpr), ind.y, ind.s, ind.rows, ind.cols, ind.w, average, checkTwoClasses(fn, undefined));
    return finish<A>(fn, result, average);
  }

  const t = readVector(fn, 'yTrue', yTrue as VectorLike);
  const s = readVectorOrMatrix(fn, 'yScore', yScore);
  checkSameLength(fn, [['yTrue', t.length], ['yScore', s.rows]]);
  const w = readWeights(fn, options?.sampleWeight, t.length);
  checkPositiveTotal(fn, w);

  if (!s.matrix) {
    if (labels !== undefined) throw invalidOption(fn, 'labels', 'left unset for a score vector (the greater label is the positive class)', options?.labels);
    const classes = uniqueSorted(t);
    if (classes.length === 1) throw oneClassError(fn, classes[0]!, 'ROC AUC');
    if (classes.length > 2) {
      throw new ShapeError(`${fn}: argument "yScore" must be a matrix with one column per class when yTrue has ${classes.length} classes ${listLabels(classes)}; got a vector.`);
    }
    const auc = binaryRocAuc(positives(t, classes[1]!), s.data, w, maxFpr);
    return finish<A>(fn, auc, average);
  }

  // Multiclass, in scikit-learn's order of checks.
  if (maxFpr !== undefined && maxFpr !== 1) {
    throw invalidOption(fn, 'maxFpr', 'left unset (or 1) for multiclass scores', maxFpr, 'partial AUC is only defined for binary and multilabel data');
  }
  checkProbabilities(fn, 'yScore', s);
  checkRowsSumToOne(fn, s);
  const multiClass = options?.multiClass ?? 'ovr';
  if (multiClass === 'ovo') {
    if (average !== 'macro' && average !== 'weighted') throw invalidOption(fn, 'average', "'macro' or 'weighted' with multiClass 'ovo'", average);
    if (w !== undefined) throw invalidOption(fn, 'sampleWeight', "left unset with multiClass 'ovo'", options?.sampleWeight, 'as in scikit-learn, the one-vs-one average takes no weights');
  }
  const { y, classes } = oneVsRest(fn, t, s, labels, options?.labels);
  if (multiClass === 'ovo') return oneVsOne(fn, y, s.data, t.length, classes.length, average) as AveragedScore<A>;
  const result = averageBinaryScore(rocMetric(undefined), y, s.data, t.length, classes.length, w, average as ColumnAverage, checkTwoClasses(fn, classes));
  return finish<A>(fn, result, average);
}

/** Hand & Till's one-vs-one AUC, as scikit-learn's `_average_multiclass_ovo_score`. */
function oneVsOne(fn: string, y: Uint8Array, s: Float64Array, rows: number, k: number, average: RankingAverage): number {
  const trueClass = new Int32Array(rows);
  const present: number[] = [];
  const seen = new Uint8Array(k);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < k; c++) if (y[r * k + c]) trueClass[r] = c;
    seen[trueClass[r]!] = 1;
  }
  for (let c = 0; c < k; c++) if (seen[c]) present.push(c);
  if (present.length < 2) throw oneClassError(fn, present[0]!, 'one-vs-one ROC AUC');
  const pairScores: number[] = [];
  const prevalence: number[] = [];
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const a = present[i]!;
      const b = present[j]!;
      const idx: number[] = [];
      for (let r = 0; r < rows; r++) if (trueClass[r] === a || trueClass[r] === b) idx.push(r);
      const aTrue = Uint8Array.from(idx, (r) => (trueClass[r] === a ? 1 : 0));
      const bTrue = Uint8Array.from(idx, (r) => (trueClass[r] === b ? 1 : 0));
      const aScore = Float64Array.from(idx, (r) => s[r * k + a]!);
      const bScore = Float64Array.from(idx, (r) => s[r * k + b]!);
      pairScores.push((binaryRocAuc(aTrue, aScore, undefined, undefined) + binaryRocAuc(bTrue, bScore, undefined, undefined)) / 2);
      prevalence.push(idx.length / rows);
    }
  }
  return average === 'weighted' ? weightedAverage(pairScores, prevalence) : mean(pairScores);
}

/**
 * Average precision: the precision–recall curve summarized as `Σ (R_n − R_{n−1}) P_n`, the mean
 * of the precisions at each threshold weighted by the recall gained there (no interpolation).
 * Binary (score vector), multiclass one-vs-rest (score matrix with a label vector, as
 * scikit-learn 1.3+; 1.2 rejects it) or multilabel (indicator matrix `yTrue`).
 *
 * @typeParam A - the `average` given, which decides the result type.
 * @param yTrue - true labels (a vector), or a 0/1 indicator matrix for multilabel data.
 * @param yScore - binary: one score per row for `posLabel`; otherwise a score matrix with one
 *   column per class (sorted label order, or `labels` order).
 * @param options - see {@link AveragePrecisionOptions}.
 * @returns the AP in [0, 1], or with `average: 'none'` one AP per class. A class with no
 *   positive row scores 0 (scikit-learn warns).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad inputs or options, or a
 *   `posLabel` that is not one of the two labels of `yTrue`; {@link "whetstone/core"!ShapeError}
 *   when lengths or column counts do not match.
 * @example
 * ```ts
 * averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333…
 * ```
 * @see scikit-learn's `sklearn.metrics.average_precision_score` (1.2); Zhu, "Recall, precision
 *   and average precision", 2004.
 */
export function averagePrecisionScore<A extends RankingAverage = 'macro'>(
  yTrue: VectorLike | MatrixLike,
  yScore: VectorLike | MatrixLike,
  options?: AveragePrecisionOptions<A>,
): AveragedScore<A> {
  const fn = 'averagePrecisionScore';
  checkOptions(fn, options, { average: is.oneOf(RANKING_AVERAGES), posLabel: is.number(), labels: labelsOption, sampleWeight: vectorOption });
  const average: RankingAverage = options?.average ?? 'macro';
  const labels = readLabelsOption(fn, options?.labels);
  const posLabel = options?.posLabel;
  const noCheck = (): void => undefined;
  const fixedPosLabel = (what: string): void => {
    if (posLabel !== undefined && posLabel !== 1) throw invalidOption(fn, 'posLabel', `left unset (or 1) for ${what}`, posLabel);
  };

  if (isMatrixInput(yTrue)) {
    fixedPosLabel('an indicator matrix yTrue');
    if (labels !== undefined) throw invalidOption(fn, 'labels', 'left unset for an indicator matrix yTrue (its columns are the classes)', options?.labels);
    const ind = readMultilabel(fn, yTrue as MatrixLike, yScore, options?.sampleWeight);
    return finish<A>(fn, averageBinaryScore(binaryAveragePrecision, ind.y, ind.s, ind.rows, ind.cols, ind.w, average, noCheck), average);
  }

  const t = readVector(fn, 'yTrue', yTrue as VectorLike);
  const s = readVectorOrMatrix(fn, 'yScore', yScore);
  checkSameLength(fn, [['yTrue', t.length], ['yScore', s.rows]]);
  const w = readWeights(fn, options?.sampleWeight, t.length);
  checkPositiveTotal(fn, w);

  if (!s.matrix) {
    if (labels !== undefined) throw invalidOption(fn, 'labels', 'left unset for a score vector (posLabel names the positive class)', options?.labels);
    const classes = uniqueSorted(t);
    if (classes.length > 2) {
      throw new ShapeError(`${fn}: argument "yScore" must be a matrix with one column per class when yTrue has ${classes.length} classes ${listLabels(classes)}; got a vector.`);
    }
    const pos = posLabel ?? 1;
    if (classes.length === 2 && !classes.includes(pos)) throw invalidOption(fn, 'posLabel', `one of the labels in yTrue ${listLabels(classes)}`, pos);
    return finish<A>(fn, binaryAveragePrecision(positives(t, pos), s.data, w), average);
  }
  fixedPosLabel('a score matrix (one-vs-rest)');
  const { y, classes } = oneVsRest(fn, t, s, labels, options?.labels);
  return finish<A>(fn, averageBinaryScore(binaryAveragePrecision, y, s.data, t.length, classes.length, w, average, noCheck), average);
}
