// tfjs-layers `fit` / `fitDataset` callbacks that drive an optimizer's learning rate: a schedule
// per batch or per epoch, and Keras's ReduceLROnPlateau.
import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../core/errors.js';
import { checkArgument, checkOptions, invalidOption, is } from '../core/validate.js';
import { bindHooks, resolveLogs, type CallbackLogs } from '../core/_internal/callbacks.js';
import { checkRate, iterationsOf, readLearningRate, writeLearningRate } from './_internal/rate.js';
import type { RateTarget } from './_internal/rate.js';
import type { Schedule } from './types.js';

/**
 * An optimizer whose learning rate the callbacks can read and set: a tfjs optimizer (SGD and
 * Momentum through `setLearningRate`, the others through their `learningRate` field), whetstone's
 * tfjs bridge (`learningRate` accessor), or any object with a numeric `learningRate`.
 */
export type LearningRateTarget =
  | tf.Optimizer
  | {
      /** The current learning rate, read and assigned by the callbacks. */
      learningRate: number;
    };

export type { CallbackLogs };

/** One epoch in a learning-rate callback's `history`. */
export interface LearningRateRecord {
  /** The epoch index, as `fit` counts it (from `initialEpoch`). */
  readonly epoch: number;
  /** The learning rate in force at the end of the epoch (before any reduction this epoch makes). */
  readonly lr: number;
}

/** One epoch in {@link ReduceLROnPlateau.history}. */
export interface PlateauRecord extends LearningRateRecord {
  /** The monitored value at the end of the epoch. */
  readonly value: number;
  /** Whether the rate was reduced at the end of this epoch. */
  readonly reduced: boolean;
}


const targetConstraint = is.custom<LearningRateTarget>(
  'an optimizer (an object with a learningRate)',
  (v) => typeof v === 'object' && v !== null && 'learningRate' in v,
);

function resolveTarget(fn: string, explicit: RateTarget | undefined, model: tfl.LayersModel | null | undefined): RateTarget {
  const target = explicit ?? (model as { optimizer?: RateTarget } | null | undefined)?.optimizer;
  if (target == null) {
    const why =
      model == null
        ? 'tfjs gave it no model, as happens when the first entry of the callbacks array is a plain object (tfjs then wraps every entry and gives none of them the model); put a Callback instance first, or pass option "optimizer"'
        : 'the model is not compiled';
    throw new InvalidArgumentError(`${fn}: the callback has no optimizer to drive (${why}).`);
  }
  readLearningRate(fn, target);
  return target;
}

/** Options of {@link learningRateScheduler}. */
export interface LearningRateSchedulerOptions {
  /**
   * What the schedule's step counts (default `'epoch'`): `'epoch'`, the epoch index `fit` passes
   * (from `initialEpoch`), set at the start of each epoch; `'batch'`, the optimizer's update count
   * (its `iterations`, which carries over between `fit` calls and through save/load; the batches
   * this callback has seen when the optimizer keeps no count), set before every batch.
   */
  per?: 'batch' | 'epoch';
  /** 1 prints the rate at each epoch (default 0, silent). */
  verbose?: 0 | 1;
  /**
   * The optimizer to drive (default: the model's, which tfjs hands to the callback). Needed only
   * when tfjs does not hand over the model (see {@link learningRateScheduler}) or outside `fit`.
   */
  optimizer?: LearningRateTarget;
}

/**
 * A tfjs-layers callback that sets the learning rate from a schedule. Made by
 * {@link learningRateScheduler}; it is a `tf.Callback`, so it mixes with tfjs's own callbacks.
 */
export class LearningRateScheduler extends tfl.Callback {
  /** The schedule driving the rate. */
  readonly schedule: Schedule | ((step: number) => number);
  /** Whether the schedule's step counts batches or epochs. */
  readonly per: 'batch' | 'epoch';
  /** The learning rate at the end of every epoch of the last `fit` (also written to the epoch logs as `lr`). */
  history: LearningRateRecord[] = [];
  readonly #verbose: 0 | 1;
  readonly #explicit: RateTarget | undefined;
  #target: RateTarget | undefined;
  #batches = 0;

