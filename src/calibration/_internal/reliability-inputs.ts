// Reading and checking the inputs of the reliability curve, the calibration errors and the
// reliability diagram. `prefix` lets the diagram name a model's fields in messages
// (`argument "models[1].yProb"`, `option "models[1].posLabel"`).
import {
  checkSameLength,
  formatValue,
  invalidArgument,
  invalidOption,
  InvalidArgumentError,
  isTensor,
  ShapeError,
  toMatrix,
  toSampleWeight,
  toVector,
} from '../../core/index.js';
import type { MatrixLike, VectorLike } from '../../core/index.js';

/** The options every reader looks at. */
export interface OutcomeOptions {
  readonly sampleWeight?: VectorLike | undefined;
  readonly posLabel?: number | undefined;
  readonly labels?: readonly number[] | undefined;
}

/** Binary input: probabilities of the positive class, 0/1 outcomes, optional weights. */
export interface BinaryOutcomes {
  readonly p: Float64Array;
  readonly outcome: Float64Array;
  readonly w: Float64Array | undefined;
}

/** Multiclass input: a row-major probability matrix, the column index of each label, optional weights. */
export interface MulticlassOutcomes {
  readonly probs: Float64Array;
  readonly rows: number;
  readonly k: number;
  readonly label: Int32Array;
  readonly w: Float64Array | undefined;
}

function readVector(fn: string, name: string, v: VectorLike): Float64Array {
  const data = toVector(v, { fn, name }).data;
  if (data.length === 0) throw invalidArgument(fn, name, 'a non-empty vector', v);
  return data;
}

/** Whether a vector-or-matrix argument was given as a matrix. */
export function isMatrixInput(x: unknown): boolean {
  if (isTensor(x)) return x.rank === 2;
  if (Array.isArray(x)) return x.length > 0 && typeof x[0] === 'object' && x[0] !== null;
  return typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && 'shape' in x && 'data' in x;
}

function checkProbabilities(fn: string, name: string, data: Float64Array, cols: number, matrix: boolean): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0 || v > 1) {
      const where = matrix ? `row ${Math.floor(i / cols)}, column ${i % cols}` : `index ${i}`;
      throw invalidArgument(fn, name, 'made of probabilities in [0, 1]', v, `at ${where}`);
    }
  }
}

function distinct(y: Float64Array): number[] {
  // `+ 0` folds -0 into 0, as numpy's unique does.
  return Array.from(new Set(Array.from(y, (v) => v + 0))).sort((a, b) => a - b);
}

/** The positive class as scikit-learn's `_check_pos_label_consistency`, plus a check that a given one occurs. */
function resolvePosLabel(fn: string, prefix: string, t: Float64Array, posLabel: number | undefined): number {
  const classes = distinct(t);
  if (classes.length > 2) {
    throw new InvalidArgumentError(`${fn}: argument "${prefix}yTrue" must hold at most two labels (binary classification; pass a probability matrix for multiclass); got ${classes.length}: ${formatValue(classes)}.`);
  }
  if (posLabel === undefined) {
    const ok = classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1);
    if (!ok) throw invalidOption(fn, `${prefix}posLabel`, 'given when yTrue does not take values in {0, 1} or {-1, 1}', undefined, `yTrue takes values in ${formatValue(classes)}`);
    return 1;
  }
  if (classes.length === 2 && !classes.includes(posLabel)) throw invalidOption(fn, `${prefix}posLabel`, `one of the labels in yTrue ${formatValue(classes)}`, posLabel);
  return posLabel;
}

function readWeights(fn: string, prefix: string, w: VectorLike | undefined, rows: number): Float64Array | undefined {
  return toSampleWeight(w, { fn, rows, rowsName: `${prefix}yTrue`, name: `${prefix}sampleWeight`, positiveSum: true });
}

