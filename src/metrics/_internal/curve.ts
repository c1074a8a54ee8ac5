// Threshold curves and the binary ranking metrics built on them, step for step as scikit-learn
// 1.2's sklearn/metrics/_ranking.py (`_binary_clf_curve`, `roc_curve`, `precision_recall_curve`,
// `_binary_roc_auc_score`, `average_precision_score`) and `_base._average_binary_score`, so that
// ties, zero weights and floating-point rounding come out the same.
import { argsortStable } from './argsort.js';
import { mean, pairwiseSum, searchSortedRight, trapezoidArea, weightedAverage } from './numeric.js';

/** Cumulative false and true positives at each distinct score, from the highest score down. */
export interface ClfCurve {
  /** Cumulative (weighted) false positives. */
  readonly fps: Float64Array;
  /** Cumulative (weighted) true positives. */
  readonly tps: Float64Array;
  /** The distinct scores, decreasing. */
  readonly thresholds: Float64Array;
}

/**
 * scikit-learn's `_binary_clf_curve`: rows of zero weight are dropped first; scores are sorted
 * with a stable ascending sort then read backwards (so tied rows are visited in reverse input
 * order, which fixes the rounding of weighted cumulative sums exactly as numpy's).
 */
export function binaryClfCurve(isPos: Uint8Array, score: Float64Array, weight: Float64Array | undefined): ClfCurve {
  let pos = isPos;
  let s = score;
  let w = weight;
  if (w !== undefined) {
    let keep = 0;
    for (let i = 0; i < w.length; i++) if (w[i] !== 0) keep++;
    if (keep < w.length) {
      const p2 = new Uint8Array(keep);
      const s2 = new Float64Array(keep);
      const w2 = new Float64Array(keep);
      let j = 0;
      for (let i = 0; i < w.length; i++) {
        if (w[i] !== 0) {
          p2[j] = pos[i]!;
          s2[j] = s[i]!;
          w2[j] = w[i]!;
          j++;
        }
      }
      pos = p2;
      s = s2;
      w = w2;
    }
  }
  const n = s.length;
  const order = argsortStable(s);
  const fps = new Float64Array(n);
  const tps = new Float64Array(n);
  const thresholds = new Float64Array(n);
  let m = 0;
  let tpAcc = 0;
  let fpAcc = 0;
  let prev = 0;
  // A point is emitted when the score changes, before the new row is added: sklearn's
  // `threshold_idxs`, the last index of each run of tied scores.
  const emit = (last: number): void => {
    tps[m] = tpAcc;
    // Unweighted, sklearn derives fps from the index rather than summing.
    fps[m] = w === undefined ? 1 + last - tpAcc : fpAcc;
    thresholds[m] = prev;
    m++;
  };
  for (let k = 0; k < n; k++) {
    const i = order[n - 1 - k]!;
    const v = s[i]!;
    if (k > 0 && v !== prev) emit(k - 1);
    if (w === undefined) {
      tpAcc += pos[i]!;
    } else {
      tpAcc += pos[i] ? w[i]! : 0;
      fpAcc += pos[i] ? 0 : w[i]!;
    }
    prev = v;
  }
  if (n > 0) emit(n - 1);
  return { fps: fps.subarray(0, m), tps: tps.subarray(0, m), thresholds: thresholds.subarray(0, m) };
}

/** A ROC curve, possibly with NaN rates when a class is missing (the caller decides what to do). */
export interface Roc {
  /** False positive rates, increasing from 0. */
  readonly fpr: Float64Array;
  /** True positive rates, increasing from 0. */
  readonly tpr: Float64Array;
  /** Thresholds, decreasing; the first is the highest score + 1 (sklearn 1.2). */
  readonly thresholds: Float64Array;
  /** Total (weighted) negatives; 0 means `fpr` is undefined. */
  readonly negatives: number;
  /** Total (weighted) positives; 0 means `tpr` is undefined. */
  readonly positives: number;
}

/** scikit-learn 1.2's `roc_curve` from a {@link ClfCurve}. */
export function rocFromCurve(curve: ClfCurve, dropIntermediate: boolean): Roc {
  let { fps, tps, thresholds } = curve;
  const len = fps.length;
  if (dropIntermediate && len > 2) {
    // Keep the ends and every corner: a point is dropped only if its second differences in
    // both fps and tps are exactly zero (np.diff(x, 2), computed as a difference of differences).
    const f2 = new Float64Array(len);
    const t2 = new Float64Array(len);
    const th2 = new Float64Array(len);
    let kept = 0;
    for (let i = 0; i < len; i++) {
      if (i > 0 && i < len - 1) {
        const d2f = fps[i + 1]! - fps[i]! - (fps[i]! - fps[i - 1]!);
        const d2t = tps[i + 1]! - tps[i]! - (tps[i]! - tps[i - 1]!);
        if (d2f === 0 && d2t === 0) continue;
      }
      f2[kept] = fps[i]!;
      t2[kept] = tps[i]!;
      th2[kept] = thresholds[i]!;
      kept++;
    }
    fps = f2.subarray(0, kept);
    tps = t2.subarray(0, kept);
    thresholds = th2.subarray(0, kept);
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thr = new Float64Array(m);
  const negatives = fps[fps.length - 1]!;
  const positives = tps[tps.length - 1]!;
  thr[0] = thresholds[0]! + 1;
  for (let i = 1; i < m; i++) {
    fpr[i] = fps[i - 1]! / negatives;
    tpr[i] = tps[i - 1]! / positives;
    thr[i] = thresholds[i - 1]!;
  }
  if (!(negatives > 0)) fpr.fill(Number.NaN);
  if (!(positives > 0)) tpr.fill(Number.NaN);
  return { fpr, tpr, thresholds: thr, negatives, positives };
}

/** A precision–recall curve (sklearn 1.2's `precision_recall_curve`). */
export interface PrCurve {
  /** Precision at each threshold, then a final 1. */
  readonly precision: Float64Array;
  /** Recall at each threshold (decreasing), then a final 0. */
  readonly recall: Float64Array;
  /** The distinct scores, increasing. */
  readonly thresholds: Float64Array;
}

/** scikit-learn 1.2's `precision_recall_curve` from a {@link ClfCurve} (no point is dropped in 1.2). */
export function prFromCurve(curve: ClfCurve): PrCurve {
  const { fps, tps, thresholds } = curve;
  const n = tps.length;
  const total = tps[n - 1]!;
  const precision = new Float64Array(n + 1);
  const recall = new Float64Array(n + 1);
  const thr = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = n - 1 - k;
    const ps = tps[i]! + fps[i]!;
    precision[k] = ps !== 0 ? tps[i]! / ps : 0;
    // No positive at all: sklearn sets recall to 1 everywhere (with a warning).
    recall[k] = total === 0 ? 1 : tps[i]! / total;
    thr[k] = thresholds[i]!;
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds: thr };
}

