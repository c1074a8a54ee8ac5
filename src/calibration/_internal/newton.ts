// Damped Newton's method with Armijo backtracking for the small smooth convex problems of
// calibration (Platt's two parameters, vector scaling's 2K), in float64. Problems that can
// vouch for a full step skip the line search (and the loss), and problems that supply their
// third derivative get Chebyshev's cubically convergent step there instead of Newton's: for
// Platt on 10⁶ rows that is two passes over the data instead of three.
//
// The scheme is the one Lin, Lin & Weng (2007, "A note on Platt's probabilistic outputs for
// support vector machines", Algorithm 1) propose for Platt scaling: a full Newton step, halved
// until the loss falls by a fraction of what the local model predicts. Two changes make it fail
// loudly rather than quietly (scikit-learn issue #26766 is the quiet failure of BFGS there):
// convergence is judged on the step, not on the loss (which float64 cannot resolve near the
// optimum), and an exhausted line search or iteration budget is reported to the caller instead of
// returning the last iterate.

/** What the solver needs from a problem. */
export interface NewtonProblem {
  /** Number of parameters. */
  readonly dim: number;
  /**
   * The loss at `x`; when `grad` and `hess` are given, also fill them (gradient, and the dense
   * row-major Hessian, `dim × dim`). With `withLoss === false` (only ever passed together with
   * `grad` and `hess`) the loss may be skipped and NaN returned.
   */
  evaluate(x: Float64Array, grad?: Float64Array, hess?: Float64Array, withLoss?: boolean): number;
  /**
   * Optional: whether the full Newton step `d` is known to decrease the loss without checking
   * (a bound from the problem's structure), so that the solver can skip computing the loss.
   */
  fullStepIsSafe?(d: Float64Array): boolean;
  /**
   * Optional: half the third-derivative tensor at the point of the last `evaluate` that filled
   * `grad` and `hess`, applied twice to `d` (½·T(d, d)). With it, safe full steps become
   * Chebyshev steps d − H⁻¹·½T(d, d), whose convergence is cubic instead of quadratic.
   */
  secondOrderTerm?(d: Float64Array): Float64Array;
  /**
   * Whether derivatives cost little more than the loss (then every line-search trial computes
   * them, saving a pass when the trial is accepted, which is nearly always).
   */
  readonly cheapDerivatives: boolean;
}

/** How the solver ended. */
export interface NewtonResult {
  /** The parameters found. */
  readonly x: Float64Array;
  /** The loss at some recent iterate (NaN when safe full steps skipped computing it). */
  readonly loss: number;
  /** Newton iterations taken. */
  readonly iterations: number;
  /** `'converged'`, `'maxIter'` or `'lineSearch'` (no decrease found though the step was not tiny). */
  readonly status: 'converged' | 'maxIter' | 'lineSearch';
  /** Largest entry of the last Newton step. */
  readonly lastStep: number;
}

/** Solver settings. */
export interface NewtonSettings {
  /** Iteration budget. */
  readonly maxIter: number;
  /** Converged when the largest entry of the Newton step is at most this. */
  readonly tol: number;
}

const ARMIJO = 1e-4;
const MIN_STEP = 1e-10;
/** Below this Newton decrement relative to |loss|, loss differences are rounding noise. */
const ROUNDOFF = 1e-12;

/**
 * Solve `(H + ridge·I) d = -g` by Cholesky, raising the ridge from 0 until the factorization
 * succeeds (H is only semidefinite when the problem has a flat direction, as vector scaling's
 * biases do: adding one constant to all of them changes nothing).
 */
export function newtonDirection(h: Float64Array, g: Float64Array, n: number): Float64Array {
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(h[i * n + i]!));
  const l = new Float64Array(n * n);
  let ridge = 0;
  for (let attempt = 0; attempt < 40; attempt++) {
    if (choleskyInto(h, n, ridge, l)) {
      const d = new Float64Array(n);
      // Forward then back substitution, solving L Lᵀ d = -g.
      for (let i = 0; i < n; i++) {
        let s = -g[i]!;
        for (let k = 0; k < i; k++) s -= l[i * n + k]! * d[k]!;
        d[i] = s / l[i * n + i]!;
      }
      for (let i = n - 1; i >= 0; i--) {
        let s = d[i]!;
        for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * d[k]!;
        d[i] = s / l[i * n + i]!;
      }
      return d;
    }
    ridge = ridge === 0 ? Math.max(maxDiag, 1e-300) * 1e-12 : ridge * 10;
  }
  // Unreachable for finite input (a ridge far above the diagonal is always positive definite);
  // fall back to steepest descent rather than return nonsense.
  return g.map((v) => -v);
}

function choleskyInto(h: Float64Array, n: number, ridge: number, l: Float64Array): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = h[i * n + j]! + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return false;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j]!;
      }
    }
  }
  return true;
}

/**
 * The Chebyshev step d − H⁻¹·½T(d, d) when the problem provides T and the step is safe, and the
 * correction is a correction (at most half the Newton step); else `undefined`.
 */
