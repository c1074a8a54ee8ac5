import { checkSameLength, fromMatrix, toMatrix, toSampleWeight, toVector } from '../core/convert.js';
import { ConvergenceError, InvalidArgumentError, NotFittedError, ShapeError } from '../core/errors.js';
import type { MatrixLike, MatrixOf, VectorLike } from '../core/types.js';
import { checkOptions, formatValue, is } from '../core/validate.js';
import { newtonMinimize, type NewtonProblem } from './_internal/newton.js';
import type { CalibratorFitOptions } from './types.js';

const NAME = 'temperatureScaling';
const MAX_LOG_STEP = Math.log(16);
/** A mean NLL below this means every true class got probability 1 to within float64's reach. */
const SEPARABLE_NLL = 1e-10;

/** Options of {@link temperatureScaling}; every field is optional and documents its default. */
export interface TemperatureScalingOptions {
  /**
   * Vector scaling (Guo et al. 2017 §4.2) instead of one temperature: a scale and a bias per
   * class, `softmax(w ⊙ z + b)` (default `false`). It has 2K − 1 free parameters (the biases are
   * only defined up to a common constant; the first is fixed at 0) and is fitted by Newton's
   * method, whose passes cost O(n·K²): meant for up to a few hundred classes.
   */
  vector?: boolean;
  /**
   * The range `[min, max]` the temperature is kept in (default `[0, Infinity]`: unbounded; one
   * temperature only). Temperatures are in the logits' units, so bounds only make sense for
   * logits of a known scale (`calibratedClassifier` uses `[0.05, 20]` on log-probabilities). When the calibration rows are separable (every label already has the largest logit)
   * the likelihood keeps rising as T → 0, and when the logits are worse than uniform it keeps
   * rising as T → ∞: the fit then stops at the bound, the constrained optimum (the NLL is convex
   * in 1/T), and `atBound` says so. Without bounds those cases throw `ConvergenceError`.
   */
  bounds?: readonly [number, number];
  /** Iteration budget, an integer >= 1 (default 100); running out throws `ConvergenceError`. */
  maxIter?: number;
  /**
   * Convergence tolerance, a number in (0, 1e-3] (default 1e-10): one temperature stops when a
   * Newton step changes 1/T by at most `tol` relative; vector scaling when a Newton step (or the
   * next one, predicted from the quadratic convergence already seen) moves every parameter by at
   * most `tol` (with the logits rescaled to [-1, 1]).
   */
  tol?: number;
}

/**
 * A temperature-scaling calibrator for multiclass logits (see {@link temperatureScaling}).
 * Stateful like a `ScoreCalibrator`: `fit` learns and returns the calibrator, `predict`
 * applies; reading what was learned or calling `predict` before `fit` throws
 * `NotFittedError`.
 */
