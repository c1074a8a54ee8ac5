// The machinery behind layersClassifier / layersRegressor: checking what buildModel returned,
// compiling it with a row-weighted loss, feeding it seeded, reshuffled batches through
// `fitDataset`, and predicting in batches.
//
// Why fitDataset and a weight column. tfjs `fit` has no sample weights and shuffles with
// Math.random. Its train function does accept per-row weights, but `fit` only derives them from
// class weights. So each target row carries its weight as one extra column, and the model is
// compiled with a loss that splits it off and returns w · loss / mean(w) per row (tfjs then
// averages over the batch: Σ w·loss / Σ w, the weighted mean, so a row of weight 2 counts exactly
// as two copies of it when they share a batch). Targets one column wider than the output fail
// the shape check of `fit`/`evaluate`, but not `fitDataset`/`evaluateDataset`, which also let the
// batches come from our own seeded permutation, redrawn every epoch, while tfjs callbacks
// (early stopping, custom callbacks, History) run as usual.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, ShapeError } from '../../core/errors.js';
import type { Rng } from '../../core/types.js';
import { formatValue, is, type Constraint } from '../../core/validate.js';

/** A per-row loss or metric, as tfjs-layers calls them. */
export type LossOrMetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** Optimizer names the adapters accept (tfjs-layers' own names, with its default settings). */
export const OPTIMIZER_NAMES = ['sgd', 'adam', 'adagrad', 'adadelta', 'adamax', 'rmsprop'] as const;

/** The constraint on the `optimizer` option. */
export const optimizerConstraint: Constraint = is.anyOf(is.oneOf(OPTIMIZER_NAMES), is.func());

/** The constraint on the `callbacks` option. */
export const callbacksConstraint: Constraint = is.custom(
  'a tfjs callback or callback object, or an array of them',
  (v) => {
    const one = (c: unknown): boolean => typeof c === 'object' && c !== null && !Array.isArray(c);
    return Array.isArray(v) ? v.every(one) : one(v);
  },
);

/** The constraint on `yieldEvery` (tfjs's `YieldEveryOptions`). */
export const yieldEveryConstraint: Constraint = is.anyOf(is.oneOf(['auto', 'batch', 'epoch', 'never']), is.integer({ min: 1 }));

/** The constraint on `validationData` before its contents are read. */
export const validationDataConstraint: Constraint = is.custom(
  'an array [x, y] or [x, y, sampleWeight]',
  (v) => Array.isArray(v) && (v.length === 2 || v.length === 3) && v.every((e) => typeof e === 'object' && e !== null),
);

/** Rows ready for tfjs: float32 features and targets with the weight as their last column. */
export interface TrainingRows {
  readonly x: Float32Array;
  /** rows × (units + 1): target columns, then the row's weight. */
  readonly y: Float32Array;
  readonly rows: number;
}

/** Everything one `fitDataset` call needs besides the model. */
export interface FitPlan {
  readonly train: TrainingRows;
  readonly validation: TrainingRows | undefined;
  readonly nFeatures: number;
  /** Target columns (without the weight column). */
  readonly units: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly verbose: 0 | 1 | 2;
  readonly initialEpoch: number | undefined;
  readonly validationBatchSize: number | undefined;
  readonly callbacks: unknown;
  readonly yieldEvery: unknown;
  readonly rng: Rng;
}

/** Batches of `rows` in order `order`, as tensors tfjs disposes after using them. */
function batchOf(rows: TrainingRows, order: ArrayLike<number>, start: number, end: number, p: number, cols: number): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  const b = end - start;
  const xb = new Float32Array(b * p);
  const yb = new Float32Array(b * cols);
  for (let i = 0; i < b; i++) {
    const r = order[start + i]!;
    xb.set(rows.x.subarray(r * p, (r + 1) * p), i * p);
    yb.set(rows.y.subarray(r * cols, (r + 1) * cols), i * cols);
  }
  return { xs: tf.tensor2d(xb, [b, p]), ys: tf.tensor2d(yb, [b, cols]) };
}

