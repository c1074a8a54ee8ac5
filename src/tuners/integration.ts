// tfjs-layers integration of whetstone/tuners: a fit callback that reports each epoch to a trial
// and stops the pruned ones (after Optuna's TFKerasPruningCallback and KerasPruningCallback,
// optuna/integration/tfkeras.py and optuna/integration/keras.py), a trial with fixed parameters
// (Optuna's FixedTrial, optuna/trial/_fixed.py), and `searchModel`, the one-call search of
// KerasTuner (`tuner.search` + `get_best_hyperparameters`) that also retrains the best
// configuration on all the rows, where KerasTuner's `get_best_models` returns a model trained on
// the training split only.
import { checkReport, userAttrCopy } from './_internal/shared.js';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { bindHooks, resolveLogs, type CallbackLogs } from '../core/_internal/callbacks.js';
import { toMatrix, toVector } from '../core/convert.js';
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { isTensor } from '../core/tensor.js';
import type { DataShape } from '../core/types.js';
import { checkArgument, checkOptions, formatValue, invalidArgument, invalidOption, is, type Constraint } from '../core/validate.js';
import {
  categoricalDistribution,
  contains,
  describeDistribution,
  floatDistribution,
  intDistribution,
  sameDistribution,
  toExternal,
} from './distributions.js';
import { TrialPruned } from './errors.js';
import { createStudy, type CreateStudyOptions } from './study.js';
import type {
  CategoricalChoice,
  Direction,
  Distribution,
  FrozenTrial,
  JsonValue,
  ParamValue,
  SearchSpace,
  Study,
  StudyCallback,
  SuggestOptions,
  Trial,
} from './types.js';

// ---------------------------------------------------------------------------------------------
// tunerCallback

/** Options of {@link tunerCallback}. */
export interface TunerCallbackOptions {
  /** The epoch-log value to report (default `'val_loss'`); an unknown name is an error at the end of the first epoch. */
  readonly monitor?: string;
  /**
   * Report (and ask the pruner) every this many epochs, an integer >= 1 (default 1): at the ends of
   * epochs `intervalEpochs - 1`, `2 · intervalEpochs - 1`, … (Optuna's KerasPruningCallback
   * `interval`).
   */
  readonly intervalEpochs?: number;
  /**
   * Whether `fit` itself rejects with {@link TrialPruned} when the trial was pruned (default
   * `true`): the callback throws it from `onTrainEnd`. tfjs then skips the `onTrainEnd` of the
   * callbacks listed after it, so put it last in `callbacks`, or set `false` and call
   * {@link TunerCallback.throwIfPruned} after `fit`.
   */
  readonly throwOnPrune?: boolean;
}

/** The settings of a {@link TunerCallback}: its options with defaults resolved. */
export interface TunerCallbackSettings {
  /** The reported epoch-log value. */
  readonly monitor: string;
  /** Report every this many epochs. */
  readonly intervalEpochs: number;
  /** Whether `fit` rejects with {@link TrialPruned} when the trial was pruned. */
  readonly throwOnPrune: boolean;
}

/** One epoch seen by a {@link TunerCallback}. */
export interface TunerEpochRecord {
  /** The epoch index, as `fit` counts it (from 0, or from `initialEpoch`). */
  readonly epoch: number;
  /** The monitored value at the end of the epoch (NaN is kept: the pruner decides what it means). */
  readonly value: number;
  /** Whether the value was reported to the trial (every `intervalEpochs` epochs). */
  readonly reported: boolean;
}

/**
 * A tfjs-layers callback that reports the monitored value to a trial at the end of each epoch
 * and stops training when the study's pruner says so. Made by {@link tunerCallback}; its state
 * (`pruned`, `prunedEpoch`, `history`) is readable after `fit`.
 */
export class TunerCallback extends tfl.Callback {
  /** The trial reported to. */
  readonly trial: Trial;
  /** The settings, defaults resolved. */
  readonly settings: TunerCallbackSettings;
  /** Whether the last `fit` was stopped because the pruner said so. */
  pruned = false;
  /** The epoch at which the last `fit` was pruned, or `null`. */
  prunedEpoch: number | null = null;
  /** Every epoch of the last `fit` with its monitored value. */
  history: TunerEpochRecord[] = [];

  /** @internal Use {@link tunerCallback}. */
  constructor(trial: Trial, settings: TunerCallbackSettings) {
    super();
    this.trial = trial;
    this.settings = Object.freeze({ ...settings });
    bindHooks(this);
  }

  /** Reset the state, so that one callback may serve several `fit` calls of the same trial (called by `fit`). */
  override async onTrainBegin(): Promise<void> {
    this.pruned = false;
    this.prunedEpoch = null;
    this.history = [];
  }

