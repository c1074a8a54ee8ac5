// The penalized logistic objectives, on scikit-learn 1.2's lbfgs scale:
//
//   f(w) = Σ_i s_i · loss_i(w) + (λ / 2) · ‖W‖²,   λ = 1 / C (0 without a penalty),
//
// the objective `C · Σ s_i loss_i + ½‖W‖²` divided by C, so that a gradient tolerance means what
// it means in `sklearn.linear_model._logistic._logistic_regression_path` (which hands `gtol = tol`
// to scipy's L-BFGS-B on this very function). Intercepts are never penalized.
//
// Parameters are one flat Float64Array. Binary: [w_0 … w_{p-1}, b?]. Multinomial: the K × p
// coefficient matrix row by row, then the K intercepts.
import { matTVec, matVec, weightedGram } from './kernels.js';

/** The data and weights one fit works on; `x` is row-major n × p. */
export interface LogisticProblem {
  readonly x: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly fitIntercept: boolean;
  /** Per-row weights s_i (sample weight × class weight), all ≥ 0. */
  readonly s: Float64Array;
  /** L2 strength 1 / C, or 0 for no penalty. */
  readonly lambda: number;
}

/** A binary problem: targets in {0, 1}. */
export interface BinaryProblem extends LogisticProblem {
  readonly y: Float64Array;
}

/** A multinomial problem: targets are class indices in [0, k). */
export interface MultinomialProblem extends LogisticProblem {
  readonly y: Int32Array;
  readonly k: number;
}

/** What a solver needs from an objective. */
export interface Objective {
  /** Number of parameters. */
  readonly dim: number;
  /** f(w), writing ∇f(w) into `grad`. */
  valueAndGradient(w: Float64Array, grad: Float64Array): number;
  /** ∇²f(w) as a dense row-major dim × dim matrix (lower triangle filled at least). */
  hessian(w: Float64Array, out: Float64Array): void;
  /**
   * Directions along which the data part of the Hessian vanishes whatever the data (the shared
   * shift of all K softmax scores): Newton adds u uᵀ for each, which leaves the step unchanged
   * because gradients are orthogonal to them, and keeps the system positive definite.
   */
  readonly nullDirections: readonly Float64Array[];
}

