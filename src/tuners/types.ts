// The data model of whetstone/tuners, after Optuna's (optuna/trial/_frozen.py,
// optuna/distributions.py, optuna/storages/_base.py, optuna/samplers/_base.py,
// optuna/pruners/_base.py): a study is data in a storage, not process state. Every type here is
// JSON-serializable so that a journal file or a database can hold it.

/** Whether an objective is minimized or maximized. */
export type Direction = 'minimize' | 'maximize';

/**
 * The life of a trial. `waiting`: enqueued, not yet started; `running`: claimed by a worker;
 * `complete`: returned its value(s); `pruned`: stopped early by a pruner (its last intermediate
 * value stands in for its value where samplers need one); `fail`: threw, returned NaN, or its
 * worker died.
 */
export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'fail';

/** A value a categorical parameter may take: JSON primitives only, so that storages can hold it. */
export type CategoricalChoice = string | number | boolean | null;

/** A parameter value as the objective sees it. */
export type ParamValue = number | CategoricalChoice;

/** A JSON value (user and system attributes). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A float parameter in `[low, high]`: uniform, log-uniform (`log`, needs `low > 0`), or on the grid
 * `low, low + step, …` (`step`; then `high` is lowered to the last grid point, as Optuna does).
 * `log` and `step` are exclusive. Its internal value is the float itself.
 */
export interface FloatDistribution {
  /** Discriminant. */
  readonly type: 'float';
  /** Lower bound (inclusive). */
  readonly low: number;
  /** Upper bound (inclusive with a step; the last grid point). */
  readonly high: number;
  /** Sampled uniformly in log space. */
  readonly log: boolean;
  /** Grid spacing, or `null` for a continuous range. */
  readonly step: number | null;
}

/**
 * An integer parameter in `[low, high]` on the grid `low, low + step, …` (`high` lowered to the
 * last grid point), or log-uniform (`log`, needs `low >= 1` and `step` 1). Its internal value is
 * the integer itself.
 */
export interface IntDistribution {
  /** Discriminant. */
  readonly type: 'int';
  /** Lower bound (inclusive). */
  readonly low: number;
  /** Upper bound (inclusive; the last grid point). */
  readonly high: number;
  /** Sampled uniformly in log space. */
  readonly log: boolean;
  /** Grid spacing (1 for every integer). */
  readonly step: number;
}

/** A categorical parameter. Its internal value is the index of the choice in `choices`. */
export interface CategoricalDistribution {
  /** Discriminant. */
  readonly type: 'categorical';
  /** The possible values, in the order their indices refer to. */
  readonly choices: readonly CategoricalChoice[];
}

/** Where a parameter's values come from. */
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

/** A search space: parameter name → distribution. */
export type SearchSpace = Readonly<Record<string, Distribution>>;

/** Why a trial failed, kept with it (an `Error` does not survive a storage round trip). */
export interface TrialError {
  /** The error's `name` (`'TypeError'`, `'InvalidArgumentError'`, or `'NaNObjective'`). */
  readonly name: string;
  /** The error's message. */
  readonly message: string;
  /** The stack trace when there was one. */
  readonly stack?: string;
}

/**
 * A snapshot of one trial as a storage holds it. Immutable: a new snapshot is read after every
 * change.
 */
export interface FrozenTrial {
  /** Storage-wide identifier (unique across studies of one storage). */
  readonly id: number;
  /** 0-based position of the trial in its study (the order trials were created). */
  readonly number: number;
  /** Where the trial is in its life. */
  readonly state: TrialState;
  /** One value per objective direction, for `complete` trials; `null` otherwise. */
  readonly values: readonly number[] | null;
  /** Parameter values as the objective saw them (categorical choices, not indices). */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Internal values (categorical → index) in the same key order, for samplers. */
  readonly internalParams: Readonly<Record<string, number>>;
  /** The distribution each parameter was drawn from. */
  readonly distributions: SearchSpace;
  /** `trial.report(value, step)` values, step → value (steps are non-negative integers). */
  readonly intermediateValues: Readonly<Record<number, number>>;
  /** Attributes the objective attached with `trial.setUserAttr`. */
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  /** Attributes samplers, pruners and the study keep on the trial (`grid_id`, `fixed_params`, worker, …). */
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  /** ISO-8601 time the trial started running (`null` while waiting). */
  readonly datetimeStart: string | null;
  /** ISO-8601 time it finished (`null` while waiting or running). */
  readonly datetimeComplete: string | null;
  /** Why it failed, for `fail` trials. */
  readonly error: TrialError | null;
}

