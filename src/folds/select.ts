import { gather, tensor1d, tidy } from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { formatValue, fromMatrix, fromVector, InvalidArgumentError, isTensor, ShapeError, toMatrix, toVector } from '../core/index.js';
import type { MatrixLike, MatrixOf, VectorLike, VectorOf } from '../core/index.js';

function checkIndices(fn: string, indices: unknown, n: number, what: string): ArrayLike<number> {
  if (!Array.isArray(indices) && !(ArrayBuffer.isView(indices) && !(indices instanceof DataView))) {
    throw new InvalidArgumentError(`${fn}: argument "indices" must be an array of ${what} indices; got ${formatValue(indices)}.`);
  }
  const list = indices as ArrayLike<unknown>;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) {
      const range = n > 0 ? `integers in [0, ${n - 1}]` : 'empty (there is nothing to select from)';
      throw new InvalidArgumentError(`${fn}: argument "indices" must hold ${range} (${what} indices); got ${formatValue(v)} at position ${i}.`);
    }
  }
  return list as ArrayLike<number>;
}

function checkTensor(fn: string, name: string, t: { isDisposed: boolean; rank: number; dtype: string; shape: number[] }, rank: number): void {
  if (t.isDisposed) throw new InvalidArgumentError(`${fn}: argument "${name}" is a disposed tensor.`);
  if (t.rank !== rank) throw new ShapeError(`${fn}: argument "${name}" must be a rank-${rank} tensor; got a ${t.dtype} tensor of shape [${t.shape.join(', ')}].`);
}

/**
 * The rows of a matrix at the given indices, in the same kind of container it came in: apply a
 * {@link Fold} to features with `selectRows(x, fold.train)`. Indices may repeat (bootstrap samples)
 * and come in any order. Values are copied as they are, NaN included: selecting never reads them.
 *
 * @param x - the matrix: `number[][]`, a `Tensor2D`, or `{ data, shape }`.
 * @param indices - row indices, each an integer in `[0, rows)`.
 * @returns a new matrix of the same kind: `number[][]` for arrays, `{ data: Float64Array, shape }`
 *   for `{ data, shape }`, a `Tensor2D` of the input's dtype for a tensor (gathered on its backend;
 *   it belongs to the caller, who must dispose it). `x` is never modified.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a non-matrix, or an index that is not an
 *   integer in range; {@link "whetstone/core"!ShapeError} for ragged rows or a tensor not of rank 2.
 * @see scikit-learn's `sklearn.utils._safe_indexing`, which `train_test_split` uses to the same end.
 * @example
 * ```ts
 * selectRows([[1, 2], [3, 4], [5, 6]], [2, 0]); // [[5, 6], [1, 2]]
 * ```
 */
export function selectRows<T extends MatrixLike>(x: T, indices: ArrayLike<number>): MatrixOf<T> {
  const fn = 'selectRows';
  if (isTensor(x)) {
    checkTensor(fn, 'x', x, 2);
    const idx = checkIndices(fn, indices, x.shape[0]!, 'row');
    return tidy(() => gather(x as Tensor2D, tensor1d(Array.from(idx), 'int32'), 0)) as MatrixOf<T>;
  }
  const m = toMatrix(x, { fn, name: 'x', allowNonFinite: true });
  const idx = checkIndices(fn, indices, m.rows, 'row');
  const out = new Float64Array(idx.length * m.cols);
  for (let r = 0; r < idx.length; r++) out.set(m.data.subarray(idx[r]! * m.cols, (idx[r]! + 1) * m.cols), r * m.cols);
  return fromMatrix<T>(m, out, idx.length, m.cols);
}

/**
 * The elements of a vector at the given indices, as an array, or as a tensor for a tensor: apply
 * a {@link Fold} to labels with `selectItems(y, fold.train)`. Indices may repeat and come in any
 * order. Values are copied as they are, NaN included.
 *
 * @param y - the vector: an array, a typed array or a `Tensor1D`.
 * @param indices - element indices, each an integer in `[0, length)`.
 * @returns `number[]` for an array or typed array; a `Tensor1D` of the input's dtype for a tensor
 *   (it belongs to the caller, who must dispose it). `y` is never modified.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a non-vector or an index that is not an
 *   integer in range; {@link "whetstone/core"!ShapeError} for a tensor not of rank 1.
 * @see scikit-learn's `sklearn.utils._safe_indexing`.
 * @example
 * ```ts
 * selectItems(new Int32Array([7, 8, 9]), [0, 0, 2]); // [7, 7, 9]
 * ```
 */
export function selectItems<T extends VectorLike>(y: T, indices: ArrayLike<number>): VectorOf<T> {
  const fn = 'selectItems';
  if (isTensor(y)) {
    checkTensor(fn, 'y', y, 1);
    const idx = checkIndices(fn, indices, y.shape[0]!, 'element');
    return tidy(() => gather(y as Tensor1D, tensor1d(Array.from(idx), 'int32'))) as VectorOf<T>;
  }
  const v = toVector(y, { fn, name: 'y', allowNonFinite: true });
  const idx = checkIndices(fn, indices, v.length, 'element');
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = v.data[idx[i]!]!;
  return fromVector<T>(v, out);
}
