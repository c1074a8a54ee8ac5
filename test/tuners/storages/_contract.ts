// The contract every Storage keeps (types.ts `Storage`), registered as describe/it blocks so that
// each storage's test file runs the same checks: memory.test.ts and journal-file.test.ts today,
// the PostgreSQL storage next.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../../src/tuners/distributions.js';
import type { FrozenTrial, Storage } from '../../../src/tuners/types.js';

/** What {@link storageContract} may relax. */
/** Expect `promise` to reject with an InvalidArgumentError whose message starts with `fn: ` and matches `pattern`. */
async function rejectsWith(promise: Promise<unknown>, fn: string, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${fn} to throw`).toBeInstanceOf(InvalidArgumentError);
  expect((error as Error).message.startsWith(`${fn}: `), (error as Error).message).toBe(true);
  expect((error as Error).message).toMatch(pattern);
}

const x = floatDistribution('x', -5, 5);
const n = intDistribution('n', 1, 9, { step: 2 });
const c = categoricalDistribution('c', ['relu', 'tanh', null]);

/**
 * Register the storage contract.
 *
 * @param name - the storage factory's name, which every error message must start with
 *   (`memoryStorage` → `memoryStorage.createStudy: …`).
 * @param makeStorage - a fresh, empty storage per test.
 */
export function storageContract(name: string, makeStorage: () => Storage | Promise<Storage>): void {
  const fresh = async (): Promise<Storage> => makeStorage();

  describe(`${name}: the Storage contract`, () => {
    describe('studies', () => {
      it('creates, loads, lists and deletes studies', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'a', directions: ['minimize'] });
        const b = await s.createStudy({ name: 'b', directions: ['maximize', 'minimize'] });
        expect(a.name).toBe('a');
        expect(a.directions).toEqual(['minimize']);
        expect(b.directions).toEqual(['maximize', 'minimize']);
        expect(a.id).not.toBe(b.id);
        expect(Number.isNaN(Date.parse(a.datetimeStart))).toBe(false);
        expect(await s.loadStudy('b')).toEqual(b);
        expect((await s.listStudies()).map((r) => r.name).sort()).toEqual(['a', 'b']);
        const t = await s.startTrial(a.id, () => ({ create: {} }));
        await s.deleteStudy(a.id);
        expect((await s.listStudies()).map((r) => r.name)).toEqual(['b']);
        await rejectsWith(s.loadStudy('a'), `${name}.loadStudy`, /no study named 'a'/);
        await rejectsWith(s.getAllTrials(a.id), `${name}.getAllTrials`, new RegExp(`no study with id ${a.id}`));
        await rejectsWith(s.getTrial(t.id), `${name}.getTrial`, new RegExp(`no trial with id ${t.id}`));
        // The name is free again, and the new study has a new id.
        const a2 = await s.createStudy({ name: 'a', directions: ['minimize'] });
        expect(a2.id).not.toBe(a.id);
        expect(await s.getAllTrials(a2.id)).toEqual([]);
      });

      it('generates a unique name when none is given', async () => {
        const s = await fresh();
        const a = await s.createStudy({ directions: ['minimize'] });
        const b = await s.createStudy({ directions: ['minimize'] });
        expect(a.name).toMatch(/^no-name-/);
        expect(a.name).not.toBe(b.name);
      });

      it('refuses a duplicate name unless loadIfExists, and then checks the directions', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'dup', directions: ['minimize'] });
        await rejectsWith(s.createStudy({ name: 'dup', directions: ['minimize'] }), `${name}.createStudy`, /already exists/);
        expect(await s.createStudy({ name: 'dup', directions: ['minimize'], loadIfExists: true })).toEqual(a);
        await rejectsWith(s.createStudy({ name: 'dup', directions: ['maximize'], loadIfExists: true }), `${name}.createStudy`, /directions \[minimize\]; got \[maximize\]/);
        await rejectsWith(s.createStudy({ name: 'dup', directions: ['minimize', 'minimize'], loadIfExists: true }), `${name}.createStudy`, /directions/);
        expect((await s.listStudies()).length).toBe(1);
      });

      it('keeps study attributes', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'attrs', directions: ['minimize'] });
        await s.setStudyUserAttr(a.id, 'dataset', 'digits');
        await s.setStudyUserAttr(a.id, 'dataset', 'iris');
        await s.setStudySystemAttr(a.id, 'grid', { points: [1, 2, 3] });
        const r = await s.loadStudy('attrs');
        expect(r.userAttrs).toEqual({ dataset: 'iris' });
        expect(r.systemAttrs).toEqual({ grid: { points: [1, 2, 3] } });
        await rejectsWith(s.setStudyUserAttr(99, 'k', 1), `${name}.setStudyUserAttr`, /no study with id 99/);
      });

      it('throws for unknown study ids', async () => {
        const s = await fresh();
        await rejectsWith(s.startTrial(7, () => ({ create: {} })), `${name}.startTrial`, /no study with id 7/);
        await rejectsWith(s.deleteStudy(7), `${name}.deleteStudy`, /no study with id 7/);
        await rejectsWith(s.getAllTrials(7), `${name}.getAllTrials`, /no study with id 7/);
        await rejectsWith(s.setStudySystemAttr(7, 'k', 1), `${name}.setStudySystemAttr`, /no study with id 7/);
      });
    });

    describe('starting trials', () => {
      it('creates running trials numbered in order, with ids unique across studies', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'a', directions: ['minimize'] });
        const b = await s.createStudy({ name: 'b', directions: ['minimize'] });
        const seen: number[] = [];
        const t0 = await s.startTrial(a.id, (trials) => (seen.push(trials.length), { create: {} }));
        const u0 = await s.startTrial(b.id, () => ({ create: {} }));
        const t1 = await s.startTrial(a.id, (trials) => (seen.push(trials.length), { create: { userAttrs: { k: 1 }, systemAttrs: { worker: 'w' } } }));
        expect(seen).toEqual([0, 1]);
        expect([t0.number, t1.number, u0.number]).toEqual([0, 1, 0]);
        expect(new Set([t0.id, t1.id, u0.id]).size).toBe(3);
        expect(t0.state).toBe('running');
        expect(t0.values).toBeNull();
        expect(t0.datetimeStart).not.toBeNull();
        expect(t0.datetimeComplete).toBeNull();
        expect(t1.userAttrs).toEqual({ k: 1 });
        expect(t1.systemAttrs).toEqual({ worker: 'w' });
      });

      it('creates a trial with fixed params, and a waiting trial that a later start claims', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'q', directions: ['minimize'] });
        const w = await s.startTrial(a.id, () => ({ create: { state: 'waiting', params: { x: 1.5, c: 2 }, distributions: { x, c }, systemAttrs: { fixed_params: { x: 1.5 } } } }));
        expect(w.state).toBe('waiting');
        expect(w.datetimeStart).toBeNull();
        expect(w.params).toEqual({ x: 1.5, c: null });
        const claimed = await s.startTrial(a.id, (trials) => {
          const waiting = trials.find((t) => t.state === 'waiting');
          return waiting === undefined ? { create: {} } : { claim: waiting.id, systemAttrs: { worker: 'me' } };
        });
        expect(claimed.id).toBe(w.id);
        expect(claimed.state).toBe('running');
        expect(claimed.datetimeStart).not.toBeNull();
        expect(claimed.systemAttrs).toEqual({ fixed_params: { x: 1.5 }, worker: 'me' });
        expect((await s.getAllTrials(a.id)).length).toBe(1);
      });

      it('refuses to claim a trial that is not waiting', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'q', directions: ['minimize'] });
        const t = await s.startTrial(a.id, () => ({ create: {} }));
        await rejectsWith(s.startTrial(a.id, () => ({ claim: t.id })), `${name}.startTrial`, /trial 0 is running, not waiting/);
        await s.finishTrial(t.id, 'complete', [1]);
        await rejectsWith(s.startTrial(a.id, () => ({ claim: t.id })), `${name}.startTrial`, /trial 0 is complete, not waiting/);
        await rejectsWith(s.startTrial(a.id, () => ({ claim: 1234 })), `${name}.startTrial`, /no trial with id 1234/);
        expect((await s.getAllTrials(a.id)).map((u) => u.state)).toEqual(['complete']);
      });

      it('passes an error thrown by decide through and changes nothing', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'q', directions: ['minimize'] });
        await expect(
          s.startTrial(a.id, () => {
            throw new RangeError('grid exhausted');
          }),
        ).rejects.toThrow(/grid exhausted/);
        expect(await s.getAllTrials(a.id)).toEqual([]);
      });
    });

    describe('trial data', () => {
      it('records params with their distributions; external values for categoricals', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'p', directions: ['minimize'] });
        const t = await s.startTrial(a.id, () => ({ create: {} }));
        await s.setTrialParam(t.id, 'x', 0.25, x);
        await s.setTrialParam(t.id, 'n', 7, n);
        await s.setTrialParam(t.id, 'c', 1, c);
        await s.setTrialParam(t.id, 'x', 0.25, x); // same distribution again: allowed
        const got = await s.getTrial(t.id);
        expect(got.params).toEqual({ x: 0.25, n: 7, c: 'tanh' });
        expect(got.internalParams).toEqual({ x: 0.25, n: 7, c: 1 });
        expect(got.distributions).toEqual({ x, n, c });
        expect(Object.keys(got.params)).toEqual(['x', 'n', 'c']);
      });

      it('refuses a parameter redefined with another distribution, in the trial or across trials', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'p', directions: ['minimize'] });
        const t0 = await s.startTrial(a.id, () => ({ create: {} }));
        await s.setTrialParam(t0.id, 'x', 0.5, x);
        await rejectsWith(s.setTrialParam(t0.id, 'x', 0.5, floatDistribution('x', -1, 1)), `${name}.setTrialParam`, /'x' of trial 0 is already set with another distribution/);
        const t1 = await s.startTrial(a.id, () => ({ create: {} }));
        // A different range is a changed search space, which is allowed; a different kind is not.
        await s.setTrialParam(t1.id, 'x', 0.5, floatDistribution('x', 0, 1));
        const t2 = await s.startTrial(a.id, () => ({ create: {} }));
        await rejectsWith(s.setTrialParam(t2.id, 'x', 0, categoricalDistribution('x', [0, 1])), `${name}.setTrialParam`, /'x' was a float parameter in trial 0/);
        await rejectsWith(s.setTrialParam(t2.id, 'x', 1, floatDistribution('x', 1, 2, { log: true })), `${name}.setTrialParam`, /cannot change kind or scale/);
        await s.setTrialParam(t2.id, 'c', 0, c);
        const t3 = await s.startTrial(a.id, () => ({ create: {} }));
        await rejectsWith(s.setTrialParam(t3.id, 'c', 0, categoricalDistribution('c', ['relu', 'tanh'])), `${name}.setTrialParam`, /cannot change kind or choices/);
        expect((await s.getTrial(t2.id)).params).toEqual({ c: 'relu' });
        expect((await s.getTrial(t3.id)).params).toEqual({});
      });

      it('keeps intermediate values by step; a later report replaces the step', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'iv', directions: ['minimize'] });
        const t = await s.startTrial(a.id, () => ({ create: {} }));
        await s.setTrialIntermediateValue(t.id, 0, 0.9);
        await s.setTrialIntermediateValue(t.id, 1, 0.7);
        await s.setTrialIntermediateValue(t.id, 0, 0.8);
        await s.setTrialIntermediateValue(t.id, 10, 0.5);
        expect((await s.getTrial(t.id)).intermediateValues).toEqual({ 0: 0.8, 1: 0.7, 10: 0.5 });
      });

      it('keeps user and system attributes, the latest value per key', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'ta', directions: ['minimize'] });
        const t = await s.startTrial(a.id, () => ({ create: { systemAttrs: { a: 1 } } }));
        await s.setTrialUserAttr(t.id, 'note', 'first');
        await s.setTrialUserAttr(t.id, 'note', { nested: ['deep', 1, true, null] });
        await s.setTrialSystemAttr(t.id, 'rung_0', 0.5);
        const got = await s.getTrial(t.id);
        expect(got.userAttrs).toEqual({ note: { nested: ['deep', 1, true, null] } });
        expect(got.systemAttrs).toEqual({ a: 1, rung_0: 0.5 });
      });

      it('throws for unknown trial ids', async () => {
        const s = await fresh();
        await rejectsWith(s.getTrial(0), `${name}.getTrial`, /no trial with id 0/);
        await rejectsWith(s.setTrialParam(3, 'x', 0, x), `${name}.setTrialParam`, /no trial with id 3/);
        await rejectsWith(s.setTrialIntermediateValue(-1, 0, 1), `${name}.setTrialIntermediateValue`, /no trial with id -1/);
        await rejectsWith(s.finishTrial(0.5, 'complete', [1]), `${name}.finishTrial`, /no trial with id 0.5/);
      });
    });

    describe('finishing trials', () => {
      it('finishes complete, pruned and failed trials with their values and errors', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'f', directions: ['minimize', 'maximize'] });
        const t0 = await s.startTrial(a.id, () => ({ create: {} }));
        const t1 = await s.startTrial(a.id, () => ({ create: {} }));
        const t2 = await s.startTrial(a.id, () => ({ create: {} }));
        const values = [1.5, -2];
        const done = await s.finishTrial(t0.id, 'complete', values);
        values[0] = 99; // the storage keeps its own copy
        expect(done.state).toBe('complete');
        expect(done.values).toEqual([1.5, -2]);
        expect(done.datetimeComplete).not.toBeNull();
        expect(Date.parse(done.datetimeComplete!)).toBeGreaterThanOrEqual(Date.parse(done.datetimeStart!));
        await s.setTrialIntermediateValue(t1.id, 3, 0.25);
        const pruned = await s.finishTrial(t1.id, 'pruned');
        expect(pruned.state).toBe('pruned');
        expect(pruned.values).toBeNull();
        expect(pruned.intermediateValues).toEqual({ 3: 0.25 });
        const failed = await s.finishTrial(t2.id, 'fail', null, { name: 'TypeError', message: 'boom', stack: 'at objective' });
        expect(failed.state).toBe('fail');
        expect(failed.error).toEqual({ name: 'TypeError', message: 'boom', stack: 'at objective' });
        expect(await s.getTrial(t0.id)).toEqual(done);
      });

      it('refuses to finish twice or to change a finished or waiting trial', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'f2', directions: ['minimize'] });
        const t = await s.startTrial(a.id, () => ({ create: {} }));
        await s.finishTrial(t.id, 'complete', [3]);
        await rejectsWith(s.finishTrial(t.id, 'complete', [4]), `${name}.finishTrial`, /trial 0 is complete; only a running trial can be changed/);
        await rejectsWith(s.finishTrial(t.id, 'fail'), `${name}.finishTrial`, /only a running trial/);
        await rejectsWith(s.setTrialParam(t.id, 'x', 0, x), `${name}.setTrialParam`, /only a running trial/);
        await rejectsWith(s.setTrialIntermediateValue(t.id, 0, 1), `${name}.setTrialIntermediateValue`, /only a running trial/);
        await rejectsWith(s.setTrialUserAttr(t.id, 'k', 1), `${name}.setTrialUserAttr`, /only a running trial/);
        await rejectsWith(s.setTrialSystemAttr(t.id, 'k', 1), `${name}.setTrialSystemAttr`, /only a running trial/);
        const w = await s.startTrial(a.id, () => ({ create: { state: 'waiting' } }));
        await rejectsWith(s.finishTrial(w.id, 'complete', [1]), `${name}.finishTrial`, /trial 1 is waiting/);
        expect((await s.getTrial(t.id)).values).toEqual([3]);
      });

      it('lists trials in number order, filtered by state', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'g', directions: ['minimize'] });
        const b = await s.createStudy({ name: 'h', directions: ['minimize'] });
        const states = ['complete', 'fail', 'running', 'pruned', 'complete', 'waiting'] as const;
        for (const st of states) {
          // Interleave another study's trials so that ids and numbers differ.
          await s.startTrial(b.id, () => ({ create: {} }));
          const t = await s.startTrial(a.id, () => ({ create: st === 'waiting' ? { state: 'waiting' } : {} }));
          if (st === 'complete' || st === 'fail' || st === 'pruned') await s.finishTrial(t.id, st, st === 'complete' ? [t.number] : null);
        }
        const all = await s.getAllTrials(a.id);
        expect(all.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
        expect(all.map((t) => t.state)).toEqual([...states]);
        expect((await s.getAllTrials(a.id, { states: ['complete'] })).map((t) => t.number)).toEqual([0, 4]);
        expect((await s.getAllTrials(a.id, { states: ['running', 'waiting'] })).map((t) => t.number)).toEqual([2, 5]);
        expect(await s.getAllTrials(a.id, { states: [] })).toEqual([]);
        expect((await s.getAllTrials(b.id)).length).toBe(6);
      });
    });

    describe('values JSON cannot hold, and snapshots', () => {
      it('round-trips NaN, ±Infinity and -0 in values, intermediate values and attributes', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'nan', directions: ['minimize', 'maximize', 'minimize'] });
        const t = await s.startTrial(a.id, () => ({ create: {} }));
        await s.setTrialIntermediateValue(t.id, 0, NaN);
        await s.setTrialIntermediateValue(t.id, 1, Infinity);
        await s.setTrialIntermediateValue(t.id, 2, -Infinity);
        await s.setTrialUserAttr(t.id, 'weird', { nan: NaN, inf: [Infinity, -Infinity], negZero: -0, tilde: '~NaN', tilde2: '~~x' });
        await s.finishTrial(t.id, 'complete', [NaN, Infinity, -0]);
        const got = await s.getTrial(t.id);
        expect(got.intermediateValues).toEqual({ 0: NaN, 1: Infinity, 2: -Infinity });
        expect(got.values).toEqual([NaN, Infinity, -0]);
        expect(Object.is(got.values![2], -0)).toBe(true);
        expect(got.userAttrs).toEqual({ weird: { nan: NaN, inf: [Infinity, -Infinity], negZero: -0, tilde: '~NaN', tilde2: '~~x' } });
        expect(Object.is((got.userAttrs.weird as { negZero: number }).negZero, -0)).toBe(true);
      });

      it('returns frozen snapshots that later changes do not touch', async () => {
        const s = await fresh();
        const a = await s.createStudy({ name: 'frozen', directions: ['minimize'] });
        const t = await s.startTrial(a.id, () => ({ create: {} }));
        await s.setTrialParam(t.id, 'x', 1, x);
        await s.setTrialIntermediateValue(t.id, 0, 1);
        const before = await s.getTrial(t.id);
        const done = await s.finishTrial(t.id, 'complete', [2]);
        for (const o of [before, before.params, before.internalParams, before.distributions, before.intermediateValues, before.userAttrs, before.systemAttrs, done.values]) {
          expect(Object.isFrozen(o)).toBe(true);
        }
        expect(Object.isFrozen(a)).toBe(true);
        expect(Object.isFrozen(a.directions)).toBe(true);
        expect(before.state).toBe('running');
        expect(before.values).toBeNull();
        const list: FrozenTrial[] = await s.getAllTrials(a.id);
        expect(Object.isFrozen(list[0])).toBe(true);
        await s.setStudyUserAttr(a.id, 'k', 1);
        expect(a.userAttrs).toEqual({});
        expect(() => {
          (before.params as Record<string, unknown>).x = 5;
        }).toThrow(TypeError);
      });
    });
  });
}
