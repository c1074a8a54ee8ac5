// Early stopping with Keras's rules (patience, baseline, minDelta, startFromEpoch), weights that
// are really restored (tfjs-layers throws NotImplemented for restoreBestWeights), and Prechelt's
// GL, PQ and UP stopping criteria.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../core/errors.js';
import { checkOptions, formatValue, invalidOption, is } from '../core/validate.js';
import { bindHooks, copyWeights, lowerIsBetter, modelOf, monitored, resolveLogs } from './_internal/common.js';
import type { CallbackLogs } from './_internal/common.js';

/**
 * When to stop: `'patience'` (Keras's rule), or one of Prechelt's criteria ("Early Stopping — But
 * When?", 1998), with errors E (the monitored value, lower is better):
 * - `{ gl: α }`: stop when the generalization loss GL(t) = 100·(E_va(t) / E_opt(t) − 1) exceeds α,
 *   E_opt(t) the lowest monitored value so far;
 * - `{ pq: α, stripLength: k }`: at the end of each strip of k epochs, stop when GL(t) / P_k(t)
 *   exceeds α, with the training progress P_k(t) = 1000·(Σ E_tr over the strip / (k · min E_tr over
 *   the strip) − 1) computed from the training loss `loss`;
 * - `{ up: s, stripLength: k }`: stop when the monitored value rose at the ends of s successive
 *   strips of k epochs (each end compared with the end of the previous strip).
 * Strips are counted from `startFromEpoch`; `stripLength` defaults to 5 as in the paper.
 */
export type StoppingCriterion =
  | 'patience'
  | {
      /** GL's threshold α > 0, in percent. */
      readonly gl: number;
    }
  | {
      /** PQ's threshold α > 0. */
      readonly pq: number;
      /** The strip length k, an integer >= 2 (default 5). */
      readonly stripLength?: number;
    }
  | {
      /** How many successive strips must end higher, an integer >= 1. */
      readonly up: number;
      /** The strip length k, an integer >= 1 (default 5). */
      readonly stripLength?: number;
    };

/** Options of {@link earlyStopping} (Keras's `EarlyStopping` arguments in camelCase, plus `criterion`). */
export interface EarlyStoppingOptions {
  /** The epoch-log value to watch (default `'val_loss'`); an unknown name is an error at the end of the first epoch. */
  monitor?: string;
  /** The least change that counts as an improvement, a finite number >= 0 (default 0). */
  minDelta?: number;
  /** Epochs without improvement before stopping, an integer >= 0 (default 0); used by the `'patience'` criterion. */
  patience?: number;
  /** `'min'`, `'max'`, or `'auto'` (default): `'max'` when the monitor's name contains `acc` or `auc` (Keras's rule). */
  mode?: 'auto' | 'min' | 'max';
  /** A value the monitor must beat: `wait` is reset only by epochs that beat both it and the best so far (Keras). */
  baseline?: number;
  /**
   * `true`: when the callback stops training, set the weights of the best epoch (Keras: only when it
   * stops, not when the epochs run out); `'always'`: also when training ends without a stop.
   * Default `false`.
   */
  restoreBestWeights?: boolean | 'always';
  /** Epochs to ignore at the start (warm-up), an integer >= 0 (default 0). */
  startFromEpoch?: number;
  /** 1 prints a line when stopping and restoring (default 0, silent). */
  verbose?: 0 | 1;
  /** The stopping rule (default `'patience'`); see {@link StoppingCriterion}. */
  criterion?: StoppingCriterion;
}

/** The settings of an {@link EarlyStopping} callback: its options with defaults resolved. */
export interface EarlyStoppingSettings {
  /** The watched epoch-log value. */
  readonly monitor: string;
  /** The least change that counts as an improvement. */
  readonly minDelta: number;
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** The comparison mode as given. */
  readonly mode: 'auto' | 'min' | 'max';
  /** The baseline, or `undefined` for none. */
  readonly baseline: number | undefined;
  /** Whether (and when) the best weights are restored. */
  readonly restoreBestWeights: boolean | 'always';
  /** Epochs ignored at the start. */
  readonly startFromEpoch: number;
  /** Verbosity. */
  readonly verbose: 0 | 1;
  /** The stopping rule, with `stripLength` resolved. */
  readonly criterion: StoppingCriterion;
}

