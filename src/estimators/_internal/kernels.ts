// Dense float64 kernels over a row-major n × p matrix, the hot loops of the logistic objectives.
// Rows are processed four at a time: each coefficient (or gradient entry) is then loaded or
// stored once per four rows instead of once per row, which about halves the time in V8. They are
// module-level functions, not closures, so that their type feedback is shared by every fit.

/** out[i] = b + Σ_j x[i, j] · w[wOff + j] for every row i. */
export function matVec(x: Float64Array, n: number, p: number, w: Float64Array, wOff: number, b: number, out: Float64Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o0 = i * p;
    const o1 = o0 + p;
    const o2 = o1 + p;
    const o3 = o2 + p;
    let a0 = b;
    let a1 = b;
    let a2 = b;
    let a3 = b;
    for (let j = 0; j < p; j++) {
      const wj = w[wOff + j]!;
      a0 += x[o0 + j]! * wj;
      a1 += x[o1 + j]! * wj;
      a2 += x[o2 + j]! * wj;
      a3 += x[o3 + j]! * wj;
    }
    out[i] = a0;
    out[i + 1] = a1;
    out[i + 2] = a2;
    out[i + 3] = a3;
  }
  for (; i < n; i++) {
    const o = i * p;
    let a = b;
    for (let j = 0; j < p; j++) a += x[o + j]! * w[wOff + j]!;
    out[i] = a;
  }
}

/** out[outOff + j] = Σ_i r[i] · x[i, j] for every column j (overwrites). */
export function matTVec(x: Float64Array, n: number, p: number, r: Float64Array, out: Float64Array, outOff: number): void {
  out.fill(0, outOff, outOff + p);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o0 = i * p;
    const o1 = o0 + p;
    const o2 = o1 + p;
    const o3 = o2 + p;
    const r0 = r[i]!;
    const r1 = r[i + 1]!;
    const r2 = r[i + 2]!;
    const r3 = r[i + 3]!;
    for (let j = 0; j < p; j++) out[outOff + j]! += r0 * x[o0 + j]! + r1 * x[o1 + j]! + r2 * x[o2 + j]! + r3 * x[o3 + j]!;
  }
  for (; i < n; i++) {
    const o = i * p;
    const ri = r[i]!;
    for (let j = 0; j < p; j++) out[outOff + j]! += ri * x[o + j]!;
  }
}

/**
 * Lower triangle of Σ_i h[i] · x̃_i x̃_iᵀ into `out` (dim × dim, row-major, added to), where x̃_i
 * is row i followed by a 1 when `intercept` (dim = p + 1), else row i (dim = p).
 */
export function weightedGram(x: Float64Array, n: number, p: number, h: Float64Array, intercept: boolean, out: Float64Array): void {
  const dim = p + (intercept ? 1 : 0);
  const hx = new Float64Array(4 * p);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o0 = i * p;
    const h0 = h[i]!;
    const h1 = h[i + 1]!;
    const h2 = h[i + 2]!;
    const h3 = h[i + 3]!;
    for (let j = 0; j < p; j++) {
      hx[j] = h0 * x[o0 + j]!;
      hx[p + j] = h1 * x[o0 + p + j]!;
      hx[2 * p + j] = h2 * x[o0 + 2 * p + j]!;
      hx[3 * p + j] = h3 * x[o0 + 3 * p + j]!;
    }
    for (let j = 0; j < p; j++) {
      const row = j * dim;
      const u0 = hx[j]!;
      const u1 = hx[p + j]!;
      const u2 = hx[2 * p + j]!;
      const u3 = hx[3 * p + j]!;
      for (let l = 0; l <= j; l++) {
        out[row + l]! += u0 * x[o0 + l]! + u1 * x[o0 + p + l]! + u2 * x[o0 + 2 * p + l]! + u3 * x[o0 + 3 * p + l]!;
      }
    }
    if (intercept) {
      const row = p * dim;
      for (let l = 0; l < p; l++) out[row + l]! += hx[l]! + hx[p + l]! + hx[2 * p + l]! + hx[3 * p + l]!;
      out[row + p]! += h0 + h1 + h2 + h3;
    }
  }
  for (; i < n; i++) {
    const o = i * p;
    const hi = h[i]!;
    for (let j = 0; j < p; j++) {
      const u = hi * x[o + j]!;
      const row = j * dim;
      for (let l = 0; l <= j; l++) out[row + l]! += u * x[o + l]!;
    }
    if (intercept) {
      const row = p * dim;
      for (let l = 0; l < p; l++) out[row + l]! += hi * x[o + l]!;
      out[row + p]! += hi;
    }
  }
}
