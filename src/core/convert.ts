import { tensor1d, tensor2d } from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { firstNonFinite } from './_internal/finite.js';
import { InvalidArgumentError, ShapeError } from './errors.js';
import { isTensor } from './tensor.js';
import type { DataKind, DataShape, MatrixLike, MatrixOf, VectorLike, VectorOf } from './types.js';
import { formatValue } from './validate.js';

/**
 * A matrix read into float64, with the kind it came in as. Produced by {@link toMatrix}; turned
 * back into the caller's kind by {@link fromMatrix}. `data` is a fresh copy: writing to it never
 * touches the caller's input.
 */
export interface Matrix {
  /** How the input was given. */
  readonly kind: DataKind;
  /** Number of rows (samples). */
  readonly rows: number;
  /** Number of columns (features). */
  readonly cols: number;
  /** Row-major values, `rows * cols` of them. */
  readonly data: Float64Array;
}

/** A vector read into float64, with the kind it came in as (see {@link toVector}). */
export interface Vector {
  /** How the input was given (`'array'` for arrays and typed arrays). */
  readonly kind: Exclude<DataKind, 'dataShape'>;
  /** Number of elements. */
  readonly length: number;
  /** The values, a fresh copy. */
  readonly data: Float64Array;
}

/** Options of {@link toMatrix}, {@link toVector} and their async forms. */
export interface ConvertOptions {
  /** The public function doing the conversion, for error messages. */
  fn: string;
  /** The argument's name, for error messages (default `'x'` for matrices, `'y'` for vectors). */
  name?: string;
  /** Let NaN and ±Infinity through (default `false`: they are rejected with their position). */
  allowNonFinite?: boolean;
  /**
   * Whether the data arrived as a positional argument or as an option (`sampleWeight`), so that
   * messages say `argument "x"` or `option "sampleWeight"` (default `'argument'`).
   */
  role?: InputRole;
  /**
   * Read-only use (default `false`): a `{ data, shape }` matrix whose `data` is a `Float64Array`,
   * or a `Float64Array` vector, is returned without a copy, so the caller must never write to the
   * result's `data`. It spares large inputs a copy (16 MB for 100 000 × 20) when the values are
   * only read.
   */
  borrow?: boolean;
}

/** Whether data arrived as a positional argument or as an option; messages name it so. */
export type InputRole = 'argument' | 'option';

function nonFinite(fn: string, role: InputRole, name: string, value: number, where: string): InvalidArgumentError {
  return new InvalidArgumentError(`${fn}: ${role} "${name}" must contain only finite numbers; got ${formatValue(value)} at ${where}.`);
}

function checkFinite(data: Float64Array, cols: number, fn: string, role: InputRole, name: string, matrix: boolean): void {
  const i = firstNonFinite(data);
  if (i < 0) return;
  const where = matrix ? `row ${Math.floor(i / cols)}, column ${i % cols}` : `index ${i}`;
  throw nonFinite(fn, role, name, data[i]!, where);
}

function isDataShape(x: unknown): x is DataShape {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'data' in x && 'shape' in x;
}

function describeTensorProblem(fn: string, role: InputRole, name: string, t: Tensor, rank: number): ShapeError {
  return new ShapeError(`${fn}: ${role} "${name}" must be a rank-${rank} tensor; got a ${t.dtype} tensor of shape [${t.shape.join(', ')}].`);
}

function matrixFromArrays(x: readonly ArrayLike<number>[], fn: string, role: InputRole, name: string): Matrix {
  const rows = x.length;
  const first = x[0];
  if (rows > 0 && (first === null || typeof first !== 'object' || typeof first.length !== 'number')) {
    throw new InvalidArgumentError(`${fn}: ${role} "${name}" must be a matrix (an array of rows, a rank-2 tensor or { data, shape }); row 0 is ${formatValue(first)}.`);
  }
  const cols = rows > 0 ? first!.length : 0;
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = x[r];
    if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
      throw new InvalidArgumentError(`${fn}: ${role} "${name}" must be an array of rows; row ${r} is ${formatValue(row)}.`);
    }
    if (row.length !== cols) {
      throw new ShapeError(`${fn}: ${role} "${name}" must be rectangular; row ${r} has ${row.length} values but row 0 has ${cols}.`);
    }
    const offset = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      if (typeof v !== 'number') {
        throw new InvalidArgumentError(`${fn}: ${role} "${name}" must contain only numbers; got ${formatValue(v)} at row ${r}, column ${c}.`);
      }
      data[offset + c] = v;
    }
  }
  return { kind: 'array', rows, cols, data };
}