/** One epoch in {@link EarlyStopping.history}. */
export interface EarlyStoppingRecord {
  /** The epoch index, as `fit` counts it. */
  readonly epoch: number;
  /** The monitored value. */
  readonly value: number;
  /** Keras's `wait` counter after this epoch. */
  readonly wait: number;
  /** Whether the callback stopped training at this epoch. */
  readonly stop: boolean;
  /** GL(t) (Prechelt criteria only). */
  readonly gl?: number;
  /** The training progress P_k(t) (PQ only, at strip ends). */
  readonly pk?: number;
  /** GL(t) / P_k(t) (PQ only, at strip ends). */
  readonly pq?: number;
  /** Successive strips whose end rose (UP only, at strip ends). */
  readonly up?: number;
}

/**
 * A tfjs-layers callback that stops training when the monitored value stops improving. Made by
 * {@link earlyStopping}; its state is readable (`best`, `bestEpoch`, `wait`, `stoppedEpoch`, `history`).
 */
export class EarlyStopping extends tfl.Callback {
  /** The settings, defaults resolved. */
  readonly settings: EarlyStoppingSettings;
  /** The best monitored value so far (±Infinity before the first monitored epoch). */
  best = Number.POSITIVE_INFINITY;
  /** The epoch of the best value (-1 before the first monitored epoch). */
  bestEpoch = -1;
  /** Keras's counter of epochs since the last improvement that also beat the baseline. */
  wait = 0;
  /** The epoch at which this callback stopped training, or `null` if it did not. */
  stoppedEpoch: number | null = null;
  /** Whether the last `fit` ended with the best epoch's weights restored. */
  restored = false;
  /** Every monitored epoch of the last `fit`, with the criterion's values. */
  history: EarlyStoppingRecord[] = [];
  readonly #lower: boolean;
  #bestWeights: tf.Tensor[] | null = null;
  #lowestValue = Number.POSITIVE_INFINITY;
  #trainingLosses: number[] = [];
  #stripEnds: number[] = [];
  #ups = 0;

  /** @internal Use {@link earlyStopping}. */
  constructor(settings: EarlyStoppingSettings) {
    super();
    this.settings = Object.freeze({ ...settings });
    this.#lower = lowerIsBetter(settings.mode, settings.monitor);
    bindHooks(this);
    this.#reset();
  }

