import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  categoricalDistribution,
  compatibleDistributions,
  contains,
  describeDistribution,
  floatDistribution,
  intDistribution,
  intersectionSearchSpace,
  isSingle,
  sameDistribution,
  toExternal,
  toInternal,
} from '../../src/tuners/distributions.js';
import { frozenTrial } from './_support.js';

describe('distributions', () => {
  it('lower a stepped high to the last grid point, as Optuna', () => {
    // optuna.distributions.FloatDistribution(0, 1, step=0.3).high == 0.9; IntDistribution(1, 10, step=4).high == 9
    expect(floatDistribution('x', 0, 1, { step: 0.3 }).high).toBeCloseTo(0.9, 15);
    expect(floatDistribution('x', 0, 0.3, { step: 0.1 }).high).toBe(0.3);
    expect(intDistribution('n', 1, 10, { step: 4 }).high).toBe(9);
    expect(intDistribution('n', 1, 10).step).toBe(1);
    // Decimal arithmetic as Optuna: FloatDistribution(0.1, 1.05, step=0.3).high == 1.0
    expect(floatDistribution('x', 0.1, 1.05, { step: 0.3 }).high).toBe(1);
    expect(floatDistribution('x', -0.7, 0.71, { step: 0.7 }).high).toBe(0.7);
  });

  it('map categorical choices to indices and back', () => {
    const d = categoricalDistribution('c', ['a', 1, true, null]);
    expect([0, 1, 2, 3].map((i) => toExternal(d, i))).toEqual(['a', 1, true, null]);
    expect(toInternal(d, null)).toBe(3);
    expect(() => toInternal(d, 'b')).toThrow(/'b' is not one of the choices/);
    expect(() => toExternal(d, 4)).toThrow(/out of range/);
  });

  it('say whether a value belongs, and describe themselves', () => {
    const f = floatDistribution('x', 0, 1, { step: 0.25 });
    expect(contains(f, 0.75)).toBe(true);
    expect(contains(f, 0.7)).toBe(false);
    expect(contains(intDistribution('n', 1, 9, { step: 2 }), 4)).toBe(false);
    expect(contains(intDistribution('n', 1, 9, { step: 2 }), 5)).toBe(true);
    expect(contains(floatDistribution('x', 0, 1), Number.NaN)).toBe(false);
    expect(describeDistribution(floatDistribution('lr', 1e-5, 0.1, { log: true }))).toBe('float [0.00001, 0.1] log');
    expect(describeDistribution(intDistribution('n', 1, 9, { step: 2 }))).toBe('int [1, 9] step 2');
    expect(describeDistribution(categoricalDistribution('c', ['a', 'b']))).toBe("categorical ['a', 'b']");
    expect(isSingle(floatDistribution('x', 1, 1))).toBe(true);
    expect(isSingle(intDistribution('n', 1, 2, { step: 5 }))).toBe(true);
    expect(isSingle(categoricalDistribution('c', ['a']))).toBe(true);
  });

  it('compare distributions for equality and compatibility', () => {
    const a = floatDistribution('x', 0, 1);
    expect(sameDistribution(a, floatDistribution('x', 0, 1))).toBe(true);
    expect(sameDistribution(a, floatDistribution('x', 0, 2))).toBe(false);
    expect(compatibleDistributions(a, floatDistribution('x', 0, 2))).toBe(true);
    expect(compatibleDistributions(a, floatDistribution('x', 0.1, 2, { log: true }))).toBe(false);
    expect(compatibleDistributions(a, intDistribution('x', 0, 1))).toBe(false);
    expect(compatibleDistributions(categoricalDistribution('c', ['a']), categoricalDistribution('c', ['a', 'b']))).toBe(false);
  });

  it('keep stepped grids inside [low, high] for any step (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (low, width, step) => {
        // Grids of up to ten million points, from any low and any step.
        const d = floatDistribution('x', low, low + width, { step });
        expect(d.high).toBeLessThanOrEqual(low + width + 1e-9 * Math.max(1, Math.abs(low + width)));
        expect(d.high).toBeGreaterThanOrEqual(low);
        expect(contains(d, d.high)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('compute the intersection search space of complete trials', () => {
    const x = floatDistribution('x', 0, 1);
    const y = intDistribution('y', 0, 3);
    const trials = [
      frozenTrial({ number: 0, params: { x: 0.5, y: 1 }, distributions: { x, y } }),
      frozenTrial({ number: 1, params: { x: 0.2 }, distributions: { x } }),
      frozenTrial({ number: 2, state: 'fail', params: { z: 1 }, distributions: { z: y } }),
      frozenTrial({ number: 3, state: 'pruned', params: { y: 2 }, distributions: { y } }),
    ];
    expect(intersectionSearchSpace(trials)).toEqual({ x });
    expect(intersectionSearchSpace(trials, { includePruned: true })).toEqual({});
    expect(intersectionSearchSpace([])).toEqual({});
  });
});
