import { InvalidArgumentError } from '../core/errors.js';
import type { MatrixLike, VectorLike } from '../core/types.js';
import { checkOptions, formatValue, invalidOption, is } from '../core/validate.js';
import { notFitted, readFitData, readPredictRows } from './_internal/data.js';
import { classWeightConstraint, classWeightVector, encodeLabels, type ClassWeightOption, type EncodedLabels } from './_internal/labels.js';
import { binaryObjective, multinomialObjective, sigmoid } from './_internal/logistic-objective.js';
import { lbfgs, newton, type SolverResult } from './_internal/solvers.js';
import type { Classifier, FitOptions } from './protocol.js';

/** Options of {@link logisticRegression}; every field is optional and documents its default. */
export interface LogisticRegressionOptions {
  /**
   * Inverse regularization strength, > 0 (default 1): the fit minimizes
   * `C · Σᵢ sᵢ · lossᵢ + ½‖W‖²` with sᵢ = sample weight × class weight. Smaller is stronger.
   * Not allowed with `penalty: 'none'`, which has no strength to set.
   */
  C?: number;
  /**
   * `'l2'` (default) penalizes the squared norm of the coefficients, never the intercepts;
   * `'none'` fits the plain maximum-likelihood model (which does not exist for separable data:
   * the coefficients then grow until `maxIter` and `converged` is `false`).
   */
  penalty?: 'l2' | 'none';
  /** Fit an unpenalized intercept per coefficient row (default `true`). */
  fitIntercept?: boolean;
  /**
   * `'lbfgs'` (default, as scikit-learn): limited-memory BFGS with a strong-Wolfe line search;
   * memory and time per iteration grow linearly with the number of coefficients, so it suits
   * every size. `'newton'`: Newton's method with the exact Hessian and a Cholesky solve; a few
   * iterations to machine precision, but each costs O(n·d²) for d coefficients (d = K·(p+1) for
   * multinomial fits), so prefer it for up to a few hundred coefficients.
   */
  solver?: 'lbfgs' | 'newton';
  /** Maximum number of solver iterations, an integer >= 0 (default 100, as scikit-learn). */
  maxIter?: number;
  /**
   * Stop when the largest entry of the gradient of `Σᵢ sᵢ · lossᵢ + ‖W‖² / (2C)` is at most
   * `tol`, >= 0 (default 1e-4). This is scikit-learn 1.2's lbfgs scale (its `gtol`), used here
   * for both solvers. Either solver also stops when it can no longer make progress that float64
   * resolves. Unlike scikit-learn 1.2's lbfgs, it does not also stop when f falls by less than
   * 2.2e-9 relative (scipy's default `ftol`), which can leave that solver far from the optimum
   * (1e-2 in the coefficients on standardized breast_cancer with C = 100, even with tol = 1e-12);
   * with the default tol both land within about 1e-4 of it.
   */
  tol?: number;
  /**
   * Weights per class multiplying each row's weight (default: none). `'balanced'` gives class k
   * the weight n / (K · n_k); an object maps labels to weights (labels it leaves out weigh 1).
   * With `multiClass: 'ovr'`, `'balanced'` is computed for each one-vs-rest problem, as in
   * scikit-learn.
   */
  classWeight?: ClassWeightOption;
  /**
   * `'multinomial'`: one softmax model with K coefficient rows; `'ovr'`: K independent binary
   * models (one-vs-rest), probabilities normalized to sum to 1; `'auto'` (default): `'ovr'` for
   * two classes, else `'multinomial'`. With two classes and `'multinomial'`, scikit-learn keeps
   * only the second class's row, and so does this.
   */
  multiClass?: 'auto' | 'multinomial' | 'ovr';
}

/**
 * A logistic-regression classifier (see {@link logisticRegression}). Fitted values are readable
 * after `fit`; reading them before throws {@link "whetstone/core"!NotFittedError}.
 */
