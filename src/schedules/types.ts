/**
 * A JSON description of a schedule, enough to rebuild it: the factory's name and its options (a
 * nested schedule, as in `linearWarmup` or `joinSchedules`, appears as its own config). Saved with
 * a model's optimizer so that `loadLayersModel` restores the same schedule.
 */
export interface ScheduleConfig {
  /** The factory that made the schedule (`'cosineDecay'`, `'joinSchedules'`, …). */
  readonly name: string;
  /** The factory's options, JSON-serializable. */
  readonly options: { readonly [key: string]: unknown };
}

/**
 * A learning-rate (or any hyperparameter) schedule: a pure function from the step (0, 1, 2, … —
 * a batch or an epoch index, as the caller uses it) to a value, as in Optax. Schedules made by
 * whetstone's factories also carry their `config`.
 */
export interface Schedule {
  /** The value at `step` (a non-negative integer). */
  (step: number): number;
  /** How to rebuild this schedule (see {@link ScheduleConfig}). */
  readonly config: ScheduleConfig;
}

/** A hyperparameter given either as a constant or as a {@link Schedule} of the step. */
export type ScalarOrSchedule = number | Schedule;

/**
 * Whether `value` is a schedule in whetstone's sense: a function carrying a `{ name, options }`
 * config (so it can be saved with a model and rebuilt by `scheduleFromConfig`).
 *
 * @param value - anything.
 * @returns `true` for schedules made by whetstone's factories (or shaped like them).
 * @example
 * ```ts
 * isSchedule(cosineDecay({ initialValue: 0.1, decaySteps: 100 })); // true
 * isSchedule((step: number) => 0.1);                                // false: no config
 * ```
 */
export function isSchedule(value: unknown): value is Schedule {
  if (typeof value !== 'function') return false;
  const config = (value as { config?: unknown }).config;
  if (typeof config !== 'object' || config === null) return false;
  const c = config as { name?: unknown; options?: unknown };
  return typeof c.name === 'string' && typeof c.options === 'object' && c.options !== null;
}