function matrixFromDataShape(x: DataShape, fn: string, role: InputRole, name: string, borrow: boolean): Matrix {
  const shape = x.shape as unknown;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ShapeError(`${fn}: ${role} "${name}.shape" must be [rows, columns] with non-negative integers; got ${formatValue(shape)}.`);
  }
  const [rows, cols] = shape as [number, number];
  const src = x.data;
  if (src === null || typeof src !== 'object' || typeof src.length !== 'number') {
    throw new InvalidArgumentError(`${fn}: ${role} "${name}.data" must be an array or typed array; got ${formatValue(src)}.`);
  }
  if (src.length !== rows * cols) {
    throw new ShapeError(`${fn}: ${role} "${name}.data" must hold rows × columns = ${rows * cols} values for shape [${rows}, ${cols}]; got ${src.length}.`);
  }
  if (src instanceof Float64Array && borrow) return { kind: 'dataShape', rows, cols, data: src };
  const data = new Float64Array(rows * cols);
  // Typed arrays of numbers hold nothing but numbers: one bulk conversion instead of a checked
  // loop (BigInt arrays go through the loop, which rejects them).
  if (ArrayBuffer.isView(src) && !(src instanceof BigInt64Array || src instanceof BigUint64Array)) {
    data.set(src as unknown as ArrayLike<number>);
    return { kind: 'dataShape', rows, cols, data };
  }
  for (let i = 0; i < data.length; i++) {
    const v = src[i];
    if (typeof v !== 'number') {
      throw new InvalidArgumentError(`${fn}: ${role} "${name}.data" must contain only numbers; got ${formatValue(v)} at index ${i}.`);
    }
    data[i] = v;
  }
  return { kind: 'dataShape', rows, cols, data };
}

function notAMatrix(fn: string, role: InputRole, name: string, x: unknown): InvalidArgumentError {
  return new InvalidArgumentError(`${fn}: ${role} "${name}" must be a matrix (an array of rows, a rank-2 tensor or { data, shape }); got ${formatValue(x)}.`);
}

function checkedTensor(x: Tensor, fn: string, role: InputRole, name: string, rank: number): Tensor {
  if (x.isDisposed) throw new InvalidArgumentError(`${fn}: ${role} "${name}" is a disposed tensor.`);
  if (x.rank !== rank) throw describeTensorProblem(fn, role, name, x, rank);
  return x;
}

function finishMatrix(m: Matrix, opts: ConvertOptions, name: string): Matrix {
  if (!opts.allowNonFinite) checkFinite(m.data, m.cols, opts.fn, opts.role ?? 'argument', name, true);
  return m;
}

/**
 * Read any {@link MatrixLike} into a fresh float64 row-major buffer, remembering its kind.
 * Tensors are read with `dataSync`, which blocks on GPU backends and is unsupported on WebGPU:
 * use {@link toMatrixAsync} in async code.
 *
 * @param x - the matrix.
 * @param options - the calling function's name for messages, and whether non-finite values pass.
 * @returns the values and shape; `x` itself is never modified or disposed.
 * @throws {@link InvalidArgumentError} for non-matrices, non-numbers or (by default) NaN/±Infinity,
 *   naming the row and column; {@link ShapeError} for ragged rows, wrong rank or a bad `shape`.
 * @example
 * ```ts
 * const m = toMatrix([[1, 2], [3, 4]], { fn: 'myFunction' });
 * // m.rows === 2, m.cols === 2, m.kind === 'array'
 * ```
 */
