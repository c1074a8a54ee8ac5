// Input reading and checks shared by every metric: each public function validates all of its
// inputs with these before computing anything.
import {
  formatValue,
  invalidArgument,
  invalidOption,
  InvalidArgumentError,
  is,
  isTensor,
  ShapeError,
  toMatrix,
  toSampleWeight,
  toVector,
} from '../../core/index.js';
import type { Constraint, MatrixLike, VectorLike } from '../../core/index.js';

/** Constraint for vector-valued options (`sampleWeight`): the shape is checked here, the values later. */
export const vectorOption: Constraint = is.vector();

/** Constraint for the `labels` option. */
export const labelsOption: Constraint = is.arrayOf(is.number(), { minLength: 1 });

/** Constraint for `zeroDivision`. */
export const zeroDivisionOption: Constraint = is.oneOf([0, 1] as const);

/** Read a non-empty vector of finite numbers. */
export function readVector(fn: string, name: string, y: VectorLike): Float64Array {
  const v = toVector(y, { fn, name });
  if (v.length === 0) throw invalidArgument(fn, name, 'a non-empty vector', y);
  return v.data;
}

/** Read a matrix with at least one row and one column. */
export function readMatrix(fn: string, name: string, x: MatrixLike): { rows: number; cols: number; data: Float64Array } {
  const m = toMatrix(x, { fn, name });
  if (m.rows === 0 || m.cols === 0) throw invalidArgument(fn, name, 'a matrix with at least one row and one column', x);
  return m;
}

/** Whether a vector-or-matrix argument was given as a matrix. */
export function isMatrixInput(x: unknown): boolean {
  if (isTensor(x)) return x.rank === 2;
  if (Array.isArray(x)) return x.length > 0 && typeof x[0] === 'object' && x[0] !== null;
  return typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && 'shape' in x && 'data' in x;
}

/** A vector-or-matrix argument as read by {@link readVectorOrMatrix}. */
export type Scores =
  | { readonly matrix: false; readonly rows: number; readonly cols: 1; readonly data: Float64Array }
  | { readonly matrix: true; readonly rows: number; readonly cols: number; readonly data: Float64Array };

/** Read an argument that may be a vector (one score per row) or a matrix (one column per class). */
export function readVectorOrMatrix(fn: string, name: string, x: VectorLike | MatrixLike): Scores {
  if (isMatrixInput(x)) {
    const m = readMatrix(fn, name, x as MatrixLike);
    return { matrix: true, rows: m.rows, cols: m.cols, data: m.data };
  }
  const data = readVector(fn, name, x as VectorLike);
  return { matrix: false, rows: data.length, cols: 1, data };
}

/**
 * Read `sampleWeight`: finite, non-negative, one per row. Returns `undefined` when absent.
 * Negative weights are rejected (scikit-learn's metrics accept them silently, which only ever
 * hides a bug).
 */
export function readWeights(fn: string, w: VectorLike | undefined, rows: number, rowsName = 'yTrue'): Float64Array | undefined {
  return toSampleWeight(w, { fn, rows, rowsName });
}

/** Reject weights that sum to zero where the metric divides by the total weight. */
export function checkPositiveTotal(fn: string, w: Float64Array | undefined): void {
  if (w === undefined) return;
  for (let i = 0; i < w.length; i++) if (w[i]! > 0) return;
  throw new InvalidArgumentError(`${fn}: option "sampleWeight" must contain at least one positive weight (the score divides by the total weight); got only zeros.`);
}

/** Read the `labels` option: distinct numbers, kept in the order given. */
export function readLabelsOption(fn: string, labels: readonly number[] | undefined): Float64Array | undefined {
  if (labels === undefined) return undefined;
  const seen = new Set<number>();
  for (const l of labels) {
    if (seen.has(l)) throw invalidOption(fn, 'labels', 'an array of distinct numbers', labels, `${formatValue(l)} appears twice`);
    seen.add(l);
  }
  return Float64Array.from(labels, (l) => l + 0);
}

/** Reject a `labels` option that is not sorted ascending (where column order is implied). */
export function checkSortedLabels(fn: string, labels: Float64Array, given: readonly number[]): void {
  for (let i = 1; i < labels.length; i++) {
    if (!(labels[i - 1]! < labels[i]!)) throw invalidOption(fn, 'labels', 'sorted ascending (they name the columns of the score matrix in order)', given);
  }
}

/** The distinct values of the given arrays, ascending (numpy's `unique_labels` / `np.unique`). */
export function uniqueSorted(...arrays: Float64Array[]): Float64Array {
  // A Set first: labels are few, rows are many, and Set folds -0 into +0 as numpy does.
  const set = new Set<number>();
  for (const a of arrays) for (let i = 0; i < a.length; i++) set.add(a[i]!);
  return Float64Array.from(set).sort();
}

/** A map from label to its position in `labels`. */
export function labelIndex(labels: ArrayLike<number>): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) m.set(labels[i]!, i);
  return m;
}

/** A short list of labels for messages. */
export function listLabels(labels: ArrayLike<number>): string {
  return formatValue(Array.from(labels));
}

/** Reject a `yTrue` containing a label that is not among `labels`. */
export function checkInLabels(fn: string, name: string, y: Float64Array, index: Map<number, number>, labels: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) {
    if (!index.has(y[i]!)) {
      throw new InvalidArgumentError(`${fn}: argument "${name}" contains the label ${formatValue(y[i])} (at index ${i}), which is not in option "labels" ${listLabels(labels)}.`);
    }
  }
}

/** Reject values outside [0, 1] in an argument that must hold probabilities. */
export function checkProbabilities(fn: string, name: string, s: Scores): void {
  const d = s.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v < 0 || v > 1) {
      const where = s.matrix ? `row ${Math.floor(i / s.cols)}, column ${i % s.cols}` : `index ${i}`;
      throw invalidArgument(fn, name, 'made of probabilities in [0, 1]', v, `at ${where}`);
    }
  }
}

/** Reject a score matrix whose column count is not the number of classes. */
export function checkColumns(fn: string, name: string, s: Scores, classes: number, what: string): void {
  if (s.cols !== classes) {
    throw new ShapeError(`${fn}: argument "${name}" must have one column per class (${classes}, ${what}); got ${s.cols} columns.`);
  }
}

/** A yTrue with a single distinct label where two are needed. */
export function oneClassError(fn: string, label: number, what: string): InvalidArgumentError {
  return new InvalidArgumentError(`${fn}: only one class present in y_true (label ${formatValue(label)}); ${what} is not defined in that case.`);
}
