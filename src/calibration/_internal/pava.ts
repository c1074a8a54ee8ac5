// The numeric core of isotonic regression, after scikit-learn 1.2 (sklearn/isotonic.py,
// `IsotonicRegression._build_y`, and sklearn/_isotonic.pyx, `_make_unique` and
// `_inplace_contiguous_isotonic_regression`) and numpy's `np.interp`, which scipy's `interp1d`
// delegates to for float64 data. The arithmetic is done in the same order as there, so the
// thresholds come out bit-identical and so do the predictions.

import { lexSort, radixSort, spearmanNonNegative, type LexSorted } from './pava-sort.js';
import { scratchBuffer } from './scratch.js';
import { PAIRS_MIN_ROWS, poolPairs, sortPairs } from './sort-pairs.js';

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
  const { order, x: xs, y: ys, spare } = sorted;

  // Pool rows of (nearly) equal x; rows of weight 0 are dropped first, as scikit-learn does.
  // The pooled x and means overwrite the sorted arrays (fresh, ours, and read only ahead of the
  // write position), which saves two 8n-byte allocations at 10⁶ rows.
  const uw = spare?.values ?? new Float64Array(n);
  const m = poolTies(xs, ys, order, x, weight, uw);
  const blockEnds = spare === undefined ? undefined : new Int32Array(spare.index.buffer, spare.index.byteOffset, m);
  return finishFit(xs, ys, uw, blockEnds, m, increasing, input);
}

/**
 * {@link fitIsotonic} for the common case of no weights and a given direction, on Float64Arrays
 * read in place: the same result to the bit, with the sort of {@link sortPairs} (no row indices)
 * in reused scratch memory, and the finiteness checks folded into its passes.
 *
 * @returns `undefined`, having changed nothing, when this path does not apply: fewer than
 *   PAIRS_MIN_ROWS rows, a -0 in x, or a NaN or ±Infinity in x or y (which the caller's
 *   validation then reports).
 */
export function fitIsotonicUnweighted(
  x: Float64Array,
  y: Float64Array,
  options: { readonly increasing: boolean; readonly yMin: number | undefined; readonly yMax: number | undefined },
): IsotonicFit | undefined {
  const n = x.length;
  if (n < PAIRS_MIN_ROWS || y.length !== n) return undefined;
  const pairs = sortPairs(x, y, scratchBuffer(32 * n));
  if (pairs === undefined) return undefined;
  const [uw, spareY] = pairs.spare;
  const m = poolPairs(pairs.x, pairs.y, uw, pairs.spare);
  const blockEnds = new Int32Array(spareY.buffer, spareY.byteOffset, m);
  return finishFit(pairs.x, pairs.y, uw, blockEnds, m, options.increasing, options);
}

/**
 * The end of a fit, from the m pooled groups (first x, mean, weight): PAVA, the clip to [yMin,
 * yMax], the points interpolation needs, copied out (the arrays may be shared scratch).
 */
function finishFit(
  xs: Float64Array,
  ys: Float64Array,
  uw: Float64Array,
  blockEnds: Int32Array | undefined,
  m: number,
  increasing: boolean,
  bounds: { readonly yMin: number | undefined; readonly yMax: number | undefined },
): IsotonicFit {
  const xMin = xs[0]!;
  const xMax = xs[m - 1]!;

  // PAVA runs in place on the pooled means and weights, which are not needed afterwards.
  const fitted = ys.subarray(0, m);
  const pooledW = uw.subarray(0, m);
  if (increasing) {
    poolAdjacentViolators(fitted, pooledW, blockEnds);
  } else {
    // A decreasing fit is an increasing fit of the reversed sequence.
    fitted.reverse();
    pooledW.reverse();
    poolAdjacentViolators(fitted, pooledW, blockEnds);
    fitted.reverse();
  }
  if (bounds.yMin !== undefined || bounds.yMax !== undefined) {
    const lo = bounds.yMin ?? -Infinity;
    const hi = bounds.yMax ?? Infinity;
    for (let j = 0; j < m; j++) fitted[j] = Math.min(Math.max(fitted[j]!, lo), hi);
  }

  // An interior point whose value equals both neighbours' lies on a flat segment: interpolation
  // does not need it. Compacted in place: position q <= j is written only after it was read.
  const kept = dropFlatInteriors(xs, fitted);
  // Copies: the arrays may be views of the shared scratch buffer.
  const xt = xs.slice(0, kept);
  const yt = fitted.slice(0, kept);
  return { xThresholds: xt, yThresholds: yt, xMin, xMax, increasing };
}

/**
 * Pool the sorted rows of (nearly) equal x into weighted means, dropping rows of weight 0: the
 * group's first x goes to xs[u], its mean to ys[u], its weight to uw[u] (u <= p, so every row is
 * read before its position is written). Separate from {@link fitIsotonic}, as each of these
 * loops is, so that V8 optimizes it on its own.
 *
 * @returns the number of groups.
 */
function poolTies(
  xs: Float64Array,
  ys: Float64Array,
  order: Uint32Array,
  x: Float64Array,
  weight: Float64Array | undefined,
  uw: Float64Array,
): number {
  const n = xs.length;
  let u = -1;
  let groupX = 0;
  let sumWy = 0;
  let sumW = 0;
  for (let p = 0; p < n; p++) {
    const w = weight === undefined ? 1 : weight[order[p]!]!;
    if (!(w > 0)) continue;
    const xv = xs[p]!;
    const yv = ys[p]!;
    if (u >= 0 && xv - groupX < X_RESOLUTION) {
      sumWy += yv * w;
      sumW += w;
      continue;
    }
    if (u >= 0) {
      ys[u] = sumWy / sumW;
      uw[u] = sumW;
    }
    u++;
    groupX = xv;
    // The sort reads -0 as +0; a threshold keeps the sign of the row that starts its group.
    xs[u] = xv === 0 ? x[order[p]!]! : xv;
    sumWy = yv * w;
    sumW = w;
  }
  ys[u] = sumWy / sumW;
  uw[u] = sumW;
  return u + 1;
}

