// An exclusive lock between processes (and between storage instances of one process) built on a
// lock file, for journalFileStorage. Internal.
//
// Taking the lock writes `{pid, hostname, pidns, token, time}` to a private draft file and
// hard-links it to `<journal>.lock`; link() fails when the name exists, which the kernel makes
// atomic: of all the processes trying, exactly one creates the lock, and it appears already
// filled. The holder releases by removing it. This is Optuna's JournalFileSymlinkLock /
// JournalFileOpenLock idea (optuna/storages/_journal/file.py), plus what Optuna leaves out: a bounded
// wait and the breaking of a lock whose holder died (a kill -9 inside the critical section would
// otherwise block every worker forever).
//
// When is a lock stale?
// - Its holder is on this host, in this pid namespace (containers with host networking share the
//   host name but not the pids), and its pid no longer exists (`process.kill(pid, 0)` → ESRCH) or
//   is this very process while the token is none of this process's locks' (an earlier process that
//   had the same pid, as a restarted container's pid 1). A dead process cannot release or rewrite
//   the file, so this judgement cannot be wrong.
// - Or it is older than `staleMs` (holders on other hosts sharing the file over NFS, whose pids we
//   cannot probe; also a recycled pid). This is a timeout, so it assumes no live holder keeps the
//   lock that long: holders keep it for one read-append-fsync, milliseconds.
// - A file whose content cannot be parsed (written by hand, or by a damaged disk) is judged by its
//   mtime age only.
//
// Breaking, and the races it must survive. Two waiters may judge the same dead lock stale at once;
// if both simply deleted "the lock file", the slower one could delete the fresh lock the faster one
// took in between, and two processes would hold the lock. So breakers first take a second O_EXCL
// file, `<journal>.lock.break`, which makes breaking one-at-a-time; under it the breaker re-reads
// the lock (inode and token) and breaks it only if it is still the very instance judged stale.
// Between that re-read and the rename nobody else can replace the file: the holder is dead (or,
// for the timeout case, assumed hung), other breakers are excluded, and plain acquirers cannot
// create a file that exists. The break renames the file aside (rename is atomic: a reader sees the
// old lock or none), checks the renamed file is the one it meant, and deletes it. Should the check
// fail (the timeout assumption was violated), it puts the lock back with link(), which refuses to
// overwrite. A breaker killed while holding the break file leaves it behind; it is removed once
// older than `staleMs`.
//
// Release renames the lock aside and checks the token before deleting it for the same reason: if
// our lock was broken by timeout and someone else now holds it, their lock is put back.
import { LockTimeoutError } from '../../errors.js';
import type { FileHandle } from 'node:fs/promises';
import type { Rng } from '../../../core/types.js';
import { InvalidArgumentError } from '../../../core/errors.js';
import { createRng } from '../../../core/rng.js';
import { nodeModules } from './journal-node.js';

/** What the lock file holds. */
interface LockInfo {
  readonly pid: number;
  readonly hostname: string;
  /**
   * The holder's pid namespace (`/proc/self/ns/pid` on Linux, else `null`): containers that share
   * the host's name (host networking) do not share pids, so a pid is probed only within its
   * namespace.
   */
  readonly pidns: string | null;
  readonly token: string;
  /** Epoch milliseconds when the lock was taken. */
  readonly time: number;
}

/** A lock file as found on disk: identity and (when readable) content. */
interface LockSeen {
  readonly ino: number;
  readonly mtimeMs: number;
  readonly info: LockInfo | null;
}

function parseInfo(text: string): LockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.token === 'string' && typeof v.time === 'number') {
      return { pid: v.pid, hostname: v.hostname, pidns: typeof v.pidns === 'string' ? v.pidns : null, token: v.token, time: v.time };
    }
  } catch {
    // A lock being written (empty or partial): judged by age below.
  }
  return null;
}

function code(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/** Whether a process with this pid exists on this host (EPERM: it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return code(error) !== 'ESRCH';
  }
}

let pidNamespace: Promise<string | null> | undefined;

/** This process's pid namespace (Linux), or `null` where there is no such thing to read. */
export function ownPidNamespace(): Promise<string | null> {
  pidNamespace ??= nodeModules().then(({ fs }) => fs.readlink('/proc/self/ns/pid').catch(() => null));
  return pidNamespace;
}

// Tokens of this process's FileLocks: a lock file with this process's pid but another token was left
// by an earlier process that had the same pid (a restarted container's pid 1), so it is stale.
const OWN_TOKENS = new Set<string>();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));


/** Options of {@link FileLock}. */
export interface FileLockOptions {
  /** Give up after waiting this long (ms). */
  readonly timeoutMs: number;
  /** A lock older than this (ms) is broken whoever holds it. */
  readonly staleMs: number;
  /** Names the caller in the timeout message. */
  readonly fn: string;
}

/** An exclusive lock file; see the comment at the top of this file. Not reentrant. */
export class FileLock {
  readonly #path: string;
  readonly #opts: FileLockOptions;
  readonly #token: string = globalThis.crypto.randomUUID();
  // Jitter for the back-off, so that waiters that started together do not retry in lockstep.
  readonly #rng: Rng = createRng(this.#token);
  #held = false;

