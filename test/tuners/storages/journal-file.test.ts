// journalFileStorage in one process: the shared Storage contract, then what only a journal has:
// other instances on the same file, resuming from the file, torn lines, stale locks, dead workers.
// Tests with child processes are in journal-processes.test.ts.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { floatDistribution } from '../../../src/tuners/distributions.js';
import { encodeTransaction } from '../../../src/tuners/storages/_internal/journal-codec.js';
import { journalFileStorage } from '../../../src/tuners/storages/journal-file.js';
import { storageContract } from './_contract.js';
import { deadPid } from './_spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'whetstone-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newPath = (): string => join(dir, `journal-${files++}.jsonl`);

storageContract('journalFileStorage', () => journalFileStorage(newPath()));

const pidns = ((): string | null => {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
})();

const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n');

describe('journalFileStorage', () => {
  describe('the factory', () => {
    it('validates the path and options at call time and touches no file', () => {
      const path = newPath();
      expect(() => journalFileStorage('')).toThrow(InvalidArgumentError);
      expect(() => journalFileStorage('')).toThrow(/journalFileStorage: argument "path" must be a non-empty string; got ''/);
      expect(() => journalFileStorage(3 as never)).toThrow(/argument "path"/);
      expect(() => journalFileStorage(path, { lockTimeoutMs: -1 })).toThrow(/journalFileStorage: option "lockTimeoutMs" must be an integer >= 0; got -1/);
      expect(() => journalFileStorage(path, { staleLockMs: 0 })).toThrow(/option "staleLockMs"/);
      expect(() => journalFileStorage(path, { graceMs: 1.5 })).toThrow(/option "graceMs"/);
      expect(() => journalFileStorage(path, { lockTimeout: 5 } as never)).toThrow(/unknown option "lockTimeout" \(did you mean "lockTimeoutMs"\?\)/);
      const s = journalFileStorage(path, { lockTimeoutMs: 0, staleLockMs: 1, graceMs: 1 });
      expect(s.kind).toBe('journal-file');
      expect(s.path).toBe(path);
      expect(existsSync(path)).toBe(false);
    });

    it('reads a missing file as an empty storage', async () => {
      const path = newPath();
      expect(await journalFileStorage(path).listStudies()).toEqual([]);
      expect(existsSync(path)).toBe(false);
    });
  });

  describe('the file', () => {
    it('is a header line, then one JSON line per change', async () => {
      const path = newPath();
      const s = journalFileStorage(path);
      const st = await s.createStudy({ name: 'f', directions: ['minimize'] });
      const t = await s.startTrial(st.id, () => ({ create: {} }));
      await s.finishTrial(t.id, 'complete', [1]);
      const text = lines(path);
      expect(text.at(-1)).toBe('');
      expect(JSON.parse(text[0]!)).toEqual({ format: 'whetstone-journal', version: 1 });
      // Each line: a checksum, then the transaction's operations.
      expect(text.slice(1, -1).map((l) => (JSON.parse(l) as { op: string }[]).slice(1).map((o) => o.op))).toEqual([['createStudy'], ['createTrial'], ['finishTrial']]);
      expect(text.slice(1, -1).every((l) => /^\["[0-9a-f]{8}",\{/.test(l))).toBe(true);
      expect(existsSync(`${path}.lock`)).toBe(false);
    });

    it('refuses a file that is not a journal, or a journal of a newer version', async () => {
      const a = newPath();
      writeFileSync(a, 'name,value\nx,1\n');
      await expect(journalFileStorage(a).listStudies()).rejects.toThrow(/journalFileStorage: '.*' is not a journal this version can read: its first line is not JSON/);
      const b = newPath();
      writeFileSync(b, '{"format":"whetstone-journal","version":2}\n');
      await expect(journalFileStorage(b).listStudies()).rejects.toThrow(/format version 2; this version of whetstone reads version 1/);
      await expect(journalFileStorage(b).createStudy({ directions: ['minimize'] })).rejects.toThrow(InvalidArgumentError);
      expect(readFileSync(b, 'utf8')).toBe('{"format":"whetstone-journal","version":2}\n');
    });

    it('names the corrupt line of a damaged journal', async () => {
      const path = newPath();
      const s = journalFileStorage(path);
      await s.createStudy({ name: 'c', directions: ['minimize'] });
      const good = readFileSync(path, 'utf8').split('\n')[1]!;
      // A line whose checksum does not match its content, followed by a good one: damage.
      appendFileSync(path, `${good.replace('"c"', '"d"')}\n${good.replace('"c"', '"e"').replace(/^\["[0-9a-f]{8}"/, '["00000000"')}\n`);
      await expect(journalFileStorage(path).listStudies()).rejects.toThrow(/journalFileStorage: line 3 of '.*' is corrupt \(checksum mismatch\)/);
    });

    it('leaves a bad last line for later when reading, and reports it when writing', async () => {
      const path = newPath();
      const s = journalFileStorage(path);
      await s.createStudy({ name: 'c', directions: ['minimize'] });
      appendFileSync(path, '[{"op":"createStudy","name":"d",\n');
      // A reader without the lock may have caught bytes being replaced: it waits for them.
      const reader = journalFileStorage(path);
      expect((await reader.listStudies()).map((r) => r.name)).toEqual(['c']);
      // Under the lock nobody is writing, so the line is damage.
      await expect(reader.createStudy({ name: 'e', directions: ['minimize'] })).rejects.toThrow(/journalFileStorage: line 3 of '.*' is corrupt/);
    });
  });

  describe('sharing and resuming', () => {
    it('lets two instances on one file see each other\'s writes', async () => {
      const path = newPath();
      const a = journalFileStorage(path);
      const b = journalFileStorage(path);
      const st = await a.createStudy({ name: 'shared', directions: ['minimize'] });
      expect(await b.loadStudy('shared')).toEqual(st);
      const t0 = await b.startTrial(st.id, () => ({ create: {} }));
      const t1 = await a.startTrial(st.id, (trials) => {
        expect(trials.map((t) => t.id)).toEqual([t0.id]);
        return { create: {} };
      });
      expect([t0.number, t1.number]).toEqual([0, 1]);
      await a.setTrialParam(t0.id, 'x', 0.5, floatDistribution('x', 0, 1));
      await b.finishTrial(t0.id, 'complete', [0.25]);
      await rejectsFinished(a.finishTrial(t0.id, 'complete', [1]));
      expect(await a.getAllTrials(st.id)).toEqual(await b.getAllTrials(st.id));
      expect((await a.getTrial(t0.id)).params).toEqual({ x: 0.5 });
    });

    it('resumes in a new instance with identical studies and trials', async () => {
      const path = newPath();
      const a = journalFileStorage(path);
      const st = await a.createStudy({ name: 'resume', directions: ['minimize', 'maximize'] });
      await a.setStudyUserAttr(st.id, 'dataset', 'digits');
      for (let i = 0; i < 5; i++) {
        const t = await a.startTrial(st.id, () => ({ create: i === 4 ? { state: 'waiting', params: { x: 0.1 }, distributions: { x: floatDistribution('x', 0, 1) } } : {} }));
        if (i === 4) break;
        await a.setTrialParam(t.id, 'x', i / 10, floatDistribution('x', 0, 1));
        await a.setTrialIntermediateValue(t.id, 0, i === 1 ? NaN : i);
        await a.setTrialUserAttr(t.id, 'i', i);
        if (i === 0) await a.finishTrial(t.id, 'complete', [i, -Infinity]);
        if (i === 1) await a.finishTrial(t.id, 'fail', null, { name: 'NaNObjective', message: 'objective returned NaN' });
        if (i === 2) await a.finishTrial(t.id, 'pruned');
      }
      const before = await a.getAllTrials(st.id);
      const b = journalFileStorage(path);
      expect(await b.listStudies()).toEqual(await a.listStudies());
      expect(await b.getAllTrials(st.id)).toEqual(before);
      expect((await b.getAllTrials(st.id)).map((t) => t.state)).toEqual(['complete', 'fail', 'pruned', 'running', 'waiting']);
      // The new instance goes on where the old one stopped.
      const next = await b.startTrial(st.id, () => ({ create: {} }));
      expect(next.number).toBe(5);
      expect(next.id).toBe(5);
    });
  });

  it('reads lines longer than its read chunk (4 MiB), and the lines after them', async () => {
    const path = newPath();
    const a = journalFileStorage(path);
    const st = await a.createStudy({ name: 'big', directions: ['minimize'] });
    const t = await a.startTrial(st.id, () => ({ create: {} }));
    const big = 'é'.repeat(3_000_000); // 6 MB of UTF-8
    await a.setTrialUserAttr(t.id, 'big', big);
    await a.setTrialUserAttr(t.id, 'small', 1);
    const b = journalFileStorage(path);
    const got = await b.getTrial(t.id);
    expect(got.userAttrs.big === big).toBe(true);
    expect(got.userAttrs.small).toBe(1);
  });

  describe('torn lines', () => {
    it('ignores a line until its newline arrives', async () => {
      const path = newPath();
      const a = journalFileStorage(path);
      const st = await a.createStudy({ name: 'torn', directions: ['minimize'] });
      const line = encodeTransaction([{ op: 'createTrial', studyId: st.id, template: {}, at: '2026-01-01T00:00:00.000Z' }]);
      const reader = journalFileStorage(path);
      appendFileSync(path, line.slice(0, 20));
      expect(await reader.getAllTrials(st.id)).toEqual([]);
      appendFileSync(path, line.slice(20, -1));
      expect(await reader.getAllTrials(st.id)).toEqual([]);
      appendFileSync(path, '\n');
      expect((await reader.getAllTrials(st.id)).map((t) => t.datetimeStart)).toEqual(['2026-01-01T00:00:00.000Z']);
    });

    it('cuts off the torn tail of a killed writer before the next append', async () => {
      const path = newPath();
      const a = journalFileStorage(path);
      const st = await a.createStudy({ name: 'torn', directions: ['minimize'] });
      const t = await a.startTrial(st.id, () => ({ create: {} }));
      // What a writer killed inside write() leaves: half a line, no newline.
      appendFileSync(path, encodeTransaction([{ op: 'finishTrial', trialId: t.id, state: 'complete', values: [1], error: null, at: '' }]).slice(0, 40));
      const b = journalFileStorage(path);
      expect((await b.getTrial(t.id)).state).toBe('running');
      await b.setTrialUserAttr(t.id, 'after', true);
      const text = lines(path);
      expect(text.at(-2)).toBe(encodeTransaction([{ op: 'setTrialUserAttr', trialId: t.id, key: 'after', value: true }]).trim());
      expect(text.every((l) => l === '' || JSON.parse(l) !== undefined)).toBe(true);
      const c = journalFileStorage(path);
      expect(await c.getTrial(t.id)).toEqual(await b.getTrial(t.id));
      expect((await a.getTrial(t.id)).userAttrs).toEqual({ after: true });
      expect((await a.getTrial(t.id)).state).toBe('running');
    });
  });

  describe('the lock', () => {
    it('breaks the lock of a dead process at once', async () => {
      const path = newPath();
      const s = journalFileStorage(path, { lockTimeoutMs: 2000, staleLockMs: 600_000 });
      writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid(), hostname: hostname(), pidns, token: 'dead', time: Date.now() }));
      await s.createStudy({ name: 'after-crash', directions: ['minimize'] });
      expect((await s.listStudies()).map((r) => r.name)).toEqual(['after-crash']);
      expect(existsSync(`${path}.lock`)).toBe(false);
      expect(existsSync(`${path}.lock.break`)).toBe(false);
    });

    it('breaks a lock with this process\'s pid that none of its locks wrote (an earlier process with the same pid)', async () => {
      const path = newPath();
      const s = journalFileStorage(path, { lockTimeoutMs: 2000, staleLockMs: 600_000 });
      writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.pid, hostname: hostname(), pidns, token: 'before-restart', time: Date.now() }));
      await s.createStudy({ name: 'restarted', directions: ['minimize'] });
      expect(existsSync(`${path}.lock`)).toBe(false);
    });

    it('does not probe the pid of a holder in another pid namespace (a container sharing the host name)', async () => {
      const path = newPath();
      const s = journalFileStorage(path, { lockTimeoutMs: 150, staleLockMs: 600_000 });
      writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid(), hostname: hostname(), pidns: 'pid:[elsewhere]', token: 'c', time: Date.now() }));
      await expect(s.createStudy({ name: 'x', directions: ['minimize'] })).rejects.toThrow(/could not take the lock/);
    });

    it('explains a lock file that cannot be created', async () => {
      const s = journalFileStorage(join(dir, 'no-such-folder', 'j.jsonl'));
      await expect(s.createStudy({ directions: ['minimize'] })).rejects.toThrow(/journalFileStorage: cannot create the lock file '.*no-such-folder.*\.lock' \(ENOENT; does its folder exist/);
    });

    it('waits for a live holder, then times out with a clear error', async () => {
      const path = newPath();
      const s = journalFileStorage(path, { lockTimeoutMs: 150, staleLockMs: 600_000 });
      // Our parent process: alive, and not us.
      const lock = JSON.stringify({ pid: process.ppid, hostname: hostname(), pidns, token: 'alive', time: Date.now() });
      writeFileSync(`${path}.lock`, lock);
      await expect(s.createStudy({ name: 'x', directions: ['minimize'] })).rejects.toThrow(
        new RegExp(`journalFileStorage: could not take the lock '.*\\.lock' within 150 ms \\(held by pid ${process.ppid} on `),
      );
      expect(readFileSync(`${path}.lock`, 'utf8')).toBe(lock);
      // Reads need no lock.
      expect(await s.listStudies()).toEqual([]);
    });

    it('breaks a lock older than staleLockMs, and an empty lock file by its age', async () => {
      const path = newPath();
      const s = journalFileStorage(path, { lockTimeoutMs: 5000, staleLockMs: 1000 });
      writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.pid, hostname: 'elsewhere', token: 'old', time: Date.now() - 5000 }));
      await s.createStudy({ name: 'a', directions: ['minimize'] });
      writeFileSync(`${path}.lock`, '');
      const old = new Date(Date.now() - 5000);
      utimesSync(`${path}.lock`, old, old);
      await s.createStudy({ name: 'b', directions: ['minimize'] });
      expect((await journalFileStorage(path).listStudies()).map((r) => r.name)).toEqual(['a', 'b']);
      expect(existsSync(`${path}.lock`)).toBe(false);
    });

    it('serializes concurrent writes of one instance', async () => {
      const path = newPath();
      const s = journalFileStorage(path);
      const st = await s.createStudy({ name: 'c', directions: ['minimize'] });
      const started = await Promise.all(Array.from({ length: 20 }, () => s.startTrial(st.id, (trials) => ({ create: { systemAttrs: { seen: trials.length } } }))));
      expect(started.map((t) => t.number).sort((p, q) => p - q)).toEqual([...Array(20).keys()]);
      for (const t of started) expect(t.systemAttrs.seen).toBe(t.number);
    });
  });

  describe('dead workers', () => {
    it('judges workers on this host by pid and token, and others by heartbeat', async () => {
      const s = journalFileStorage(newPath());
      const st = await s.createStudy({ name: 'w', directions: ['minimize'] });
      const host = hostname();
      const start = async (worker: unknown, extra: Record<string, string> = {}): Promise<number> =>
        (await s.startTrial(st.id, () => ({ create: { systemAttrs: { worker: worker as never, ...extra } } }))).id;
      const mine = await start({ host, pid: process.pid, token: 'this-process' });
      // A trial an earlier process with this pid wrote (a restarted container's pid 1): appended
      // by hand, since every trial this process writes is its own.
      const samePidEarlier = 1;
      appendFileSync(s.path, encodeTransaction([{ op: 'createTrial', studyId: st.id, template: { systemAttrs: { worker: { host, pid: process.pid, token: 'earlier' } } }, at: new Date().toISOString() }]));
      const parent = await start({ host, pid: process.ppid, token: 'p' });
      const dead = await start({ host, pid: deadPid(), token: 'd' });
      const remote = await start({ host: 'elsewhere', pid: 1, token: 'r' });
      const otherNamespace = await start({ host, pid: deadPid(), pidns: 'pid:[elsewhere]', token: 'n' });
      const remoteBeating = await start({ host: 'elsewhere', pid: 1, token: 'r2' }, { heartbeat: new Date(Date.now() + 3_600_000).toISOString() });
      const noWorker = (await s.startTrial(st.id, () => ({ create: {} }))).id;
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(await s.failStaleTrials(st.id)).toEqual([samePidEarlier, dead]);
      expect(await s.failStaleTrials(st.id, { graceMs: 10 })).toEqual([remote, otherNamespace]);
      const states = await s.getAllTrials(st.id);
      expect(states.map((t) => t.state)).toEqual(['running', 'fail', 'running', 'fail', 'fail', 'fail', 'running', 'running']);
      expect(states[1]!.error!.message).toMatch(/an earlier process with this process's pid/);
      expect(states[4]!.error!.message).toMatch(/^trial 4: no heartbeat from its worker on elsewhere for \d+ ms \(grace 10 ms\)$/);
      expect([mine, parent, remoteBeating, noWorker].map((id) => states.find((t) => t.id === id)!.state)).toEqual(['running', 'running', 'running', 'running']);
      await expect(s.failStaleTrials(st.id, { graceMs: 0 })).rejects.toThrow(/journalFileStorage.failStaleTrials: option "graceMs" must be an integer >= 1; got 0/);
      await expect(s.failStaleTrials(99)).rejects.toThrow(/journalFileStorage.failStaleTrials: no study with id 99/);
    });

    it('records heartbeats, at most one write per few seconds per trial', async () => {
      const path = newPath();
      const s = journalFileStorage(path);
      const st = await s.createStudy({ name: 'hb', directions: ['minimize'] });
      const t = await s.startTrial(st.id, () => ({ create: { systemAttrs: { worker: { host: 'elsewhere', pid: 1, token: 'x' } } } }));
      const t0 = Date.now();
      await s.heartbeat(t.id);
      const beat = (await s.getTrial(t.id)).systemAttrs.heartbeat as string;
      expect(Date.parse(beat)).toBeGreaterThanOrEqual(t0 - 1);
      const size = lines(path).length;
      await s.heartbeat(t.id);
      await s.heartbeat(t.id);
      expect(lines(path).length).toBe(size);
      await s.finishTrial(t.id, 'complete', [1]);
      await expect(journalFileStorage(path).heartbeat(t.id)).resolves.toBeUndefined();
      expect(lines(path).length).toBe(size + 1);
      await expect(s.heartbeat(42)).rejects.toThrow(/journalFileStorage.heartbeat: no trial with id 42/);
    });
  });

  describe('close', () => {
    it('finishes pending work, then refuses more', async () => {
      const s = journalFileStorage(newPath());
      const pending = s.createStudy({ name: 'c', directions: ['minimize'] });
      await s.close();
      expect((await pending).name).toBe('c');
      await expect(s.listStudies()).rejects.toThrow(/journalFileStorage: the storage for '.*' is closed/);
      await expect(s.createStudy({ directions: ['minimize'] })).rejects.toThrow(InvalidArgumentError);
      await expect(s.close()).resolves.toBeUndefined();
    });
  });

});

async function rejectsFinished(p: Promise<unknown>): Promise<void> {
  await expect(p).rejects.toThrow(/journalFileStorage.finishTrial: trial 0 is complete; only a running trial can be changed/);
}