export function toMatrix(x: MatrixLike, options: ConvertOptions): Matrix {
  const name = options.name ?? 'x';
  if (isTensor(x)) {
    const t = checkedTensor(x, options.fn, options.role ?? 'argument', name, 2);
    return finishMatrix({ kind: 'tensor', rows: t.shape[0]!, cols: t.shape[1]!, data: Float64Array.from(t.dataSync()) }, options, name);
  }
  if (Array.isArray(x)) return finishMatrix(matrixFromArrays(x, options.fn, options.role ?? 'argument', name), options, name);
  if (isDataShape(x)) return finishMatrix(matrixFromDataShape(x, options.fn, options.role ?? 'argument', name, options.borrow === true), options, name);
  throw notAMatrix(options.fn, options.role ?? 'argument', name, x);
}

/**
 * {@link toMatrix} for async code: tensors are read with `await tensor.data()`, which works on
 * every backend (WebGPU included) without blocking.
 *
 * @param x - the matrix.
 * @param options - as for {@link toMatrix}.
 * @returns the values and shape; `x` is never modified or disposed.
 * @throws as {@link toMatrix}.
 */
export async function toMatrixAsync(x: MatrixLike, options: ConvertOptions): Promise<Matrix> {
  const name = options.name ?? 'x';
  if (isTensor(x)) {
    const t = checkedTensor(x, options.fn, options.role ?? 'argument', name, 2);
    return finishMatrix({ kind: 'tensor', rows: t.shape[0]!, cols: t.shape[1]!, data: Float64Array.from(await t.data()) }, options, name);
  }
  return toMatrix(x, options);
}

function vectorFromArrayLike(y: ArrayLike<number>, fn: string, role: InputRole, name: string): Vector {
  const data = new Float64Array(y.length);
  for (let i = 0; i < data.length; i++) {
    const v = y[i];
    if (typeof v !== 'number') {
      throw new InvalidArgumentError(`${fn}: ${role} "${name}" must contain only numbers; got ${formatValue(v)} at index ${i}.`);
    }
    data[i] = v;
  }
  return { kind: 'array', length: data.length, data };
}

function notAVector(fn: string, role: InputRole, name: string, y: unknown): InvalidArgumentError {
  return new InvalidArgumentError(`${fn}: ${role} "${name}" must be a vector (an array, a typed array or a rank-1 tensor); got ${formatValue(y)}.`);
}

function finishVector(v: Vector, opts: ConvertOptions, name: string): Vector {
  if (!opts.allowNonFinite) checkFinite(v.data, 1, opts.fn, opts.role ?? 'argument', name, false);
  return v;
}

function isArrayLikeVector(y: unknown): y is ArrayLike<number> {
  return Array.isArray(y) || (ArrayBuffer.isView(y) && !(y instanceof DataView));
}

/**
 * Read any {@link VectorLike} into a fresh float64 buffer, remembering its kind. Tensors are read
 * with `dataSync`; use {@link toVectorAsync} in async code.
 *
 * @param y - the vector.
 * @param options - the calling function's name for messages (argument name defaults to `'y'`).
 * @returns the values; `y` is never modified or disposed.
 * @throws {@link InvalidArgumentError} for non-vectors, non-numbers or (by default) NaN/±Infinity;
 *   {@link ShapeError} for a tensor whose rank is not 1.
 * @example
 * ```ts
 * toVector(new Int32Array([0, 1, 1]), { fn: 'myFunction' }).data; // Float64Array [0, 1, 1]
 * ```
 */
export function toVector(y: VectorLike, options: ConvertOptions): Vector {
  const name = options.name ?? 'y';
  if (isTensor(y)) {
    const t = checkedTensor(y, options.fn, options.role ?? 'argument', name, 1);
    return finishVector({ kind: 'tensor', length: t.shape[0]!, data: Float64Array.from(t.dataSync()) }, options, name);
  }
  if (y instanceof Float64Array && options.borrow === true) return finishVector({ kind: 'array', length: y.length, data: y }, options, name);
  if (isArrayLikeVector(y)) return finishVector(vectorFromArrayLike(y, options.fn, options.role ?? 'argument', name), options, name);
  throw notAVector(options.fn, options.role ?? 'argument', name, y);
}

