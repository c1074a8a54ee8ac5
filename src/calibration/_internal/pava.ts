// The numeric core of isotonic regression, after scikit-learn 1.2 (sklearn/isotonic.py,
// `IsotonicRegression._build_y`, and sklearn/_isotonic.pyx, `_make_unique` and
// `_inplace_contiguous_isotonic_regression`) and numpy's `np.interp`, which scipy's `interp1d`
// delegates to for float64 data. The arithmetic is done in the same order as there, so the
// thresholds come out bit-identical and so do the predictions.

import { lexSort, radixSort, spearmanNonNegative, type LexSorted } from './pava-sort.js';
import { interpolateInModule, PAIRS_MIN_ROWS, pavaInModule, poolPairs, sortPairs } from './sort-pairs.js';

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
 * in reused scratch memory, and the finiteness checks folded into its passes. Where the compiled
 * module runs, the sort, the run ordering, the pooling and PAVA all happen in its memory.
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
  const pairs = sortPairs(x, y);
  if (pairs === undefined) return undefined;
  const [uw, spareY] = pairs.spare;
  const m = poolPairs(pairs.x, pairs.y, uw, pairs.spare);
  const blockEnds = new Int32Array(spareY.buffer, spareY.byteOffset, m);
  return finishFit(pairs.x, pairs.y, uw, blockEnds, m, options.increasing, options);
}

/**
 * The end of a fit, from the m pooled groups (first x, mean, weight): PAVA, the clip to [yMin,
 * yMax], the points interpolation needs, copied out (the arrays may be shared scratch).
 *
 * PAVA's blocks are read directly rather than its values spread over every group: a block needs
 * at most its first and last x for the table (its interior lies on a flat segment), so the m
 * fitted values are never written, filled or scanned (a fill and a scan of 8m bytes each; with
 * the run ordering of sort-pairs.ts, the 10⁶-row fit of bench/calibration.bench.ts measured
 * 73.6 → 69.7 ms, min of 21 interleaved with the previous code on a loaded 2-core VM). The points go to `uw` (the pooled weights are
 * not needed after PAVA), and the flat-interior rule then runs on at most two points a block,
 * which drops exactly what it dropped on the full sequence: a block's end points have the same
 * neighbours in both.
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
  const end = blockEnds ?? new Int32Array(m);
  const lo = bounds.yMin ?? -Infinity;
  const hi = bounds.yMax ?? Infinity;
  let points: number;
  // PAVA runs in place on the pooled means and weights, which are not needed afterwards.
  if (increasing) {
    if (!pavaInModule(ys, uw, end, m)) pavaBlocks(ys, uw, end, m);
    points = blockPoints(xs, ys, uw, end, m, lo, hi);
  } else {
    // A decreasing fit is an increasing fit of the reversed sequence.
    const fitted = ys.subarray(0, m);
    fitted.reverse();
    uw.subarray(0, m).reverse();
    if (!pavaInModule(ys, uw, end, m)) pavaBlocks(ys, uw, end, m);
    points = reversedBlockPoints(xs, ys, uw, end, m, lo, hi);
  }
  const kept = dropFlatInteriors(xs, uw, points);
  // Copies: the arrays may be views of the shared scratch buffer.
  const xt = xs.slice(0, kept);
  const yt = uw.slice(0, kept);
  return { xThresholds: xt, yThresholds: yt, xMin, xMax, increasing };
}

/**
 * The first and last x of each block of {@link pavaBlocks} (one x for a block of one group), in
 * ascending order, to xs[k] with its value, clipped to [lo, hi], to out[k]. k never passes the
 * block's start, so every x is read before its position is written; `out` is PAVA's weights,
 * read no more.
 *
 * @returns the number of points.
 */
function blockPoints(xs: Float64Array, y: Float64Array, out: Float64Array, end: Int32Array, m: number, lo: number, hi: number): number {
  let k = 0;
  for (let s = 0; s < m; ) {
    const e = end[s]!;
    const value = Math.min(Math.max(y[s]!, lo), hi);
    const xe = xs[e]!;
    xs[k] = xs[s]!;
    out[k++] = value;
    if (e > s) {
      xs[k] = xe;
      out[k++] = value;
    }
    s = e + 1;
  }
  return k;
}