export interface TemperatureScaling {
  /** `'temperature'`. */
  readonly method: 'temperature';
  /** Whether this is vector scaling (the `vector` option). */
  readonly vector: boolean;
  /** Whether `fit` has run. */
  readonly fitted: boolean;
  /**
   * The learned temperature T > 0 (logits are divided by it).
   * @throws {@link "whetstone/core"!NotFittedError} before `fit`;
   *   {@link "whetstone/core"!InvalidArgumentError} for vector scaling, which has no single
   *   temperature (read `weights` and `biases`).
   */
  readonly temperature: number;
  /**
   * Per-class scales w (probabilities are `softmax(w ⊙ z + b)`): all 1/T for one temperature.
   * A fresh array each time.
   * @throws {@link "whetstone/core"!NotFittedError} before `fit`.
   */
  readonly weights: number[];
  /**
   * Per-class biases b: all 0 for one temperature; for vector scaling the first is 0 (the
   * biases are defined up to a common constant). A fresh array each time.
   * @throws {@link "whetstone/core"!NotFittedError} before `fit`.
   */
  readonly biases: number[];
  /** Number of classes K seen by `fit` (0 before). */
  readonly classes: number;
  /** Solver iterations the last fit took (0 before `fit`). */
  readonly iterations: number;
  /** Whether the fitted temperature sits at one of the `bounds` (see the option); `false` before `fit`. */
  readonly atBound: boolean;
  /**
   * Learn the temperature (or the vector scaling) minimizing the (weighted) negative
   * log-likelihood of `labels` under `softmax(logits / T)`. Refitting starts from scratch.
   *
   * One class only is allowed: T is defined by the likelihood, not by the class count. What is
   * not allowed is a likelihood with no minimum at a finite T > 0: when every row's label already
   * has the largest logit (the NLL keeps falling as T → 0) or the logits are no better than
   * uniform (it keeps falling as T → ∞); both throw `ConvergenceError` saying which.
   *
   * @param logits - one row of K >= 2 finite logits per example.
   * @param labels - the true class of each row, an integer in [0, K − 1].
   * @param options - `sampleWeight`: one weight >= 0 per row, with a positive total.
   * @returns the calibrator, fitted.
   * @throws {@link "whetstone/core"!InvalidArgumentError} for NaN/±Infinity, fewer than 2
   *   columns, labels that are not integers in range, bad weights;
   *   {@link "whetstone/core"!ShapeError} for mismatched lengths;
   *   {@link "whetstone/core"!ConvergenceError} when the NLL has no finite minimizer or the
   *   solver cannot reach `tol`.
   */
  fit(logits: MatrixLike, labels: VectorLike, options?: CalibratorFitOptions): this;
  /**
   * Calibrated class probabilities: `softmax(logits / T)` row by row (or `softmax(w ⊙ z + b)`).
   *
   * @param logits - rows of K finite logits.
   * @returns the probabilities in the kind given: a new float32 tensor for a tensor (the caller
   *   owns and must dispose it), `{ data, shape }` for `{ data, shape }`, `number[][]` otherwise.
   * @throws {@link "whetstone/core"!NotFittedError} before `fit`;
   *   {@link "whetstone/core"!ShapeError} when the number of columns differs from the fit's.
   */
  predict<M extends MatrixLike>(logits: M): MatrixOf<M>;
}

interface Fitted {
  readonly k: number;
  /** Per-class scale and bias (one temperature: 1/T and 0). */
  readonly w: Float64Array;
  readonly b: Float64Array;
  /** `undefined` for vector scaling. */
  readonly temperature: number | undefined;
  readonly iterations: number;
  readonly atBound: boolean;
}

interface FitData {
  readonly z: Float64Array;
  readonly n: number;
  readonly k: number;
  readonly y: Int32Array;
  readonly w: Float64Array;
}

function readFitData(logits: MatrixLike, labels: VectorLike, options: CalibratorFitOptions | undefined, fn: string): FitData {
  checkOptions(fn, options, { sampleWeight: is.vector() });
  const m = toMatrix(logits, { fn, name: 'logits' });
  const { rows: n, cols: k } = m;
  const lab = toVector(labels, { fn, name: 'labels' });
  checkSameLength(fn, [['logits', n], ['labels', lab.length]]);
  if (k < 2) throw new InvalidArgumentError(`${fn}: argument "logits" must have at least 2 columns (one logit per class); got ${k}.`);
  if (n === 0) throw new InvalidArgumentError(`${fn}: argument "logits" must have at least 1 row; got 0.`);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = lab.data[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= k) {
      throw new InvalidArgumentError(`${fn}: argument "labels" must contain only integers in [0, ${k - 1}] (one per column of "logits"); got ${formatValue(v)} at index ${i}.`);
    }
    y[i] = v;
  }
  const w = toSampleWeight(options?.sampleWeight, { fn, rows: n, rowsName: 'logits', positiveSum: true }) ?? new Float64Array(n).fill(1);
  return { z: m.data, n, k, y, w };
}

function notFinite(fn: string, why: string): ConvergenceError {
  return new ConvergenceError(`${fn}: the negative log-likelihood has no minimum at a finite temperature T > 0: ${why}.`);
}

