// The Gaussian-process surrogate of the GP sampler: a Matérn-5/2 kernel with one inverse squared
// lengthscale per dimension (ARD) times a signal variance, plus a noise variance; categorical
// dimensions enter the distance as a Hamming term (1 when two indices differ, else 0), the
// treatment Optuna's GPSampler (Optuna >= 3.6, optuna/_gp/gp.py) uses. Hyperparameters maximize
// the log marginal likelihood plus weak priors (Rasmussen & Williams, "Gaussian Processes for
// Machine Learning", 2006, eqs. 2.30 and 5.9), by L-BFGS on their logarithms.
//
// Everything is float64 in flat typed arrays; pairwise squared differences are computed once per
// data set and reused by every likelihood evaluation of the fit.
import { choleskyInverse, choleskyWithJitter, solveLower, solveUpperT } from './linalg.js';
import { minimizeLbfgs } from './lbfgs.js';

const SQRT5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);

/** Training data in the normalized space: `x` row-major `n × dims`, `y` standardized. */
export interface GpData {
  /** Number of points. */
  readonly n: number;
  /** Number of dimensions. */
  readonly dims: number;
  /** Inputs, row-major `n × dims`: numeric dims in [0, 1], categorical dims hold the choice index. */
  readonly x: Float64Array;
  /** Targets (standardized by the caller). */
  readonly y: Float64Array;
  /** 1 for a categorical dimension (Hamming distance), 0 for a numeric one (squared difference). */
  readonly categorical: Uint8Array;
}

/** Kernel hyperparameters. */
export interface GpHyperparameters {
  /** One inverse squared lengthscale per dimension (`1 / ℓ²`). */
  readonly inverseSquaredLengthscales: Float64Array;
  /** The kernel's scale `σ_f²` (k(x, x) = σ_f²). */
  readonly signalVariance: number;
  /** The observation noise variance `σ_n²`. */
  readonly noiseVariance: number;
}

/** The Matérn-5/2 correlation at squared distance `r2`. */
export function matern52(r2: number): number {
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** Per-dimension squared differences for every pair i < k, pair-major (`pairs × dims`). */
export function pairwiseSquaredDiffs(data: GpData): Float64Array {
  const { n, dims, x, categorical } = data;
  const out = new Float64Array(((n * (n - 1)) / 2) * dims);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      for (let j = 0; j < dims; j++) {
        const a = x[i * dims + j]!;
        const b = x[k * dims + j]!;
        out[p++] = categorical[j] ? (a === b ? 0 : 1) : (a - b) * (a - b);
      }
    }
  }
  return out;
}

/** Scratch buffers of one size, reused across likelihood evaluations. */
export interface Workspace {
  readonly k: Float64Array;
  readonly l: Float64Array;
  readonly kinv: Float64Array;
  readonly work: Float64Array;
  readonly alpha: Float64Array;
  readonly dk: Float64Array;
}

/** Scratch for {@link logMarginalLikelihood} with `n` points. */
export function workspace(n: number): Workspace {
  return {
    k: new Float64Array(n * n),
    l: new Float64Array(n * n),
    kinv: new Float64Array(n * n),
    work: new Float64Array(n * n),
    alpha: new Float64Array(n),
    dk: new Float64Array((n * (n - 1)) / 2),
  };
}

/**
 * The log marginal likelihood `log p(y | X, θ)` and its gradient with respect to
 * `[log w_1 … log w_D, log σ_f², log σ_n²]` (`w` the inverse squared lengthscales).
 *
 * @param data - training data.
 * @param hp - hyperparameters.
 * @param sq - {@link pairwiseSquaredDiffs} of `data` (computed when omitted).
 * @param ws - scratch (allocated when omitted).
 * @returns the value (`-Infinity` when the kernel matrix cannot be factorized) and gradient.
 * @see Rasmussen & Williams (2006), eqs. 2.30 and 5.9.
 */
