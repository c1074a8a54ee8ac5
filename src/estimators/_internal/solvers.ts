// Two solvers for smooth convex objectives in float64: limited-memory BFGS with a Wolfe line
// search, and Newton's method with a Cholesky solve and a backtracking (Armijo) line search.
// Both stop when the largest gradient entry is at most `tol` (scipy's `gtol`, as scikit-learn
// uses it), or when they can no longer make progress that float64 resolves.
import type { Objective } from './logistic-objective.js';

/** What a solver reports. */
export interface SolverResult {
  readonly w: Float64Array;
  readonly value: number;
  /** Iterations taken (scipy's `nit`, scikit-learn's `n_iter_`). */
  readonly nIter: number;
  /** Whether a stopping test was met before `maxIter` (or a line-search failure). */
  readonly converged: boolean;
}

export interface SolverOptions {
  readonly tol: number;
  readonly maxIter: number;
}

// Relative decrease of f below which a step is at the float64 floor rather than progress: the
// `ftol = 64 · eps` that scikit-learn hands scipy in its Newton solver's lbfgs fallback.
const FTOL = 64 * Number.EPSILON;
// Wolfe constants, Nocedal & Wright (2006), §3.1: c1 = 1e-4, c2 = 0.9 for quasi-Newton methods.
const C1 = 1e-4;
const C2 = 0.9;
// How far above f(0), relative to |f(0)|, a trial point may be and still pass the approximate
// Wolfe test: far above float64 rounding of f, far below any change that matters.
const APPROX_WOLFE_EPS = 1e-10;
// scipy's L-BFGS-B default of 10 correction pairs; at most 50 evaluations per line search (the
// `maxls` recent scikit-learn passes).
const MEMORY = 10;
const MAX_LINE_SEARCH = 50;

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (a > m) m = a;
  }
  return m;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

interface LinePoint {
  alpha: number;
  f: number;
  /** φ'(alpha) = ∇f(w + alpha d) · d. */
  g: number;
}

/**
 * Line search along a descent direction d of a convex objective, for the Wolfe conditions.
 *
 * A step is accepted when it meets the strong Wolfe conditions (Nocedal & Wright 2006, eqs. 3.7)
 * or Hager & Zhang's approximate Wolfe conditions, c2·φ'(0) ≤ φ'(α) ≤ (2c1 − 1)·φ'(0) with
 * φ(α) ≤ φ(0) + ε|φ(0)|. The second test judges the step by the derivative alone, which stays
 * accurate near the optimum, where differences of f sink below float64 resolution; for a
 * quadratic it implies sufficient decrease. Steps are bracketed as in Nocedal & Wright's
 * Algorithm 3.5, using that φ' is nondecreasing for a convex f (the sign of φ' says on which side
 * the minimizer lies), and the bracket is shrunk with safeguarded secant steps on φ', exact for
 * quadratics (Hager & Zhang's secant step).
 *
 * On success `wOut` and `gradOut` hold the accepted point and its gradient.
 *
 * @see W. W. Hager and H. Zhang, "A new conjugate gradient method with guaranteed descent and an
 *   efficient line search", SIAM J. Optim. 16(1), 2005, 170–192.
 */
function wolfeLineSearch(
  obj: Objective,
  w: Float64Array,
  f0: number,
  g0: number,
  d: Float64Array,
  alpha0: number,
  wOut: Float64Array,
  gradOut: Float64Array,
): LinePoint | undefined {
  const fSlack = APPROX_WOLFE_EPS * Math.abs(f0);
  const acceptable = (pt: LinePoint): boolean =>
    (pt.f <= f0 + C1 * pt.alpha * g0 && Math.abs(pt.g) <= -C2 * g0) ||
    (pt.f <= f0 + fSlack && C2 * g0 <= pt.g && pt.g <= (2 * C1 - 1) * g0);
  let lo: LinePoint = { alpha: 0, f: f0, g: g0 };
  let hi: LinePoint | undefined;
  let alpha = alpha0;
  for (let evals = 0; evals < MAX_LINE_SEARCH; evals++) {
    for (let i = 0; i < w.length; i++) wOut[i] = w[i]! + alpha * d[i]!;
    const f = obj.valueAndGradient(wOut, gradOut);
    const pt: LinePoint = { alpha, f, g: dot(gradOut, d) };
    const finite = Number.isFinite(pt.f) && Number.isFinite(pt.g);
    if (finite && acceptable(pt)) return pt;
    if (!finite || pt.g >= 0 || pt.f > f0 + fSlack) hi = pt;
    else lo = pt;
    if (hi === undefined) {
      alpha *= 2;
      continue;
    }
    const width = hi.alpha - lo.alpha;
    if (width <= Number.EPSILON * hi.alpha) return undefined;
    const secant = Number.isFinite(hi.g) && hi.g > lo.g ? lo.alpha - (lo.g * width) / (hi.g - lo.g) : Number.NaN;
    const left = lo.alpha + 0.1 * width;
    const right = hi.alpha - 0.1 * width;
    alpha = secant >= left && secant <= right ? secant : Math.min(Math.max(secant, left), right);
    if (!Number.isFinite(alpha)) alpha = lo.alpha + width / 2;
  }
  return undefined;
}