function chebyshevStep(problem: NewtonProblem, h: Float64Array, d: Float64Array, size: number): Float64Array | undefined {
  if (problem.secondOrderTerm === undefined || problem.fullStepIsSafe?.(d) !== true) return undefined;
  const c = newtonDirection(h, problem.secondOrderTerm(d), problem.dim);
  let cSize = 0;
  for (let i = 0; i < c.length; i++) cSize = Math.max(cSize, Math.abs(c[i]!));
  return cSize <= 0.5 * size ? d.map((v, i) => v + c[i]!) : undefined;
}

/**
 * Minimize a smooth convex function by damped Newton from `x0` (not modified).
 *
 * @returns where it stopped and why; the caller decides how to report a failure.
 */
export function newtonMinimize(problem: NewtonProblem, x0: Float64Array, settings: NewtonSettings): NewtonResult {
  const n = problem.dim;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let h = new Float64Array(n * n);
  // The loss is computed lazily: only a line search needs it.
  let loss = problem.evaluate(x, g, h, false);
  let candG = new Float64Array(n);
  let candH = new Float64Array(n * n);
  const cand = new Float64Array(n);
  let lastStep = Infinity;
  // |loss| when last computed (NaN while unknown, which disables the rounding-noise tests).
  // Relative, not absolute: a loss heading for 0 (separable data) is resolved ever more finely.
  let lossScale = Math.abs(loss);
  // Length of the previous Newton step, when it was taken in full (else Infinity).
  let prevStep = Infinity;
  let prevCubic = false;
  for (let iter = 0; iter < settings.maxIter; iter++) {
    const d = newtonDirection(h, g, n);
    let slope = 0;
    lastStep = 0;
    for (let i = 0; i < n; i++) {
      slope += g[i]! * d[i]!;
      lastStep = Math.max(lastStep, Math.abs(d[i]!));
    }
    if (!Number.isFinite(lastStep)) return { x, loss, iterations: iter, status: 'lineSearch', lastStep };
    // Once convergence is visibly quadratic (a full step before, this one much shorter and
    // already small), the step after this one is about lastStep·(lastStep/prevStep)²: if that is
    // within tol, this step lands within tol of the optimum and one more pass over the data is
    // not needed.
    // After a Chebyshev step the error falls cubically, and the ratio enters once more.
    const quadratic = lastStep <= 1e-3 && lastStep <= 0.1 * prevStep;
    const ratio = lastStep / prevStep;
    const predicted = quadratic ? lastStep * ratio * ratio * (prevCubic ? ratio : 1) : Infinity;
    prevStep = Infinity;
    prevCubic = false;
    if (lastStep <= settings.tol || predicted <= settings.tol || slope >= 0) {
      // Close enough that the full step is the best float64 can do; take it and stop.
      const step = chebyshevStep(problem, h, d, lastStep) ?? d;
      for (let i = 0; i < n; i++) x[i] = x[i]! + step[i]!;
      return { x, loss, iterations: iter + 1, status: 'converged', lastStep };
    }
    if (-slope <= ROUNDOFF * lossScale || problem.fullStepIsSafe?.(d) === true) {
      // Either the problem vouches for the full step, or the decrease it promises (-slope / 2)
      // is below what the summed loss resolves, so a line search would only compare rounding
      // noise; this deep in the quadratic region the full Newton step is safe. Take it and
      // iterate on the (still accurate) gradient, without paying for the loss.
      const cheb = chebyshevStep(problem, h, d, lastStep);
      prevCubic = cheb !== undefined;
      const step = cheb ?? d;
      for (let i = 0; i < n; i++) x[i] = x[i]! + step[i]!;
      loss = problem.evaluate(x, g, h, false);
      prevStep = lastStep;
      continue;
    }
    if (Number.isNaN(loss)) {
      loss = problem.evaluate(x);
      lossScale = Math.abs(loss);
    }
    let t = 1;
    let accepted = false;
    while (t >= MIN_STEP) {
      for (let i = 0; i < n; i++) cand[i] = x[i]! + t * d[i]!;
      const candLoss = problem.cheapDerivatives ? problem.evaluate(cand, candG, candH) : problem.evaluate(cand);
      if (candLoss <= loss + ARMIJO * t * slope) {
        x = Float64Array.from(cand);
        loss = candLoss;
        lossScale = Math.abs(loss);
        if (problem.cheapDerivatives) {
          [g, candG] = [candG, g];
          [h, candH] = [candH, h];
        } else {
          loss = problem.evaluate(x, g, h);
        }
        accepted = true;
        if (t === 1) prevStep = lastStep;
        break;
      }
      t /= 2;
    }
    if (!accepted) {
      // The predicted decrease is -slope/2; when that is below what float64 resolves in the loss,
      // no trial can show a decrease and the point is optimal to working precision.
      if (-slope <= 10 * ROUNDOFF * lossScale) {
        for (let i = 0; i < n; i++) x[i] = x[i]! + d[i]!;
        return { x, loss, iterations: iter + 1, status: 'converged', lastStep };
      }
      return { x, loss, iterations: iter + 1, status: 'lineSearch', lastStep };
    }
  }
  return { x, loss, iterations: settings.maxIter, status: 'maxIter', lastStep };
}