/**
 * A minimal tf.data-style dataset (what `fitDataset` duck-types: `iterator()` returning `next()`),
 * yielding batches in a fresh seeded permutation per iterator, i.e. per epoch. The permutation is
 * drawn on the first `next()`, so iterators tfjs creates and never reads draw nothing.
 */
function batchDataset(rows: TrainingRows, p: number, cols: number, batchSize: number, shuffleRng: Rng | undefined): { size: number; iterator(): Promise<{ next(): Promise<IteratorResult<{ xs: tf.Tensor2D; ys: tf.Tensor2D } | null>> }> } {
  const size = Math.ceil(rows.rows / batchSize);
  const identity = Int32Array.from({ length: rows.rows }, (_, i) => i);
  return {
    size,
    async iterator() {
      let order: ArrayLike<number> | undefined;
      let start = 0;
      return {
        async next() {
          order ??= shuffleRng === undefined ? identity : shuffleRng.permutation(rows.rows);
          if (start >= rows.rows) return { value: null, done: true };
          const end = Math.min(start + batchSize, rows.rows);
          const value = batchOf(rows, order, start, end, p, cols);
          start = end;
          return { value, done: false };
        },
      };
    },
  };
}

/** Wrap plain callback objects one by one, so that they may be mixed with tfjs Callback instances. */
function standardCallbacks(callbacks: unknown, yieldEvery: unknown): unknown[] | undefined {
  if (callbacks === undefined) return undefined;
  const list = Array.isArray(callbacks) ? callbacks : [callbacks];
  return list.map((c) =>
    typeof (c as { setParams?: unknown }).setParams === 'function' ? c : new tfl.CustomCallback(c as tfl.CustomCallbackArgs, yieldEvery as 'auto'),
  );
}

/** Train `model` (already compiled with the weighted loss) by plan; returns its History. */
export async function fitModel(model: tfl.LayersModel, plan: FitPlan): Promise<tfl.History> {
  const cols = plan.units + 1;
  const train = batchDataset(plan.train, plan.nFeatures, cols, plan.batchSize, plan.shuffle ? plan.rng.child('shuffle') : undefined);
  const validation =
    plan.validation === undefined
      ? undefined
      : batchDataset(plan.validation, plan.nFeatures, cols, plan.validationBatchSize ?? plan.validation.rows, undefined);
  const args: Record<string, unknown> = { epochs: plan.epochs, verbose: plan.verbose };
  if (validation !== undefined) args['validationData'] = validation;
  if (plan.initialEpoch !== undefined) args['initialEpoch'] = plan.initialEpoch;
  const callbacks = standardCallbacks(plan.callbacks, plan.yieldEvery);
  if (callbacks !== undefined) args['callbacks'] = callbacks;
  if (plan.yieldEvery !== undefined) args['yieldEvery'] = plan.yieldEvery;
  return await model.fitDataset(train as never, args as never);
}

/** Losses tfjs-layers knows by name, as per-row functions fed one-hot (or 0/1) targets. */
const NAMED_LOSSES: Readonly<Record<string, LossOrMetricFn>> = {
  binaryCrossentropy: tfl.metrics.binaryCrossentropy,
  categoricalCrossentropy: tfl.metrics.categoricalCrossentropy,
  // The adapters always feed one-hot targets, so the sparse form becomes the dense one.
  sparseCategoricalCrossentropy: tfl.metrics.categoricalCrossentropy,
  meanSquaredError: tfl.metrics.meanSquaredError,
  meanAbsoluteError: tfl.metrics.meanAbsoluteError,
  meanAbsolutePercentageError: tfl.metrics.meanAbsolutePercentageError,
  cosineProximity: tfl.metrics.cosineProximity,
};

