// Bit-exact stand-ins for the few numpy routines whose *order of operations* decides which fold a
// row lands in under scikit-learn. Matching sklearn's indices exactly means matching these too:
// - GroupKFold orders groups with `np.argsort` (default kind: an unstable introsort), so equal-sized
//   groups come out in the order numpy's partitioning leaves them;
// - StratifiedGroupKFold compares `np.std` values with `<` and `np.isclose`, and numpy sums with
//   pairwise (blocked) summation along a contiguous axis, sequentially across rows otherwise, so a
//   naive sum can round differently and flip a near-tie.
// Written from numpy 1.24's npysort/quicksort.cpp, npysort_heapsort.h and umath's pairwise_sum,
// and checked against numpy itself by the fixtures (test/fixtures/folds.json, "numpyArgsort").

const SMALL_QUICKSORT = 15;
const PW_BLOCKSIZE = 128;

function msb(n: number): number {
  let depth = 0;
  while (n > 1) {
    n = Math.floor(n / 2);
    depth++;
  }
  return depth;
}

/** numpy's `aheapsort_` on `order[lo .. lo + n - 1]` (1-based heap over that slice); exported for its fixture test. */
export function heapArgsort(v: ArrayLike<number>, order: Int32Array, lo: number, n: number): void {
  const a = (i: number): number => order[lo + i - 1]!;
  const set = (i: number, x: number): void => {
    order[lo + i - 1] = x;
  };
  // Sift `tmp` down from position `i` of the heap `1 .. size` (the loop body numpy writes twice).
  const siftDown = (tmp: number, i: number, size: number): void => {
    let j = i << 1;
    while (j <= size) {
      if (j < size && v[a(j)]! < v[a(j + 1)]!) j += 1;
      if (v[tmp]! < v[a(j)]!) {
        set(i, a(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  };
  for (let l = n >> 1; l > 0; --l) siftDown(a(l), l, n);
  for (; n > 1; ) {
    const tmp = a(n);
    set(n, a(1));
    n -= 1;
    siftDown(tmp, 1, n);
  }
}

/**
 * `np.argsort(v)` with numpy's default kind for numeric arrays (introsort: median-of-three
 * quicksort, insertion sort below 16 elements, heapsort past a depth limit). Unstable, and its
 * tie order is what scikit-learn's GroupKFold inherits.
 */
export function numpyArgsort(v: ArrayLike<number>): Int32Array {
  const num = v.length;
  const t = new Int32Array(num);
  for (let i = 0; i < num; i++) t[i] = i;
  if (num <= 1) return t;
  const swap = (i: number, j: number): void => {
    const s = t[i]!;
    t[i] = t[j]!;
    t[j] = s;
  };
  let pl = 0;
  let pr = num - 1;
  const stack: number[] = [];
  let cdepth = msb(num) * 2;
  for (;;) {
    if (cdepth < 0) {
      heapArgsort(v, t, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (v[t[pm]!]! < v[t[pl]!]!) swap(pm, pl);
        if (v[t[pr]!]! < v[t[pm]!]!) swap(pr, pm);
        if (v[t[pm]!]! < v[t[pl]!]!) swap(pm, pl);
        const vp = v[t[pm]!]!;
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (v[t[pi]!]! < vp);
          do --pj;
          while (vp < v[t[pj]!]!);
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // The larger side waits on the stack with the depth budget it will resume with.
        cdepth--;
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr, cdepth);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1, cdepth);
          pl = pi + 1;
        }
      }
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = t[pi]!;
        const vp = v[vi]!;
        let pj = pi;
        let pk = pi - 1;
        while (pj > pl && vp < v[t[pk]!]!) t[pj--] = t[pk--]!;
        t[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    cdepth = stack.pop()!;
    pr = stack.pop()!;
    pl = stack.pop()!;
  }
  return t;
}

/**
 * numpy's `pairwise_sum` over `a[start], a[start + stride], …` (`n` terms): a plain loop below 8
 * terms, eight interleaved accumulators up to 128, halving (at multiples of 8) above.
 */
export function pairwiseSum(a: ArrayLike<number>, start: number, n: number, stride = 1): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i * stride]!;
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = a[start + j * stride]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + (i + j) * stride]!;
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i * stride]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2, stride) + pairwiseSum(a, start + n2 * stride, n - n2, stride);
}

function sequentialSum(a: ArrayLike<number>, start: number, n: number, stride: number): number {
  let res = 0;
  for (let i = 0; i < n; i++) res += a[start + i * stride]!;
  return res;
}

/**
 * `np.std` (ddof 0) of `n` values `a[start + i * stride]`, summing the way numpy does for that
 * axis: `pairwise` for a reduction along a contiguous axis (or a lone column), sequential for a
 * reduction across the rows of a C-ordered matrix.
 */
export function numpyStd(a: ArrayLike<number>, start: number, n: number, stride: number, pairwise: boolean): number {
  const sum = pairwise ? pairwiseSum : sequentialSum;
  const mean = sum(a, start, n, stride) / n;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[start + i * stride]! - mean;
    sq[i] = d * d;
  }
  return Math.sqrt(sum(sq, 0, n, 1) / n);
}

/** `np.isclose(a, b)` with its defaults (rtol 1e-5, atol 1e-8); infinities are close only to themselves. */
export function numpyIsClose(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}
