// Every schedule against its formula, the reference examples (the seed's table, Optax's and
// Keras's documented values), and the invariants that hold for any valid options.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import {
  constantSchedule,
  cosineDecay,
  cosineWarmRestarts,
  cyclic,
  exponentialDecay,
  inverseTimeDecay,
  joinSchedules,
  linearWarmup,
  oneCycle,
  piecewiseConstant,
  polynomialDecay,
  stepDecay,
} from '../../src/schedules/index.js';
import type { Schedule } from '../../src/schedules/index.js';
import { valuesOf } from './_fixtures.js';

const round2 = (v: number): number => Math.round(v * 100) / 100;

describe('inverseTimeDecay', () => {
  it("gives the seed's time-based table: α₀ = 0.3, d = 1 → 0.15, 0.10, 0.08, 0.06, 0.05", () => {
    const lr = inverseTimeDecay({ initialValue: 0.3, decayRate: 1 });
    expect([1, 2, 3, 4, 5].map((n) => round2(lr(n)))).toEqual([0.15, 0.1, 0.08, 0.06, 0.05]);
    expect(lr(0)).toBe(0.3);
  });

  it('is α₀ / (1 + d·n / decaySteps), with whole units when staircase is set (Keras)', () => {
    const smooth = inverseTimeDecay({ initialValue: 0.5, decayRate: 0.2, decaySteps: 10 });
    const stairs = inverseTimeDecay({ initialValue: 0.5, decayRate: 0.2, decaySteps: 10, staircase: true });
    for (const n of [0, 1, 9, 10, 11, 55, 1000]) {
      expect(smooth(n)).toBeCloseTo(0.5 / (1 + (0.2 * n) / 10), 15);
      expect(stairs(n)).toBeCloseTo(0.5 / (1 + 0.2 * Math.floor(n / 10)), 15);
    }
  });
});

describe('stepDecay', () => {
  it("defaults to the issue's formula α₀·d^⌊(1+n)/r⌋: the first drop comes at step r − 1", () => {
    const lr = stepDecay({ initialValue: 0.1, gamma: 0.5, stepSize: 10 });
    for (let n = 0; n < 50; n++) expect(lr(n)).toBe(0.1 * 0.5 ** Math.floor((1 + n) / 10));
    expect(lr(8)).toBe(0.1);
    expect(lr(9)).toBe(0.05);
  });

  it("with offset 0 is torch's StepLR α₀·γ^⌊n/stepSize⌋: the first drop comes at step r", () => {
    const lr = stepDecay({ initialValue: 0.1, gamma: 0.5, stepSize: 10, offset: 0 });
    expect(lr(9)).toBe(0.1);
    expect(lr(10)).toBe(0.05);
  });
});

describe('exponentialDecay', () => {
  it('is α₀·e^(−d·n), or α₀·γ^n', () => {
    const a = exponentialDecay({ initialValue: 0.2, decay: 0.05 });
    const b = exponentialDecay({ initialValue: 0.2, gamma: 0.9 });
    for (const n of [0, 1, 7, 20, 100]) {
      expect(a(n)).toBeCloseTo(0.2 * Math.exp(-0.05 * n), 15);
      expect(b(n)).toBeCloseTo(0.2 * 0.9 ** n, 15);
    }
  });

  it('takes exactly one of decay and gamma', () => {
    expect(() => exponentialDecay({ initialValue: 0.1 })).toThrow(/option "decay" must be a finite number >= 0 \(give "decay".*got undefined\./);
    expect(() => exponentialDecay({ initialValue: 0.1, decay: 0.1, gamma: 0.9 })).toThrow(/option "gamma" must be left out when "decay" is given/);
  });
});

describe('polynomialDecay', () => {
  it("gives Optax's documented values (init 1, end 0.01, 100 steps from step 5, power 2)", () => {
    const lr = polynomialDecay({ initialValue: 1, endValue: 0.01, decaySteps: 100, transitionBegin: 5, power: 2 });
    expect([0, 5, 6, 104, 105, 110].map((n) => lr(n).toFixed(4))).toEqual(['1.0000', '1.0000', '0.9803', '0.0101', '0.0100', '0.0100']);
  });

  it("with cycle stretches the period to the next multiple of decaySteps, as Keras's PolynomialDecay", () => {
    const lr = polynomialDecay({ initialValue: 1, endValue: 0.1, decaySteps: 10, cycle: true });
    expect(lr(0)).toBe(1);
    expect(lr(10)).toBeCloseTo(0.1, 15);
    // Step 11: period 20, (1 − 0.1)·(1 − 11/20) + 0.1.
    expect(lr(11)).toBeCloseTo(0.9 * (9 / 20) + 0.1, 15);
    expect(lr(20)).toBeCloseTo(0.1, 15);
  });

  it('can ramp up (endValue > initialValue), as a linear warmup', () => {
    const lr = polynomialDecay({ initialValue: 0, endValue: 0.1, decaySteps: 4 });
    expect(valuesOf(lr, 6).map((v) => Number(v.toFixed(12)))).toEqual([0, 0.025, 0.05, 0.075, 0.1, 0.1]);
  });
});

describe('piecewiseConstant', () => {
  it('switches at each boundary, the boundary step already taking the new value (Optax, torch MultiStepLR)', () => {
    const lr = piecewiseConstant({ boundaries: [3, 5], values: [1, 0.5, 0.25] });
    expect(valuesOf(lr, 8)).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25]);
  });

  it('rejects unsorted boundaries and a values list of the wrong length', () => {
    expect(() => piecewiseConstant({ boundaries: [5, 5], values: [1, 2, 3] })).toThrow(/option "boundaries" must be strictly increasing/);
    expect(() => piecewiseConstant({ boundaries: [5], values: [1, 2, 3] })).toThrow(/option "values" must be an array of 2 values/);
  });
});

