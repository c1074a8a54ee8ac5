import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkSameLength, toMatrixAsync, toSampleWeightAsync, toVectorAsync } from '../core/convert.js';
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import type { MatrixLike, Rng, VectorLike } from '../core/types.js';
import { checkOptions, formatValue, invalidOption, is } from '../core/validate.js';
import { notFitted, readFitData, readPredictRows } from './_internal/data.js';
import { classWeightConstraint, classWeightVector, encodeLabels, type ClassWeightOption } from './_internal/labels.js';
import {
  callbacksConstraint,
  checkModelShapes,
  compileWeighted,
  fitModel,
  isCompiled,
  optimizerConstraint,
  predictRows,
  probeLoss,
  toProbabilities,
  validationDataConstraint,
  yieldEveryConstraint,
  type LossOrMetricFn,
  type OPTIMIZER_NAMES,
  type TrainingRows,
} from './_internal/layers-fit.js';
import type { Classifier, FitOptions, Regressor } from './protocol.js';

/**
 * A tfjs-layers callback: a `Callback` instance (such as `tfl.callbacks.earlyStopping(…)`), a
 * `CustomCallback`, or a plain object of hooks (`{ onEpochEnd: async (epoch, logs) => … }`).
 */
export type LayersCallback = tfl.Callback | tfl.CustomCallback | tfl.CustomCallbackArgs;

/**
 * Training options shared by {@link layersClassifier} and {@link layersRegressor}: tfjs-layers'
 * `ModelFitArgs` (minus `x`, `y`, `sampleWeight`, which `fit` takes) plus a seed and an optimizer
 * for uncompiled models. Every field is optional.
 */
export interface LayersFitOptions {
  /** Passes over the training rows, an integer >= 1 (default 1, as tfjs). */
  epochs?: number;
  /** Rows per gradient step, an integer >= 1 (default 32, as tfjs). */
  batchSize?: number;
  /**
   * Reshuffle the training rows before every epoch (default `true`), with the seeded stream of
   * `seed`, never `Math.random`; `false` keeps the given order.
   */
  shuffle?: boolean;
  /** tfjs logging: 0 silent (default here, where tfjs defaults to 1), 1 progress bar, 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  /**
   * tfjs callbacks: `tfl.callbacks.earlyStopping(…)`, `Callback` instances, or plain
   * `{ onEpochEnd, … }` objects, alone or in an array (instances and plain objects may be mixed).
   * They see the weighted loss as `loss` / `val_loss`.
   */
  callbacks?: LayersCallback | readonly LayersCallback[];
  /**
   * Hold out this fraction of the rows for validation, in [0, 1) (default 0): the last rows, before
   * any shuffling, as tfjs and Keras do. Not together with `validationData`.
   */
  validationSplit?: number;
  /**
   * Rows to validate on after each epoch: `[x, y]` or `[x, y, sampleWeight]`, labels as given to
   * `fit` (not one-hot). Class weights are not applied to them (as in Keras).
   */
  validationData?: readonly [MatrixLike, VectorLike] | readonly [MatrixLike, VectorLike, VectorLike];
  /** Validation rows per batch, an integer >= 1 (default: all in one batch, so `val_loss` is the exact weighted mean). */
  validationBatchSize?: number;
  /** Epoch to start counting from, an integer in [0, epochs) (default 0), as tfjs. */
  initialEpoch?: number;
  /** How often tfjs yields to the event loop: `'auto'` (tfjs default), `'batch'`, `'epoch'`, `'never'` or milliseconds. */
  yieldEvery?: 'auto' | 'batch' | 'epoch' | 'never' | number;
  /**
   * Optimizer for models buildModel returns uncompiled: a tfjs-layers name (`'adam'`, the default,
   * `'sgd'`, `'rmsprop'`, `'adagrad'`, `'adadelta'`, `'adamax'`, with tfjs's default settings) or a
   * function returning a fresh `tf.Optimizer` for each fit. Not allowed when buildModel compiles
   * the model itself (its optimizer is used).
   */
  optimizer?: (typeof OPTIMIZER_NAMES)[number] | (() => tf.Optimizer);
  /**
   * Seed (integer, string or `Rng`) for the row shuffling and for `buildModel`'s `rng` (default:
   * a fresh random seed per fit). Each fit restarts from the seed, so refitting the same data gives
   * the same model. tfjs layers with their own randomness (dropout) need their own `seed`.
   */
  seed?: number | string | Rng;
}

