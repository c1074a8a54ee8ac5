// Reliability curves and binned calibration errors (ECE, MCE), computed on the CPU in float64.
import { checkOptions, is } from '../core/index.js';
import type { MatrixLike, VectorLike } from '../core/index.js';
import { binnedCurve, binnedError } from './_internal/binning.js';
import type { ErrorNorm } from './_internal/binning.js';
import { isMatrixInput, readBinary, readMulticlass, topLabel } from './_internal/reliability-inputs.js';

/** How bin edges are placed: `'uniform'` (equal widths over [0, 1]) or `'quantile'` (equal counts). */
export type ReliabilityStrategy = 'uniform' | 'quantile';

/** Options of {@link reliabilityCurve}. */
export interface ReliabilityCurveOptions {
  /** Number of bins, an integer >= 1 (default 5, scikit-learn's `n_bins`). Empty bins are dropped from the result. */
  readonly bins?: number;
  /**
   * `'uniform'` (default): edges `0, 1/bins, …, 1`. `'quantile'`: edges at the quantiles of
   * `yProb` (numpy's linear percentiles), so bins hold about as many rows each; tied
   * probabilities can make edges coincide, and the bins between them come out empty.
   */
  readonly strategy?: ReliabilityStrategy;
  /**
   * One non-negative weight per row (default: all 1). scikit-learn 1.2 has no weights: here each
   * bin's averages become weighted averages and `counts` the total weight per bin, so integer
   * weights give the curve of the data with each row repeated that many times. Quantile edges
   * are computed from `yProb` alone (weights do not move them). A bin whose total weight is 0 is
   * dropped as an empty one.
   */
  readonly sampleWeight?: VectorLike;
  /**
   * The label of the positive class. Default 1, allowed only when `yTrue` takes values in
   * {0, 1} or {-1, 1} (as scikit-learn); otherwise it must be given, and must be one of the two
   * labels.
   */
  readonly posLabel?: number;
}

/** A reliability (calibration) curve as returned by {@link reliabilityCurve}: one entry per non-empty bin. */
export interface ReliabilityCurve {
  /** Fraction of positive rows in each non-empty bin (scikit-learn's `prob_true`). */
  readonly probTrue: number[];
  /** Mean predicted probability in each non-empty bin (scikit-learn's `prob_pred`). */
  readonly probPred: number[];
  /** Rows in each non-empty bin (total weight when `sampleWeight` is given). */
  readonly counts: number[];
  /** All `bins + 1` edges, empty bins included; bin `i` spans `binEdges[i]` to `binEdges[i + 1]`. */
  readonly binEdges: number[];
  /** For each entry of the curve, the index of its bin in `binEdges`. */
  readonly binIndices: number[];
}

/** Options of {@link expectedCalibrationError}. */
export interface CalibrationErrorOptions {
  /** Number of bins, an integer >= 1 (default 15, as Guo et al. 2017). */
  readonly bins?: number;
  /** `'uniform'` (default) or `'quantile'` edges, as in {@link ReliabilityCurveOptions.strategy}, over the confidences. */
  readonly strategy?: ReliabilityStrategy;
  /**
   * How the per-bin gaps |accuracy − confidence| are combined: `'l1'` (default, the ECE: their
   * mean weighted by the share of rows in each bin), `'l2'` (the square root of the weighted
   * mean of squared gaps, Kumar et al. 2019's ℓ2 calibration error) or `'max'` (the largest gap
   * over non-empty bins, the MCE).
   */
  readonly norm?: 'l1' | 'l2' | 'max';
  /**
   * Multiclass only: average the one-vs-rest calibration errors of every class (each class's
   * probability column binned against "is this class"), Kull et al. 2019's class-wise ECE,
   * instead of the top-label error (default `false`). For a binary vector, the two columns are
   * `1 − p` and `p`.
   */
  readonly classwise?: boolean;
  /** One non-negative weight per row (default: all 1); bins are then weighted by total weight. */
  readonly sampleWeight?: VectorLike;
  /** Binary vector input only: the positive class, as in {@link ReliabilityCurveOptions.posLabel}. */
  readonly posLabel?: number;
  /**
   * Matrix input only: all the classes, sorted ascending, naming the columns of `yProb`
   * (default: the labels in `yTrue`). Needed when `yTrue` lacks a class that has a column.
   */
  readonly labels?: readonly number[];
}