/** What a storage knows about a study. */
export interface StudyRecord {
  /** Storage-wide identifier. */
  readonly id: number;
  /** Unique name within the storage. */
  readonly name: string;
  /** One direction per objective. */
  readonly directions: readonly Direction[];
  /** Attributes set with `study.setUserAttr`. */
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  /** Attributes kept by samplers and the library. */
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  /** ISO-8601 creation time. */
  readonly datetimeStart: string;
}

/** The template of a trial to create (all fields optional; a new trial is `running`, empty). */
export interface TrialTemplate {
  /** `running` (default, for a trial being started) or `waiting` (enqueued). */
  readonly state?: 'running' | 'waiting';
  /** Internal parameter values to start with. */
  readonly params?: Readonly<Record<string, number>>;
  /** Their distributions. */
  readonly distributions?: SearchSpace;
  /** User attributes to start with. */
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  /** System attributes to start with (`fixed_params`, `worker`, a grid id, …). */
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
}

/**
 * What {@link Storage.startTrial}'s `decide` returns: create a new running trial, or claim a
 * `waiting` one (set it `running`, optionally adding system attributes).
 */
export type TrialStart =
  | {
      /** Create a new trial from this template. */
      readonly create: TrialTemplate;
    }
  | {
      /** Claim the waiting trial with this id. */
      readonly claim: number;
      /** System attributes to add to it. */
      readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
    };

/**
 * Where studies live. Every method is async so that remote storages (PostgreSQL, the next
 * storage) implement the same interface as the in-memory and journal-file ones. Implementations
 * must make {@link Storage.startTrial} atomic with respect to every other worker that shares the
 * storage: that is how a grid point or an enqueued trial is run exactly once.
 *
 * Errors: unknown study or trial ids, a duplicate study name, and changes to a finished trial
 * throw `InvalidArgumentError`.
 */
export interface Storage {
  /** A short name for messages and reports (`'memory'`, `'journal-file'`). */
  readonly kind: string;
  /**
   * Create a study. When `name` exists: return it if `loadIfExists` (checking that the directions
   * agree), else throw. A missing name gets a generated unique one.
   */
  createStudy(options: { readonly name?: string; readonly directions: readonly Direction[]; readonly loadIfExists?: boolean }): Promise<StudyRecord>;
  /** The study of that name; throws when there is none. */
  loadStudy(name: string): Promise<StudyRecord>;
  /** Every study of the storage. */
  listStudies(): Promise<StudyRecord[]>;
  /** Delete a study and its trials. */
  deleteStudy(studyId: number): Promise<void>;
  /** Set a user attribute of a study. */
  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void>;
  /** Set a system attribute of a study. */
  setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void>;
  /**
   * Atomically start a trial: call `decide` with every trial of the study as of now, under the
   * storage's lock (no other worker changes the study in between), and create or claim the trial
   * it returns. `decide` must be synchronous and pure but for its return value. Returns the
   * started (or created waiting) trial.
   */
  startTrial(studyId: number, decide: (trials: readonly FrozenTrial[]) => TrialStart): Promise<FrozenTrial>;
  /** Record a parameter's internal value and distribution on a running trial. */
  setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void>;
  /** Record an intermediate value (a later report for the same step replaces it). */
  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void>;
  /** Set a user attribute of a running or waiting trial. */
  setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  /** Set a system attribute of a running or waiting trial. */
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  /**
   * Finish a running trial. `values` for `complete` (one per direction); `error` for `fail`.
   * Throws when the trial is not running (finishing twice is a bug in the caller).
   */
  finishTrial(trialId: number, state: 'complete' | 'pruned' | 'fail', values?: readonly number[] | null, error?: TrialError | null): Promise<FrozenTrial>;
  /** One trial by id. */
  getTrial(trialId: number): Promise<FrozenTrial>;
  /** Trials of a study in `number` order, optionally only those in `states`. */
  getAllTrials(studyId: number, options?: { readonly states?: readonly TrialState[] }): Promise<FrozenTrial[]>;
  /**
   * Record that the worker running `trialId` is alive (storages that detect dead workers by
   * heartbeat). Optional.
   */
  heartbeat?(trialId: number): Promise<void>;
  /**
   * Fail the running trials of the study whose worker is gone (a killed process): by process id on
   * this host, or by a heartbeat older than `graceMs` for other hosts. Returns the failed trials'
   * ids. Optional; the study calls it before it starts trials.
   */
  failStaleTrials?(studyId: number, options?: { readonly graceMs?: number }): Promise<number[]>;
  /** Release files, connections and locks. */
  close?(): Promise<void>;
}