/**
 * {@link toVector} for async code (reads tensors with `await tensor.data()`).
 *
 * @param y - the vector.
 * @param options - as for {@link toVector}.
 * @returns the values; `y` is never modified or disposed.
 * @throws as {@link toVector}.
 */
export async function toVectorAsync(y: VectorLike, options: ConvertOptions): Promise<Vector> {
  const name = options.name ?? 'y';
  if (isTensor(y)) {
    const t = checkedTensor(y, options.fn, options.role ?? 'argument', name, 1);
    return finishVector({ kind: 'tensor', length: t.shape[0]!, data: Float64Array.from(await t.data()) }, options, name);
  }
  return toVector(y, options);
}

/**
 * Turn row-major values back into the kind a matrix input came in as: `number[][]` for arrays,
 * `{ data: Float64Array, shape }` for `{ data, shape }`, a float32 `Tensor2D` for tensors.
 *
 * @param like - the kind to produce: a {@link Matrix} from {@link toMatrix}, or a {@link DataKind}.
 * @param data - `rows * cols` row-major values (copied, never kept, unless `options.owned`).
 * @param rows - number of rows.
 * @param cols - number of columns.
 * @param options - `owned: true` hands a `Float64Array` `data` over: a `{ data, shape }` result
 *   then holds it as is instead of a copy (the caller must not use it afterwards).
 * @returns a new matrix of that kind. A returned tensor belongs to the caller, who must dispose it.
 * @throws {@link ShapeError} when `data.length !== rows * cols`.
 * @example
 * ```ts
 * const m = toMatrix(input, { fn: 'scale' });
 * const out = fromMatrix(m, m.data.map((v) => 2 * v), m.rows, m.cols); // same kind as `input`
 * ```
 */
export function fromMatrix<T extends MatrixLike = MatrixLike>(
  like: { readonly kind: DataKind } | DataKind,
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  options: { readonly owned?: boolean } = {},
): MatrixOf<T> {
  const kind = typeof like === 'string' ? like : like.kind;
  if (data.length !== rows * cols) {
    throw new ShapeError(`fromMatrix: argument "data" must hold rows × columns = ${rows * cols} values; got ${data.length}.`);
  }
  if (kind === 'tensor') return tensor2d(Float32Array.from(data), [rows, cols], 'float32') as MatrixOf<T>;
  if (kind === 'dataShape') {
    const values = options.owned === true && data instanceof Float64Array ? data : Float64Array.from(data);
    return { data: values, shape: [rows, cols] } as MatrixOf<T>;
  }
  // Plain loops into preallocated rows: Array.from with a callback is several times slower on
  // large outputs (resamplers return hundreds of thousands of rows).
  const out: number[][] = new Array(rows);
  for (let r = 0, i = 0; r < rows; r++) {
    const row: number[] = new Array(cols);
    for (let c = 0; c < cols; c++, i++) row[c] = data[i]!;
    out[r] = row;
  }
  return out as MatrixOf<T>;
}

/**
 * Turn values back into the kind a vector input came in as: `number[]` for arrays and typed
 * arrays, a float32 `Tensor1D` for tensors.
 *
 * @param like - the kind to produce: a {@link Vector} from {@link toVector}, or `'array' | 'tensor'`.
 * @param data - the values (copied).
 * @returns a new vector. A returned tensor belongs to the caller, who must dispose it.
 */
export function fromVector<T extends VectorLike = VectorLike>(
  like: { readonly kind: DataKind } | DataKind,
  data: ArrayLike<number>,
): VectorOf<T> {
  const kind = typeof like === 'string' ? like : like.kind;
  if (kind === 'tensor') return tensor1d(Float32Array.from(data), 'float32') as Tensor1D as VectorOf<T>;
  // A plain loop into a preallocated array: Array.from on a typed array is several times slower.
  const out: number[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]!;
  return out as VectorOf<T>;
}

