import { fromVector, toSampleWeight, toVector, checkSameLength } from '../core/convert.js';
import { ConvergenceError, InvalidArgumentError, NotFittedError } from '../core/errors.js';
import type { VectorLike, VectorOf } from '../core/types.js';
import { checkOptions, formatValue, is } from '../core/validate.js';
import { newtonMinimize, type NewtonProblem } from './_internal/newton.js';
import { LOGISTIC_WASM } from './_internal/wasm/logistic-wasm.js';
import { HEAP_START, holding, reserve, weakModule, type ModuleExports } from '../core/_internal/wasm.js';
import type { CalibratorFitOptions, ScoreCalibrator } from './types.js';

const NAME = 'plattScaling';

/** Options of {@link plattScaling}; every field is optional and documents its default. */
export interface PlattScalingOptions {
  /**
   * Iteration budget of Newton's method, an integer >= 1 (default 100, as Lin, Lin & Weng's
   * reference code). A well-posed fit takes 3 to 10; running out throws `ConvergenceError`.
   */
  maxIter?: number;
  /**
   * Stop when a Newton step, or the next one as predicted from the quadratic convergence already
   * seen, moves the parameters by at most `tol`, a number in (0, 1e-3] (default 1e-10). Steps
   * are measured with the scores rescaled to span [-1, 1], so that `tol` means the same for
   * scores of any magnitude. The final step is still taken, so the fit ends inside `tol` of the
   * optimum (on the fixtures, within 1e-10 of scipy's tight optimum in a·max|s| and b).
   */
  tol?: number;
}

/**
 * A Platt-scaling calibrator (see {@link plattScaling}): a {@link ScoreCalibrator} whose learned
 * sigmoid `p = 1 / (1 + exp(a·s + b))` is readable through `a` and `b`.
 */
export interface PlattScaling extends ScoreCalibrator {
  /** `'platt'`. */
  readonly method: 'platt';
  /**
   * The learned slope (scikit-learn's `a_`; negative when higher scores mean the positive class).
   * @throws {@link "whetstone/core"!NotFittedError} before `fit`.
   */
  readonly a: number;
  /**
   * The learned intercept (scikit-learn's `b_`).
   * @throws {@link "whetstone/core"!NotFittedError} before `fit`.
   */
  readonly b: number;
  /** Newton iterations the last fit took (0 before `fit`, and for constant scores). */
  readonly iterations: number;
  /**
   * Learn `a` and `b` from `scores` (finite numbers) and `labels` (each 0 or 1, both present).
   * Refitting starts from scratch.
   *
   * @param scores - decision values or uncalibrated probabilities of the positive class.
   * @param labels - the true classes, 0 or 1.
   * @param options - `sampleWeight`: one weight >= 0 per score.
   * @returns the calibrator, fitted.
   * @throws {@link "whetstone/core"!InvalidArgumentError} for NaN/±Infinity scores, labels other
   *   than 0 and 1, one class only (counting weight), or negative weights;
   *   {@link "whetstone/core"!ShapeError} for mismatched lengths;
   *   {@link "whetstone/core"!ConvergenceError} when Newton's method cannot reach `tol`.
   */
  fit(scores: VectorLike, labels: VectorLike, options?: CalibratorFitOptions): this;
  /**
   * Calibrated probabilities of the positive class for `scores` (finite numbers).
   *
   * @param scores - scores on the scale the calibrator was fitted on.
   * @returns a new float32 tensor for a tensor (the caller owns and must dispose it), a
   *   `number[]` otherwise.
   * @throws {@link "whetstone/core"!NotFittedError} before `fit`;
   *   {@link "whetstone/core"!InvalidArgumentError} for NaN/±Infinity.
   */
  predict<V extends VectorLike>(scores: V): VectorOf<V>;
}

interface Fitted {
  readonly a: number;
  readonly b: number;
  readonly iterations: number;
}