  /** Read the monitored value, report it, and stop training when the pruner says so (called by `fit`). */
  override async onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void> {
    // Resolving every epoch (not only reported ones) frees the scalar tensors in the shared logs
    // even when `onTrainEnd` throws and tfjs skips History.syncData.
    const resolved = await resolveLogs(logs);
    const { monitor, intervalEpochs } = this.settings;
    const value = resolved[monitor];
    if (typeof value !== 'number') {
      const names = Object.keys(resolved);
      const hint = monitor.startsWith('val_') && !names.some((n) => n.startsWith('val_')) ? '; validation values exist only when fit has validationData or validationSplit' : '';
      throw invalidOption('tunerCallback', 'monitor', `the name of a value in the epoch logs (${names.length > 0 ? names.map((n) => `'${n}'`).join(', ') : 'none'})`, monitor, `at the end of epoch ${epoch}${hint}`);
    }
    // Optuna's KerasPruningCallback: `(epoch + 1) % interval` — the interval's last epoch reports.
    const reported = (epoch + 1) % intervalEpochs === 0;
    this.history.push({ epoch, value, reported });
    if (!reported) return;
    this.trial.report(value, epoch);
    if (!this.trial.shouldPrune()) return;
    this.pruned = true;
    this.prunedEpoch = epoch;
    if (this.model == null) {
      throw new InvalidArgumentError(
        'tunerCallback: the callback has no model to stop: tfjs gives none when the first entry of the callbacks array is a plain object; put a Callback instance first.',
      );
    }
    this.model.stopTraining = true;
  }

  /** With `throwOnPrune` (the default), make `fit` reject with {@link TrialPruned} when the trial was pruned (called by `fit`). */
  override async onTrainEnd(): Promise<void> {
    if (this.settings.throwOnPrune) this.throwIfPruned();
  }

  /**
   * Throw {@link TrialPruned} when the last `fit` was pruned; do nothing otherwise. Call it after
   * `fit` when the callback was made with `throwOnPrune: false`.
   *
   * @throws `TrialPruned` when the last `fit` was pruned.
   */
  throwIfPruned(): void {
    if (!this.pruned) return;
    const last = this.history[this.history.length - 1];
    const detail = last === undefined ? '' : ` (${this.settings.monitor} = ${formatValue(last.value)})`;
    throw new TrialPruned(`tunerCallback: trial ${this.trial.number} was pruned at epoch ${this.prunedEpoch}${detail}.`);
  }
}

const isTrialLike = is.custom<Trial>('a trial (the argument of an objective)', (v) =>
  typeof v === 'object' && v !== null && typeof (v as Trial).report === 'function' && typeof (v as Trial).shouldPrune === 'function');

/**
 * A tfjs-layers callback for `model.fit` inside an objective: at the end of every epoch it reports
 * the monitored value with `trial.report(value, epoch)` and, when `trial.shouldPrune()` says so,
 * stops training (`model.stopTraining = true`). A pruned `fit` then rejects with
 * {@link TrialPruned}, which the study records as a pruned trial — the objective needs no code for
 * it. NaN values are reported as they are; the pruner decides (Optuna's pruners prune them).
 *
 * Why the error comes at the end and not from `onEpochEnd` (where Optuna's Keras callback raises):
 * thrown from `onTrainEnd`, it lets tfjs finish the epoch, reset the model's training flag and free
 * its copies of the data, so the model stays usable (it can be evaluated or trained again). Callbacks
 * listed after this one miss their `onTrainEnd`: put it last, or make it with `throwOnPrune: false`
 * and call `callback.throwIfPruned()` after `fit` (that is what {@link searchModel} does).
 *
 * @param trial - the objective's trial.
 * @param options - what to report and how often; see {@link TunerCallbackOptions}.
 * @returns the callback, for `fit`'s or `fitDataset`'s `callbacks`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a non-trial or bad options; during
 *   `fit`, for a monitor name missing from the epoch logs (listing those that exist);
 *   {@link TrialPruned} from `fit` when the trial was pruned (with `throwOnPrune`).
 * @example
 * ```ts
 * await study.optimize(async (trial) => {
 *   const model = buildModel(trial.float('lr', 1e-4, 1e-1, { log: true }));
 *   try {
 *     const h = await model.fit(x, y, { epochs: 20, validationSplit: 0.2, callbacks: [tunerCallback(trial)] });
 *     return Math.min(...(h.history.val_loss as number[]));
 *   } finally {
 *     model.dispose();
 *   }
 * }, { trials: 30 });
 * ```
 * @see optuna/integration/tfkeras.py (TFKerasPruningCallback) and optuna/integration/keras.py
 *   (`interval`), Optuna 3.1.
 */
