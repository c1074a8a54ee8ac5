// Sorting for isotonic regression: a stable radix sort of row indices by float64 keys, the
// (x, then y) lexicographic order scikit-learn's `np.lexsort((y, x))` gives, and the sign of
// Spearman's rho that `increasing: 'auto'` needs. All of it on typed arrays, with no allocation
// per element, because sorting dominates the cost of an isotonic fit at 10⁶ rows.

/** Below this many rows a comparison sort beats the radix sort's fixed cost. */
const SMALL = 512;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HI_AT = LITTLE_ENDIAN ? 1 : 0;
const LO_AT = 1 - HI_AT;

// The sort is most-significant word first: an LSD radix sort by the high 32 bits of each key
// (sign, exponent and 20 mantissa bits) in bytes, then each run of equal high words sorted by its
// low word. Distinct scores rarely share a high word, so the second stage is nearly free. The
// keys travel as doubles (one array, read through a Uint32Array view) with the row indices and
// the payload: three arrays scattered per pass, and the sorted values come out with no gather.
// At 10⁶ probabilities this measured about 55 ms CPU against about 62 ms for separate high and
// low words, 70-75 ms for 6-bit or 11-bit digits or an MSD radix sort, and 86 ms for the former
// four 16-bit passes over 64-bit keys (plus 26 ms to gather y afterwards), on a shared 2-core VM.
// The top byte (sign and top exponent bits) is the same for all scores in [0, 1], so its pass is
// skipped.
const BITS = 8;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;
const PASSES = 32 / BITS;
/** Runs of equal high words up to this long are sorted by insertion, longer ones by radix. */
const SHORT_RUN = 48;

/** Row indices in sorted order, with the sorted values alongside. */
export interface Sorted {
  /** Row indices, sorted. */
  readonly order: Uint32Array;
  /** `keys[order[p]]` for each position p (with -0 read as +0). */
  readonly values: Float64Array;
  /** `payload[order[p]]` for each position p, when a payload was given. */
  readonly payload?: Float64Array;
  /**
   * The radix sort's scratch arrays (n entries each, contents meaningless), free for the caller
   * to reuse: each fresh 8 MB at 10⁶ rows costs page faults as well as zeroing.
   */
  readonly spare?: { readonly values: Float64Array; readonly index: Uint32Array };
}

/**
 * Sort the row indices `order` (read in that order, so the sort is stable with respect to it) by
 * `keys[index]`. `-0` and `+0` are equal keys, as they are equal numbers. Keys must not be NaN.
 *
 * @param payload - values indexed like `keys` to return in sorted order: they travel with the
 *   keys through the passes, which at 10⁶ rows measured about 3× cheaper than gathering them
 *   through the sorted indices afterwards (a cache and TLB miss per row).
 */
export function radixSort(keys: Float64Array, order?: Uint32Array, payload?: Float64Array): Sorted {
  const n = keys.length;
  if (n < SMALL) return comparisonSort(order ?? identity(n), keys, payload);

  // The keys travel as doubles (-0 made +0) and are read as two words: flipping every bit of a
  // negative number and only the sign bit of a positive one makes the unsigned order of the high
  // word agree with the numeric order.
  let vals = new Float64Array(n);
  let idx = new Uint32Array(n);
  let pl = payload === undefined ? undefined : new Float64Array(n);
  const counts = new Uint32Array(PASSES * RADIX);
  // Without `order` and without -0, the first pass reads the keys and the payload where they
  // are instead of from a copy (one pass over 20 bytes a row saved).
  const keyWords = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  let direct = order === undefined && histogram(keyWords, n, counts);
  if (!direct) {
    copyRows(keys, order, payload, vals, idx, pl);
    counts.fill(0);
    histogram(new Uint32Array(vals.buffer), n, counts);
  }
  let words = direct ? keyWords : new Uint32Array(vals.buffer);

  // Each loop is a function of its own: V8 then optimizes each once it has run, instead of
  // deoptimizing one long function at every loop it reaches for the first time, which kept the
  // first several sorts of a process two to three times slower.
  let vals2 = new Float64Array(n);
  let idx2 = new Uint32Array(n);
  let pl2 = pl === undefined ? undefined : new Float64Array(n);
  const w0 = words[HI_AT]!;
  const h0 = (w0 ^ ((w0 >> 31) | 0x80000000)) >>> 0;
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * RADIX;
    const shift = pass * BITS;
    // A digit shared by every key (the top exponent bits of scores in [0, 1], say) needs no pass.
    if (counts[base + ((h0 >>> shift) & MASK)] === n) continue;
    prefixSums(counts, base);
    if (direct) {
      if (payload === undefined || pl2 === undefined) scatterKeys(words, keys, counts, base, shift, vals2, idx2);
      else scatterKeysPayload(words, keys, payload, counts, base, shift, vals2, idx2, pl2);
      direct = false;
    } else if (pl === undefined || pl2 === undefined) {
      scatterRows(words, vals, idx, counts, base, shift, vals2, idx2);
    } else {
      scatterRowsPayload(words, vals, idx, pl, counts, base, shift, vals2, idx2, pl2);
    }
    [pl, pl2] = [pl2, pl];
    [vals, vals2] = [vals2, vals];
    [idx, idx2] = [idx2, idx];
    words = new Uint32Array(vals.buffer);
  }
  if (direct) {
    // Every pass was skipped: the keys share their high word.
    copyRows(keys, undefined, payload, vals, idx, pl);
    words = new Uint32Array(vals.buffer);
  }
  fixRuns(words, vals, idx, pl, vals2, idx2, pl2);
  const spare = { values: vals2, index: idx2 };
  return pl === undefined ? { order: idx, values: vals, spare } : { order: idx, values: vals, payload: pl, spare };
}