export interface LogisticRegression extends Classifier {
  /**
   * Learn the coefficients from rows `x` and labels `y` (any finite numbers; ≥ 2 distinct).
   * Refitting starts from scratch.
   *
   * @throws {@link "whetstone/core"!InvalidArgumentError} for NaN/±Infinity, a single class,
   *   negative or all-zero sample weights, or class weights naming labels y lacks;
   *   {@link "whetstone/core"!ShapeError} for mismatched lengths.
   */
  fit(x: MatrixLike, y: VectorLike, options?: FitOptions): Promise<void>;
  /** Class probabilities, one row per input row, columns in `classes` order. */
  predictProba(x: MatrixLike): Promise<number[][]>;
  /** The most probable label of each row (from `classes`). */
  predict(x: MatrixLike): Promise<number[]>;
  /**
   * Scores x·wₖ + bₖ, one column per row of `coefficients` (a single column for two classes, whose
   * sign picks the label, as scikit-learn's `decision_function`).
   */
  decisionFunction(x: MatrixLike): Promise<number[][]>;
  /** Sorted labels seen by `fit` (empty before). */
  readonly classes: readonly number[];
  /** Coefficients, K × p (1 × p for two classes, as scikit-learn's `coef_`); a fresh copy. */
  readonly coefficients: number[][];
  /** Intercepts, one per coefficient row (zeros with `fitIntercept: false`); a fresh copy. */
  readonly intercept: number[];
  /** Number of features seen by `fit`. */
  readonly nFeatures: number;
  /** Solver iterations of the last fit (the largest over the K fits for one-vs-rest). */
  readonly nIter: number;
  /**
   * Whether the solver met its stopping test within `maxIter` (for one-vs-rest: every fit did).
   * `false` is not an error, as in scikit-learn (which warns): the model is usable but not at
   * the optimum; raise `maxIter`, or standardize the features.
   */
  readonly converged: boolean;
}

type ProbaMode = 'binary' | 'softmax2' | 'softmax' | 'ovr';

interface Fitted {
  readonly classes: readonly number[];
  /** Row-major rows × p. */
  readonly coef: Float64Array;
  readonly rows: number;
  readonly p: number;
  readonly intercept: Float64Array;
  readonly mode: ProbaMode;
  readonly nIter: number;
  readonly converged: boolean;
}

interface ResolvedOptions {
  readonly lambda: number;
  readonly fitIntercept: boolean;
  readonly solver: 'lbfgs' | 'newton';
  readonly maxIter: number;
  readonly tol: number;
  readonly classWeight: ClassWeightOption | undefined;
  readonly multiClass: 'auto' | 'multinomial' | 'ovr';
}

const NAME = 'LogisticRegression';

class LogisticRegressionModel implements LogisticRegression {
  readonly #options: ResolvedOptions;
  #fitted: Fitted | undefined;

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  get classes(): readonly number[] {
    return this.#fitted?.classes ?? [];
  }

  get coefficients(): number[][] {
    const f = this.#get('coefficients');
    return Array.from({ length: f.rows }, (_, r) => Array.from(f.coef.subarray(r * f.p, (r + 1) * f.p)));
  }

