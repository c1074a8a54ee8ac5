import * as tf from '@tensorflow/tfjs-core';
import { QuantizedLists, SelectionLists, selectionAvailable, type QuantizedPoints } from './wasm/select.js';

/**
 * One exact k-nearest-neighbour problem, already validated and read into float64 (row-major).
 * Query row `i` excludes reference row `i` when `excludeSelf` is set (then `m === n`).
 */
export interface KnnProblem {
  /** Reference rows, `n * d` values. */
  readonly x: Float64Array;
  /** Number of reference rows. */
  readonly n: number;
  /** Number of columns. */
  readonly d: number;
  /** Query rows, `m * d` values (may be the same buffer as `x`). */
  readonly q: Float64Array;
  /** Number of query rows. */
  readonly m: number;
  /** Neighbours per query row (already checked against the rows available). */
  readonly k: number;
  /** Query row `i` never has reference row `i` as a neighbour. */
  readonly excludeSelf: boolean;
  /** Query rows per backend block, or `undefined` to derive it from `maxBlockBytes`. */
  readonly blockSize: number | undefined;
  /** Bytes one block's float32 score matrix may take. */
  readonly maxBlockBytes: number;
}

/** Neighbours of every query row: `m * k` indices and Euclidean distances, row-major. */
export interface KnnAnswer {
  /** Reference row indices, nearest first, ties by smaller index. */
  readonly indices: Int32Array;
  /** Their Euclidean distances, computed in float64 from the original values. */
  readonly distances: Float64Array;
  /** How many query rows needed more than the first pass (for tests and benchmarks). */
  widened: number;
}

/**
 * Candidates beyond `k` fetched from the backend on the first pass. It only trades speed: the
 * certificate in {@link exactKnn} makes any margin exact. On continuous data (5000 × 20, wasm) a
 * margin of 2 already certified every row; 4 leaves room for a few duplicates, while `topk`'s cost
 * grows with the number it keeps.
 */
const FIRST_MARGIN = 4;

/** Squared Euclidean distance in float64 between row `i` of `a` and row `j` of `b`. */
function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  const oa = i * d;
  const ob = j * d;
  // Four columns a step, summed in column order all the same (ties between rows are decided on
  // these exact values): V8 does not unroll, and this is the re-ranking's inner loop.
  const quad = d & ~3;
  let c = 0;
  for (; c < quad; c += 4) {
    const t0 = a[oa + c]! - b[ob + c]!;
    const t1 = a[oa + c + 1]! - b[ob + c + 1]!;
    const t2 = a[oa + c + 2]! - b[ob + c + 2]!;
    const t3 = a[oa + c + 3]! - b[ob + c + 3]!;
    s += t0 * t0;
    s += t1 * t1;
    s += t2 * t2;
    s += t3 * t3;
  }
  for (; c < d; c++) {
    const t = a[oa + c]! - b[ob + c]!;
    s += t * t;
  }
  return s;
}

/**
 * The k nearest of `cand[from … from + count)` (reference indices) to query row `i`, by float64
 * distance then index, kept in a sorted buffer of k (most candidates are rejected by one
 * comparison with its last). Writes them at row `i` of the answer and returns the k-th squared
 * distance. `sq` is scratch space for k squared distances. Needs at least k candidates other
 * than `i` itself.
 */
function rerank(p: KnnProblem, i: number, cand: Int32Array, from: number, count: number, out: KnnAnswer, sq: Float64Array): number {
  const { k } = p;
  const ids = out.indices;
  const base = i * k;
  let filled = 0;
  for (let c = from; c < from + count; c++) {
    const j = cand[c]!;
    if (p.excludeSelf && j === i) continue;
    const dj = sqDist(p.q, i, p.x, j, p.d);
    if (filled === k) {
      const last = sq[k - 1]!;
      if (dj > last || (dj === last && j > ids[base + k - 1]!)) continue;
    } else {
      filled++;
    }
    let pos = filled - 1;
    while (pos > 0) {
      const prev = sq[pos - 1]!;
      const prevId = ids[base + pos - 1]!;
      if (prev < dj || (prev === dj && prevId < j)) break;
      sq[pos] = prev;
      ids[base + pos] = prevId;
      pos--;
    }
    sq[pos] = dj;
    ids[base + pos] = j;
  }
  for (let r = 0; r < k; r++) out.distances[base + r] = Math.sqrt(sq[r]!);
  return sq[k - 1]!;
}