/**
 * Minimize with L-BFGS: Nocedal & Wright (2006), Algorithm 7.4 (two-loop recursion) and 7.5, with
 * the initial Hessian scaled by sᵀy / yᵀy of the newest pair (their eq. 7.20), starting from
 * w = 0.
 *
 * @see J. Nocedal and S. J. Wright, Numerical Optimization, 2nd ed., Springer, 2006, ch. 3 and 7.
 */
export function lbfgs(obj: Objective, options: SolverOptions): SolverResult {
  const n = obj.dim;
  let w = new Float64Array(n);
  let grad = new Float64Array(n);
  let wNext = new Float64Array(n);
  let gradNext = new Float64Array(n);
  const d = new Float64Array(n);
  const sMem: Float64Array[] = [];
  const yMem: Float64Array[] = [];
  const rho: number[] = [];
  const alphaBuf = new Float64Array(MEMORY);

  let f = obj.valueAndGradient(w, grad);
  if (maxAbs(grad) <= options.tol) return { w, value: f, nIter: 0, converged: true };

  let iter = 0;
  let stalled = false;
  while (iter < options.maxIter) {
    // Two-loop recursion: d = −H g.
    for (let i = 0; i < n; i++) d[i] = -grad[i]!;
    const m = sMem.length;
    for (let j = m - 1; j >= 0; j--) {
      const a = rho[j]! * dot(sMem[j]!, d);
      alphaBuf[j] = a;
      const yj = yMem[j]!;
      for (let i = 0; i < n; i++) d[i]! -= a * yj[i]!;
    }
    if (m > 0) {
      const gamma = dot(sMem[m - 1]!, yMem[m - 1]!) / dot(yMem[m - 1]!, yMem[m - 1]!);
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    }
    for (let j = 0; j < m; j++) {
      const b = rho[j]! * dot(yMem[j]!, d);
      const sj = sMem[j]!;
      const coef = alphaBuf[j]! - b;
      for (let i = 0; i < n; i++) d[i]! += coef * sj[i]!;
    }
    let slope = dot(grad, d);
    if (!(slope < 0)) {
      // Rounding made the quasi-Newton direction useless: restart from steepest descent.
      sMem.length = yMem.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -grad[i]!;
      slope = dot(grad, d);
    }
    // First step of a fresh memory: unit length, as scipy's L-BFGS-B does.
    const alpha0 = sMem.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const pt = wolfeLineSearch(obj, w, f, slope, d, alpha0, wNext, gradNext);
    if (pt === undefined) {
      if (sMem.length > 0) {
        sMem.length = yMem.length = rho.length = 0;
        continue;
      }
      // Not even steepest descent finds a better point: converged if the last step was already
      // at the float64 floor.
      return { w, value: f, nIter: iter, converged: maxAbs(grad) <= options.tol || stalled };
    }
    iter++;
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = wNext[i]! - w[i]!;
      yv[i] = gradNext[i]! - grad[i]!;
    }
    const sy = dot(s, yv);
    // Keep the pair only when it carries positive curvature (guaranteed by Wolfe up to rounding).
    if (sy > Number.EPSILON * dot(yv, yv)) {
      if (sMem.length === MEMORY) {
        sMem.shift();
        yMem.shift();
        rho.shift();
      }
      sMem.push(s);
      yMem.push(yv);
      rho.push(1 / sy);
    }
    stalled = (f - pt.f) / Math.max(Math.abs(f), 1) <= FTOL;
    [w, wNext] = [wNext, w];
    [grad, gradNext] = [gradNext, grad];
    f = pt.f;
    if (maxAbs(grad) <= options.tol) return { w, value: f, nIter: iter, converged: true };
    // A step that no longer moves w: nothing more can be resolved in float64.
    if (maxAbs(s) <= Number.EPSILON * Math.max(maxAbs(w), 1)) return { w, value: f, nIter: iter, converged: true };
  }
  return { w, value: f, nIter: iter, converged: false };
}

/**
 * Cholesky factorization in place of the lower triangle of a symmetric dim × dim matrix.
 * Returns false when a pivot is not positive (the matrix is not numerically positive definite).
 */
