// The storage state machine shared by memoryStorage and journalFileStorage: every change to a
// storage is one serializable operation, applied here. The memory storage applies operations as
// they come; the journal storage appends them to a log and replays the log into this same state
// (Optuna's JournalStorage works the same way: optuna/storages/_journal/storage.py). Validation
// happens in `check`, before an operation is logged, so that replay never meets a bad operation.
import { InvalidArgumentError } from '../../../core/errors.js';
import { compatibleDistributions, sameDistribution, toExternal } from '../../distributions.js';
import type {
  Direction,
  Distribution,
  FrozenTrial,
  JsonValue,
  ParamValue,
  StudyRecord,
  TrialError,
  TrialState,
  TrialTemplate,
} from '../../types.js';

/** One change to a storage. `at` is an ISO-8601 time stamped by the writer, so replay is exact. */
export type StorageOp =
  | { readonly op: 'createStudy'; readonly name: string; readonly directions: readonly Direction[]; readonly at: string }
  | { readonly op: 'deleteStudy'; readonly studyId: number }
  | { readonly op: 'setStudyUserAttr' | 'setStudySystemAttr'; readonly studyId: number; readonly key: string; readonly value: JsonValue }
  | { readonly op: 'createTrial'; readonly studyId: number; readonly template: TrialTemplate; readonly at: string }
  | { readonly op: 'claimTrial'; readonly trialId: number; readonly systemAttrs?: Readonly<Record<string, JsonValue>>; readonly at: string }
  | { readonly op: 'setTrialParam'; readonly trialId: number; readonly name: string; readonly value: number; readonly distribution: Distribution }
  | { readonly op: 'setTrialIntermediateValue'; readonly trialId: number; readonly step: number; readonly value: number }
  | { readonly op: 'setTrialUserAttr' | 'setTrialSystemAttr'; readonly trialId: number; readonly key: string; readonly value: JsonValue }
  | {
      readonly op: 'finishTrial';
      readonly trialId: number;
      readonly state: 'complete' | 'pruned' | 'fail';
      readonly values: readonly number[] | null;
      readonly error: TrialError | null;
      readonly at: string;
    };

interface StudyData {
  id: number;
  name: string;
  directions: readonly Direction[];
  userAttrs: Record<string, JsonValue>;
  systemAttrs: Record<string, JsonValue>;
  datetimeStart: string;
  trialIds: number[];
  frozen: StudyRecord | undefined;
}

interface TrialData {
  id: number;
  studyId: number;
  number: number;
  state: TrialState;
  values: readonly number[] | null;
  internal: Record<string, number>;
  distributions: Record<string, Distribution>;
  intermediate: Record<number, number>;
  userAttrs: Record<string, JsonValue>;
  systemAttrs: Record<string, JsonValue>;
  datetimeStart: string | null;
  datetimeComplete: string | null;
  error: TrialError | null;
  frozen: FrozenTrial | undefined;
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

const FINISHED: ReadonlySet<TrialState> = new Set(['complete', 'pruned', 'fail']);

function freezeStudy(s: StudyData): StudyRecord {
  return Object.freeze({
    id: s.id,
    name: s.name,
    directions: Object.freeze([...s.directions]),
    userAttrs: Object.freeze({ ...s.userAttrs }),
    systemAttrs: Object.freeze({ ...s.systemAttrs }),
    datetimeStart: s.datetimeStart,
  });
}

function freezeTrial(t: TrialData): FrozenTrial {
  const params: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(t.internal)) params[k] = toExternal(t.distributions[k]!, v);
  return Object.freeze({
    id: t.id,
    number: t.number,
    state: t.state,
    values: t.values === null ? null : Object.freeze([...t.values]),
    params: Object.freeze(params),
    internalParams: Object.freeze({ ...t.internal }),
    distributions: Object.freeze({ ...t.distributions }),
    intermediateValues: Object.freeze({ ...t.intermediate }),
    userAttrs: Object.freeze({ ...t.userAttrs }),
    systemAttrs: Object.freeze({ ...t.systemAttrs }),
    datetimeStart: t.datetimeStart,
    datetimeComplete: t.datetimeComplete,
    error: t.error,
  });
}

