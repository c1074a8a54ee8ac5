import { allFinite } from '../../core/_internal/finite.js';
import { sortTiedRuns } from './pava-sort.js';
import { scratchBuffer } from './scratch.js';
import { ISOTONIC_FIT_WASM } from './wasm/isotonic-fit-wasm.js';
import { HEAP_START, holding, reserve, weakModule, type ModuleExports } from '../../core/_internal/wasm.js';

// The sort of an unweighted isotonic fit: x and y reordered together by x (then y), with no row
// indices. An unweighted fit needs only the two sorted value arrays, so the radix passes move
// 16 bytes a row instead of 20 (x, y and an index) and nothing is gathered afterwards. The digits
// cover only the bits in which the keys' high words differ: scores in (0, 1) share their top 7
// bits, so 3 passes of at most 9 bits do what 4 byte passes did. The reads of x for the
// finiteness check and the histogram, and the passes that fixed runs of equal high words and
// sorted tied x by y, are folded into the radix passes and the pooling. At 10⁶ logistic scores
// (bench/calibration.bench.ts's data) this sort plus the pooling measured 58 ms (min of 15)
// against 65 ms for the indexed `lexSort` alone, and the whole fit 71 ms against 90 ms, in one
// process on a 2-core VM shared with other work, where a scatter pass of x and y costs about
// 9-10 ms whatever the digit width up to 9 bits: the passes, not the memory, set the floor.

/** Below this many rows the general sort is used: the radix sort's fixed cost dominates. */
export const PAIRS_MIN_ROWS = 512;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HI_AT = LITTLE_ENDIAN ? 1 : 0;
const LO_AT = 1 - HI_AT;
/** Runs of equal high words up to this long are sorted by insertion, longer ones by radix. */
const SHORT_RUN = 48;
/** Widest digit: one 9-bit pass (512 buckets) measured as cheap as an 8-bit one, 11 bits 60% dearer. */
const MAX_DIGIT_BITS = 9;

/** x and y sorted together by the high word of x, and two free arrays of the same length. */
export interface SortedPairs {
  /** x, sorted by high word: ascending except inside runs of equal high words (see {@link poolPairs}). */
  readonly x: Float64Array;
  /** y in the same order. */
  readonly y: Float64Array;
  /** Scratch arrays of x's length (contents meaningless), free for the caller. */
  readonly spare: readonly [Float64Array, Float64Array];
}

/**
 * Sort (x, y) pairs by the high 32 bits of x, stably, and check the values on the way;
 * {@link poolPairs} finishes the order. The passes run in the WebAssembly module of
 * `wasm/sort-pairs.c` where it compiles (about twice as fast), else in JavaScript; both give the
 * same order (any stable sort by the same key does). The arrays returned are views of that
 * module's memory or of the scratch buffer, valid until the next fit.
 *
 * @returns `undefined`, having changed nothing, when x or y holds NaN or ±Infinity (the caller's
 *   general path reports it) or x holds a -0 (the general sort keeps its sign apart from the +0
 *   it ties with).
 */
export function sortPairs(x: Float64Array, y: Float64Array): SortedPairs | undefined {
  const sorter = pairSorter();
  return sorter === undefined ? sortPairsHere(x, y, scratchBuffer(32 * x.length)) : sortPairsWasm(sorter, x, y);
}

/** The exports of wasm/isotonic-fit.c. */
interface PairSorter extends ModuleExports {
  sortPairs(x: number, y: number, x2: number, y2: number, n: number, counts: number): number;
  orderRuns(x: number, y: number, n: number, longRuns: number): number;
  poolTies(x: number, y: number, w: number, n: number): number;
  pavaBlocks(y: number, w: number, end: number, n: number): void;
  interpolateByGuide(
    xt: number,
    yt: number,
    m: number,
    slopes: number,
    start: number,
    cells: number,
    scale: number,
    q: number,
    out: number,
    n: number,
    policy: number,
  ): number;
}

/** The fitting module (see core/_internal/wasm.ts): `undefined` where WebAssembly is missing or refuses. */
const pairSorter = weakModule<PairSorter>(ISOTONIC_FIT_WASM);

/** The fitting module if `arrays` are all views of its live instance's memory. */
function sorterHolding(...arrays: ArrayBufferView[]): PairSorter | undefined {
  return holding(pairSorter(), ...arrays);
}