export function tunerCallback(trial: Trial, options: TunerCallbackOptions = {}): TunerCallback {
  const fn = 'tunerCallback';
  checkArgument(fn, 'trial', trial, isTrialLike);
  checkOptions(fn, options, {
    monitor: is.string({ nonEmpty: true }),
    intervalEpochs: is.integer({ min: 1 }),
    throwOnPrune: is.boolean(),
  });
  return new TunerCallback(trial, {
    monitor: options.monitor ?? 'val_loss',
    intervalEpochs: options.intervalEpochs ?? 1,
    throwOnPrune: options.throwOnPrune ?? true,
  });
}

// ---------------------------------------------------------------------------------------------
// fixedTrial

/** Options of {@link fixedTrial}. */
export interface FixedTrialOptions {
  /** The trial's `number` (default 0, as Optuna's FixedTrial), e.g. the number of the trial whose parameters these are. */
  readonly number?: number;
}

const isParamValue = is.custom<ParamValue>('a finite number, a string, a boolean or null', (v) =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)));

/**
 * A {@link Trial} that answers every suggestion from fixed parameter values instead of a sampler,
 * to run an objective (or a `buildModel`) with a known configuration — the best one of a study,
 * say — outside a study. Like a study's trial it validates each suggestion's range and keeps one
 * distribution per name; unlike Optuna's FixedTrial, which only warns, a fixed value outside the
 * suggested range is an error, as is a name it was not given. `report` records values,
 * `shouldPrune` is always `false`; nothing is stored anywhere. Its `id` is -1.
 *
 * @param params - the values by name, as the objective sees them (categorical choices, not indices).
 * @param options - see {@link FixedTrialOptions}.
 * @returns the trial.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for params that are not an object of JSON
 *   primitives, or bad options; later, from a suggestion, for a name not in `params`, a value
 *   outside the suggested range or choices (or not an integer for `int`), and the errors of a
 *   study's trial (empty range, `log` with `low <= 0`, a name suggested twice with different ranges).
 * @example
 * ```ts
 * const trial = fixedTrial({ units: 64, lr: 0.003, activation: 'relu' });
 * const model = buildModel(trial); // the same function the study's objective uses
 * trial.params; // the parameters buildModel asked for
 * ```
 * @see optuna/trial/_fixed.py (Optuna 3.1 FixedTrial).
 */
export function fixedTrial(params: Readonly<Record<string, ParamValue>>, options: FixedTrialOptions = {}): Trial {
  const fn = 'fixedTrial';
  checkArgument(fn, 'params', params, is.record(is.string({ nonEmpty: true }), isParamValue));
  checkOptions(fn, options, { number: is.integer({ min: 0 }) });
  const given: Readonly<Record<string, ParamValue>> = Object.freeze({ ...params });
  const suggested: Record<string, ParamValue> = {};
  const distributions: Record<string, Distribution> = {};
  const intermediate: Record<number, number> = {};
  const userAttrs: Record<string, JsonValue> = {};

  const suggest = (method: string, name: string, distribution: Distribution): ParamValue => {
    const old = distributions[name];
    if (old !== undefined) {
      if (!sameDistribution(old, distribution)) {
        throw new InvalidArgumentError(
          `${method}: parameter '${name}' was already suggested in this trial as ${describeDistribution(old)}; got ${describeDistribution(distribution)}. A parameter keeps one distribution within a trial.`,
        );
      }
      return suggested[name]!;
    }
    if (!Object.prototype.hasOwnProperty.call(given, name)) {
      const names = Object.keys(given);
      throw new InvalidArgumentError(
        `${method}: parameter '${name}' has no fixed value; this fixedTrial has ${names.length > 0 ? names.map((n) => `'${n}'`).join(', ') : 'none'}.`,
      );
    }
    const value = given[name]!;
    const internal = distribution.type === 'categorical' ? distribution.choices.indexOf(value as CategoricalChoice) : typeof value === 'number' ? value : NaN;
    if (!contains(distribution, internal)) {
      throw new InvalidArgumentError(`${method}: the fixed value ${formatValue(value)} of parameter '${name}' is not in ${describeDistribution(distribution)}.`);
    }
    const external = toExternal(distribution, internal);
    distributions[name] = distribution;
    suggested[name] = external;
    return external;
  };
  const checkName = (method: string, name: unknown): void => {
    if (typeof name !== 'string' || name.length === 0) throw invalidArgument(method, 'name', 'a non-empty string', name);
  };

  const trial: Trial = {
    number: options.number ?? 0,
    id: -1,
    get params() {
      return { ...suggested };
    },
    get distributions(): SearchSpace {
      return { ...distributions };
    },
    get intermediateValues() {
      return { ...intermediate };
    },
    get userAttrs() {
      return { ...userAttrs };
    },
    int(name, low, high, suggestOptions?: SuggestOptions) {
      checkName('trial.int', name);
      return suggest('trial.int', name, intDistribution(name, low, high, suggestOptions)) as number;
    },
    float(name, low, high, suggestOptions?: SuggestOptions) {
      checkName('trial.float', name);
      return suggest('trial.float', name, floatDistribution(name, low, high, suggestOptions)) as number;
    },
    categorical<const T extends CategoricalChoice>(name: string, choices: readonly T[]): T {
      checkName('trial.categorical', name);
      return suggest('trial.categorical', name, categoricalDistribution(name, choices)) as T;
    },
    boolean(name) {
      checkName('trial.boolean', name);
      return suggest('trial.boolean', name, categoricalDistribution(name, [false, true], 'trial.boolean')) as boolean;
    },
    report(value, step) {
      checkReport(value, step);
      // As a study's trial (and Optuna): the first value reported for a step stays.
      if (!(step in intermediate)) intermediate[step] = value;
    },
    shouldPrune() {
      return false;
    },
    setUserAttr(key, value) {
      userAttrs[key] = userAttrCopy(key, value);
    },
  };
  return Object.freeze(trial);
}