/** vals = keys (as `key + 0`), idx = the row indices, pl = the payload, in the order of `order` (default: rows). */
function copyRows(
  keys: Float64Array,
  order: Uint32Array | undefined,
  payload: Float64Array | undefined,
  vals: Float64Array,
  idx: Uint32Array,
  pl: Float64Array | undefined,
): void {
  const n = keys.length;
  for (let p = 0; p < n; p++) {
    const i = order === undefined ? p : order[p]!;
    vals[p] = keys[i]! + 0;
    idx[p] = i;
  }
  if (pl !== undefined && payload !== undefined) for (let p = 0; p < n; p++) pl[p] = payload[idx[p]!]!;
}

/** Turn the counts of one pass into the first position of each bucket. */
function prefixSums(counts: Uint32Array, base: number): void {
  let sum = 0;
  for (let d = 0; d < RADIX; d++) {
    const c = counts[base + d]!;
    counts[base + d] = sum;
    sum += c;
  }
}

// One scatter pass, in four monomorphic variants: from the caller's keys (rows in order) or from
// the previous pass's arrays, with or without a payload. `words` views the source keys.

function scatterKeys(words: Uint32Array, keys: Float64Array, counts: Uint32Array, base: number, shift: number, vals2: Float64Array, idx2: Uint32Array): void {
  const n = keys.length;
  for (let p = 0; p < n; p++) {
    const w = words[2 * p + HI_AT]!;
    const q = counts[base + ((((w ^ ((w >> 31) | 0x80000000)) >>> 0) >>> shift) & MASK)]!++;
    vals2[q] = keys[p]!;
    idx2[q] = p;
  }
}

function scatterKeysPayload(
  words: Uint32Array,
  keys: Float64Array,
  payload: Float64Array,
  counts: Uint32Array,
  base: number,
  shift: number,
  vals2: Float64Array,
  idx2: Uint32Array,
  pl2: Float64Array,
): void {
  const n = keys.length;
  for (let p = 0; p < n; p++) {
    const w = words[2 * p + HI_AT]!;
    const q = counts[base + ((((w ^ ((w >> 31) | 0x80000000)) >>> 0) >>> shift) & MASK)]!++;
    vals2[q] = keys[p]!;
    idx2[q] = p;
    pl2[q] = payload[p]!;
  }
}

function scatterRows(words: Uint32Array, vals: Float64Array, idx: Uint32Array, counts: Uint32Array, base: number, shift: number, vals2: Float64Array, idx2: Uint32Array): void {
  const n = vals.length;
  for (let p = 0; p < n; p++) {
    const w = words[2 * p + HI_AT]!;
    const q = counts[base + ((((w ^ ((w >> 31) | 0x80000000)) >>> 0) >>> shift) & MASK)]!++;
    vals2[q] = vals[p]!;
    idx2[q] = idx[p]!;
  }
}

function scatterRowsPayload(
  words: Uint32Array,
  vals: Float64Array,
  idx: Uint32Array,
  pl: Float64Array,
  counts: Uint32Array,
  base: number,
  shift: number,
  vals2: Float64Array,
  idx2: Uint32Array,
  pl2: Float64Array,
): void {
  const n = vals.length;
  for (let p = 0; p < n; p++) {
    const w = words[2 * p + HI_AT]!;
    const q = counts[base + ((((w ^ ((w >> 31) | 0x80000000)) >>> 0) >>> shift) & MASK)]!++;
    vals2[q] = vals[p]!;
    idx2[q] = idx[p]!;
    pl2[q] = pl[p]!;
  }
}