/** Metrics tfjs-layers knows by name (its `metricsMap`), fed one-hot targets. */
const NAMED_METRICS: Readonly<Record<string, LossOrMetricFn>> = {
  binaryAccuracy: tfl.metrics.binaryAccuracy,
  categoricalAccuracy: tfl.metrics.categoricalAccuracy,
  precision: tfl.metrics.precision,
  recall: tfl.metrics.recall,
  categoricalCrossentropy: tfl.metrics.categoricalCrossentropy,
  sparseCategoricalCrossentropy: tfl.metrics.categoricalCrossentropy,
  binaryCrossentropy: tfl.metrics.binaryCrossentropy,
  mse: tfl.metrics.meanSquaredError,
  MSE: tfl.metrics.meanSquaredError,
  mae: tfl.metrics.meanAbsoluteError,
  MAE: tfl.metrics.meanAbsoluteError,
  mape: tfl.metrics.MAPE,
  MAPE: tfl.metrics.MAPE,
  cosine: tfl.metrics.cosineProximity,
};

/** Sparse tfjs functions replaced by their dense forms, since targets are one-hot. */
function densify(f: LossOrMetricFn): LossOrMetricFn {
  if (f === tfl.metrics.sparseCategoricalAccuracy) return tfl.metrics.categoricalAccuracy;
  return f;
}

function targetColumns(yTrue: tf.Tensor, units: number): tf.Tensor {
  return tf.slice(yTrue, [0, 0], [-1, units]);
}

/** The weighted loss described at the top of this file. */
function weightedLoss(fn: string, base: LossOrMetricFn, units: number): LossOrMetricFn {
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const target = targetColumns(yTrue, units);
      const weight = tf.reshape(tf.slice(yTrue, [0, units], [-1, 1]), [-1]);
      let perRow = base(target, yPred);
      if (perRow.rank === 2 && perRow.shape[1] === 1) perRow = tf.reshape(perRow, [-1]);
      if (perRow.rank !== 1) {
        throw new InvalidArgumentError(
          `${fn}: the model's loss must return one value per row (shape [batch]) so that rows can be weighted; got shape [${perRow.shape.join(', ')}].`,
        );
      }
      const scale = tf.divNoNan(tf.scalar(yTrue.shape[0]!), tf.sum(weight));
      return tf.mul(tf.mul(perRow, weight), scale);
    });
}

function namedMetric(fn: string, f: LossOrMetricFn, name: string, units: number): LossOrMetricFn {
  const wrapped: LossOrMetricFn = (yTrue, yPred) => tf.tidy(() => f(targetColumns(yTrue, units), yPred));
  // tfjs-layers logs a metric under its function's name.
  Object.defineProperty(wrapped, 'name', { value: name });
  return wrapped;
}

/** The model's compiled metrics, each made to ignore the weight column. */
function wrapMetrics(fn: string, model: tfl.LayersModel, units: number): LossOrMetricFn[] {
  const raw = (model as unknown as { metrics?: unknown }).metrics;
  if (raw === undefined || raw === null) return [];
  let list: unknown[];
  if (Array.isArray(raw)) list = raw;
  else if (typeof raw === 'string' || typeof raw === 'function') list = [raw];
  else {
    const perOutput = Object.values(raw as Record<string, unknown>);
    list = perOutput.flatMap((m) => (Array.isArray(m) ? m : [m]));
  }
  return list.map((m) => {
    if (typeof m === 'function') return namedMetric(fn, densify(m as LossOrMetricFn), (m as { name?: string }).name || 'metric', units);
    if (m === 'acc' || m === 'accuracy') return namedMetric(fn, units === 1 ? tfl.metrics.binaryAccuracy : tfl.metrics.categoricalAccuracy, 'acc', units);
    if (m === 'ce' || m === 'crossentropy') return namedMetric(fn, units === 1 ? tfl.metrics.binaryCrossentropy : tfl.metrics.categoricalCrossentropy, 'ce', units);
    const f = typeof m === 'string' ? NAMED_METRICS[m] : undefined;
    if (f === undefined) {
      throw new InvalidArgumentError(`${fn}: the model was compiled with metric ${formatValue(m)}, which the adapter cannot pass targets to; use one of 'acc', 'ce', ${Object.keys(NAMED_METRICS).map((k) => `'${k}'`).join(', ')} or a function.`);
    }
    return namedMetric(fn, f, m as string, units);
  });
}