export function logMarginalLikelihood(
  data: GpData,
  hp: GpHyperparameters,
  sq?: Float64Array,
  ws?: Workspace,
): { value: number; gradient: Float64Array } {
  const { n, dims, y } = data;
  const sqd = sq ?? pairwiseSquaredDiffs(data);
  const w = ws ?? workspace(n);
  const gradient = new Float64Array(dims + 2);
  const iw = hp.inverseSquaredLengthscales;
  const s = hp.signalVariance;
  const { k, l, kinv, work, alpha, dk } = w;

  let p = 0;
  for (let i = 0; i < n; i++) {
    k[i * n + i] = s + hp.noiseVariance;
    for (let m = i + 1; m < n; m++, p++) {
      let r2 = 0;
      const base = p * dims;
      for (let j = 0; j < dims; j++) r2 += iw[j]! * sqd[base + j]!;
      const r = Math.sqrt(r2);
      const e = Math.exp(-SQRT5 * r);
      const v = s * (1 + SQRT5 * r + (5 / 3) * r2) * e;
      k[i * n + m] = v;
      k[m * n + i] = v;
      dk[p] = s * (-5 / 6) * (1 + SQRT5 * r) * e;
    }
  }
  if (choleskyWithJitter(k, n, l) < 0) return { value: -Infinity, gradient };
  alpha.set(y.subarray(0, n));
  solveLower(l, n, alpha);
  let quad = 0;
  for (let i = 0; i < n; i++) quad += alpha[i]! * alpha[i]!;
  solveUpperT(l, n, alpha);
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += Math.log(l[i * n + i]!);
  const value = -0.5 * quad - logDet - 0.5 * n * LOG_2PI;

  choleskyInverse(l, n, kinv, work);
  // ∂/∂θ = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ); off-diagonal pairs count twice (K is symmetric).
  let gSignal = 0;
  let gNoise = 0;
  for (let i = 0; i < n; i++) {
    const wii = alpha[i]! * alpha[i]! - kinv[i * n + i]!;
    gSignal += 0.5 * wii * s;
    gNoise += 0.5 * wii * hp.noiseVariance;
  }
  p = 0;
  for (let i = 0; i < n; i++) {
    const ai = alpha[i]!;
    for (let m = i + 1; m < n; m++, p++) {
      const wim = ai * alpha[m]! - kinv[i * n + m]!;
      gSignal += wim * k[i * n + m]!;
      const c = wim * dk[p]!;
      const base = p * dims;
      for (let j = 0; j < dims; j++) gradient[j] = gradient[j]! + c * sqd[base + j]!;
    }
  }
  for (let j = 0; j < dims; j++) gradient[j] = gradient[j]! * iw[j]!;
  gradient[dims] = gSignal;
  gradient[dims + 1] = gNoise;
  return { value, gradient };
}

/** The smallest noise variance the model allows (and the fixed one for deterministic objectives). */
export const MIN_NOISE_VARIANCE = 1e-6;

/**
 * Weak priors, in the spirit of Optuna's optuna/_gp/prior.py (values chosen for inputs in [0, 1]
 * and standardized outputs): `−0.1 (w + 1/w)` per inverse squared lengthscale (a lengthscale
 * near the width of the box, neither ≪ nor ≫); Gamma(2, 1) on the signal variance (about 1, as
 * standardized outputs have); Gamma(1.1, 30) on the noise variance (small, mean ≈ 0.04).
 * Returns the log density (up to a constant) and adds its gradient in the raw parameters.
 */
function logPrior(raw: Float64Array, dims: number, grad: Float64Array | null, fitNoise: boolean): number {
  let v = 0;
  for (let j = 0; j < dims; j++) {
    const w = Math.exp(raw[j]!);
    v -= 0.1 * (w + 1 / w);
    if (grad) grad[j] = grad[j]! + 0.1 * (1 / w - w);
  }
  const s = Math.exp(raw[dims]!);
  v += Math.log(s) - s;
  if (grad) grad[dims] = grad[dims]! + 1 - s;
  if (fitNoise) {
    const e = Math.exp(raw[dims + 1]!);
    const noise = MIN_NOISE_VARIANCE + e;
    v += 0.1 * Math.log(noise) - 30 * noise;
    if (grad) grad[dims + 1] = grad[dims + 1]! + (0.1 / noise - 30) * e;
  }
  return v;
}

function fromRaw(raw: ArrayLike<number>, dims: number, fitNoise: boolean): GpHyperparameters {
  const iw = new Float64Array(dims);
  for (let j = 0; j < dims; j++) iw[j] = Math.exp(raw[j]!);
  return {
    inverseSquaredLengthscales: iw,
    signalVariance: Math.exp(raw[dims]!),
    noiseVariance: fitNoise ? MIN_NOISE_VARIANCE + Math.exp(raw[dims + 1]!) : MIN_NOISE_VARIANCE,
  };
}