/**
 * The read-only view of a study that samplers and pruners get. `trials` is a snapshot taken when
 * the trial started (refreshed by `report`), including the current trial.
 */
export interface StudyView {
  /** The study's storage id. */
  readonly studyId: number;
  /** The study's name. */
  readonly studyName: string;
  /** One direction per objective. */
  readonly directions: readonly Direction[];
  /** Every trial of the study, in `number` order. */
  readonly trials: readonly FrozenTrial[];
}

/**
 * Samples parameters. Mirrors Optuna's BaseSampler: a sampler may sample some parameters jointly
 * (`inferRelativeSearchSpace` + `sampleRelative`, done once when the trial starts, from the
 * history) and the rest one at a time as the objective asks for them (`sampleIndependent`).
 *
 * Samplers are deterministic given their seed: randomness for trial `n` comes from
 * `rngFor(n)`-style child streams (see {@link SamplerContext.rng}), so a resumed or parallel study
 * reproduces the same draws for the same history.
 */
export interface Sampler {
  /** `'tpe'`, `'gp'`, `'random'`, `'grid'`, `'qmc'`, … (used in reports). */
  readonly name: string;
  /** The options the sampler was built with (for the reproducibility report). */
  readonly options: Readonly<Record<string, JsonValue>>;
  /**
   * The sampler's own seed, or `null` to take the study's. The study derives
   * {@link SamplerContext.rng} from it.
   */
  readonly seed: number | string | null;
  /**
   * Called inside {@link Storage.startTrial}'s lock before a new trial is created, with every trial
   * so far (waiting, enqueued trials are claimed before this is consulted): may fix parameter
   * values for the new trial (external values, as for `study.enqueue`; the grid sampler's points)
   * and return system attributes to store on it. Because it runs under the lock, two workers never
   * get the same grid point.
   */
  beforeTrial?(context: SamplerContext, trials: readonly FrozenTrial[]): TrialPreset | undefined;
  /**
   * Whether the sampler has nothing new to offer (every grid point taken); `study.optimize` stops
   * starting trials when it says so.
   */
  isExhausted?(trials: readonly FrozenTrial[]): boolean;
  /** The parameters to sample jointly for this trial (usually the intersection of past trials' spaces). */
  inferRelativeSearchSpace?(context: SamplerContext, trial: FrozenTrial): SearchSpace;
  /** Jointly sample `space`: internal values by name (may omit names to leave them independent). */
  sampleRelative?(context: SamplerContext, trial: FrozenTrial, space: SearchSpace): Readonly<Record<string, number>>;
  /** Sample one parameter the relative step did not cover; returns its internal value. */
  sampleIndependent(context: SamplerContext, trial: FrozenTrial, name: string, distribution: Distribution): number;
  /** Called after the trial is finished (before it is written). */
  afterTrial?(context: SamplerContext, trial: FrozenTrial, state: 'complete' | 'pruned' | 'fail', values: readonly number[] | null): void;
}

/** What {@link Sampler.beforeTrial} may fix for a new trial. */
export interface TrialPreset {
  /** Parameter values (as the objective sees them) the trial must use. */
  readonly fixedParams?: Readonly<Record<string, ParamValue>>;
  /** System attributes to store on the new trial. */
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
}