/** Options of {@link layersClassifier}: the training options plus class weights. */
export interface LayersClassifierOptions extends LayersFitOptions {
  /**
   * Weights per class multiplying each training row's weight: `'balanced'` (n / (K · n_k), as
   * scikit-learn) or an object mapping labels to weights (default: none).
   */
  classWeight?: ClassWeightOption;
}

/** Options of {@link layersRegressor}: the training options. */
export interface LayersRegressorOptions extends LayersFitOptions {}

/** What `buildModel` of {@link layersClassifier} is given to size the model. */
export interface ClassifierModelArgs {
  /** Features per row: the input must have shape `[null, nFeatures]`. */
  readonly nFeatures: number;
  /**
   * Distinct labels in y: the output must be `nClasses` softmax units, or one sigmoid unit when
   * `nClasses` is 2.
   */
  readonly nClasses: number;
  /** A seeded stream for initializers (`glorotUniform({ seed: rng.tfSeed() })`): same seed, same model. */
  readonly rng: Rng;
}

/** What `buildModel` of {@link layersRegressor} is given to size the model. */
export interface RegressorModelArgs {
  /** Features per row: the input must have shape `[null, nFeatures]`; the output `[null, 1]`. */
  readonly nFeatures: number;
  /** A seeded stream for initializers: same seed, same model. */
  readonly rng: Rng;
}

/** Members shared by the two adapters. */
export interface LayersEstimator {
  /**
   * The trained tfjs model, for predicting, saving or inspection. It is compiled with the
   * adapter's weighted loss and its optimizer state is freed after `fit`: compile it again before
   * calling `fit` or `evaluate` on it directly. Belongs to the adapter: do not dispose it.
   * @throws {@link "whetstone/core"!NotFittedError} before `fit`.
   */
  readonly model: tfl.LayersModel;
  /**
   * tfjs's History of the last fit (`history.history.loss`, `val_loss`, …).
   * @throws {@link "whetstone/core"!NotFittedError} before `fit`.
   */
  readonly history: tfl.History;
  /** Free the model's tensors; the adapter is then unfitted and may be fitted again. */
  dispose(): void;
}

/** A tfjs-layers classifier behind the {@link Classifier} protocol (see {@link layersClassifier}). */
export interface LayersClassifier extends Classifier, LayersEstimator {
  /**
   * Build a fresh model with buildModel (disposing the previous one) and train it on rows `x`,
   * labels `y` (any finite numbers, ≥ 2 distinct) and optional per-row weights.
   * @throws {@link "whetstone/core"!InvalidArgumentError} for bad data, a model whose outputs are
   *   not probabilities, or a loss that cannot be weighted; {@link "whetstone/core"!ShapeError}
   *   when the model's input or output shape does not fit the data.
   */
  fit(x: MatrixLike, y: VectorLike, options?: FitOptions): Promise<void>;
  /** Class probabilities, one row per input row, columns in `classes` order. */
  predictProba(x: MatrixLike): Promise<number[][]>;
  /** The most probable label of each row. */
  predict(x: MatrixLike): Promise<number[]>;
  /** Sorted labels seen by `fit` (empty before). */
  readonly classes: readonly number[];
  /** Free the model's tensors. */
  dispose(): void;
}

/** A tfjs-layers regressor behind the {@link Regressor} protocol (see {@link layersRegressor}). */
export interface LayersRegressor extends Regressor, LayersEstimator {
  /**
   * Build a fresh model with buildModel (disposing the previous one) and train it on rows `x`,
   * targets `y` and optional per-row weights.
   * @throws {@link "whetstone/core"!InvalidArgumentError} for bad data or a loss that cannot be
   *   weighted; {@link "whetstone/core"!ShapeError} when the model's shapes do not fit.
   */
  fit(x: MatrixLike, y: VectorLike, options?: FitOptions): Promise<void>;
  /** One prediction per input row. */
  predict(x: MatrixLike): Promise<number[]>;
  /** Free the model's tensors. */
  dispose(): void;
}