describe('cosineDecay', () => {
  it("is Optax's cosine_decay_schedule, holding alpha·init after decaySteps", () => {
    const lr = cosineDecay({ initialValue: 0.1, decaySteps: 100, alpha: 0.1 });
    for (const n of [0, 1, 25, 50, 99, 100, 150]) {
      const t = Math.min(n, 100);
      expect(lr(n)).toBeCloseTo(0.1 * (0.9 * 0.5 * (1 + Math.cos((Math.PI * t) / 100)) + 0.1), 15);
    }
    expect(lr(1000)).toBeCloseTo(0.01, 15);
  });

  it("with warmup is Optax's warmup_cosine_decay_schedule (decaySteps counts the warmup)", () => {
    const lr = cosineDecay({ initialValue: 1, decaySteps: 110, warmupSteps: 10, warmupStartValue: 0 });
    expect(lr(0)).toBe(0);
    expect(lr(5)).toBeCloseTo(0.5, 15);
    expect(lr(10)).toBe(1);
    expect(lr(60)).toBeCloseTo(0.5, 15);
    expect(lr(110)).toBeCloseTo(0, 15);
    expect(() => cosineDecay({ initialValue: 1, decaySteps: 10, warmupSteps: 10 })).toThrow(/option "warmupSteps" must be an integer in \[0, 10\)/);
  });

  it('with an exponent raises the cosine factor to it', () => {
    const lr = cosineDecay({ initialValue: 2, decaySteps: 8, exponent: 2 });
    expect(lr(4)).toBeCloseTo(2 * 0.25, 15);
  });
});

describe('cosineWarmRestarts', () => {
  it('restarts at the end of each period: 10, 20, 40 steps with t0 = 10, tMult = 2', () => {
    const lr = cosineWarmRestarts({ initialValue: 0.1, t0: 10, tMult: 2, etaMin: 0.001 });
    for (const start of [0, 10, 30, 70]) expect(lr(start)).toBe(0.1);
    expect(lr(20)).toBeCloseTo(0.001 + (0.099 * (1 + Math.cos(Math.PI / 2))) / 2, 15);
    expect(lr(29)).toBeLessThan(lr(28));
  });
});

describe('oneCycle', () => {
  it('rises from maxValue/divFactor to maxValue, then falls to it/finalDivFactor', () => {
    const lr = oneCycle({ maxValue: 1, totalSteps: 101, pctStart: 0.5, anneal: 'linear', divFactor: 10, finalDivFactor: 100 });
    expect(lr(0)).toBeCloseTo(0.1, 15);
    // Phase end pctStart · totalSteps − 1 = 49.5: not a whole step, as in torch.
    expect(lr(49)).toBeLessThan(1);
    expect(lr(50)).toBeLessThan(1);
    expect(lr(100)).toBeCloseTo(0.001, 15);
    expect(lr(500)).toBe(lr(100));
  });

  it('rejects a pctStart that leaves a phase one step long or less', () => {
    expect(() => oneCycle({ maxValue: 1, totalSteps: 10, pctStart: 0.1 })).toThrow(/option "pctStart" must be in \(0\.1, 1\) for totalSteps 10 \(every phase must last more than one step\); got 0\.1\./);
    expect(() => oneCycle({ maxValue: 1, totalSteps: 10, pctStart: 0.6, threePhase: true })).toThrow(/must be in \(0\.1, 0\.55\) for totalSteps 10 and three phases/);
    expect(() => oneCycle({ maxValue: 1, totalSteps: 10, pctStart: 0.5, threePhase: true })).not.toThrow();
  });
});

