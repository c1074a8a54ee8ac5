// Contract 1: every schedule rebuilds from its JSON config, values and config identical.
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
  scalarOrScheduleFromConfig,
  SCHEDULE_NAMES,
  scheduleFromConfig,
  stepDecay,
} from '../../src/schedules/index.js';
import type { Schedule } from '../../src/schedules/index.js';
import { valuesOf } from './_fixtures.js';

const examples: Schedule[] = [
  constantSchedule({ value: 0.01 }),
  inverseTimeDecay({ initialValue: 0.3, decayRate: 1 }),
  inverseTimeDecay({ initialValue: 0.3, decayRate: 0.5, decaySteps: 7, staircase: true }),
  stepDecay({ initialValue: 0.1, gamma: 0.5, stepSize: 10 }),
  stepDecay({ initialValue: 0.1, gamma: 0.5, stepSize: 10, offset: 0 }),
  exponentialDecay({ initialValue: 0.1, decay: 0.01 }),
  exponentialDecay({ initialValue: 0.1, gamma: 0.99 }),
  polynomialDecay({ initialValue: 0.1, endValue: 0.001, power: 2, decaySteps: 100, transitionBegin: 10, cycle: true }),
  piecewiseConstant({ boundaries: [10, 50], values: [0.1, 0.01, 0.001] }),
  cosineDecay({ initialValue: 0.1, decaySteps: 200, alpha: 0.05, exponent: 1.5, warmupSteps: 20, warmupStartValue: 0.001 }),
  cosineWarmRestarts({ initialValue: 0.1, t0: 10, tMult: 2, etaMin: 1e-4 }),
  oneCycle({ maxValue: 0.1, totalSteps: 300, pctStart: 0.25, anneal: 'linear', threePhase: true }),
  cyclic({ baseValue: 0.001, maxValue: 0.1, stepSizeUp: 20, stepSizeDown: 30, mode: 'exp_range', gamma: 0.999 }),
  cyclic({ baseValue: 0.001, maxValue: 0.1, stepSizeUp: 20, mode: 'triangular2' }),
  linearWarmup({ schedule: cosineWarmRestarts({ initialValue: 0.1, t0: 10 }), warmupSteps: 15, startValue: 0.01, shift: false }),
  linearWarmup({ schedule: 0.05, warmupSteps: 15 }),
  joinSchedules({
    schedules: [linearWarmup({ schedule: 0.1, warmupSteps: 5 }), 0.05, joinSchedules({ schedules: [constantSchedule({ value: 0.02 }), stepDecay({ initialValue: 0.01, gamma: 0.1, stepSize: 10 })], boundaries: [5] })],
    boundaries: [20, 40],
  }),
];

describe('scheduleFromConfig', () => {
  it('covers every factory', () => {
    expect(new Set(examples.map((s) => s.config.name))).toEqual(new Set(SCHEDULE_NAMES));
  });

  it.each(examples.map((s) => [s.config.name, s] as const))('%s: rebuilds from its JSON round-tripped config, same values, same config', (_, s) => {
    const json = JSON.stringify(s.config);
    const again = scheduleFromConfig(JSON.parse(json));
    expect(JSON.stringify(again.config)).toBe(json);
    expect(valuesOf(again, 500)).toEqual(valuesOf(s, 500));
  });

  it('rejects something that is not a config, and unknown names', () => {
    expect(() => scheduleFromConfig({ name: 'cosine', options: {} })).toThrow(/^scheduleFromConfig: argument "config.name" must be one of 'constantSchedule', .*; got 'cosine'\.$/);
    expect(() => scheduleFromConfig('constant' as never)).toThrow(/^scheduleFromConfig: argument "config" must be a schedule config \{ name, options \}; got 'constant'\.$/);
    expect(() => scheduleFromConfig({ name: 'constantSchedule', options: { value: -1 } })).toThrow(/^constantSchedule: option "value" must be a finite number >= 0; got -1\.$/);
    expect(() => scheduleFromConfig({ name: 'toString', options: {} })).toThrow(InvalidArgumentError);
  });

  it('rebuilds numbers and configs given where a learning rate may be either', () => {
    expect(scalarOrScheduleFromConfig(0.01)).toBe(0.01);
    const s = scalarOrScheduleFromConfig({ name: 'constantSchedule', options: { value: 0.2 } });
    expect(typeof s === 'function' && s(3)).toBe(0.2);
    expect(() => scalarOrScheduleFromConfig(-1 as never)).toThrow(/^scalarOrScheduleFromConfig: argument "value" must be a finite number >= 0 or a schedule config/);
  });
});
