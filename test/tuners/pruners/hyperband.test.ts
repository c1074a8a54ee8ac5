import { describe, expect, it } from 'vitest';
import { bracketOf, makeBrackets } from '../../../src/tuners/pruners/_internal/brackets.js';
import { crc32 } from '../../../src/tuners/pruners/_internal/crc32.js';
import { correctlyRoundedLog, logBase } from '../../../src/tuners/pruners/_internal/log.js';
import { hyperbandPruner } from '../../../src/tuners/pruners/hyperband.js';
import { frozenTrial, prunerContext } from '../_support.js';
import { fixture, replay, scenariosOf } from './_replay.js';

describe('hyperbandPruner', () => {
  const scenarios = scenariosOf('hyperband');

  it('has scenarios to replay', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
  });

  for (const scenario of scenarios) {
    it(`decides, records rungs and filters sampler trials as Optuna 3.1 HyperbandPruner: ${scenario.name}`, () => {
      const pruner = hyperbandPruner(scenario.opts);
      const result = replay(scenario, pruner);
      expect(result.mismatches).toEqual([]);
      if (!scenario.name.includes('no brackets')) expect(result.prunes).toBeGreaterThan(0);
      const brackets = scenario.brackets!;
      for (const trial of result.trials) {
        const bracket = brackets[trial.number];
        const expected = bracket === null ? result.trials : result.trials.filter((t) => brackets[t.number] === bracket);
        expect(pruner.samplerTrials!(result.study, trial).map((t) => t.number)).toEqual(expected.map((t) => t.number));
      }
    });
  }

  it('gives samplers every trial before the brackets exist', () => {
    const trials = [0, 1, 2].map((n) => frozenTrial({ number: n, state: 'running', intermediate: [1] }));
    const pruner = hyperbandPruner({ maxResource: 27 });
    const ctx = prunerContext(trials);
    expect(pruner.samplerTrials!(ctx.study, trials[0]!)).toHaveLength(3);
  });

  it('rejects bad options with clear messages', () => {
    expect(() => hyperbandPruner({ minResource: 0 })).toThrow(/hyperbandPruner: option "minResource" must be an integer >= 1; got 0/);
    expect(() => hyperbandPruner({ maxResource: 'max' as never })).toThrow(/option "maxResource" must be 'auto' or an integer >= 1; got 'max'/);
    expect(() => hyperbandPruner({ minResource: 10, maxResource: 9 })).toThrow(/"maxResource" must be 'auto' or an integer >= minResource \(10\); got 9/);
    expect(() => hyperbandPruner({ reductionFactor: 1 })).toThrow(/"reductionFactor" must be an integer >= 2; got 1/);
    expect(() => hyperbandPruner({ bootstrapCount: -1 })).toThrow(/"bootstrapCount" must be an integer >= 0/);
    expect(() => hyperbandPruner({ bootstrapCount: 1 })).toThrow(/"bootstrapCount" must be 0 when "maxResource" is 'auto'/);
    expect(() => hyperbandPruner({ maxResources: 9 } as never)).toThrow(/unknown option "maxResources" \(did you mean "maxResource"\?\)/);
  });

  it('reports its resolved options', () => {
    expect(hyperbandPruner({ maxResource: 81 }).options).toEqual({ minResource: 1, maxResource: 81, reductionFactor: 3, bootstrapCount: 0 });
  });
});

describe('Hyperband brackets', () => {
  it('counts brackets, budgets and assigns trials as Optuna 3.1', () => {
    const cases = fixture().brackets;
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) {
      const b = makeBrackets(c.minResource, c.maxResource, c.reductionFactor);
      expect([c, b.count, b.budgets]).toEqual([c, c.count, c.budgets]);
      const ids = b.count > 0 ? Array.from({ length: 200 }, (_, n) => bracketOf(b, c.studyName, n)).join('') : '';
      expect(ids).toBe(c.ids);
    }
  });

  it('makes 5 brackets, not 6, for R / r = 243 and eta 3, as float logarithms do in CPython', () => {
    expect(makeBrackets(1, 243, 3).count).toBe(5);
    expect(makeBrackets(1, 27, 3).count).toBe(4);
  });

  it('rounds logarithms as CPython (glibc) does', () => {
    for (const [x, expected] of fixture().log) expect([x, correctlyRoundedLog(x)]).toEqual([x, expected]);
    for (const [x, base, expected] of fixture().logBase) expect([x, base, logBase(x, base)]).toEqual([x, base, expected]);
  });

  it('computes crc32 as binascii.crc32 over UTF-8', () => {
    for (const [s, expected] of fixture().crc32) expect(crc32(s)).toBe(expected);
  });
});