// ---------------------------------------------------------------------------------------------
// searchModel

/** Features for {@link searchModel}: a tensor (rank >= 2: rows first), an array of rows, or `{ data, shape }`. */
export type SearchInput = tf.Tensor | readonly ArrayLike<number>[] | DataShape;

/** Targets for {@link searchModel}: a tensor (rows first), an array of numbers (one per row), or an array of rows (one-hot, several outputs). */
export type SearchTarget = tf.Tensor | ArrayLike<number> | readonly ArrayLike<number>[];

/** How {@link searchModel} trains each trial's model: a subset of tfjs's `ModelFitArgs`. */
export interface SearchFitOptions {
  /** The most epochs a trial trains, an integer >= 1 (default 10). */
  readonly epochs?: number;
  /** Rows per gradient step, an integer >= 1 (default 32, as tfjs). */
  readonly batchSize?: number;
  /**
   * Hold out this fraction of the rows for validation, in (0, 1): the last rows, before shuffling,
   * as tfjs does. Exclusive with `validationData`. One of the two is needed when the monitored value
   * is a validation value (the default `val_loss`).
   */
  readonly validationSplit?: number;
  /** Rows to validate on after each epoch: `[x, y]`, in the same forms as `x` and `y`. Exclusive with `validationSplit`. */
  readonly validationData?: readonly [SearchInput, SearchTarget];
  /**
   * Shuffle the training rows every epoch (default `true`, as tfjs). tfjs shuffles with
   * `Math.random`, not with the study's seed: set `false` for trials that repeat exactly.
   */
  readonly shuffle?: boolean;
  /** tfjs logging: 0 silent (default here), 1 progress bar, 2 one line per epoch. */
  readonly verbose?: 0 | 1 | 2;
  /**
   * More tfjs callbacks for every trial's `fit` (`earlyStopping(…)`, …), run before the tuner's own;
   * Callback instances (plain objects cannot be mixed with the tuner's callback). Not used when retraining.
   */
  readonly callbacks?: readonly tfl.Callback[];
  /** How often tfjs yields to the event loop: `'auto'` (tfjs default), `'batch'`, `'epoch'`, `'never'` or milliseconds. */
  readonly yieldEvery?: 'auto' | 'batch' | 'epoch' | 'never' | number;
}

/** What {@link searchModel} optimizes: an epoch-log value and its direction. */
export interface SearchObjective {
  /** The epoch-log value a trial is scored by, at its best epoch (default `'val_loss'`). */
  readonly monitor?: string;
  /**
   * Default: `'maximize'` when the name contains `acc` or `auc` (Keras's `'auto'` rule, as
   * KerasTuner infers directions for known metrics), else `'minimize'`.
   */
  readonly direction?: Direction;
}

/** The study {@link searchModel} runs: `createStudy`'s options but the direction (from `objective`). */
export type SearchStudyOptions = Omit<CreateStudyOptions, 'direction' | 'directions'>;

