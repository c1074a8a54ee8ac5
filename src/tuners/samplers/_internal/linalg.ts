// Dense float64 linear algebra for the Gaussian-process sampler: symmetric positive-definite
// matrices as row-major Float64Arrays (n × n). Small n (a study's trials), so plain loops over
// typed arrays beat anything fancier; the loops are ordered so the inner index is contiguous.

/**
 * In-place Cholesky factorization `A = L Lᵀ` of the row-major `n × n` matrix in `a`: on success
 * the lower triangle of `a` holds `L` and the strict upper triangle is zeroed.
 *
 * @param a - the symmetric matrix (only its lower triangle is read); overwritten.
 * @param n - its order.
 * @returns `true` on success, `false` when a pivot is not positive (then `a` is garbage).
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) {
      const v = a[rj + k]!;
      d -= v * v;
    }
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s * inv;
    }
    for (let k = j + 1; k < n; k++) a[rj + k] = 0;
  }
  return true;
}

/**
 * The Cholesky factor of `a + jitter·I`, retrying with a growing jitter (×10 from
 * `1e-10 · mean(diag)`, up to 6 times) when `a` is numerically indefinite, as GP libraries do
 * (GPyTorch's `psd_safe_cholesky`, BoTorch).
 *
 * @param a - a symmetric positive semi-definite matrix, row-major `n × n`; not modified.
 * @param n - its order.
 * @param out - where to write `L` (length `n²`), reused across calls to avoid allocation.
 * @returns the jitter that was added (0 when none was needed), or `-1` when every attempt failed.
 */
export function choleskyWithJitter(a: Float64Array, n: number, out: Float64Array): number {
  out.set(a.subarray(0, n * n));
  if (choleskyInPlace(out, n)) return 0;
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += a[i * n + i]!;
  meanDiag = n > 0 ? Math.abs(meanDiag) / n : 1;
  let jitter = 1e-10 * (meanDiag > 0 ? meanDiag : 1);
  for (let attempt = 0; attempt < 6; attempt++, jitter *= 10) {
    out.set(a.subarray(0, n * n));
    for (let i = 0; i < n; i++) out[i * n + i] = out[i * n + i]! + jitter;
    if (choleskyInPlace(out, n)) return jitter;
  }
  return -1;
}

/** Solve `L x = b` in place (`L` lower-triangular row-major `n × n`); `b` becomes `x`. */
export function solveLower(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
    b[i] = s / l[ri + i]!;
  }
}

/** Solve `Lᵀ x = b` in place (`L` lower-triangular row-major `n × n`); `b` becomes `x`. */
export function solveUpperT(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/**
 * `A⁻¹` from the Cholesky factor `L` of `A`, written to `out` (row-major `n × n`, symmetric).
 * The columns of `L⁻¹` are found by forward substitution and stored as the rows of `work`, so
 * that both passes read memory contiguously; then `A⁻¹ = L⁻ᵀ L⁻¹`.
 *
 * @param l - the lower-triangular factor.
 * @param n - the order.
 * @param out - where to write `A⁻¹` (length `n²`).
 * @param work - scratch of length `n²`.
 */
export function choleskyInverse(l: Float64Array, n: number, out: Float64Array, work: Float64Array): void {
  // Row j of work holds column j of L⁻¹ (zero above the diagonal, i.e. entries k < j).
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    for (let k = 0; k < j; k++) work[rj + k] = 0;
    for (let i = j; i < n; i++) {
      const ri = i * n;
      let s = i === j ? 1 : 0;
      for (let k = j; k < i; k++) s -= l[ri + k]! * work[rj + k]!;
      work[rj + i] = s / l[ri + i]!;
    }
  }
  // out[i][j] = Σ_{k ≥ max(i, j)} L⁻¹[k][i] L⁻¹[k][j] = Σ_k work[i][k] work[j][k].
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = 0;
      for (let k = i; k < n; k++) s += work[ri + k]! * work[rj + k]!;
      out[ri + j] = s;
      out[rj + i] = s;
    }
  }
}
