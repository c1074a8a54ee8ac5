// Row selection that keeps the input's kind, shared by cross-validation helpers (folds,
// calibration). Internal: not exported from whetstone/core's barrel.
import type { Tensor } from '@tensorflow/tfjs-core';
import { fromMatrix, fromVector, type Matrix, type Vector } from '../convert.js';
import { isTensor } from '../tensor.js';
import type { MatrixLike, VectorLike } from '../types.js';

/**
 * The given rows of `m`, in the kind `m` came in; a tensor made here is pushed onto `owned` so the
 * caller can dispose it.
 */
export function takeRows(m: Matrix, rows: readonly number[], owned: Tensor[]): MatrixLike {
  const out = new Float64Array(rows.length * m.cols);
  for (let r = 0; r < rows.length; r++) out.set(m.data.subarray(rows[r]! * m.cols, (rows[r]! + 1) * m.cols), r * m.cols);
  const result = fromMatrix(m, out, rows.length, m.cols);
  if (isTensor(result)) owned.push(result);
  return result;
}

/** The given items of `v`, in the kind `v` came in (a tensor made here is pushed onto `owned`). */
export function takeItems(v: Vector, rows: readonly number[], owned: Tensor[]): VectorLike {
  const result = fromVector(v, rows.map((r) => v.data[r]!));
  if (isTensor(result)) owned.push(result);
  return result;
}