describe('cyclic', () => {
  it('is a triangle between baseValue and maxValue; triangular2 halves it each cycle', () => {
    const tri = cyclic({ baseValue: 1, maxValue: 3, stepSizeUp: 2, stepSizeDown: 2 });
    expect(valuesOf(tri, 9)).toEqual([1, 2, 3, 2, 1, 2, 3, 2, 1]);
    const tri2 = cyclic({ baseValue: 1, maxValue: 3, stepSizeUp: 2, mode: 'triangular2' });
    expect(valuesOf(tri2, 13)).toEqual([1, 2, 3, 2, 1, 1.5, 2, 1.5, 1, 1.25, 1.5, 1.25, 1]);
  });

  it('exp_range scales the amplitude by gamma^step, and only exp_range takes gamma', () => {
    const lr = cyclic({ baseValue: 0, maxValue: 1, stepSizeUp: 1, mode: 'exp_range', gamma: 0.5 });
    expect(valuesOf(lr, 4)).toEqual([0, 0.5, 0, 0.125]);
    expect(() => cyclic({ baseValue: 0, maxValue: 1, gamma: 0.5 })).toThrow(/option "gamma" must be left out unless mode is 'exp_range'/);
  });
});

describe('linearWarmup', () => {
  const inner = exponentialDecay({ initialValue: 0.8, gamma: 0.5 });

  it('shifted (default): ramps to schedule(0), then schedule(step − warmupSteps)', () => {
    const lr = linearWarmup({ schedule: inner, warmupSteps: 4, startValue: 0 });
    const expected = [0, 0.2, 0.4, 0.6, 0.8, 0.4, 0.2];
    valuesOf(lr, 7).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 15));
  });

  it('unshifted: ramps to schedule(warmupSteps), then schedule(step)', () => {
    const lr = linearWarmup({ schedule: inner, warmupSteps: 2, startValue: 0.1, shift: false });
    expect(lr(0)).toBe(0.1);
    expect(lr(1)).toBeCloseTo((0.1 + 0.2) / 2, 15);
    expect(lr(2)).toBe(inner(2));
    expect(lr(3)).toBe(inner(3));
  });

  it('accepts a constant target and a zero-length warmup', () => {
    expect(valuesOf(linearWarmup({ schedule: 1, warmupSteps: 2 }), 4)).toEqual([0, 0.5, 1, 1]);
    expect(linearWarmup({ schedule: inner, warmupSteps: 0 })(3)).toBe(inner(3));
  });
});

describe('joinSchedules', () => {
  it("runs each schedule from its own step 0 after its boundary (Optax's join_schedules)", () => {
    const lr = joinSchedules({ schedules: [constantSchedule({ value: 1 }), exponentialDecay({ initialValue: 0.5, gamma: 0.5 }), 0.01], boundaries: [2, 4] });
    expect(valuesOf(lr, 6)).toEqual([1, 1, 0.5, 0.25, 0.01, 0.01]);
  });

  it('rejects mismatched lengths', () => {
    expect(() => joinSchedules({ schedules: [1, 2], boundaries: [] })).toThrow(/option "boundaries" must be an array of 1 steps/);
  });

  it("stores a copy of a user schedule's config, leaving the caller's object unfrozen", () => {
    const config = { name: 'custom', options: { k: [1, 2] } };
    const mine = Object.assign((_: number) => 0.5, { config }) as Schedule;
    const lr = joinSchedules({ schedules: [mine, 0.1], boundaries: [3] });
    expect(Object.isFrozen(config) || Object.isFrozen(config.options.k)).toBe(false);
    expect(lr.config.options.schedules).toEqual([config, 0.1]);
    expect((lr.config.options.schedules as unknown[])[0]).not.toBe(config);
  });

  it('reports a nested user schedule that returns NaN, with the step', () => {
    const bad = Object.assign((step: number) => (step > 2 ? Number.NaN : 1), { config: { name: 'custom', options: {} } }) as Schedule;
    const lr = joinSchedules({ schedules: [1, bad], boundaries: [1] });
    expect(lr(2)).toBe(1);
    expect(() => lr(4)).toThrow(/joinSchedules: option "schedules\[1\]" must return finite values >= 0; got NaN at step 3\./);
  });
});

