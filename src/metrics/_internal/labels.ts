// Reading a pair of label vectors (and weights), and the per-label counts that precision, recall,
// F-scores and per-class accuracy are built from (scikit-learn's multilabel_confusion_matrix).
import { checkSameLength } from '../../core/index.js';
import type { VectorLike } from '../../core/index.js';
import { labelIndex, readVector, readWeights } from './inputs.js';

/** Two label vectors of the same length, and optional weights. */
export interface LabelPair {
  readonly t: Float64Array;
  readonly p: Float64Array;
  readonly w: Float64Array | undefined;
}

/** Read and check `yTrue`, `yPred` (or other names) and `sampleWeight`. */
export function readLabelPair(
  fn: string,
  yTrue: VectorLike,
  yPred: VectorLike,
  sampleWeight: VectorLike | undefined,
  names: readonly [string, string] = ['yTrue', 'yPred'],
): LabelPair {
  const t = readVector(fn, names[0], yTrue);
  const p = readVector(fn, names[1], yPred);
  checkSameLength(fn, [[names[0], t.length], [names[1], p.length]]);
  const w = readWeights(fn, sampleWeight, t.length, names[0]);
  return { t, p, w };
}

/** Per-label weighted counts, in the order of the labels asked for. */
export interface LabelCounts {
  /** Weight of rows predicted correctly as this label. */
  readonly tp: Float64Array;
  /** Weight of rows predicted as this label (tp + fp). */
  readonly predSum: Float64Array;
  /** Weight of rows whose true label is this label (tp + fn). */
  readonly trueSum: Float64Array;
}

/**
 * Weighted tp, predicted and true totals per label. Rows are accumulated in order (numpy's
 * `bincount`), and the totals are rebuilt as `tp + (total - tp)` as scikit-learn does through its
 * 2×2 matrices, so that rounding matches.
 */
export function countPerLabel(pair: LabelPair, labels: Float64Array): LabelCounts {
  const { t, p, w } = pair;
  const k = labels.length;
  const index = labelIndex(labels);
  const tp = new Float64Array(k);
  const pred = new Float64Array(k);
  const tru = new Float64Array(k);
  for (let i = 0; i < t.length; i++) {
    const wi = w === undefined ? 1 : w[i]!;
    const ti = index.get(t[i]!);
    const pi = index.get(p[i]!);
    if (ti !== undefined) {
      tru[ti] = tru[ti]! + wi;
      if (t[i] === p[i]) tp[ti] = tp[ti]! + wi;
    }
    if (pi !== undefined) pred[pi] = pred[pi]! + wi;
  }
  for (let j = 0; j < k; j++) {
    pred[j] = tp[j]! + (pred[j]! - tp[j]!);
    tru[j] = tp[j]! + (tru[j]! - tp[j]!);
  }
  return { tp, predSum: pred, trueSum: tru };
}

/** `num / den`, or `zeroDivision` where `den` is 0 (scikit-learn's `_prf_divide`). */
export function divideOr(num: Float64Array, den: Float64Array, zeroDivision: number): Float64Array {
  const out = new Float64Array(num.length);
  for (let i = 0; i < num.length; i++) out[i] = den[i] === 0 ? zeroDivision : num[i]! / den[i]!;
  return out;
}