/**
 * Binary ROC AUC, optionally standardized partial AUC up to `maxFpr` (McClish 1989). NaN when
 * a class disappears once zero-weight rows are dropped (the caller reports that).
 */
export function binaryRocAuc(isPos: Uint8Array, score: Float64Array, w: Float64Array | undefined, maxFpr: number | undefined): number {
  const roc = rocFromCurve(binaryClfCurve(isPos, score, w), true);
  if (!(roc.negatives > 0) || !(roc.positives > 0)) return Number.NaN;
  const { fpr, tpr } = roc;
  if (maxFpr === undefined || maxFpr === 1) return trapezoidArea(fpr, tpr)!;
  const stop = searchSortedRight(fpr, maxFpr);
  const x0 = fpr[stop - 1]!;
  const x1 = fpr[stop]!;
  const y0 = tpr[stop - 1]!;
  const y1 = tpr[stop]!;
  // numpy's interp between two points: slope * (x - x0) + y0.
  const yAt = ((y1 - y0) / (x1 - x0)) * (maxFpr - x0) + y0;
  const px = new Float64Array(stop + 1);
  const py = new Float64Array(stop + 1);
  px.set(fpr.subarray(0, stop));
  py.set(tpr.subarray(0, stop));
  px[stop] = maxFpr;
  py[stop] = yAt;
  const partial = trapezoidArea(px, py)!;
  const minArea = 0.5 * maxFpr ** 2;
  const maxArea = maxFpr;
  return 0.5 * (1 + (partial - minArea) / (maxArea - minArea));
}

/** sklearn's step-wise average precision, `Σ (R_n − R_{n−1}) P_n`, from the PR curve. */
export function binaryAveragePrecision(isPos: Uint8Array, score: Float64Array, w: Float64Array | undefined): number {
  const { precision, recall } = prFromCurve(binaryClfCurve(isPos, score, w));
  const terms = new Float64Array(recall.length - 1);
  for (let i = 0; i < terms.length; i++) terms[i] = (recall[i + 1]! - recall[i]!) * precision[i]!;
  return -pairwiseSum(terms);
}

/** A binary metric on one column: positives, scores, weights. */
export type BinaryMetric = (isPos: Uint8Array, score: Float64Array, w: Float64Array | undefined) => number;

/** Averages over the columns of an indicator matrix (scikit-learn's `_average_binary_score`). */
export type ColumnAverage = 'micro' | 'macro' | 'weighted' | 'none';

/**
 * scikit-learn's `_average_binary_score` for an n × k indicator matrix `y` and score matrix `s`
 * (row-major): the binary metric per column, then averaged. `checkColumn` runs before each
 * column's metric (to raise scikit-learn's errors, e.g. one class in a column).
 */
export function averageBinaryScore(
  metric: BinaryMetric,
  y: Uint8Array,
  s: Float64Array,
  rows: number,
  cols: number,
  w: Float64Array | undefined,
  average: ColumnAverage,
  checkColumn: (column: number, isPos: Uint8Array) => void,
): number | Float64Array {
  if (average === 'micro') {
    let wr: Float64Array | undefined;
    if (w !== undefined) {
      wr = new Float64Array(rows * cols);
      for (let r = 0; r < rows; r++) wr.fill(w[r]!, r * cols, (r + 1) * cols);
    }
    checkColumn(-1, y);
    return metric(y, s, wr);
  }
  let averageWeight: Float64Array | undefined;
  if (average === 'weighted') {
    averageWeight = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) averageWeight[c] = averageWeight[c]! + y[r * cols + c]! * (w === undefined ? 1 : w[r]!);
    }
    if (Math.abs(pairwiseSum(averageWeight)) <= 1e-8) return 0;
  }
  const scores = new Float64Array(cols);
  const yc = new Uint8Array(rows);
  const sc = new Float64Array(rows);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) {
      yc[r] = y[r * cols + c]!;
      sc[r] = s[r * cols + c]!;
    }
    checkColumn(c, yc);
    scores[c] = metric(yc, sc, w);
  }
  if (average === 'none') return scores;
  if (averageWeight !== undefined) {
    for (let c = 0; c < cols; c++) if (averageWeight[c] === 0) scores[c] = 0;
    return weightedAverage(scores, averageWeight);
  }
  return mean(scores);
}
