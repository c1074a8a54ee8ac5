// Keras's ModelCheckpoint for tfjs: the best (or latest) weights kept in memory, or saved through
// any tfjs IO handler or URL.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../core/errors.js';
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { bindHooks, copyWeights, lowerIsBetter, modelOf, monitored, resolveLogs } from './_internal/common.js';
import type { CallbackLogs } from './_internal/common.js';

/** Options of {@link modelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** The epoch-log value to watch (default `'val_loss'`); an unknown name is an error at the end of the first epoch. */
  monitor?: string;
  /** `'min'`, `'max'`, or `'auto'` (default): `'max'` when the monitor's name contains `acc` or `auc`. */
  mode?: 'auto' | 'min' | 'max';
  /** Save only when the monitored value improves (default `true`); otherwise every epoch. */
  saveBestOnly?: boolean;
  /**
   * Where to save: a tfjs URL (`'file://dir'` with {@link registerFileSystemRouter}, `'indexeddb://name'`,
   * `'localstorage://name'`; `{epoch}` is replaced by the 1-based epoch) or an IOHandler. Default:
   * keep the weights in memory ({@link ModelCheckpoint.bestWeights}).
   */
  path?: string | tf.io.IOHandler;
  /** Save only the weights (no topology), as Keras's `save_weights_only` (default `false`). */
  saveWeightsOnly?: boolean;
  /** 1 prints a line at each save (default 0, silent). */
  verbose?: 0 | 1;
}

/** One save in {@link ModelCheckpoint.saves}. */
export interface CheckpointRecord {
  /** The epoch index, as `fit` counts it. */
  readonly epoch: number;
  /** The monitored value (NaN when `saveBestOnly` is off and the logs lack it). */
  readonly value: number;
}

/** The settings of a {@link ModelCheckpoint}: its options with defaults resolved. */
export type ModelCheckpointSettings = Required<Omit<ModelCheckpointOptions, 'path'>> & {
  /** Where to save, `undefined` for in memory. */
  readonly path: string | tf.io.IOHandler | undefined;
};

/**
 * A tfjs-layers callback that checkpoints the model. Made by {@link modelCheckpoint}. In memory, the
 * copies stay after training (for {@link ModelCheckpoint.restore}) until {@link ModelCheckpoint.dispose}.
 */
export class ModelCheckpoint extends tfl.Callback {
  /** The settings, defaults resolved. */
  readonly settings: ModelCheckpointSettings;
  /** The best monitored value so far. */
  best = Number.POSITIVE_INFINITY;
  /** The epoch of the best value, -1 before any. */
  bestEpoch = -1;
  /** Every save of the last `fit`. */
  saves: CheckpointRecord[] = [];
  readonly #lower: boolean;
  #weights: tf.Tensor[] | null = null;

  /** @internal Use {@link modelCheckpoint}. */
  constructor(settings: ModelCheckpointSettings) {
    super();
    this.settings = Object.freeze({ ...settings });
    this.#lower = lowerIsBetter(settings.mode, settings.monitor);
    bindHooks(this);
  }

  /** The weights kept in memory (the best, or the latest without `saveBestOnly`), or `null`; owned by the callback. */
  get bestWeights(): readonly tf.Tensor[] | null {
    return this.#weights;
  }

