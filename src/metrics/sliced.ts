import { checkArgument, checkOptions, checkSameLength, formatValue, invalidArgument, is, isTensor, toVector } from '../core/index.js';
import type { MatrixLike, VectorLike } from '../core/index.js';
import { readVector, readVectorOrMatrix, readWeights, vectorOption } from './_internal/inputs.js';

/** One segment id per row: numbers or strings (an array), or a numeric typed array / rank-1 tensor. */
export type SegmentIds = ArrayLike<number | string> | VectorLike;

/**
 * What to slice by: one vector of segment ids, or several named ones (`{ sex: [...], ageBand:
 * [...] }`), each giving its own set of slices.
 */
export type Segments = SegmentIds | Readonly<Record<string, SegmentIds>>;

/**
 * A metric {@link slicedMetrics} can evaluate: plain arrays in, a number out. `P` is what each
 * slice of `yPred` is passed as: `number[]` for a vector, `number[][]` for a matrix. Any
 * whetstone metric fits directly (`accuracyScore`, `rocAucScore`, …).
 *
 * @typeParam P - the type of a slice of `yPred`.
 */
export type SliceMetric<P extends number[] | number[][] = number[]> = (yTrue: number[], yPred: P) => number;

/**
 * A metric that takes sample weights as its third argument, for {@link slicedMetrics} with
 * `sampleWeight`: wrap whetstone metrics, `(t, p, w) => f1Score(t, p, { sampleWeight: w })`.
 *
 * @typeParam P - the type of a slice of `yPred`.
 */
export type WeightedSliceMetric<P extends number[] | number[][] = number[]> = (yTrue: number[], yPred: P, sampleWeight: number[]) => number;

/** Options of {@link slicedMetrics}. */
export interface SlicedMetricsOptions {
  /**
   * Slices with fewer rows than this are not scored (their score is NaN, with an `error` saying
   * why): small slices give noisy scores. Default 1.
   */
  minSize?: number;
}

/** Options of {@link slicedMetrics} with weights, for a {@link WeightedSliceMetric}. */
export interface WeightedSlicedMetricsOptions extends SlicedMetricsOptions {
  /** One non-negative weight per row; each slice's weights are the metric's third argument. */
  sampleWeight: VectorLike;
}

/** The score of the metric on one slice (or on all rows). */
export interface SliceScore {
  /** The name of the segmentation when `segments` is a record of several; absent for a single vector. */
  by?: string;
  /** The segment id shared by the rows of this slice. */
  segment: number | string;
  /** Number of rows in the slice. */
  n: number;
  /** The metric on the slice; NaN when it could not be computed (see `error`). */
  score: number;
  /** Why `score` is NaN: the metric's error message (e.g. only one class present), or the slice being smaller than `minSize`. */
  error?: string;
}

/** The overall score of {@link slicedMetrics}. */
export interface OverallScore {
  /** Number of rows. */
  n: number;
  /** The metric on all rows; NaN when it could not be computed (see `error`). */
  score: number;
  /** Why `score` is NaN, when it is. */
  error?: string;
}

/** The result of {@link slicedMetrics}. */
export interface SlicedMetrics {
  /** The metric on all rows. */
  overall: OverallScore;
  /** One entry per segment (per segmentation, in the record's key order), sorted by segment id: numbers ascending, then strings. */
  slices: SliceScore[];
}