/** Exact answer for one row by scanning every reference row in float64 (the fallback). */
function bruteForceRow(p: KnnProblem, i: number, out: KnnAnswer, all: Int32Array, sq: Float64Array): void {
  rerank(p, i, all, 0, p.n, out, sq);
}

/**
 * Where the approximate passes pick candidates. `'host'` computes float32 blocks of distances on
 * the backend and selects on the CPU from the backend's own memory (wasm, cpu); `'backend'` runs
 * `topk` on the backend too (webgl, webgpu, tensorflow, where reading whole blocks back would cost
 * more than the search); `'quantized'` runs the first pass on int16-quantized points in the
 * selection module (distances and selection in one loop, no tfjs), then goes on as `'auto'` would
 * for the rows it could not certify; `'auto'` is `'quantized'` then `'host'` on wasm and cpu, and
 * `'backend'` on the others.
 */
export type KnnSelection = 'auto' | 'quantized' | 'host' | 'backend';

/** The data after centring and scaling, shared by the selection paths. */
interface Prepared {
  /** Power-of-two scale applied after centring. */
  readonly scale: number;
  /** Query rows, centred and scaled, float64, `m × d`. */
  readonly qScaled: Float64Array;
  /** Squared norms of the scaled query rows (`A` in the proof). */
  readonly qNorm: Float64Array;
  /** Reference rows, centred and scaled, float64, `n × d` (the same buffer as `qScaled` for a self-query). */
  readonly xScaled: Float64Array;
  /**
   * Reference rows, centred and scaled, float32, `n × d`; made on the first call (only the
   * float32 passes read them, and the quantized pass usually leaves them nothing to do).
   */
  readonly x32: () => Float32Array;
  /** Squared norms of the scaled reference rows in float64 (`B_j` in the proof). */
  readonly bNorm: Float64Array;
  /** Largest `B_j`. */
  readonly maxNormScaled: number;
  /** The certificate's coefficient of `A + max B_j` (see {@link exactKnn}). */
  readonly slack: number;
}

/** One selection pass over some query rows: `count` candidate indices per row and `T` per row. */
interface Selection {
  /** Row-major, `rows × count` reference indices (in no particular order). */
  readonly ids: Int32Array;
  /** Per row, the largest approximate squared distance `d̃` among its candidates (scaled units). */
  readonly threshold: ArrayLike<number>;
}

/**
 * What a selection pass hands each finished block of query rows to: `rows[from…to)` with their
 * candidates at `sel`, row `rows[r]`'s at index `r − offset`.
 */
type Certify = (rows: Int32Array, from: number, to: number, sel: Selection, offset: number) => void;

/** A float32 tensor's values without a copy where the backend allows it (wasm's heap, cpu's arrays). */
type HostReader = (t: tf.Tensor) => Float32Array;

/** How to read blocks on the CPU for the active backend, or `undefined` when `topk` should stay on it. */
function hostReader(selection: KnnSelection): HostReader | undefined {
  if (selection === 'backend') return undefined;
  const name = tf.getBackend();
  const backend = tf.backend() as unknown as { typedArrayFromHeap?: (t: tf.TensorInfo) => Float32Array };
  // The heap view is valid until the next allocation on the wasm heap; each block is copied into
  // the selection module before anything else is allocated there.
  if (name === 'wasm' && typeof backend.typedArrayFromHeap === 'function') return (t) => backend.typedArrayFromHeap!(t);
  if (name === 'cpu' || selection === 'host') return (t) => t.dataSync() as Float32Array;
  return undefined;
}

/**
 * Rows `rows[from…to)` of a row-major float64 matrix as float32, each followed by `extra(row)`
 * extra columns (`width` columns in all).
 */
function float32Rows(src: Float64Array, d: number, rows: Int32Array, from: number, to: number, width = d, extra?: (i: number, out: Float32Array, at: number) => void): Float32Array {
  const out = new Float32Array((to - from) * width);
  for (let r = from; r < to; r++) {
    const i = rows[r]!;
    const o = i * d;
    const at = (r - from) * width;
    for (let c = 0; c < d; c++) out[at + c] = src[o + c]!;
    extra?.(i, out, at + d);
  }
  return out;
}