type Resolved = Required<Pick<LayersFitOptions, 'epochs' | 'batchSize' | 'shuffle' | 'verbose' | 'validationSplit'>> &
  Pick<LayersFitOptions, 'callbacks' | 'validationData' | 'validationBatchSize' | 'initialEpoch' | 'yieldEvery' | 'optimizer' | 'seed'> & {
    classWeight?: ClassWeightOption;
  };

const FIT_SPEC = {
  epochs: is.integer({ min: 1 }),
  batchSize: is.integer({ min: 1 }),
  shuffle: is.boolean(),
  verbose: is.oneOf([0, 1, 2]),
  callbacks: callbacksConstraint,
  validationSplit: is.number({ min: 0, max: 1, maxExclusive: true }),
  validationData: validationDataConstraint,
  validationBatchSize: is.integer({ min: 1 }),
  initialEpoch: is.integer({ min: 0 }),
  yieldEvery: yieldEveryConstraint,
  optimizer: optimizerConstraint,
  seed: is.seed(),
};

function resolveOptions(fn: string, options: LayersClassifierOptions | undefined, withClassWeight: boolean): Resolved {
  if (options !== undefined && typeof options === 'object' && options !== null && 'sampleWeight' in options) {
    throw invalidOption(fn, 'sampleWeight', 'left out', (options as { sampleWeight: unknown }).sampleWeight, 'pass sample weights to fit(x, y, { sampleWeight })');
  }
  checkOptions(fn, options, withClassWeight ? { ...FIT_SPEC, classWeight: classWeightConstraint } : FIT_SPEC);
  const epochs = options?.epochs ?? 1;
  if (options?.initialEpoch !== undefined && options.initialEpoch >= epochs) {
    throw invalidOption(fn, 'initialEpoch', `an integer in [0, ${epochs - 1}]`, options.initialEpoch, `epochs is ${epochs}`);
  }
  if (options?.validationData !== undefined && (options.validationSplit ?? 0) > 0) {
    throw invalidOption(fn, 'validationSplit', 'left out', options.validationSplit, 'validationData is given');
  }
  const cw = options?.classWeight;
  return {
    epochs,
    batchSize: options?.batchSize ?? 32,
    shuffle: options?.shuffle ?? true,
    verbose: options?.verbose ?? 0,
    validationSplit: options?.validationSplit ?? 0,
    callbacks: options?.callbacks,
    validationData: options?.validationData,
    validationBatchSize: options?.validationBatchSize,
    initialEpoch: options?.initialEpoch,
    yieldEvery: options?.yieldEvery,
    optimizer: options?.optimizer,
    seed: options?.seed,
    // Copied so that a later change to the caller's object cannot change this adapter.
    classWeight: typeof cw === 'object' ? { ...cw } : cw,
  };
}

/** Float64 rows with one target index/value and one weight each, before the model fixes units. */
interface Prepared {
  readonly x: Float64Array;
  readonly p: number;
  readonly target: Float64Array;
  readonly weight: Float64Array;
  readonly trainRows: number;
  readonly validation: { x: Float64Array; target: Float64Array; weight: Float64Array; rows: number } | undefined;
}

type TargetWriter = (value: number, out: Float32Array, offset: number) => void;

function toTrainingRows(x: Float64Array, p: number, target: Float64Array, weight: Float64Array, from: number, to: number, units: number, write: TargetWriter): TrainingRows {
  const rows = to - from;
  const cols = units + 1;
  const xs = Float32Array.from(x.subarray(from * p, to * p));
  const ys = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    write(target[from + i]!, ys, i * cols);
    ys[i * cols + units] = weight[from + i]!;
  }
  return { x: xs, y: ys, rows };
}