/**
 * The normalized Platt problem: f = α·x + β with x = (s/c - m)/d spanning [-1, 1], mean loss
 * over the total weight. The rescaling keeps s² out of the Hessian (it overflows for |s| ~ 1e155)
 * and centring keeps the 2×2 Hessian well conditioned when scores sit far from 0 (1e6 ± 1).
 * The passes over the rows are module-level functions, not closures, so that V8 optimizes them
 * once for every fit.
 */
function plattProblem(x: Float64Array, y: Uint8Array, w: Float64Array | undefined, oneMinusT: readonly [number, number], totalWeight: number): NewtonProblem {
  const q0 = oneMinusT[0];
  const dq = oneMinusT[1] - q0;
  const inv = 1 / totalWeight;
  const sums = new Float64Array(9);
  return {
    dim: 2,
    cheapDerivatives: false,
    // Each row's loss φ(f) = log(1 + eᶠ) − (1 − t)·f has |φ‴| ≤ φ″ (Bach 2010, "Self-concordant
    // analysis for logistic regression"), so along a step that moves every f by at most D the
    // curvature stays within a factor e^D, and the full Newton step lowers the loss by at least
    // (1 − e^D / 2)·λ² (also for the ridge-damped step). With |x| ≤ 1, D ≤ |Δα| + |Δβ|; at
    // most 0.5 guarantees 0.17·λ², far above Armijo's 1e-4·λ², so the loss (a log1p per row)
    // need not be computed.
    fullStepIsSafe: (d) => Math.abs(d[0]!) + Math.abs(d[1]!) <= 0.5,
    // ½ Σ wᵢ φ‴(fᵢ) (xᵢ·dα + dβ)² · (xᵢ, 1) from the moments Σ wᵢ φ‴ xᵢᵏ, k = 0 … 3.
    secondOrderTerm: (d) => {
      const a = d[0]!;
      const b = d[1]!;
      const [t0, t1, t2, t3] = [sums[5]! * inv, sums[6]! * inv, sums[7]! * inv, sums[8]! * inv];
      return Float64Array.of(
        0.5 * (t3 * a * a + 2 * t2 * a * b + t1 * b * b),
        0.5 * (t2 * a * a + 2 * t1 * a * b + t0 * b * b),
      );
    },
    evaluate(params, grad, hess, withLoss = true) {
      const alpha = params[0]!;
      const beta = params[1]!;
      if (grad !== undefined && hess !== undefined) {
        derivativePass(x, y, w, q0, dq, alpha, beta, sums);
        grad[0] = sums[0]! * inv;
        grad[1] = sums[1]! * inv;
        hess[0] = sums[2]! * inv;
        hess[1] = sums[3]! * inv;
        hess[2] = sums[3]! * inv;
        hess[3] = sums[4]! * inv;
      }
      return withLoss ? lossPass(x, y, w, q0, dq, alpha, beta) * inv : Number.NaN;
    },
  };
}

/** The exports of wasm/logistic.c. */
interface LogisticExports extends ModuleExports {
  derivativePass(x: number, y: number, w: number, n: number, q0: number, dq: number, alpha: number, beta: number, out: number): void;
  sigmoidAll(s: number, out: number, n: number, a: number, b: number): void;
}

/**
 * The compiled derivative pass (wasm/logistic.c, loaded as core/_internal/wasm.ts says): two rows at a time
 * in SIMD with a polynomial exp, about twice as fast a pass as the JavaScript one below.
 */
const logistic = weakModule<LogisticExports>(LOGISTIC_WASM);

/** From this many rows on, the Newton passes run in the module: below, it saves little. */
const MODULE_ROWS = 4096;
/** The nine sums, just before the rows. */
const SUMS_BYTES = 72;

/**
 * The rescaled scores, the labels and a copy of the weights, in the module's memory (laid out
 * once, before any view is taken: growing the memory would detach them), or `undefined` where
 * the module does not run.
 */