/** Options of {@link maxCalibrationError}: those of {@link expectedCalibrationError} but `norm`. */
export type MaxCalibrationErrorOptions = Omit<CalibrationErrorOptions, 'norm'>;

const binsOption = is.integer({ min: 1, max: 1e6 });
const strategyOption = is.oneOf(['uniform', 'quantile'] as const);
const labelsOption = is.arrayOf(is.number(), { minLength: 2 });

/**
 * The calibration curve of a binary classifier: bin the predicted probabilities of the positive
 * class, and in each non-empty bin compare the mean prediction with the observed fraction of
 * positives. A calibrated model's points lie on the diagonal. Identical to scikit-learn 1.2's
 * `calibration_curve`: a probability lying exactly on an inner edge belongs to the bin below it
 * (bins are (lo, hi], the first is [0, hi]), and empty bins are dropped.
 *
 * @param yTrue - true labels, at most two distinct values.
 * @param yProb - predicted probability of the positive class for each row, in [0, 1].
 * @param options - see {@link ReliabilityCurveOptions}.
 * @returns `{ probTrue, probPred, counts, binIndices }` (one entry per non-empty bin, in
 *   increasing order of probability) and all the `binEdges`, as plain arrays.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for probabilities outside [0, 1], NaN or
 *   infinite values, more than two labels, labels other than {0, 1} or {-1, 1} without
 *   `posLabel`, empty inputs, bad options; {@link "whetstone/core"!ShapeError} when lengths differ.
 * @example
 * ```ts
 * reliabilityCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], { bins: 3 });
 * // probTrue [0, 0.5, 1], probPred [0.2, 0.525, 0.85], counts [3, 2, 4]
 * ```
 * @see scikit-learn's `sklearn.calibration.calibration_curve` (1.2); A. Niculescu-Mizil and
 *   R. Caruana, "Predicting good probabilities with supervised learning", ICML 2005.
 */
export function reliabilityCurve(yTrue: VectorLike, yProb: VectorLike, options?: ReliabilityCurveOptions): ReliabilityCurve {
  const fn = 'reliabilityCurve';
  checkOptions(fn, options, { bins: binsOption, strategy: strategyOption, sampleWeight: is.vector(), posLabel: is.number() });
  const bins = options?.bins ?? 5;
  const strategy = options?.strategy ?? 'uniform';
  const { p, w, outcome } = readBinary(fn, yTrue, yProb, options);
  const c = binnedCurve(p, outcome, w, bins, strategy);
  return { probTrue: c.probTrue, probPred: c.probPred, counts: c.counts, binEdges: Array.from(c.edges), binIndices: c.binIndices };
}

const errorSpec = {
  bins: binsOption,
  strategy: strategyOption,
  classwise: is.boolean(),
  sampleWeight: is.vector(),
  posLabel: is.number(),
  labels: labelsOption,
};

function calibrationError(fn: string, yTrue: VectorLike, yProb: VectorLike | MatrixLike, options: CalibrationErrorOptions | undefined, norm: ErrorNorm): number {
  const bins = options?.bins ?? 15;
  const strategy = options?.strategy ?? 'uniform';
  const classwise = options?.classwise ?? false;
  if (!isMatrixInput(yProb)) {
    const { p, w, outcome } = readBinary(fn, yTrue, yProb as VectorLike, options);
    if (!classwise) return binnedError(p, outcome, w, bins, strategy, norm);
    const q = new Float64Array(p.length);
    const notOutcome = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) {
      q[i] = 1 - p[i]!;
      notOutcome[i] = 1 - outcome[i]!;
    }
    return (binnedError(q, notOutcome, w, bins, strategy, norm) + binnedError(p, outcome, w, bins, strategy, norm)) / 2;
  }
  const m = readMulticlass(fn, yTrue, yProb as MatrixLike, options);
  if (!classwise) {
    const { confidence, correct } = topLabel(m);
    return binnedError(confidence, correct, m.w, bins, strategy, norm);
  }
  const { probs, rows, k, label } = m;
  const p = new Float64Array(rows);
  const o = new Float64Array(rows);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < rows; i++) {
      p[i] = probs[i * k + c]!;
      o[i] = label[i] === c ? 1 : 0;
    }
    sum += binnedError(p, o, m.w, bins, strategy, norm);
  }
  return sum / k;
}