/** The per-row loss to weight, from a model buildModel compiled itself. */
function compiledLoss(fn: string, model: tfl.LayersModel, fallback: LossOrMetricFn): LossOrMetricFn {
  let loss: unknown = model.loss;
  if (Array.isArray(loss) && loss.length === 1) loss = loss[0];
  else if (typeof loss === 'object' && loss !== null && !Array.isArray(loss) && Object.keys(loss).length === 1) loss = Object.values(loss)[0];
  if (typeof loss === 'function') return densify(loss as LossOrMetricFn);
  if (typeof loss === 'string' && NAMED_LOSSES[loss] !== undefined) return NAMED_LOSSES[loss]!;
  // tfjs stores `[]` when compile was given no loss.
  if (loss === undefined || loss === null || (Array.isArray(loss) && loss.length === 0)) return fallback;
  throw new InvalidArgumentError(
    `${fn}: the model was compiled with loss ${formatValue(loss)}, which the adapter cannot weight; compile with one of ${Object.keys(NAMED_LOSSES).map((k) => `'${k}'`).join(', ')}, or a function (yTrue, yPred) => one loss per row.`,
  );
}

/** What {@link compileWeighted} compiled the model with. */
export interface CompiledLoss {
  /** The optimizer, now the adapter's to dispose. */
  readonly optimizer: tf.Optimizer;
  readonly loss: LossOrMetricFn;
  readonly metrics: readonly LossOrMetricFn[];
}

/** Whether the model was compiled by buildModel. */
export function isCompiled(model: tfl.LayersModel): boolean {
  return model.optimizer !== undefined && model.optimizer !== null;
}

/**
 * Compile `model` with the weighted loss. The optimizer, which the adapter now owns, is
 * buildModel's own if it compiled the model, else one made from the `optimizer` option.
 */
export function compileWeighted(
  fn: string,
  model: tfl.LayersModel,
  units: number,
  fallbackLoss: LossOrMetricFn,
  optimizerOption: (typeof OPTIMIZER_NAMES)[number] | (() => tf.Optimizer) | undefined,
): CompiledLoss {
  const compiled = isCompiled(model);
  if (compiled && optimizerOption !== undefined) {
    throw new InvalidArgumentError(`${fn}: option "optimizer" must be left out when buildModel compiles the model itself (it already chose ${formatValue(model.optimizer)}).`);
  }
  const loss = weightedLoss(fn, compiled ? compiledLoss(fn, model, fallbackLoss) : fallbackLoss, units);
  const metrics = compiled ? wrapMetrics(fn, model, units) : [];
  let optimizer: tf.Optimizer;
  if (compiled) {
    optimizer = model.optimizer;
  } else if (typeof optimizerOption === 'function') {
    optimizer = optimizerOption();
    if (!(optimizer instanceof tf.Optimizer)) {
      throw new InvalidArgumentError(`${fn}: option "optimizer" must return a tf.Optimizer; got ${formatValue(optimizer)}.`);
    }
  } else {
    // Let tfjs-layers build the named optimizer with its usual defaults, then take it over.
    model.compile({ optimizer: optimizerOption ?? 'adam', loss });
    optimizer = model.optimizer;
  }
  // Passing an instance makes tfjs treat the optimizer as not its own: the adapter disposes it.
  model.compile({ optimizer, loss, metrics });
  return { optimizer, loss, metrics };
}

/**
 * Run the compiled loss and metrics once on the first rows, outside any gradient tape: a loss that
 * cannot be weighted then fails here, cleanly, rather than inside tfjs's training step, which
 * does not free its intermediate tensors when a loss throws.
 */
export function probeLoss(model: tfl.LayersModel, compiled: CompiledLoss, rows: TrainingRows, p: number, units: number): void {
  const n = Math.min(rows.rows, 8);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  tf.tidy(() => {
    const { xs, ys } = batchOf(rows, order, 0, n, p, units + 1);
    const yPred = model.predict(xs) as tf.Tensor;
    compiled.loss(ys, yPred);
    for (const m of compiled.metrics) m(ys, yPred);
  });
}

