// Log expected improvement and its maximization for the GP sampler.
//
// logEI follows Ament, Daulton, Eriksson, Balandat & Bakshy, "Unexpected Improvements to
// Expected Improvement for Bayesian Optimization" (NeurIPS 2023): EI = σ·h(z) with
// h(z) = φ(z) + zΦ(z), and log h is computed without the catastrophic cancellation of the naive
// formula for very negative z. Where the paper uses erfcx, we use the Laplace continued fraction
// of the Mills ratio, rearranged so that h/φ is a product of two positive continued fractions
// (no subtraction at all), which stays accurate for any z < 0.
//
// Maximization follows the usual multi-start recipe (BoTorch's optimize_acqf; Optuna's
// optuna/_gp/optim_mixed.py in Optuna >= 3.6): score a large random batch (plus points around
// the incumbent, BoTorch's sample_around_best), refine the best few by projected L-BFGS on the
// continuous dimensions and by coordinate search over the grid of discrete and categorical ones.
import type { Rng } from '../../../core/types.js';
import type { GpPosterior } from './gp-model.js';
import { minimizeLbfgs } from './lbfgs.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const INV_SQRT_PI_2 = 2 / Math.sqrt(Math.PI);

/** erf(x) for |x| ≤ 6 by the all-positive series e^{−x²} Σ 2ⁿ x^{2n+1} / (2n+1)!!; ±1 beyond. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax > 6) return x > 0 ? 1 : -1;
  const x2 = ax * ax;
  let term = ax;
  let sum = ax;
  for (let k = 1; k < 500; k++) {
    term *= (2 * x2) / (2 * k + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  const v = INV_SQRT_PI_2 * Math.exp(-x2) * sum;
  return x < 0 ? -v : v;
}

/** The standard normal CDF for z ≥ −2 (erfc(|x|) ≥ 0.045 there, so 1 − erf loses < 2 digits). */
function normCdfUpper(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

/**
 * The tail r(t) = 1/(t + 2/(t + 3/(t + …))) of the Mills-ratio continued fraction
 * m(t) = Φ(−t)/φ(t) = 1/(t + r(t)), by the modified Lentz method.
 */
function millsTail(t: number): number {
  const tiny = 1e-300;
  // r = 0 + a1/(b1 + a2/(b2 + …)) with a_k = k + 1 (a1 = 1 is written as the leading 1).
  let f = t;
  let c = t;
  let d = 0;
  for (let k = 2; k < 10000; k++) {
    d = t + k * d;
    if (d === 0) d = tiny;
    c = t + k / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / f;
}

/** Below this z, log h and its derivative come from the continued fraction. */
const CF_THRESHOLD = -2;

/**
 * log h(z) with h(z) = φ(z) + zΦ(z) (so EI = σ h((μ − best)/σ)), accurate for any finite z.
 *
 * @param z - the standardized improvement.
 * @returns log h(z).
 * @see Ament et al. (2023), eq. (9) and its discussion.
 */
export function logH(z: number): number {
  if (z >= CF_THRESHOLD) {
    const phi = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    return Math.log(phi + z * normCdfUpper(z));
  }
  const t = -z;
  const r = millsTail(t);
  // h/φ = 1 − t·m = r·m with m = 1/(t + r).
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(r) - Math.log(t + r);
}

/**
 * d log h / dz = Φ(z)/h(z), accurate for any finite z.
 *
 * @param z - the standardized improvement.
 * @returns the derivative (positive).
 */
export function logHDerivative(z: number): number {
  if (z >= CF_THRESHOLD) {
    const phi = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    const cdf = normCdfUpper(z);
    return cdf / (phi + z * cdf);
  }
  return 1 / millsTail(-z);
}

/**
 * log EI of a Gaussian N(mean, variance) over `best` (maximization).
 *
 * @param mean - posterior mean.
 * @param variance - posterior variance (> 0).
 * @param best - the incumbent value.
 * @returns log E[max(f − best, 0)].
 */
export function logExpectedImprovement(mean: number, variance: number, best: number): number {
  const sigma = Math.sqrt(variance);
  return Math.log(sigma) + logH((mean - best) / sigma);
}

/** How the optimizer treats one normalized dimension. */
export type AcquisitionDim =
  | { readonly kind: 'continuous' }
  /** A numeric grid: the normalized positions of its values, ascending. */
  | { readonly kind: 'discrete'; readonly values: Float64Array }
  | { readonly kind: 'categorical'; readonly count: number };

/** Options of {@link maximizeLogEI}. */
export interface AcquisitionOptions {
  /** Random points scored (default 2048). */
  readonly candidates: number;
  /** Best points refined by local search (default 10). */
  readonly restarts: number;
  /** The best observed point (normalized), around which extra candidates are drawn. */
  readonly incumbent: Float64Array | null;
}

function nearestIndex(values: Float64Array, v: number): number {
  // Binary search for the closest grid position.
  let lo = 0;
  let hi = values.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= v) lo = mid;
    else hi = mid;
  }
  return Math.abs(values[hi]! - v) < Math.abs(values[lo]! - v) ? hi : lo;
}

/**
 * Maximize log EI over the normalized box: continuous dims in [0, 1], discrete dims on their
 * grids, categorical dims over their indices.
 *
 * @param posterior - the fitted GP.
 * @param best - the incumbent (largest standardized score).
 * @param dims - one descriptor per dimension.
 * @param rng - the stream for candidates.
 * @param options - see {@link AcquisitionOptions}.
 * @returns the maximizer (normalized) and its log EI.
 */