/**
 * {@link blockPoints} for blocks found on the reversed sequence (a decreasing fit): reversed
 * position r is group m-1-r, so the blocks are walked from the reversed end, each from its last
 * position, whose `end` entry is the block's start. `y` and `out` are distinct arrays here.
 */
function reversedBlockPoints(xs: Float64Array, y: Float64Array, out: Float64Array, end: Int32Array, m: number, lo: number, hi: number): number {
  let k = 0;
  for (let e = m - 1; e >= 0; ) {
    const s = end[e]!;
    const value = Math.min(Math.max(y[s]!, lo), hi);
    const first = m - 1 - e;
    const last = m - 1 - s;
    const xl = xs[last]!;
    xs[k] = xs[first]!;
    out[k++] = value;
    if (last > first) {
      xs[k] = xl;
      out[k++] = value;
    }
    e = s - 1;
  }
  return k;
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
 * interpolate) among the first `count` points, compacting `xs` and `fitted` in place: position
 * q <= j is written only after it was read.
 *
 * @returns the number of points kept.
 */
function dropFlatInteriors(xs: Float64Array, fitted: Float64Array, count: number): number {
  let kept = 0;
  let previous = NaN;
  for (let j = 0; j < count; j++) {
    const value = fitted[j]!;
    if (j === 0 || j === count - 1 || value !== previous || value !== fitted[j + 1]) {
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
 * pool-adjacent-violators algorithm of {@link pavaBlocks}, its block means then spread over
 * every position.
 *
 * @param scratch - at least `y.length` entries to keep the block ends in (default: allocated).
 */
export function poolAdjacentViolators(y: Float64Array, w: Float64Array, scratch?: Int32Array): void {
  const n = y.length;
  const end = scratch ?? new Int32Array(n);
  pavaBlocks(y, w, end, n);
  for (let i = 0; i < n; ) {
    const e = end[i]!;
    y.fill(y[i]!, i + 1, e + 1);
    i = e + 1;
  }
}

/**
 * Weighted least-squares non-decreasing fit of y[0…n-1] as blocks: the pool-adjacent-violators
 * algorithm in one left-to-right pass with backtracking, O(n). `y` and `w` are overwritten.
 *
 * Blocks are kept implicitly: for a block covering positions s…e, `end[s] = e` and `end[e] = s`
 * (so a block is found from either end), and `y[s]`, `w[s]` hold its mean and total weight; the
 * other positions of a block hold stale values. Each violation pools a whole non-increasing run
 * of blocks at once, then steps back one block to re-check the pooled block against its left
 * neighbour. The order of the sums follows scikit-learn's
 * `_inplace_contiguous_isotonic_regression` (sklearn/_isotonic.pyx) so that means round the same
 * way; equal neighbouring means are pooled too, as there.
 */
function pavaBlocks(y: Float64Array, w: Float64Array, end: Int32Array, n: number): void {
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
}

/** What {@link interpolate} does with x outside [xThresholds[0], xThresholds[last]]. */
export type OutOfBounds = 'nan' | 'clip' | 'raise';

/**
 * Piecewise-linear interpolation through the thresholds, as `np.interp` computes it
 * (numpy/core/src/multiarray/compiled_base.c): the right segment is the last threshold <= x, a
 * knot returns its own value exactly, and the slope is (Δy / Δx) times (x − x_lo) plus y_lo.
 * Outside the table: NaN for `'nan'`, the value at the nearer end for `'clip'` (x clipped first,
 * as scikit-learn does), a stop for `'raise'`. A one-point table gives its value everywhere
 * (scikit-learn's `IsotonicRegression._build_f`), whatever the policy.
 *
 * Everything happens in one pass that writes straight into `out`, the `number[]` that predict
 * returns: the finiteness check, the policy and the interpolation used to be three passes and a
 * copy (predict on the bench's 10⁶ scores measured 23.4 → 19.5 ms, 10⁵: 3.3 → 2.8 ms, min of
 * 21 interleaved in one process; about 4 ms of the rest is allocating the number[] itself).
 *
 * @param out - at least `queries.length` entries (a pre-sized array).
 * @returns -1 when every query was written, else the index of the first query that stopped the
 *   pass: NaN or ±Infinity, or out of bounds under `'raise'` (`out` is then partly written).
 */
export function interpolate(xt: Float64Array, yt: Float64Array, queries: Float64Array, out: number[], policy: OutOfBounds): number {
  const m = xt.length;
  if (m === 1) return constantInto(yt[0]!, queries, out);
  if (queries.length >= MODULE_QUERIES && queries.length >= m) {
    const cells = guideCells(m, queries.length);
    const scale = cells / (xt[m - 1]! - xt[0]!);
    if (Number.isFinite(scale)) {
      const stop = interpolateInModule(xt, yt, cells, scale, queries, out, policy);
      if (stop !== undefined) return stop;
    }
  }
  const guide = queries.length >= m ? segmentGuide(xt, queries.length) : undefined;
  return guide === undefined ? interpolateByBisection(xt, yt, queries, out, policy) : interpolateByGuide(xt, yt, guide, queries, out, policy);
}

function constantInto(value: number, queries: Float64Array, out: number[]): number {
  for (let i = 0; i < queries.length; i++) {
    const v = queries[i]!;
    // `v - v` is NaN exactly for NaN and ±Infinity.
    if (v - v !== 0) return i;
    out[i] = value;
  }
  return -1;
}

/**
 * The query to interpolate at for v outside [x0, xLast] (or NaN): the nearer end under 'clip',
 * else NaN (the caller then writes NaN or stops, by {@link outsideStops}).
 */
function outside(v: number, x0: number, xLast: number, policy: OutOfBounds): number {
  return policy === 'clip' && v - v === 0 ? (v < x0 ? x0 : xLast) : NaN;
}

/** Whether v, outside the table, stops the pass: non-finite, or any v under 'raise'. */
function outsideStops(v: number, policy: OutOfBounds): boolean {
  return v - v !== 0 || policy === 'raise';
}

/** {@link interpolate} for few queries: bisection of the whole table for each. */
function interpolateByBisection(xt: Float64Array, yt: Float64Array, queries: Float64Array, out: number[], policy: OutOfBounds): number {
  const last = xt.length - 1;
  const x0 = xt[0]!;
  const xLast = xt[last]!;
  for (let i = 0; i < queries.length; i++) {
    let v = queries[i]!;
    if (!(v >= x0 && v <= xLast)) {
      if (outsideStops(v, policy)) return i;
      v = outside(v, x0, xLast, policy);
      if (v !== v) {
        out[i] = NaN;
        continue;
      }
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
  return -1;
}

/** {@link interpolate} for many queries: a guide cell, then a short walk, for each. */
function interpolateByGuide(
  xt: Float64Array,
  yt: Float64Array,
  guide: { scale: number; start: Int32Array },
  queries: Float64Array,
  out: number[],
  policy: OutOfBounds,
): number {
  const last = xt.length - 1;
  const x0 = xt[0]!;
  const xLast = xt[last]!;
  // numpy precomputes the slopes in this case too; the values are the same.
  const slopes = new Float64Array(last);
  for (let j = 0; j < last; j++) slopes[j] = (yt[j + 1]! - yt[j]!) / (xt[j + 1]! - xt[j]!);
  const { scale, start } = guide;
  const cells = start.length - 1;
  for (let i = 0; i < queries.length; i++) {
    let v = queries[i]!;
    if (!(v >= x0 && v <= xLast)) {
      if (outsideStops(v, policy)) return i;
      v = outside(v, x0, xLast, policy);
      if (v !== v) {
        out[i] = NaN;
        continue;
      }
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
  return -1;
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

/** Cells of the guide for a table of m thresholds and that many queries. */
function guideCells(m: number, queries: number): number {
  return Math.max(4 * m, Math.min(1 << 16, queries));
}

/**
 * From this many queries on, predictions are computed in the compiled module (wasm/isotonic-fit.c)
 * when it runs: below, copying the table in costs about what the loop saves.
 */
const MODULE_QUERIES = 4096;

/**
 * A bucket index over [xt[0], xt[last]] in 4·m equal cells: `start[b]` is the last threshold at or
 * below cell b's left edge, so a query's segment lies among a few thresholds instead of all m.
 * Rounding can put a query one cell off, which is why `interpolate` walks from it both ways.
 */
function segmentGuide(xt: Float64Array, queries: number): { scale: number; start: Int32Array } | undefined {
  const last = xt.length - 1;
  const cells = guideCells(xt.length, queries);
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