/** Read validationData and/or carve out validationSplit; `mapTarget` turns a y value into the stored target. */
async function prepare(
  fn: string,
  o: Resolved,
  x: Float64Array,
  p: number,
  n: number,
  target: Float64Array,
  weight: Float64Array,
  mapValidationTarget: (v: number, i: number) => number,
): Promise<Prepared> {
  if (o.validationData !== undefined) {
    const [vx, vy, vw] = o.validationData;
    const mx = await toMatrixAsync(vx, { fn, name: 'validationData[0]', role: 'option' });
    const vyData = (await toVectorAsync(vy, { fn, name: 'validationData[1]', role: 'option' })).data;
    if (mx.cols !== p) throw new ShapeError(`${fn}: option "validationData[0]" must have ${p} columns, as x; got ${mx.cols}.`);
    checkSameLength(fn, [['validationData[0]', mx.rows, 'option'], ['validationData[1]', vyData.length, 'option']]);
    const vwData =
      (await toSampleWeightAsync(vw, { fn, rows: mx.rows, rowsName: 'validationData[0]', name: 'validationData[2]', positiveSum: true })) ??
      new Float64Array(mx.rows).fill(1);
    if (mx.rows === 0) throw new ShapeError(`${fn}: option "validationData[0]" must have at least one row; got 0 rows.`);
    return {
      x,
      p,
      target,
      weight,
      trainRows: n,
      validation: { x: mx.data, target: Float64Array.from(vyData, mapValidationTarget), weight: vwData, rows: mx.rows },
    };
  }
  if (o.validationSplit > 0) {
    // tfjs: the first floor(n · (1 − split)) rows train, the rest validate.
    const splitAt = Math.floor(n * (1 - o.validationSplit));
    if (splitAt < 1 || splitAt >= n) {
      throw invalidOption(fn, 'validationSplit', 'a fraction leaving rows for both training and validation', o.validationSplit, `x has ${n} rows`);
    }
    let total = 0;
    for (let i = 0; i < splitAt; i++) total += weight[i]!;
    if (!(total > 0)) throw invalidOption(fn, 'validationSplit', 'a fraction leaving training rows of positive total weight', o.validationSplit);
    return {
      x,
      p,
      target,
      weight,
      trainRows: splitAt,
      validation: { x: x.subarray(splitAt * p), target: target.subarray(splitAt), weight: weight.subarray(splitAt), rows: n - splitAt },
    };
  }
  return { x, p, target, weight, trainRows: n, validation: undefined };
}

/** State and lifecycle shared by both adapters. */
class LayersAdapterCore {
  readonly name: string;
  readonly options: Resolved;
  model: tfl.LayersModel | undefined;
  history: tfl.History | undefined;
  #fitting = false;
  #disposeRequested = false;
  readonly #spentModels = new WeakSet<object>();
  readonly #spentOptimizers = new WeakSet<object>();

  constructor(name: string, options: Resolved) {
    this.name = name;
    this.options = options;
  }

  fitted(what: string): tfl.LayersModel {
    if (this.model === undefined) throw notFitted(`${this.name}.${what}`);
    return this.model;
  }

