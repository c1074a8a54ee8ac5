// Sorting for isotonic regression: a stable LSD radix sort of row indices by float64 keys, the
// (x, then y) lexicographic order scikit-learn's `np.lexsort((y, x))` gives, and the sign of
// Spearman's rho that `increasing: 'auto'` needs. All of it on typed arrays, with no allocation
// per element, because sorting dominates the cost of an isotonic fit at 10⁶ rows.

/** Below this many rows a comparison sort beats the radix sort's fixed cost. */
const SMALL = 512;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// 16-bit digits: four passes over 64-bit keys. Measured at 10⁶ rows, fewer passes that move
// less data beat 11-bit digits (six passes, 2048 buckets) despite the larger count tables.
const BITS = 16;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;
const PASSES = 4;

/** Row indices in sorted order, with the sorted values alongside. */
export interface Sorted {
  /** Row indices, sorted. */
  readonly order: Uint32Array;
  /** `keys[order[p]]` for each position p (with -0 read as +0). */
  readonly values: Float64Array;
}

/**
 * Sort the row indices `order` (read in that order, so the sort is stable with respect to it) by
 * `keys[index]`. `-0` and `+0` are equal keys, as they are equal numbers. Keys must not be NaN.
 */
export function radixSort(keys: Float64Array, order?: Uint32Array): Sorted {
  const n = keys.length;
  if (n < SMALL) return comparisonSort(order ?? identity(n), keys);

  // Map each double to two unsigned words whose unsigned order is the numeric order: flip every
  // bit of a negative number, only the sign bit of a positive one.
  const copy = new Float64Array(n);
  // `+ 0` turns -0 into +0.
  if (order === undefined) for (let p = 0; p < n; p++) copy[p] = keys[p]! + 0;
  else for (let p = 0; p < n; p++) copy[p] = keys[order[p]!]! + 0;
  const words = new Uint32Array(copy.buffer);
  const hiAt = LITTLE_ENDIAN ? 1 : 0;
  const loAt = 1 - hiAt;
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  const counts = new Uint32Array(PASSES * RADIX);
  for (let p = 0; p < n; p++) {
    let h = words[2 * p + hiAt]!;
    let l = words[2 * p + loAt]!;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[p] = h;
    lo[p] = l;
    counts[l & MASK]!++;
    counts[RADIX + (l >>> 16)]!++;
    counts[2 * RADIX + (h & MASK)]!++;
    counts[3 * RADIX + (h >>> 16)]!++;
  }

  let idx: Uint32Array = order === undefined ? identity(n) : Uint32Array.from(order);
  let idx2: Uint32Array = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * RADIX;
    const word = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    // A digit shared by every key (the exponent bits of scores in [0, 1], say) needs no pass.
    if (counts[base + ((word[0]! >>> shift) & MASK)] === n) continue;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    // Each pass moves only the words that later passes still read.
    if (pass === 0) {
      for (let p = 0; p < n; p++) {
        const l = lo[p]!;
        const q = counts[l & MASK]!++;
        idx2[q] = idx[p]!;
        lo2[q] = l;
        hi2[q] = hi[p]!;
      }
    } else if (pass < 3) {
      for (let p = 0; p < n; p++) {
        const q = counts[base + ((word[p]! >>> shift) & MASK)]!++;
        idx2[q] = idx[p]!;
        hi2[q] = hi[p]!;
      }
    } else {
      for (let p = 0; p < n; p++) {
        const q = counts[base + (hi[p]! >>> 16)]!++;
        idx2[q] = idx[p]!;
      }
    }
    [idx, idx2] = [idx2, idx];
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  // At 10⁶ rows one gather through `idx` measured cheaper than carrying the low word through
  // the last two passes to rebuild the values.
  const values = new Float64Array(n);
  for (let p = 0; p < n; p++) values[p] = keys[idx[p]!]! + 0;
  return { order: idx, values };
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function comparisonSort(src: Uint32Array, keys: Float64Array): Sorted {
  // Stability with respect to `src` comes from sorting positions, tie-broken by position.
  const pos = identity(src.length);
  pos.sort((a, b) => keys[src[a]!]! - keys[src[b]!]! || a - b);
  const order = new Uint32Array(src.length);
  const values = new Float64Array(src.length);
  for (let p = 0; p < src.length; p++) {
    order[p] = src[pos[p]!]!;
    values[p] = keys[order[p]!]! + 0;
  }
  return { order, values };
}

/** Rows sorted by x then y: the order, and x and y in that order. */
export interface LexSorted {
  /** Row indices, sorted. */
  readonly order: Uint32Array;
  /** x in sorted order (-0 read as +0). */
  readonly x: Float64Array;
  /** y in sorted order. */
  readonly y: Float64Array;
}

/**
 * Row indices sorted by x, ties by y, ties in both by index: the order of numpy's stable
 * `np.lexsort((y, x))`, which scikit-learn's `IsotonicRegression._build_y` sorts by
 * (sklearn/isotonic.py). The order inside a run of equal x fixes the order in which the run's
 * targets are summed, so matching it keeps the pooled means bit-identical.
 *
 * @param byY - `radixSort(y)` when the caller already has it.
 */
export function lexSort(x: Float64Array, y: Float64Array, byY?: Sorted): LexSorted {
  const n = x.length;
  const sorted = radixSort(x, byY?.order);
  const order = sorted.order;
  const ys = new Float64Array(n);
  for (let p = 0; p < n; p++) ys[p] = y[order[p]!]!;
  if (byY !== undefined) return { order, x: sorted.values, y: ys };
  const xs = sorted.values;
  // Inside each run of tied x the rows are still in index order (the sort is stable): sort the
  // run by y, stably. Short runs by insertion; long ones (a classifier with few distinct scores)
  // by one partition pass when y takes two values there (0/1 labels), else by the radix sort, so
  // heavy ties cost O(n), not O(n log n).
  let start = 0;
  while (start < n) {
    const xv = xs[start]!;
    let end = start + 1;
    let inOrder = true;
    while (end < n && xs[end] === xv) {
      if (ys[end]! < ys[end - 1]!) inOrder = false;
      end++;
    }
    if (!inOrder && end - start <= 32) {
      for (let p = start + 1; p < end; p++) {
        const idx = order[p]!;
        const yv = ys[p]!;
        let q = p - 1;
        // Equal y keep their (index) order: the scan stops at the first y not above yv.
        while (q >= start && ys[q]! > yv) {
          order[q + 1] = order[q]!;
          ys[q + 1] = ys[q]!;
          q--;
        }
        order[q + 1] = idx;
        ys[q + 1] = yv;
      }
    } else if (!inOrder && !partitionTwoValues(order, ys, start, end)) {
      const runY = ys.slice(start, end);
      const runOrder = order.slice(start, end);
      // The permutation is applied to the run's own y rather than taking the sorted keys, which
      // have lost the sign of -0; reads stay within the run.
      const within = radixSort(runY).order;
      for (let p = 0; p < within.length; p++) {
        const q = within[p]!;
        order[start + p] = runOrder[q]!;
        ys[start + p] = runY[q]!;
      }
    }
    start = end;
  }
  return { order, x: xs, y: ys };
}

/**
 * Stably sort positions start…end-1 of (order, ys) by ys when ys takes only two values there (0/1
 * labels, the common case in calibration): one partition pass instead of a sort.
 *
 * @returns false, with nothing changed, when the run holds more than two distinct values.
 */
function partitionTwoValues(order: Uint32Array, ys: Float64Array, start: number, end: number): boolean {
  let low = ys[start]!;
  let high = low;
  for (let p = start + 1; p < end; p++) {
    const v = ys[p]!;
    if (v === low || v === high) continue;
    if (low !== high) return false;
    if (v < low) low = v;
    else high = v;
  }
  const runOrder = order.slice(start, end);
  const runY = ys.slice(start, end);
  let q = start;
  for (let p = 0; p < runY.length; p++) {
    if (runY[p] === low) {
      order[q] = runOrder[p]!;
      ys[q++] = runY[p]!;
    }
  }
  for (let p = 0; p < runY.length; p++) {
    if (runY[p] !== low) {
      order[q] = runOrder[p]!;
      ys[q++] = runY[p]!;
    }
  }
  return true;
}

/**
 * Whether Spearman's rank correlation of x and y is >= 0, as scikit-learn's `check_increasing`
 * decides it (sklearn/isotonic.py: `rho >= 0` with `rho` from `scipy.stats.spearmanr`). When x or
 * y is constant, rho is NaN there and the answer is `false`; we follow that.
 *
 * The sign is computed from the covariance of doubled, centred average ranks, integers, summed
 * with compensation (Neumaier), so it is exact up to about 10⁷ rows; scipy's float result can
 * differ in sign from the exact one only when rho is zero to rounding.
 *
 * @param byX - the rows sorted by x; @param byY - the rows sorted by y.
 */
export function spearmanNonNegative(byX: Sorted, byY: Sorted): boolean {
  const n = byX.order.length;
  const rx = centredDoubledRanks(byX);
  if (rx === undefined) return false;
  const ry = centredDoubledRanks(byY);
  if (ry === undefined) return false;
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const term = rx[i]! * ry[i]!;
    const t = sum + term;
    comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return sum + comp >= 0;
}

/** 2·rank − (n + 1) per row, with average ranks for ties; `undefined` when all values are equal. */
function centredDoubledRanks(sorted: Sorted): Float64Array | undefined {
  const { order, values } = sorted;
  const n = order.length;
  const out = new Float64Array(n);
  let start = 0;
  while (start < n) {
    const value = values[start]!;
    let end = start + 1;
    while (end < n && values[end] === value) end++;
    if (start === 0 && end === n) return undefined;
    // Positions start…end-1 share the 1-based rank (start + end + 1) / 2.
    const r = start + end - n;
    for (let p = start; p < end; p++) out[order[p]!] = r;
    start = end;
  }
  return out;
}