function moduleArrays(n: number, w: Float64Array | undefined): { x: Float64Array; y: Uint8Array; w: Float64Array | undefined } | undefined {
  const module = logistic();
  if (module === undefined) return undefined;
  const xAt = HEAP_START + SUMS_BYTES;
  const wAt = xAt + 8 * n;
  const yAt = wAt + (w === undefined ? 0 : 8 * n);
  const buffer = reserve(module.memory, yAt + n);
  const copy = w === undefined ? undefined : new Float64Array(buffer, wAt, n);
  copy?.set(w!);
  return { x: new Float64Array(buffer, xAt, n), y: new Uint8Array(buffer, yAt, n), w: copy };
}

/** Σ wᵢ φ(fᵢ) with φ(f) = log(1 + eᶠ) − (1 − t)·f, without overflow for any f. */
function lossPass(x: Float64Array, y: Uint8Array, w: Float64Array | undefined, q0: number, dq: number, alpha: number, beta: number): number {
  let loss = 0;
  for (let i = 0; i < x.length; i++) {
    const f = alpha * x[i]! + beta;
    const term = (f > 0 ? f : 0) + Math.log1p(Math.exp(-Math.abs(f))) - (q0 + dq * y[i]!) * f;
    loss += w === undefined ? term : w[i]! * term;
  }
  return loss;
}

/**
 * Gradient, Hessian and third-derivative sums of Σ wᵢ φ(α xᵢ + β) into `out`: [gα, gβ, hαα,
 * hαβ, hββ, then Σ wᵢ φ‴ xᵢᵏ for k = 0 … 3]. The
 * weighted and unweighted loops are separate so that neither tests for weights per row.
 */
function derivativePass(x: Float64Array, y: Uint8Array, w: Float64Array | undefined, q0: number, dq: number, alpha: number, beta: number, out: Float64Array): void {
  const module = w === undefined ? holding(logistic(), x, y) : holding(logistic(), x, y, w);
  if (module !== undefined) {
    const at = x.byteOffset - SUMS_BYTES;
    module.derivativePass(x.byteOffset, y.byteOffset, w === undefined ? 0 : w.byteOffset, x.length, q0, dq, alpha, beta, at);
    out.set(new Float64Array(module.memory.buffer, at, 9));
    return;
  }
  let g1 = 0;
  let g2 = 0;
  let h11 = 0;
  let h12 = 0;
  let h22 = 0;
  // Moments of φ‴ = σ(1 − σ)(1 − 2σ), for Chebyshev's correction.
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  const n = x.length;
  // Branch-free σ(f) (the sign of f is as unpredictable as the labels): exp(-f) may overflow to
  // Infinity for f < -709, giving σ = 0 as it should. σ(1 − σ) loses relative precision only
  // where it is below 1e-9, which slows Newton by nothing measurable.
  if (w === undefined) {
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const sig = 1 / (1 + Math.exp(-(alpha * xi + beta)));
      const gf = sig - (q0 + dq * y[i]!);
      const hf = sig * (1 - sig);
      g1 += gf * xi;
      g2 += gf;
      const hx = hf * xi;
      h11 += hx * xi;
      h12 += hx;
      h22 += hf;
      const tf = hf * (1 - 2 * sig);
      const tx = tf * xi;
      const txx = tx * xi;
      t0 += tf;
      t1 += tx;
      t2 += txx;
      t3 += txx * xi;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const wi = w[i]!;
      const sig = 1 / (1 + Math.exp(-(alpha * xi + beta)));
      const gf = wi * (sig - (q0 + dq * y[i]!));
      const hf = wi * sig * (1 - sig);
      g1 += gf * xi;
      g2 += gf;
      const hx = hf * xi;
      h11 += hx * xi;
      h12 += hx;
      h22 += hf;
      const tf = hf * (1 - 2 * sig);
      const tx = tf * xi;
      const txx = tx * xi;
      t0 += tf;
      t1 += tx;
      t2 += txx;
      t3 += txx * xi;
    }
  }
  out[0] = g1;
  out[1] = g2;
  out[2] = h11;
  out[3] = h12;
  out[4] = h22;
  out[5] = t0;
  out[6] = t1;
  out[7] = t2;
  out[8] = t3;
}