  #reset(): void {
    this.best = this.#lower ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.bestEpoch = -1;
    this.wait = 0;
    this.stoppedEpoch = null;
    this.restored = false;
    this.history = [];
    this.#lowestValue = Number.POSITIVE_INFINITY;
    this.#trainingLosses = [];
    this.#stripEnds = [];
    this.#ups = 0;
    this.#dropWeights();
  }

  #dropWeights(): void {
    if (this.#bestWeights != null) tf.dispose(this.#bestWeights);
    this.#bestWeights = null;
  }

  #keepWeights(): void {
    const model = modelOf('earlyStopping', this.model);
    const next = copyWeights(model);
    this.#dropWeights();
    this.#bestWeights = next;
  }

  // Keras's _is_improvement: min_delta moves the value towards "worse" before comparing.
  #improves(current: number, reference: number): boolean {
    const d = this.settings.minDelta;
    return this.#lower ? current + d < reference : current - d > reference;
  }

  #restore(epoch: number): void {
    if (this.#bestWeights == null) return;
    modelOf('earlyStopping', this.model).setWeights(this.#bestWeights);
    this.restored = true;
    if (this.settings.verbose > 0) console.log(`Epoch ${epoch + 1}: earlyStopping restoring the weights of epoch ${this.bestEpoch + 1}.`);
  }

  /**
   * Free the copies of the best weights now. Needed only when `fit` failed part-way (tfjs then skips
   * `onTrainEnd`, which frees them); the next `fit` frees them too.
   */
  dispose(): void {
    this.#dropWeights();
  }

  /** Reset the state (called by `fit`), so an instance can be reused as in Keras. */
  override async onTrainBegin(): Promise<void> {
    this.#reset();
  }

  /** Update the best value and counters, and stop training when the criterion says so (called by `fit`). */
  override async onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void> {
    const fn = 'earlyStopping';
    const resolved = await resolveLogs(logs);
    const { monitor, restoreBestWeights, startFromEpoch, criterion, patience, baseline } = this.settings;
    const current = monitored(fn, 'monitor', monitor, resolved, epoch);
    if (epoch < startFromEpoch) return;
    const restoring = restoreBestWeights !== false;
    // Keras: if no epoch ever improves, the first monitored epoch's weights are the ones restored.
    if (restoring && this.#bestWeights == null) {
      this.#keepWeights();
      this.bestEpoch = epoch;
    }
    const extra = criterion === 'patience' ? { stop: false, values: {} } : this.#prechelt(fn, epoch, current, resolved);
    this.wait++;
    let stop = false;
    if (this.#improves(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (restoring) this.#keepWeights();
      // Keras resets `wait` only for epochs that beat both the best so far and the baseline, and
      // never stops on an improving epoch.
      if (baseline === undefined || this.#improves(current, baseline)) this.wait = 0;
    } else if (criterion === 'patience') {
      stop = this.wait >= patience && epoch > 0;
    }
    if (criterion !== 'patience') stop = extra.stop;
    this.history.push({ epoch, value: current, wait: this.wait, stop, ...extra.values });
    if (!stop) return;
    this.stoppedEpoch = epoch;
    modelOf(fn, this.model).stopTraining = true;
    if (this.settings.verbose > 0) console.log(`Epoch ${epoch + 1}: earlyStopping stopped training.`);
    if (restoring) this.#restore(epoch);
  }

  #prechelt(fn: string, epoch: number, current: number, logs: Record<string, number>): { stop: boolean; values: Partial<EarlyStoppingRecord> } {
    const criterion = this.settings.criterion as Exclude<StoppingCriterion, 'patience'>;
    this.#lowestValue = Math.min(this.#lowestValue, current);
    if (!(this.#lowestValue > 0)) {
      throw new InvalidArgumentError(
        `${fn}: Prechelt's criteria need a positive validation error ("${this.settings.monitor}"); got ${formatValue(current)} at the end of epoch ${epoch}.`,
      );
    }
    const gl = 100 * (current / this.#lowestValue - 1);
    if ('gl' in criterion) return { stop: gl > criterion.gl, values: { gl } };
    const k = criterion.stripLength ?? 5;
    if ('pq' in criterion) this.#trainingLosses.push(monitored(fn, 'criterion', 'loss', logs, epoch));
    const monitoredEpochs = epoch - this.settings.startFromEpoch + 1;
    if (monitoredEpochs % k !== 0) return { stop: false, values: { gl } };
    if ('pq' in criterion) {
      const strip = this.#trainingLosses.slice(-k);
      const sum = strip.reduce((a, b) => a + b, 0);
      const pk = 1000 * (sum / (k * Math.min(...strip)) - 1);
      // No training progress at all: any generalization loss is infinitely many times larger.
      const pq = pk > 0 ? gl / pk : gl > 0 ? Number.POSITIVE_INFINITY : 0;
      return { stop: pq > criterion.pq, values: { gl, pk, pq } };
    }
    const previous = this.#stripEnds[this.#stripEnds.length - 1];
    this.#stripEnds.push(current);
    this.#ups = previous !== undefined && current > previous ? this.#ups + 1 : 0;
    return { stop: this.#ups >= criterion.up, values: { gl, up: this.#ups } };
  }

  /** With `restoreBestWeights: 'always'`, restore the best weights if training ran out of epochs; free the copies (called by `fit`). */
  override async onTrainEnd(): Promise<void> {
    try {
      if (this.settings.restoreBestWeights === 'always' && this.stoppedEpoch === null && this.bestEpoch >= 0) this.#restore(this.bestEpoch);
    } finally {
      this.#dropWeights();
    }
  }
}

const criterionConstraint = is.custom<StoppingCriterion>(
  "'patience', { gl: α > 0 }, { pq: α > 0, stripLength?: integer >= 2 } or { up: integer >= 1, stripLength?: integer >= 1 }",
  (v) => {
    if (v === 'patience') return true;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const keys = Object.keys(v);
    const o = v as Record<string, unknown>;
    const positive = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x > 0;
    const strip = (min: number): boolean => o.stripLength === undefined || (Number.isSafeInteger(o.stripLength) && (o.stripLength as number) >= min);
    if ('gl' in o) return keys.length === 1 && positive(o.gl);
    if ('pq' in o) return keys.every((k) => k === 'pq' || k === 'stripLength') && positive(o.pq) && strip(2);
    if ('up' in o) return keys.every((k) => k === 'up' || k === 'stripLength') && Number.isSafeInteger(o.up) && (o.up as number) >= 1 && strip(1);
    return false;
  },
);

/**
 * A tfjs-layers callback that stops training when the monitored value has stopped improving, with
 * Keras 3's `EarlyStopping` semantics (`wait` counts every monitored epoch and is reset only by an
 * epoch that beats both the best so far by more than `minDelta` and the `baseline`; an improving
 * epoch never stops; no stop at epoch 0; epochs before `startFromEpoch` are ignored), or with one
 * of Prechelt's criteria (see {@link StoppingCriterion}). Older tf.keras 2.x also checked for a stop
 * after an improving epoch, so with `patience: 0` it stopped at epoch 1 even while improving; and
 * tfjs-layers' own earlyStopping starts `best` at the baseline instead.
 *
 * `restoreBestWeights` really restores: the callback keeps copies of the best epoch's weights
 * (tensors, disposed when replaced and when training ends) and sets them when it stops. Like
 * Keras, it restores only when it stops training; `'always'` also restores when the epochs run out.
 * Unlike Keras, an unknown monitor name is an error at the end of the first epoch, not a warning,
 * and `stoppedEpoch` is `null` (not 0) when it did not stop.
 *
 * @param options - what to monitor and when to stop.
 * @returns the callback, to pass in `fit`'s or `fitDataset`'s `callbacks` (with tfjs's own, in any order).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, or a Prechelt criterion on a
 *   value where higher is better; during `fit`, for an unknown monitor name (listing the values
 *   that exist), a missing `loss` for PQ, a non-positive validation error for Prechelt's criteria,
 *   or when it must stop or restore but tfjs gave it no model (a plain object first in `callbacks`).
 * @example
 * ```ts
 * const stop = earlyStopping({ patience: 10, restoreBestWeights: true });
 * await model.fit(x, y, { epochs: 500, validationSplit: 0.2, callbacks: [stop] });
 * stop.bestEpoch; // the weights now in the model are this epoch's
 * const gl = earlyStopping({ criterion: { gl: 5 } }); // Prechelt's GL_5
 * ```
 * @see https://keras.io/api/callbacks/early_stopping/
 * @see Prechelt, L. (1998). Early Stopping — But When? In Neural Networks: Tricks of the Trade, LNCS 1524.
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  const fn = 'earlyStopping';
  checkOptions(fn, options, {
    monitor: is.string({ nonEmpty: true }),
    minDelta: is.number({ min: 0 }),
    patience: is.integer({ min: 0 }),
    mode: is.oneOf(['auto', 'min', 'max'] as const),
    baseline: is.number(),
    restoreBestWeights: is.oneOf([true, false, 'always'] as const),
    startFromEpoch: is.integer({ min: 0 }),
    verbose: is.oneOf([0, 1] as const),
    criterion: criterionConstraint,
  });
  const monitor = options.monitor ?? 'val_loss';
  const mode = options.mode ?? 'auto';
  const criterion = options.criterion ?? 'patience';
  if (criterion !== 'patience' && !lowerIsBetter(mode, monitor)) {
    throw invalidOption(fn, 'criterion', `'patience' when higher is better (Prechelt's criteria are defined on errors)`, criterion, `with monitor '${monitor}' and mode '${mode}'`);
  }
  return new EarlyStopping({
    monitor,
    minDelta: options.minDelta ?? 0,
    patience: options.patience ?? 0,
    mode,
    baseline: options.baseline,
    restoreBestWeights: options.restoreBestWeights ?? false,
    startFromEpoch: options.startFromEpoch ?? 0,
    verbose: options.verbose ?? 0,
    criterion: criterion === 'patience' || 'gl' in criterion ? criterion : { ...criterion, stripLength: criterion.stripLength ?? 5 },
  });
}
