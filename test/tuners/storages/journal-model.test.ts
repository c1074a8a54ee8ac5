// Model-based test: random sequences of storage calls give the same results, errors and final
// state on journalFileStorage as on memoryStorage (the model), and a new journal instance that
// replays the file ends in the same state.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution } from '../../../src/tuners/distributions.js';
import { journalFileStorage } from '../../../src/tuners/storages/journal-file.js';
import { memoryStorage } from '../../../src/tuners/storages/memory.js';
import type { Distribution, Storage } from '../../../src/tuners/types.js';

const dir = mkdtempSync(join(tmpdir(), 'whetstone-journal-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const dists: Distribution[] = [floatDistribution('p', 0, 1), floatDistribution('p', 0, 2), categoricalDistribution('p', ['a', 'b'])];

type Call =
  | { kind: 'createStudy'; name: string; loadIfExists: boolean; maximize: boolean }
  | { kind: 'deleteStudy'; study: number }
  | { kind: 'startTrial'; study: number; mode: 'create' | 'waiting' | 'claim' }
  | { kind: 'setTrialParam'; trial: number; name: string; dist: number; value: number }
  | { kind: 'setTrialIntermediateValue'; trial: number; step: number; value: number }
  | { kind: 'setTrialUserAttr'; trial: number; key: string; value: number | string }
  | { kind: 'finishTrial'; trial: number; state: 'complete' | 'pruned' | 'fail'; value: number };

// fc.double() gives NaN and the infinities too rarely (~0.3 %) for 40 runs.
const number = fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5), fc.double());

// Weighted towards calls that succeed (ids that exist), with enough misses to compare errors too.
const call: fc.Arbitrary<Call> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('createStudy' as const), name: fc.constantFrom('s0', 's1', 's2'), loadIfExists: fc.boolean(), maximize: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteStudy' as const), study: fc.nat(3) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('startTrial' as const), study: fc.nat(1), mode: fc.constantFrom('create' as const, 'create' as const, 'waiting' as const, 'claim' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('setTrialParam' as const), trial: fc.nat(7), name: fc.constantFrom('p', 'q'), dist: fc.nat(2), value: fc.constantFrom(0, 1) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('setTrialIntermediateValue' as const), trial: fc.nat(7), step: fc.nat(3), value: number }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('setTrialUserAttr' as const), trial: fc.nat(7), key: fc.constantFrom('k', '~k'), value: fc.oneof(number, fc.string({ maxLength: 4 }), fc.constantFrom('~', '~NaN')) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('finishTrial' as const), trial: fc.nat(7), state: fc.constantFrom('complete' as const, 'pruned' as const, 'fail' as const), value: number }) },
);
const start: Call[] = [
  { kind: 'createStudy', name: 's0', loadIfExists: false, maximize: false },
  { kind: 'createStudy', name: 's1', loadIfExists: false, maximize: true },
];

// `trial` in a call picks one of the trials that exist (by position), so most calls hit a real one.
async function run(s: Storage, c: Call, trialIds: readonly number[]): Promise<unknown> {
  const trial = 'trial' in c ? (trialIds.length === 0 ? 99 : trialIds[c.trial % trialIds.length]!) : -1;
  switch (c.kind) {
    case 'createStudy':
      return s.createStudy({ name: c.name, directions: [c.maximize ? 'maximize' : 'minimize'], loadIfExists: c.loadIfExists });
    case 'deleteStudy':
      return s.deleteStudy(c.study);
    case 'startTrial':
      return s.startTrial(c.study, (trials) => {
        if (c.mode !== 'claim') return { create: c.mode === 'waiting' ? { state: 'waiting' } : {} };
        const waiting = trials.find((t) => t.state === 'waiting');
        return { claim: waiting?.id ?? trials[0]?.id ?? 99 };
      });
    case 'setTrialParam':
      return s.setTrialParam(trial, c.name, c.value, dists[c.dist]!);
    case 'setTrialIntermediateValue':
      return s.setTrialIntermediateValue(trial, c.step, c.value);
    case 'setTrialUserAttr':
      return s.setTrialUserAttr(trial, c.key, c.value);
    case 'finishTrial':
      return s.finishTrial(trial, c.state, c.state === 'complete' ? [c.value] : null, c.state === 'fail' ? { name: 'E', message: 'm' } : null);
  }
}

// Times are stamped when each storage writes, so they differ between the two.
function untimed(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(untimed);
  if (typeof x !== 'object' || x === null || !('id' in x)) return x;
  const { datetimeStart, datetimeComplete, ...rest } = x as unknown as { datetimeStart: string | null; datetimeComplete?: string | null };
  return { ...rest, started: datetimeStart !== null, completed: datetimeComplete === undefined ? 'n/a' : datetimeComplete !== null };
}

// Errors compared without the storage name (`memoryStorage: …` vs `journalFileStorage.finishTrial: …`).
const outcome = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    (v) => ({ ok: untimed(v) }),
    (e: Error) => ({ error: e.name, message: e.message.slice(e.message.indexOf(': ') + 2) }),
  );

async function snapshot(s: Storage): Promise<unknown> {
  const studies = await s.listStudies();
  return untimed([...studies, ...(await Promise.all(studies.map((st) => s.getAllTrials(st.id)))).flat()]);
}

describe('journalFileStorage behaves as memoryStorage', () => {
  it('for random call sequences, replay included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 8, maxLength: 40, size: 'medium' }), async (rest) => {
        const calls = [...start, ...rest];
        const model = memoryStorage();
        const path = join(dir, `model-${files++}.jsonl`);
        const journal = journalFileStorage(path);
        for (const c of calls) {
          const ids = (await Promise.all((await model.listStudies()).map((st) => model.getAllTrials(st.id)))).flat().map((t) => t.id);
          const [m, j] = [await outcome(run(model, c, ids)), await outcome(run(journal, c, ids))];
          expect(j, JSON.stringify(c)).toEqual(m);
        }
        const expected = await snapshot(model);
        expect(await snapshot(journal)).toEqual(expected);
        expect(await snapshot(journalFileStorage(path))).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  });
});