/**
 * First pass on the CPU side. The backend computes blocks of approximate squared distances
 * `D_ij = A_i + B_j − 2 a_i·b_j` in float32 as one matMul of augmented rows `[−2a_i, A_i, 1]` by
 * augmented columns `[b_j; 1; B_j]` (`d + 2` terms); each block is read where it lies and the
 * WebAssembly module of `wasm/knn-select.c` keeps every row's `count` smallest (SIMD comparisons
 * against each list's worst). When the query is the reference itself and every row is asked for,
 * each unordered pair of square blocks is computed once and serves both its rows and its columns
 * (half the products; `D` is symmetric). Otherwise each block of `s` query rows meets every
 * column block in turn, so only one block's lists exist at a time; `done` certifies a block of
 * rows as soon as its lists are complete.
 */
async function selectOnHost(
  p: KnnProblem,
  prep: Prepared,
  rows: Int32Array,
  count: number,
  read: HostReader,
  s: number,
  done: Certify,
): Promise<void> {
  const { n, d } = p;
  const w = d + 2;
  const x32 = prep.x32();
  const symmetric = p.q === p.x && rows.length === n;
  const lists = await SelectionLists.create(symmetric ? n : Math.min(s, rows.length), count, s * Math.min(s, n));
  const colBlocks: tf.Tensor2D[] = [];
  try {
    for (let j0 = 0; j0 < n; j0 += s) {
      const bJ = Math.min(s, n - j0);
      const t = new Float32Array(w * bJ);
      for (let jj = 0; jj < bJ; jj++) {
        for (let c = 0; c < d; c++) t[c * bJ + jj] = x32[(j0 + jj) * d + c]!;
        t[d * bJ + jj] = 1;
        t[(d + 1) * bJ + jj] = prep.bNorm[j0 + jj]!;
      }
      colBlocks.push(tf.tensor2d(t, [w, bJ], 'float32'));
    }
    const block = (rowValues: Float32Array, bR: number, col: number, use: (D: Float32Array) => void): void => {
      const a = tf.tensor2d(rowValues, [bR, w], 'float32');
      let D: tf.Tensor | undefined;
      try {
        D = tf.matMul(a, colBlocks[col]!);
        use(read(D));
      } finally {
        a.dispose();
        D?.dispose();
      }
    };
    const augmented = (from: number, to: number): Float32Array =>
      float32Rows(prep.qScaled, d, rows, from, to, w, (i, out, at) => {
        for (let c = at - d; c < at; c++) out[c] = -2 * out[c]!;
        out[at] = prep.qNorm[i]!;
        out[at + 1] = 1;
      });
    if (symmetric) {
      const aug = augmented(0, n);
      // Diagonal blocks first, then pairs of blocks one apart, and so on: every list holds
      // candidates from its own block before the long scans start, so fewer values pass the
      // first comparison.
      for (let off = 0; off < colBlocks.length; off++) {
        for (let b = 0; b + off < colBlocks.length; b++) {
          const i0 = b * s;
          const bI = Math.min(s, n - i0);
          const j0 = (b + off) * s;
          const bJ = Math.min(s, n - j0);
          block(aug.subarray(i0 * w, (i0 + bI) * w), bI, b + off, (D) => lists.scanSymmetric(D, i0, bI, j0, bJ, off === 0, !p.excludeSelf));
        }
      }
      done(rows, 0, n, { ids: lists.ids(), threshold: lists.worst() }, 0);
      return;
    }
    for (let r0 = 0; r0 < rows.length; r0 += s) {
      const bR = Math.min(s, rows.length - r0);
      lists.clear();
      lists.setSelf(p.excludeSelf ? rows.subarray(r0, r0 + bR) : new Int32Array(bR).fill(-1));
      const rowValues = augmented(r0, r0 + bR);
      for (let c = 0; c < colBlocks.length; c++) {
        block(rowValues, bR, c, (D) => lists.scanRows(D, 0, bR, c * s, Math.min(s, n - c * s)));
      }
      done(rows, r0, r0 + bR, { ids: lists.ids(), threshold: lists.worst() }, r0);
    }
  } finally {
    for (const t of colBlocks) t.dispose();
    lists.release();
  }
}

/**
 * First pass on the backend: `s_j = 2 a·b_j − ‖b_j‖²` by one fused matMul per block of query rows
 * (reference uploaded once, transposed and doubled, with `−‖b_j‖²` as the bias), and `topk` keeps
 * the `count` largest scores, i.e. the smallest `d̃_j = ‖a‖² − s_j`. Only the `count` winners per
 * row come back from the backend.
 */