/**
 * From 16 × {@link WARM_START_MIN_ROWS} rows on, a strided subsample (one row in 32, at most
 * this many) supplies the start. Its optimum is within ~1e-1 of the full one (in the rescaled
 * coordinates), close enough that the full data then take two passes: a Chebyshev step of
 * ~5e-2 leaves ~3e-6, whose step is predicted to leave ~1e-19 (plain Newton steps would take
 * three: ~5e-2, ~3e-4, ~1e-8). Larger subsamples, or a ladder of them, were measured to cost
 * more than they save.
 */
const WARM_START_ROWS = 1 << 13;
/** The smallest subsample used for a start (see {@link WARM_START_ROWS}). */
const WARM_START_MIN_ROWS = 1 << 11;

/**
 * A starting point near the optimum for large inputs: the same objective (same targets) on
 * every k-th row. Deterministic; whenever the subsample is unusable, Platt's start.
 */
function warmStart(x: Float64Array, y: Uint8Array, w: Float64Array | undefined, oneMinusT: readonly [number, number], start: Float64Array, maxIter: number): Float64Array {
  const n = x.length;
  if (n < 16 * WARM_START_MIN_ROWS) return start;
  // One row in 32, between 2048 and 8192 of them: enough for a start within ~1e-1.
  const stride = Math.floor(n / Math.min(Math.max(n >> 5, WARM_START_MIN_ROWS), WARM_START_ROWS));
  const m = Math.floor(n / stride);
  const xs = new Float64Array(m);
  const ys = new Uint8Array(m);
  const ws = w === undefined ? undefined : new Float64Array(m);
  let total = 0;
  for (let j = 0; j < m; j++) {
    const i = j * stride;
    xs[j] = x[i]!;
    ys[j] = y[i]!;
    const wi = w === undefined ? 1 : w[i]!;
    if (ws !== undefined) ws[j] = wi;
    total += wi;
  }
  if (!(total > 0)) return start;
  const problem = plattProblem(xs, ys, ws, oneMinusT, total);
  // From Platt's start (a flat sigmoid) Newton needed ~7 line-search steps on the subsample, a
  // loss pass (log1p and exp per row) each: most of the warm start's cost. The linear
  // discriminant's slope and intercept are usually near the optimum, where full steps are safe;
  // the start with the lower loss is used, so a poor discriminant (separable or odd-shaped
  // scores) costs one loss pass, never convergence.
  const guess = discriminantStart(xs, ys, ws);
  const from = guess !== undefined && problem.evaluate(guess) < problem.evaluate(start) ? guess : start;
  const result = newtonMinimize(problem, from, { maxIter, tol: 1e-4 });
  return result.status === 'converged' && Number.isFinite(result.x[0]!) && Number.isFinite(result.x[1]!) ? result.x : start;
}

/**
 * Fisher's linear discriminant as a start for P(y = 1) = 1 / (1 + exp(α x + β)): with weighted
 * class means μ₀, μ₁, pooled variance σ² and class weights π₀, π₁, the log-odds are
 * x (μ₁ − μ₀) / σ² − (μ₁² − μ₀²) / (2σ²) + log(π₁ / π₀), negated. `undefined` when a class is
 * empty or the pooled variance vanishes.
 */
