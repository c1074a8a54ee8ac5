// Reading and checking what `fit` and `predict` are given, shared by the estimators.
import { checkSameLength, toMatrixAsync, toVectorAsync, type Matrix } from '../../core/convert.js';
import { InvalidArgumentError, NotFittedError, ShapeError } from '../../core/errors.js';
import type { MatrixLike, VectorLike } from '../../core/types.js';
import { checkOptions, formatValue, is } from '../../core/validate.js';
import type { FitOptions } from '../protocol.js';

/** The constraint on `FitOptions.sampleWeight` before it is read (contents are checked later). */
const vectorLike = is.custom('an array, a typed array or a rank-1 tensor', (v) => typeof v === 'object' && v !== null);

/** Rows, targets and weights of one `fit` call, read into float64 and checked. */
export interface FitData {
  readonly x: Matrix;
  readonly y: Float64Array;
  /** One weight per row, all ≥ 0 with a positive sum; `undefined` when none were given. */
  readonly sampleWeight: Float64Array | undefined;
}

/**
 * Read `fit`'s arguments: x must have at least one row and one column, y one finite value per
 * row, sampleWeight one finite non-negative weight per row with a positive sum.
 */
export async function readFitData(fn: string, x: MatrixLike, y: VectorLike, options: FitOptions | undefined): Promise<FitData> {
  checkOptions(fn, options, { sampleWeight: vectorLike });
  const m = await toMatrixAsync(x, { fn, name: 'x' });
  const v = await toVectorAsync(y, { fn, name: 'y' });
  const sw = options?.sampleWeight === undefined ? undefined : (await toVectorAsync(options.sampleWeight, { fn, name: 'sampleWeight' })).data;
  checkSameLength(fn, [['x', m.rows], ['y', v.length], ...(sw === undefined ? [] : [['sampleWeight', sw.length] as const])]);
  if (m.rows === 0) throw new ShapeError(`${fn}: argument "x" must have at least one row; got 0 rows.`);
  if (m.cols === 0) throw new ShapeError(`${fn}: argument "x" must have at least one column; got 0 columns.`);
  if (sw !== undefined) checkWeights(fn, 'sampleWeight', sw);
  return { x: m, y: v.data, sampleWeight: sw };
}

/** Weights must be ≥ 0 with a positive sum. */
export function checkWeights(fn: string, name: string, w: Float64Array): void {
  let total = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    if (v < 0) throw new InvalidArgumentError(`${fn}: argument "${name}" must contain only weights >= 0; got ${formatValue(v)} at index ${i}.`);
    total += v;
  }
  if (!(total > 0)) throw new InvalidArgumentError(`${fn}: argument "${name}" must have a positive sum; got ${formatValue(total)}.`);
}

/** Read rows to predict on; they must have the fitted number of columns. */
export async function readPredictRows(fn: string, x: MatrixLike, nFeatures: number): Promise<Matrix> {
  const m = await toMatrixAsync(x, { fn, name: 'x' });
  if (m.cols !== nFeatures && !(m.rows === 0 && m.cols === 0)) {
    throw new ShapeError(`${fn}: argument "x" must have ${nFeatures} columns, as the rows fitted on; got ${m.cols}.`);
  }
  return m;
}

/** The error for a method that needs a fitted estimator. */
export function notFitted(fn: string): NotFittedError {
  return new NotFittedError(`${fn}: this estimator is not fitted yet; call fit(x, y) first.`);
}