async function selectOnBackend(
  p: KnnProblem,
  prep: Prepared,
  rows: Int32Array,
  count: number,
  rowsPerBlock: number,
  done: Certify,
): Promise<void> {
  const { n, d } = p;
  const x32 = prep.x32();
  const xt = new Float32Array(d * n);
  const bias = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    for (let c = 0; c < d; c++) xt[c * n + j] = 2 * x32[j * d + c]!;
    bias[j] = -prep.bNorm[j]!;
  }
  const xtTensor = tf.tensor2d(xt, [d, n], 'float32');
  const biasTensor = tf.tensor1d(bias, 'float32');
  try {
    for (let r0 = 0; r0 < rows.length; r0 += rowsPerBlock) {
      const bR = Math.min(rowsPerBlock, rows.length - r0);
      const block = float32Rows(prep.qScaled, d, rows, r0, r0 + bR);
      const [values, indices] = tf.tidy(() => {
        const scores = tf.fused.matMul({ a: tf.tensor2d(block, [bR, d], 'float32'), b: xtTensor, bias: biasTensor });
        const top = tf.topk(scores, count, false);
        return [top.values, top.indices] as const;
      });
      let v: Float32Array;
      let ix: Int32Array;
      try {
        [v, ix] = (await Promise.all([values.data(), indices.data()])) as [Float32Array, Int32Array];
      } finally {
        values.dispose();
        indices.dispose();
      }
      const threshold = new Float64Array(bR);
      for (let r = 0; r < bR; r++) {
        let minScore = Infinity;
        for (let c = 0; c < count; c++) minScore = Math.min(minScore, v[r * count + c]!);
        threshold[r] = prep.qNorm[rows[r0 + r]!]! - minScore;
      }
      done(rows, r0, r0 + bR, { ids: ix, threshold }, r0);
    }
  } finally {
    xtTensor.dispose();
    biasTensor.dispose();
  }
}

/**
 * The largest norm a quantized point may have: twice it, squared, is below 2³¹, so every squared
 * distance between quantized points fits in an int32 (`√2²⁹ = 23170.47…`).
 */
const QUANTIZED_NORM = 23170;

/** Quantized points for the module (see `QuantizedPoints`): rows `rows[from…to)` of `values`, or rows `from…to` when `rows` is omitted. */
function quantize(values: Float64Array, d: number, pairs: number, s: number, from: number, to: number, rows?: Int32Array): QuantizedPoints {
  const width = 2 * pairs;
  const out = new Int16Array((to - from) * width);
  const norms = new Int32Array(to - from);
  for (let r = from; r < to; r++) {
    const o = (rows === undefined ? r : rows[r]!) * d;
    const at = (r - from) * width;
    let norm = 0;
    for (let c = 0; c < d; c++) {
      const q = Math.round(values[o + c]! * s);
      out[at + c] = q;
      norm += q * q;
    }
    norms[r - from] = norm;
  }
  return { values: out, norms, count: to - from };
}

/**
 * First pass on int16-quantized points, in the selection module (`qScanSymmetric` / `qScanRows`
 * in knn-select.c): every centred, scaled value is multiplied by `s` and rounded, so that each
 * quantized point's norm stays below {@link QUANTIZED_NORM}; the module computes the exact integer
 * squared distances of the quantized points a 4 × 8 tile at a time and keeps each row's `count`
 * smallest. A self-query over every row computes each unordered pair once, by square blocks,
 * diagonal blocks first; queries go a block of rows at a time against every reference row.
 * `done` receives each block's candidates and, per row, the largest quantized distance kept.
 */