/**
 * Drop the interior points of flat runs (a value equal to both neighbours' is not needed to
 * interpolate), compacting `xs` and `fitted` in place: position q <= j is written only after it
 * was read.
 *
 * @returns the number of points kept.
 */
function dropFlatInteriors(xs: Float64Array, fitted: Float64Array): number {
  const m = fitted.length;
  let kept = 0;
  let previous = NaN;
  for (let j = 0; j < m; j++) {
    const value = fitted[j]!;
    if (j === 0 || j === m - 1 || value !== previous || value !== fitted[j + 1]) {
      xs[kept] = xs[j]!;
      fitted[kept] = value;
      kept++;
    }
    previous = value;
  }
  return kept;
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
 *
 * @param scratch - at least `y.length` entries to keep the block ends in (default: allocated).
 */
export function poolAdjacentViolators(y: Float64Array, w: Float64Array, scratch?: Int32Array): void {
  const n = y.length;
  const end = scratch ?? new Int32Array(n);
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
  const count = queries.length;
  if (m === 1) {
    // scikit-learn predicts a one-point fit as a constant everywhere (IsotonicRegression._build_f).
    out.fill(yt[0]!, 0, count);
    return;
  }
  const guide = count >= m ? segmentGuide(xt, count) : undefined;
  if (guide === undefined) interpolateByBisection(xt, yt, queries, out);
  else interpolateByGuide(xt, yt, guide, queries, out);
}

/** {@link interpolate} for few queries: bisection of the whole table for each. */
function interpolateByBisection(xt: Float64Array, yt: Float64Array, queries: Float64Array, out: Float64Array): void {
  const last = xt.length - 1;
  const x0 = xt[0]!;
  const xLast = xt[last]!;
  for (let i = 0; i < queries.length; i++) {
    const v = queries[i]!;
    if (!(v >= x0 && v <= xLast)) {
      out[i] = NaN;
      continue;
    }
    // The largest j with xt[j] <= v, by bisection of xt[lo] <= v < xt[hi].
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (xt[mid]! <= v) lo = mid;
      else hi = mid;
    }
    out[i] = v === xLast ? yt[last]! : segmentValue(xt, yt, lo, (yt[lo + 1]! - yt[lo]!) / (xt[lo + 1]! - xt[lo]!), v);
  }
}

/** {@link interpolate} for many queries: a guide cell, then a short walk, for each. */
function interpolateByGuide(
  xt: Float64Array,
  yt: Float64Array,
  guide: { scale: number; start: Int32Array },
  queries: Float64Array,
  out: Float64Array,
): void {
  const last = xt.length - 1;
  const x0 = xt[0]!;
  const xLast = xt[last]!;
  // numpy precomputes the slopes in this case too; the values are the same.
  const slopes = new Float64Array(last);
  for (let j = 0; j < last; j++) slopes[j] = (yt[j + 1]! - yt[j]!) / (xt[j + 1]! - xt[j]!);
  const { scale, start } = guide;
  const cells = start.length - 1;
  for (let i = 0; i < queries.length; i++) {
    const v = queries[i]!;
    if (!(v >= x0 && v <= xLast)) {
      out[i] = NaN;
      continue;
    }
    // The guide's cell gives a threshold near the answer; rounding can make it off by one cell,
    // so walk to the largest j with xt[j] <= v, and bisect when the walk would be long.
    const c = (v - x0) * scale;
    let j = start[c < cells ? c | 0 : cells]!;
    while (j > 0 && xt[j]! > v) j--;
    if (j < last && xt[j + 1]! <= v) {
      j++;
      if (j < last && xt[j + 1]! <= v) {
        let hi = last;
        while (hi - j > 1) {
          const mid = (j + hi) >>> 1;
          if (xt[mid]! <= v) j = mid;
          else hi = mid;
        }
        if (xt[hi]! <= v) j = hi;
      }
    }
    out[i] = j === last ? yt[last]! : segmentValue(xt, yt, j, slopes[j]!, v);
  }
}

/** `np.interp`'s value at v on segment j (xt[j] <= v < xt[j + 1]) with the given slope. */
function segmentValue(xt: Float64Array, yt: Float64Array, j: number, slope: number, v: number): number {
  const xj = xt[j]!;
  const yj = yt[j]!;
  if (xj === v) return yj;
  let r = slope * (v - xj) + yj;
  if (r !== r) {
    // numpy's fallback for an infinite slope: evaluate from the other end, then the flat value.
    const yk = yt[j + 1]!;
    r = slope * (v - xt[j + 1]!) + yk;
    if (r !== r && yj === yk) r = yj;
  }
  return r;
}

/**
 * A bucket index over [xt[0], xt[last]] in 4·m equal cells: `start[b]` is the last threshold at or
 * below cell b's left edge, so a query's segment lies among a few thresholds instead of all m.
 * Rounding can put a query one cell off, which is why `interpolate` walks from it both ways.
 */
function segmentGuide(xt: Float64Array, queries: number): { scale: number; start: Int32Array } | undefined {
  const last = xt.length - 1;
  const cells = Math.max(4 * xt.length, Math.min(1 << 16, queries));
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
