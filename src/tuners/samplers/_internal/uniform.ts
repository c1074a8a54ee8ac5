// Uniform draws per distribution, the behaviour of Optuna's RandomSampler
// (optuna/samplers/_random.py, which samples uniformly in the space of optuna/_transform.py).
// Shared by the random sampler and by other samplers as their fallback.
import type { Rng } from '../../../core/types.js';
import type { Distribution } from '../../types.js';

/**
 * One uniform draw from a distribution, as an internal value (categorical → index).
 *
 * - float: uniform in `[low, high)` (`[low, high]` only when `low === high`); log: uniform in
 *   `[log low, log high)` then exponentiated; stepped: a uniform grid index.
 * - int: a uniform grid index; log: uniform in `[log(low − ½), log(high + ½))`, exponentiated,
 *   rounded and clipped to `[low, high]` (so a grid value's chance is the log-width of its cell).
 * - categorical: a uniform index.
 *
 * @param rng - the stream to draw from (one or two draws are taken).
 * @param distribution - where to draw from.
 * @returns the internal value, always inside the distribution.
 * @see optuna/samplers/_random.py and optuna/_transform.py (Optuna 3.1), whose draws these match in law.
 * @example
 * ```ts
 * sampleUniform(createRng(1), { type: 'int', low: 1, high: 100, log: true, step: 1 });
 * ```
 */
export function sampleUniform(rng: Rng, distribution: Distribution): number {
  const d = distribution;
  if (d.type === 'categorical') return Math.floor(rng.uniform() * d.choices.length);
  if (d.low === d.high) return d.low;
  if (d.type === 'int') {
    if (d.log) {
      const lo = Math.log(d.low - 0.5);
      const hi = Math.log(d.high + 0.5);
      const v = Math.round(Math.exp(lo + (hi - lo) * rng.uniform()));
      return Math.min(Math.max(v, d.low), d.high);
    }
    const n = Math.round((d.high - d.low) / d.step) + 1;
    return d.low + Math.floor(rng.uniform() * n) * d.step;
  }
  if (d.log) {
    const lo = Math.log(d.low);
    const hi = Math.log(d.high);
    return clampBelowHigh(Math.exp(lo + (hi - lo) * rng.uniform()), d.low, d.high);
  }
  if (d.step !== null) {
    const n = Math.round((d.high - d.low) / d.step) + 1;
    // Multiplying the index by the step keeps values on the same grid the distribution checks.
    return Math.min(d.low + Math.floor(rng.uniform() * n) * d.step, d.high);
  }
  return clampBelowHigh(d.low + (d.high - d.low) * rng.uniform(), d.low, d.high);
}

// Rounding in exp/log or low + (high - low) * u can land on high itself; Optuna keeps floats in
// [low, high) the same way (min with nextafter(high, -inf)).
function clampBelowHigh(v: number, low: number, high: number): number {
  if (v >= high) return Math.max(nextDown(high), low);
  return v < low ? low : v;
}

/** The largest double below `x` (x finite). */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const buf = new Float64Array([x]);
  const bits = new BigInt64Array(buf.buffer);
  bits[0] = x > 0 ? bits[0]! - 1n : bits[0]! + 1n;
  return buf[0]!;
}