  /** @param lockPath - the lock file's path. @param options - timeouts. */
  constructor(lockPath: string, options: FileLockOptions) {
    this.#path = lockPath;
    this.#opts = options;
    OWN_TOKENS.add(this.#token);
  }

  /** The lock file's path. */
  get path(): string {
    return this.#path;
  }

  /** Wait for the lock (backing off 1 ms → 32 ms), breaking a stale one; throws LockTimeoutError. */
  async acquire(): Promise<void> {
    if (this.#held) throw new Error(`${this.#opts.fn}: lock '${this.#path}' is already held by this storage.`);
    const { fs, os } = await nodeModules();
    const me = { host: os.hostname(), pidns: await ownPidNamespace() };
    const start = Date.now();
    let delay = 1;
    let last: LockSeen | null = null;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0 && Date.now() - start >= this.#opts.timeoutMs) {
        const who = last?.info ? ` (held by pid ${last.info.pid} on ${last.info.hostname} since ${new Date(last.info.time).toISOString()})` : '';
        throw new LockTimeoutError(`${this.#opts.fn}: could not take the lock '${this.#path}' within ${this.#opts.timeoutMs} ms${who}.`);
      }
      // The lock appears whole or not at all: its content is written to a private file first and
      // then hard-linked into place (link fails with EEXIST when the lock is held). Creating the
      // lock with open('wx') and then writing would leave an empty lock, which nobody can judge,
      // if the process were killed between the two.
      const info: LockInfo = { pid: process.pid, hostname: me.host, pidns: me.pidns, token: this.#token, time: Date.now() };
      const draft = `${this.#path}.${this.#token}.draft`;
      let taken = false;
      try {
        await fs.writeFile(draft, JSON.stringify(info));
        await fs.link(draft, this.#path);
        taken = true;
      } catch (error) {
        if (code(error) !== 'EEXIST') {
          throw new InvalidArgumentError(`${this.#opts.fn}: cannot create the lock file '${this.#path}' (${code(error) ?? String(error)}; does its folder exist and is it writable?).`, { cause: error });
        }
      } finally {
        await fs.unlink(draft).catch(() => undefined);
      }
      if (taken) {
        this.#held = true;
        return;
      }
      last = await this.#look();
      // Right after a break, try again at once (even with lockTimeoutMs 0).
      if (last !== null && this.#isStale(last, me) && (await this.#break(last))) {
        attempt = -1;
        continue;
      }
      if (last === null) continue;
      await sleep(delay * (0.5 + this.#rng.uniform()));
      delay = Math.min(delay * 2, 32);
    }
  }

  /** Release the lock (see the top of the file for why it renames before deleting). */
  async release(): Promise<void> {
    if (!this.#held) return;
    this.#held = false;
    const { fs } = await nodeModules();
    const aside = `${this.#path}.${this.#token}.release`;
    try {
      await fs.rename(this.#path, aside);
    } catch (error) {
      // Gone: broken by a waiter that judged us stale. Nothing of ours to remove.
      if (code(error) === 'ENOENT') return;
      throw error;
    }
    const info = parseInfo(await fs.readFile(aside, 'utf8').catch(() => ''));
    if (info !== null && info.token !== this.#token) await this.#restore(aside);
    else await fs.unlink(aside).catch(() => undefined);
  }

  async #look(): Promise<LockSeen | null> {
    const { fs } = await nodeModules();
    try {
      const st = await fs.stat(this.#path);
      const text = await fs.readFile(this.#path, 'utf8');
      return { ino: st.ino, mtimeMs: st.mtimeMs, info: parseInfo(text) };
    } catch (error) {
      if (code(error) === 'ENOENT') return null;
      throw error;
    }
  }

  #isStale(seen: LockSeen, me: { readonly host: string; readonly pidns: string | null }): boolean {
    const now = Date.now();
    if (seen.info === null) return now - seen.mtimeMs > this.#opts.staleMs;
    const samePids = seen.info.hostname === me.host && seen.info.pidns === me.pidns;
    if (samePids && (seen.info.pid === process.pid ? !OWN_TOKENS.has(seen.info.token) : !pidAlive(seen.info.pid))) return true;
    return now - seen.info.time > this.#opts.staleMs;
  }

  // Returns whether the lock judged stale is gone (broken by us, or already removed).
  async #break(seen: LockSeen): Promise<boolean> {
    const { fs } = await nodeModules();
    const breakPath = `${this.#path}.break`;
    let fh: FileHandle;
    try {
      fh = await fs.open(breakPath, 'wx');
    } catch (error) {
      if (code(error) !== 'EEXIST') throw error;
      // Another breaker is at work; a break file outlives its breaker only if it was killed.
      const st = await fs.stat(breakPath).catch(() => null);
      if (st !== null && Date.now() - st.mtimeMs > this.#opts.staleMs) await fs.unlink(breakPath).catch(() => undefined);
      return false;
    }
    await fh.close();
    try {
      const now = await this.#look();
      // Gone or replaced since we judged it: nothing to break, try to take the lock again.
      if (now === null || now.ino !== seen.ino || now.info?.token !== seen.info?.token) return true;
      const aside = `${this.#path}.${this.#token}.broken`;
      try {
        await fs.rename(this.#path, aside);
      } catch (error) {
        if (code(error) === 'ENOENT') return true;
        throw error;
      }
      const st = await fs.stat(aside);
      const info = parseInfo(await fs.readFile(aside, 'utf8').catch(() => ''));
      if (st.ino !== seen.ino || info?.token !== seen.info?.token) {
        await this.#restore(aside);
        return false;
      }
      await fs.unlink(aside).catch(() => undefined);
      return true;
    } finally {
      await fs.unlink(breakPath).catch(() => undefined);
    }
  }

  // Put back a lock file we moved aside by mistake; link() fails rather than overwrite a newer one.
  async #restore(aside: string): Promise<void> {
    const { fs } = await nodeModules();
    await fs.link(aside, this.#path).catch(() => undefined);
    await fs.unlink(aside).catch(() => undefined);
  }
}