function discriminantStart(x: Float64Array, y: Uint8Array, w: Float64Array | undefined): Float64Array | undefined {
  let w0 = 0;
  let w1 = 0;
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = w === undefined ? 1 : w[i]!;
    if (y[i] === 1) {
      w1 += wi;
      s1 += wi * x[i]!;
    } else {
      w0 += wi;
      s0 += wi * x[i]!;
    }
  }
  if (!(w0 > 0 && w1 > 0)) return undefined;
  const m0 = s0 / w0;
  const m1 = s1 / w1;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - (y[i] === 1 ? m1 : m0);
    ss += (w === undefined ? 1 : w[i]!) * d * d;
  }
  const variance = ss / (w0 + w1);
  if (!(variance > 0)) return undefined;
  const slope = (m1 - m0) / variance;
  const intercept = Math.log(w1 / w0) - (slope * (m0 + m1)) / 2;
  return Number.isFinite(slope) && Number.isFinite(intercept) ? Float64Array.of(-slope, -intercept) : undefined;
}


/** What {@link readLabels} gathers. */
interface LabelScan {
  /** Weighted count of class 0, Platt's N₋. */
  readonly prior0: number;
  /** Weighted count of class 1, Platt's N₊. */
  readonly prior1: number;
  readonly min: number;
  readonly max: number;
  /** Σ wᵢ sᵢ. */
  readonly weightedSum: number;
  /** Index of the first label other than 0 and 1, or -1. */
  readonly badLabel: number;
}

/**
 * One pass that reads the labels into bytes (each must be exactly 0 or 1) and gathers Platt's
 * priors (counts of each class, weighted counts with sample weights, as scikit-learn 1.2's
 * `_sigmoid_calibration` in sklearn/calibration.py), the extremes and the weighted sum.
 *
 * This loop and {@link rescale} are functions of their own rather than loops in `fitPlatt`:
 * there V8 optimized them on stack replacement, and that code, compiled before the rest of
 * `fitPlatt` had run, was entered again on every fit and deoptimized twice each time (seen with
 * `node --trace-deopt`), leaving the rest of the fit to the interpreter: under --cpu-prof,
 * fitPlatt's own time fell from ~2.8 to ~0.1 ms per 10⁵-row fit.
 */
function readLabels(labels: Float64Array, s: Float64Array, w: Float64Array | undefined, y: Uint8Array): LabelScan {
  if (w === undefined) {
    const fast = readUnitLabels(labels, s, y);
    if (fast !== undefined) return fast;
  }
  let prior0 = 0;
  let prior1 = 0;
  let min = Infinity;
  let max = -Infinity;
  let weightedSum = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label !== 0 && label !== 1) return { prior0, prior1, min, max, weightedSum, badLabel: i };
    y[i] = label;
    const wi = w === undefined ? 1 : w[i]!;
    // Branch-free (the labels come in no order a predictor can follow); adding 0 leaves a sum
    // unchanged, so the priors are the same to the bit.
    prior1 += wi * label;
    prior0 += wi * (1 - label);
    const v = s[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    weightedSum += wi * v;
  }
  return { prior0, prior1, min, max, weightedSum, badLabel: -1 };
}

/**
 * {@link readLabels} without weights and without a branch per row: |label·(1 − label)| is 0
 * exactly for 0 and 1 and positive (or NaN) for anything else, so one sum checks every label
 * (about 2.7× faster at 10⁶ rows). The sums are those of the general loop with unit weights,
 * to the bit (N₋ is the count of zeros, N − N₊, exact).
 *
 * @returns `undefined` when some label is not 0 or 1 (the general loop then finds which).
 */
function readUnitLabels(labels: Float64Array, s: Float64Array, y: Uint8Array): LabelScan | undefined {
  let bad = 0;
  let prior1 = 0;
  let min = Infinity;
  let max = -Infinity;
  let weightedSum = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    bad += Math.abs(label * (1 - label));
    y[i] = label;
    prior1 += label;
    const v = s[i]!;
    min = Math.min(min, v);
    max = Math.max(max, v);
    weightedSum += v;
  }
  if (bad !== 0) return undefined;
  return { prior0: labels.length - prior1, prior1, min, max, weightedSum, badLabel: -1 };
}