// A random valid configuration of every factory, for the properties below.
const arbitrarySchedule: fc.Arbitrary<{ label: string; schedule: Schedule; lo: number; hi: number; decreasing: boolean }> = fc.oneof(
  fc.record({ v: fc.double({ min: 0, max: 10, noNaN: true }) }).map(({ v }) => ({ label: 'constantSchedule', schedule: constantSchedule({ value: v }), lo: v, hi: v, decreasing: true })),
  fc.record({ a: fc.double({ min: 0, max: 10, noNaN: true }), d: fc.double({ min: 0, max: 5, noNaN: true }), s: fc.integer({ min: 1, max: 50 }), st: fc.boolean() }).map(({ a, d, s, st }) => ({
    label: 'inverseTimeDecay', schedule: inverseTimeDecay({ initialValue: a, decayRate: d, decaySteps: s, staircase: st }), lo: 0, hi: a, decreasing: true,
  })),
  fc.record({ a: fc.double({ min: 0, max: 10, noNaN: true }), g: fc.double({ min: 0, max: 1, noNaN: true }), s: fc.integer({ min: 1, max: 50 }), o: fc.integer({ min: 0, max: 3 }) }).map(({ a, g, s, o }) => ({
    label: 'stepDecay', schedule: stepDecay({ initialValue: a, gamma: g, stepSize: s, offset: o }), lo: 0, hi: a, decreasing: true,
  })),
  fc.record({ a: fc.double({ min: 0, max: 10, noNaN: true }), g: fc.double({ min: 1e-3, max: 1, noNaN: true }) }).map(({ a, g }) => ({
    label: 'exponentialDecay', schedule: exponentialDecay({ initialValue: a, gamma: g }), lo: 0, hi: a, decreasing: true,
  })),
  fc.record({ a: fc.double({ min: 0, max: 10, noNaN: true }), e: fc.double({ min: 0, max: 10, noNaN: true }), p: fc.double({ min: 0.1, max: 4, noNaN: true }), s: fc.integer({ min: 1, max: 200 }), b: fc.integer({ min: 0, max: 20 }), c: fc.boolean() }).map(({ a, e, p, s, b, c }) => ({
    label: 'polynomialDecay', schedule: polynomialDecay({ initialValue: a, endValue: e, power: p, decaySteps: s, transitionBegin: b, cycle: c }), lo: Math.min(a, e), hi: Math.max(a, e), decreasing: a >= e && !c,
  })),
  fc.record({ a: fc.double({ min: 0, max: 10, noNaN: true }), s: fc.integer({ min: 1, max: 300 }), al: fc.double({ min: 0, max: 1, noNaN: true }), ex: fc.double({ min: 0.1, max: 3, noNaN: true }) }).map(({ a, s, al, ex }) => ({
    label: 'cosineDecay', schedule: cosineDecay({ initialValue: a, decaySteps: s, alpha: al, exponent: ex }), lo: a * al, hi: a, decreasing: true,
  })),
  fc.record({ a: fc.double({ min: 0, max: 10, noNaN: true }), t0: fc.integer({ min: 1, max: 30 }), m: fc.integer({ min: 1, max: 4 }), eta: fc.double({ min: 0, max: 10, noNaN: true }) }).map(({ a, t0, m, eta }) => ({
    label: 'cosineWarmRestarts', schedule: cosineWarmRestarts({ initialValue: a, t0, tMult: m, etaMin: eta }), lo: Math.min(a, eta), hi: Math.max(a, eta), decreasing: false,
  })),
  fc.record({ m: fc.double({ min: 0, max: 10, noNaN: true }), t: fc.integer({ min: 20, max: 500 }), p: fc.double({ min: 0.1, max: 0.45, noNaN: true }), an: fc.constantFrom('cos' as const, 'linear' as const), th: fc.boolean(), d: fc.double({ min: 1, max: 100, noNaN: true }), fd: fc.double({ min: 1, max: 1e4, noNaN: true }) }).map(({ m, t, p, an, th, d, fd }) => ({
    label: 'oneCycle', schedule: oneCycle({ maxValue: m, totalSteps: t, pctStart: p, anneal: an, threePhase: th, divFactor: d, finalDivFactor: fd }), lo: m / d / fd, hi: m, decreasing: false,
  })),
  fc.record({ b: fc.double({ min: 0, max: 10, noNaN: true }), m: fc.double({ min: 0, max: 10, noNaN: true }), up: fc.integer({ min: 1, max: 40 }), down: fc.integer({ min: 1, max: 40 }), mode: fc.constantFrom('triangular' as const, 'triangular2' as const, 'exp_range' as const), g: fc.double({ min: 0.5, max: 1, noNaN: true }) }).map(({ b, m, up, down, mode, g }) => ({
    label: 'cyclic', schedule: cyclic({ baseValue: b, maxValue: m, stepSizeUp: up, stepSizeDown: down, mode, ...(mode === 'exp_range' ? { gamma: g } : {}) }), lo: Math.min(b, m), hi: Math.max(b, m), decreasing: false,
  })),
);

