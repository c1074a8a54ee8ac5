// Invariants every pruner keeps on random histories (fast-check): flipping the direction and the
// sign of every value changes no decision (and negates the recorded rung values); inputs are not
// modified; successive halving prunes nothing before its first rung.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hyperbandPruner } from '../../../src/tuners/pruners/hyperband.js';
import { medianPruner } from '../../../src/tuners/pruners/median.js';
import { percentilePruner } from '../../../src/tuners/pruners/percentile.js';
import { successiveHalvingPruner } from '../../../src/tuners/pruners/successive-halving.js';
import type { Direction, FrozenTrial, JsonValue, Pruner, PrunerContext } from '../../../src/tuners/types.js';
import { frozenTrial } from '../_support.js';

interface Op {
  readonly kind: 'ask' | 'report' | 'tell';
  readonly pick: number;
  readonly value: number;
  readonly gap: number;
  readonly state: 'complete' | 'pruned' | 'fail';
}

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('ask', 'report', 'report', 'report', 'report', 'tell'),
  pick: fc.nat({ max: 1000 }),
  // Small integers keep every percentile exact, so the flip is exact too.
  value: fc.integer({ min: -20, max: 20 }),
  gap: fc.integer({ min: 1, max: 3 }),
  state: fc.constantFrom('complete', 'complete', 'pruned', 'fail'),
});

/** Drive `pruner` through `ops`; every value is multiplied by `sign`. Returns decisions and final trials. */
function drive(ops: readonly Op[], pruner: Pruner, direction: Direction, sign: number): { decisions: boolean[]; trials: FrozenTrial[]; prunedByPruner: Set<number> } {
  const trials: FrozenTrial[] = [];
  const context: PrunerContext = {
    study: { studyId: 1, studyName: 'prop', directions: [direction], trials },
    setTrialSystemAttr(id: number, key: string, value: JsonValue) {
      const i = trials.findIndex((t) => t.id === id);
      trials[i] = Object.freeze({ ...trials[i]!, systemAttrs: Object.freeze({ ...trials[i]!.systemAttrs, [key]: value }) });
    },
  };
  const decisions: boolean[] = [];
  const prunedByPruner = new Set<number>();
  for (const op of ops) {
    const running = trials.filter((t) => t.state === 'running');
    if (op.kind === 'ask' || running.length === 0) {
      trials.push(Object.freeze(frozenTrial({ number: trials.length, state: 'running' })));
      continue;
    }
    const t = running[op.pick % running.length]!;
    const i = trials.indexOf(t);
    if (op.kind === 'tell') {
      trials[i] = Object.freeze({ ...t, state: op.state, values: op.state === 'complete' ? [0] : null });
      continue;
    }
    const steps = Object.keys(t.intermediateValues).map(Number);
    const step = steps.length === 0 ? op.gap - 1 : Math.max(...steps) + op.gap;
    trials[i] = Object.freeze({ ...t, intermediateValues: Object.freeze({ ...t.intermediateValues, [step]: sign * op.value }) });
    const before = JSON.stringify(trials);
    const decision = pruner.prune(context, trials[i]!);
    decisions.push(decision);
    // Only rung attributes may change, and only through the context.
    const after = JSON.stringify(trials.map((x) => ({ ...x, systemAttrs: {} })));
    expect(after).toBe(JSON.stringify(JSON.parse(before).map((x: FrozenTrial) => ({ ...x, systemAttrs: {} }))));
    if (decision) {
      trials[i] = Object.freeze({ ...trials[i]!, state: 'pruned' as const, values: null });
      prunedByPruner.add(t.number);
    }
  }
  return { decisions, trials, prunedByPruner };
}

const makers: [string, () => Pruner][] = [
  ['median', () => medianPruner({ startupTrials: 2 })],
  ['percentile 25', () => percentilePruner({ percentile: 25, startupTrials: 1, warmupSteps: 1, intervalSteps: 2 })],
  ['successive halving', () => successiveHalvingPruner({ minResource: 1, reductionFactor: 2 })],
  ['successive halving (bootstrap)', () => successiveHalvingPruner({ minResource: 2, reductionFactor: 3, bootstrapCount: 1 })],
  ['hyperband', () => hyperbandPruner({ maxResource: 9, reductionFactor: 2 })],
];

describe('pruner invariants', () => {
  for (const [name, make] of makers) {
    it(`${name}: minimizing v and maximizing -v give the same decisions`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 150 }), (ops) => {
          const a = drive(ops, make(), 'minimize', 1);
          const b = drive(ops, make(), 'maximize', -1);
          expect(b.decisions).toEqual(a.decisions);
          const rungs = (trials: FrozenTrial[], sign: number) =>
            trials.map((t) => Object.fromEntries(Object.entries(t.systemAttrs).map(([k, v]) => [k, sign * (v as number) + 0])));
          expect(rungs(b.trials, -1)).toEqual(rungs(a.trials, 1));
        }),
        { numRuns: 60 },
      );
    });
  }

  it('successive halving prunes nothing before the end of its first rung', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 150 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 2 }), (ops, r, eta, s) => {
        const pruner = successiveHalvingPruner({ minResource: r, reductionFactor: eta, minEarlyStoppingRate: s });
        const { trials, prunedByPruner } = drive(ops, pruner, 'minimize', 1);
        for (const t of trials) {
          const steps = Object.keys(t.intermediateValues).map(Number);
          const last = steps.length === 0 ? -1 : Math.max(...steps);
          if (prunedByPruner.has(t.number)) expect(last).toBeGreaterThanOrEqual(r * eta ** s);
          // A rung is recorded only once its step is reached.
          for (const key of Object.keys(t.systemAttrs)) {
            const rung = Number(key.replace('completed_rung_', ''));
            expect(last).toBeGreaterThanOrEqual(r * eta ** (s + rung));
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
