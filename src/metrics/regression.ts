import { checkOptions, checkSameLength, InvalidArgumentError, is } from '../core/index.js';
import type { VectorLike } from '../core/index.js';
import { checkPositiveTotal, readVector, readWeights, vectorOption } from './_internal/inputs.js';
import { pairwiseSum, weightedAverage } from './_internal/numeric.js';

/** Options of {@link meanSquaredError}. */
export interface MeanSquaredErrorOptions {
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
  /** Return the mean squared error (default `true`) or, with `false`, its square root (RMSE). */
  squared?: boolean;
}

/** Options of {@link meanAbsoluteError} and {@link r2Score}. */
export interface RegressionOptions {
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
}

function readRegression(fn: string, yTrue: VectorLike, yPred: VectorLike, sampleWeight: VectorLike | undefined): { t: Float64Array; p: Float64Array; w: Float64Array | undefined } {
  const t = readVector(fn, 'yTrue', yTrue);
  const p = readVector(fn, 'yPred', yPred);
  checkSameLength(fn, [['yTrue', t.length], ['yPred', p.length]]);
  const w = readWeights(fn, sampleWeight, t.length);
  checkPositiveTotal(fn, w);
  return { t, p, w };
}

/**
 * Mean squared error, `mean((yTrue − yPred)²)`, or its root with `squared: false`.
 *
 * @param yTrue - true targets.
 * @param yPred - predictions, same length.
 * @param options - see {@link MeanSquaredErrorOptions}.
 * @returns the (weighted) mean squared error, ≥ 0 (or its square root).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for NaN/Infinity, empty inputs, negative
 *   or all-zero weights, bad options; {@link "whetstone/core"!ShapeError} when lengths differ.
 * @example
 * ```ts
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.375
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8], { squared: false }); // 0.612…
 * ```
 * @see scikit-learn's `sklearn.metrics.mean_squared_error` (1.2), single output.
 */
export function meanSquaredError(yTrue: VectorLike, yPred: VectorLike, options?: MeanSquaredErrorOptions): number {
  const fn = 'meanSquaredError';
  checkOptions(fn, options, { sampleWeight: vectorOption, squared: is.boolean() });
  const { t, p, w } = readRegression(fn, yTrue, yPred, options?.sampleWeight);
  const sq = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const d = t[i]! - p[i]!;
    sq[i] = d * d;
  }
  const mse = weightedAverage(sq, w);
  return (options?.squared ?? true) ? mse : Math.sqrt(mse);
}

/**
 * Mean absolute error, `mean(|yTrue − yPred|)`.
 *
 * @param yTrue - true targets.
 * @param yPred - predictions, same length.
 * @param options - see {@link RegressionOptions}.
 * @returns the (weighted) mean absolute error, ≥ 0.
 * @throws as {@link meanSquaredError}.
 * @example
 * ```ts
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 * ```
 * @see scikit-learn's `sklearn.metrics.mean_absolute_error` (1.2), single output.
 */
export function meanAbsoluteError(yTrue: VectorLike, yPred: VectorLike, options?: RegressionOptions): number {
  const fn = 'meanAbsoluteError';
  checkOptions(fn, options, { sampleWeight: vectorOption });
  const { t, p, w } = readRegression(fn, yTrue, yPred, options?.sampleWeight);
  const abs = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) abs[i] = Math.abs(t[i]! - p[i]!);
  return weightedAverage(abs, w);
}

/**
 * Coefficient of determination, `1 − Σ w (y − ŷ)² / Σ w (y − ȳ)²`: 1 is perfect, 0 is as good as
 * predicting the mean, negative is worse. When `yTrue` is constant the ratio is undefined and,
 * as scikit-learn 1.2 (`force_finite=True`), the score is 1 for perfect predictions and 0 otherwise.
 *
 * @param yTrue - true targets, at least two.
 * @param yPred - predictions, same length.
 * @param options - see {@link RegressionOptions}.
 * @returns R², at most 1.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for fewer than two rows (scikit-learn
 *   warns and returns NaN), and as {@link meanSquaredError}.
 * @example
 * ```ts
 * r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9486…
 * ```
 * @see scikit-learn's `sklearn.metrics.r2_score` (1.2), single output.
 */
export function r2Score(yTrue: VectorLike, yPred: VectorLike, options?: RegressionOptions): number {
  const fn = 'r2Score';
  checkOptions(fn, options, { sampleWeight: vectorOption });
  const { t, p, w } = readRegression(fn, yTrue, yPred, options?.sampleWeight);
  if (t.length < 2) throw new InvalidArgumentError(`${fn}: R² is not defined for fewer than two rows; got ${t.length}.`);
  const n = t.length;
  const num = new Float64Array(n);
  const den = new Float64Array(n);
  const avg = weightedAverage(t, w);
  for (let i = 0; i < n; i++) {
    const wi = w === undefined ? 1 : w[i]!;
    const d = t[i]! - p[i]!;
    const e = t[i]! - avg;
    num[i] = wi * (d * d);
    den[i] = wi * (e * e);
  }
  const numerator = pairwiseSum(num);
  const denominator = pairwiseSum(den);
  if (denominator === 0) return numerator === 0 ? 1 : 0;
  return 1 - numerator / denominator;
}
