// The numeric core of isotonic regression, after scikit-learn 1.2 (sklearn/isotonic.py,
// `IsotonicRegression._build_y`, and sklearn/_isotonic.pyx, `_make_unique` and
// `_inplace_contiguous_isotonic_regression`) and numpy's `np.interp`, which scipy's `interp1d`
// delegates to for float64 data. The arithmetic is done in the same order as there, so the
// thresholds come out bit-identical and so do the predictions.

import { lexSort, radixSort, spearmanNonNegative, type LexSorted } from './pava-sort.js';

/** What an isotonic fit keeps: the interpolation table and the domain. */
export interface IsotonicFit {
  /** Ascending x values of the interpolation table. */
  readonly xThresholds: Float64Array;
  /** The fitted values at `xThresholds`. */
  readonly yThresholds: Float64Array;
  /** Smallest x seen with a positive weight. */
  readonly xMin: number;
  /** Largest x seen with a positive weight. */
  readonly xMax: number;
  /** The direction that was fitted (resolved from `'auto'`). */
  readonly increasing: boolean;
}

/** Inputs of {@link fitIsotonic}, already validated (finite, same length, weights >= 0 with a positive sum). */
export interface IsotonicInput {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly weight: Float64Array | undefined;
  readonly increasing: boolean | 'auto';
  readonly yMin: number | undefined;
  readonly yMax: number | undefined;
}

// `np.finfo(np.float64).resolution`: `_make_unique` pools x values closer than this (absolute)
// to the first x of the current group, not only exact ties.
const X_RESOLUTION = 1e-15;

/**
 * Fit isotonic regression: sort by (x, y), pool tied x into weighted means, run PAVA, clip to
 * [yMin, yMax], and keep only the points interpolation needs.
 */
export function fitIsotonic(input: IsotonicInput): IsotonicFit {
  const { x, y, weight } = input;
  const n = x.length;

  let sorted: LexSorted;
  let increasing: boolean;
  if (input.increasing === 'auto') {
    // scikit-learn decides the direction on every row, zero-weight rows included, unweighted.
    const byY = radixSort(y);
    sorted = lexSort(x, y, byY);
    increasing = spearmanNonNegative({ order: sorted.order, values: sorted.x }, byY);
  } else {
    sorted = lexSort(x, y);
    increasing = input.increasing;
  }
  const { order, x: xs, y: ys } = sorted;

  // Pool rows of (nearly) equal x; rows of weight 0 are dropped first, as scikit-learn does.
  const ux = new Float64Array(n);
  const uy = new Float64Array(n);
  const uw = new Float64Array(n);
  let u = -1;
  let groupX = 0;
  let sumWy = 0;
  let sumW = 0;
  for (let p = 0; p < n; p++) {
    const w = weight === undefined ? 1 : weight[order[p]!]!;
    if (!(w > 0)) continue;
    const xv = xs[p]!;
    if (u >= 0 && xv - groupX < X_RESOLUTION) {
      sumWy += ys[p]! * w;
      sumW += w;
      continue;
    }
    if (u >= 0) {
      uy[u] = sumWy / sumW;
      uw[u] = sumW;
    }
    u++;
    groupX = xv;
    // The sort reads -0 as +0; a threshold keeps the sign of the row that starts its group.
    ux[u] = xv === 0 ? x[order[p]!]! : xv;
    sumWy = ys[p]! * w;
    sumW = w;
  }
  uy[u] = sumWy / sumW;
  uw[u] = sumW;
  const m = u + 1;

  // PAVA runs in place on the pooled means and weights, which are not needed afterwards.
  const fitted = uy.subarray(0, m);
  const pooledW = uw.subarray(0, m);
  if (increasing) {
    poolAdjacentViolators(fitted, pooledW);
  } else {
    // A decreasing fit is an increasing fit of the reversed sequence.
    fitted.reverse();
    pooledW.reverse();
    poolAdjacentViolators(fitted, pooledW);
    fitted.reverse();
  }
  if (input.yMin !== undefined || input.yMax !== undefined) {
    const lo = input.yMin ?? -Infinity;
    const hi = input.yMax ?? Infinity;
    for (let j = 0; j < m; j++) fitted[j] = Math.min(Math.max(fitted[j]!, lo), hi);
  }

  // An interior point whose value equals both neighbours' lies on a flat segment: interpolation
  // does not need it.
  let kept = 0;
  const keep = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    if (j === 0 || j === m - 1 || fitted[j] !== fitted[j - 1] || fitted[j] !== fitted[j + 1]) {
      keep[j] = 1;
      kept++;
    }
  }
  const xt = new Float64Array(kept);
  const yt = new Float64Array(kept);
  for (let j = 0, q = 0; j < m; j++) {
    if (keep[j]) {
      xt[q] = ux[j]!;
      yt[q] = fitted[j]!;
      q++;
    }
  }
  return { xThresholds: xt, yThresholds: yt, xMin: ux[0]!, xMax: ux[m - 1]!, increasing };
}