  get intercept(): number[] {
    return Array.from(this.#get('intercept').intercept);
  }

  get nFeatures(): number {
    return this.#get('nFeatures').p;
  }

  get nIter(): number {
    return this.#get('nIter').nIter;
  }

  get converged(): boolean {
    return this.#get('converged').converged;
  }

  #get(what: string): Fitted {
    if (this.#fitted === undefined) throw notFitted(`${NAME}.${what}`);
    return this.#fitted;
  }

  async fit(x: MatrixLike, y: VectorLike, options?: FitOptions): Promise<void> {
    const fn = `${NAME}.fit`;
    const data = await readFitData(fn, x, y, options);
    const labels = encodeLabels(data.y);
    const k = labels.classes.length;
    if (k < 2) {
      throw new InvalidArgumentError(`${fn}: needs samples of at least 2 classes in y; got only the class ${formatValue(labels.classes[0])}.`);
    }
    const o = this.#options;
    const n = data.x.rows;
    const p = data.x.cols;
    const sw = data.sampleWeight ?? new Float64Array(n).fill(1);
    const mode = o.multiClass === 'auto' ? (k === 2 ? 'ovr' : 'multinomial') : o.multiClass;
    const solve = (obj: Parameters<typeof lbfgs>[0]): SolverResult =>
      (o.solver === 'newton' ? newton : lbfgs)(obj, { tol: o.tol, maxIter: o.maxIter });
    const base = { x: data.x.data, n, p, fitIntercept: o.fitIntercept, lambda: o.lambda };

    if (mode === 'multinomial') {
      const cw = classWeightVector(fn, o.classWeight, labels);
      const s = new Float64Array(n);
      for (let i = 0; i < n; i++) s[i] = sw[i]! * cw[labels.index[i]!]!;
      const res = solve(multinomialObjective({ ...base, s, y: labels.index, k }));
      const coef = res.w.slice(0, k * p);
      const intercept = o.fitIntercept ? res.w.slice(k * p) : new Float64Array(k);
      // As scikit-learn: a two-class softmax keeps the second row, predicting with softmax([−z, z]).
      this.#fitted =
        k === 2
          ? { classes: labels.classes, coef: coef.slice(p), rows: 1, p, intercept: intercept.slice(1), mode: 'softmax2', nIter: res.nIter, converged: res.converged }
          : { classes: labels.classes, coef, rows: k, p, intercept, mode: 'softmax', nIter: res.nIter, converged: res.converged };
      return;
    }

    // One-vs-rest, following scikit-learn's `_logistic_regression_path`: a mapping of class weights
    // applies by original label, 'balanced' is recomputed on each binary problem.
    const byLabel = o.classWeight !== undefined && o.classWeight !== 'balanced' ? classWeightVector(fn, o.classWeight, labels) : undefined;
    const positives = k === 2 ? [1] : labels.classes.map((_, c) => c);
    const coef = new Float64Array(positives.length * p);
    const intercept = new Float64Array(positives.length);
    let nIter = 0;
    let converged = true;
    positives.forEach((pos, r) => {
      const { y: yBin, s } = binaryTargets(labels, pos, sw, byLabel, o.classWeight === 'balanced');
      const res = solve(binaryObjective({ ...base, s, y: yBin }));
      coef.set(res.w.subarray(0, p), r * p);
      if (o.fitIntercept) intercept[r] = res.w[p]!;
      nIter = Math.max(nIter, res.nIter);
      converged &&= res.converged;
    });
    this.#fitted = { classes: labels.classes, coef, rows: positives.length, p, intercept, mode: k === 2 ? 'binary' : 'ovr', nIter, converged };
  }

  async decisionFunction(x: MatrixLike): Promise<number[][]> {
    const fn = `${NAME}.decisionFunction`;
    const f = this.#get('decisionFunction');
    const z = scores(f, await readPredictRows(fn, x, f.p));
    return rowsOf(z, f.rows);
  }

  async predictProba(x: MatrixLike): Promise<number[][]> {
    const fn = `${NAME}.predictProba`;
    const f = this.#get('predictProba');
    const m = await readPredictRows(fn, x, f.p);
    const z = scores(f, m);
    const k = f.classes.length;
    const out: number[][] = new Array(m.rows);
    for (let i = 0; i < m.rows; i++) {
      if (f.mode === 'binary' || f.mode === 'softmax2') {
        // softmax([−z, z]) is sigmoid(2z): same numbers as scikit-learn, computed without overflow.
        const zi = f.mode === 'binary' ? z[i]! : 2 * z[i]!;
        out[i] = [sigmoid(-zi), sigmoid(zi)];
        continue;
      }
      const row = new Array<number>(k);
      let total = 0;
      if (f.mode === 'softmax') {
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, z[i * k + c]!);
        for (let c = 0; c < k; c++) total += row[c] = Math.exp(z[i * k + c]! - max);
      } else {
        for (let c = 0; c < k; c++) total += row[c] = sigmoid(z[i * k + c]!);
      }
      for (let c = 0; c < k; c++) row[c]! /= total;
      out[i] = row;
    }
    return out;
  }

  async predict(x: MatrixLike): Promise<number[]> {
    const fn = `${NAME}.predict`;
    const f = this.#get('predict');
    const m = await readPredictRows(fn, x, f.p);
    const z = scores(f, m);
    const out = new Array<number>(m.rows);
    for (let i = 0; i < m.rows; i++) {
      if (f.rows === 1) {
        out[i] = f.classes[z[i]! > 0 ? 1 : 0]!;
        continue;
      }
      let best = 0;
      for (let c = 1; c < f.rows; c++) if (z[i * f.rows + c]! > z[i * f.rows + best]!) best = c;
      out[i] = f.classes[best]!;
    }
    return out;
  }
}

function binaryTargets(
  labels: EncodedLabels,
  pos: number,
  sw: Float64Array,
  byLabel: Float64Array | undefined,
  balanced: boolean,
): { y: Float64Array; s: Float64Array } {
  const n = labels.index.length;
  const y = new Float64Array(n);
  let nPos = 0;
  for (let i = 0; i < n; i++) if (labels.index[i] === pos) (y[i] = 1), nPos++;
  const s = new Float64Array(n);
  // n / (2 · count) for each side of the binary split.
  const wPos = balanced ? n / (2 * nPos) : 1;
  const wNeg = balanced ? n / (2 * (n - nPos)) : 1;
  for (let i = 0; i < n; i++) {
    s[i] = sw[i]! * (byLabel === undefined ? 1 : byLabel[labels.index[i]!]!) * (y[i] === 1 ? wPos : wNeg);
  }
  return { y, s };
}

