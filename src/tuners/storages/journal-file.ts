// journalFileStorage: a study kept as an append-only log of storage operations in one file, which
// several processes of one machine share and from which a study resumes after a crash. After
// Optuna's JournalStorage + JournalFileStorage (optuna/storages/_journal/storage.py, file.py):
// every process replays the log into its own StorageState and remembers the byte offset it has
// read to; reads apply only the lines appended since; writes take a file lock, catch up, decide,
// append, fsync, release. The line format is in _internal/journal-codec.ts, the lock in
// _internal/lock.ts.
//
// Torn lines. A process killed inside `write()` can leave a last line without its newline. A line
// counts only once its newline is there, so readers stop at the last newline and never parse a torn
// tail. Only a lock holder appends, so when the next holder finds bytes after the last newline,
// their writer is gone (it died holding the lock): the holder truncates them before it appends, so
// they are never glued to a later line. Readers never consumed them, so nobody has to forget
// anything. One race remains: a reader without the lock reading exactly while the holder truncates
// and appends could get the old tail's first bytes and the new line's last (reads and writes of a
// file are not atomic with respect to each other). Every line carries a checksum of its content
// (journal-codec.ts), so such bytes fail it; a reader leaves a bad *last* line unread and reads it
// again next time, while a bad line anywhere else, or under the lock, is reported as damage.
import type { FileHandle } from 'node:fs/promises';
import { InvalidArgumentError } from '../../core/errors.js';
import { checkArgument, checkOptions, is } from '../../core/validate.js';
import type { FrozenTrial, JsonValue, Storage } from '../types.js';
import { decodeTransaction, encodeTransaction, headerLine, headerProblem } from './_internal/journal-codec.js';
import { nodeModules } from './_internal/journal-node.js';
import { FileLock, ownPidNamespace, pidAlive } from './_internal/lock.js';
import { opMethod, StorageState, type StorageOp } from './_internal/state.js';
import { StateStorage } from './memory.js';

/** Options of {@link journalFileStorage}. */
export interface JournalFileStorageOptions {
  /** How long a write waits for the file lock before throwing (ms; default 30 000). */
  readonly lockTimeoutMs?: number;
  /**
   * A lock held longer than this is broken whoever holds it (ms; default 30 000). A lock whose
   * holder process on this host has died is broken at once, whatever its age.
   */
  readonly staleLockMs?: number;
  /**
   * Default of `failStaleTrials`' `graceMs`: a running trial of a worker on another host with no
   * heartbeat for this long is failed (ms; default 60 000, six of the study's 10 s heartbeats).
   */
  readonly graceMs?: number;
}

/** A journal-file storage: a {@link Storage} whose heartbeat, stale-trial and close methods are always there. */
export interface JournalFileStorage extends Storage {
  /** The journal file's path, as given. */
  readonly path: string;
  /**
   * Record that the worker running `trialId` is alive (a `heartbeat` system attribute, ISO time),
   * at most once per `min(5 s, graceMs / 4)` per trial. A trial that is no longer running is left
   * alone.
   */
  heartbeat(trialId: number): Promise<void>;
  /**
   * Fail the study's running trials whose worker is gone, reading the trial's `worker` system
   * attribute `{ host, pid, token, pidns? }`: on this host (and pid namespace, when `pidns` is
   * there), by process id (a dead pid, or this process's pid written by an earlier process);
   * elsewhere, by the last heartbeat (or the start time) being older than `graceMs`. Trials without
   * a `worker` attribute are left alone. Returns the failed trials' ids.
   */
  failStaleTrials(studyId: number, options?: { readonly graceMs?: number }): Promise<number[]>;
  /** Wait for pending operations, then refuse further ones. */
  close(): Promise<void>;
}

const FN = 'journalFileStorage';
const CHUNK = 1 << 22;
const DECODER = new TextDecoder();
const ENCODER = new TextEncoder();

// Worker tokens this process wrote on trials, through any journal storage: a trial whose worker has
// this process's pid but a token not in this set was started by an earlier process that happened to
// get the same pid (a restarted container's pid 1, say).
const OWN_TOKENS = new Set<string>();