/**
 * Weighted least-squares non-decreasing fit of `y`, in place (`w` is overwritten too): the
 * pool-adjacent-violators algorithm in one left-to-right pass with backtracking, O(n).
 *
 * Blocks are kept implicitly: for a block covering positions s…e, `end[s] = e` and `end[e] = s`
 * (so a block is found from either end), and `y[s]`, `w[s]` hold its mean and total weight.
 * Each violation pools a whole non-increasing run of blocks at once, then steps back one block to
 * re-check the pooled block against its left neighbour. The order of the sums follows
 * scikit-learn's `_inplace_contiguous_isotonic_regression` (sklearn/_isotonic.pyx) so that means
 * round the same way; equal neighbouring means are pooled too, as there.
 */
export function poolAdjacentViolators(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) end[i] = i;
  let s = 0;
  while (s < n) {
    let next = end[s]! + 1;
    if (next >= n) break;
    if (y[s]! < y[next]!) {
      s = next;
      continue;
    }
    let sumWy = w[s]! * y[s]!;
    let sumW = w[s]!;
    let last: number;
    for (;;) {
      last = y[next]!;
      sumWy += w[next]! * last;
      sumW += w[next]!;
      next = end[next]! + 1;
      if (next === n || last < y[next]!) break;
    }
    y[s] = sumWy / sumW;
    w[s] = sumW;
    end[s] = next - 1;
    end[next - 1] = s;
    // The pooled mean may now undercut the block to the left; at the left edge, re-check it
    // against the block to the right instead.
    if (s > 0) s = end[s - 1]!;
  }
  for (let i = 0; i < n; ) {
    const e = end[i]!;
    y.fill(y[i]!, i + 1, e + 1);
    i = e + 1;
  }
}

/** How {@link interpolate} treats x outside [xThresholds[0], xThresholds[last]]. */
export type OutOfBounds = 'nan' | 'clip' | 'raise';

/**
 * Piecewise-linear interpolation through the thresholds, as `np.interp` computes it
 * (numpy/core/src/multiarray/compiled_base.c): the right segment is the last threshold <= x, a
 * knot returns its own value exactly, and the slope is (Δy / Δx) times (x − x_lo) plus y_lo.
 * Values outside the table are NaN here; the caller applies its out-of-bounds policy first.
 */
export function interpolate(xt: Float64Array, yt: Float64Array, queries: Float64Array, out: Float64Array): void {
  const m = xt.length;
  if (m === 1) {
    // scikit-learn predicts a one-point fit as a constant everywhere (IsotonicRegression._build_f).
    out.fill(yt[0]!, 0, queries.length);
    return;
  }
  const last = m - 1;
  const x0 = xt[0]!;
  const xLast = xt[last]!;
  const guide = queries.length >= m ? segmentGuide(xt) : undefined;
  for (let i = 0; i < queries.length; i++) {
    const v = queries[i]!;
    if (!(v >= x0 && v <= xLast)) {
      out[i] = NaN;
      continue;
    }
    if (v === xLast) {
      out[i] = yt[last]!;
      continue;
    }
    // Find the largest j with xt[j] <= v (0 <= j < last) by bisection of a bracket
    // xt[lo] <= v < xt[hi]: the guide's when it holds, else the whole table.
    let lo = 0;
    let hi = last;
    if (guide !== undefined) {
      const b = Math.floor((v - x0) * guide.scale);
      const gLo = guide.start[b > 0 ? b - 1 : 0];
      const gHi = guide.start[b + 2 < guide.start.length ? b + 2 : guide.start.length - 1];
      if (gLo !== undefined && gHi !== undefined) {
        const h = gHi + 1 < last ? gHi + 1 : last;
        if (xt[gLo]! <= v && v < xt[h]!) {
          lo = gLo;
          hi = h;
        }
      }
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (xt[mid]! <= v) lo = mid;
      else hi = mid;
    }
    const xj = xt[lo]!;
    const yj = yt[lo]!;
    if (xj === v) {
      out[i] = yj;
      continue;
    }
    const xk = xt[lo + 1]!;
    const yk = yt[lo + 1]!;
    const slope = (yk - yj) / (xk - xj);
    let r = slope * (v - xj) + yj;
    if (Number.isNaN(r)) {
      // numpy's fallback for an infinite slope: evaluate from the other end, then the flat value.
      r = slope * (v - xk) + yk;
      if (Number.isNaN(r) && yj === yk) r = yj;
    }
    out[i] = r;
  }
}

/**
 * A bucket index over [xt[0], xt[last]] in 4·m equal cells: `start[b]` is the last threshold at or
 * below cell b's left edge, so a query's segment lies among a few thresholds instead of all m.
 * Rounding can put a query one cell off, which is why `interpolate` widens the bracket by a cell
 * each side and checks it before use. Halves prediction time at 10⁶ queries.
 */
function segmentGuide(xt: Float64Array): { scale: number; start: Int32Array } | undefined {
  const last = xt.length - 1;
  const cells = 4 * xt.length;
  const scale = cells / (xt[last]! - xt[0]!);
  if (!Number.isFinite(scale)) return undefined;
  const start = new Int32Array(cells + 1);
  for (let b = 0, j = 0; b <= cells; b++) {
    const edge = xt[0]! + b / scale;
    while (j < last && xt[j + 1]! <= edge) j++;
    start[b] = j;
  }
  return { scale, start };
}