/** What a sampler gets on every call. */
export interface SamplerContext {
  /** The study as the sampler may see it (filtered by the pruner's `samplerTrials`). */
  readonly study: StudyView;
  /**
   * A random stream for this trial: the study's sampler stream's child for the trial number,
   * so draws do not depend on how many other calls came before. Further children (`rng.child('x')`)
   * give independent sub-streams.
   */
  readonly rng: import('../core/types.js').Rng;
}

/**
 * Decides whether to stop a trial early from its intermediate values and the other trials'.
 * Mirrors Optuna's BasePruner.
 */
export interface Pruner {
  /** `'median'`, `'percentile'`, `'successiveHalving'`, `'hyperband'`, `'nop'`. */
  readonly name: string;
  /** The options the pruner was built with (for the reproducibility report). */
  readonly options: Readonly<Record<string, JsonValue>>;
  /** Whether to prune `trial` now (it has just reported). */
  prune(context: PrunerContext, trial: FrozenTrial): boolean;
  /**
   * The trials a sampler should learn from for `trial` (Hyperband gives each bracket's trials
   * their own history, as Optuna's HyperbandPruner does for TPE). Default: all of them.
   */
  samplerTrials?(study: StudyView, trial: FrozenTrial): readonly FrozenTrial[];
}

/** What a pruner gets. */
export interface PrunerContext {
  /** The study with the latest reports of this process's trials. */
  readonly study: StudyView;
  /**
   * Record a system attribute on a trial (successive halving keeps its rungs this way). The write
   * is applied to the view at once and to the storage before the trial's next step.
   */
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): void;
}

/** Options of `trial.int` and `trial.float`. */
export interface SuggestOptions {
  /** Grid spacing (int default 1; float default none). Exclusive with `log`. */
  readonly step?: number;
  /** Sample on a log scale (default `false`); needs `low > 0` (floats) or `low >= 1` (ints). */
  readonly log?: boolean;
}

/**
 * The handle an objective receives: ask it for parameters (define-by-run: branch on one
 * parameter to decide whether to ask for another), report intermediate values, ask whether to
 * stop. Suggestions are synchronous; writes to the storage are queued and awaited by the study
 * before the trial is finished.
 */
export interface Trial {
  /** 0-based position in the study. */
  readonly number: number;
  /** Storage id. */
  readonly id: number;
  /** Parameters suggested so far (external values). */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Distributions of the parameters suggested so far. */
  readonly distributions: SearchSpace;
  /** Intermediate values reported so far, step → value. */
  readonly intermediateValues: Readonly<Record<number, number>>;
  /** Attributes attached with `setUserAttr` so far. */
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  /** An integer in `[low, high]` (inclusive). Asking twice for one name returns the same value. */
  int(name: string, low: number, high: number, options?: SuggestOptions): number;
  /** A float in `[low, high]` (inclusive of `high` only with `step`, as Optuna). */
  float(name: string, low: number, high: number, options?: SuggestOptions): number;
  /** One of `choices` (JSON primitives; compared with `===`). */
  categorical<const T extends CategoricalChoice>(name: string, choices: readonly T[]): T;
  /** `true` or `false` (a categorical over the two). */
  boolean(name: string): boolean;
  /** Record an intermediate objective value at `step` (a non-negative integer, e.g. the epoch). */
  report(value: number, step: number): void;
  /** Whether the study's pruner says to stop now (after the latest `report`). */
  shouldPrune(): boolean;
  /** Attach a JSON value to the trial (kept in the storage). */
  setUserAttr(key: string, value: JsonValue): void;
}

/** An objective: one number (one direction) or one per direction; may be async. */
export type Objective = (trial: Trial) => number | readonly number[] | Promise<number | readonly number[]>;

/** Called after every finished trial of `study.optimize`. */
export type StudyCallback = (study: Study, trial: FrozenTrial) => void | Promise<void>;