function toRaw(hp: GpHyperparameters, dims: number): Float64Array {
  const raw = new Float64Array(dims + 2);
  for (let j = 0; j < dims; j++) raw[j] = Math.log(hp.inverseSquaredLengthscales[j]!);
  raw[dims] = Math.log(hp.signalVariance);
  raw[dims + 1] = Math.log(Math.max(hp.noiseVariance - MIN_NOISE_VARIANCE, 1e-12));
  return raw;
}

/** The default starting point of the fit: unit lengthscales and signal, noise 0.01. */
export function defaultHyperparameters(dims: number): GpHyperparameters {
  return {
    inverseSquaredLengthscales: new Float64Array(dims).fill(1),
    signalVariance: 1,
    noiseVariance: MIN_NOISE_VARIANCE + 0.01,
  };
}

/** Options of {@link fitHyperparameters}. */
export interface FitOptions {
  /** Keep the noise at {@link MIN_NOISE_VARIANCE} instead of fitting it. */
  readonly deterministic: boolean;
  /** Warm start (the previous fit), compared with the default start before the optimization. */
  readonly start?: GpHyperparameters;
}

/** The fitted hyperparameters and the log posterior (likelihood plus prior) they reach. */
export interface FitResult {
  readonly hyperparameters: GpHyperparameters;
  readonly logPosterior: number;
}

/**
 * Maximize log marginal likelihood + log prior over the log-hyperparameters with L-BFGS-B
 * (bounded to [−15, 15] in log space so a runaway start cannot overflow), from whichever of the
 * warm start (a previous fit, usually a few iterations from the new optimum, as Optuna's
 * GPSampler exploits) and the default start has the higher log posterior.
 *
 * @param data - training data (standardized targets).
 * @param options - see {@link FitOptions}.
 * @returns the best hyperparameters found.
 */
export function fitHyperparameters(data: GpData, options: FitOptions): FitResult {
  const { dims, n } = data;
  const fitNoise = !options.deterministic;
  const sq = pairwiseSquaredDiffs(data);
  const ws = workspace(n);
  const np = dims + 2;
  const objective = (raw: Float64Array, g: Float64Array): number => {
    const hp = fromRaw(raw, dims, fitNoise);
    const { value, gradient } = logMarginalLikelihood(data, hp, sq, ws);
    if (!Number.isFinite(value)) return Infinity;
    for (let j = 0; j < np; j++) g[j] = gradient[j]!;
    if (!fitNoise) g[dims + 1] = 0;
    else g[dims + 1] = gradient[dims + 1]! * (Math.exp(raw[dims + 1]!) / hp.noiseVariance);
    const lp = logPrior(raw, dims, g, fitNoise);
    for (let j = 0; j < np; j++) g[j] = -g[j]!;
    return -(value + lp);
  };
  const lower = new Float64Array(np).fill(-15);
  const upper = new Float64Array(np).fill(15);
  const rawStart = (start: GpHyperparameters): Float64Array => {
    const raw = toRaw(start, dims);
    if (!fitNoise) raw[dims + 1] = 0;
    return raw;
  };
  // Start from the better of the warm start and the default one (one evaluation each): a fresh
  // default keeps a stale warm start from trapping the fit after the data changed a lot.
  let raw0 = rawStart(defaultHyperparameters(dims));
  if (options.start !== undefined) {
    const warm = rawStart(options.start);
    const g = new Float64Array(np);
    if (objective(warm, g) <= objective(raw0, g)) raw0 = warm;
  }
  const r = minimizeLbfgs(objective, raw0, { lower, upper, gtol: 1e-2, maxIterations: 200 });
  return { hyperparameters: fromRaw(r.x, dims, fitNoise), logPosterior: -r.f };
}

/** A fitted GP's posterior over the latent function (no observation noise in the variance). */
export interface GpPosterior {
  readonly data: GpData;
  readonly hyperparameters: GpHyperparameters;
  /**
   * Mean and variance at `x` (length `dims`), written to `out[0]`, `out[1]`; with `grad`
   * (length `2·dims`), also ∂mean/∂x in `grad[0…dims)` and ∂variance/∂x in `grad[dims…2·dims)`
   * (zero for categorical dimensions).
   */
  predict(x: ArrayLike<number>, out: Float64Array, grad?: Float64Array): void;
}

