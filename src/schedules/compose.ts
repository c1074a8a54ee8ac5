// Schedules made of schedules: a linear warmup in front of one, and Optax's join.
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { checkIncreasing, makeSchedule, nestedConfig, nestedValue, nonNegative, requireOption, scalarOrSchedule } from './_internal/schedule.js';
import type { ScalarOrSchedule, Schedule } from './types.js';

/** Options of {@link linearWarmup}. */
export interface LinearWarmupOptions {
  /** The schedule to warm up into, or a constant value (required). */
  schedule: ScalarOrSchedule;
  /** Length of the warmup in steps, an integer >= 0 (required; 0 means no warmup). */
  warmupSteps: number;
  /** The value at step 0, a finite number >= 0 (default 0). */
  startValue?: number;
  /**
   * `true` (default): after the warmup the wrapped schedule starts from its own step 0, so the
   * warmup ends at `schedule(0)` and step n ≥ warmupSteps gives `schedule(n − warmupSteps)` (as
   * Optax's `join_schedules`). `false`: the wrapped schedule keeps the global step, the warmup ends
   * at `schedule(warmupSteps)` and the first `warmupSteps` steps of it are replaced.
   */
  shift?: boolean;
}

/**
 * A linear warmup in front of a schedule: from `startValue` at step 0, in a straight line to the
 * schedule's value where the warmup ends, then the schedule itself (shifted by the warmup or not,
 * see {@link LinearWarmupOptions.shift}). The curve is continuous at the join either way.
 *
 * @param options - the wrapped schedule, warmup length, start value and shift.
 * @returns the schedule; its config holds the wrapped schedule's config.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for missing or out-of-range options; the
 *   schedule throws it for a step that is not an integer >= 0, or when the wrapped schedule
 *   returns NaN, an infinity or a negative value.
 * @example
 * ```ts
 * const lr = linearWarmup({ schedule: cosineDecay({ initialValue: 0.1, decaySteps: 900 }), warmupSteps: 100 });
 * lr(50); // 0.05; lr(100) is 0.1, the cosine's start
 * ```
 * @see https://arxiv.org/abs/1706.02677 (Goyal et al., gradual warmup)
 */
/* @__NO_SIDE_EFFECTS__ */
export function linearWarmup(options: LinearWarmupOptions): Schedule {
  const fn = 'linearWarmup';
  const spec = { schedule: scalarOrSchedule(), warmupSteps: is.integer({ min: 0 }), startValue: nonNegative(), shift: is.boolean() };
  checkOptions(fn, options, spec);
  requireOption(fn, options, 'schedule', spec.schedule);
  requireOption(fn, options, 'warmupSteps', spec.warmupSteps);
  const { schedule, warmupSteps } = options;
  const startValue = options.startValue ?? 0;
  const shift = options.shift ?? true;
  return makeSchedule(fn, { schedule: nestedConfig(fn, 'schedule', schedule), warmupSteps, startValue, shift }, (step) => {
    if (step >= warmupSteps) return nestedValue(fn, 'schedule', schedule, shift ? step - warmupSteps : step);
    const target = nestedValue(fn, 'schedule', schedule, shift ? 0 : warmupSteps);
    return (startValue - target) * (1 - step / warmupSteps) + target;
  });
}

/** Options of {@link joinSchedules}. */
export interface JoinSchedulesOptions {
  /** The schedules (or constant values) to run one after the other, at least one (required). */
  schedules: readonly ScalarOrSchedule[];
  /** The steps where each next schedule takes over, strictly increasing integers >= 0, one fewer than `schedules` (required). */
  boundaries: readonly number[];
}

/**
 * Run schedules one after another (Optax's `join_schedules`): before `boundaries[0]` the value is
 * `schedules[0](step)`; from `boundaries[i]` on it is `schedules[i + 1](step − boundaries[i])`, so
 * each later schedule starts from its own step 0.
 *
 * @param options - the schedules and the boundaries between them.
 * @returns the schedule; its config holds each part's config.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for lists of mismatched length,
 *   unsorted boundaries or invalid parts; the schedule throws it for a step that is not an
 *   integer >= 0, or when a part returns NaN, an infinity or a negative value.
 * @example
 * ```ts
 * const lr = joinSchedules({
 *   schedules: [polynomialDecay({ initialValue: 0, endValue: 0.1, decaySteps: 100 }), cosineDecay({ initialValue: 0.1, decaySteps: 900 })],
 *   boundaries: [100],
 * });
 * ```
 * @see https://optax.readthedocs.io/en/latest/api/optimizer_schedules.html#optax.schedules.join_schedules
 */
/* @__NO_SIDE_EFFECTS__ */
export function joinSchedules(options: JoinSchedulesOptions): Schedule {
  const fn = 'joinSchedules';
  const spec = { schedules: is.arrayOf(scalarOrSchedule(), { minLength: 1 }), boundaries: is.arrayOf(is.integer({ min: 0 })) };
  checkOptions(fn, options, spec);
  requireOption(fn, options, 'schedules', spec.schedules);
  requireOption(fn, options, 'boundaries', spec.boundaries);
  const schedules = Array.from(options.schedules);
  const boundaries = Array.from(options.boundaries);
  checkIncreasing(fn, 'boundaries', boundaries);
  if (boundaries.length !== schedules.length - 1) {
    throw invalidOption(fn, 'boundaries', `an array of ${schedules.length - 1} steps (one fewer than "schedules")`, options.boundaries);
  }
  return makeSchedule(fn, { schedules: schedules.map((s, i) => nestedConfig(fn, `schedules[${i}]`, s)), boundaries }, (step) => {
    let i = boundaries.length;
    while (i > 0 && boundaries[i - 1]! > step) i--;
    const offset = i === 0 ? 0 : boundaries[i - 1]!;
    return nestedValue(fn, `schedules[${i}]`, schedules[i]!, step - offset);
  });
}
