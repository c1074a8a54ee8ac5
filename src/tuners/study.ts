import { InvalidArgumentError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import type { Rng } from '../core/types.js';
import { checkOptions, formatValue, invalidArgument, invalidOption, is } from '../core/validate.js';
import { TrialPruned } from './errors.js';
import { paretoFront } from './_internal/shared.js';
import { medianPruner } from './pruners/median.js';
import { createTrialProgress } from './progress.js';
import { tpeSampler } from './samplers/tpe.js';
import { ownPidNamespace } from './storages/_internal/lock.js';
import { memoryStorage } from './storages/memory.js';
import { RunningTrial, type TrialHost } from './trial.js';
import type {
  Direction,
  FrozenTrial,
  JsonValue,
  Objective,
  OptimizeOptions,
  ParamValue,
  Pruner,
  Sampler,
  Storage,
  Study,
  StudyRecord,
  TrialError,
  TrialRow,
  TrialStart,
} from './types.js';

/** Options of {@link createStudy}. */
export interface CreateStudyOptions {
  /** The objective's direction (default `'minimize'`). Exclusive with `directions`. */
  readonly direction?: Direction;
  /** One direction per objective, for multi-objective studies. Exclusive with `direction`. */
  readonly directions?: readonly Direction[];
  /** How parameters are chosen (default `tpeSampler()`, Optuna's default). */
  readonly sampler?: Sampler;
  /** When trials are stopped early (default `medianPruner()`, Optuna's default). */
  readonly pruner?: Pruner;
  /** Where the study lives (default a new `memoryStorage()`). */
  readonly storage?: Storage;
  /** The study's name in its storage (default a generated unique name). */
  readonly studyName?: string;
  /** Resume the study of that name when it exists (default `false`: an existing name is an error). */
  readonly loadIfExists?: boolean;
  /** Seed of the sampler's random streams when the sampler has none of its own (default: random). */
  readonly seed?: number | string;
}

/** Options of {@link loadStudy}. */
export interface LoadStudyOptions {
  /** The study's name. */
  readonly studyName: string;
  /** Where it lives. */
  readonly storage: Storage;
  /** Sampler for new trials (default `tpeSampler()`). */
  readonly sampler?: Sampler;
  /** Pruner for new trials (default `medianPruner()`). */
  readonly pruner?: Pruner;
  /** Seed for the sampler when it has none (default: random). */
  readonly seed?: number | string;
}

const isSampler = is.custom<Sampler>('a sampler (from tpeSampler(), randomSampler(), …)', (v) =>
  typeof v === 'object' && v !== null && typeof (v as Sampler).sampleIndependent === 'function' && typeof (v as Sampler).name === 'string');
const isPruner = is.custom<Pruner>('a pruner (from medianPruner(), nopPruner(), …)', (v) =>
  typeof v === 'object' && v !== null && typeof (v as Pruner).prune === 'function' && typeof (v as Pruner).name === 'string');
const isStorage = is.custom<Storage>('a storage (from memoryStorage() or journalFileStorage(path))', (v) =>
  typeof v === 'object' && v !== null && typeof (v as Storage).startTrial === 'function' && typeof (v as Storage).getAllTrials === 'function');
const isDirection = is.oneOf(['minimize', 'maximize'] as const);
const isSeed = is.anyOf(is.integer(), is.string());

const REFRESH_EVERY_MS = 1000;
const HEARTBEAT_MS = 10_000;

interface WorkerIdentity {
  readonly host: string | null;
  readonly pid: number | null;
  /** The pid namespace (Linux containers share host names but not pids). */
  readonly pidns: string | null;
  readonly token: string;
}

// Who runs this process's trials, so that storages can tell a dead worker's trials from live
// ones. Node and Deno have node:os; browsers do not (the name is built at run time so bundlers
// for the browser do not try to resolve it).
async function workerIdentity(): Promise<WorkerIdentity> {
  const token = globalThis.crypto.randomUUID();
  const proc = (globalThis as { process?: { pid?: number; versions?: { node?: string } } }).process;
  if (proc?.versions?.node === undefined) return { host: null, pid: null, pidns: null, token };
  const pid = proc.pid ?? null;
  try {
    const os = (await import(/* @vite-ignore */ ['node', 'os'].join(':'))) as { hostname(): string };
    return { host: os.hostname(), pid, pidns: await ownPidNamespace(), token };
  } catch {
    return { host: null, pid, pidns: null, token };
  }
}

function toTrialError(error: unknown): TrialError {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
  return { name: 'Error', message: typeof error === 'string' ? error : formatValue(error) };
}

/**
 * Resolve the result of an objective (or of `tell`) into the state and values to store.
 * Optuna (optuna/study/_tell.py) fails trials whose values are not numbers, have the wrong count
 * or are NaN, and keeps the study going.
 */
function resolveResult(
  result: unknown,
  directions: readonly Direction[],
): { state: 'complete' | 'fail'; values: number[] | null; error: TrialError | null } {
  const values = typeof result === 'number' ? [result] : Array.isArray(result) ? (result as unknown[]) : null;
  if (values === null || !values.every((v) => typeof v === 'number')) {
    return { state: 'fail', values: null, error: { name: 'InvalidObjectiveValue', message: `the objective must return ${directions.length === 1 ? 'a number' : `${directions.length} numbers`}; got ${formatValue(result)}.` } };
  }
  if (values.length !== directions.length) {
    return { state: 'fail', values: null, error: { name: 'InvalidObjectiveValue', message: `the study has ${directions.length} direction(s) but the objective returned ${values.length} value(s).` } };
  }
  if ((values as number[]).some((v) => Number.isNaN(v))) {
    return { state: 'fail', values: null, error: { name: 'NaNObjective', message: `the objective returned NaN (${formatValue(values)}).` } };
  }
  return { state: 'complete', values: values as number[], error: null };
}

/**
 * A running trial of this process and its queue of storage writes; the first write that fails
 * stops the queue, and its error is thrown when the trial is finished.
 */
interface TrialSlot {
  trial: RunningTrial;
  writes: Promise<void>;
  error: unknown;
}

class StudyImpl implements Study {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly Direction[];
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  readonly storage: Storage;
  readonly seed: number | string | null;
  #record: StudyRecord;
  #trials: FrozenTrial[];
  readonly #samplerRoot: Rng;
  readonly #worker: WorkerIdentity;
  readonly #active = new Map<number, TrialSlot>();
  #refreshing: Promise<unknown> | undefined;
  #lastRefresh = 0;
  #stopRequested = false;

  constructor(record: StudyRecord, trials: FrozenTrial[], sampler: Sampler, pruner: Pruner, storage: Storage, seed: number | string | null, worker: WorkerIdentity) {
    this.#record = record;
    this.studyId = record.id;
    this.studyName = record.name;
    this.directions = record.directions;
    this.sampler = sampler;
    this.pruner = pruner;
    this.storage = storage;
    this.seed = seed;
    this.#trials = trials;
    this.#worker = worker;
    this.#samplerRoot = createRng(sampler.seed ?? seed ?? worker.token).child('sampler');
  }

  get trials(): readonly FrozenTrial[] {
    return this.#trials;
  }

  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.#record.userAttrs;
  }

  get bestTrial(): FrozenTrial {
    if (this.directions.length > 1) {
      throw new InvalidArgumentError('study.bestTrial: a multi-objective study has no single best trial; use study.bestTrials (the Pareto front).');
    }
    const sign = this.directions[0] === 'maximize' ? -1 : 1;
    let best: FrozenTrial | undefined;
    for (const t of this.#trials) {
      if (t.state !== 'complete') continue;
      if (best === undefined || sign * t.values![0]! < sign * best.values![0]!) best = t;
    }
    if (best === undefined) {
      const failed = this.#trials.find((t) => t.state === 'fail');
      const why = failed?.error ? ` The first failure (trial ${failed.number}): ${failed.error.name}: ${failed.error.message}` : '';
      throw new InvalidArgumentError(`study.bestTrial: no trial is complete yet (${this.#trials.length} trial(s) so far).${why}`);
    }
    return best;
  }

  get bestValue(): number {
    return this.bestTrial.values![0]!;
  }

  get bestParams(): Readonly<Record<string, ParamValue>> {
    return this.bestTrial.params;
  }

  get bestTrials(): readonly FrozenTrial[] {
    return paretoFront(this.#trials, this.directions);
  }

  /**
   * The cached trials with this process's running trials replaced by their live snapshots, so that
   * concurrent trials in one process see each other's reports and rung records at once, as they
   * would with Optuna's in-memory storage.
   */
  #withActive(): readonly FrozenTrial[] {
    if (this.#active.size <= 1) return this.#trials;
    return this.#trials.map((t) => this.#active.get(t.number)?.trial.snapshot() ?? t);
  }

  requestRefresh(): void {
    // The memory storage is always current; others are re-read at most once a second.
    const now = Date.now();
    if (this.#refreshing !== undefined || now - this.#lastRefresh < REFRESH_EVERY_MS) return;
    this.#lastRefresh = now;
    this.#refreshing = this.refresh()
      .catch(() => undefined)
      .finally(() => (this.#refreshing = undefined));
  }

  async refresh(): Promise<readonly FrozenTrial[]> {
    const fresh = await this.storage.getAllTrials(this.studyId);
    this.#trials = fresh;
    return fresh;
  }

  stop(): void {
    this.#stopRequested = true;
  }

  async setUserAttr(key: string, value: JsonValue): Promise<void> {
    if (typeof key !== 'string' || key.length === 0) throw invalidArgument('study.setUserAttr', 'key', 'a non-empty string', key);
    await this.storage.setStudyUserAttr(this.studyId, key, value);
    this.#record = (await this.storage.loadStudy(this.studyName));
  }

  async enqueue(params: Readonly<Record<string, ParamValue>>, options: { readonly skipIfExists?: boolean } = {}): Promise<void> {
    checkOptions('study.enqueue', options, { skipIfExists: is.boolean() });
    const primitive = is.custom('a JSON primitive (string, finite number, boolean or null)', (v) =>
      v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)));
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw invalidArgument('study.enqueue', 'params', 'an object of parameter values', params);
    for (const [k, v] of Object.entries(params)) {
      if (!primitive.test(v)) throw invalidArgument('study.enqueue', `params.${k}`, primitive.description, v);
    }
    const fixed = { ...params };
    if (options.skipIfExists === true) {
      const trials = await this.refresh();
      const same = (t: FrozenTrial): boolean => {
        const f = t.systemAttrs['fixed_params'] as Record<string, JsonValue> | undefined;
        const p: Record<string, unknown> = t.state === 'waiting' ? (f ?? {}) : t.params;
        return Object.keys(fixed).every((k) => p[k] === fixed[k]);
      };
      if (trials.some(same)) return;
    }
    await this.storage.startTrial(this.studyId, () => ({ create: { state: 'waiting', systemAttrs: { fixed_params: fixed } } }));
    await this.refresh();
  }

  async ask(): Promise<RunningTrial> {
    const { host, pid, pidns, token } = this.#worker;
    const worker: JsonValue = { host, pid, token, ...(pidns === null ? {} : { pidns }) };
    const decide = (trials: readonly FrozenTrial[]): TrialStart => {
      const waiting = trials.find((t) => t.state === 'waiting');
      if (waiting !== undefined) return { claim: waiting.id, systemAttrs: { worker } };
      const view = { studyId: this.studyId, studyName: this.studyName, directions: this.directions, trials };
      const fixed = this.sampler.beforeTrial?.({ study: view, rng: this.#samplerRoot.child(trials.length) }, trials);
      const systemAttrs: Record<string, JsonValue> = { ...(fixed?.systemAttrs ?? {}), worker };
      if (fixed?.fixedParams !== undefined) systemAttrs['fixed_params'] = { ...fixed.fixedParams };
      return { create: { state: 'running', systemAttrs } };
    };
    const started = await this.storage.startTrial(this.studyId, decide);
    await this.refresh();
    const slot: TrialSlot = { trial: undefined as never, writes: Promise.resolve(), error: undefined };
    const trial = new RunningTrial(this.#hostFor(slot), started, this.#samplerRoot.child(started.number));
    slot.trial = trial;
    this.#active.set(started.number, slot);
    try {
      trial.sampleRelative();
    } catch (error) {
      await this.#finish(trial, 'fail', toTrialError(error));
      throw error;
    }
    return trial;
  }

  async tell(trial: RunningTrial | number, result: number | readonly number[] | 'pruned' | 'fail'): Promise<FrozenTrial> {
    return this.#finish(trial, result, null);
  }

  trialsTable(): TrialRow[] {
    return this.#trials.map((t) => {
      const start = t.datetimeStart === null ? null : Date.parse(t.datetimeStart);
      const end = t.datetimeComplete === null ? null : Date.parse(t.datetimeComplete);
      const row: Record<string, unknown> = {
        number: t.number,
        state: t.state,
        value: t.values === null ? null : t.values[0]!,
        values: t.values,
        durationMs: start === null || end === null ? null : end - start,
        datetimeStart: t.datetimeStart,
        datetimeComplete: t.datetimeComplete,
      };
      for (const [k, v] of Object.entries(t.params)) row[`params.${k}`] = v;
      return row as unknown as TrialRow;
    });
  }

  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    const fn = 'study.optimize';
    if (typeof objective !== 'function') throw invalidArgument(fn, 'objective', 'a function of a trial', objective);
    checkOptions(fn, options, {
      trials: is.integer({ min: 1 }),
      timeout: is.number({ min: 0, minExclusive: true }),
      catch: is.anyOf(is.arrayOf(is.func()), is.func()),
      callbacks: is.arrayOf(is.func()),
      progress: is.anyOf(is.boolean(), is.oneOf(['auto'] as const)),
      concurrency: is.integer({ min: 1 }),
    });
    if (options.trials === undefined && options.timeout === undefined) {
      throw invalidOption(fn, 'trials', 'given (or "timeout"), so that the study ends', undefined);
    }
    const caught = options.catch;
    const isCaught = (error: unknown): boolean =>
      caught === undefined ? false : Array.isArray(caught) ? caught.some((c) => error instanceof (c as new () => Error)) : (caught as (e: unknown) => boolean)(error);
    const total = options.trials ?? Infinity;
    const deadline = options.timeout === undefined ? Infinity : Date.now() + options.timeout;
    const stderr = (globalThis as { process?: { stderr?: { write(s: string): unknown; isTTY?: boolean; columns?: number } } }).process?.stderr;
    const showProgress = options.progress === true || ((options.progress ?? 'auto') === 'auto' && stderr?.isTTY === true);
    const progress = createTrialProgress({
      ...(Number.isFinite(total) ? { total } : {}),
      ...(options.timeout === undefined ? {} : { timeoutMs: options.timeout }),
      ...(showProgress && stderr !== undefined ? { stream: stderr } : {}),
      direction: this.directions[0]!,
    });
    this.#stopRequested = false;
    await this.storage.failStaleTrials?.(this.studyId);
    await this.refresh();
    let started = 0;
    let failure: { error: unknown } | undefined;
    const more = (): boolean =>
      failure === undefined && !this.#stopRequested && started < total && Date.now() < deadline && !(this.sampler.isExhausted?.(this.#trials) ?? false);
    const worker = async (): Promise<void> => {
      while (more()) {
        started++;
        const trial = await this.ask();
        let finished: FrozenTrial;
        const heartbeat = this.storage.heartbeat === undefined ? undefined : setInterval(() => void this.storage.heartbeat!(trial.id).catch(() => undefined), HEARTBEAT_MS);
        (heartbeat as { unref?: () => void } | undefined)?.unref?.();
        try {
          let result: unknown;
          let thrown: { error: unknown } | undefined;
          try {
            result = await objective(trial);
          } catch (error) {
            thrown = { error };
          }
          if (thrown === undefined) finished = await this.#finish(trial, result as number, null);
          else if (thrown.error instanceof TrialPruned) finished = await this.#finish(trial, 'pruned', null);
          else {
            finished = await this.#finish(trial, 'fail', toTrialError(thrown.error));
            if (!isCaught(thrown.error)) failure ??= thrown;
          }
        } finally {
          if (heartbeat !== undefined) clearInterval(heartbeat);
        }
        let best: number | null = null;
        try {
          best = this.directions.length === 1 && this.#trials.some((t) => t.state === 'complete') ? this.bestValue : null;
        } catch {
          best = null;
        }
        progress.update(finished, best);
        for (const cb of options.callbacks ?? []) await cb(this, finished);
      }
    };
    try {
      await Promise.all(Array.from({ length: options.concurrency ?? 1 }, () => worker()));
    } finally {
      progress.close();
    }
    if (failure !== undefined) throw failure.error;
  }

  #hostFor(slot: TrialSlot): TrialHost {
    // Each trial writes through its own slot, so concurrent trials keep separate write queues.
    const study = this;
    return {
      get studyId() { return study.studyId; },
      get studyName() { return study.studyName; },
      get directions() { return study.directions; },
      get sampler() { return study.sampler; },
      get pruner() { return study.pruner; },
      get storage() { return study.storage; },
      latestTrials: () => study.#withActive(),
      requestRefresh: () => study.requestRefresh(),
      write: (run) => {
        slot.writes = slot.writes.then(async () => {
          if (slot.error !== undefined) return;
          try {
            await run();
          } catch (error) {
            slot.error = error;
          }
        });
      },
    };
  }

  async #finish(trialOrNumber: RunningTrial | number, result: unknown, error: TrialError | null): Promise<FrozenTrial> {
    const fn = 'study.tell';
    const number = typeof trialOrNumber === 'number' ? trialOrNumber : trialOrNumber instanceof RunningTrial ? trialOrNumber.number : NaN;
    if (!Number.isSafeInteger(number)) throw invalidArgument(fn, 'trial', 'a trial from study.ask() or its number', trialOrNumber);
    const slot = this.#active.get(number);
    let trialId: number;
    let snapshot: FrozenTrial;
    if (slot !== undefined) {
      await slot.writes;
      if (slot.error !== undefined) {
        this.#active.delete(number);
        throw slot.error;
      }
      trialId = slot.trial.id;
      snapshot = slot.trial.snapshot();
    } else {
      const known = (await this.refresh()).find((t) => t.number === number);
      if (known === undefined) throw invalidArgument(fn, 'trial', `the number of a trial of this study (0 … ${this.#trials.length - 1})`, number);
      if (known.state !== 'running') throw new InvalidArgumentError(`${fn}: trial ${number} is already ${known.state}.`);
      trialId = known.id;
      snapshot = known;
    }
    let state: 'complete' | 'pruned' | 'fail';
    let values: number[] | null = null;
    if (result === 'pruned' || result === 'fail') {
      state = result;
      if (result === 'fail') error ??= { name: 'Failed', message: 'told failed' };
    } else {
      const r = resolveResult(result, this.directions);
      state = r.state;
      values = r.values;
      error = r.error;
    }
    const view = { studyId: this.studyId, studyName: this.studyName, directions: this.directions, trials: this.#trials };
    this.sampler.afterTrial?.({ study: view, rng: this.#samplerRoot.child(number) }, snapshot, state, values);
    this.#active.delete(number);
    const finished = await this.storage.finishTrial(trialId, state, values, state === 'fail' ? error : null);
    await this.refresh();
    return finished;
  }
}

/**
 * Create a study (or resume one with `loadIfExists`): the history of trials of one objective,
 * kept in a storage, with the sampler that proposes parameters and the pruner that stops
 * unpromising trials early. Define-by-run, as Optuna: the objective asks its trial for
 * parameters, so conditional search spaces are plain `if`s.
 *
 * @param options - directions, sampler, pruner, storage, name, seed; see {@link CreateStudyOptions}.
 * @returns the study.
 * @throws InvalidArgumentError for an unknown direction, both `direction` and `directions`, a
 *   bad sampler/pruner/storage, or an existing name without `loadIfExists`.
 * @example
 * ```ts
 * const study = await createStudy({ direction: 'minimize', sampler: tpeSampler({ seed: 1 }) });
 * await study.optimize((trial) => {
 *   const x = trial.float('x', -10, 10);
 *   return (x - 2) ** 2;
 * }, { trials: 50 });
 * study.bestParams; // { x: 2.01… }
 * ```
 * @see Optuna's `create_study` (optuna/study/study.py); Akiba et al. 2019, "Optuna: A
 *   Next-generation Hyperparameter Optimization Framework".
 */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  const fn = 'createStudy';
  checkOptions(fn, options, {
    direction: isDirection,
    directions: is.arrayOf(isDirection, { minLength: 1 }),
    sampler: isSampler,
    pruner: isPruner,
    storage: isStorage,
    studyName: is.string({ nonEmpty: true }),
    loadIfExists: is.boolean(),
    seed: isSeed,
  });
  if (options.direction !== undefined && options.directions !== undefined) {
    throw new InvalidArgumentError(`${fn}: give "direction" or "directions", not both; got direction ${formatValue(options.direction)} and directions ${formatValue(options.directions)}.`);
  }
  const directions = options.directions ?? [options.direction ?? 'minimize'];
  const storage = options.storage ?? memoryStorage();
  const record = await storage.createStudy({
    ...(options.studyName === undefined ? {} : { name: options.studyName }),
    directions,
    loadIfExists: options.loadIfExists ?? false,
  });
  const trials = await storage.getAllTrials(record.id);
  return new StudyImpl(record, trials, options.sampler ?? tpeSampler(), options.pruner ?? medianPruner(), storage, options.seed ?? null, await workerIdentity());
}

/**
 * Open an existing study of a storage, to add trials to it or read its results.
 *
 * @param options - the name, storage, and the sampler, pruner and seed for new trials.
 * @returns the study.
 * @throws InvalidArgumentError when the storage has no study of that name.
 * @example
 * ```ts
 * const study = await loadStudy({ studyName: 'mlp', storage: journalFileStorage('./mlp.jsonl') });
 * console.log(study.bestParams);
 * ```
 * @see Optuna's `load_study`.
 */
export async function loadStudy(options: LoadStudyOptions): Promise<Study> {
  const fn = 'loadStudy';
  if (options === undefined || options === null || typeof options !== 'object') throw invalidArgument(fn, 'options', 'an object with studyName and storage', options);
  checkOptions(fn, options, { studyName: is.string({ nonEmpty: true }), storage: isStorage, sampler: isSampler, pruner: isPruner, seed: isSeed });
  if (options.studyName === undefined) throw invalidOption(fn, 'studyName', 'a non-empty string', undefined);
  if (options.storage === undefined) throw invalidOption(fn, 'storage', isStorage.description, undefined);
  const record = await options.storage.loadStudy(options.studyName);
  const trials = await options.storage.getAllTrials(record.id);
  return new StudyImpl(record, trials, options.sampler ?? tpeSampler(), options.pruner ?? medianPruner(), options.storage, options.seed ?? null, await workerIdentity());
}