/**
 * PAVA (pava.ts's `pavaBlocks`, the same operations) in the module when its arrays live there
 * (fits that went through {@link sortPairs}'s compiled path).
 *
 * @returns false, having done nothing, when they do not.
 */
export function pavaInModule(y: Float64Array, w: Float64Array, end: Int32Array, n: number): boolean {
  const sorter = sorterHolding(y, w, end);
  if (sorter === undefined) return false;
  sorter.pavaBlocks(y.byteOffset, w.byteOffset, end.byteOffset, n);
  return true;
}

/**
 * pava.ts's `interpolateByGuide` in the module (the same arithmetic, guide and all): the table
 * and the queries are copied in, the values copied out into `out`. At 10⁶ queries the loop runs
 * in about a quarter of the JavaScript's time; the copies cost less than the difference.
 *
 * @param cells - the guide's cells (see pava.ts's `segmentGuide`).
 * @param scale - cells per unit of x.
 * @returns the index of the first query that stops the pass, -1 if none, or `undefined` where
 *   the module cannot run.
 */
export function interpolateInModule(
  xt: Float64Array,
  yt: Float64Array,
  cells: number,
  scale: number,
  queries: Float64Array,
  out: number[],
  policy: 'nan' | 'clip' | 'raise',
): number | undefined {
  const sorter = pairSorter();
  if (sorter === undefined) return undefined;
  const m = xt.length;
  const n = queries.length;
  const xtAt = COUNTS_AT;
  const ytAt = xtAt + 8 * m;
  const slopesAt = ytAt + 8 * m;
  const startAt = slopesAt + 8 * m;
  const queriesAt = startAt + 8 * Math.ceil((cells + 1) / 2);
  const outAt = queriesAt + 8 * n;
  const need = outAt + 8 * n;
  const buffer = reserve(sorter.memory, need);
  new Float64Array(buffer, xtAt, m).set(xt);
  new Float64Array(buffer, ytAt, m).set(yt);
  new Float64Array(buffer, queriesAt, n).set(queries);
  const code = policy === 'nan' ? 0 : policy === 'clip' ? 1 : 2;
  const stop = sorter.interpolateByGuide(xtAt, ytAt, m, slopesAt, startAt, cells, scale, queriesAt, outAt, n, code);
  const values = new Float64Array(buffer, outAt, n);
  const end = stop < 0 ? n : stop;
  for (let i = 0; i < end; i++) out[i] = values[i]!;
  return stop;
}

/** The fit's layout in the module: radix counts, then the long runs, then the four arrays. */
const COUNTS_AT = HEAP_START;
/** The long runs {@link poolPairs} hands back: at most one per SHORT_RUN + 1 rows, two ints each. */
const RUNS_AT = COUNTS_AT + 3 * 2048 * 4;

function pairsAt(n: number): number {
  return RUNS_AT + 8 * (Math.floor(n / (SHORT_RUN + 1)) + 1);
}