/** Options of {@link searchModel}. */
export interface SearchModelOptions {
  /** How each trial trains; see {@link SearchFitOptions}. */
  readonly fit?: SearchFitOptions;
  /** What to optimize; see {@link SearchObjective}. */
  readonly objective?: SearchObjective;
  /** How many trials to run, an integer >= 1 (default 10, KerasTuner's `max_trials`, unless `timeout` is given). */
  readonly trials?: number;
  /** Stop starting trials after this many milliseconds (default: no limit). */
  readonly timeout?: number;
  /** The study: sampler (default TPE), pruner (default median), storage, seed, name; see `createStudy`. */
  readonly study?: SearchStudyOptions;
  /**
   * Rebuild the best configuration and train it on all the rows (training and validation) for the
   * best trial's best number of epochs, and return it as `model` (default `true`).
   */
  readonly retrain?: boolean;
  /** Called after each finished trial (as `study.optimize`'s `callbacks`). */
  readonly callbacks?: readonly StudyCallback[];
  /** A progress bar on stderr: `true`, `false`, or `'auto'` (default: when stderr is a terminal). */
  readonly progress?: boolean | 'auto';
}

/** What {@link searchModel} returns. */
export interface SearchModelResult {
  /** The study, with every trial (`trialsTable()`, plots, importances, reports). */
  readonly study: Study;
  /** The best trial's parameters. */
  readonly bestParams: Readonly<Record<string, ParamValue>>;
  /** The best trial's value: the monitored value at its best epoch. */
  readonly bestValue: number;
  /** The best trial's best epoch (0-based): the retrained model trains `bestEpoch + 1` epochs. */
  readonly bestEpoch: number;
  /**
   * The best configuration trained on all the rows (with `retrain`), or `null`. Belongs to the
   * caller: dispose it (and, when `buildModel` compiled it with an optimizer object rather than a
   * name, that optimizer: `model.optimizer.dispose()`).
   */
  readonly model: tfl.LayersModel | null;
}

/** Builds a compiled model for a trial's parameters (see {@link searchModel}). */
export type BuildModel = (trial: Trial) => tfl.LayersModel | Promise<tfl.LayersModel>;

/** The user attribute holding a trial's best epoch (0-based). */
const BEST_EPOCH_ATTR = 'bestEpoch';
/** The user attribute holding how many epochs a trial trained. */
const EPOCHS_TRAINED_ATTR = 'epochsTrained';

interface Owned {
  readonly tensor: tf.Tensor;
  readonly owned: boolean;
}

function isArrayOfRows(v: unknown): v is readonly ArrayLike<number>[] {
  return Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r) || (ArrayBuffer.isView(r) && !(r instanceof DataView)));
}

function isDataShapeLike(v: unknown): v is DataShape {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isTensor(v) && 'data' in v && 'shape' in v;
}

// Tensors are used as given (never disposed); arrays are validated (finite, rectangular) and made
// into float32 tensors that searchModel owns.
function toFeatures(fn: string, name: string, v: unknown, role: 'argument' | 'option'): Owned {
  if (isTensor(v)) {
    if (v.rank < 2) throw new ShapeError(`${fn}: ${role} "${name}" must be a tensor of rank >= 2 (rows first); got ${formatValue(v)}.`);
    return { tensor: v, owned: false };
  }
  if (isArrayOfRows(v) || isDataShapeLike(v)) {
    const m = toMatrix(v, { fn, name, role });
    return { tensor: tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]), owned: true };
  }
  throw new InvalidArgumentError(`${fn}: ${role} "${name}" must be a tensor, an array of rows or { data, shape }; got ${formatValue(v)}.`);
}

function toTargets(fn: string, name: string, v: unknown, role: 'argument' | 'option'): Owned {
  if (isTensor(v)) {
    if (v.rank < 1) throw new ShapeError(`${fn}: ${role} "${name}" must be a tensor of rank >= 1 (rows first); got ${formatValue(v)}.`);
    return { tensor: v, owned: false };
  }
  if (isArrayOfRows(v)) {
    const m = toMatrix(v, { fn, name, role });
    return { tensor: tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]), owned: true };
  }
  if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    const t = toVector(v as ArrayLike<number>, { fn, name, role });
    return { tensor: tf.tensor1d(Float32Array.from(t.data)), owned: true };
  }
  throw new InvalidArgumentError(`${fn}: ${role} "${name}" must be a tensor, an array of numbers or an array of rows; got ${formatValue(v)}.`);
}

const callbackInstances = is.custom<readonly tfl.Callback[]>('an array of tfjs Callback instances', (v) =>
  Array.isArray(v) && v.every((c) => c instanceof tfl.Callback));