/**
 * Condition the GP on its data.
 *
 * @param data - training data.
 * @param hp - hyperparameters.
 * @returns the posterior, or `null` when the kernel matrix cannot be factorized even with jitter.
 */
export function gpPosterior(data: GpData, hp: GpHyperparameters): GpPosterior | null {
  const { n, dims, x, categorical } = data;
  const iw = hp.inverseSquaredLengthscales;
  const s = hp.signalVariance;
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    k[i * n + i] = s + hp.noiseVariance;
    for (let m = i + 1; m < n; m++) {
      let r2 = 0;
      for (let j = 0; j < dims; j++) {
        const a = x[i * dims + j]!;
        const b = x[m * dims + j]!;
        r2 += iw[j]! * (categorical[j] ? (a === b ? 0 : 1) : (a - b) * (a - b));
      }
      const v = s * matern52(r2);
      k[i * n + m] = v;
      k[m * n + i] = v;
    }
  }
  const l = new Float64Array(n * n);
  if (choleskyWithJitter(k, n, l) < 0) return null;
  const alpha = new Float64Array(data.y.subarray(0, n));
  solveLower(l, n, alpha);
  solveUpperT(l, n, alpha);
  // Lᵀ row-major, so that the back substitution for ∂variance reads contiguously.
  const lt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let m = 0; m <= i; m++) lt[m * n + i] = l[i * n + m]!;
  // Inputs transposed (dims × n) so that the distance loop runs over contiguous memory.
  const xt = new Float64Array(n * dims);
  for (let i = 0; i < n; i++) for (let j = 0; j < dims; j++) xt[j * n + i] = x[i * dims + j]!;
  const kx = new Float64Array(n);
  const dkx = new Float64Array(n);
  const v = new Float64Array(n);
  const r2s = new Float64Array(n);
  return {
    data,
    hyperparameters: hp,
    predict(xs, out, grad) {
      r2s.fill(0);
      for (let j = 0; j < dims; j++) {
        const w = iw[j]!;
        const xj = xs[j]!;
        const base = j * n;
        if (categorical[j]) {
          for (let i = 0; i < n; i++) if (xt[base + i] !== xj) r2s[i] = r2s[i]! + w;
        } else {
          for (let i = 0; i < n; i++) {
            const d = xj - xt[base + i]!;
            r2s[i] = r2s[i]! + w * d * d;
          }
        }
      }
      let mean = 0;
      for (let i = 0; i < n; i++) {
        const r2 = r2s[i]!;
        const r = Math.sqrt(r2);
        const e = Math.exp(-SQRT5 * r);
        const kv = s * (1 + SQRT5 * r + (5 / 3) * r2) * e;
        kx[i] = kv;
        dkx[i] = s * (-5 / 6) * (1 + SQRT5 * r) * e;
        mean += kv * alpha[i]!;
      }
      // variance = s − ‖L⁻¹k‖².
      let quad = 0;
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        let acc = kx[i]!;
        for (let m = 0; m < i; m++) acc -= l[ri + m]! * v[m]!;
        const vi = acc / l[ri + i]!;
        v[i] = vi;
        quad += vi * vi;
      }
      out[0] = mean;
      out[1] = Math.max(s - quad, 1e-12 * s);
      if (grad === undefined) return;
      // β = K⁻¹k = L⁻ᵀ(L⁻¹k), in place in v.
      for (let i = n - 1; i >= 0; i--) {
        const ri = i * n;
        let acc = v[i]!;
        for (let m = i + 1; m < n; m++) acc -= lt[ri + m]! * v[m]!;
        v[i] = acc / lt[ri + i]!;
      }
      // ∂k_i/∂x_j = dk_i · 2 w_j (x_j − X_ij); ∂variance/∂x = −2 βᵀ ∂k/∂x.
      for (let j = 0; j < dims; j++) {
        if (categorical[j]) {
          grad[j] = 0;
          grad[dims + j] = 0;
          continue;
        }
        let gm = 0;
        let gv = 0;
        const xj = xs[j]!;
        const base = j * n;
        for (let i = 0; i < n; i++) {
          const c = dkx[i]! * 2 * (xj - xt[base + i]!);
          gm += alpha[i]! * c;
          gv += v[i]! * c;
        }
        grad[j] = gm * iw[j]!;
        grad[dims + j] = -2 * gv * iw[j]!;
      }
    },
  };
}
