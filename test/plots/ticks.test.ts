import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { logTicks, niceTicks } from '../../src/plots/ticks.js';

/** Whether `step` is 1, 2 or 5 times a power of ten. */
function isNice(step: number): boolean {
  const e = Math.floor(Math.log10(step));
  const m = step / 10 ** e;
  return [1, 2, 5, 10].some((n) => Math.abs(m - n) < 1e-9);
}

describe('niceTicks (Heckbert loose labeling)', () => {
  it('labels [0, 1] at 0, 0.2, …, 1', () => {
    expect(niceTicks(0, 1)).toEqual({ min: 0, max: 1, step: 0.2, values: [0, 0.2, 0.4, 0.6, 0.8, 1] });
  });

  it('widens to nice multiples of the step', () => {
    expect(niceTicks(3.2, 97.1).values).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.6, 1.4).values).toEqual([0.6, 0.8, 1, 1.2, 1.4]);
    expect(niceTicks(-3, -1).values).toEqual([-3, -2.5, -2, -1.5, -1]);
    expect(niceTicks(-1e-7, 3e-7).values).toEqual([-1e-7, 0, 1e-7, 2e-7, 3e-7]);
    expect(niceTicks(0, 29).values).toEqual([0, 10, 20, 30]);
  });

  it('prints values without binary noise', () => {
    // 3 × 0.1 is 0.30000000000000004 in floating point.
    expect(niceTicks(0, 0.5, { count: 5 }).values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('widens a zero-width range around its value', () => {
    expect(niceTicks(0, 0).values).toEqual([-1, -0.5, 0, 0.5, 1]);
    const t = niceTicks(5, 5);
    expect(t.min).toBeLessThan(5);
    expect(t.max).toBeGreaterThan(5);
    expect(t.values).toContain(5);
    // Too narrow for float64 to step through: widened rather than looping over 1e16 ticks.
    const u = niceTicks(1e9, 1e9 + 1e-6);
    expect(u.values.length).toBeLessThan(20);
    expect(u.min).toBeLessThan(1e9);
  });

  it("rounds the step with Heckbert's thresholds (1 below 1.5, 2 below 3, 5 below 7, else 10)", () => {
    // [0, 100]: the step is the nice rounding of 100 / count.
    const step = (count: number) => niceTicks(0, 100, { count }).step;
    expect(step(70)).toBe(1); // 1.43
    expect(step(60)).toBe(2); // 1.67
    expect(step(40)).toBe(2); // 2.5
    expect(step(30)).toBe(5); // 3.33
    expect(step(15)).toBe(5); // 6.67
    expect(step(14)).toBe(10); // 7.14
    expect(step(4)).toBe(20); // 25
    // The range is first rounded up to a nice number: 0..130 → 200 → step 40 → 50.
    expect(niceTicks(0, 130, { count: 5 }).step).toBe(50);
  });

  it('follows count', () => {
    expect(niceTicks(0, 1, { count: 2 }).values).toEqual([0, 0.5, 1]);
    expect(niceTicks(0, 1, { count: 10 }).values).toHaveLength(11);
  });

  it('covers the range with evenly spaced nice steps (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        (lo, width, count) => {
          const hi = lo + width;
          fc.pre(hi > lo && Number.isFinite(hi));
          const t = niceTicks(lo, hi, { count });
          // Within a billionth of a step (the tolerance that keeps 0.6 / 0.2 from adding a tick)
          // or a few ulps of the bounds (ranges of 1e-6 around 1e8 are at double precision's edge).
          expect(t.min).toBeLessThanOrEqual(lo + Math.max(t.step! * 1e-9, Math.abs(lo) * 1e-15));
          expect(t.max).toBeGreaterThanOrEqual(hi - Math.max(t.step! * 1e-9, Math.abs(hi) * 1e-15));
          expect(isNice(t.step!)).toBe(true);
          // Loose labeling never adds a whole empty interval at either end, unless the range was
          // too narrow for float64 and had to be widened.
          if (width > Math.max(Math.abs(lo), Math.abs(hi)) * 1e-10) {
            expect(t.min + t.step!).toBeGreaterThan(lo - Math.abs(lo) * 1e-9);
            expect(t.max - t.step!).toBeLessThan(hi + Math.abs(hi) * 1e-9);
          }
          expect(t.values.length).toBeGreaterThanOrEqual(2);
          expect(t.values.length).toBeLessThanOrEqual(3 * count + 2);
          for (let i = 1; i < t.values.length; i++) {
            const scale = Math.max(Math.abs(t.values[i]!), t.step!);
            expect(Math.abs(t.values[i]! - t.values[i - 1]! - t.step!)).toBeLessThanOrEqual(scale * 1e-9);
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it('rejects bad bounds and options', () => {
    expect(() => niceTicks(NaN, 1)).toThrow(InvalidArgumentError);
    expect(() => niceTicks(0, Infinity)).toThrow(/niceTicks: argument "max" must be a finite number/);
    expect(() => niceTicks(2, 1)).toThrow(/must be a number >= min/);
    expect(() => niceTicks(0, 1, { count: 0 })).toThrow(/option "count"/);
    expect(() => niceTicks(0, 1, { cuont: 3 } as never)).toThrow(/unknown option "cuont"/);
  });
});

describe('logTicks', () => {
  it('labels [1e-5, 1e-1] at the powers of ten', () => {
    expect(logTicks(1e-5, 1e-1)).toEqual({ min: 1e-5, max: 0.1, step: null, values: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1] });
  });

  it('widens to whole decades over long ranges', () => {
    expect(logTicks(3e-4, 0.2).values).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
  });

  it('uses 1, 2, 5 times powers of ten over two decades or less', () => {
    expect(logTicks(0.083, 1.05).values).toEqual([0.05, 0.1, 0.2, 0.5, 1, 2]);
    expect(logTicks(2, 8).values).toEqual([2, 5, 10]);
    expect(logTicks(1, 100).values).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(logTicks(1, 1).values).toEqual([0.5, 1, 2]);
  });

  it('labels every k-th power when there are many decades', () => {
    const t = logTicks(1e-12, 1e12);
    expect(t.values.length).toBeLessThanOrEqual(9);
    expect(t.values[0]).toBe(1e-12);
    expect(t.values[t.values.length - 1]).toBe(1e12);
    for (const v of t.values) expect(Number.isInteger(Math.log10(v))).toBe(true);
  });

  it('covers the range (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }), (a, w) => {
        const lo = 10 ** a;
        const hi = 10 ** (a + w);
        const t = logTicks(lo, hi);
        // log10 is compared with a 1e-9 tolerance, a relative 2.3e-9 on the values.
        expect(t.min).toBeLessThanOrEqual(lo * (1 + 1e-8));
        expect(t.max).toBeGreaterThanOrEqual(hi * (1 - 1e-8));
        expect(t.values.length).toBeGreaterThanOrEqual(2);
        expect(t.values.length).toBeLessThanOrEqual(10);
        for (let i = 1; i < t.values.length; i++) expect(t.values[i]!).toBeGreaterThan(t.values[i - 1]!);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it('rejects non-positive bounds', () => {
    expect(() => logTicks(0, 1)).toThrow(/logTicks: argument "min" must be a number > 0/);
    expect(() => logTicks(-1, 1)).toThrow(InvalidArgumentError);
    expect(() => logTicks(1, 0.5)).toThrow(/must be a number >= min/);
  });
});