function noteOwnTokens(ops: readonly StorageOp[]): void {
  const note = (worker: JsonValue | undefined): void => {
    const token = typeof worker === 'object' && worker !== null && !Array.isArray(worker) ? (worker as Record<string, JsonValue>).token : undefined;
    if (typeof token === 'string') OWN_TOKENS.add(token);
  };
  for (const op of ops) {
    if (op.op === 'createTrial') note(op.template.systemAttrs?.worker);
    else if (op.op === 'claimTrial') note(op.systemAttrs?.worker);
    else if (op.op === 'setTrialSystemAttr' && op.key === 'worker') note(op.value);
  }
}

function errnoCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

class JournalFileStorageImpl extends StateStorage implements JournalFileStorage {
  readonly kind = 'journal-file';
  protected readonly fnName = FN;
  readonly path: string;
  readonly #lock: FileLock;
  readonly #graceMs: number;
  #state = new StorageState();
  /** Bytes of the file replayed into #state (always just after a newline, or 0). */
  #offset = 0;
  /** Complete lines replayed (for error messages). */
  #lines = 0;
  #closed = false;
  // One operation of this instance at a time: a read that ran while a write was between its apply
  // and its append would replay the write's line a second time.
  #queue: Promise<unknown> = Promise.resolve();
  readonly #lastBeat = new Map<number, number>();

