// Probability binning shared by the reliability curve, the calibration errors and the reliability
// diagram, reproducing scikit-learn 1.2's `calibration_curve` (sklearn/calibration.py) to the bit:
// edges from `np.linspace(0, 1, bins + 1)` or `np.percentile(p, np.linspace(0, 1, bins + 1) * 100)`
// (numpy 1.24, method 'linear'), then `np.searchsorted(edges[1:-1], p)` with side 'left', so a
// value lying exactly on an inner edge goes to the bin BELOW it: bins are (lo, hi] except the
// first, which is [0, hi]. That is also the convention of Guo et al.'s reference ECE code.

/** How bin edges are placed: equal widths over [0, 1], or equal counts (quantiles of the values). */
export type BinStrategy = 'uniform' | 'quantile';

/**
 * numpy's `linspace(0, 1, bins + 1)`: `i * (1 / bins)` for every point but the last, which is set
 * to exactly 1 (so an edge may differ in the last bit from `i / bins`).
 */
export function uniformEdges(bins: number): Float64Array {
  const edges = new Float64Array(bins + 1);
  const step = 1 / bins;
  for (let i = 0; i < bins; i++) edges[i] = i * step;
  edges[bins] = 1;
  return edges;
}

/**
 * numpy 1.24's `percentile(values, linspace(0, 1, bins + 1) * 100)` with the default 'linear'
 * method (numpy/lib/function_base.py, `_quantile` and `_lerp`): the percentage is divided back by
 * 100, the virtual index is `(n − 1) q`, and the interpolation is done from whichever end is
 * nearer, which is what keeps the result monotone.
 */
export function quantileEdges(values: ArrayLike<number>, bins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const grid = uniformEdges(bins);
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) {
    const q = (grid[i]! * 100) / 100;
    const virtual = (n - 1) * q;
    if (virtual >= n - 1) {
      edges[i] = sorted[n - 1]!;
      continue;
    }
    const prev = Math.floor(virtual);
    const gamma = virtual - prev;
    const a = sorted[prev]!;
    const b = sorted[prev + 1]!;
    const diff = b - a;
    edges[i] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }
  return edges;
}

/** Bin edges for a strategy. */
export function binEdges(values: ArrayLike<number>, bins: number, strategy: BinStrategy): Float64Array {
  return strategy === 'uniform' ? uniformEdges(bins) : quantileEdges(values, bins);
}

/**
 * The bin of each value: the number of inner edges (`edges[1]` … `edges[bins − 1]`) strictly
 * below it, numpy's `searchsorted(edges[1:-1], v, side='left')`. Values outside [edges[0],
 * edges[bins]] land in the first or last bin, as in numpy.
 */
export function assignBins(values: ArrayLike<number>, edges: Float64Array): Int32Array {
  const inner = edges.subarray(1, edges.length - 1);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = lo + ((hi - lo) >> 1);
      if (inner[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}

/** Per-bin sums over rows: total weight, weighted sum of the values, weighted sum of the targets. */
export interface BinSums {
  /** Number of rows in each bin. */
  readonly rows: Float64Array;
  /** Total weight in each bin (the row count when unweighted). */
  readonly weight: Float64Array;
  /** Weighted sum of the predicted values in each bin. */
  readonly predicted: Float64Array;
  /** Weighted sum of the 0/1 outcomes in each bin. */
  readonly observed: Float64Array;
}

/**
 * Accumulate per-bin sums in row order, as `np.bincount(binids, weights=…)` does (a plain
 * running sum per bin), so that the averages agree with scikit-learn bit for bit.
 */
export function binSums(bin: Int32Array, bins: number, predicted: ArrayLike<number>, observed: ArrayLike<number>, weight: ArrayLike<number> | undefined): BinSums {
  const rows = new Float64Array(bins);
  const w = new Float64Array(bins);
  const p = new Float64Array(bins);
  const o = new Float64Array(bins);
  for (let i = 0; i < bin.length; i++) {
    const b = bin[i]!;
    rows[b]!++;
    if (weight === undefined) {
      w[b]!++;
      p[b]! += predicted[i]!;
      o[b]! += observed[i]!;
    } else {
      const wi = weight[i]!;
      w[b]! += wi;
      p[b]! += predicted[i]! * wi;
      o[b]! += observed[i]! * wi;
    }
  }
  return { rows, weight: w, predicted: p, observed: o };
}

/** A reliability curve over the non-empty bins (a bin whose total weight is 0 counts as empty). */
export interface BinnedCurve {
  readonly edges: Float64Array;
  readonly probTrue: number[];
  readonly probPred: number[];
  readonly counts: number[];
  readonly binIndices: number[];
}

/** The curve of outcomes against predictions, as scikit-learn's `calibration_curve` computes it. */
export function binnedCurve(predicted: Float64Array, observed: Float64Array, w: Float64Array | undefined, bins: number, strategy: BinStrategy): BinnedCurve {
  const edges = binEdges(predicted, bins, strategy);
  const sums = binSums(assignBins(predicted, edges), bins, predicted, observed, w);
  const curve = { edges, probTrue: [] as number[], probPred: [] as number[], counts: [] as number[], binIndices: [] as number[] };
  for (let b = 0; b < bins; b++) {
    const total = sums.weight[b]!;
    if (total === 0) continue;
    curve.probTrue.push(sums.observed[b]! / total);
    curve.probPred.push(sums.predicted[b]! / total);
    curve.counts.push(total);
    curve.binIndices.push(b);
  }
  return curve;
}

/** How per-bin gaps combine: weighted mean (`l1`), weighted root mean square (`l2`), maximum (`max`). */
export type ErrorNorm = 'l1' | 'l2' | 'max';

/** The binned calibration error of outcomes against predictions (see expectedCalibrationError). */
export function binnedError(predicted: Float64Array, observed: Float64Array, w: Float64Array | undefined, bins: number, strategy: BinStrategy, norm: ErrorNorm): number {
  const edges = binEdges(predicted, bins, strategy);
  const sums = binSums(assignBins(predicted, edges), bins, predicted, observed, w);
  let total = 0;
  for (let b = 0; b < bins; b++) total += sums.weight[b]!;
  let acc = 0;
  for (let b = 0; b < bins; b++) {
    const wb = sums.weight[b]!;
    if (wb === 0) continue;
    const gap = Math.abs(sums.observed[b]! / wb - sums.predicted[b]! / wb);
    if (norm === 'max') acc = Math.max(acc, gap);
    else acc += (wb / total) * (norm === 'l2' ? gap * gap : gap);
  }
  return norm === 'l2' ? Math.sqrt(acc) : acc;
}