function isSegmentVector(v: unknown): boolean {
  return isTensor(v) || Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function readSegmentIds(fn: string, name: string, v: unknown): (number | string)[] {
  if (isTensor(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) return Array.from(toVector(v as VectorLike, { fn, name }).data);
  if (!Array.isArray(v)) throw invalidArgument(fn, name, 'a vector of segment ids (numbers or strings)', v);
  return v.map((id: unknown, i) => {
    if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return id === 0 ? 0 : id;
    throw invalidArgument(fn, name, 'a vector of segment ids (finite numbers or strings)', id, `at index ${i}`);
  });
}

function compareIds(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Evaluate a metric on each slice of the data, for error analysis: which segments (a feature's
 * values, a data source, a time window) does the model do worst on? A slice where the metric is
 * undefined (ROC AUC on a slice holding one class, say) gets `score: NaN` and an `error` string
 * instead of failing the whole call.
 *
 * @param metric - any `(yTrue, yPred) => number`, see {@link SliceMetric}.
 * @param yTrue - true labels or targets.
 * @param yPred - predictions as a vector (labels, scores, values); each slice gets its rows as `number[]`.
 * @param segments - the segment id of each row, or a record of several such vectors.
 * @param options - see {@link SlicedMetricsOptions}.
 * @returns the overall score and one {@link SliceScore} per segment. Sort `slices` by `score`
 *   to see the worst first.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when `metric` is not a function or
 *   returns something other than a number, for NaN/Infinity in the data, bad segment ids or bad
 *   options; {@link "whetstone/core"!ShapeError} when lengths differ. Errors thrown by the metric
 *   are caught and reported per slice.
 * @example
 * ```ts
 * const { overall, slices } = slicedMetrics(accuracyScore, yTrue, yPred, { site: siteIds, sex });
 * slices.sort((a, b) => a.score - b.score); // worst slices first
 * ```
 * @see Chung et al., "Slice Finder: Automated Data Slicing for Model Validation", ICDE 2019;
 *   TensorFlow Model Analysis's sliced metrics.
 */
export function slicedMetrics(metric: SliceMetric<number[]>, yTrue: VectorLike, yPred: VectorLike, segments: Segments, options?: SlicedMetricsOptions): SlicedMetrics;
/**
 * {@link slicedMetrics} for a matrix `yPred` (class probabilities, say): each slice gets its
 * rows as `number[][]`.
 *
 * @param metric - any `(yTrue, yPred) => number` taking `yPred` as `number[][]`.
 * @param yTrue - true labels or targets.
 * @param yPred - a matrix of predictions, one row per row of `yTrue`.
 * @param segments - the segment id of each row, or a record of several such vectors.
 * @param options - see {@link SlicedMetricsOptions}.
 * @returns as the vector form.
 * @throws as the vector form.
 * @example
 * ```ts
 * slicedMetrics((t, p) => rocAucScore(t, p), yTrue, probabilities, site);
 * ```
 */
export function slicedMetrics(metric: SliceMetric<number[][]>, yTrue: VectorLike, yPred: MatrixLike, segments: Segments, options?: SlicedMetricsOptions): SlicedMetrics;
/**
 * {@link slicedMetrics} with sample weights: each slice's weights are passed as the metric's
 * third argument.
 *
 * @param metric - a {@link WeightedSliceMetric}.
 * @param yTrue - true labels or targets.
 * @param yPred - predictions as a vector.
 * @param segments - the segment id of each row, or a record of several such vectors.
 * @param options - `sampleWeight` (required here) and `minSize`.
 * @returns as the unweighted form.
 * @throws as the unweighted form, and for negative or non-finite weights.
 * @example
 * ```ts
 * slicedMetrics((t, p, w) => f1Score(t, p, { sampleWeight: w }), yTrue, yPred, site, { sampleWeight });
 * ```
 */
export function slicedMetrics(
  metric: WeightedSliceMetric<number[]>,
  yTrue: VectorLike,
  yPred: VectorLike,
  segments: Segments,
  options: WeightedSlicedMetricsOptions,
): SlicedMetrics;
/**
 * {@link slicedMetrics} with sample weights and a matrix `yPred`.
 *
 * @param metric - a {@link WeightedSliceMetric} taking `yPred` as `number[][]`.
 * @param yTrue - true labels or targets.
 * @param yPred - a matrix of predictions, one row per row of `yTrue`.
 * @param segments - the segment id of each row, or a record of several such vectors.
 * @param options - `sampleWeight` (required here) and `minSize`.
 * @returns as the unweighted form.
 * @throws as the weighted vector form.
 * @example
 * ```ts
 * slicedMetrics((t, p, w) => logLoss(t, p, { sampleWeight: w }), yTrue, probabilities, site, { sampleWeight });
 * ```
 */
export function slicedMetrics(
  metric: WeightedSliceMetric<number[][]>,
  yTrue: VectorLike,
  yPred: MatrixLike,
  segments: Segments,
  options: WeightedSlicedMetricsOptions,
): SlicedMetrics;
export function slicedMetrics(
  metric: WeightedSliceMetric<number[]> | WeightedSliceMetric<number[][]>,
  yTrue: VectorLike,
  yPred: VectorLike | MatrixLike,
  segments: Segments,
  options?: SlicedMetricsOptions & { sampleWeight?: VectorLike },
): SlicedMetrics {
  const fn = 'slicedMetrics';
  checkArgument(fn, 'metric', metric, is.func());
  checkOptions(fn, options, { minSize: is.integer({ min: 1 }), sampleWeight: vectorOption });
  const minSize = options?.minSize ?? 1;
  const t = readVector(fn, 'yTrue', yTrue);
  const p = readVectorOrMatrix(fn, 'yPred', yPred);
  checkSameLength(fn, [['yTrue', t.length], ['yPred', p.rows]]);
  const w = readWeights(fn, options?.sampleWeight, t.length);

  let groups: [string | undefined, (number | string)[]][];
  if (isSegmentVector(segments)) {
    groups = [[undefined, readSegmentIds(fn, 'segments', segments)]];
  } else if (typeof segments === 'object' && segments !== null && Object.getPrototypeOf(segments) === Object.prototype) {
    const entries = Object.entries(segments as Record<string, SegmentIds>);
    if (entries.length === 0) throw invalidArgument(fn, 'segments', 'a vector of segment ids or a non-empty record of them', segments);
    groups = entries.map(([key, ids]) => [key, readSegmentIds(fn, `segments.${key}`, ids)]);
  } else {
    throw invalidArgument(fn, 'segments', 'a vector of segment ids or a record of them', segments);
  }
  for (const [key, ids] of groups) checkSameLength(fn, [['yTrue', t.length], [key === undefined ? 'segments' : `segments.${key}`, ids.length]]);

  const evaluate = (rows: number[] | undefined): { score: number; error?: string } => {
    const n = rows === undefined ? t.length : rows.length;
    const at = (i: number): number => (rows === undefined ? i : rows[i]!);
    const yt = Array.from({ length: n }, (_, i) => t[at(i)]!);
    const yp: number[] | number[][] = p.matrix
      ? Array.from({ length: n }, (_, i) => Array.from(p.data.subarray(at(i) * p.cols, (at(i) + 1) * p.cols)))
      : Array.from({ length: n }, (_, i) => p.data[at(i)]!);
    let result: unknown;
    try {
      const call = metric as (t: number[], p: number[] | number[][], w?: number[]) => unknown;
      result = w === undefined ? call(yt, yp) : call(yt, yp, Array.from({ length: n }, (_, i) => w[at(i)]!));
    } catch (e) {
      return { score: Number.NaN, error: e instanceof Error ? e.message : String(e) };
    }
    if (typeof result !== 'number') throw invalidArgument(fn, 'metric', 'a function returning a number', result);
    return Number.isNaN(result) ? { score: result, error: 'the metric returned NaN' } : { score: result };
  };

  const overall: OverallScore = { n: t.length, ...evaluate(undefined) };
  const slices: SliceScore[] = [];
  for (const [key, ids] of groups) {
    const rowsOf = new Map<number | string, number[]>();
    ids.forEach((id, i) => {
      const list = rowsOf.get(id);
      if (list === undefined) rowsOf.set(id, [i]);
      else list.push(i);
    });
    for (const id of [...rowsOf.keys()].sort(compareIds)) {
      const rows = rowsOf.get(id)!;
      const scored =
        rows.length < minSize
          ? { score: Number.NaN, error: `the slice has ${rows.length} row${rows.length === 1 ? '' : 's'}, fewer than minSize ${formatValue(minSize)}` }
          : evaluate(rows);
      slices.push({ ...(key === undefined ? {} : { by: key }), segment: id, n: rows.length, ...scored });
    }
  }
  return { overall, slices };
}