/**
 * Sorted by the high word, the keys can be out of order only inside a run of equal high words:
 * order each such run by value, stably. A descending pair starts the work, so the scan is one
 * comparison per row. `vals2`, `idx2`, `pl2` are scratch.
 */
function fixRuns(
  words: Uint32Array,
  vals: Float64Array,
  idx: Uint32Array,
  pl: Float64Array | undefined,
  vals2: Float64Array,
  idx2: Uint32Array,
  pl2: Float64Array | undefined,
): void {
  const n = vals.length;
  for (let p = 1; p < n; p++) {
    if (vals[p]! < vals[p - 1]!) {
      const h = words[2 * p + HI_AT];
      let start = p - 1;
      while (start > 0 && words[2 * (start - 1) + HI_AT] === h) start--;
      let end = p + 1;
      while (end < n && words[2 * end + HI_AT] === h) end++;
      if (end - start <= SHORT_RUN) insertionByValue(vals, idx, pl, start, end);
      else radixByLow(vals, idx, pl, vals2, idx2, pl2, start, end);
      p = end;
    }
  }
}

/**
 * Count the digits of every pass over the keys' high words into `counts`.
 *
 * @returns false, early, at a -0 (whose words differ from +0's), when the caller must copy the
 *   keys (as `key + 0`) and count again.
 */
function histogram(words: Uint32Array, n: number, counts: Uint32Array): boolean {
  for (let p = 0; p < n; p++) {
    const w = words[2 * p + HI_AT]!;
    if (w === 0x80000000 && words[2 * p + LO_AT] === 0) return false;
    const h = (w ^ ((w >> 31) | 0x80000000)) >>> 0;
    counts[h & MASK]!++;
    counts[RADIX + ((h >>> 8) & MASK)]!++;
    counts[2 * RADIX + ((h >>> 16) & MASK)]!++;
    counts[3 * RADIX + (h >>> 24)]!++;
  }
  return true;
}

/** Stable insertion sort of positions start…end-1 by value. */
function insertionByValue(vals: Float64Array, idx: Uint32Array, pl: Float64Array | undefined, start: number, end: number): void {
  for (let p = start + 1; p < end; p++) {
    const v = vals[p]!;
    const i = idx[p]!;
    const t = pl === undefined ? 0 : pl[p]!;
    let q = p - 1;
    while (q >= start && vals[q]! > v) {
      vals[q + 1] = vals[q]!;
      idx[q + 1] = idx[q]!;
      if (pl !== undefined) pl[q + 1] = pl[q]!;
      q--;
    }
    vals[q + 1] = v;
    idx[q + 1] = i;
    if (pl !== undefined) pl[q + 1] = t;
  }
}

/**
 * Stable LSD radix sort of positions start…end-1, which share their high word (so their sign),
 * by the low word in the order of their values; `vals2`, `idx2`, `pl2` are scratch.
 */
function radixByLow(
  vals: Float64Array,
  idx: Uint32Array,
  pl: Float64Array | undefined,
  vals2: Float64Array,
  idx2: Uint32Array,
  pl2: Float64Array | undefined,
  start: number,
  end: number,
): void {
  const len = end - start;
  // For negative numbers a larger low word is a smaller value.
  const flip = vals[start]! < 0 ? 0xffffffff : 0;
  const counts = new Uint32Array(PASSES * RADIX);
  let words = new Uint32Array(vals.buffer);
  for (let p = start; p < end; p++) {
    const l = (words[2 * p + LO_AT]! ^ flip) >>> 0;
    counts[l & MASK]!++;
    counts[RADIX + ((l >>> 8) & MASK)]!++;
    counts[2 * RADIX + ((l >>> 16) & MASK)]!++;
    counts[3 * RADIX + (l >>> 24)]!++;
  }
  let srcV = vals;
  let srcI = idx;
  let srcP = pl;
  let dstV = vals2;
  let dstI = idx2;
  let dstP = pl2;
  const l0 = (words[2 * start + LO_AT]! ^ flip) >>> 0;
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * RADIX;
    const shift = pass * BITS;
    if (counts[base + ((l0 >>> shift) & MASK)] === len) continue;
    let sum = start;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    for (let p = start; p < end; p++) {
      const q = counts[base + ((((words[2 * p + LO_AT]! ^ flip) >>> 0) >>> shift) & MASK)]!++;
      dstV[q] = srcV[p]!;
      dstI[q] = srcI[p]!;
      if (srcP !== undefined && dstP !== undefined) dstP[q] = srcP[p]!;
    }
    [srcV, dstV] = [dstV, srcV];
    [srcI, dstI] = [dstI, srcI];
    [srcP, dstP] = [dstP, srcP];
    words = new Uint32Array(srcV.buffer);
  }
  if (srcV !== vals) {
    vals.set(srcV.subarray(start, end), start);
    idx.set(srcI.subarray(start, end), start);
    if (srcP !== undefined) pl?.set(srcP.subarray(start, end), start);
  }
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function comparisonSort(src: Uint32Array, keys: Float64Array, payload?: Float64Array): Sorted {
  // Stability with respect to `src` comes from sorting positions, tie-broken by position.
  const pos = identity(src.length);
  pos.sort((a, b) => keys[src[a]!]! - keys[src[b]!]! || a - b);
  const order = new Uint32Array(src.length);
  const values = new Float64Array(src.length);
  for (let p = 0; p < src.length; p++) {
    order[p] = src[pos[p]!]!;
    values[p] = keys[order[p]!]! + 0;
  }
  if (payload === undefined) return { order, values };
  const sortedPayload = new Float64Array(src.length);
  for (let p = 0; p < src.length; p++) sortedPayload[p] = payload[order[p]!]!;
  return { order, values, payload: sortedPayload };
}