/** Read binary inputs: labels (at most two), probabilities of the positive class, weights. */
export function readBinary(fn: string, yTrue: VectorLike, yProb: VectorLike, options: OutcomeOptions | undefined, prefix = ''): BinaryOutcomes {
  const t = readVector(fn, `${prefix}yTrue`, yTrue);
  if (isMatrixInput(yProb)) throw invalidArgument(fn, `${prefix}yProb`, 'a vector of probabilities of the positive class', yProb);
  const p = readVector(fn, `${prefix}yProb`, yProb);
  checkSameLength(fn, [[`${prefix}yTrue`, t.length], [`${prefix}yProb`, p.length]]);
  const w = readWeights(fn, prefix, options?.sampleWeight, t.length);
  checkProbabilities(fn, `${prefix}yProb`, p, 1, false);
  if (options?.labels !== undefined) throw invalidOption(fn, `${prefix}labels`, 'left out when yProb is a vector (binary input; use posLabel)', options.labels);
  const pos = resolvePosLabel(fn, prefix, t, options?.posLabel);
  const outcome = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) outcome[i] = t[i] === pos ? 1 : 0;
  return { p, w, outcome };
}

/**
 * Read multiclass inputs: a probability matrix whose rows sum to 1 and whose columns are the
 * classes in sorted order (from `labels`, else the labels in `yTrue`).
 */
export function readMulticlass(fn: string, yTrue: VectorLike, yProb: MatrixLike, options: OutcomeOptions | undefined, prefix = ''): MulticlassOutcomes {
  const probName = `${prefix}yProb`;
  if (options?.posLabel !== undefined) throw invalidOption(fn, `${prefix}posLabel`, 'left out when yProb is a matrix (multiclass input; use labels)', options.posLabel);
  const t = readVector(fn, `${prefix}yTrue`, yTrue);
  const m = toMatrix(yProb, { fn, name: probName });
  if (m.rows === 0) throw invalidArgument(fn, probName, 'a non-empty matrix', yProb);
  checkSameLength(fn, [[`${prefix}yTrue`, t.length], [probName, m.rows]]);
  const w = readWeights(fn, prefix, options?.sampleWeight, t.length);
  const k = m.cols;
  if (k < 2) throw new ShapeError(`${fn}: argument "${probName}" must have one column per class (at least two); got ${k} column${k === 1 ? '' : 's'}. Pass a vector for binary probabilities of the positive class.`);
  checkProbabilities(fn, probName, m.data, k, true);
  for (let r = 0; r < m.rows; r++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += m.data[r * k + c]!;
    // The tolerance admits float32 softmax output (rows off by a few 1e-7).
    if (!(Math.abs(1 - sum) <= 1e-5)) {
      throw new InvalidArgumentError(`${fn}: argument "${probName}" must hold rows of probabilities summing to 1 (within 1e-5); row ${r} sums to ${sum}.`);
    }
  }
  let classes: number[];
  const given = options?.labels;
  if (given !== undefined) {
    classes = Array.from(given, (l) => l + 0);
    for (let i = 1; i < classes.length; i++) {
      if (!(classes[i - 1]! < classes[i]!)) throw invalidOption(fn, `${prefix}labels`, 'distinct and sorted ascending (they name the columns of yProb in order)', given);
    }
    const known = new Set(classes);
    for (let i = 0; i < t.length; i++) {
      if (!known.has(t[i]!)) throw invalidArgument(fn, `${prefix}yTrue`, `made of labels from option "${prefix}labels" ${formatValue(given)}`, t[i], `at index ${i}`);
    }
  } else {
    classes = distinct(t);
  }
  if (classes.length !== k) {
    const source = given !== undefined ? `from option "${prefix}labels"` : `the labels in yTrue ${formatValue(classes)}; pass option "${prefix}labels" to name the columns`;
    throw new ShapeError(`${fn}: argument "${probName}" must have one column per class (${classes.length}, ${source}); got ${k} columns.`);
  }
  const column = new Map(classes.map((c, i) => [c, i]));
  return { probs: m.data, rows: m.rows, k, label: Int32Array.from(t, (v) => column.get(v + 0)!), w };
}

/** Top-label confidence (the row's largest probability) and whether that column is the label. */
export function topLabel(m: MulticlassOutcomes): { confidence: Float64Array; correct: Float64Array } {
  const { probs, rows, k, label } = m;
  const confidence = new Float64Array(rows);
  const correct = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    // np.argmax: the first column holding the maximum.
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c]! > probs[i * k + best]!) best = c;
    confidence[i] = probs[i * k + best]!;
    correct[i] = best === label[i] ? 1 : 0;
  }
  return { confidence, correct };
}