/** Σ wᵢ (sᵢ / c), for scores whose plain weighted sum overflows or underflows. */
function scaledSum(s: Float64Array, w: Float64Array | undefined, c: number): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += (w === undefined ? 1 : w[i]!) * (s[i]! / c);
  return sum;
}

/** x[i] = (s[i] / c − mean) · invSpread; `x` may be `s`. */
function rescale(s: Float64Array, c: number, mean: number, invSpread: number, x: Float64Array): void {
  for (let i = 0; i < s.length; i++) x[i] = (s[i]! / c - mean) * invSpread;
}

function fitPlatt(scoresIn: VectorLike, labelsIn: VectorLike, options: CalibratorFitOptions | undefined, maxIter: number, tol: number): Fitted {
  const fn = `${NAME}.fit`;
  checkOptions(fn, options, { sampleWeight: is.vector() });
  // Float64Arrays are read in place (`borrow`): a copy costs ~1 ms per 10⁵ values here, as much
  // as a Newton pass. The scores are only read; the rescaled copy below is new.
  const s = toVector(scoresIn, { fn, name: 'scores', borrow: true }).data;
  const inPlace = s === scoresIn;
  const n = s.length;
  const labelsData = toVector(labelsIn, { fn, name: 'labels', borrow: true }).data;
  checkSameLength(fn, [['scores', n], ['labels', labelsData.length]]);
  const w = toSampleWeight(options?.sampleWeight, { fn, rows: n, rowsName: 'scores' });

  // The rows the Newton passes read live in the compiled module's memory when it runs (see
  // derivativePass); the warm start's subsample and small inputs stay in JavaScript.
  const place = n >= MODULE_ROWS ? moduleArrays(n, w) : undefined;
  const y = place?.y ?? new Uint8Array(n);
  const { prior0, prior1, min, max, weightedSum, badLabel } = readLabels(labelsData, s, w, y);
  if (badLabel >= 0) {
    throw new InvalidArgumentError(`${fn}: argument "labels" must contain only 0 and 1; got ${formatValue(labelsData[badLabel]!)} at index ${badLabel}.`);
  }
  if (!(prior0 > 0) || !(prior1 > 0)) {
    const missing = prior0 > 0 ? 1 : 0;
    const how = w === undefined ? 'none' : 'no positive weight';
    throw new InvalidArgumentError(`${fn}: argument "labels" must contain both classes 0 and 1; class ${missing} has ${how}.`);
  }
  const totalWeight = prior0 + prior1;
  // Platt's smoothed targets; the loss uses 1 - t (the target of σ(f) = 1 - p) per class.
  const t1 = (prior1 + 1) / (prior1 + 2);
  const t0 = 1 / (prior0 + 2);
  const oneMinusT: [number, number] = [1 - t0, 1 - t1];
  if (min === max) {
    // Constant scores: the slope is not identified; a = 0 is the answer that does not depend on
    // the scores' value, and f is then the log-odds of the weighted-mean target of σ(f).
    const q = (prior0 * oneMinusT[0] + prior1 * oneMinusT[1]) / totalWeight;
    return { a: 0, b: Math.log(q / (1 - q)), iterations: 0 };
  }

  // Normalize: divide by the largest magnitude first (never overflows), then centre on the
  // weighted mean and divide by the largest deviation, which the extremes give.
  const c = Math.max(-min, max);
  let mean = weightedSum / c / totalWeight;
  if (!Number.isFinite(weightedSum) || c < 1e-290) {
    // The plain sum overflowed (scores near 1e308) or lost digits to subnormals: sum s/c.
    mean = scaledSum(s, w, c) / totalWeight;
  }
  const spread = Math.max(max / c - mean, mean - min / c);
  // In place when `s` is toVector's private copy: a second n-long buffer would only add work
  // for the garbage collector.
  const x = place?.x ?? (inPlace ? new Float64Array(n) : s);
  rescale(s, c, mean, 1 / spread, x);

  const problem = plattProblem(x, y, place?.w ?? w, oneMinusT, totalWeight);
  // Platt's starting point (a = 0, b = log((N₋ + 1) / (N₊ + 1))), as both references use.
  const start = Float64Array.of(0, Math.log((prior0 + 1) / (prior1 + 1)));
  const result = newtonMinimize(problem, warmStart(x, y, w, oneMinusT, start, maxIter), { maxIter, tol });
  const alpha = result.x[0]!;
  const beta = result.x[1]!;
  if (result.status !== 'converged' || !Number.isFinite(alpha) || !Number.isFinite(beta)) {
    const why = result.status === 'maxIter' ? `did not converge in ${maxIter} iterations` : 'stopped: the line search found no decrease';
    throw new ConvergenceError(
      `${fn}: Newton's method ${why} (last step ${formatValue(result.lastStep)}, tol ${formatValue(tol)}); ` +
        'raise option "maxIter" or "tol", or check the scores for extreme outliers.',
    );
  }
  // Undo the normalization: f = α·((s/c - m)/d) + β.
  const a = alpha / spread / c;
  const b = beta - (alpha * mean) / spread;
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    // The optimum exists but its slope is beyond float64 (scores that differ only by ~1e-308).
    throw new ConvergenceError(
      `${fn}: the fitted sigmoid is not representable in float64 (slope ${formatValue(a)}, intercept ${formatValue(b)}): ` +
        `the scores differ by at most ${formatValue(spread * c)}; rescale them.`,
    );
  }
  return { a, b, iterations: result.iterations };
}