/**
 * One temperature. With β = 1/T the NLL is convex in β (a log-sum-exp of functions linear in β
 * minus a linear term), so its minimizer is the one root of the increasing derivative, found by
 * Newton's method safeguarded by a bracket. Logits are shifted by their row maximum (softmax
 * does not see it) and divided by the largest resulting magnitude, so nothing overflows.
 */
function fitTemperature(d: FitData, fn: string, maxIter: number, tol: number, bounds: readonly [number, number]): Fitted {
  const [tMin, tMax] = bounds;
  const { n, k, y, w } = d;
  const u = new Float64Array(n * k);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, d.z[i * k + j]!);
    for (let j = 0; j < k; j++) {
      const v = d.z[i * k + j]! - max;
      u[i * k + j] = v;
      if (-v > scale) scale = -v;
    }
  }
  if (scale === 0) throw notFinite(fn, 'every row of "logits" is constant, so the temperature changes nothing');
  let total = 0;
  let slopeAtZero = 0;
  let informative = false;
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    total += wi;
    let mean = 0;
    let min = 0;
    for (let j = 0; j < k; j++) {
      const v = (u[i * k + j]! /= scale);
      mean += v;
      if (v < min) min = v;
    }
    const uy = u[i * k + y[i]!]!;
    slopeAtZero += wi * (mean / k - uy);
    // A row whose label does not have the largest logit keeps the NLL from falling forever as T → 0.
    if (wi > 0 && min < 0 && uy < 0) informative = true;
  }
  if (!informative) {
    if (tMin > 0) return temperatureResult(k, tMin, 0, true);
    throw notFinite(fn, 'every row\'s label already has the largest logit, so the NLL keeps falling as T → 0 (the logits separate the classes)');
  }
  if (slopeAtZero >= 0) {
    if (Number.isFinite(tMax)) return temperatureResult(k, tMax, 0, true);
    throw notFinite(fn, 'on average the labels\' logits are no larger than the mean logit, so the NLL keeps falling as T → ∞ (uniform probabilities)');
  }
  // The NLL is convex in 1/T, so the optimum within the bounds is the free optimum clamped.
  const clamp = (t: number, iterations: number): Fitted =>
    t < tMin ? temperatureResult(k, tMin, iterations, true) : t > tMax ? temperatureResult(k, tMax, iterations, true) : temperatureResult(k, t, iterations);

  const p = new Float64Array(k);
  // Derivative and curvature of the mean NLL in β.
  const derivatives = (beta: number): [number, number] => {
    let g = 0;
    let h = 0;
    for (let i = 0; i < n; i++) {
      const wi = w[i]!;
      if (wi === 0) continue;
      // The row maximum of u is 0, so exp never overflows.
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const e = Math.exp(beta * u[i * k + j]!);
        p[j] = e;
        sum += e;
      }
      let m1 = 0;
      let m2 = 0;
      for (let j = 0; j < k; j++) {
        const v = u[i * k + j]!;
        const pj = p[j]! / sum;
        m1 += pj * v;
        m2 += pj * v * v;
      }
      g += wi * (m1 - u[i * k + y[i]!]!);
      h += wi * Math.max(m2 - m1 * m1, 0);
    }
    return [g / total, h / total];
  };

  let lo = 0;
  let hi = Infinity;
  // T = 1 on the caller's scale, clamped to where optima of meaningful logits lie (β u spans
  // [-β, 0], and a useful softmax needs β of order 1 to 100).
  let beta = Math.min(Math.max(scale, 1e-2), 1e2);
  for (let iter = 1; iter <= maxIter; iter++) {
    const [g, h] = derivatives(beta);
    if (g === 0) return clamp(scale / beta, iter);
    if (g < 0) lo = beta;
    else hi = beta;
    // Newton on log β: the step is multiplicative, so 1/T stays positive. Far from the optimum
    // the curvature can be tiny (saturated softmax) and the step absurd; at most ×/÷ 16.
    let next = beta * Math.exp(Math.min(Math.max(-g / (h * beta), -MAX_LOG_STEP), MAX_LOG_STEP));
    const newton = next > lo && next < hi;
    if (!newton) {
      // Outside the bracket (or the curvature underflowed): grow until bracketed, then bisect
      // (geometrically while the bracket spans orders of magnitude).
      if (!Number.isFinite(hi)) next = 4 * beta;
      else if (lo === 0) next = hi / 4;
      else next = hi / lo > 4 ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    }
    if ((newton && Math.abs(next - beta) <= tol * beta) || hi - lo <= tol * lo) {
      return clamp(scale / next, iter);
    }
    beta = next;
  }
  throw new ConvergenceError(`${fn}: Newton's method did not converge in ${maxIter} iterations (1/T bracketed in [${formatValue(lo / scale)}, ${formatValue(hi / scale)}]); raise option "maxIter" or "tol".`);
}