async function selectQuantized(
  p: KnnProblem,
  prep: Prepared,
  rows: Int32Array,
  count: number,
  s: number,
  blockRows: number,
  done: Certify,
): Promise<void> {
  const { n, d } = p;
  const pairs = Math.ceil(d / 2);
  const reference = quantize(prep.xScaled, d, pairs, s, 0, n);
  const symmetric = p.q === p.x && rows.length === n;
  if (symmetric) {
    const lists = await QuantizedLists.create(reference, pairs, n, count, true);
    let sel: Selection;
    try {
      // Blocks of whole tiles; diagonal blocks first (see selectOnHost).
      const b = Math.max(8, Math.floor(blockRows / 8) * 8);
      const blocks = Math.ceil(n / b);
      for (let off = 0; off < blocks; off++) {
        for (let i = 0; i + off < blocks; i++) {
          const i0 = i * b;
          const j0 = (i + off) * b;
          lists.scanSymmetric(i0, Math.min(n, i0 + b), j0, Math.min(n, j0 + b), off === 0, !p.excludeSelf);
        }
      }
      sel = { ids: lists.ids(), threshold: lists.worst() };
    } finally {
      lists.release();
    }
    done(rows, 0, n, sel, 0);
    return;
  }
  const bR = Math.min(blockRows, rows.length);
  const lists = await QuantizedLists.create(reference, pairs, bR, count, false);
  try {
    for (let r0 = 0; r0 < rows.length; r0 += bR) {
      const r1 = Math.min(rows.length, r0 + bR);
      lists.clear();
      lists.scanRows(quantize(prep.qScaled, d, pairs, s, r0, r1, rows), p.excludeSelf ? rows.subarray(r0, r1) : new Int32Array(r1 - r0).fill(-1));
      done(rows, r0, r1, { ids: lists.ids(r1 - r0), threshold: lists.worst(r1 - r0) }, r0);
    }
  } finally {
    lists.release();
  }
}

/** Host blocks: square, at most this many rows (measured on wasm, 5000 × 20: 256–1024 are alike). */
const HOST_BLOCK = 512;

/**
 * Exact k nearest neighbours (float64 distances, ties broken by the smaller index), with the
 * heavy part on the active tfjs backend.
 *
 * Pass 1, in float32 on the backend, blockwise: after centring the data on the reference mean and
 * scaling by a power of two (both leave the ranking unchanged and keep values near 1, so nothing
 * overflows or cancels needlessly), each query row `a` gets `count` candidates with the smallest
 * approximate squared distances `d̃_j`. On backends whose memory the CPU reads directly (wasm,
 * cpu), one matMul of augmented rows gives `d̃_j = ‖a‖² + ‖b_j‖² − 2a·b_j` and the CPU keeps the
 * candidates, using symmetry for self-queries; on the others (GPUs), a fused matMul computes
 * `2a·b_j − ‖b_j‖²` and `topk` keeps the winners on the device. On wasm and cpu a quantized pass
 * comes first (see {@link selectQuantized}; its certificate is in the code below): it certifies
 * nearly every row of continuous data, and pass 1 then runs only for the rows it could not.
 *
 * Pass 2, on the CPU in float64: the candidates' exact distances are computed from the original
 * values and sorted (distance, then index); the first k are the answer if a certificate holds.
 *
 * Why the certificate suffices. Write `a` for the centred, scaled query row, `b_j` for a reference
 * row, `A = ‖a‖²`, `B_j = ‖b_j‖²`, `d_j = ‖a − b_j‖² = A − 2a·b_j + B_j`, and `u` for the backend's
 * unit round-off (2⁻²⁴ in float32; 2⁻¹¹ where `floatPrecision()` is 16). The backend sums at most
 * `d + 2` terms: the products `−2a_c·b_c` of float32-rounded inputs and the float32-rounded norms
 * (the fused path: `d` products and the bias `−B_j`). For `d + 2` terms in any order (FMA or not)
 * the rounding error is at most `γ = (d + 2)u / (1 − (d + 2)u)` times the sum of their magnitudes
 * (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1), which is at most
 * `(1 + u)²(A + B_j) + (1 + u)(A + B_j) ≤ 2(1 + u)²(A + B_j)` (as `2|a·b_j| ≤ A + B_j`); rounding
 * the inputs moves `2a·b_j` by at most `(2u + u²)(A + B_j)` and the norms by `u(A + B_j)`. Hence
 * `|d̃_j − d_j| ≤ (2(1 + u)²γ + 4u)(A + B_j)` on either path; `eps` below doubles that
 * coefficient, uses `max_j B_j ≥ B_j`, and adds a float64 term that also covers the float64
 * arithmetic and float32 subnormals (whose absolute error, below 2⁻¹²⁴·√d·(1 + A + B_j), is
 * negligible next to it, as `max_j B_j ≥ 1/4` after scaling).
 *
 * Let `T` be the largest `d̃` among the candidates; every non-candidate has `d̃_j ≥ T` (the pass
 * kept the smallest), hence `d_j ≥ T − eps`. If the k-th exact distance among the candidates,
 * `D_k`, satisfies `D_k < T − eps`, no non-candidate is closer than, or tied with, the k-th
 * candidate, so the candidates' top k is the global top k. Rows where the certificate fails
 * (near-ties at the boundary, many duplicates) go round again with 4× as many candidates, and
 * once that reaches the number of rows, they are scanned in float64 on the CPU, which is exact by
 * construction.
 *
 * @param p - the problem (validated by the caller).
 * @param selection - where pass 1 selects (`'auto'` by backend; tests force either path).
 * @returns the neighbours; every tensor created here is disposed before returning or throwing.
 */