/**
 * Studies and trials in memory, changed only through {@link StorageState.apply}. Snapshots
 * (`FrozenTrial`, `StudyRecord`) are cached and rebuilt only after a change, so samplers that read
 * every trial on every suggestion do not copy the history each time.
 */
export class StorageState {
  readonly #studies = new Map<number, StudyData>();
  readonly #byName = new Map<string, number>();
  readonly #trials: TrialData[] = [];
  #nextStudyId = 0;
  /** Operations applied so far. */
  opCount = 0;

  /** Throw the error `op` would cause, without changing anything. */
  check(fn: string, op: StorageOp): void {
    switch (op.op) {
      case 'createStudy':
        if (this.#byName.has(op.name)) throw new InvalidArgumentError(`${fn}: a study named '${op.name}' already exists.`);
        return;
      case 'deleteStudy':
      case 'setStudyUserAttr':
      case 'setStudySystemAttr':
        this.study(fn, op.studyId);
        return;
      case 'createTrial':
        this.study(fn, op.studyId);
        return;
      case 'claimTrial': {
        const t = this.#trial(fn, op.trialId);
        if (t.state !== 'waiting') throw new InvalidArgumentError(`${fn}: trial ${t.number} is ${t.state}, not waiting, so it cannot be claimed.`);
        return;
      }
      case 'setTrialParam': {
        const t = this.#running(fn, op.trialId);
        const old = own(t.distributions, op.name);
        if (old !== undefined && !sameDistribution(old, op.distribution)) {
          throw new InvalidArgumentError(`${fn}: parameter '${op.name}' of trial ${t.number} is already set with another distribution.`);
        }
        for (const other of this.#studies.get(t.studyId)!.trialIds) {
          const d = own(this.#trials[other]!.distributions, op.name);
          if (d !== undefined && !compatibleDistributions(d, op.distribution)) {
            throw new InvalidArgumentError(
              `${fn}: parameter '${op.name}' was a ${d.type}${d.type !== 'categorical' && d.log ? ' (log)' : ''} parameter in trial ${this.#trials[other]!.number}; ` +
                `it cannot change kind${d.type === 'categorical' ? ' or choices' : ' or scale'} within a study.`,
            );
          }
        }
        return;
      }
      case 'setTrialIntermediateValue':
      case 'setTrialUserAttr':
      case 'setTrialSystemAttr':
      case 'finishTrial':
        this.#running(fn, op.trialId);
        return;
    }
  }

  /** Apply a checked operation. */
  apply(op: StorageOp): void {
    this.opCount++;
    switch (op.op) {
      case 'createStudy': {
        const id = this.#nextStudyId++;
        this.#studies.set(id, { id, name: op.name, directions: [...op.directions], userAttrs: {}, systemAttrs: {}, datetimeStart: op.at, trialIds: [], frozen: undefined });
        this.#byName.set(op.name, id);
        return;
      }
      case 'deleteStudy': {
        const s = this.#studies.get(op.studyId);
        if (s === undefined) return;
        this.#studies.delete(op.studyId);
        this.#byName.delete(s.name);
        return;
      }
      case 'setStudyUserAttr':
      case 'setStudySystemAttr': {
        const s = this.#studies.get(op.studyId)!;
        (op.op === 'setStudyUserAttr' ? s.userAttrs : s.systemAttrs)[op.key] = op.value;
        s.frozen = undefined;
        return;
      }
      case 'createTrial': {
        const s = this.#studies.get(op.studyId)!;
        const tpl = op.template;
        const state = tpl.state ?? 'running';
        const t: TrialData = {
          id: this.#trials.length,
          studyId: s.id,
          number: s.trialIds.length,
          state,
          values: null,
          internal: { ...(tpl.params ?? {}) },
          distributions: { ...(tpl.distributions ?? {}) },
          intermediate: {},
          userAttrs: { ...(tpl.userAttrs ?? {}) },
          systemAttrs: { ...(tpl.systemAttrs ?? {}) },
          datetimeStart: state === 'running' ? op.at : null,
          datetimeComplete: null,
          error: null,
          frozen: undefined,
        };
        this.#trials.push(t);
        s.trialIds.push(t.id);
        return;
      }
      case 'claimTrial': {
        const t = this.#trials[op.trialId]!;
        t.state = 'running';
        t.datetimeStart = op.at;
        Object.assign(t.systemAttrs, op.systemAttrs ?? {});
        t.frozen = undefined;
        return;
      }
      case 'setTrialParam': {
        const t = this.#trials[op.trialId]!;
        t.internal[op.name] = op.value;
        t.distributions[op.name] = op.distribution;
        t.frozen = undefined;
        return;
      }
      case 'setTrialIntermediateValue': {
        const t = this.#trials[op.trialId]!;
        t.intermediate[op.step] = op.value;
        t.frozen = undefined;
        return;
      }
      case 'setTrialUserAttr':
      case 'setTrialSystemAttr': {
        const t = this.#trials[op.trialId]!;
        (op.op === 'setTrialUserAttr' ? t.userAttrs : t.systemAttrs)[op.key] = op.value;
        t.frozen = undefined;
        return;
      }
      case 'finishTrial': {
        const t = this.#trials[op.trialId]!;
        t.state = op.state;
        t.values = op.state === 'complete' ? op.values : null;
        t.error = op.state === 'fail' ? op.error : null;
        t.datetimeComplete = op.at;
        t.frozen = undefined;
        return;
      }
    }
  }

  /** The study with this id; throws when there is none. */
  study(fn: string, studyId: number): StudyRecord {
    const s = this.#studies.get(studyId);
    if (s === undefined) throw new InvalidArgumentError(`${fn}: no study with id ${studyId}.`);
    return (s.frozen ??= freezeStudy(s));
  }

  /** The id of the study with this name, or `undefined`. */
  studyIdByName(name: string): number | undefined {
    return this.#byName.get(name);
  }

  /** The id the next created study will get. */
  get nextStudyId(): number {
    return this.#nextStudyId;
  }

  /** The id the next created trial will get. */
  get nextTrialId(): number {
    return this.#trials.length;
  }

  /** Every study. */
  studies(): StudyRecord[] {
    return [...this.#studies.values()].map((s) => (s.frozen ??= freezeStudy(s)));
  }

  /** The trial with this id; throws when there is none. */
  trial(fn: string, trialId: number): FrozenTrial {
    const t = this.#trial(fn, trialId);
    return (t.frozen ??= freezeTrial(t));
  }

  /** A study's trials in number order, optionally filtered by state. */
  trials(fn: string, studyId: number, states?: readonly TrialState[]): FrozenTrial[] {
    this.study(fn, studyId);
    const out: FrozenTrial[] = [];
    for (const id of this.#studies.get(studyId)!.trialIds) {
      const t = this.#trials[id]!;
      if (states === undefined || states.includes(t.state)) out.push((t.frozen ??= freezeTrial(t)));
    }
    return out;
  }

  #trial(fn: string, trialId: number): TrialData {
    const t = Number.isInteger(trialId) ? this.#trials[trialId] : undefined;
    if (t === undefined || !this.#studies.has(t.studyId)) throw new InvalidArgumentError(`${fn}: no trial with id ${trialId}.`);
    return t;
  }

  #running(fn: string, trialId: number): TrialData {
    const t = this.#trial(fn, trialId);
    if (FINISHED.has(t.state) || t.state === 'waiting') {
      throw new InvalidArgumentError(`${fn}: trial ${t.number} is ${t.state}; only a running trial can be changed.`);
    }
    return t;
  }
}

/** The public Storage method that writes `op`, to name it in error messages (`startTrial` for `createTrial`). */
export function opMethod(op: StorageOp): string {
  switch (op.op) {
    case 'createTrial':
    case 'claimTrial':
      return 'startTrial';
    default:
      return op.op;
  }
}

/** A unique-enough study name when none is given (Optuna uses `no-name-<uuid>`). */
export function generatedStudyName(): string {
  return `no-name-${globalThis.crypto.randomUUID()}`;
}