  /**
   * Set the kept weights into a model (default: the model being trained).
   *
   * @param model - the model to restore (its weights must have the same shapes).
   * @throws {@link "whetstone/core"!InvalidArgumentError} when no weights are kept.
   */
  restore(model?: tfl.LayersModel): void {
    if (this.#weights == null) throw new InvalidArgumentError('ModelCheckpoint.restore: no weights are kept (in memory, after at least one save).');
    (model ?? modelOf('ModelCheckpoint.restore', this.model)).setWeights(this.#weights);
  }

  /** Free the weights kept in memory. */
  dispose(): void {
    if (this.#weights != null) tf.dispose(this.#weights);
    this.#weights = null;
  }

  /** Reset the best value (called by `fit`); kept weights stay until replaced. */
  override async onTrainBegin(): Promise<void> {
    this.best = this.#lower ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.bestEpoch = -1;
    this.saves = [];
  }

  /** Save when the value improves (or every epoch); errors from saving propagate (called by `fit`). */
  override async onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void> {
    const fn = 'modelCheckpoint';
    const resolved = await resolveLogs(logs);
    const { monitor, saveBestOnly, path, saveWeightsOnly } = this.settings;
    let value = Number.NaN;
    if (saveBestOnly) {
      value = monitored(fn, 'monitor', monitor, resolved, epoch);
      if (!(this.#lower ? value < this.best : value > this.best)) return;
      this.best = value;
      this.bestEpoch = epoch;
    } else if (typeof resolved[monitor] === 'number') {
      value = resolved[monitor];
    }
    const model = modelOf(fn, this.model);
    if (path === undefined) {
      const next = copyWeights(model);
      this.dispose();
      this.#weights = next;
    } else {
      const target = typeof path === 'string' ? path.replaceAll('{epoch}', String(epoch + 1)) : path;
      if (saveWeightsOnly) await saveWeights(fn, model, target);
      else await model.save(target);
    }
    this.saves.push({ epoch, value });
    if (this.settings.verbose > 0) console.log(`Epoch ${epoch + 1}: modelCheckpoint saved (${monitor} = ${value}).`);
  }
}

async function saveWeights(fn: string, model: tfl.LayersModel, target: string | tf.io.IOHandler): Promise<void> {
  let handler = target;
  if (typeof handler === 'string') {
    const handlers = tf.io.getSaveHandlers(handler);
    if (handlers.length !== 1) throw new InvalidArgumentError(`${fn}: no single tfjs save handler for the URL '${handler}' (found ${handlers.length}).`);
    handler = handlers[0]!;
  }
  if (handler.save == null) throw new InvalidArgumentError(`${fn}: option "path" is an IOHandler without a save method.`);
  const named = model.weights.map((w) => ({ name: w.originalName, tensor: w.read() }));
  const { data, specs } = await tf.io.encodeWeights(named);
  await handler.save({ weightSpecs: specs, weightData: data, format: 'layers-model', generatedBy: 'whetstone modelCheckpoint' });
}

/**
 * A tfjs-layers callback that checkpoints the model at the end of epochs, as Keras's
 * `ModelCheckpoint`: with `saveBestOnly` (default), only when the monitored value beats the best so
 * far (strictly, as Keras); saved to memory (default: copies of the weights, readable as
 * `bestWeights`, set back with `restore()`, freed by `dispose()`), or through any tfjs IO handler or
 * URL (`file://` via {@link registerFileSystemRouter}, `indexeddb://` in browsers). Errors from
 * saving propagate out of `fit`.
 *
 * @param options - what to monitor, when and where to save.
 * @returns the callback.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options; during `fit`, for an
 *   unknown monitor name (listing the values that exist) and for failed saves.
 * @example
 * ```ts
 * const best = modelCheckpoint({ monitor: 'val_loss' });
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [best] });
 * best.restore(); best.dispose();
 * ```
 * @see https://keras.io/api/callbacks/model_checkpoint/
 */
export function modelCheckpoint(options: ModelCheckpointOptions = {}): ModelCheckpoint {
  const fn = 'modelCheckpoint';
  checkOptions(fn, options, {
    monitor: is.string({ nonEmpty: true }),
    mode: is.oneOf(['auto', 'min', 'max'] as const),
    saveBestOnly: is.boolean(),
    path: is.anyOf(
      is.string({ nonEmpty: true }),
      is.custom('an IOHandler with a save method', (v) => typeof v === 'object' && v !== null && typeof (v as { save?: unknown }).save === 'function'),
    ),
    saveWeightsOnly: is.boolean(),
    verbose: is.oneOf([0, 1] as const),
  });
  if (options.saveWeightsOnly === true && options.path === undefined) {
    throw invalidOption(fn, 'saveWeightsOnly', 'used with option "path" (in memory only the weights are kept anyway)', true);
  }
  return new ModelCheckpoint({
    monitor: options.monitor ?? 'val_loss',
    mode: options.mode ?? 'auto',
    saveBestOnly: options.saveBestOnly ?? true,
    path: options.path,
    saveWeightsOnly: options.saveWeightsOnly ?? false,
    verbose: options.verbose ?? 0,
  });
}