const FIT_SPEC = {
  epochs: is.integer({ min: 1 }),
  batchSize: is.integer({ min: 1 }),
  validationSplit: is.number({ min: 0, max: 1, minExclusive: true, maxExclusive: true }),
  validationData: is.custom('an array [x, y]', (v) => Array.isArray(v) && v.length === 2),
  shuffle: is.boolean(),
  verbose: is.oneOf([0, 1, 2] as const),
  callbacks: callbackInstances,
  yieldEvery: is.anyOf(is.oneOf(['auto', 'batch', 'epoch', 'never'] as const), is.integer({ min: 1 })),
};

// Options inside an option object, checked with their dotted names ("fit.epochs") so that the
// messages say which object they belong to.
function checkNested(fn: string, name: string, value: object, spec: Readonly<Record<string, Constraint>>): void {
  const prefixed = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).map(([k, v]) => [`${name}.${k}`, v]));
  checkOptions(fn, prefixed(value), prefixed(spec) as Record<string, Constraint>);
}

const isPlainObject = is.custom<object>('an object', (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !isTensor(v));

/** Keras's `'auto'` rule: higher is better when the name contains `acc` or `auc`. */
function autoDirection(monitor: string): Direction {
  return monitor.includes('acc') || monitor.includes('auc') ? 'maximize' : 'minimize';
}

/** The best (direction-wise) non-NaN epoch of a fit, or `null` when every value was NaN. */
function bestOf(history: readonly TunerEpochRecord[], direction: Direction): TunerEpochRecord | null {
  let best: TunerEpochRecord | null = null;
  for (const r of history) {
    if (Number.isNaN(r.value)) continue;
    if (best === null || (direction === 'minimize' ? r.value < best.value : r.value > best.value)) best = r;
  }
  return best;
}

// Each model's optimizer belongs to that model: tfjs frees it with the model only when compiled by
// name, so an optimizer object is freed here. One that comes back in a later trial would be dead.
function disposeModel(model: tfl.LayersModel, disposed: WeakSet<object>): void {
  const optimizer = model.optimizer as tf.Optimizer | undefined;
  const owned = (model as unknown as { isOptimizerOwned?: boolean }).isOptimizerOwned === true;
  model.dispose();
  if (optimizer != null && !owned && !disposed.has(optimizer)) {
    optimizer.dispose();
    disposed.add(optimizer);
  }
}

async function buildChecked(fn: string, buildModel: BuildModel, trial: Trial, disposed: WeakSet<object>): Promise<tfl.LayersModel> {
  const model = await buildModel(trial);
  if (!(model instanceof tfl.LayersModel)) {
    throw new InvalidArgumentError(`${fn}: buildModel must return a tfjs-layers model (tfl.sequential() or tfl.model(…)); got ${formatValue(model)} for trial ${trial.number}.`);
  }
  const optimizer = model.optimizer as tf.Optimizer | undefined;
  if (optimizer == null) {
    model.dispose();
    throw new InvalidArgumentError(`${fn}: buildModel must return a compiled model (call model.compile({ optimizer, loss }) in it); trial ${trial.number}'s was not.`);
  }
  if (disposed.has(optimizer)) {
    model.dispose();
    throw new InvalidArgumentError(
      `${fn}: buildModel compiled trial ${trial.number}'s model with an optimizer of an earlier trial, which searchModel disposed with that trial's model; create the optimizer inside buildModel.`,
    );
  }
  return model;
}

/**
 * Search a tfjs-layers model's hyperparameters in one call, as KerasTuner's `tuner.search` +
 * `get_best_hyperparameters`, with a define-by-run study underneath. Each trial calls
 * `buildModel(trial)` (which asks the trial for its hyperparameters and returns a compiled model),
 * trains the model with a {@link tunerCallback} (the study's pruner stops unpromising trials),
 * scores the trial by the monitored value at its best epoch (kept as the user attribute
 * `bestEpoch`, with `epochsTrained`), and disposes the model and its optimizer.
 *
 * With `retrain` (the default) the best configuration is then rebuilt with
 * `buildModel(fixedTrial(study.bestParams))` and trained on all the rows — training and validation
 * together — for `bestEpoch + 1` epochs, and returned. KerasTuner's `get_best_models` instead
 * returns the best trial's model, trained on the training split only; the extra rows usually help
 * more than they risk (the epoch count was chosen on fewer rows; nothing is validated afterwards).
 *
 * Reproducibility: the study's `seed` (or the sampler's) fixes which hyperparameters are tried.
 * Training itself has two more sources of randomness: weight initializers (seed them in buildModel,
 * e.g. `tfl.initializers.glorotUniform({ seed: 1000 + trial.number })` or whetstone/initializers)
 * and tfjs's per-epoch shuffling, which uses `Math.random` (set `fit.shuffle: false` to remove it).
 *
 * @param buildModel - a function of a trial returning a compiled model (or a promise of one); the
 *   model and the optimizer it was compiled with belong to searchModel, so create both inside.
 * @param x - training features: a tensor (any rank >= 2, rows first), an array of rows or `{ data, shape }`.
 * @param y - training targets, one row per row of `x`: a tensor, an array of numbers or an array of rows.
 * @param options - training, objective, trial budget, study and retraining; see {@link SearchModelOptions}.
 * @returns the study, the best parameters, value and epoch, and the retrained model (the caller's: dispose it).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad data or options (checked before any
 *   trial), a validation monitor without validation data, a `buildModel` that does not return a
 *   compiled model, or when no trial completed; {@link "whetstone/core"!ShapeError} when row counts
 *   differ; errors thrown by `buildModel` or `fit` (the trial is recorded as failed first).
 * @example
 * ```ts
 * const { bestParams, model } = await searchModel((trial) => {
 *   const m = tfl.sequential();
 *   m.add(tfl.layers.dense({ inputShape: [64], units: trial.int('units', 16, 256, { log: true }), activation: 'relu' }));
 *   m.add(tfl.layers.dropout({ rate: trial.float('dropout', 0, 0.5) }));
 *   m.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
 *   m.compile({ optimizer: tf.train.adam(trial.float('lr', 1e-4, 1e-2, { log: true })), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
 *   return m;
 * }, x, y, { fit: { epochs: 20, validationSplit: 0.2 }, objective: { monitor: 'val_acc' }, trials: 30, study: { seed: 1 } });
 * // model: the best configuration trained on every row of x; the caller disposes it
 * ```
 * @see KerasTuner's `Tuner.search` / `get_best_hyperparameters` / `get_best_models`
 *   (https://keras.io/api/keras_tuner/tuners/base_tuner/); Optuna's TFKerasPruningCallback and FixedTrial.
 */
export async function searchModel(buildModel: BuildModel, x: SearchInput, y: SearchTarget, options: SearchModelOptions = {}): Promise<SearchModelResult> {
  const fn = 'searchModel';
  checkArgument(fn, 'buildModel', buildModel, is.func());
  checkOptions(fn, options, {
    fit: isPlainObject,
    objective: isPlainObject,
    trials: is.integer({ min: 1 }),
    timeout: is.number({ min: 0, minExclusive: true }),
    study: isPlainObject,
    retrain: is.boolean(),
    callbacks: is.arrayOf(is.func()),
    progress: is.anyOf(is.boolean(), is.oneOf(['auto'] as const)),
  });
  const fitOptions = options.fit ?? {};
  checkNested(fn, 'fit', fitOptions, FIT_SPEC);
  const objective = options.objective ?? {};
  checkNested(fn, 'objective', objective, { monitor: is.string({ nonEmpty: true }), direction: is.oneOf(['minimize', 'maximize'] as const) });
  if (options.study !== undefined && ('direction' in options.study || 'directions' in options.study)) {
    throw invalidOption(fn, 'study.direction', 'left out (searchModel takes the direction from "objective.direction")', (options.study as { direction?: unknown }).direction);
  }
  if (fitOptions.validationSplit !== undefined && fitOptions.validationData !== undefined) {
    throw invalidOption(fn, 'fit.validationData', 'left out when "fit.validationSplit" is given (choose one)', fitOptions.validationData);
  }
  const monitor = objective.monitor ?? 'val_loss';
  const direction = objective.direction ?? autoDirection(monitor);
  const validating = fitOptions.validationSplit !== undefined || fitOptions.validationData !== undefined;
  if (monitor.startsWith('val_') && !validating) {
    throw invalidOption(fn, 'fit.validationSplit', 'given (or "fit.validationData")', undefined, `the objective monitors '${monitor}', a validation value`);
  }
  const epochs = fitOptions.epochs ?? 10;
  const retrain = options.retrain ?? true;

  const owned: tf.Tensor[] = [];
  const keep = (o: Owned): tf.Tensor => {
    if (o.owned) owned.push(o.tensor);
    return o.tensor;
  };
  try {
    const xs = keep(toFeatures(fn, 'x', x, 'argument'));
    const ys = keep(toTargets(fn, 'y', y, 'argument'));
    if (xs.shape[0] !== ys.shape[0]) throw new ShapeError(`${fn}: arguments "x" and "y" must have the same number of rows; got ${xs.shape[0]} and ${ys.shape[0]}.`);
    let validation: [tf.Tensor, tf.Tensor] | undefined;
    if (fitOptions.validationData !== undefined) {
      const vx = keep(toFeatures(fn, 'fit.validationData[0]', fitOptions.validationData[0], 'option'));
      const vy = keep(toTargets(fn, 'fit.validationData[1]', fitOptions.validationData[1], 'option'));
      if (vx.shape[0] !== vy.shape[0]) {
        throw new ShapeError(`${fn}: option "fit.validationData" must hold as many rows of x as of y; got ${vx.shape[0]} and ${vy.shape[0]}.`);
      }
      if (vx.rank !== xs.rank || vx.shape.slice(1).some((d, i) => d !== xs.shape[i + 1])) {
        throw new ShapeError(`${fn}: option "fit.validationData" must have rows shaped as x's ([${xs.shape.slice(1).join(', ')}]); got [${vx.shape.slice(1).join(', ')}].`);
      }
      if (vy.rank !== ys.rank || vy.shape.slice(1).some((d, i) => d !== ys.shape[i + 1])) {
        throw new ShapeError(`${fn}: option "fit.validationData" must have targets shaped as y's ([${ys.shape.slice(1).join(', ')}]); got [${vy.shape.slice(1).join(', ')}].`);
      }
      validation = [vx, vy];
    }
    // tfjs trains on the first floor(n · (1 − split)) rows and validates on the rest.
    if (fitOptions.validationSplit !== undefined && Math.floor(xs.shape[0]! * (1 - fitOptions.validationSplit)) < 1) {
      throw invalidOption(fn, 'fit.validationSplit', `small enough to leave at least one of the ${xs.shape[0]} rows for training`, fitOptions.validationSplit);
    }

    const study = await createStudy({ ...(options.study ?? {}), direction });
    const disposed = new WeakSet<object>();
    const common = {
      batchSize: fitOptions.batchSize ?? 32,
      shuffle: fitOptions.shuffle ?? true,
      verbose: fitOptions.verbose ?? 0,
      ...(fitOptions.yieldEvery === undefined ? {} : { yieldEvery: fitOptions.yieldEvery }),
    } as const;

    await study.optimize(
      async (trial) => {
        const model = await buildChecked(fn, buildModel, trial, disposed);
        try {
          const tuner = tunerCallback(trial, { monitor, throwOnPrune: false });
          await model.fit(xs, ys, {
            ...common,
            epochs,
            ...(validation === undefined ? {} : { validationData: validation }),
            ...(fitOptions.validationSplit === undefined ? {} : { validationSplit: fitOptions.validationSplit }),
            callbacks: [...(fitOptions.callbacks ?? []), tuner],
          });
          trial.setUserAttr(EPOCHS_TRAINED_ATTR, tuner.history.length);
          const best = bestOf(tuner.history, direction);
          if (best !== null) trial.setUserAttr(BEST_EPOCH_ATTR, best.epoch);
          tuner.throwIfPruned();
          // Every epoch NaN: NaN makes the study record the trial as failed and go on.
          return best === null ? Number.NaN : best.value;
        } finally {
          disposeModel(model, disposed);
        }
      },
      {
        ...(options.timeout === undefined || options.trials !== undefined ? { trials: options.trials ?? 10 } : {}),
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
        ...(options.callbacks === undefined ? {} : { callbacks: options.callbacks }),
        ...(options.progress === undefined ? {} : { progress: options.progress }),
      },
    );

    if (!study.trials.some((t) => t.state === 'complete')) {
      const count = (s: FrozenTrial['state']): number => study.trials.filter((t) => t.state === s).length;
      throw new InvalidArgumentError(`${fn}: no trial completed (${count('pruned')} pruned, ${count('fail')} failed), so there is no best configuration.`);
    }
    const bestTrial = study.bestTrial;
    const recorded = bestTrial.userAttrs[BEST_EPOCH_ATTR];
    const bestEpoch = typeof recorded === 'number' && Number.isSafeInteger(recorded) && recorded >= 0 ? recorded : epochs - 1;
    let model: tfl.LayersModel | null = null;
    if (retrain) {
      const allX = validation === undefined ? xs : keep({ tensor: tf.concat([xs, validation[0]]), owned: true });
      const allY = validation === undefined ? ys : keep({ tensor: tf.concat([ys, validation[1]]), owned: true });
      const built = await buildChecked(fn, buildModel, fixedTrial(bestTrial.params, { number: bestTrial.number }), disposed);
      try {
        await built.fit(allX, allY, { ...common, epochs: bestEpoch + 1 });
      } catch (error) {
        disposeModel(built, disposed);
        throw error;
      }
      model = built;
    }
    return { study, bestParams: bestTrial.params, bestValue: bestTrial.values![0]!, bestEpoch, model };
  } finally {
    tf.dispose(owned);
  }
}
