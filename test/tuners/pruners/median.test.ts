import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { medianPruner } from '../../../src/tuners/pruners/median.js';
import { percentilePruner } from '../../../src/tuners/pruners/percentile.js';
import { frozenTrial, prunerContext } from '../_support.js';
import { replay, scenariosOf } from './_replay.js';

describe('medianPruner', () => {
  const scenarios = scenariosOf('median');

  it('has scenarios to replay', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
  });

  for (const scenario of scenarios) {
    it(`decides as Optuna 3.1 MedianPruner: ${scenario.name}`, () => {
      const result = replay(scenario, medianPruner(scenario.opts));
      expect(result.mismatches).toEqual([]);
      expect(result.prunes).toBeGreaterThan(0);
    });
  }

  it('is the percentile pruner at 50', () => {
    for (const scenario of scenarios) {
      const result = replay(scenario, percentilePruner({ percentile: 50, ...scenario.opts }));
      expect(result.mismatches).toEqual([]);
    }
  });

  it('reports its resolved options', () => {
    const p = medianPruner({ warmupSteps: 3 });
    expect(p.name).toBe('median');
    expect(p.options).toEqual({ startupTrials: 5, warmupSteps: 3, intervalSteps: 1, minTrials: 1 });
    expect(Object.isFrozen(p)).toBe(true);
  });

  it('rejects bad options with clear messages', () => {
    expect(() => medianPruner({ startupTrials: -1 })).toThrow(/medianPruner: option "startupTrials" must be an integer >= 0; got -1/);
    expect(() => medianPruner({ warmupSteps: 1.5 })).toThrow(/option "warmupSteps" must be an integer >= 0; got 1.5/);
    expect(() => medianPruner({ intervalSteps: 0 })).toThrow(/option "intervalSteps" must be an integer >= 1; got 0/);
    expect(() => medianPruner({ minTrials: 0 })).toThrow(InvalidArgumentError);
    expect(() => medianPruner({ percentile: 30 } as never)).toThrow(/unknown option "percentile"/);
    expect(() => medianPruner('fast' as never)).toThrow(/options must be an object/);
  });

  it('refuses multi-objective studies', () => {
    const trials = [0, 1, 2, 3, 4, 5].map((n) => frozenTrial({ number: n, intermediate: [1, 2] }));
    const running = frozenTrial({ number: 6, state: 'running', intermediate: [9] });
    const ctx = prunerContext([...trials, running], ['minimize', 'maximize']);
    expect(() => medianPruner().prune(ctx, running)).toThrow(/medianPruner: pruning needs a single-objective study/);
  });

  it('does not modify the trials it is given', () => {
    const trials = [0, 1, 2, 3, 4].map((n) => frozenTrial({ number: n, intermediate: [n, n] }));
    const running = frozenTrial({ number: 5, state: 'running', intermediate: [9, 9] });
    const all = [...trials, running];
    const before = JSON.stringify(all);
    const ctx = prunerContext(all);
    expect(medianPruner().prune(ctx, running)).toBe(true);
    expect(JSON.stringify(all)).toBe(before);
    expect(ctx.writes).toEqual([]);
  });
});