export function maximizeLogEI(
  posterior: GpPosterior,
  best: number,
  dims: readonly AcquisitionDim[],
  rng: Rng,
  options: AcquisitionOptions,
): { x: Float64Array; value: number } {
  const d = dims.length;
  const out = new Float64Array(2);
  const grad = new Float64Array(2 * d);
  const score = (x: ArrayLike<number>): number => {
    posterior.predict(x, out);
    return logExpectedImprovement(out[0]!, out[1]!, best);
  };
  const snap = (x: Float64Array): void => {
    for (let j = 0; j < d; j++) {
      const dim = dims[j]!;
      if (dim.kind === 'discrete') x[j] = dim.values[nearestIndex(dim.values, x[j]!)]!;
    }
  };
  const drawUniform = (x: Float64Array): void => {
    for (let j = 0; j < d; j++) {
      const dim = dims[j]!;
      x[j] = dim.kind === 'categorical' ? Math.floor(rng.uniform() * dim.count) : rng.uniform();
    }
    snap(x);
  };
  const drawNear = (x: Float64Array, center: Float64Array, scale: number): void => {
    for (let j = 0; j < d; j++) {
      const dim = dims[j]!;
      if (dim.kind === 'categorical') {
        // Keep the incumbent's category most of the time; otherwise a uniform one.
        x[j] = rng.uniform() < 0.8 ? center[j]! : Math.floor(rng.uniform() * dim.count);
      } else {
        x[j] = Math.min(Math.max(center[j]! + scale * rng.normal(), 0), 1);
      }
    }
    snap(x);
  };

  const nCand = options.candidates;
  const nNear = options.incumbent !== null ? Math.floor(nCand / 8) : 0;
  const total = nCand + nNear;
  const pts = new Float64Array(total * d);
  const vals = new Float64Array(total);
  for (let c = 0; c < total; c++) {
    const x = pts.subarray(c * d, (c + 1) * d);
    if (c < nCand) drawUniform(x);
    else drawNear(x, options.incumbent!, c % 2 === 0 ? 0.02 : 0.1);
    vals[c] = score(x);
  }
  const order = Array.from(vals.keys()).sort((a, b) => vals[b]! - vals[a]! || a - b);

  const contIdx: number[] = [];
  for (let j = 0; j < d; j++) if (dims[j]!.kind === 'continuous') contIdx.push(j);
  const nc = contIdx.length;
  const lower = new Float64Array(nc);
  const upper = new Float64Array(nc).fill(1);
  const full = new Float64Array(d);

  const refineContinuous = (x: Float64Array, fx: number): number => {
    if (nc === 0) return fx;
    full.set(x);
    const sub = new Float64Array(nc);
    for (let c = 0; c < nc; c++) sub[c] = x[contIdx[c]!]!;
    const fg = (z: Float64Array, g: Float64Array): number => {
      for (let c = 0; c < nc; c++) full[contIdx[c]!] = z[c]!;
      posterior.predict(full, out, grad);
      const mean = out[0]!;
      const variance = out[1]!;
      const sigma = Math.sqrt(variance);
      const zz = (mean - best) / sigma;
      const value = Math.log(sigma) + logH(zz);
      const psi = logHDerivative(zz);
      // ∂/∂mean = ψ/σ; ∂/∂σ = (1 − zψ)/σ; ∂σ/∂x = (∂var/∂x) / (2σ).
      const dMean = psi / sigma;
      const dVar = (1 - zz * psi) / (2 * variance);
      for (let c = 0; c < nc; c++) {
        const j = contIdx[c]!;
        g[c] = -(dMean * grad[j]! + dVar * grad[d + j]!);
      }
      return Number.isFinite(value) ? -value : Infinity;
    };
    const r = minimizeLbfgs(fg, sub, { lower, upper, maxIterations: 100, gtol: 1e-6, ftol: 1e-9 });
    if (-r.f > fx) {
      for (let c = 0; c < nc; c++) x[contIdx[c]!] = r.x[c]!;
      return -r.f;
    }
    return fx;
  };

  // Coordinate search: each discrete or categorical dimension in turn, over all its values
  // (short grids) or exponentially spaced neighbours of the current one (long grids).
  const refineDiscrete = (x: Float64Array, fx: number): number => {
    let fbest = fx;
    for (let j = 0; j < d; j++) {
      const dim = dims[j]!;
      if (dim.kind === 'continuous') continue;
      let bestV = x[j]!;
      const tryValue = (v: number): void => {
        if (v === bestV) return;
        x[j] = v;
        const f = score(x);
        if (f > fbest) {
          fbest = f;
          bestV = v;
        }
      };
      if (dim.kind === 'categorical') {
        for (let c = 0; c < dim.count; c++) tryValue(c);
      } else if (dim.values.length <= 16) {
        for (let c = 0; c < dim.values.length; c++) tryValue(dim.values[c]!);
      } else {
        const at = nearestIndex(dim.values, bestV);
        for (let step = 1; step < dim.values.length; step *= 2) {
          if (at - step >= 0) tryValue(dim.values[at - step]!);
          if (at + step < dim.values.length) tryValue(dim.values[at + step]!);
        }
      }
      x[j] = bestV;
    }
    return fbest;
  };

  let bestX = new Float64Array(pts.subarray(order[0]! * d, (order[0]! + 1) * d));
  let bestF = vals[order[0]!]!;
  const starts = Math.min(options.restarts, order.length);
  for (let s = 0; s < starts; s++) {
    const x = new Float64Array(pts.subarray(order[s]! * d, (order[s]! + 1) * d));
    let fx = vals[order[s]!]!;
    for (let round = 0; round < 4; round++) {
      const before = fx;
      fx = refineContinuous(x, fx);
      fx = refineDiscrete(x, fx);
      if (!(fx > before + 1e-9 * Math.abs(before))) break;
    }
    if (fx > bestF) {
      bestF = fx;
      bestX = x;
    }
  }
  return { x: bestX, value: bestF };
}