/**
 * Check that several inputs have the same number of rows (samples), before any work.
 *
 * @param fn - the public function's name.
 * @param lengths - `[name, length]` pairs, or `[name, length, 'option']` for data passed as an
 *   option (`sampleWeight`); the first is the reference.
 * @throws {@link ShapeError} naming the first input whose length differs.
 * @example
 * ```ts
 * checkSameLength('fit', [['x', m.rows], ['y', v.length]]);
 * // ShapeError: fit: arguments "x" and "y" must have the same number of rows; got 100 and 99.
 * checkSameLength('fit', [['x', 100], ['sampleWeight', 99, 'option']]);
 * // ShapeError: fit: argument "x" and option "sampleWeight" must have the same number of rows; got 100 and 99.
 * ```
 */
export function checkSameLength(fn: string, lengths: readonly (readonly [string, number] | readonly [string, number, InputRole])[]): void {
  const [first, ...rest] = lengths;
  if (first === undefined) return;
  for (const other of rest) {
    if (other[1] !== first[1]) {
      const a = first[2] ?? 'argument';
      const b = other[2] ?? 'argument';
      const names = a === b ? `${a}s "${first[0]}" and "${other[0]}"` : `${a} "${first[0]}" and ${b} "${other[0]}"`;
      throw new ShapeError(`${fn}: ${names} must have the same number of rows; got ${first[1]} and ${other[1]}.`);
    }
  }
}

/** Options of {@link toSampleWeight} and {@link toSampleWeightAsync}. */
export interface SampleWeightOptions {
  /** The public function reading the weights, for error messages. */
  fn: string;
  /** How many rows the weights must match. */
  rows: number;
  /** The argument the rows come from, for the length message (default `'x'`). */
  rowsName?: string;
  /** The option's name (default `'sampleWeight'`). */
  name?: string;
  /** Also require a positive total, where the caller divides by it (default `false`). */
  positiveSum?: boolean;
}

function checkSampleWeight(w: Float64Array, options: SampleWeightOptions): Float64Array {
  const { fn, name = 'sampleWeight' } = options;
  checkSameLength(fn, [[options.rowsName ?? 'x', options.rows], [name, w.length, 'option']]);
  let total = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    if (v < 0) throw new InvalidArgumentError(`${fn}: option "${name}" must contain only weights >= 0; got ${formatValue(v)} at index ${i}.`);
    total += v;
  }
  if (options.positiveSum && !(total > 0)) {
    throw new InvalidArgumentError(`${fn}: option "${name}" must have a positive sum; got ${formatValue(total)}.`);
  }
  return w;
}

/**
 * Read per-row sample weights (an option in every function that takes them): finite, `>= 0`, one
 * per row, and optionally with a positive total. A row of weight 2 counts as two copies of it.
 *
 * @param w - the weights, or `undefined` when none were given.
 * @param options - the calling function, the number of rows, and whether the total must be positive.
 * @returns a fresh float64 copy, or `undefined` when `w` is `undefined`.
 * @throws {@link InvalidArgumentError} for non-vectors, non-finite or negative weights, or a zero
 *   total when `positiveSum` is set; {@link ShapeError} for a length that differs from `rows`.
 * @example
 * ```ts
 * toSampleWeight([1, 2, -1], { fn: 'fit', rows: 3 });
 * // InvalidArgumentError: fit: option "sampleWeight" must contain only weights >= 0; got -1 at index 2.
 * ```
 */
export function toSampleWeight(w: VectorLike | undefined, options: SampleWeightOptions): Float64Array | undefined {
  if (w === undefined) return undefined;
  return checkSampleWeight(toVector(w, { fn: options.fn, name: options.name ?? 'sampleWeight', role: 'option' }).data, options);
}

/**
 * {@link toSampleWeight} for async code (reads tensors with `await tensor.data()`).
 *
 * @param w - the weights, or `undefined`.
 * @param options - as for {@link toSampleWeight}.
 * @returns a fresh float64 copy, or `undefined`.
 * @throws as {@link toSampleWeight}.
 */
export async function toSampleWeightAsync(w: VectorLike | undefined, options: SampleWeightOptions): Promise<Float64Array | undefined> {
  if (w === undefined) return undefined;
  return checkSampleWeight((await toVectorAsync(w, { fn: options.fn, name: options.name ?? 'sampleWeight', role: 'option' })).data, options);
}
