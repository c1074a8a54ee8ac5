import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nanPercentile } from '../../../src/tuners/pruners/_internal/intermediate.js';
import { percentilePruner } from '../../../src/tuners/pruners/percentile.js';
import { frozenTrial, prunerContext } from '../_support.js';
import { dec, fixture, replay, scenariosOf } from './_replay.js';

describe('percentilePruner', () => {
  const scenarios = scenariosOf('percentile');

  it('has scenarios to replay', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(14);
  });

  for (const scenario of scenarios) {
    it(`decides as Optuna 3.1 PercentilePruner: ${scenario.name}`, () => {
      const result = replay(scenario, percentilePruner(scenario.opts as { percentile: number }));
      expect(result.mismatches).toEqual([]);
      expect(result.prunes).toBeGreaterThan(0);
    });
  }

  it('compares the best value so far with complete trials at the latest step', () => {
    // Complete trials report 5 at step 0 and 1 at step 1; the running trial was good at step 0.
    const done = [0, 1, 2].map((n) => frozenTrial({ number: n, intermediate: [5, 1] }));
    const running = frozenTrial({ number: 3, state: 'running', intermediate: [0.5, 7] });
    const pruned = frozenTrial({ number: 4, state: 'pruned', intermediate: [0, 0] });
    const p = percentilePruner({ percentile: 50, startupTrials: 1 });
    // Best so far 0.5 <= median 1 at step 1: goes on although its latest value 7 is worse.
    expect(p.prune(prunerContext([...done, running, pruned]), running)).toBe(false);
    const worse = frozenTrial({ number: 3, state: 'running', intermediate: [3, 7] });
    expect(p.prune(prunerContext([...done, worse, pruned]), worse)).toBe(true);
  });

  it('prunes a trial that has reported only NaN, once there is history', () => {
    const done = [0, 1].map((n) => frozenTrial({ number: n, intermediate: [1] }));
    const running = frozenTrial({ number: 2, state: 'running', intermediate: [NaN] });
    const p = percentilePruner({ percentile: 50, startupTrials: 1 });
    expect(p.prune(prunerContext([...done, running]), running)).toBe(true);
    expect(p.prune(prunerContext([running]), running)).toBe(false);
  });

  it('rejects bad options with clear messages', () => {
    expect(() => percentilePruner({} as never)).toThrow(/percentilePruner: option "percentile" must be a finite number in \[0, 100\] \(it is required\); got undefined/);
    expect(() => percentilePruner(undefined as never)).toThrow(/option "percentile"/);
    expect(() => percentilePruner({ percentile: 101 })).toThrow(/option "percentile" must be a finite number in \[0, 100\]; got 101/);
    expect(() => percentilePruner({ percentile: -1 })).toThrow(/got -1/);
    expect(() => percentilePruner({ percentile: NaN })).toThrow(/got NaN/);
    expect(() => percentilePruner({ percentile: '50' as never })).toThrow(/got '50'/);
    expect(() => percentilePruner({ percentile: 50, startupTrials: -2 })).toThrow(/"startupTrials"/);
    expect(() => percentilePruner({ percentile: 50, intervalSteps: 0 })).toThrow(/"intervalSteps"/);
    expect(() => percentilePruner({ percentile: 50, warmup: 3 } as never)).toThrow(/unknown option "warmup"/);
  });

  it('reports its resolved options', () => {
    expect(percentilePruner({ percentile: 25, minTrials: 3 }).options).toEqual({
      percentile: 25,
      startupTrials: 5,
      warmupSteps: 0,
      intervalSteps: 1,
      minTrials: 3,
    });
  });
});

describe('nanPercentile (numpy.nanpercentile, linear)', () => {
  it('agrees with numpy 1.24 to the last bit, NaN and infinities included', () => {
    const cases = fixture().nanpercentile;
    expect(cases.length).toBeGreaterThan(100);
    for (const [values, q, expected] of cases) {
      const got = nanPercentile(values.map(dec), q);
      expect([values, q, got]).toEqual([values, q, dec(expected)]);
    }
  });

  it('stays within the finite values and is monotone in the percentile', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (values, q1, q2) => {
          const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
          const a = nanPercentile(values, lo);
          const b = nanPercentile(values, hi);
          expect(a).toBeGreaterThanOrEqual(Math.min(...values));
          expect(b).toBeLessThanOrEqual(Math.max(...values));
          expect(a).toBeLessThanOrEqual(b + 1e-9 * Math.max(1, Math.abs(b)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