function temperatureResult(k: number, t: number, iterations: number, atBound = false): Fitted {
  return { k, w: new Float64Array(k).fill(1 / t), b: new Float64Array(k), temperature: t, iterations, atBound };
}

/**
 * Vector scaling: parameters (w₀ … w_{K−1}, b₁ … b_{K−1}) with b₀ = 0, on logits divided by
 * their largest magnitude. The NLL is convex in them (linear in the parameters inside a
 * log-sum-exp), so damped Newton finds the optimum, or the iterates run off to infinity when the
 * data are separable, which the caller reports.
 */
function vectorProblem(z: Float64Array, d: FitData, total: number): NewtonProblem {
  const { n, k, y, w } = d;
  const dim = 2 * k - 1;
  const p = new Float64Array(k);
  const q = new Float64Array(k);
  const rowSoftmax = (x: Float64Array, i: number): number => {
    let max = -Infinity;
    for (let j = 0; j < k; j++) {
      const v = x[j]! * z[i * k + j]! + (j === 0 ? 0 : x[k + j - 1]!);
      q[j] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(q[j]! - max);
      p[j] = e;
      sum += e;
    }
    for (let j = 0; j < k; j++) p[j] = p[j]! / sum;
    // The row's NLL: log-sum-exp minus the label's score.
    return max + Math.log(sum) - q[y[i]!]!;
  };
  return {
    dim,
    cheapDerivatives: false,
    evaluate(x, grad, hess) {
      let loss = 0;
      if (grad !== undefined) grad.fill(0);
      if (hess !== undefined) hess.fill(0);
      for (let i = 0; i < n; i++) {
        const wi = w[i]!;
        if (wi === 0) continue;
        loss += wi * rowSoftmax(x, i);
        if (grad === undefined || hess === undefined) continue;
        const yi = y[i]!;
        const row = i * k;
        for (let j = 0; j < k; j++) {
          const pj = p[j]!;
          const zj = z[row + j]!;
          const r = wi * (pj - (j === yi ? 1 : 0));
          grad[j] = grad[j]! + r * zj;
          if (j > 0) grad[k + j - 1] = grad[k + j - 1]! + r;
          // Parameter j scales logit j; parameter k + j − 1 is bias j (b₀ is fixed at 0).
          const wRow = j * dim;
          const bRow = (k + j - 1) * dim;
          for (let l = 0; l < k; l++) {
            // ∂²(log-sum-exp)/∂q_j∂q_l = p_j δ_jl − p_j p_l.
            const c = wi * ((j === l ? pj : 0) - pj * p[l]!);
            if (c === 0) continue;
            const zl = z[row + l]!;
            hess[wRow + l] = hess[wRow + l]! + c * zj * zl;
            if (l > 0) hess[wRow + k + l - 1] = hess[wRow + k + l - 1]! + c * zj;
            if (j > 0) {
              hess[bRow + l] = hess[bRow + l]! + c * zl;
              if (l > 0) hess[bRow + k + l - 1] = hess[bRow + k + l - 1]! + c;
            }
          }
        }
      }
      if (grad !== undefined && hess !== undefined) {
        for (let a = 0; a < dim; a++) grad[a] = grad[a]! / total;
        for (let a = 0; a < dim * dim; a++) hess[a] = hess[a]! / total;
      }
      return loss / total;
    },
  };
}