function cholesky(a: Float64Array, dim: number): boolean {
  for (let j = 0; j < dim; j++) {
    const rj = j * dim;
    let diag = a[rj + j]!;
    for (let k = 0; k < j; k++) diag -= a[rj + k]! * a[rj + k]!;
    if (!(diag > 0)) return false;
    const ljj = Math.sqrt(diag);
    a[rj + j] = ljj;
    for (let i = j + 1; i < dim; i++) {
      const ri = i * dim;
      let v = a[ri + j]!;
      for (let k = 0; k < j; k++) v -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = v / ljj;
    }
  }
  return true;
}

/** Solve L Lᵀ x = b given the factor in the lower triangle of `l`; overwrites b with x. */
function choleskySolve(l: Float64Array, dim: number, b: Float64Array): void {
  for (let i = 0; i < dim; i++) {
    let v = b[i]!;
    const ri = i * dim;
    for (let k = 0; k < i; k++) v -= l[ri + k]! * b[k]!;
    b[i] = v / l[ri + i]!;
  }
  for (let i = dim - 1; i >= 0; i--) {
    let v = b[i]!;
    for (let k = i + 1; k < dim; k++) v -= l[k * dim + i]! * b[k]!;
    b[i] = v / l[i * dim + i]!;
  }
}

// Armijo constants of scikit-learn's NewtonCholeskySolver (`_newton_solver.py`): halve the step,
// accept when f drops by at least 2^-11 of the predicted decrease.
const ARMIJO = 2 ** -11;
const MAX_HALVINGS = 40;

/**
 * Minimize with Newton's method: exact Hessian, Cholesky solve, backtracking line search
 * (Nocedal & Wright 2006, Algorithm 3.1), starting from w = 0. A Hessian that is not numerically
 * positive definite (no penalty, separable data) gets the smallest ridge μI, μ growing tenfold
 * from 1e-12 · max diag, that makes it so: a Levenberg–Marquardt damping that still gives a
 * descent direction.
 */
export function newton(obj: Objective, options: SolverOptions): SolverResult {
  const n = obj.dim;
  let w = new Float64Array(n);
  let grad = new Float64Array(n);
  let wNext = new Float64Array(n);
  let gradNext = new Float64Array(n);
  const h = new Float64Array(n * n);
  const base = new Float64Array(n * n);
  const d = new Float64Array(n);

  let f = obj.valueAndGradient(w, grad);
  let iter = 0;
  while (iter < options.maxIter) {
    if (maxAbs(grad) <= options.tol) return { w, value: f, nIter: iter, converged: true };
    obj.hessian(w, base);
    let maxDiag = 0;
    for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, base[i * n + i]!);
    // Adding u uᵀ (scaled like the Hessian) for the structural null directions changes nothing
    // along the gradient, which is orthogonal to them.
    for (const u of obj.nullDirections) {
      for (let i = 0; i < n; i++) {
        if (u[i] === 0) continue;
        for (let j = 0; j <= i; j++) if (u[j] !== 0) base[i * n + j]! += Math.max(maxDiag, 1) * u[i]! * u[j]!;
      }
    }
    let ridge = 0;
    for (;;) {
      h.set(base);
      if (ridge > 0) for (let i = 0; i < n; i++) h[i * n + i]! += ridge;
      if (cholesky(h, n)) break;
      ridge = ridge === 0 ? 1e-12 * Math.max(maxDiag, 1) : ridge * 10;
      if (!Number.isFinite(ridge)) return { w, value: f, nIter: iter, converged: false };
    }
    for (let i = 0; i < n; i++) d[i] = -grad[i]!;
    choleskySolve(h, n, d);
    const slope = dot(grad, d);
    if (!(slope < 0)) return { w, value: f, nIter: iter, converged: false };
    // The Newton decrement λ² = −gᵀd bounds what is left to gain (Boyd & Vandenberghe 2004,
    // §9.5.1). Below the float64 resolution of f a line search can no longer judge the step, but
    // the quadratic model is then exact to far better than that: take the full step and stop.
    if (-slope / 2 <= FTOL * Math.max(Math.abs(f), 1)) {
      for (let i = 0; i < n; i++) wNext[i] = w[i]! + d[i]!;
      const fLast = obj.valueAndGradient(wNext, gradNext);
      return { w: wNext, value: fLast, nIter: iter + 1, converged: true };
    }
    let t = 1;
    let accepted = false;
    let fNext = f;
    for (let k = 0; k < MAX_HALVINGS; k++) {
      for (let i = 0; i < n; i++) wNext[i] = w[i]! + t * d[i]!;
      fNext = obj.valueAndGradient(wNext, gradNext);
      if (fNext <= f + ARMIJO * t * slope) {
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) return { w, value: f, nIter: iter, converged: maxAbs(grad) <= options.tol };
    iter++;
    [w, wNext] = [wNext, w];
    [grad, gradNext] = [gradNext, grad];
    f = fNext;
  }
  return { w, value: f, nIter: iter, converged: maxAbs(grad) <= options.tol };
}
