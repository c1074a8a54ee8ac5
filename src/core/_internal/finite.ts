/**
 * Whether every value is finite. `v - v` is NaN exactly for NaN and ±Infinity, and NaN survives a
 * sum, so the fast path takes one branch per four values (about twice as fast as one per value
 * at 2·10⁶ values).
 *
 * @returns the index of the first NaN or ±Infinity, or -1 when there is none.
 */
export function firstNonFinite(values: Float64Array): number {
  const n = values.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a = values[i]!;
    const b = values[i + 1]!;
    const c = values[i + 2]!;
    const d = values[i + 3]!;
    if (a - a + (b - b) + (c - c) + (d - d) !== 0) break;
  }
  for (; i < n; i++) {
    const v = values[i]!;
    if (v - v !== 0) return i;
  }
  return -1;
}

/** Whether every value is finite (see {@link firstNonFinite}). */
export function allFinite(values: Float64Array): boolean {
  return firstNonFinite(values) < 0;
}
