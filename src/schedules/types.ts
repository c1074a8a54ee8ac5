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
