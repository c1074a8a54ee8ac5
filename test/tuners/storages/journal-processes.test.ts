// journalFileStorage across processes (child processes from ./_workers): several writers on one
// file, kill -9 inside the lock and inside a trial, and the acceptance tests through whole
// studies: kill -9 during a study and resume it; two processes never run the same grid point.
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nopPruner } from '../../../src/tuners/pruners/nop.js';
import { randomSampler } from '../../../src/tuners/samplers/random.js';
import { journalFileStorage } from '../../../src/tuners/storages/journal-file.js';
import { createStudy } from '../../../src/tuners/study.js';
import { deadPid, killWorkers, worker } from './_spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'whetstone-journal-processes-'));
afterAll(() => {
  killWorkers();
  rmSync(dir, { recursive: true, force: true });
});
let files = 0;
const newPath = (): string => join(dir, `journal-${files++}.jsonl`);

function ownPidns(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

describe('journalFileStorage across processes', () => {
  it('gives every trial a unique number when several processes start trials at once', async () => {
    const path = newPath();
    const count = 40;
    // They start by all finding the lock of a dead process, which exactly one of them may break.
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid(), hostname: hostname(), pidns: ownPidns(), token: 'dead', time: Date.now() }));
    const procs = [0, 1, 2].map(() => worker('start-trials.ts', [path, 'race', String(count)]));
    const codes = await Promise.all(procs.map((p) => p.exited));
    expect(codes, procs.map((p) => p.out()).join('\n')).toEqual([0, 0, 0]);
    const s = journalFileStorage(path);
    const st = await s.loadStudy('race');
    expect((await s.listStudies()).length).toBe(1);
    const trials = await s.getAllTrials(st.id);
    expect(trials.map((t) => t.number)).toEqual([...Array(3 * count).keys()]);
    expect(new Set(trials.map((t) => t.id)).size).toBe(3 * count);
    // decide saw exactly the trials before it: startTrial was atomic across processes.
    for (const t of trials) expect(t.systemAttrs.seen).toBe(t.number);
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    const perWorker = new Map<number, number>();
    for (const t of trials) {
      const pid = (t.systemAttrs.worker as { pid: number }).pid;
      perWorker.set(pid, (perWorker.get(pid) ?? 0) + 1);
    }
    expect([...perWorker.values()]).toEqual([count, count, count]);
    // The header, one createStudy (the other two workers found the study: no write), two lines per
    // trial, and the empty string after the last newline; every line parses.
    const text = readFileSync(path, 'utf8').split('\n');
    expect(text.length).toBe(1 + 1 + 2 * 3 * count + 1);
    expect(text.slice(0, -1).every((l) => JSON.parse(l) !== null)).toBe(true);
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(existsSync(`${path}.lock.break`)).toBe(false);
  });

  it('recovers from a process killed while it held the lock', async () => {
    const path = newPath();
    const w = worker('hold-lock.ts', [path]);
    await w.waitFor(/holding\n/);
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).toMatchObject({ pid: w.child.pid, hostname: hostname() });
    w.child.kill('SIGKILL');
    await w.exited;
    const s = journalFileStorage(path, { lockTimeoutMs: 5000, staleLockMs: 600_000 });
    const st = await s.loadStudy('held');
    expect((await s.startTrial(st.id, () => ({ create: {} }))).number).toBe(0);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('fails the running trial of a killed process and keeps everything else', async () => {
    const path = newPath();
    const w = worker('slow-trials.ts', [path, 'killed', '400']);
    await w.waitFor(/complete 1\n[^]*running 2\n/);
    w.child.kill('SIGKILL');
    await w.exited;
    const s = journalFileStorage(path);
    const st = await s.loadStudy('killed');
    const before = await s.getAllTrials(st.id);
    expect(before.map((t) => t.state)).toEqual(['complete', 'complete', 'running']);
    const failed = await s.failStaleTrials(st.id);
    expect(failed).toEqual([before[2]!.id]);
    const after = await s.getAllTrials(st.id);
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after[2]!.state).toBe('fail');
    expect(after[2]!.intermediateValues).toEqual({ 0: 2 });
    expect(after[2]!.error).toEqual({ name: 'WorkerDied', message: `trial 2: its worker process (pid ${w.child.pid} on ${hostname()}) is no longer running` });
    expect(await s.failStaleTrials(st.id)).toEqual([]);
    expect((await s.startTrial(st.id, () => ({ create: {} }))).number).toBe(3);
  });

  it('resumes a study after kill -9: completed trials kept, the running one failed, the study goes on', async () => {
    const path = newPath();
    const run = worker('study-run.ts', [path, 'kill9', '100', '300', 'random']);
    await run.waitFor(/done 2\n[^]*start 3\n/);
    run.child.kill('SIGKILL');
    expect(await run.exited).toBeNull();

    const storage = journalFileStorage(path);
    const study = await createStudy({ storage, studyName: 'kill9', loadIfExists: true, sampler: randomSampler({ seed: 7 }), pruner: nopPruner() });
    const before = await storage.getAllTrials(study.studyId);
    expect(before.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'running']);

    // optimize calls failStaleTrials before it starts trials.
    await study.optimize((trial) => trial.float('x', 0, 1), { trials: 3 });
    const after = await storage.getAllTrials(study.studyId);
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    expect(after[3]!.state).toBe('fail');
    expect(after[3]!.params).toEqual(before[3]!.params);
    expect(after[3]!.error!.name).toBe('WorkerDied');
    expect(after[3]!.error!.message).toContain(`pid ${run.child.pid} `);
    expect(after.slice(4).map((t) => [t.number, t.state])).toEqual([[4, 'complete'], [5, 'complete'], [6, 'complete']]);
    const complete = after.filter((t) => t.state === 'complete');
    expect(complete.length).toBe(6);
    expect(study.bestValue).toBe(Math.min(...complete.map((t) => t.values![0]!)));
    await storage.close();
  });

  it('gives two processes on one file disjoint grid points that cover the grid once', async () => {
    const path = newPath();
    const go = `${path}.go`;
    // The study exists before either worker starts, so that they do not race to create it.
    await journalFileStorage(path).createStudy({ name: 'grid', directions: ['minimize'] });
    const runs = [0, 1].map(() => worker('study-run.ts', [path, 'grid', '12', '100', 'grid', go]));
    await Promise.all(runs.map((r) => r.waitFor(/ready\n/)));
    writeFileSync(go, '');
    const codes = await Promise.all(runs.map((r) => r.exited));
    expect(codes, runs.map((r) => r.out()).join('\n----\n')).toEqual([0, 0]);

    const trials = await journalFileStorage(path).getAllTrials(0);
    const complete = trials.filter((t) => t.state === 'complete');
    const points = complete.map((t) => `${String(t.params.a)}-${String(t.params.b)}`);
    expect(points.length).toBe(12);
    expect(new Set(points)).toEqual(new Set([0, 1, 2, 3].flatMap((a) => ['x', 'y', 'z'].map((b) => `${a}-${b}`))));
    // Both took part: they started together and each trial takes 100 ms.
    const pids = new Set(complete.map((t) => (t.systemAttrs.worker as { pid: number }).pid));
    expect(pids).toEqual(new Set(runs.map((r) => r.child.pid)));
  });
});