export async function exactKnn(p: KnnProblem, selection: KnnSelection = 'auto'): Promise<KnnAnswer> {
  const { n, d, m, k } = p;
  const out: KnnAnswer = { indices: new Int32Array(m * k), distances: new Float64Array(m * k), widened: 0 };
  if (m === 0) return out;
  const sq = new Float64Array(k);
  const everyRow = (): Int32Array => Int32Array.from({ length: n }, (_, j) => j);

  // Centre on the reference mean: the scores then involve norms of the spread, not of the offset.
  const mean = new Float64Array(d);
  for (let j = 0; j < n; j++) for (let c = 0; c < d; c++) mean[c] = mean[c]! + p.x[j * d + c]!;
  for (let c = 0; c < d; c++) mean[c] = mean[c]! / n;
  let maxNorm = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let c = 0; c < d; c++) {
      const t = p.x[j * d + c]! - mean[c]!;
      s += t * t;
    }
    if (s > maxNorm) maxNorm = s;
  }

  const read = (await selectionAvailable()) ? hostReader(selection) : undefined;
  const avail = p.excludeSelf ? n - 1 : n;
  // The backend's topk cannot skip the row itself, so it fetches one more; the CPU side skips it.
  const selfSlot = read === undefined && p.excludeSelf ? 1 : 0;
  let count = Math.min(n, k + FIRST_MARGIN + selfSlot);
  // All reference rows coincide (or there are no columns): every distance from a query row is the
  // same, and the scan below is as cheap as anything else.
  if (maxNorm === 0 || d === 0 || count >= avail + selfSlot || avail <= k) {
    const all = everyRow();
    for (let i = 0; i < m; i++) bruteForceRow(p, i, out, all, sq);
    return out;
  }

  // A power of two: scaling by it is exact, and it brings max‖b_j‖² into [1/4, 1).
  const scale = 2 ** -Math.ceil(Math.log2(Math.sqrt(maxNorm)));
  const u = tf.backend().floatPrecision() === 16 ? 2 ** -11 : 2 ** -24;
  // d + 2 terms: the host path's augmented product (the fused path has d + 1).
  const du = (d + 2) * u;
  const scaled = (src: Float64Array, rows: number): { values: Float64Array; norms: Float64Array } => {
    const values = new Float64Array(rows * d);
    const norms = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = (src[i * d + c]! - mean[c]!) * scale;
        values[i * d + c] = t;
        s += t * t;
      }
      norms[i] = s;
    }
    return { values, norms };
  };
  const query = scaled(p.q, m);
  // A self-query (the usual case) scales its rows once.
  const reference = p.q === p.x ? query : scaled(p.x, n);
  const qScaled = query.values;
  const qNorm = query.norms;
  let x32: Float32Array | undefined;
  const bNorm = reference.norms;
  let maxNormScaled = 0;
  for (let j = 0; j < n; j++) if (bNorm[j]! > maxNormScaled) maxNormScaled = bNorm[j]!;
  const prep: Prepared = {
    scale,
    qScaled,
    qNorm,
    xScaled: reference.values,
    x32: () => (x32 ??= new Float32Array(reference.values)),
    bNorm,
    maxNormScaled,
    // The coefficient of (A + max B_j) in the proof above; Infinity (scan on the CPU) when the
    // backend's precision cannot bound anything.
    slack: du < 0.5 ? 2 * (2 * (1 + u) ** 2 * (du / (1 - du)) + 4 * u) + 64 * (d + 2) * 2 ** -53 : Infinity,
  };

  let pending = Int32Array.from({ length: m }, (_, i) => i);
  let firstPass = true;
  // A pass hands over each finished block: its rows are re-ranked in float64 and kept where
  // `proven(i, threshold, kth)` holds (each pass has its own certificate); the others go to
  // `failed`, the next pass's rows.
  const certifier =
    (c: number, failed: number[], proven: (i: number, threshold: number, kth: number) => boolean): Certify =>
    (rows, from, to, sel, offset) => {
      for (let r = from; r < to; r++) {
        const i = rows[r]!;
        const at = r - offset;
        const kth = rerank(p, i, sel.ids, at * c, c, out, sq);
        if (!proven(i, sel.threshold[at]!, kth)) failed.push(i);
      }
    };
  const endPass = (failed: number[]): void => {
    pending = Int32Array.from(failed);
    if (firstPass) out.widened = failed.length;
    firstPass = false;
  };
  const hostBlock = p.blockSize ?? Math.max(1, Math.min(HOST_BLOCK, Math.floor(Math.sqrt(p.maxBlockBytes / 4))));
  const quantizedFirst = selection === 'quantized' ? await selectionAvailable() : selection === 'auto' && read !== undefined;
  if (quantizedFirst) {
    let maxSq = maxNormScaled;
    for (let i = 0; i < m; i++) if (qNorm[i]! > maxSq) maxSq = qNorm[i]!;
    // Rounding moves a quantized point by at most √d / 2 from s times the point: 0.6 √d leaves
    // room for the float64 error of the product and of maxSq's square root.
    const s = (QUANTIZED_NORM - 0.6 * Math.sqrt(d)) / Math.sqrt(maxSq);
    // Certificate (as the float32 one above, in quantized units). With q = round(s·v) for the
    // centred, scaled float64 values v, the difference of two quantized points is s·scale times
    // the exact difference of the original rows plus an error vector E: rounding to integers
    // moves each coordinate difference by less than 1 (√d in norm), and the float64 product s·v
    // and the centring x − mean each add relative errors of 2⁻⁵³ on vectors whose norms are below
    // 23 171 (under 2⁻³⁶ in norm for both points together). So the quantized distance √d̃ exceeds
    // s·scale·‖x_i − x_j‖ by at most e = √d (1 + 2⁻³⁶) + 2⁻³⁶. A row not kept has d̃ ≥ T (the
    // largest kept), hence a distance of at least (√T − e) / (s·scale); its float64 squared
    // distance is at least (1 − γ) times the exact one (γ = (d + 3) 2⁻⁵², twice the rounding of
    // d differences, squares and sums). If the k-th float64 candidate distance is below that, no
    // row left out ranks before the k-th. The arithmetic here: √T loses 2⁻⁴⁰ √T, which covers
    // the rounding of the square root and of the subtraction even when √T − e is tiny next to
    // √T; squares and products are relative errors, covered by 2⁻⁵⁰.
    const e = Math.sqrt(d) * (1 + 2 ** -36) + 2 ** -36;
    const keep = (1 - (d + 3) * 2 ** -52) * (1 - 2 ** -50);
    const failed: number[] = [];
    const certify = certifier(count, failed, (_, threshold, kth) => {
      const bound = Math.sqrt(threshold) * (1 - 2 ** -40) - e;
      return bound > 0 && kth * scale * scale * (s * s) < bound * bound * keep;
    });
    await selectQuantized(p, prep, pending, count, s, hostBlock, certify);
    endPass(failed);
  }
  while (pending.length > 0 && count < avail + selfSlot && Number.isFinite(prep.slack)) {
    const failed: number[] = [];
    const certify = certifier(count, failed, (i, threshold, kth) => kth * scale * scale < threshold - prep.slack * (qNorm[i]! + maxNormScaled));
    if (read !== undefined) {
      await selectOnHost(p, prep, pending, count, read, hostBlock, certify);
    } else {
      // Measured on wasm (5000 × 5000 × 20): large blocks beat cache-sized ones, so the budget decides.
      const rowsPerBlock = p.blockSize ?? Math.max(1, Math.floor(p.maxBlockBytes / (4 * n)));
      await selectOnBackend(p, prep, pending, count, rowsPerBlock, certify);
    }
    endPass(failed);
    count = Math.min(n, count * 4);
  }
  if (pending.length > 0) {
    const all = everyRow();
    for (const i of pending) bruteForceRow(p, i, out, all, sq);
  }
  return out;
}