/** Options of `study.optimize`. */
export interface OptimizeOptions {
  /** Stop after this many trials started by this call (default: until `timeout`; one of the two is required). */
  readonly trials?: number;
  /** Stop starting trials after this many milliseconds (default: no limit). */
  readonly timeout?: number;
  /**
   * Errors to record as a failed trial and go on from: error classes, or a predicate. Others are
   * recorded as a failed trial and then rethrown (Optuna's `catch`). Default: none.
   */
  readonly catch?: readonly (abstract new (...args: never[]) => Error)[] | ((error: unknown) => boolean);
  /** Called after each finished trial. */
  readonly callbacks?: readonly StudyCallback[];
  /** A progress bar on stderr: `true`, `false`, or `'auto'` (default: when stderr is a terminal). */
  readonly progress?: boolean | 'auto';
  /** Trials run at once within this process (async objectives; default 1). */
  readonly concurrency?: number;
}

/** A row of `study.trialsTable()`. */
export interface TrialRow {
  /** The trial's number. */
  readonly number: number;
  /** The trial's state. */
  readonly state: TrialState;
  /** The objective value (first direction), `null` unless complete. */
  readonly value: number | null;
  /** All values (multi-objective), `null` unless complete. */
  readonly values: readonly number[] | null;
  /** Milliseconds from start to completion, `null` while unfinished. */
  readonly durationMs: number | null;
  /** ISO-8601 start time, `null` while waiting. */
  readonly datetimeStart: string | null;
  /** ISO-8601 completion time, `null` while unfinished. */
  readonly datetimeComplete: string | null;
  /** `params.<name>` columns flattened in. */
  readonly [column: `params.${string}`]: ParamValue | undefined;
}

/**
 * A study: a storage-backed history of trials plus the sampler and pruner that extend it.
 * Create one with `createStudy` or `loadStudy`.
 */
export interface Study {
  /** The study's storage id. */
  readonly studyId: number;
  /** The study's name in its storage. */
  readonly studyName: string;
  /** One direction per objective. */
  readonly directions: readonly Direction[];
  /** The sampler proposing parameters for new trials. */
  readonly sampler: Sampler;
  /** The pruner judging reports. */
  readonly pruner: Pruner;
  /** Where the study lives. */
  readonly storage: Storage;
  /** The seed the study was created with (for reports), or `null`. */
  readonly seed: number | string | null;
  /** Every trial, as of the last change this process made or saw (call `refresh` for others'). */
  readonly trials: readonly FrozenTrial[];
  /** The best complete trial (single objective); throws when there is none or the study is multi-objective. */
  readonly bestTrial: FrozenTrial;
  /** `bestTrial.values[0]`. */
  readonly bestValue: number;
  /** `bestTrial.params`. */
  readonly bestParams: Readonly<Record<string, ParamValue>>;
  /** The Pareto front of complete trials (any number of objectives; for one, the best trials). */
  readonly bestTrials: readonly FrozenTrial[];
  /** Run `objective` on new trials until `trials` or `timeout`. */
  optimize(objective: Objective, options?: OptimizeOptions): Promise<void>;
  /** Start a trial (an enqueued one first) for the ask-and-tell interface. */
  ask(): Promise<Trial>;
  /** Finish a trial from `ask`: its value(s), or a state (`'pruned'`, `'fail'`). NaN values fail it. */
  tell(trial: Trial | number, result: number | readonly number[] | 'pruned' | 'fail'): Promise<FrozenTrial>;
  /** Queue fixed parameters (external values) for a future trial; unnamed ones are sampled. */
  enqueue(params: Readonly<Record<string, ParamValue>>, options?: { readonly skipIfExists?: boolean }): Promise<void>;
  /** Ask a running `optimize` to start no further trials (from a callback, say). */
  stop(): void;
  /** Re-read trials from the storage (other workers' progress). */
  refresh(): Promise<readonly FrozenTrial[]>;
  /** One row per trial, parameters flattened into `params.<name>` columns. */
  trialsTable(): TrialRow[];
  /** Attach a JSON value to the study (kept in the storage). */
  setUserAttr(key: string, value: JsonValue): Promise<void>;
  /** Attributes set with `setUserAttr`. */
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
}
