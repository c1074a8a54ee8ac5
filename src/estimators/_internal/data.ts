// Reading and checking what `fit` and `predict` are given, shared by the estimators.
import { checkSameLength, toMatrixAsync, toSampleWeightAsync, toVectorAsync, type Matrix } from '../../core/convert.js';
import { NotFittedError, ShapeError } from '../../core/errors.js';
import type { MatrixLike, VectorLike } from '../../core/types.js';
import { checkOptions, is } from '../../core/validate.js';
import type { FitOptions } from '../protocol.js';


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
  checkOptions(fn, options, { sampleWeight: is.vector() });
  const m = await toMatrixAsync(x, { fn, name: 'x' });
  const v = await toVectorAsync(y, { fn, name: 'y' });
  checkSameLength(fn, [['x', m.rows], ['y', v.length]]);
  const sw = await toSampleWeightAsync(options?.sampleWeight, { fn, rows: m.rows, positiveSum: true });
  if (m.rows === 0) throw new ShapeError(`${fn}: argument "x" must have at least one row; got 0 rows.`);
  if (m.cols === 0) throw new ShapeError(`${fn}: argument "x" must have at least one column; got 0 columns.`);
  return { x: m, y: v.data, sampleWeight: sw };
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
