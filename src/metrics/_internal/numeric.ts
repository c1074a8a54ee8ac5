// Float64 reductions that reproduce numpy's own summation order, so that results agree with
// scikit-learn to the last bit or two rather than only to ~1e-12, and so that sklearn's exact
// comparisons on sums (r2_score's `denominator == 0`, roc_curve's collinearity test) take the
// same branch here as there.

/**
 * numpy's `np.add.reduce` over a contiguous float64 array: pairwise summation in blocks of up to
 * 128 with eight partial sums (numpy/core/src/umath/loops_utils.h.src, `pairwise_sum`).
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    let r0 = a[start]!;
    let r1 = a[start + 1]!;
    let r2 = a[start + 2]!;
    let r3 = a[start + 3]!;
    let r4 = a[start + 4]!;
    let r5 = a[start + 5]!;
    let r6 = a[start + 6]!;
    let r7 = a[start + 7]!;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const o = start + i;
      r0 += a[o]!;
      r1 += a[o + 1]!;
      r2 += a[o + 2]!;
      r3 += a[o + 3]!;
      r4 += a[o + 4]!;
      r5 += a[o + 5]!;
      r6 += a[o + 6]!;
      r7 += a[o + 7]!;
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** numpy's `np.mean` of a 1-D float64 array. */
export function mean(a: ArrayLike<number>): number {
  return pairwiseSum(a) / a.length;
}

/**
 * numpy's `np.average(a, weights=w)`: `sum(a * w) / sum(w)`, both sums pairwise. The caller makes
 * sure the weights do not sum to zero.
 */
export function weightedAverage(a: ArrayLike<number>, w: ArrayLike<number> | undefined): number {
  if (w === undefined) return mean(a);
  const prod = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) prod[i] = a[i]! * w[i]!;
  return pairwiseSum(prod) / pairwiseSum(w);
}

/** The index of the first element of sorted `a` greater than `v` (numpy's `searchsorted(side='right')`). */
export function searchSortedRight(a: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Area under a curve by the trapezoidal rule, as scikit-learn's `auc(x, y)` (numpy's `trapz`
 * with the sign flipped for decreasing `x`). Returns `undefined` when `x` is not monotonic, so the
 * caller can word the error.
 */
export function trapezoidArea(x: ArrayLike<number>, y: ArrayLike<number>): number | undefined {
  const m = x.length - 1;
  let anyNegative = false;
  let allNonPositive = true;
  for (let i = 0; i < m; i++) {
    const dx = x[i + 1]! - x[i]!;
    if (dx < 0) anyNegative = true;
    if (dx > 0) allNonPositive = false;
  }
  let direction = 1;
  if (anyNegative) {
    if (!allNonPositive) return undefined;
    direction = -1;
  }
  const terms = new Float64Array(m);
  for (let i = 0; i < m; i++) terms[i] = ((x[i + 1]! - x[i]!) * (y[i + 1]! + y[i]!)) / 2;
  return direction * pairwiseSum(terms);
}