/** x · coefᵀ + intercept, row-major n × rows. */
function scores(f: Fitted, m: { rows: number; cols: number; data: Float64Array }): Float64Array {
  const { rows, p, coef, intercept } = f;
  const out = new Float64Array(m.rows * rows);
  for (let i = 0; i < m.rows; i++) {
    const off = i * p;
    for (let r = 0; r < rows; r++) {
      let v = intercept[r]!;
      const co = r * p;
      for (let j = 0; j < p; j++) v += m.data[off + j]! * coef[co + j]!;
      out[i * rows + r] = v;
    }
  }
  return out;
}

function rowsOf(z: Float64Array, cols: number): number[][] {
  const n = z.length / cols;
  return Array.from({ length: n }, (_, i) => Array.from(z.subarray(i * cols, (i + 1) * cols)));
}

/**
 * Logistic regression with an L2 penalty (or none), fitted in float64 by L-BFGS or Newton's
 * method: scikit-learn 1.2's `LogisticRegression` (penalty 'l2' / 'none', solvers 'lbfgs' and
 * 'newton-cholesky') with the same objective, the same defaults and the same fitted numbers. It
 * fits the {@link Classifier} protocol, so it can be stacked, calibrated or cross-validated
 * like any estimator.
 *
 * The options are checked here, once; `fit` checks the data. Not converging within `maxIter`
 * does not throw: `converged` is then `false` (scikit-learn warns).
 *
 * @param options - see {@link LogisticRegressionOptions}.
 * @returns an unfitted classifier; call `fit(x, y, { sampleWeight })`, then `predictProba`,
 *   `predict` or `decisionFunction`, and read `coefficients`, `intercept`, `nIter`, `converged`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for unknown options or bad values
 *   (C ≤ 0, a non-integer `maxIter`, `C` together with `penalty: 'none'`, …).
 * @see scikit-learn's `sklearn.linear_model.LogisticRegression` (1.2),
 *   https://scikit-learn.org/1.2/modules/generated/sklearn.linear_model.LogisticRegression.html;
 *   J. Nocedal and S. J. Wright, Numerical Optimization, 2nd ed., Springer, 2006 (chapters 3, 7).
 * @example
 * ```ts
 * const model = logisticRegression({ C: 0.5, classWeight: 'balanced' });
 * await model.fit([[0, 1], [1, 1], [2, 0], [3, 0]], [0, 0, 1, 1]);
 * const p = await model.predictProba([[1.5, 0.5]]); // [[P(0), P(1)]]
 * console.log(model.coefficients, model.intercept, model.converged);
 * ```
 */
export function logisticRegression(options?: LogisticRegressionOptions): LogisticRegression {
  const fn = 'logisticRegression';
  checkOptions(fn, options, {
    C: is.number({ min: 0, minExclusive: true }),
    penalty: is.oneOf(['l2', 'none']),
    fitIntercept: is.boolean(),
    solver: is.oneOf(['lbfgs', 'newton']),
    maxIter: is.integer({ min: 0 }),
    tol: is.number({ min: 0 }),
    classWeight: classWeightConstraint,
    multiClass: is.oneOf(['auto', 'multinomial', 'ovr']),
  });
  const penalty = options?.penalty ?? 'l2';
  if (penalty === 'none' && options?.C !== undefined) {
    throw invalidOption(fn, 'C', 'left out', options.C, 'penalty \'none\' has no strength to set');
  }
  return new LogisticRegressionModel({
    lambda: penalty === 'none' ? 0 : 1 / (options?.C ?? 1),
    fitIntercept: options?.fitIntercept ?? true,
    solver: options?.solver ?? 'lbfgs',
    maxIter: options?.maxIter ?? 100,
    tol: options?.tol ?? 1e-4,
    // Copied so that changing the caller's object later cannot change this model.
    classWeight: typeof options?.classWeight === 'object' ? { ...options.classWeight } : options?.classWeight,
    multiClass: options?.multiClass ?? 'auto',
  });
}