function fitVector(d: FitData, fn: string, maxIter: number, tol: number): Fitted {
  const { n, k } = d;
  let scale = 0;
  for (let i = 0; i < n * k; i++) scale = Math.max(scale, Math.abs(d.z[i]!));
  if (scale === 0) throw new ConvergenceError(`${fn}: every logit is 0, so vector scaling cannot learn per-class scales; use one temperature or check the logits.`);
  const z = d.z.map((v) => v / scale);
  let total = 0;
  for (let i = 0; i < n; i++) total += d.w[i]!;
  const start = new Float64Array(2 * k - 1);
  // Start from the identity map on the caller's scale: w = 1, b = 0.
  start.fill(scale, 0, k);
  const problem = vectorProblem(z, d, total);
  const result = newtonMinimize(problem, start, { maxIter, tol });
  let finite = true;
  for (const v of result.x) if (!Number.isFinite(v)) finite = false;
  // On separable logits the iterates run off until the probabilities round to exactly 0 and 1,
  // where the gradient vanishes and the solver sees a stationary point; a mean NLL that small
  // is that, not an optimum.
  const separable = finite && problem.evaluate(result.x) < SEPARABLE_NLL;
  if (result.status !== 'converged' || !finite || separable) {
    const why = result.status === 'maxIter' ? `did not converge in ${maxIter} iterations` : 'stopped: the line search found no decrease';
    throw new ConvergenceError(
      `${fn}: Newton's method for vector scaling ${why} (last step ${formatValue(result.lastStep)}); ` +
        'the logits may separate the classes, so that the likelihood has no finite maximum; raise option "maxIter" or "tol", or use one temperature.',
    );
  }
  const w = new Float64Array(k);
  const b = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    w[j] = result.x[j]! / scale;
    if (j > 0) b[j] = result.x[k + j - 1]!;
  }
  return { k, w, b, temperature: undefined, iterations: result.iterations, atBound: false };
}

/**
 * Temperature scaling: calibrate a multiclass model by dividing its logits by one temperature
 * T > 0 fitted to minimize the negative log-likelihood on held-out data (Guo et al. 2017), or,
 * with `vector: true`, by a per-class scale and bias (vector scaling). One temperature never
 * changes which class is most probable; it only softens (T > 1) or sharpens (T < 1) the
 * probabilities. Two columns (a binary model's two logits) work as well.
 *
 * Everything runs on the CPU in float64. One temperature is found by safeguarded Newton on
 * 1/T, in which the NLL is convex, to `tol` (1e-10 relative by default); vector scaling by
 * Newton's method with backtracking line search. Where no finite optimum exists (logits that
 * already separate the classes, or no better than uniform), `fit` throws `ConvergenceError`
 * instead of returning an extreme value.
 *
 * @param options - `vector`, `maxIter`, `tol`.
 * @returns an unfitted calibrator: call `fit(logits, labels, { sampleWeight })`, then `predict`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for unknown or out-of-range options.
 * @example
 * ```ts
 * const logits = [[4, 0, 0], [0, 5, 1], [3, 4, 0], [0, 0, 6], [5, 1, 0], [0, 6, 0]];
 * const ts = temperatureScaling().fit(logits, [0, 1, 0, 2, 1, 1]);
 * ts.temperature;           // > 1: these logits were over-confident
 * ts.predict([[2, 1, 0]]);  // softened probabilities, rows sum to 1
 * ```
 * @see C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger, "On Calibration of Modern Neural Networks",
 *   ICML 2017 (§4.2: temperature and vector scaling); the reference recipe fits T with PyTorch's
 *   LBFGS on the NLL (gpleiss/temperature_scaling), which this matches to 1e-6 on the fixtures.
 */