  checkIdle(fn: string): void {
    if (this.#fitting) throw new InvalidArgumentError(`${fn}: a previous fit() is still running; await it before calling fit again.`);
  }

  release(): void {
    if (this.model !== undefined) {
      this.#spentModels.add(this.model);
      this.model.dispose();
    }
    this.model = undefined;
    this.history = undefined;
  }

  dispose(): void {
    if (this.#fitting) this.#disposeRequested = true;
    else this.release();
  }

  /**
   * Build, check, compile and train a model. `check` runs on the compiled, untrained model and
   * returns the output units; `write` stores one target value into its `units` columns.
   */
  async train(
    fn: string,
    build: () => unknown,
    nFeatures: number,
    allowedUnits: readonly number[],
    outputText: string,
    fallbackLoss: (units: number) => LossOrMetricFn,
    data: Prepared,
    write: (units: number) => TargetWriter,
    beforeTraining: (model: tfl.LayersModel, units: number) => Promise<void>,
    rng: Rng,
  ): Promise<number> {
    this.#fitting = true;
    this.#disposeRequested = false;
    let model: tfl.LayersModel | undefined;
    let optimizer: tf.Optimizer | undefined;
    try {
      this.release();
      const built = build();
      if (typeof built === 'object' && built !== null && this.#spentModels.has(built)) {
        throw new InvalidArgumentError(`${fn}: buildModel must return a new model each time; it returned one the adapter already disposed.`);
      }
      // Owned from here on: whatever goes wrong below, the finally block frees it.
      if (typeof (built as { dispose?: unknown } | null)?.dispose === 'function') model = built as tfl.LayersModel;
      const units = checkModelShapes(fn, built, nFeatures, allowedUnits, outputText);
      const trained = built as tfl.LayersModel;
      if (isCompiled(trained)) {
        const own = trained.optimizer;
        if (this.#spentOptimizers.has(own)) {
          throw new InvalidArgumentError(`${fn}: buildModel must give each model a fresh optimizer; it returned one the adapter already disposed with an earlier model.`);
        }
        // Take the optimizer over before anything can fail (the setter marks it as not the
        // model's own), so that it is disposed once, by the adapter, whatever happens next.
        trained.optimizer = null as never;
        trained.optimizer = own;
        optimizer = own;
      }
      const compiled = compileWeighted(fn, trained, units, fallbackLoss(units), this.options.optimizer);
      optimizer = compiled.optimizer;
      await beforeTraining(trained, units);
      const w = write(units);
      const train = toTrainingRows(data.x, data.p, data.target, data.weight, 0, data.trainRows, units, w);
      probeLoss(trained, compiled, train, nFeatures, units);
      const v = data.validation;
      const validation = v === undefined ? undefined : toTrainingRows(v.x, data.p, v.target, v.weight, 0, v.rows, units, w);
      const history = await fitModel(trained, {
        train,
        validation,
        nFeatures,
        units,
        epochs: this.options.epochs,
        batchSize: this.options.batchSize,
        shuffle: this.options.shuffle,
        verbose: this.options.verbose,
        initialEpoch: this.options.initialEpoch,
        validationBatchSize: this.options.validationBatchSize,
        callbacks: this.options.callbacks,
        yieldEvery: this.options.yieldEvery,
        rng,
      });
      if (!this.#disposeRequested) {
        this.model = trained;
        this.history = history;
        model = undefined;
      }
      return units;
    } finally {
      // The optimizer's slots are only useful to continue training, which refitting never does.
      if (optimizer !== undefined) {
        this.#spentOptimizers.add(optimizer);
        optimizer.dispose();
      }
      if (model !== undefined) {
        this.#spentModels.add(model);
        model.dispose();
      }
      this.#fitting = false;
    }
  }
}

class LayersClassifierModel implements LayersClassifier {
  readonly #core: LayersAdapterCore;
  readonly #build: (args: ClassifierModelArgs) => tfl.LayersModel;
  #classes: readonly number[] = [];
  #units = 0;
  #nFeatures = 0;

  constructor(build: (args: ClassifierModelArgs) => tfl.LayersModel, options: Resolved) {
    this.#build = build;
    this.#core = new LayersAdapterCore('LayersClassifier', options);
  }

  get classes(): readonly number[] {
    return this.#core.model === undefined ? [] : this.#classes;
  }

  get model(): tfl.LayersModel {
    return this.#core.fitted('model');
  }

  get history(): tfl.History {
    this.#core.fitted('history');
    return this.#core.history!;
  }

  dispose(): void {
    this.#core.dispose();
  }

  async fit(x: MatrixLike, y: VectorLike, options?: FitOptions): Promise<void> {
    const fn = 'LayersClassifier.fit';
    this.#core.checkIdle(fn);
    const o = this.#core.options;
    const data = await readFitData(fn, x, y, options);
    const labels = encodeLabels(data.y);
    const k = labels.classes.length;
    if (k < 2) throw new InvalidArgumentError(`${fn}: needs samples of at least 2 classes in y; got only the class ${formatValue(labels.classes[0])}.`);
    const cw = classWeightVector(fn, o.classWeight, labels);
    const n = data.x.rows;
    const weight = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += weight[i] = (data.sampleWeight?.[i] ?? 1) * cw[labels.index[i]!]!;
    if (!(total > 0)) throw invalidOption(fn, 'classWeight', 'weights leaving some rows a positive weight', o.classWeight, 'every row of y would weigh 0');
    const lookup = new Map(labels.classes.map((c, i) => [c, i]));
    const prepared = await prepare(fn, o, data.x.data, data.x.cols, n, Float64Array.from(labels.index), weight, (v, i) => {
      const idx = lookup.get(v);
      if (idx === undefined) {
        throw new InvalidArgumentError(`${fn}: argument "validationData[1]" must hold only labels seen in y (${formatValue(labels.classes)}); got ${formatValue(v)} at index ${i}.`);
      }
      return idx;
    });
    const rng = createRng(o.seed);
    const p = data.x.cols;
    const units = await this.#core.train(
      fn,
      () => this.#build({ nFeatures: p, nClasses: k, rng: rng.child('model') }),
      p,
      k === 2 ? [1, 2] : [k],
      k === 2 ? 'of shape [null, 1] (a sigmoid unit) or [null, 2] (a softmax), for 2 classes' : `of shape [null, ${k}] (a softmax over the ${k} classes)`,
      (u) => (u === 1 ? tfl.metrics.binaryCrossentropy : tfl.metrics.categoricalCrossentropy),
      prepared,
      (u) => (u === 1 ? (v, out, off) => void (out[off] = v) : (v, out, off) => void (out[off + v] = 1)),
      async (model, u) => {
        // Fail before training, not after, when the outputs are not probabilities.
        const rows = Math.min(n, 32);
        const out = await predictRows(model, data.x.data.subarray(0, rows * p), rows, p, u);
        toProbabilities(fn, out, rows, u);
      },
      rng,
    );
    this.#classes = labels.classes;
    this.#units = units;
    this.#nFeatures = p;
  }

  async predictProba(x: MatrixLike): Promise<number[][]> {
    const fn = 'LayersClassifier.predictProba';
    const model = this.#core.fitted('predictProba');
    const m = await readPredictRows(fn, x, this.#nFeatures);
    const out = await predictRows(model, m.data, m.rows, this.#nFeatures, this.#units);
    return toProbabilities(fn, out, m.rows, this.#units);
  }

  async predict(x: MatrixLike): Promise<number[]> {
    const proba = await this.predictProba(x);
    return proba.map((row) => {
      let best = 0;
      for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c;
      return this.#classes[best]!;
    });
  }
}

class LayersRegressorModel implements LayersRegressor {
  readonly #core: LayersAdapterCore;
  readonly #build: (args: RegressorModelArgs) => tfl.LayersModel;
  #nFeatures = 0;

  constructor(build: (args: RegressorModelArgs) => tfl.LayersModel, options: Resolved) {
    this.#build = build;
    this.#core = new LayersAdapterCore('LayersRegressor', options);
  }

  get model(): tfl.LayersModel {
    return this.#core.fitted('model');
  }

  get history(): tfl.History {
    this.#core.fitted('history');
    return this.#core.history!;
  }

  dispose(): void {
    this.#core.dispose();
  }

  async fit(x: MatrixLike, y: VectorLike, options?: FitOptions): Promise<void> {
    const fn = 'LayersRegressor.fit';
    this.#core.checkIdle(fn);
    const o = this.#core.options;
    const data = await readFitData(fn, x, y, options);
    const n = data.x.rows;
    const p = data.x.cols;
    const weight = data.sampleWeight ?? new Float64Array(n).fill(1);
    const prepared = await prepare(fn, o, data.x.data, p, n, data.y, weight, (v) => v);
    const rng = createRng(o.seed);
    await this.#core.train(
      fn,
      () => this.#build({ nFeatures: p, rng: rng.child('model') }),
      p,
      [1],
      'of shape [null, 1] (one linear unit)',
      () => tfl.metrics.meanSquaredError,
      prepared,
      () => (v, out, off) => void (out[off] = v),
      async () => {},
      rng,
    );
    this.#nFeatures = p;
  }

  async predict(x: MatrixLike): Promise<number[]> {
    const fn = 'LayersRegressor.predict';
    const model = this.#core.fitted('predict');
    const m = await readPredictRows(fn, x, this.#nFeatures);
    return Array.from(await predictRows(model, m.data, m.rows, this.#nFeatures, 1));
  }
}

/**
 * Wrap a factory of tfjs-layers models as a {@link Classifier}, so that a neural network can be
 * cross-validated, stacked, calibrated or tuned like any estimator, with sample weights and class
 * weights that tfjs `fit` lacks, and seeded shuffling.
 *
 * Each `fit` calls `buildModel({ nFeatures, nClasses, rng })` for a new model (disposing the
 * previous one), maps the labels to 0 … K−1 (`classes`, sorted) and trains. The model must end in
 * a softmax over K units, or, for two classes, in one sigmoid unit (then `predictProba` returns
 * [1 − p, p]). It may come compiled (its optimizer, loss and metrics are kept; the loss must be
 * per row) or not (then it gets categorical or binary cross-entropy and the `optimizer` option).
 *
 * Weights: each row's loss is multiplied by sample weight × class weight and the batch loss is the
 * weighted mean Σ w·loss / Σ w, so integer weights train exactly like duplicated rows within a
 * batch (with full batches, exactly like the duplicated data set). The row order is reshuffled
 * every epoch by the seeded stream. tfjs callbacks, validation (`validationData`,
 * `validationSplit`) and History work as with `model.fit`.
 *
 * Memory: while fitted, the adapter holds the model's weights and nothing else (the optimizer is
 * disposed after training); `dispose()` frees them. Inputs are never disposed.
 *
 * @param buildModel - returns a new `tfl.LayersModel` each call, sized by its argument.
 * @param options - training options (see {@link LayersClassifierOptions}), checked here.
 * @returns an unfitted classifier.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a non-function `buildModel` and for
 *   unknown or bad options.
 * @see scikeras's `KerasClassifier` (the same idea for Keras) and scikit-learn's classifier API,
 *   https://scikit-learn.org/1.2/developers/develop.html.
 * @example
 * ```ts
 * const clf = layersClassifier(({ nFeatures, nClasses, rng }) => {
 *   const m = tfl.sequential();
 *   m.add(tfl.layers.dense({ inputShape: [nFeatures], units: 32, activation: 'relu',
 *     kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.tfSeed() }) }));
 *   m.add(tfl.layers.dense({ units: nClasses, activation: 'softmax' }));
 *   return m;
 * }, { epochs: 20, batchSize: 32, optimizer: 'adam', classWeight: 'balanced', seed: 1 });
 * await clf.fit(xTrain, yTrain);
 * const proba = await clf.predictProba(xTest);
 * clf.dispose();
 * ```
 */
export function layersClassifier(buildModel: (args: ClassifierModelArgs) => tfl.LayersModel, options?: LayersClassifierOptions): LayersClassifier {
  const fn = 'layersClassifier';
  if (typeof buildModel !== 'function') {
    throw new InvalidArgumentError(`${fn}: argument "buildModel" must be a function ({ nFeatures, nClasses, rng }) => tfl.LayersModel; got ${formatValue(buildModel)}.`);
  }
  return new LayersClassifierModel(buildModel, resolveOptions(fn, options, true));
}

/**
 * Wrap a factory of tfjs-layers models as a {@link Regressor}, with sample weights and seeded
 * shuffling (see {@link layersClassifier}, which this mirrors).
 *
 * Each `fit` calls `buildModel({ nFeatures, rng })` for a new model with one output unit. An
 * uncompiled model is trained on mean squared error with the `optimizer` option; a compiled one
 * keeps its optimizer, loss (per row) and metrics. Targets are used as given: scale them (or
 * initialize the output bias near their mean) when they are far from unit scale.
 *
 * @param buildModel - returns a new `tfl.LayersModel` each call, sized by its argument.
 * @param options - training options (see {@link LayersRegressorOptions}), checked here.
 * @returns an unfitted regressor.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a non-function `buildModel` and for
 *   unknown or bad options.
 * @see scikeras's `KerasRegressor`; scikit-learn's regressor API.
 * @example
 * ```ts
 * const reg = layersRegressor(({ nFeatures, rng }) => {
 *   const m = tfl.sequential();
 *   m.add(tfl.layers.dense({ inputShape: [nFeatures], units: 1,
 *     kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.tfSeed() }) }));
 *   m.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
 *   return m;
 * }, { epochs: 50, seed: 1 });
 * await reg.fit(x, y, { sampleWeight });
 * const yHat = await reg.predict(xNew);
 * reg.dispose();
 * ```
 */
export function layersRegressor(buildModel: (args: RegressorModelArgs) => tfl.LayersModel, options?: LayersRegressorOptions): LayersRegressor {
  const fn = 'layersRegressor';
  if (typeof buildModel !== 'function') {
    throw new InvalidArgumentError(`${fn}: argument "buildModel" must be a function ({ nFeatures, rng }) => tfl.LayersModel; got ${formatValue(buildModel)}.`);
  }
  if (options !== undefined && typeof options === 'object' && options !== null && 'classWeight' in options) {
    throw invalidOption(fn, 'classWeight', 'left out', (options as { classWeight: unknown }).classWeight, 'a regressor has no classes');
  }
  return new LayersRegressorModel(buildModel, resolveOptions(fn, options, false));
}