/**
 * Platt scaling: calibrate binary scores with a sigmoid `p = 1 / (1 + exp(a·s + b))` fitted by
 * maximum likelihood on Platt's smoothed targets t₊ = (N₊+1)/(N₊+2), t₋ = 1/(N₋+2) (weighted
 * counts with sample weights), as scikit-learn 1.2's `_sigmoid_calibration` — same objective,
 * same sign convention (`a < 0` when higher scores mean the positive class), same starting point
 * (from 32 768 scores on, the optimum of a strided subsample of 2048 to 8192 of them replaces
 * it, which changes the path, not the answer).
 *
 * The optimizer is Newton's method with backtracking line search (Lin, Lin & Weng 2007), run on
 * scores rescaled to [-1, 1], with Chebyshev's third-order correction once steps are provably
 * safe, so that it reaches the optimum to float64 precision in a handful of linear passes, also for separable data (the smoothed targets keep the optimum finite), constant
 * scores (`a = 0`) and scores of magnitude up to 1e300; where it truly cannot converge it throws
 * `ConvergenceError` rather than return a wrong answer (scikit-learn 1.2's BFGS can stop early
 * without a word, scikit-learn issue #26766: on scores of magnitude 1e6 it returns a = 0).
 *
 * @param options - `maxIter` and `tol` of Newton's method.
 * @returns an unfitted calibrator: call `fit(scores, labels, { sampleWeight })`, then `predict`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for unknown or out-of-range options.
 * @example
 * ```ts
 * const platt = plattScaling().fit([-2, -1, 0.5, 1, 3], [0, 0, 1, 0, 1]);
 * platt.predict([0, 2]); // calibrated probabilities of class 1
 * platt.a; // the slope (negative here)
 * ```
 * @see J. Platt, "Probabilistic outputs for support vector machines and comparisons to
 *   regularized likelihood methods" (1999); H.-T. Lin, C.-J. Lin, R. C. Weng, "A note on Platt's
 *   probabilistic outputs for support vector machines", Machine Learning 68 (2007);
 *   scikit-learn 1.2 `sklearn/calibration.py` (`_sigmoid_calibration`, `_SigmoidCalibration`);
 *   https://github.com/scikit-learn/scikit-learn/issues/26766.
 */