/** {@link sortPairs} by the compiled passes; the arrays returned are views of the module's memory. */
function sortPairsWasm(sorter: PairSorter, x: Float64Array, y: Float64Array): SortedPairs | undefined {
  const n = x.length;
  const at = pairsAt(n);
  const need = at + 32 * n;
  const buffer = reserve(sorter.memory, need);
  const arrays = [0, 1, 2, 3].map((k) => new Float64Array(buffer, at + 8 * k * n, n)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  arrays[0].set(x);
  arrays[1].set(y);
  const where = sorter.sortPairs(arrays[0].byteOffset, arrays[1].byteOffset, arrays[2].byteOffset, arrays[3].byteOffset, n, COUNTS_AT);
  if (where < 0) return undefined;
  const [xs, ys, xs2, ys2] = where === 0 ? arrays : [arrays[2], arrays[3], arrays[0], arrays[1]];
  return { x: xs, y: ys, spare: [xs2, ys2] };
}

/**
 * {@link sortPairs} in JavaScript, in `scratch` (at least 32 bytes a row): the first read of x
 * finds the varying bits and counts the first digit, the first scatter counts the other digits,
 * so x is read once before the passes.
 */
function sortPairsHere(x: Float64Array, y: Float64Array, scratch: ArrayBuffer): SortedPairs | undefined {
  const n = x.length;
  const xWords = new Int32Array(x.buffer, x.byteOffset, 2 * n);
  const low = new Int32Array(1 << MAX_DIGIT_BITS);
  const varying = scanKeys(xWords, n, low);
  if (varying < 0) return undefined;
  let xs = new Float64Array(scratch, 0, n);
  let ys = new Float64Array(scratch, 8 * n, n);
  let xs2 = new Float64Array(scratch, 16 * n, n);
  let ys2 = new Float64Array(scratch, 24 * n, n);

  // The digits cover bits lowest…top of the sortable high word, where the keys differ.
  const top = 32 - Math.clz32(varying);
  const lowest = varying === 0 ? 0 : 31 - Math.clz32(varying & -varying);
  const passes = Math.ceil((top - lowest) / MAX_DIGIT_BITS);
  if (passes === 0) {
    // Every key shares its high word: poolPairs sorts the one run.
    xs.set(x);
    ys.set(y);
    return allFinite(ys) ? { x: xs, y: ys, spare: [xs2, ys2] } : undefined;
  }
  const bits = Math.ceil((top - lowest) / passes);
  const buckets = 1 << bits;
  const mask = buckets - 1;
  const counts = new Int32Array(4 * buckets);
  if (lowest === 0) {
    // The first digit is the low `bits` bits, whose counts the scan took (at MAX_DIGIT_BITS).
    for (let d = 0; d < low.length; d++) counts[d & mask] = counts[d & mask]! + low[d]!;
  } else {
    countDigit(xWords, n, counts, lowest, mask);
  }
  prefixSums(counts, 0, buckets);
  // Each loop is a function of its own, so that V8 optimizes each once it has run.
  if (!firstScatter(xWords, x, y, counts, buckets, lowest, bits, xs2, ys2)) return undefined;
  [xs, xs2] = [xs2, xs];
  [ys, ys2] = [ys2, ys];
  for (let pass = 1; pass < passes; pass++) {
    const base = pass * buckets;
    prefixSums(counts, base, buckets);
    scatter(new Int32Array(xs.buffer, xs.byteOffset, 2 * n), xs, ys, counts, base, lowest + pass * bits, mask, xs2, ys2);
    [xs, xs2] = [xs2, xs];
    [ys, ys2] = [ys2, ys];
  }
  return { x: xs, y: ys, spare: [xs2, ys2] };
}

/**
 * One read of the keys: the bits in which their sortable high words differ (the OR of each
 * word's XOR with the first), and the counts of the low MAX_DIGIT_BITS bits into `low`. The
 * sortable word of a double flips every bit of a negative number and only the sign bit of a
 * positive one, so that its unsigned order is the numeric order.
 *
 * @returns the varying bits (unsigned), or -1 at NaN, ±Infinity or -0.
 */
function scanKeys(words: Int32Array, n: number, low: Int32Array): number {
  const w0 = words[HI_AT]!;
  const h0 = w0 ^ ((w0 >> 31) | 0x80000000);
  const mask = low.length - 1;
  let varying = 0;
  for (let p = 0; p < n; p++) {
    const w = words[2 * p + HI_AT]!;
    // An exponent of all ones is NaN or ±Infinity.
    if ((w & 0x7ff00000) === 0x7ff00000 || (w === -0x80000000 && words[2 * p + LO_AT] === 0)) return -1;
    const h = w ^ ((w >> 31) | 0x80000000);
    varying |= h ^ h0;
    low[h & mask]!++;
  }
  return varying >>> 0;
}

/** Count the digit (h >>> shift) & mask of every key into counts[0…mask]. */
function countDigit(words: Int32Array, n: number, counts: Int32Array, shift: number, mask: number): void {
  for (let p = 0; p < n; p++) {
    const w = words[2 * p + HI_AT]!;
    counts[((w ^ ((w >> 31) | 0x80000000)) >>> shift) & mask]!++;
  }
}

/** Turn the counts of one pass into the first position of each bucket. */
function prefixSums(counts: Int32Array, base: number, buckets: number): void {
  let sum = 0;
  for (let d = 0; d < buckets; d++) {
    const c = counts[base + d]!;
    counts[base + d] = sum;
    sum += c;
  }
}

/**
 * The first scatter pass, from the caller's arrays: it also counts the next three digits (those
 * past the last pass count bits that do not vary, harmlessly) and checks that y is finite.
 *
 * @returns false at a NaN or ±Infinity in y.
 */
function firstScatter(
  words: Int32Array,
  x: Float64Array,
  y: Float64Array,
  counts: Int32Array,
  buckets: number,
  shift: number,
  bits: number,
  xs2: Float64Array,
  ys2: Float64Array,
): boolean {
  const n = x.length;
  const mask = buckets - 1;
  const s1 = shift + bits;
  const s2 = shift + 2 * bits;
  const s3 = shift + 3 * bits;
  const b2 = 2 * buckets;
  const b3 = 3 * buckets;
  let finite = true;
  for (let p = 0; p < n; p++) {
    const w = words[2 * p + HI_AT]!;
    const h = w ^ ((w >> 31) | 0x80000000);
    const d = (h >>> shift) & mask;
    const q = counts[d]!;
    counts[d] = q + 1;
    counts[buckets + ((h >>> s1) & mask)]!++;
    counts[b2 + ((h >>> s2) & mask)]!++;
    counts[b3 + ((h >>> s3) & mask)]!++;
    const t = y[p]!;
    if (t - t !== 0) finite = false;
    xs2[q] = x[p]!;
    ys2[q] = t;
  }
  return finite;
}

/** One stable scatter pass by the digit (h >>> shift) & mask; `words` views `xs`. */
function scatter(
  words: Int32Array,
  xs: Float64Array,
  ys: Float64Array,
  counts: Int32Array,
  base: number,
  shift: number,
  mask: number,
  xs2: Float64Array,
  ys2: Float64Array,
): void {
  const n = xs.length;
  for (let p = 0; p < n; p++) {
    const w = words[2 * p + HI_AT]!;
    const d = base + (((w ^ ((w >> 31) | 0x80000000)) >>> shift) & mask);
    const q = counts[d]!;
    counts[d] = q + 1;
    xs2[q] = xs[p]!;
    ys2[q] = ys[p]!;
  }
}

// X_RESOLUTION of pava.ts: rows closer than this to their group's first x are pooled.
const X_RESOLUTION = 1e-15;

/**
 * Pool the rows sorted by {@link sortPairs} into groups of (nearly) equal x, as pava.ts's
 * `poolTies` does for rows of weight 1: the group's first x goes to xs[u], its mean to ys[u], its
 * size to uw[u]. The sums run over the same terms in the same order, so the means are the same to
 * the bit. Each run of equal high words is first put in (x, y) order where it starts, which saves
 * the two separate passes over the arrays that fixing the runs and sorting the ties took.
 *
 * @param spare - scratch for long runs; `spare[0]` may be `uw` itself: a run is sorted at
 *   positions at or after the current row, and uw is written only before it.
 * @returns the number of groups.
 */
export function poolPairs(xs: Float64Array, ys: Float64Array, uw: Float64Array, spare: readonly [Float64Array, Float64Array]): number {
  const n = xs.length;
  const sorter = sorterHolding(xs, ys, uw, spare[0], spare[1]);
  if (sorter !== undefined) {
    // Compiled: short runs ordered and ties pooled in the module; the long unsorted runs (heavy
    // ties) come back to orderRun, whose radix and two-value partition keep them linear. All
    // runs are ordered before any pooling, so uw is free as scratch until then.
    const runs = sorter.orderRuns(xs.byteOffset, ys.byteOffset, n, RUNS_AT);
    const bounds = new Int32Array(sorter.memory.buffer, RUNS_AT, 2 * runs).slice();
    for (let r = 0; r < runs; r++) orderRun(xs, ys, spare[0], spare[1], bounds[2 * r]!, bounds[2 * r + 1]!);
    return sorter.poolTies(xs.byteOffset, ys.byteOffset, uw.byteOffset, n);
  }
  const words = new Int32Array(xs.buffer, xs.byteOffset, 2 * n);
  let u = -1;
  let groupX = 0;
  let sumY = 0;
  let count = 0;
  let runEnd = 0;
  for (let p = 0; p < n; p++) {
    if (p === runEnd) {
      const h = words[2 * p + HI_AT];
      runEnd = p + 1;
      while (runEnd < n && words[2 * runEnd + HI_AT] === h) runEnd++;
      if (runEnd - p > 1) orderRun(xs, ys, spare[0], spare[1], p, runEnd);
    }
    const xv = xs[p]!;
    const yv = ys[p]!;
    if (u >= 0 && xv - groupX < X_RESOLUTION) {
      sumY += yv;
      count++;
      continue;
    }
    if (u >= 0) {
      ys[u] = sumY / count;
      uw[u] = count;
    }
    u++;
    groupX = xv;
    xs[u] = xv;
    sumY = yv;
    count = 1;
  }
  ys[u] = sumY / count;
  uw[u] = count;
  return u + 1;
}

/** Put positions start…end-1, which share their high word, in (x, y) order, stably. */
function orderRun(xs: Float64Array, ys: Float64Array, xs2: Float64Array, ys2: Float64Array, start: number, end: number): void {
  let sorted = true;
  for (let p = start + 1; p < end; p++) {
    const a = xs[p - 1]!;
    const b = xs[p]!;
    if (b < a || (b === a && ys[p]! < ys[p - 1]!)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  if (end - start <= SHORT_RUN) {
    // One insertion sort by (x, y) instead of one by x and then sortTiedRuns on two fresh
    // subarrays: 10⁶ logistic scores have ~75 000 such runs, and creating the views cost more
    // than sorting them (poolPairs measured ~23 → ~17 ms at 10⁶, min of 35).
    insertionByPair(xs, ys, start, end);
    return;
  }
  radixByLow(xs, ys, xs2, ys2, start, end);
  sortTiedRuns(undefined, xs.subarray(start, end), ys.subarray(start, end));
}

/** Stable insertion sort of positions start…end-1 by x, then y. */
function insertionByPair(xs: Float64Array, ys: Float64Array, start: number, end: number): void {
  for (let p = start + 1; p < end; p++) {
    const v = xs[p]!;
    const t = ys[p]!;
    let q = p - 1;
    for (; q >= start; q--) {
      const u = xs[q]!;
      if (u < v || (u === v && ys[q]! <= t)) break;
      xs[q + 1] = u;
      ys[q + 1] = ys[q]!;
    }
    xs[q + 1] = v;
    ys[q + 1] = t;
  }
}

/**
 * Stable LSD radix sort of positions start…end-1, which share their high word (so their sign),
 * by the low word in the order of their values, in bytes; `xs2`, `ys2` are scratch.
 */
function radixByLow(xs: Float64Array, ys: Float64Array, xs2: Float64Array, ys2: Float64Array, start: number, end: number): void {
  const len = end - start;
  // For negative numbers a larger low word is a smaller value.
  const flip = xs[start]! < 0 ? -1 : 0;
  const counts = new Int32Array(4 * 256);
  let words = new Int32Array(xs.buffer, xs.byteOffset, 2 * xs.length);
  for (let p = start; p < end; p++) {
    const l = words[2 * p + LO_AT]! ^ flip;
    counts[l & 255]!++;
    counts[256 + ((l >>> 8) & 255)]!++;
    counts[512 + ((l >>> 16) & 255)]!++;
    counts[768 + (l >>> 24)]!++;
  }
  let srcX = xs;
  let srcY = ys;
  let dstX = xs2;
  let dstY = ys2;
  const l0 = words[2 * start + LO_AT]! ^ flip;
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 256;
    const shift = pass * 8;
    if (counts[base + ((l0 >>> shift) & 255)] === len) continue;
    let sum = start;
    for (let d = 0; d < 256; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    for (let p = start; p < end; p++) {
      const d = base + ((((words[2 * p + LO_AT]! ^ flip) >>> shift) & 255));
      const q = counts[d]!;
      counts[d] = q + 1;
      dstX[q] = srcX[p]!;
      dstY[q] = srcY[p]!;
    }
    [srcX, dstX] = [dstX, srcX];
    [srcY, dstY] = [dstY, srcY];
    words = new Int32Array(srcX.buffer, srcX.byteOffset, 2 * srcX.length);
  }
  if (srcX !== xs) {
    xs.set(srcX.subarray(start, end), start);
    ys.set(srcY.subarray(start, end), start);
  }
}
