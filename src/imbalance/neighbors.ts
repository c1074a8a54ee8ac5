import { ShapeError } from '../core/errors.js';
import { toMatrixAsync, type Matrix } from '../core/convert.js';
import { isTensor } from '../core/tensor.js';
import type { MatrixLike } from '../core/types.js';
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { exactKnn } from './_internal/knn.js';

const FN = 'kNeighbors';
const DEFAULT_MAX_BLOCK_BYTES = 64 * 2 ** 20;

/** Options of {@link kNeighbors}. */
export interface KNeighborsOptions {
  /** Number of neighbours per query row, an integer in `[1, available rows]` (required). */
  readonly k: number;
  /**
   * Rows to find neighbours for, with as many columns as `x` (default: the rows of `x`
   * themselves).
   */
  readonly query?: MatrixLike;
  /**
   * Never return row `i` of `x` as a neighbour of query row `i` (default `true` when `query` is
   * absent, `false` otherwise; with a `query`, it must have as many rows as `x`). Only the row
   * itself is excluded, by index: a duplicate of it elsewhere is a neighbour at distance 0, as in
   * scikit-learn's `kneighbors()` without `X`.
   */
  readonly excludeSelf?: boolean;
  /**
   * Query rows per block. On wasm and cpu, where the candidates are selected on the CPU side,
   * blocks are square (`blockSize` reference rows too; default 512, or less if `maxBlockBytes`
   * says so; the quantized pass rounds it down to a multiple of 8, at least 8); on other backends
   * a block holds all reference rows (default: as many query rows as fit in `maxBlockBytes`, at
   * least 1). Only speed depends on it, never the answer.
   */
  readonly blockSize?: number;
  /**
   * Memory budget in bytes for one block's float32 distance matrix on the backend (default
   * 64 MiB); it sets the default `blockSize`. Ignored when `blockSize` is given.
   */
  readonly maxBlockBytes?: number;
}

/** What {@link kNeighbors} returns: one row per query row, nearest first. */
export interface KNeighborsResult {
  /** Row indices into `x` of each query row's neighbours, nearest first, ties by smaller index. */
  readonly indices: number[][];
  /** The Euclidean distances to those neighbours (computed in float64). */
  readonly distances: number[][];
}

const matrixConstraint = is.custom<MatrixLike>(
  'a matrix (an array of rows, a rank-2 tensor or { data, shape })',
  (v) =>
    Array.isArray(v) ||
    (isTensor(v) && v.rank === 2) ||
    (typeof v === 'object' && v !== null && !isTensor(v) && 'data' in v && 'shape' in v),
);

function checkKNeighborsOptions(options: unknown): asserts options is KNeighborsOptions {
  checkOptions(FN, options, {
    k: is.integer({ min: 1 }),
    query: matrixConstraint,
    excludeSelf: is.boolean(),
    blockSize: is.integer({ min: 1 }),
    maxBlockBytes: is.integer({ min: 1 }),
  });
  if (options === undefined || (options as { k?: unknown }).k === undefined) {
    throw invalidOption(FN, 'k', 'an integer >= 1 (it is required)', undefined);
  }
}

function toRows(flat: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const row: number[] = new Array(cols);
    for (let c = 0; c < cols; c++) row[c] = flat[r * cols + c]!;
    out[r] = row;
  }
  return out;
}