describe('properties of every schedule', () => {
  const slack = (v: number): number => 1e-12 * Math.max(1, Math.abs(v));

  it('returns finite values >= 0, within the range its options set, for any step', () => {
    fc.assert(
      fc.property(arbitrarySchedule, fc.integer({ min: 0, max: 1_000_000 }), ({ schedule, lo, hi }, step) => {
        const v = schedule(step);
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeGreaterThanOrEqual(lo - slack(lo));
        expect(v).toBeLessThanOrEqual(hi + slack(hi));
      }),
      { numRuns: 400 },
    );
  });

  it('decays never increase', () => {
    fc.assert(
      fc.property(arbitrarySchedule.filter((s) => s.decreasing), fc.integer({ min: 0, max: 10_000 }), ({ schedule }, step) => {
        expect(schedule(step + 1)).toBeLessThanOrEqual(schedule(step) + slack(schedule(step)));
      }),
      { numRuns: 300 },
    );
  });

  it('is pure: the same step gives the same value, and the config is frozen JSON', () => {
    fc.assert(
      fc.property(arbitrarySchedule, fc.integer({ min: 0, max: 5000 }), ({ schedule }, step) => {
        expect(schedule(step)).toBe(schedule(step));
        expect(JSON.parse(JSON.stringify(schedule.config))).toEqual(schedule.config);
        expect(Object.isFrozen(schedule.config) && Object.isFrozen(schedule.config.options)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects a step that is not an integer >= 0, naming the schedule', () => {
    fc.assert(
      fc.property(arbitrarySchedule, fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true }), fc.constant(Number.NaN)), ({ schedule, label }, step) => {
        expect(() => schedule(step)).toThrow(InvalidArgumentError);
        expect(() => schedule(step)).toThrow(new RegExp(`^${label}: argument "step" must be an integer >= 0; got `));
      }),
      { numRuns: 100 },
    );
  });
});

describe('options', () => {
  it('are validated when the factory runs, with uniform messages', () => {
    expect(() => constantSchedule({ value: -0.1 })).toThrow(/^constantSchedule: option "value" must be a finite number >= 0; got -0\.1\.$/);
    expect(() => constantSchedule({} as never)).toThrow(/^constantSchedule: option "value" must be a finite number >= 0 \(it is required\); got undefined\.$/);
    expect(() => inverseTimeDecay({ initialValue: 0.1, decayRate: 1, decaysteps: 2 } as never)).toThrow(/unknown option "decaysteps" \(did you mean "decaySteps"\?\)/);
    expect(() => stepDecay({ initialValue: 0.1, gamma: 1.5, stepSize: 2 })).toThrow(/option "gamma" must be a finite number in \[0, 1\]; got 1\.5\./);
    expect(() => cosineWarmRestarts({ initialValue: 0.1, t0: 10, tMult: 1.5 })).toThrow(/option "tMult" must be an integer >= 1; got 1\.5\./);
    expect(() => cyclic({ baseValue: 0.1, maxValue: Number.NaN })).toThrow(/option "maxValue" must be a finite number >= 0; got NaN\./);
    expect(() => linearWarmup({ schedule: (() => 1) as never, warmupSteps: 2 })).toThrow(/option "schedule" must be a finite number >= 0 or a Schedule/);
  });
});
