import * as tf from '@tensorflow/tfjs-core';

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
  for (let c = 0; c < d; c++) {
    const t = a[oa + c]! - b[ob + c]!;
    s += t * t;
  }
  return s;
}

/**
 * The k nearest of `cand` (reference indices) to query row `i`, by float64 distance then index,
 * kept in a sorted buffer of k (most candidates are rejected by one comparison with its last).
 * Writes them at row `i` of the answer and returns the k-th squared distance. `sq` is scratch
 * space for k squared distances. Needs at least k candidates other than `i` itself.
 */
function rerank(p: KnnProblem, i: number, cand: ArrayLike<number>, count: number, out: KnnAnswer, sq: Float64Array): number {
  const { k } = p;
  const ids = out.indices;
  const base = i * k;
  let filled = 0;
  for (let c = 0; c < count; c++) {
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
  rerank(p, i, all, p.n, out, sq);
}

/**
 * Exact k nearest neighbours (float64 distances, ties broken by the smaller index), with the
 * heavy part on the active tfjs backend.
 *
 * Pass 1, on the backend in float32, blockwise over query rows: after centring the data on the
 * reference mean and scaling by a power of two (both leave the ranking unchanged and keep values
 * near 1, so nothing overflows or cancels needlessly), the score `s_j = 2 a·b_j − ‖b_j‖²` is
 * computed by one fused matMul (the reference rows are uploaded once, already transposed and
 * doubled) and `topk` keeps the `c = k + margin` largest scores, i.e. the smallest approximate
 * squared distances `d̃_j = ‖a‖² − s_j`.
 *
 * Pass 2, on the CPU in float64: the candidates' exact distances are computed from the original
 * values and sorted (distance, then index); the first k are the answer if a certificate holds.
 *
 * Why the certificate suffices. Write `a` for the centred, scaled query row, `b_j` for a reference
 * row, `A = ‖a‖²`, `B_j = ‖b_j‖²`, `d_j = ‖a − b_j‖² = A − 2a·b_j + B_j`, and `u` for the backend's
 * unit round-off (2⁻²⁴ in float32; 2⁻¹¹ where `floatPrecision()` is 16). The backend sums `d`
 * products of float32-rounded inputs plus the float32-rounded bias `−B_j`; for `d + 1` terms in
 * any order (FMA or not) the rounding error is at most `γ = (d + 1)u / (1 − (d + 1)u)` times the
 * sum of their magnitudes (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1),
 * which is at most `(1 + u)²(A + B_j) + (1 + u)B_j ≤ 2(1 + u)²(A + B_j)`; rounding the inputs
 * moves `2a·b_j` by at most `(2u + u²)(A + B_j)` and the bias by `u·B_j`. Hence
 * `|d̃_j − d_j| ≤ (2(1 + u)²γ + 4u)(A + B_j)`; `eps` below doubles that coefficient, uses
 * `max_j B_j ≥ B_j`, and adds a float64 term that also covers the float64 arithmetic and float32
 * subnormals (whose absolute error, below 2⁻¹²⁴·√d·(1 + A + B_j), is negligible next to it, as
 * `max_j B_j ≥ 1/4` after scaling).
 *
 * Let `T` be the largest `d̃` among the candidates; every non-candidate has `d̃_j ≥ T` (topk kept
 * the largest scores), hence `d_j ≥ T − eps`. If the k-th exact distance among the candidates,
 * `D_k`, satisfies `D_k < T − eps`, no non-candidate is closer than, or tied with, the k-th
 * candidate, so the candidates' top k is the global top k. Rows where the certificate fails
 * (near-ties at the boundary, many duplicates) go round again with 4× as many candidates, and
 * once that reaches the number of rows, they are scanned in float64 on the CPU, which is exact by
 * construction.
 *
 * @param p - the problem (validated by the caller).
 * @returns the neighbours; every tensor created here is disposed before returning or throwing.
 */
export async function exactKnn(p: KnnProblem): Promise<KnnAnswer> {
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

  const avail = p.excludeSelf ? n - 1 : n;
  let count = Math.min(n, k + FIRST_MARGIN + (p.excludeSelf ? 1 : 0));
  // All reference rows coincide (or there are no columns): every distance from a query row is the
  // same, and the scan below is as cheap as anything else.
  if (maxNorm === 0 || d === 0 || count >= n || avail <= k) {
    const all = everyRow();
    for (let i = 0; i < m; i++) bruteForceRow(p, i, out, all, sq);
    return out;
  }

  // A power of two: scaling by it is exact, and it brings max‖b_j‖² into [1/4, 1).
  const scale = 2 ** -Math.ceil(Math.log2(Math.sqrt(maxNorm)));
  const maxNormScaled = maxNorm * scale * scale;
  const u = tf.backend().floatPrecision() === 16 ? 2 ** -11 : 2 ** -24;
  const du = (d + 1) * u;
  // The coefficient of (A + max B_j) in the proof above; Infinity (scan on the CPU) when the
  // backend's precision cannot bound anything.
  const slack = du < 0.5 ? 2 * (2 * (1 + u) ** 2 * (du / (1 - du)) + 4 * u) + 64 * (d + 2) * 2 ** -53 : Infinity;

  const xt = new Float32Array(d * n);
  const bias = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let c = 0; c < d; c++) {
      const t = (p.x[j * d + c]! - mean[c]!) * scale;
      xt[c * n + j] = 2 * t;
      s += t * t;
    }
    bias[j] = -s;
  }
  const qNorm = new Float64Array(m);
  const qScaled = new Float64Array(m * d);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) {
      const t = (p.q[i * d + c]! - mean[c]!) * scale;
      qScaled[i * d + c] = t;
      s += t * t;
    }
    qNorm[i] = s;
  }

  // Measured on wasm (5000 × 5000 × 20): large blocks beat cache-sized ones, so the budget decides.
  const rowsPerBlock = p.blockSize ?? Math.max(1, Math.floor(p.maxBlockBytes / (4 * n)));
  const xtTensor = tf.tensor2d(xt, [d, n], 'float32');
  const biasTensor = tf.tensor1d(bias, 'float32');
  try {
    let pending: number[] = Array.from({ length: m }, (_, i) => i);
    let firstPass = true;
    while (pending.length > 0 && count < n && Number.isFinite(slack)) {
      const failed: number[] = [];
      const candIds = new Int32Array(rowsPerBlock * count);
      const candScores = new Float32Array(rowsPerBlock * count);
      for (let start = 0; start < pending.length; start += rowsPerBlock) {
        const rows = pending.slice(start, start + rowsPerBlock);
        const block = new Float32Array(rows.length * d);
        rows.forEach((i, r) => block.set(qScaled.subarray(i * d, (i + 1) * d), r * d));
        const [values, indices] = tf.tidy(() => {
          const scores = tf.fused.matMul({ a: tf.tensor2d(block, [rows.length, d], 'float32'), b: xtTensor, bias: biasTensor });
          const top = tf.topk(scores, count, false);
          return [top.values, top.indices] as const;
        });
        try {
          const [v, ix] = await Promise.all([values.data(), indices.data()]);
          candScores.set(v as Float32Array);
          candIds.set(ix as Int32Array);
        } finally {
          values.dispose();
          indices.dispose();
        }
        rows.forEach((i, r) => {
          let minScore = Infinity;
          for (let c = 0; c < count; c++) minScore = Math.min(minScore, candScores[r * count + c]!);
          const threshold = qNorm[i]! - minScore;
          const eps = slack * (qNorm[i]! + maxNormScaled);
          const kth = rerank(p, i, candIds.subarray(r * count, (r + 1) * count), count, out, sq);
          if (!(kth * scale * scale < threshold - eps)) failed.push(i);
        });
      }
      pending = failed;
      if (firstPass) out.widened = failed.length;
      firstPass = false;
      count = Math.min(n, count * 4);
    }
    if (pending.length > 0) {
      const all = everyRow();
      for (const i of pending) bruteForceRow(p, i, out, all, sq);
    }
  } finally {
    xtTensor.dispose();
    biasTensor.dispose();
  }
  return out;
}