/**
 * Exact k nearest neighbours in Euclidean distance, computed blockwise for the active tfjs backend
 * (approximate distances first), then certified and re-ranked in float64 on the CPU, so the
 * result is the exact float64 answer whatever the backend's precision: rows whose float32
 * candidates cannot be proved complete (near-ties, many duplicates) are searched again with more
 * candidates, or scanned in float64. On GPU backends each block of query rows goes through one
 * fused matMul and a `topk`, and only the winners come back. On wasm and cpu, the first pass runs
 * in a small WebAssembly SIMD module instead of tfjs: the rows are quantized to 16-bit integers,
 * whose exact squared distances it computes eight multiply-adds an instruction and compares with
 * every row's current candidates without writing a distance matrix; without a query, each pair
 * of rows is computed once for both of its sides (distances are symmetric). Rows the integers
 * cannot certify (near ties, an outlier that coarsens the grid) go on to float32 blocks computed
 * by the backend's matMul, then to the float64 scan.
 *
 * Memory is bounded: the quantized pass keeps two int16 copies of the rows (4 bytes a value);
 * the float32 pass, for rows that need it, uploads `x` once and keeps one block's distance matrix
 * under `maxBlockBytes`; the candidate lists take 8 bytes per slot (k + 4 slots per row).
 * Without `query`, each row of `x` is matched against the others (a row is not its own
 * neighbour, but its duplicates are), as scikit-learn's `NearestNeighbors.kneighbors()` does.
 * Ties in distance are broken by the smaller row index.
 *
 * @param x - the reference rows (`number[][]`, a Tensor2D or `{ data, shape }`); never modified or
 *   disposed.
 * @param options - `k` (required), `query`, `excludeSelf`, `blockSize`, `maxBlockBytes`.
 * @returns a promise of `{ indices, distances }`, plain arrays with one row of `k` per query row
 *   (no tensors are returned, whatever the input kind).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, non-finite values, or
 *   `k` larger than the rows available; {@link "whetstone/core"!ShapeError} for ragged rows,
 *   `query` and `x` differing in columns, or `excludeSelf` set with a `query` of another row
 *   count.
 * @example
 * ```ts
 * const { indices, distances } = await kNeighbors([[0, 0], [1, 0], [3, 0]], { k: 1 });
 * // indices: [[1], [0], [1]], distances: [[1], [1], [2]]
 * ```
 * @see scikit-learn 1.2, `sklearn/neighbors/_base.py` (`KNeighborsMixin.kneighbors` with
 *   `algorithm='brute'`), whose neighbours it reproduces (scikit-learn's own float64 formula
 *   loses digits far from the origin; this one does not).
 */
export async function kNeighbors(x: MatrixLike, options: KNeighborsOptions): Promise<KNeighborsResult> {
  checkKNeighborsOptions(options);
  const { k } = options;
  const ref = await toMatrixAsync(x, { fn: FN, name: 'x' });
  let q: Matrix = ref;
  if (options.query !== undefined) {
    q = await toMatrixAsync(options.query, { fn: FN, name: 'query', role: 'option' });
  }
  const excludeSelf = options.excludeSelf ?? options.query === undefined;
  const available = excludeSelf ? ref.rows - 1 : ref.rows;
  if (k > available) {
    const why = excludeSelf
      ? `argument "x" has ${ref.rows} row${ref.rows === 1 ? '' : 's'} and a row is not its own neighbour`
      : `argument "x" has ${ref.rows} row${ref.rows === 1 ? '' : 's'}`;
    throw invalidOption(FN, 'k', available >= 1 ? `an integer in [1, ${available}]` : 'at most the number of rows available', k, why);
  }
  if (q.cols !== ref.cols) {
    throw new ShapeError(`${FN}: option "query" must have as many columns as argument "x" (${ref.cols}); got ${q.cols}.`);
  }
  if (excludeSelf && q.rows !== ref.rows) {
    throw new ShapeError(
      `${FN}: option "query" must have as many rows as argument "x" (${ref.rows}) when "excludeSelf" is true (query row i excludes row i of x); got ${q.rows}.`,
    );
  }
  const answer = await exactKnn({
    x: ref.data,
    n: ref.rows,
    d: ref.cols,
    q: q.data,
    m: q.rows,
    k,
    excludeSelf,
    blockSize: options.blockSize,
    maxBlockBytes: options.maxBlockBytes ?? DEFAULT_MAX_BLOCK_BYTES,
  });
  return { indices: toRows(answer.indices, q.rows, k), distances: toRows(answer.distances, q.rows, k) };
}