  /** @internal Use {@link learningRateScheduler}. */
  constructor(schedule: Schedule | ((step: number) => number), per: 'batch' | 'epoch', verbose: 0 | 1, optimizer: RateTarget | undefined) {
    super();
    this.schedule = schedule;
    this.per = per;
    this.#verbose = verbose;
    this.#explicit = optimizer;
    bindHooks(this);
  }

  #apply(step: number): number {
    const value = checkRate('learningRateScheduler', 'schedule', this.schedule(step), step);
    writeLearningRate(this.#target!, value);
    return value;
  }

  #ensureTarget(): RateTarget {
    this.#target ??= resolveTarget('learningRateScheduler', this.#explicit, this.model);
    return this.#target;
  }

  /** Find the optimizer and clear the history (called by `fit`). */
  override async onTrainBegin(): Promise<void> {
    this.#target = undefined;
    this.#ensureTarget();
    this.history = [];
  }

  /** Per epoch: set the rate for this epoch (called by `fit`). */
  override async onEpochBegin(epoch: number): Promise<void> {
    if (this.per !== 'epoch') return;
    this.#ensureTarget();
    const value = this.#apply(epoch);
    if (this.#verbose > 0) console.log(`Epoch ${epoch + 1}: learningRateScheduler setting learning rate to ${value}.`);
  }

  /** Per batch: set the rate for this update (called by `fit`). */
  override async onBatchBegin(): Promise<void> {
    if (this.per !== 'batch') return;
    const target = this.#ensureTarget();
    this.#apply(iterationsOf(target) ?? this.#batches);
    this.#batches++;
  }

  /** Record the rate, and add it to the epoch logs as `lr` (called by `fit`). */
  override async onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void> {
    const lr = readLearningRate('learningRateScheduler', this.#ensureTarget());
    if (logs != null) logs.lr = lr;
    this.history.push({ epoch, lr });
    if (this.#verbose > 0 && this.per === 'batch') console.log(`Epoch ${epoch + 1}: learning rate ${lr}.`);
  }
}

/**
 * A tfjs-layers callback that sets the optimizer's learning rate from a schedule, per epoch (as
 * Keras's `LearningRateScheduler`) or per batch, and logs the rate at the end of every epoch (as
 * `lr` in the epoch logs, so `history.history.lr` has it, and in its own `history`).
 *
 * Works with tfjs's optimizers (SGD through `setLearningRate`, Adam, RMSProp and the others
 * through their `learningRate` field) and with whetstone's bridge. Pass it in `fit`'s or
 * `fitDataset`'s `callbacks`, alone or with tfjs's own callbacks (`tf.callbacks.earlyStopping`).
 * When the array also holds plain `{ onEpochEnd }` objects, tfjs only hands the model to
 * callbacks if the first entry is a Callback instance: put this one first, or pass `optimizer`.
 *
 * Setting the rate of a whetstone bridge whose transformation has its own schedule rescales that
 * schedule (the bridge keeps its shape), so per epoch the rate still moves within the epoch; give
 * the transformation a constant rate, or use `per: 'batch'`, to let this schedule alone decide.
 *
 * @param schedule - a whetstone schedule or any function of the step; its value is the learning
 *   rate, checked at every evaluation.
 * @param options - what the step counts, verbosity, and an explicit optimizer.
 * @returns the callback.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a schedule that is not a function or
 *   bad options; during `fit`, when the schedule returns NaN, an infinity or a negative rate
 *   (naming the step), or when there is no optimizer to drive.
 * @example
 * ```ts
 * const lr = cosineWarmRestarts({ initialValue: 0.01, t0: 5 });
 * await model.fit(x, y, { epochs: 20, callbacks: [learningRateScheduler(lr)] });
 * ```
 * @see https://keras.io/api/callbacks/learning_rate_scheduler/
 */
export function learningRateScheduler(schedule: Schedule | ((step: number) => number), options: LearningRateSchedulerOptions = {}): LearningRateScheduler {
  const fn = 'learningRateScheduler';
  checkArgument(fn, 'schedule', schedule, is.func());
  checkOptions(fn, options, { per: is.oneOf(['batch', 'epoch'] as const), verbose: is.oneOf([0, 1] as const), optimizer: targetConstraint });
  return new LearningRateScheduler(schedule, options.per ?? 'epoch', options.verbose ?? 0, options.optimizer);
}

/** Options of {@link reduceLROnPlateau} (Keras's `ReduceLROnPlateau` arguments in camelCase). */
export interface ReduceLROnPlateauOptions {
  /** The epoch-log value to watch (default `'val_loss'`); an unknown name is an error at the end of the first epoch. */
  monitor?: string;
  /** Multiply the rate by this on a plateau, in (0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement before reducing, an integer >= 0 (default 10). */
  patience?: number;
  /** The least change that counts as an improvement, a finite number >= 0 (default 1e-4). */
  minDelta?: number;
  /**
   * How `minDelta` is measured: `'abs'` (default, Keras), an improvement beats the best by more
   * than minDelta; `'rel'` (PyTorch's `threshold_mode='rel'`), by more than minDelta · |best|.
   */
  minDeltaMode?: 'abs' | 'rel';
  /** Epochs to wait after a reduction before counting again, an integer >= 0 (default 0). */
  cooldown?: number;
  /** The rate is never reduced below this, a finite number >= 0 (default 0). */
  minLR?: number;
  /**
   * `'min'`: lower is better; `'max'`: higher is better; `'auto'` (default): `'max'` when the
   * monitor's name contains `acc`, else `'min'` (Keras's rule).
   */
  mode?: 'auto' | 'min' | 'max';
  /** 1 prints a line when the rate is reduced (default 0, silent). */
  verbose?: 0 | 1;
  /** The optimizer to drive (default: the model's); see {@link LearningRateSchedulerOptions.optimizer}. */
  optimizer?: LearningRateTarget;
}

/** The settings of a {@link ReduceLROnPlateau} callback: its options with defaults resolved. */
export type ReduceLROnPlateauSettings = Required<Omit<ReduceLROnPlateauOptions, 'optimizer'>>;

/**
 * A tfjs-layers callback that reduces the learning rate when a monitored value stops improving.
 * Made by {@link reduceLROnPlateau}; its counters are readable (`best`, `wait`, `cooldownCounter`).
 */
export class ReduceLROnPlateau extends tfl.Callback {
  /** The settings, defaults resolved. */
  readonly settings: Readonly<ReduceLROnPlateauSettings>;
  /** Every epoch of the last `fit`: the rate, the monitored value and whether it reduced. */
  history: PlateauRecord[] = [];
  /** The best monitored value so far (±Infinity before the first epoch). */
  best = Number.POSITIVE_INFINITY;
  /** Epochs since the last improvement (not counted during a cooldown). */
  wait = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  readonly #explicit: RateTarget | undefined;
  readonly #lowerIsBetter: boolean;
  #target: RateTarget | undefined;

  /** @internal Use {@link reduceLROnPlateau}. */
  constructor(settings: ReduceLROnPlateauSettings, optimizer: RateTarget | undefined) {
    super();
    this.settings = Object.freeze({ ...settings });
    this.#explicit = optimizer;
    this.#lowerIsBetter = settings.mode === 'min' || (settings.mode === 'auto' && !settings.monitor.includes('acc'));
    bindHooks(this);
    this.#reset();
  }

  #reset(): void {
    this.best = this.#lowerIsBetter ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  #improves(current: number, best: number): boolean {
    const { minDelta, minDeltaMode } = this.settings;
    if (minDeltaMode === 'abs') return this.#lowerIsBetter ? current < best - minDelta : current > best + minDelta;
    return this.#lowerIsBetter ? current < best * (1 - minDelta) : current > best * (1 + minDelta);
  }

  #ensureTarget(): RateTarget {
    this.#target ??= resolveTarget('reduceLROnPlateau', this.#explicit, this.model);
    return this.#target;
  }

  /** Reset the counters, find the optimizer and clear the history (called by `fit`), as Keras. */
  override async onTrainBegin(): Promise<void> {
    this.#target = undefined;
    this.#ensureTarget();
    this.#reset();
    this.history = [];
  }

  /** Log the rate as `lr`, and reduce it if the monitored value has plateaued (called by `fit`). */
  override async onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void> {
    const fn = 'reduceLROnPlateau';
    const target = this.#ensureTarget();
    const resolved = await resolveLogs(logs);
    const { monitor, patience, cooldown, factor, minLR } = this.settings;
    const current = resolved[monitor];
    if (typeof current !== 'number') {
      const names = Object.keys(resolved).filter((k) => k !== 'lr');
      const hint = monitor.startsWith('val_') ? '; validation values exist only when fit has validationData or validationSplit' : '';
      throw invalidOption(fn, 'monitor', `the name of a value in the epoch logs (${names.length > 0 ? names.map((n) => `'${n}'`).join(', ') : 'none'})`, monitor, `at the end of epoch ${epoch}${hint}`);
    }
    const lr = readLearningRate(fn, target);
    if (logs != null) logs.lr = lr;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    let reduced = false;
    if (this.#improves(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (!(this.cooldownCounter > 0)) {
      this.wait++;
      if (this.wait >= patience && lr > minLR) {
        const next = Math.max(lr * factor, minLR);
        writeLearningRate(target, next);
        reduced = true;
        this.cooldownCounter = cooldown;
        this.wait = 0;
        if (this.settings.verbose > 0) console.log(`Epoch ${epoch + 1}: reduceLROnPlateau reducing learning rate to ${next}.`);
      }
    }
    this.history.push({ epoch, lr, value: current, reduced });
  }
}