  constructor(path: string, lockTimeoutMs: number, staleLockMs: number, graceMs: number) {
    super();
    this.path = path;
    this.#lock = new FileLock(`${path}.lock`, { timeoutMs: lockTimeoutMs, staleMs: staleLockMs, fn: FN });
    this.#graceMs = graceMs;
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => {
      if (this.#closed) throw new InvalidArgumentError(`${FN}: the storage for '${this.path}' is closed.`);
      return task();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  protected sync(): Promise<StorageState> {
    return this.#exclusive(async () => {
      const { fs } = await nodeModules();
      let fh: FileHandle;
      try {
        fh = await fs.open(this.path, 'r');
      } catch (error) {
        // No file yet: an empty storage (the first write creates it).
        if (errnoCode(error) === 'ENOENT' && this.#offset === 0) return this.#state;
        throw error;
      }
      try {
        await this.#catchUp(fh, false);
      } finally {
        await fh.close();
      }
      return this.#state;
    });
  }

  protected transact<T>(write: (state: StorageState) => { ops: StorageOp[]; result: (state: StorageState) => T }): Promise<T> {
    return this.#exclusive(async () => {
      const { fs } = await nodeModules();
      await this.#lock.acquire();
      try {
        const fh = await fs.open(this.path, 'a+');
        try {
          await this.#catchUp(fh, true);
          const { ops, result } = write(this.#state);
          if (ops.length === 0) return result(this.#state);
          const line = encodeTransaction(ops);
          // Apply what other processes will replay (the decoded line), not the caller's objects, so
          // that this process's snapshots equal a replay's exactly (undefined fields, shared arrays).
          const decoded = decodeTransaction(line.slice(0, -1));
          this.#state.check(`${FN}.${opMethod(decoded[0]!)}`, decoded[0]!);
          try {
            this.#state.apply(decoded[0]!);
            for (const op of decoded.slice(1)) {
              this.#state.check(`${FN}.${opMethod(op)}`, op);
              this.#state.apply(op);
            }
            const bytes = ENCODER.encode(this.#offset === 0 ? headerLine() + line : line);
            // One write call, so a line is torn only if the process dies inside it.
            let done = 0;
            while (done < bytes.length) done += (await fh.write(bytes, done, bytes.length - done)).bytesWritten;
            // fdatasync: enough for an append (it also flushes the new file size), and cheaper than
            // fsync. ~3 ms of the ~4 ms a write costs on ext4 here; the price of surviving a crash.
            await fh.datasync();
            this.#offset += bytes.length;
            this.#lines += this.#offset === bytes.length ? 2 : 1;
          } catch (error) {
            // The state ran ahead of the file: replay the file from scratch on the next call.
            this.#state = new StorageState();
            this.#offset = 0;
            this.#lines = 0;
            throw error;
          }
          noteOwnTokens(decoded);
          return result(this.#state);
        } finally {
          await fh.close();
        }
      } finally {
        await this.#lock.release();
      }
    });
  }

  // Replay the complete lines after #offset, reading at most CHUNK bytes at a time (more only for
  // a single longer line). Under the lock, also cut off a torn tail (see the top of the file).
  async #catchUp(fh: FileHandle, locked: boolean): Promise<void> {
    const { size } = await fh.stat();
    if (size < this.#offset) {
      throw new InvalidArgumentError(`${FN}: '${this.path}' shrank from ${this.#offset} to ${size} bytes while in use; a journal must only be appended to.`);
    }
    let want = CHUNK;
    while (this.#offset < size) {
      const buf = new Uint8Array(Math.min(want, size - this.#offset));
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, this.#offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      // 0x0a never occurs inside a multi-byte UTF-8 sequence, so these are real line ends.
      let start = 0;
      let end = buf.indexOf(0x0a);
      if (end < 0 || end >= got) {
        // No complete line in reach: a torn tail (or a file cut short under us), or one long line.
        if (this.#offset + got >= size || got < buf.length) break;
        want *= 2;
        continue;
      }
      while (end >= 0 && end < got) {
        const next = buf.indexOf(0x0a, end + 1);
        const isLast = next < 0 || next >= got;
        if (!this.#replayLine(DECODER.decode(buf.subarray(start, end)), isLast && !locked)) return;
        this.#offset += end + 1 - start;
        start = end + 1;
        end = next;
      }
      want = CHUNK;
    }
    if (locked && this.#offset < size) await fh.truncate(this.#offset);
  }

  // Apply one complete line; returns false (leaving it unread) for a bad last line outside the lock.
  #replayLine(text: string, mayBePending: boolean): boolean {
    if (this.#lines === 0) {
      const problem = headerProblem(text);
      if (problem !== null) throw new InvalidArgumentError(`${FN}: '${this.path}' is not a journal this version can read: ${problem}.`);
      this.#lines++;
      return true;
    }
    let ops: StorageOp[];
    try {
      ops = decodeTransaction(text);
    } catch (error) {
      // The last line read without the lock may be bytes caught while the lock holder replaced a
      // torn tail; read it again next time. Anywhere else a bad line is damage.
      if (mayBePending) return false;
      throw new InvalidArgumentError(`${FN}: line ${this.#lines + 1} of '${this.path}' is corrupt (${(error as Error).message}).`, { cause: error });
    }
    // Every op was checked by its writer against this same history, so a failing check means the
    // lock was violated (a stale lock broken from a live holder). Skipping is what every reader does
    // alike, so all processes still agree (Optuna's replay does the same).
    for (const op of ops) {
      try {
        this.#state.check(FN, op);
      } catch {
        continue;
      }
      this.#state.apply(op);
    }
    this.#lines++;
    return true;
  }

  async heartbeat(trialId: number): Promise<void> {
    const fn = `${FN}.heartbeat`;
    const now = Date.now();
    const last = this.#lastBeat.get(trialId);
    if (last !== undefined && now - last < Math.min(5000, this.#graceMs / 4)) return;
    this.#lastBeat.set(trialId, now);
    await this.transact((state) => {
      let t: FrozenTrial;
      try {
        t = state.trial(fn, trialId);
      } catch (error) {
        this.#lastBeat.delete(trialId);
        throw error;
      }
      if (t.state !== 'running') {
        this.#lastBeat.delete(trialId);
        return { ops: [], result: () => undefined };
      }
      return { ops: [{ op: 'setTrialSystemAttr', trialId, key: 'heartbeat', value: new Date(now).toISOString() }], result: () => undefined };
    });
  }

  async failStaleTrials(studyId: number, options?: { readonly graceMs?: number }): Promise<number[]> {
    const fn = `${FN}.failStaleTrials`;
    checkOptions(fn, options, { graceMs: is.integer({ min: 1 }) });
    const graceMs = options?.graceMs ?? this.#graceMs;
    const me = { host: (await nodeModules()).os.hostname(), pidns: await ownPidNamespace() };
    return this.transact((state) => {
      const now = Date.now();
      const ops: StorageOp[] = [];
      const ids: number[] = [];
      const at = new Date(now).toISOString();
      for (const t of state.trials(fn, studyId, ['running'])) {
        const why = staleReason(t, me, now, graceMs);
        if (why === null) continue;
        ids.push(t.id);
        ops.push({ op: 'finishTrial', trialId: t.id, state: 'fail', values: null, error: { name: 'WorkerDied', message: `trial ${t.number}: ${why}` }, at });
      }
      for (const id of ids) this.#lastBeat.delete(id);
      return { ops, result: () => ids };
    });
  }

  close(): Promise<void> {
    // Queued behind pending work, and not refused when already closed: closing twice is harmless.
    const run = this.#queue.then(() => {
      this.#closed = true;
      this.#lastBeat.clear();
    });
    this.#queue = run;
    return run;
  }
}

// Why a running trial's worker is judged gone, or null when it may be alive.
// A worker's pid can be probed when it ran on this host in this pid namespace (when it recorded its
// namespace: containers with host networking share the host name, not the pids).
function staleReason(t: FrozenTrial, me: { readonly host: string; readonly pidns: string | null }, now: number, graceMs: number): string | null {
  const w = t.systemAttrs.worker;
  if (typeof w !== 'object' || w === null || Array.isArray(w)) return null;
  const worker = w as Readonly<Record<string, JsonValue>>;
  const pid = worker.pid;
  const host = me.host;
  if (worker.host === host && (typeof worker.pidns !== 'string' || worker.pidns === me.pidns) && typeof pid === 'number') {
    if (pid === process.pid) {
      return typeof worker.token === 'string' && OWN_TOKENS.has(worker.token) ? null : `its worker (pid ${pid} on ${host}) was an earlier process with this process's pid`;
    }
    return pidAlive(pid) ? null : `its worker process (pid ${pid} on ${host}) is no longer running`;
  }
  const beat = t.systemAttrs.heartbeat;
  const last = Math.max(typeof beat === 'string' ? Date.parse(beat) : -Infinity, t.datetimeStart === null ? -Infinity : Date.parse(t.datetimeStart));
  if (!(now - last > graceMs)) return null;
  const where = typeof worker.host === 'string' ? ` on ${worker.host}` : '';
  return `no heartbeat from its worker${where} for ${Number.isFinite(last) ? Math.round(now - last) : 'more than ' + graceMs} ms (grace ${graceMs} ms)`;
}

/**
 * A storage that keeps studies in an append-only JSON-lines file that several processes of one
 * machine can share, and from which a study resumes after its process is killed. Each process
 * replays the log into memory and reads only what was appended since; writes take a lock file
 * (`<path>.lock`, created exclusively; a lock whose holder died is broken), append one
 * checksummed line per change with one write call, and fdatasync. A line torn by a kill is never
 * misread. NaN, ±Infinity and -0 survive the round trip. Running trials of a killed worker are failed by
 * `failStaleTrials`, which `study.optimize` calls before it starts trials.
 *
 * Node (or Deno) only: `node:fs` is imported on first use, so importing the module elsewhere is
 * harmless. Trial and study ids are positions in the log: stable across processes and restarts.
 *
 * @param path - the journal file (created on the first write; its folder must exist).
 * @param options - lock and heartbeat timing, see {@link JournalFileStorageOptions}.
 * @returns a storage; the file is not touched until the first call.
 * @throws InvalidArgumentError for an empty path or bad options (at once); later, from its
 *   methods, for a file that is not a journal or is corrupt, and as any storage does for unknown
 *   ids, duplicate names and changes to finished trials. A `LockTimeoutError` when the lock
 *   cannot be taken within `lockTimeoutMs`.
 * @example
 * ```ts
 * const storage = journalFileStorage('./lr-search.jsonl');
 * const study = await createStudy({ storage, studyName: 'lr-search', loadIfExists: true });
 * await study.optimize(objective, { trials: 50 }); // run it in several processes at once
 * ```
 * @see Optuna's JournalStorage with JournalFileStorage (optuna/storages/_journal/storage.py and
 *   file.py) and its heartbeat-based `fail_stale_trials` (optuna/storages/_heartbeat.py).
 */
export function journalFileStorage(path: string, options?: JournalFileStorageOptions): JournalFileStorage {
  checkArgument(FN, 'path', path, is.string({ nonEmpty: true }));
  checkOptions(FN, options, {
    lockTimeoutMs: is.integer({ min: 0 }),
    staleLockMs: is.integer({ min: 1 }),
    graceMs: is.integer({ min: 1 }),
  });
  return new JournalFileStorageImpl(path, options?.lockTimeoutMs ?? 30_000, options?.staleLockMs ?? 30_000, options?.graceMs ?? 60_000);
}