/** Rows sorted by x then y: the order, and x and y in that order. */
export interface LexSorted {
  /** Row indices, sorted. */
  readonly order: Uint32Array;
  /** x in sorted order (-0 read as +0). */
  readonly x: Float64Array;
  /** y in sorted order. */
  readonly y: Float64Array;
  /** Scratch arrays free for reuse, as {@link Sorted.spare}. */
  readonly spare?: Sorted['spare'];
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
  const sorted = radixSort(x, byY?.order, y);
  const order = sorted.order;
  const ys = sorted.payload!;
  if (byY !== undefined) return { order, x: sorted.values, y: ys, spare: sorted.spare };
  const xs = sorted.values;
  sortTiedRuns(order, xs, ys);
  return { order, x: xs, y: ys, spare: sorted.spare };
}

/**
 * Inside each run of tied x the rows are still in index order (the sort is stable): sort the run
 * by y, stably. Short runs by insertion; long ones (a classifier with few distinct scores) by one
 * partition pass when y takes two values there (0/1 labels), else by the radix sort, so heavy
 * ties cost O(n), not O(n log n).
 *
 * @param order - the row indices, permuted alongside; `undefined` when the caller has none (an
 *   unweighted fit, see sortPairs).
 */
export function sortTiedRuns(order: Uint32Array | undefined, xs: Float64Array, ys: Float64Array): void {
  const n = xs.length;
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
        const idx = order === undefined ? 0 : order[p]!;
        const yv = ys[p]!;
        let q = p - 1;
        // Equal y keep their (index) order: the scan stops at the first y not above yv.
        while (q >= start && ys[q]! > yv) {
          if (order !== undefined) order[q + 1] = order[q]!;
          ys[q + 1] = ys[q]!;
          q--;
        }
        if (order !== undefined) order[q + 1] = idx;
        ys[q + 1] = yv;
      }
    } else if (!inOrder && !partitionTwoValues(order, ys, start, end)) {
      const runY = ys.slice(start, end);
      const runOrder = order?.slice(start, end);
      // The permutation is applied to the run's own y rather than taking the sorted keys, which
      // have lost the sign of -0; reads stay within the run.
      const within = radixSort(runY).order;
      for (let p = 0; p < within.length; p++) {
        const q = within[p]!;
        if (order !== undefined && runOrder !== undefined) order[start + p] = runOrder[q]!;
        ys[start + p] = runY[q]!;
      }
    }
    start = end;
  }
}

/**
 * Stably sort positions start…end-1 of (order, ys) by ys when ys takes only two values there (0/1
 * labels, the common case in calibration): one partition pass instead of a sort.
 *
 * @returns false, with nothing changed, when the run holds more than two distinct values.
 */
function partitionTwoValues(order: Uint32Array | undefined, ys: Float64Array, start: number, end: number): boolean {
  let low = ys[start]!;
  let high = low;
  for (let p = start + 1; p < end; p++) {
    const v = ys[p]!;
    if (v === low || v === high) continue;
    if (low !== high) return false;
    if (v < low) low = v;
    else high = v;
  }
  const runOrder = order?.slice(start, end);
  const runY = ys.slice(start, end);
  let q = start;
  for (let p = 0; p < runY.length; p++) {
    if (runY[p] === low) {
      if (order !== undefined && runOrder !== undefined) order[q] = runOrder[p]!;
      ys[q++] = runY[p]!;
    }
  }
  for (let p = 0; p < runY.length; p++) {
    if (runY[p] !== low) {
      if (order !== undefined && runOrder !== undefined) order[q] = runOrder[p]!;
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