/** The logistic sigmoid, evaluated on the side where exp cannot overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function binaryObjective(prob: BinaryProblem): Objective {
  const { x, n, p, fitIntercept, s, lambda, y } = prob;
  const dim = p + (fitIntercept ? 1 : 0);
  const z = new Float64Array(n);
  const r = new Float64Array(n);
  return {
    dim,
    nullDirections: [],
    valueAndGradient: (w, grad) => binaryValueAndGradient(x, n, p, fitIntercept, s, lambda, y, w, grad, z, r),
    hessian(w, out) {
      out.fill(0);
      matVec(x, n, p, w, 0, fitIntercept ? w[p]! : 0, z);
      for (let i = 0; i < n; i++) {
        const q = sigmoid(z[i]!);
        r[i] = s[i]! * q * (1 - q);
      }
      weightedGram(x, n, p, r, fitIntercept, out);
      for (let j = 0; j < p; j++) out[j * dim + j]! += lambda;
    },
  };
}

function binaryValueAndGradient(
  x: Float64Array,
  n: number,
  p: number,
  fitIntercept: boolean,
  s: Float64Array,
  lambda: number,
  y: Float64Array,
  w: Float64Array,
  grad: Float64Array,
  z: Float64Array,
  r: Float64Array,
): number {
  matVec(x, n, p, w, 0, fitIntercept ? w[p]! : 0, z);
  let f = 0;
  let gb = 0;
  for (let i = 0; i < n; i++) {
    const zi = z[i]!;
    const si = s[i]!;
    const yi = y[i]!;
    // One exp serves both forms: softplus(z) = max(z, 0) + log1p(e^{−|z|}), and the sigmoid.
    const e = Math.exp(-Math.abs(zi));
    f += si * ((zi > 0 ? zi : 0) + Math.log1p(e) - yi * zi);
    const ri = si * ((zi >= 0 ? 1 / (1 + e) : e / (1 + e)) - yi);
    r[i] = ri;
    gb += ri;
  }
  matTVec(x, n, p, r, grad, 0);
  if (fitIntercept) grad[p] = gb;
  let sq = 0;
  for (let j = 0; j < p; j++) {
    sq += w[j]! * w[j]!;
    grad[j]! += lambda * w[j]!;
  }
  return f + 0.5 * lambda * sq;
}

export function multinomialObjective(prob: MultinomialProblem): Objective {
  const { x, n, p, fitIntercept, s, lambda, y, k } = prob;
  const nw = k * p;
  const pe = p + (fitIntercept ? 1 : 0);
  const dim = nw + (fitIntercept ? k : 0);
  // Scores, then residuals, class by class: column c of the n × k matrix at [c * n, (c + 1) * n).
  const zr = new Float64Array(k * n);

  // Softmax probabilities of every row into zr (class-major).
  const probabilities = (w: Float64Array): void => {
    for (let c = 0; c < k; c++) matVec(x, n, p, w, c * p, fitIntercept ? w[nw + c]! : 0, zr.subarray(c * n, (c + 1) * n));
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, zr[c * n + i]!);
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp(zr[c * n + i]! - max);
        zr[c * n + i] = e;
        sum += e;
      }
      for (let c = 0; c < k; c++) zr[c * n + i]! /= sum;
    }
  };

  // The data Hessian is blind to adding one vector to all K coefficient rows (and one constant
  // to all K intercepts): softmax only sees differences of scores.
  const nullDirections: Float64Array[] = [];
  const unit = 1 / Math.sqrt(k);
  for (let j = 0; j < pe; j++) {
    const u = new Float64Array(dim);
    for (let c = 0; c < k; c++) u[j < p ? c * p + j : nw + c] = unit;
    nullDirections.push(u);
  }
  // Index of extended feature j of class c in the flat parameter vector.
  const at = (c: number, j: number): number => (j < p ? c * p + j : nw + c);

  return {
    dim,
    nullDirections,
    valueAndGradient(w, grad) {
      // Scores first, kept to read z_{i, y_i}, then turned into probabilities in place.
      for (let c = 0; c < k; c++) matVec(x, n, p, w, c * p, fitIntercept ? w[nw + c]! : 0, zr.subarray(c * n, (c + 1) * n));
      let f = 0;
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, zr[c * n + i]!);
        const yi = y[i]!;
        const si = s[i]!;
        const zy = zr[yi * n + i]!;
        let sum = 0;
        for (let c = 0; c < k; c++) {
          const e = Math.exp(zr[c * n + i]! - max);
          zr[c * n + i] = e;
          sum += e;
        }
        f += si * (max + Math.log(sum) - zy);
        for (let c = 0; c < k; c++) zr[c * n + i] = si * (zr[c * n + i]! / sum - (c === yi ? 1 : 0));
      }
      for (let c = 0; c < k; c++) {
        const rc = zr.subarray(c * n, (c + 1) * n);
        matTVec(x, n, p, rc, grad, c * p);
        if (fitIntercept) {
          let gb = 0;
          for (let i = 0; i < n; i++) gb += rc[i]!;
          grad[nw + c] = gb;
        }
      }
      let sq = 0;
      for (let j = 0; j < nw; j++) {
        sq += w[j]! * w[j]!;
        grad[j]! += lambda * w[j]!;
      }
      return f + 0.5 * lambda * sq;
    },
    hessian(w, out) {
      out.fill(0);
      probabilities(w);
      const h = new Float64Array(n);
      const block = new Float64Array(pe * pe);
      // Block (c, d) = Σ s (q_c δ_cd − q_c q_d) x̃ x̃ᵀ, symmetric; each unordered pair of
      // parameters is stored once, in the lower triangle, which is all the Cholesky solve reads.
      for (let c = 0; c < k; c++) {
        for (let d = 0; d <= c; d++) {
          for (let i = 0; i < n; i++) {
            const qc = zr[c * n + i]!;
            h[i] = s[i]! * ((c === d ? qc : 0) - qc * zr[d * n + i]!);
          }
          block.fill(0);
          weightedGram(x, n, p, h, fitIntercept, block);
          for (let j = 0; j < pe; j++) {
            const r = at(c, j);
            for (let l = 0; l < pe; l++) {
              if (c === d && l > j) break;
              const t = at(d, l);
              const v = l <= j ? block[j * pe + l]! : block[l * pe + j]!;
              out[r >= t ? r * dim + t : t * dim + r]! += v;
            }
          }
        }
      }
      for (let j = 0; j < nw; j++) out[j * dim + j]! += lambda;
    },
  };
}
