// Shapes, fans and the float64 samplers behind the seeded initializers.
import type { Rng } from '../../core/types.js';

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Keras's `_compute_fans`: a dense kernel `[in, out]` has fans `in` and `out`; a conv kernel
 * `[...receptive field, in, out]` multiplies both by the receptive field size; a vector has both
 * fans equal to its length, a scalar 1.
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  const receptive = sizeOf(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

/**
 * The standard deviation of a unit normal truncated to [-2, 2]; Keras divides by it so that a
 * truncated draw keeps the variance it asked for.
 */
export const TRUNCATION_STD = 0.87962566103423978;

/** `n` normal draws re-drawn until within 2 standard deviations of the mean, as tf.truncated_normal. */
export function truncatedNormal(rng: Rng, n: number, mean: number, stddev: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z: number;
    do z = rng.normal();
    while (z < -2 || z > 2);
    out[i] = mean + stddev * z;
  }
  return out;
}

/** `n` normal draws. */
export function normal(rng: Rng, n: number, mean: number, stddev: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal(mean, stddev);
  return out;
}

/** `n` uniform draws in `[low, high)`. */
export function uniform(rng: Rng, n: number, low: number, high: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = low + (high - low) * rng.uniform();
  return out;
}

/**
 * Keras's Orthogonal: flatten the shape to `rows = prod(shape[:-1])` by `cols = shape[-1]`, take the
 * Q factor of a normal `max × min` matrix with the signs fixed so that R has a positive diagonal
 * (which makes Q Haar-distributed; Mezzadri 2007), transpose it when rows < cols, scale by gain.
 * Gram–Schmidt with re-orthogonalisation ("twice is enough") yields exactly that Q, with R's
 * diagonal positive by construction. Returned row-major, `rows × cols`.
 */
export function orthogonalMatrix(rng: Rng, rows: number, cols: number, gain: number): Float64Array {
  const m = Math.max(rows, cols);
  const k = Math.min(rows, cols);
  // Column j of the m×k matrix lives in q[j*m … j*m+m) so each column is contiguous.
  const q = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) q[j * m + i] = rng.normal();
  for (let j = 0; j < k; j++) {
    const vj = j * m;
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        const vp = p * m;
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[vp + i]! * q[vj + i]!;
        for (let i = 0; i < m; i++) q[vj + i]! -= dot * q[vp + i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[vj + i]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[vj + i]! /= norm;
  }
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // rows >= cols: out = Q (m = rows, k = cols); otherwise out = Qᵀ (m = cols, k = rows).
      out[r * cols + c] = gain * (rows >= cols ? q[c * m + r]! : q[r * m + c]!);
    }
  }
  return out;
}
