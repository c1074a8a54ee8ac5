import { describe, expect, it } from 'vitest';
import { successiveHalvingPruner } from '../../../src/tuners/pruners/successive-halving.js';
import { frozenTrial, prunerContext } from '../_support.js';
import { replay, scenariosOf } from './_replay.js';

describe('successiveHalvingPruner', () => {
  const scenarios = scenariosOf('successiveHalving');

  it('has scenarios to replay', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
  });

  for (const scenario of scenarios) {
    it(`decides and records rungs as Optuna 3.1 SuccessiveHalvingPruner: ${scenario.name}`, () => {
      const result = replay(scenario, successiveHalvingPruner(scenario.opts));
      expect(result.mismatches).toEqual([]);
      expect(result.prunes).toBeGreaterThan(0);
    });
  }

  it('keeps the auto resource of each study apart', () => {
    // One pruner, two studies replayed in turn: each gets its own estimate, as two Optuna
    // pruners would.
    const [a, b] = scenarios.filter((s) => Object.keys(s.opts).length === 0);
    const pruner = successiveHalvingPruner({});
    expect(replay(a!, pruner, 1).mismatches).toEqual([]);
    expect(replay(b!, pruner, 2).mismatches).toEqual([]);
  });

  it('records the rung value before judging, and promotes the best of the first trials', () => {
    const first = frozenTrial({ number: 0, state: 'running', intermediate: [3, 2] });
    const ctx = prunerContext([first]);
    const p = successiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
    expect(p.prune(ctx, ctx.study.trials[0]!)).toBe(false);
    expect(ctx.writes).toEqual([[first.id, 'completed_rung_0', 2]]);
    const second = frozenTrial({ number: 1, state: 'running', intermediate: [5, 4] });
    const ctx2 = prunerContext([ctx.study.trials[0]!, second]);
    expect(p.prune(ctx2, second)).toBe(true);
    expect(ctx2.writes).toEqual([[second.id, 'completed_rung_0', 4]]);
  });

  it('rejects bad options with clear messages', () => {
    expect(() => successiveHalvingPruner({ minResource: 0 })).toThrow(/successiveHalvingPruner: option "minResource" must be 'auto' or an integer >= 1; got 0/);
    expect(() => successiveHalvingPruner({ minResource: 'fast' as never })).toThrow(/got 'fast'/);
    expect(() => successiveHalvingPruner({ reductionFactor: 1 })).toThrow(/option "reductionFactor" must be an integer >= 2; got 1/);
    expect(() => successiveHalvingPruner({ reductionFactor: 2.5 })).toThrow(/"reductionFactor"/);
    expect(() => successiveHalvingPruner({ minEarlyStoppingRate: -1 })).toThrow(/"minEarlyStoppingRate" must be an integer >= 0/);
    expect(() => successiveHalvingPruner({ bootstrapCount: -1 })).toThrow(/"bootstrapCount" must be an integer >= 0/);
    expect(() => successiveHalvingPruner({ bootstrapCount: 2 })).toThrow(/"bootstrapCount" must be 0 when "minResource" is 'auto'/);
    expect(() => successiveHalvingPruner({ eta: 3 } as never)).toThrow(/unknown option "eta"/);
  });

  it('reports its resolved options', () => {
    expect(successiveHalvingPruner().options).toEqual({ minResource: 'auto', reductionFactor: 4, minEarlyStoppingRate: 0, bootstrapCount: 0 });
  });

  it('refuses multi-objective studies', () => {
    const t = frozenTrial({ number: 0, state: 'running', intermediate: [1, 2] });
    expect(() => successiveHalvingPruner({ minResource: 1 }).prune(prunerContext([t], ['minimize', 'minimize']), t)).toThrow(
      /single-objective/,
    );
  });
});
