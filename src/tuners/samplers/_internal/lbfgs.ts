// Limited-memory BFGS with optional box bounds, for the Gaussian-process sampler (kernel
// hyperparameters, unbounded in log space; acquisition maximization, bounded to [0, 1]).
//
// Bounds are handled by projection (a "projected L-BFGS" in the spirit of Bertsekas' projected
// Newton methods and of L-BFGS-B, Byrd, Lu, Nocedal & Zhu 1995): variables held at a bound by
// their gradient are frozen for the step, the two-loop recursion (Nocedal & Wright, "Numerical
// Optimization", Algorithm 7.4) runs on the free ones, and a backtracking Armijo search moves
// along the projected path. Curvature pairs with sᵀy ≤ 0 are skipped instead of forcing a Wolfe
// search: the problems here are small and smooth, and this keeps every evaluation cheap.

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Per-variable lower bounds (default: none). May hold `-Infinity`. */
  readonly lower?: ArrayLike<number>;
  /** Per-variable upper bounds (default: none). May hold `Infinity`. */
  readonly upper?: ArrayLike<number>;
  /** Iteration limit (default 200). */
  readonly maxIterations?: number;
  /** Number of curvature pairs kept (default 10). */
  readonly memory?: number;
  /** Stop when the projected gradient's largest component is below this (default 1e-5, scipy's pgtol). */
  readonly gtol?: number;
  /**
   * Stop when the relative reduction `(f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1)` is below this
   * (default 2.2e-9, scipy's `factr · eps` with factr 1e7).
   */
  readonly ftol?: number;
}

/** What {@link minimizeLbfgs} found. */
export interface LbfgsResult {
  /** The best point (inside the bounds). */
  readonly x: Float64Array;
  /** The objective there. */
  readonly f: number;
  /** Iterations done. */
  readonly iterations: number;
  /** Objective evaluations done. */
  readonly evaluations: number;
  /** Whether a convergence test (gtol or ftol) stopped it, rather than the iteration limit or a failed line search. */
  readonly converged: boolean;
}

/**
 * Minimize `f` from `x0` with (projected) L-BFGS. `fg(x, g)` returns `f(x)` and writes `∇f(x)`
 * into `g`; a non-finite value is treated as "too far" by the line search.
 *
 * @param fg - the objective and its gradient.
 * @param x0 - the start (clipped into the bounds; not modified).
 * @param options - see {@link LbfgsOptions}.
 * @returns the best point seen.
 * @see Byrd, Lu, Nocedal & Zhu, "A Limited Memory Algorithm for Bound Constrained Optimization",
 *   SIAM J. Sci. Comput. 16 (1995); scipy.optimize.minimize(method='L-BFGS-B') for the stopping
 *   rules.
 */
export function minimizeLbfgs(
  fg: (x: Float64Array, g: Float64Array) => number,
  x0: ArrayLike<number>,
  options: LbfgsOptions = {},
): LbfgsResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  const maxIter = options.maxIterations ?? 200;
  const gtol = options.gtol ?? 1e-5;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  const lo = new Float64Array(n).fill(-Infinity);
  const hi = new Float64Array(n).fill(Infinity);
  if (options.lower !== undefined) for (let i = 0; i < n; i++) lo[i] = options.lower[i]!;
  if (options.upper !== undefined) for (let i = 0; i < n; i++) hi[i] = options.upper[i]!;

  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.min(Math.max(x0[i]!, lo[i]!), hi[i]!);
  const g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f)) return { x, f, iterations: 0, evaluations, converged: false };

  const sMem = Array.from({ length: m }, () => new Float64Array(n));
  const yMem = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  let count = 0; // pairs stored
  let head = 0; // next slot
  const d = new Float64Array(n);
  const free = new Uint8Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);

  let iterations = 0;
  let converged = false;
  for (; iterations < maxIter; iterations++) {
    // Projected-gradient test and the free set.
    let pgMax = 0;
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const atLo = x[i]! <= lo[i]! && gi > 0;
      const atHi = x[i]! >= hi[i]! && gi < 0;
      free[i] = atLo || atHi ? 0 : 1;
      const pg = Math.min(Math.max(x[i]! - gi, lo[i]!), hi[i]!) - x[i]!;
      if (Math.abs(pg) > pgMax) pgMax = Math.abs(pg);
    }
    if (pgMax <= gtol) {
      converged = true;
      break;
    }

    // Two-loop recursion on the free variables.
    for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i]! : 0;
    for (let c = 0; c < count; c++) {
      const k = (head - 1 - c + m) % m;
      const s = sMem[k]!;
      let dot = 0;
      for (let i = 0; i < n; i++) if (free[i]) dot += s[i]! * d[i]!;
      const a = rho[k]! * dot;
      alpha[k] = a;
      const y = yMem[k]!;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! - a * y[i]!;
    }
    if (count > 0) {
      const k = (head - 1 + m) % m;
      const s = sMem[k]!;
      const y = yMem[k]!;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += s[i]! * y[i]!;
        yy += y[i]! * y[i]!;
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
    }
    for (let c = count - 1; c >= 0; c--) {
      const k = (head - 1 - c + m) % m;
      const y = yMem[k]!;
      let dot = 0;
      for (let i = 0; i < n; i++) if (free[i]) dot += y[i]! * d[i]!;
      const b = rho[k]! * dot;
      const s = sMem[k]!;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! + s[i]! * (alpha[k]! - b);
    }
    let dg = 0;
    for (let i = 0; i < n; i++) dg += d[i]! * g[i]!;
    if (!(dg < 0)) {
      // Not a descent direction (a stale pair after the free set changed): steepest descent.
      count = 0;
      dg = 0;
      for (let i = 0; i < n; i++) {
        d[i] = free[i] ? -g[i]! : 0;
        dg -= d[i]! * d[i]!;
      }
    }

    // The first step is scaled so that it moves at most ~1 in the steepest direction.
    let step = 1;
    if (count === 0) {
      let dn = 0;
      for (let i = 0; i < n; i++) dn = Math.max(dn, Math.abs(d[i]!));
      step = dn > 1 ? 1 / dn : 1;
    }
    let fNew = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      let decrease = 0;
      for (let i = 0; i < n; i++) {
        xNew[i] = Math.min(Math.max(x[i]! + step * d[i]!, lo[i]!), hi[i]!);
        decrease += g[i]! * (xNew[i]! - x[i]!);
      }
      fNew = fg(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * Math.min(decrease, 0)) {
        accepted = true;
        break;
      }
      // Quadratic interpolation of the step, kept within [0.1, 0.5] of the previous one.
      let next = 0.5 * step;
      if (Number.isFinite(fNew) && dg < 0) {
        const q = (-dg * step * step) / (2 * (fNew - f - dg * step));
        if (Number.isFinite(q)) next = Math.min(Math.max(q, 0.1 * step), 0.5 * step);
      }
      step = next;
    }
    if (!accepted) break;

    const slot = sMem[head]!;
    const ySlot = yMem[head]!;
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      slot[i] = xNew[i]! - x[i]!;
      ySlot[i] = gNew[i]! - g[i]!;
      sy += slot[i]! * ySlot[i]!;
      yy += ySlot[i]! * ySlot[i]!;
    }
    if (sy > 2.220446049250313e-16 * yy && sy > 0) {
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      if (count < m) count++;
    }
    const fOld = f;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) {
      converged = true;
      iterations++;
      break;
    }
  }
  return { x, f, iterations, evaluations, converged };
}