/* @__NO_SIDE_EFFECTS__ */
export function temperatureScaling(options?: TemperatureScalingOptions): TemperatureScaling {
  checkOptions(NAME, options, {
    vector: is.boolean(),
    maxIter: is.integer({ min: 1 }),
    tol: is.number({ min: 0, minExclusive: true, max: 1e-3 }),
    bounds: is.custom('a pair [min, max] with 0 <= min < max <= Infinity', (v) =>
      Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number' && v[0] >= 0 && v[1] > v[0] && !Number.isNaN(v[1]) && Number.isFinite(v[0])),
  });
  if (options?.bounds !== undefined && options.vector === true) {
    throw new InvalidArgumentError(`${NAME}: option "bounds" applies to one temperature, not to vector scaling; got bounds ${formatValue(options.bounds)} with vector true.`);
  }
  const bounds: readonly [number, number] = options?.bounds === undefined ? [0, Infinity] : [options.bounds[0], options.bounds[1]];
  return new TemperatureCalibrator(options?.vector ?? false, options?.maxIter ?? 100, options?.tol ?? 1e-10, bounds);
}

// A class so that the throwing getters live on the prototype (see platt.ts).
class TemperatureCalibrator implements TemperatureScaling {
  readonly method = 'temperature' as const;
  readonly vector: boolean;
  readonly #maxIter: number;
  readonly #tol: number;
  readonly #bounds: readonly [number, number];
  #fitted: Fitted | undefined;

  constructor(vector: boolean, maxIter: number, tol: number, bounds: readonly [number, number]) {
    this.vector = vector;
    this.#maxIter = maxIter;
    this.#tol = tol;
    this.#bounds = bounds;
  }

  get atBound(): boolean {
    return this.#fitted?.atBound ?? false;
  }

  #need(what: string): Fitted {
    if (this.#fitted === undefined) throw new NotFittedError(`${NAME}.${what}: this calibrator is not fitted yet; call fit(logits, labels) first.`);
    return this.#fitted;
  }

  get fitted(): boolean {
    return this.#fitted !== undefined;
  }

  get temperature(): number {
    const f = this.#need('temperature');
    if (f.temperature === undefined) {
      throw new InvalidArgumentError(`${NAME}.temperature: vector scaling has no single temperature; read "weights" and "biases" instead.`);
    }
    return f.temperature;
  }

  get weights(): number[] {
    return Array.from(this.#need('weights').w);
  }

  get biases(): number[] {
    return Array.from(this.#need('biases').b);
  }

  get classes(): number {
    return this.#fitted?.k ?? 0;
  }

  get iterations(): number {
    return this.#fitted?.iterations ?? 0;
  }

  fit(logits: MatrixLike, labels: VectorLike, options?: CalibratorFitOptions): this {
    const fn = `${NAME}.fit`;
    const data = readFitData(logits, labels, options, fn);
    this.#fitted = this.vector ? fitVector(data, fn, this.#maxIter, this.#tol) : fitTemperature(data, fn, this.#maxIter, this.#tol, this.#bounds);
    return this;
  }

  predict<M extends MatrixLike>(logits: M): MatrixOf<M> {
    const f = this.#need('predict');
    const fn = `${NAME}.predict`;
    const m = toMatrix(logits, { fn, name: 'logits' });
    const k = f.k;
    if (m.cols !== k) throw new ShapeError(`${fn}: argument "logits" must have ${k} columns (as in fit); got ${m.cols}.`);
    const out = new Float64Array(m.rows * k);
    // One temperature divides after shifting by the row maximum: (z − max)/T never overflows
    // where z/T might.
    const inv = f.temperature === undefined ? 1 : 1 / f.temperature;
    for (let i = 0; i < m.rows; i++) {
      const row = i * k;
      let max = -Infinity;
      for (let j = 0; j < k; j++) {
        const v = f.temperature === undefined ? f.w[j]! * m.data[row + j]! + f.b[j]! : m.data[row + j]!;
        out[row + j] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const e = Math.exp((out[row + j]! - max) * inv);
        out[row + j] = e;
        sum += e;
      }
      for (let j = 0; j < k; j++) out[row + j] = out[row + j]! / sum;
    }
    return fromMatrix<M>(m, out, m.rows, k);
  }
}
