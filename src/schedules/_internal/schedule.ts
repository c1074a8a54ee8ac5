// The machinery every schedule factory shares: building the callable with its frozen config,
// checking the step, required options, nested schedules and their values.
import { InvalidArgumentError } from '../../core/errors.js';
import { formatValue, invalidArgument, invalidOption, is } from '../../core/validate.js';
import type { Constraint } from '../../core/validate.js';
import { deepFreeze } from '../../core/freeze.js';
import { isSchedule, type ScalarOrSchedule, type Schedule, type ScheduleConfig } from '../types.js';

export { isSchedule };

/**
 * Wrap `value` (a pure function of a valid step) into a {@link Schedule} named `name`, whose
 * `config` is `{ name, options }`, frozen. The step is checked on every call: schedules are cheap,
 * and a fractional or negative step is always a caller's bug.
 */
export function makeSchedule(name: string, options: Record<string, unknown>, value: (step: number) => number): Schedule {
  const config: ScheduleConfig = deepFreeze({ name, options });
  const schedule = (step: number): number => {
    if (!(typeof step === 'number' && Number.isSafeInteger(step) && step >= 0)) {
      throw invalidArgument(name, 'step', 'an integer >= 0', step);
    }
    return value(step);
  };
  Object.defineProperty(schedule, 'config', { value: config, enumerable: true });
  return schedule as Schedule;
}

/** A value (`>= 0`) or a whetstone schedule, as composite schedules take. */
export const scalarOrSchedule = (): Constraint<ScalarOrSchedule> =>
  is.custom(
    'a finite number >= 0 or a Schedule (a function of the step with a config, as whetstone/schedules makes)',
    (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0) || isSchedule(v),
  );

/** A finite number >= 0, the constraint of every value a schedule holds or returns. */
export const nonNegative = (): Constraint<number> => is.number({ min: 0 });

/** A strictly positive finite number. */
export const positive = (): Constraint<number> => is.number({ min: 0, minExclusive: true });

/**
 * Throw the uniform "must be …; got undefined." error for a required option that is missing.
 * `checkOptions` has already checked its type when present.
 */
export function requireOption(fn: string, options: object | undefined, key: string, c: Constraint): void {
  const value = (options as Record<string, unknown> | undefined)?.[key];
  if (value === undefined) throw invalidOption(fn, key, c.description, value, 'it is required');
}

/**
 * How a nested value appears in a config: the number itself, or the schedule's config. A config
 * that is not already frozen (a user's own schedule) is copied through JSON, so that freezing the
 * outer config never freezes the caller's object, and what is stored is what JSON would keep.
 */
export function nestedConfig(fn: string, option: string, v: ScalarOrSchedule): number | ScheduleConfig {
  if (typeof v === 'number' || Object.isFrozen(v.config)) return typeof v === 'number' ? v : v.config;
  try {
    return JSON.parse(JSON.stringify(v.config)) as ScheduleConfig;
  } catch (error) {
    throw invalidOption(fn, option, 'a Schedule whose config is JSON-serializable', v, (error as Error).message);
  }
}

/**
 * Evaluate a nested value at `step`, checking what a schedule returns: the outer schedule promises
 * finite values >= 0, so a nested one that breaks that promise is reported where it happens.
 */
export function nestedValue(fn: string, option: string, v: ScalarOrSchedule, step: number): number {
  if (typeof v === 'number') return v;
  const out = v(step);
  if (typeof out !== 'number' || !Number.isFinite(out) || out < 0) {
    throw new InvalidArgumentError(`${fn}: option "${option}" must return finite values >= 0; got ${formatValue(out)} at step ${step}.`);
  }
  return out;
}

/** Check that `values` are strictly increasing (boundaries). */
export function checkIncreasing(fn: string, option: string, values: readonly number[]): void {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i]! > values[i - 1]!)) {
      throw invalidOption(fn, option, 'strictly increasing', values, `element ${i} is ${values[i]} after ${values[i - 1]}`);
    }
  }
}
