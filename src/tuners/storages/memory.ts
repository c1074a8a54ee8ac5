import { checkOptions } from '../../core/validate.js';
import { InvalidArgumentError } from '../../core/errors.js';
import type { Direction, Distribution, FrozenTrial, JsonValue, StudyRecord, Storage, TrialError, TrialStart, TrialState } from '../types.js';
import { generatedStudyName, opMethod, StorageState, type StorageOp } from './_internal/state.js';

/**
 * Apply storage operations through a {@link StorageState}: shared by the storages built on it.
 * Internal.
 */
export abstract class StateStorage implements Storage {
  abstract readonly kind: string;
  /** The fn name used in error messages (`memoryStorage`, `journalFileStorage`). */
  protected abstract readonly fnName: string;

  /** Bring the state up to date (replay others' writes); called before every read. */
  protected abstract sync(): Promise<StorageState>;
  /**
   * Run `write` atomically: sync, let it compute the operations from the fresh state (it may
   * throw), check and persist them, apply them. Returns what `write` returned.
   */
  protected abstract transact<T>(write: (state: StorageState) => { ops: StorageOp[]; result: (state: StorageState) => T }): Promise<T>;

  async createStudy(options: { readonly name?: string; readonly directions: readonly Direction[]; readonly loadIfExists?: boolean }): Promise<StudyRecord> {
    const fn = `${this.fnName}.createStudy`;
    const name = options.name ?? generatedStudyName();
    return this.transact((state) => {
      const existing = state.studyIdByName(name);
      if (existing !== undefined) {
        if (options.loadIfExists !== true) throw new InvalidArgumentError(`${fn}: a study named '${name}' already exists (pass loadIfExists to resume it).`);
        const s = state.study(fn, existing);
        if (s.directions.join() !== options.directions.join()) {
          throw new InvalidArgumentError(`${fn}: study '${name}' exists with directions [${s.directions.join(', ')}]; got [${options.directions.join(', ')}].`);
        }
        return { ops: [], result: () => s };
      }
      const id = state.nextStudyId;
      return { ops: [{ op: 'createStudy', name, directions: [...options.directions], at: new Date().toISOString() }], result: (st) => st.study(fn, id) };
    });
  }

  async loadStudy(name: string): Promise<StudyRecord> {
    const state = await this.sync();
    const id = state.studyIdByName(name);
    if (id === undefined) throw new InvalidArgumentError(`${this.fnName}.loadStudy: no study named '${name}'.`);
    return state.study(`${this.fnName}.loadStudy`, id);
  }

  async listStudies(): Promise<StudyRecord[]> {
    return (await this.sync()).studies();
  }

  deleteStudy(studyId: number): Promise<void> {
    return this.#simple({ op: 'deleteStudy', studyId });
  }

  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    return this.#simple({ op: 'setStudyUserAttr', studyId, key, value });
  }

  setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    return this.#simple({ op: 'setStudySystemAttr', studyId, key, value });
  }

  startTrial(studyId: number, decide: (trials: readonly FrozenTrial[]) => TrialStart): Promise<FrozenTrial> {
    const fn = `${this.fnName}.startTrial`;
    return this.transact((state) => {
      const choice = decide(state.trials(fn, studyId));
      const at = new Date().toISOString();
      if ('claim' in choice) {
        const trialId = choice.claim;
        return { ops: [{ op: 'claimTrial', trialId, systemAttrs: choice.systemAttrs ?? {}, at }], result: (st) => st.trial(fn, trialId) };
      }
      const trialId = state.nextTrialId;
      return { ops: [{ op: 'createTrial', studyId, template: choice.create, at }], result: (st) => st.trial(fn, trialId) };
    });
  }

  setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void> {
    return this.#simple({ op: 'setTrialParam', trialId, name, value: internalValue, distribution });
  }

  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    return this.#simple({ op: 'setTrialIntermediateValue', trialId, step, value });
  }

  setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    return this.#simple({ op: 'setTrialUserAttr', trialId, key, value });
  }

  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    return this.#simple({ op: 'setTrialSystemAttr', trialId, key, value });
  }

  finishTrial(trialId: number, state: 'complete' | 'pruned' | 'fail', values: readonly number[] | null = null, error: TrialError | null = null): Promise<FrozenTrial> {
    const fn = `${this.fnName}.finishTrial`;
    return this.transact(() => ({
      ops: [{ op: 'finishTrial', trialId, state, values: values === null ? null : [...values], error, at: new Date().toISOString() }],
      result: (st) => st.trial(fn, trialId),
    }));
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    return (await this.sync()).trial(`${this.fnName}.getTrial`, trialId);
  }

  async getAllTrials(studyId: number, options: { readonly states?: readonly TrialState[] } = {}): Promise<FrozenTrial[]> {
    return (await this.sync()).trials(`${this.fnName}.getAllTrials`, studyId, options.states);
  }

  async #simple(op: StorageOp): Promise<void> {
    await this.transact(() => ({ ops: [op], result: () => undefined }));
  }
}

class MemoryStorage extends StateStorage {
  readonly kind = 'memory';
  protected readonly fnName = 'memoryStorage';
  readonly #state = new StorageState();

  protected sync(): Promise<StorageState> {
    return Promise.resolve(this.#state);
  }

  protected transact<T>(write: (state: StorageState) => { ops: StorageOp[]; result: (state: StorageState) => T }): Promise<T> {
    // Synchronous from start to end: no other change can interleave, which makes this atomic.
    try {
      const { ops, result } = write(this.#state);
      for (const op of ops) {
        this.#state.check(`${this.fnName}.${opMethod(op)}`, op);
        this.#state.apply(op);
      }
      return Promise.resolve(result(this.#state));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/**
 * A storage that keeps studies in this process's memory (the default of `createStudy`). Fast,
 * and gone when the process ends; share one instance between studies of one process, or use
 * `journalFileStorage` to survive restarts and share a study between processes.
 *
 * A `checkOptions`-validated factory taking no options.
 *
 * @param options - none yet (reserved).
 * @returns a new, empty storage.
 * @throws InvalidArgumentError for unknown options.
 * @example
 * ```ts
 * const storage = memoryStorage();
 * const study = await createStudy({ storage, studyName: 'lr-search' });
 * ```
 * @see Optuna's InMemoryStorage (optuna/storages/_in_memory.py).
 */
export function memoryStorage(options?: Record<string, never>): Storage {
  checkOptions('memoryStorage', options, {});
  return new MemoryStorage();
}