/** Check the model's input and output shapes against the data. */
export function checkModelShapes(fn: string, model: unknown, nFeatures: number, allowedUnits: readonly number[], outputText: string): number {
  const m = model as Partial<tfl.LayersModel> | null;
  if (typeof m !== 'object' || m === null || typeof m.fitDataset !== 'function' || typeof m.predict !== 'function' || !Array.isArray(m.inputs) || !Array.isArray(m.outputs)) {
    throw new InvalidArgumentError(`${fn}: buildModel must return a tfjs-layers LayersModel; got ${formatValue(model)}.`);
  }
  const inputs = m.inputs;
  const outputs = m.outputs;
  const inShape = inputs.length === 1 ? inputs[0]!.shape : undefined;
  if (inShape === undefined || inShape.length !== 2 || (inShape[1] !== nFeatures && inShape[1] !== null)) {
    throw new ShapeError(`${fn}: the model from buildModel must take one input of shape [null, ${nFeatures}] (rows of ${nFeatures} features); got ${describeShapes(inputs)}.`);
  }
  const outShape = outputs.length === 1 ? outputs[0]!.shape : undefined;
  const units = outShape !== undefined && outShape.length === 2 ? outShape[1] : undefined;
  if (units === undefined || units === null || !allowedUnits.includes(units)) {
    throw new ShapeError(`${fn}: the model from buildModel must have one output ${outputText}; got ${describeShapes(outputs)}.`);
  }
  return units;
}

function describeShapes(ts: readonly { shape: readonly (number | null)[] }[]): string {
  const shapes = ts.map((t) => `[${t.shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`);
  return ts.length === 1 ? `shape ${shapes[0]}` : `${ts.length} tensors of shapes ${shapes.join(', ') || 'none'}`;
}

/** Rows at a time when predicting: large enough to amortize per-call cost, small enough for any device. */
const PREDICT_BATCH = 1024;

/** Run the model on float64 rows; returns rows × units float64 values. */
export async function predictRows(model: tfl.LayersModel, data: Float64Array, rows: number, p: number, units: number): Promise<Float64Array> {
  if (rows === 0) return new Float64Array(0);
  const x = tf.tensor2d(Float32Array.from(data), [rows, p]);
  let out: tf.Tensor | undefined;
  try {
    out = model.predict(x, { batchSize: PREDICT_BATCH }) as tf.Tensor;
    const values = await out.data();
    if (values.length !== rows * units) throw new ShapeError(`predict: the model returned ${values.length} values for ${rows} rows of ${units} outputs.`);
    return Float64Array.from(values);
  } finally {
    x.dispose();
    out?.dispose();
  }
}

/**
 * Turn model outputs into probability rows: one unit means P(second class), K units are renormalized
 * in float64. Outputs that are not probabilities (a linear last layer) are an error, not silently
 * wrong probabilities.
 */
export function toProbabilities(fn: string, out: Float64Array, rows: number, units: number): number[][] {
  const result: number[][] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    if (units === 1) {
      const p = out[i]!;
      if (!(p >= -1e-6 && p <= 1 + 1e-6)) throw notProbabilities(fn, `a value of ${formatValue(p)} at row ${i}`);
      const q = Math.min(1, Math.max(0, p));
      result[i] = [1 - q, q];
      continue;
    }
    const row = new Array<number>(units);
    let total = 0;
    for (let c = 0; c < units; c++) {
      const v = out[i * units + c]!;
      if (!(v >= -1e-6 && v <= 1 + 1e-6)) throw notProbabilities(fn, `a value of ${formatValue(v)} at row ${i}`);
      total += row[c] = Math.max(0, v);
    }
    if (!(Math.abs(total - 1) <= 1e-3)) throw notProbabilities(fn, `a row sum of ${formatValue(total)} at row ${i}`);
    for (let c = 0; c < units; c++) row[c]! /= total;
    result[i] = row;
  }
  return result;
}

function notProbabilities(fn: string, what: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `${fn}: the model from buildModel must output probabilities (end it with a softmax over one unit per class, or one sigmoid unit for two classes); got ${what}.`,
  );
}
