// Rebuilding schedules from their JSON configs (saved with a model's optimizer).
import { checkArgument, invalidArgument, is } from '../core/validate.js';
import { joinSchedules, linearWarmup } from './compose.js';
import { cosineDecay, cosineWarmRestarts } from './cosine.js';
import { cyclic, oneCycle } from './cyclical.js';
import { constantSchedule, exponentialDecay, inverseTimeDecay, piecewiseConstant, polynomialDecay, stepDecay } from './decay.js';
import type { ScalarOrSchedule, Schedule, ScheduleConfig } from './types.js';

type Options = Record<string, unknown>;

const FACTORIES: Readonly<Record<string, (options: Options) => Schedule>> = {
  constantSchedule: (o) => constantSchedule(o as never),
  inverseTimeDecay: (o) => inverseTimeDecay(o as never),
  stepDecay: (o) => stepDecay(o as never),
  exponentialDecay: (o) => exponentialDecay(o as never),
  polynomialDecay: (o) => polynomialDecay(o as never),
  piecewiseConstant: (o) => piecewiseConstant(o as never),
  cosineDecay: (o) => cosineDecay(o as never),
  cosineWarmRestarts: (o) => cosineWarmRestarts(o as never),
  oneCycle: (o) => oneCycle(o as never),
  cyclic: (o) => cyclic(o as never),
  linearWarmup: (o) => linearWarmup({ ...o, schedule: nested(o.schedule) } as never),
  joinSchedules: (o) => joinSchedules({ ...o, schedules: Array.isArray(o.schedules) ? o.schedules.map(nested) : o.schedules } as never),
};

/** The names {@link scheduleFromConfig} knows: one per schedule factory of whetstone/schedules. */
export const SCHEDULE_NAMES: readonly string[] = Object.freeze(Object.keys(FACTORIES));

const configConstraint = is.custom<ScheduleConfig>(
  'a schedule config { name, options }',
  (v) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) &&
    typeof (v as { name?: unknown }).name === 'string' &&
    typeof (v as { options?: unknown }).options === 'object' && (v as { options?: unknown }).options !== null &&
    !Array.isArray((v as { options?: unknown }).options),
);

function isConfig(v: unknown): v is ScheduleConfig {
  return configConstraint.test(v);
}

// A nested value is either a number (a constant) or a config; anything else goes through to the
// factory unchanged, whose validation names the option.
function nested(v: unknown): unknown {
  return isConfig(v) ? build(v) : v;
}

function build(config: ScheduleConfig): Schedule {
  const factory = Object.prototype.hasOwnProperty.call(FACTORIES, config.name) ? FACTORIES[config.name] : undefined;
  if (factory === undefined) {
    throw invalidArgument('scheduleFromConfig', 'config.name', `one of ${SCHEDULE_NAMES.map((n) => `'${n}'`).join(', ')}`, config.name);
  }
  return factory({ ...config.options });
}

/**
 * Rebuild a schedule from its config (`schedule.config`, or the same after a JSON round trip):
 * `scheduleFromConfig(s.config)` gives a schedule with the same values and the same config. Nested
 * schedules (in `linearWarmup` and `joinSchedules`) are rebuilt too.
 *
 * @param config - `{ name, options }` as a whetstone schedule's `config` holds it.
 * @returns a new schedule.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for something that is not a config, an
 *   unknown name, or options the named factory rejects (that error names the factory).
 * @example
 * ```ts
 * const lr = cosineWarmRestarts({ initialValue: 0.1, t0: 10 });
 * const again = scheduleFromConfig(JSON.parse(JSON.stringify(lr.config)));
 * again(15) === lr(15); // true
 * ```
 */
export function scheduleFromConfig(config: ScheduleConfig): Schedule {
  checkArgument('scheduleFromConfig', 'config', config, configConstraint);
  return build(config);
}

/**
 * Rebuild a learning rate stored in a config: a number stays a number, a schedule config becomes
 * the schedule (see {@link scheduleFromConfig}).
 *
 * @param value - a number or a schedule config.
 * @returns the number or the rebuilt schedule.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for anything else, or as
 *   {@link scheduleFromConfig}.
 * @example
 * ```ts
 * scalarOrScheduleFromConfig(0.01); // 0.01
 * ```
 */
export function scalarOrScheduleFromConfig(value: number | ScheduleConfig): ScalarOrSchedule {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  checkArgument('scalarOrScheduleFromConfig', 'value', value, is.anyOf(is.number({ min: 0 }), configConstraint));
  return build(value as ScheduleConfig);
}