/**
 * A tfjs-layers callback that multiplies the learning rate by `factor` when the monitored value
 * has not improved for `patience` epochs, with Keras's `ReduceLROnPlateau` semantics (cooldown,
 * floor `minLR`, `'auto'` mode from the name), and logs the rate as `lr` each epoch.
 *
 * Works with tfjs's optimizers and whetstone's bridge as {@link learningRateScheduler} does, and
 * with tfjs's own callbacks in the same array. Unlike Keras, a monitor name missing from the epoch
 * logs is an error (naming the values that exist), not a warning.
 *
 * @param options - what to monitor and how to react.
 * @returns the callback.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options; during `fit`, for an
 *   unknown monitor name at the end of the first epoch, or when there is no optimizer to drive.
 * @example
 * ```ts
 * const plateau = reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 3 });
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [plateau] });
 * plateau.history.map((h) => h.lr);
 * ```
 * @see https://keras.io/api/callbacks/reduce_lr_on_plateau/
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): ReduceLROnPlateau {
  const fn = 'reduceLROnPlateau';
  checkOptions(fn, options, {
    monitor: is.string({ nonEmpty: true }),
    factor: is.number({ min: 0, max: 1, minExclusive: true, maxExclusive: true }),
    patience: is.integer({ min: 0 }),
    minDelta: is.number({ min: 0 }),
    minDeltaMode: is.oneOf(['abs', 'rel'] as const),
    cooldown: is.integer({ min: 0 }),
    minLR: is.number({ min: 0 }),
    mode: is.oneOf(['auto', 'min', 'max'] as const),
    verbose: is.oneOf([0, 1] as const),
    optimizer: targetConstraint,
  });
  return new ReduceLROnPlateau(
    {
      monitor: options.monitor ?? 'val_loss',
      factor: options.factor ?? 0.1,
      patience: options.patience ?? 10,
      minDelta: options.minDelta ?? 1e-4,
      minDeltaMode: options.minDeltaMode ?? 'abs',
      cooldown: options.cooldown ?? 0,
      minLR: options.minLR ?? 0,
      mode: options.mode ?? 'auto',
      verbose: options.verbose ?? 0,
    },
    options.optimizer,
  );
}