/* @__NO_SIDE_EFFECTS__ */
export function plattScaling(options?: PlattScalingOptions): PlattScaling {
  checkOptions(NAME, options, { maxIter: is.integer({ min: 1 }), tol: is.number({ min: 0, minExclusive: true, max: 1e-3 }) });
  return new PlattCalibrator(options?.maxIter ?? 100, options?.tol ?? 1e-10);
}

// A class rather than an object literal: its getters live on the prototype, so generic walkers
// (collectTensors, structured logging) that read an object's own values never trip the
// not-fitted errors.
class PlattCalibrator implements PlattScaling {
  readonly method = 'platt' as const;
  readonly #maxIter: number;
  readonly #tol: number;
  #fitted: Fitted | undefined;

  constructor(maxIter: number, tol: number) {
    this.#maxIter = maxIter;
    this.#tol = tol;
  }

  #need(what: string): Fitted {
    if (this.#fitted === undefined) throw new NotFittedError(`${NAME}.${what}: this calibrator is not fitted yet; call fit(scores, labels) first.`);
    return this.#fitted;
  }

  get fitted(): boolean {
    return this.#fitted !== undefined;
  }

  get a(): number {
    return this.#need('a').a;
  }

  get b(): number {
    return this.#need('b').b;
  }

  get iterations(): number {
    return this.#fitted?.iterations ?? 0;
  }

  fit(scores: VectorLike, labels: VectorLike, options?: CalibratorFitOptions): this {
    this.#fitted = fitPlatt(scores, labels, options, this.#maxIter, this.#tol);
    return this;
  }

  predict<V extends VectorLike>(scores: V): VectorOf<V> {
    const { a, b } = this.#need('predict');
    // A Float64Array is read in place (checked by toVector), and the probabilities are written
    // straight into the number[] returned.
    const s = toVector(scores, { fn: `${NAME}.predict`, name: 'scores', borrow: true });
    const out = new Array<number>(s.length).fill(Number.NaN);
    sigmoids(a, b, s.data, out);
    return s.kind === 'tensor' ? fromVector<V>(s, out) : (out as VectorOf<V>);
  }
}

/**
 * {@link sigmoidInto}, in the compiled module from {@link MODULE_ROWS} scores on (two at a time,
 * its exp a few ulps from Math.exp's, saturating to exactly 0 and 1 as Math.exp does): the
 * scores copied in, the probabilities copied out. The scores are finite (checked by the caller).
 */
function sigmoids(a: number, b: number, s: Float64Array, out: number[]): void {
  const module = s.length >= MODULE_ROWS ? logistic() : undefined;
  if (module === undefined) {
    sigmoidInto(a, b, s, out);
    return;
  }
  const n = s.length;
  const buffer = reserve(module.memory, HEAP_START + 16 * n);
  new Float64Array(buffer, HEAP_START, n).set(s);
  module.sigmoidAll(HEAP_START, HEAP_START + 8 * n, n, a, b);
  const p = new Float64Array(buffer, HEAP_START + 8 * n, n);
  for (let i = 0; i < n; i++) out[i] = p[i]!;
}

/**
 * out[i] = 1 / (1 + exp(a·sᵢ + b)), which is accurate to a few ulps for every f (exp overflowing
 * to Infinity gives exactly 0) and branch-free; only 1 − p would need care, and it is never
 * formed. `out` comes pre-sized and filled with a double, so that V8 keeps it one array of doubles
 * (left holey, the first store of each call converts it, measured ~15% slower at 10⁵ scores).
 */
function sigmoidInto(a: number, b: number, s: Float64Array, out: number[]): void {
  for (let i = 0; i < s.length; i++) out[i] = 1 / (1 + Math.exp(a * s[i]! + b));
}
