// Stable ascending argsort of float64 values, the order numpy's `argsort(kind="mergesort")` gives
// (ties keep their input order), which scikit-learn's `_binary_clf_curve` relies on.
//
// Large inputs use an LSD radix sort on the IEEE-754 bits: six passes of 11 bits (2048 buckets
// stay in cache, unlike 65536), passes whose digit is the same for every value skipped. On 10^6
// doubles it is several times faster than `Array.prototype.sort` with a comparator on an index
// array, and faster than 16-bit digits (measured while writing it; bench/metrics.bench.ts
// prints the comparison with the comparator sort).

const RADIX_MIN = 512;
const BUCKETS = 2048;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Stable argsort by comparison (small inputs, and big-endian platforms). */
export function argsortByComparison(values: ArrayLike<number>): Uint32Array {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  // `a - b` is 0 for -0 against 0, so they tie as in numpy; ties fall back to input order.
  idx.sort((a, b) => values[a]! - values[b]! || a - b);
  return Uint32Array.from(idx);
}

/**
 * Indices that sort `values` ascending; equal values keep their input order, and -0 equals 0.
 * `values` must be finite (callers validate first).
 */
export function argsortStable(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  if (n < RADIX_MIN || !LITTLE_ENDIAN) return argsortByComparison(values);

  const copy = new Float64Array(n);
  // `+ 0` turns -0 into +0 so the two sort as equal (their bit patterns differ).
  for (let i = 0; i < n; i++) copy[i] = values[i]! + 0;
  const bits = new Uint32Array(copy.buffer);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  const counts = new Uint32Array(6 * BUCKETS);
  for (let i = 0; i < n; i++) {
    let h = bits[2 * i + 1]!;
    let l = bits[2 * i]!;
    // Map doubles to unsigned integers in the same order: negatives get every bit flipped,
    // non-negatives only the sign bit.
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
    counts[l & 0x7ff]!++;
    counts[BUCKETS + ((l >>> 11) & 0x7ff)]!++;
    counts[2 * BUCKETS + (l >>> 22)]!++;
    counts[3 * BUCKETS + (h & 0x7ff)]!++;
    counts[4 * BUCKETS + ((h >>> 11) & 0x7ff)]!++;
    counts[5 * BUCKETS + (h >>> 22)]!++;
  }
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  for (let pass = 0; pass < 6; pass++) {
    const off = pass * BUCKETS;
    const fromLo = pass < 3;
    const shift = (pass % 3) * 11;
    const key = fromLo ? lo : hi;
    if (counts[off + ((key[0]! >>> shift) & 0x7ff)] === n) continue;
    let sum = 0;
    for (let d = 0; d < BUCKETS; d++) {
      const c = counts[off + d]!;
      counts[off + d] = sum;
      sum += c;
    }
    if (fromLo) {
      for (let i = 0; i < n; i++) {
        const pos = counts[off + ((lo[i]! >>> shift) & 0x7ff)]!++;
        lo2[pos] = lo[i]!;
        hi2[pos] = hi[i]!;
        idx2[pos] = idx[i]!;
      }
      [lo, lo2] = [lo2, lo];
    } else {
      for (let i = 0; i < n; i++) {
        const pos = counts[off + ((hi[i]! >>> shift) & 0x7ff)]!++;
        hi2[pos] = hi[i]!;
        idx2[pos] = idx[i]!;
      }
    }
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}