/**
 * Expected calibration error: bin the predictions by confidence and average, weighted by the
 * share of rows in each bin, the gap between accuracy and mean confidence,
 * `Σ_b |B_b|/n · |acc(B_b) − conf(B_b)|` (Guo et al. 2017). 0 for a perfectly calibrated model.
 *
 * - Binary (`yProb` a vector of probabilities of the positive class): each bin compares the mean
 *   probability with the fraction of positives, i.e. the count-weighted distance of the
 *   {@link reliabilityCurve} from the diagonal.
 * - Multiclass (`yProb` a matrix, one column per class in sorted label order, rows summing to 1):
 *   the confidence is the row's largest probability and a row is accurate when that column
 *   (the first, on ties) is its label — the top-label ECE of Guo et al.; with `classwise`, the
 *   mean over classes of the one-vs-rest errors (Kull et al. 2019).
 *
 * Bins follow {@link reliabilityCurve}: uniform bins are (lo, hi] as in Guo et al.'s reference
 * code, except that the first bin also holds 0; empty bins contribute nothing.
 *
 * @param yTrue - true labels.
 * @param yProb - a vector (binary) or a matrix (multiclass) of probabilities in [0, 1].
 * @param options - see {@link CalibrationErrorOptions}.
 * @returns the error, in [0, 1].
 * @throws {@link "whetstone/core"!InvalidArgumentError} for probabilities outside [0, 1], NaN or
 *   infinite values, matrix rows not summing to 1, binary labels other than {0, 1} or {-1, 1}
 *   without `posLabel`, labels missing from `labels`, empty inputs or bad options;
 *   {@link "whetstone/core"!ShapeError} when lengths or the number of columns do not match.
 * @example
 * ```ts
 * expectedCalibrationError([0, 1, 1, 1], [0.2, 0.6, 0.7, 0.9], { bins: 2 });
 * // bin [0, 0.5]: conf 0.2, acc 0; bin (0.5, 1]: conf 0.7333…, acc 1 → 0.25·0.2 + 0.75·0.2667 = 0.25
 * // Top label: confidences 0.8 (right), 0.4 (right), 0.6 (wrong), each alone in its bin.
 * expectedCalibrationError([0, 2, 1], [[0.8, 0.1, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]]); // (0.2 + 0.6 + 0.6) / 3 = 0.4666…
 * ```
 * @see C. Guo, G. Pleiss, Y. Sun and K. Q. Weinberger, "On calibration of modern neural
 *   networks", ICML 2017; M. P. Naeini, G. Cooper and M. Hauskrecht, "Obtaining well calibrated
 *   probabilities using Bayesian binning", AAAI 2015; M. Kull et al., "Beyond temperature
 *   scaling", NeurIPS 2019 (class-wise ECE).
 */
export function expectedCalibrationError(yTrue: VectorLike, yProb: VectorLike | MatrixLike, options?: CalibrationErrorOptions): number {
  const fn = 'expectedCalibrationError';
  checkOptions(fn, options, { ...errorSpec, norm: is.oneOf(['l1', 'l2', 'max'] as const) });
  return calibrationError(fn, yTrue, yProb, options, options?.norm ?? 'l1');
}

/**
 * Maximum calibration error: the largest gap |accuracy − mean confidence| over the non-empty
 * bins, the worst-case deviation from perfect calibration (Naeini et al. 2015). Same inputs,
 * bins and conventions as {@link expectedCalibrationError} (it is that function with
 * `norm: 'max'`); a bin with a single row counts as much as a full one, so prefer few bins on
 * small data.
 *
 * @param yTrue - true labels.
 * @param yProb - a vector (binary) or a matrix (multiclass) of probabilities in [0, 1].
 * @param options - see {@link MaxCalibrationErrorOptions}.
 * @returns the error, in [0, 1].
 * @throws as {@link expectedCalibrationError}.
 * @example
 * ```ts
 * maxCalibrationError([0, 1, 1, 1], [0.2, 0.6, 0.7, 0.9], { bins: 2 }); // 0.2666…
 * ```
 * @see M. P. Naeini, G. Cooper and M. Hauskrecht, "Obtaining well calibrated probabilities using
 *   Bayesian binning", AAAI 2015; Guo et al., ICML 2017.
 */
export function maxCalibrationError(yTrue: VectorLike, yProb: VectorLike | MatrixLike, options?: MaxCalibrationErrorOptions): number {
  const fn = 'maxCalibrationError';
  checkOptions(fn, options, errorSpec);
  return calibrationError(fn, yTrue, yProb, options, 'max');
}
