// Closed-form decays: constant, time-based (inverse time), step, exponential, polynomial and
// piecewise-constant schedules.
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { checkIncreasing, makeSchedule, nonNegative, positive, requireOption } from './_internal/schedule.js';
import type { Schedule } from './types.js';

/** Options of {@link constantSchedule}. */
export interface ConstantScheduleOptions {
  /** The value at every step, a finite number >= 0 (required). */
  value: number;
}

/**
 * A schedule that always returns the same value (Optax's `constant_schedule`), for places that
 * take a schedule.
 *
 * @param options - the value.
 * @returns the schedule; `schedule(step)` is `value`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a missing, negative or non-finite
 *   value, or unknown options; the schedule throws it for a step that is not an integer >= 0.
 * @example
 * ```ts
 * constantSchedule({ value: 0.01 })(1000); // 0.01
 * ```
 * @see https://optax.readthedocs.io/en/latest/api/optimizer_schedules.html#optax.schedules.constant_schedule
 */
/* @__NO_SIDE_EFFECTS__ */
export function constantSchedule(options: ConstantScheduleOptions): Schedule {
  const fn = 'constantSchedule';
  checkOptions(fn, options, { value: nonNegative() });
  requireOption(fn, options, 'value', nonNegative());
  const { value } = options;
  return makeSchedule(fn, { value }, () => value);
}

/** Options of {@link inverseTimeDecay}. */
export interface InverseTimeDecayOptions {
  /** α₀, the value at step 0, a finite number >= 0 (required). */
  initialValue: number;
  /** d, how fast the value falls, a finite number >= 0 (required). */
  decayRate: number;
  /** Steps per unit of decay, a number > 0 (default 1): the value is α₀ / (1 + d · step / decaySteps). */
  decaySteps?: number;
  /** Decay in whole units only, ⌊step / decaySteps⌋ (default `false`), as Keras's `staircase`. */
  staircase?: boolean;
}

/**
 * Time-based decay, α₀ / (1 + d · n): the closed form of the "time-based" learning-rate schedule
 * (with `decaySteps` and `staircase` as Keras's `InverseTimeDecay`). With α₀ = 0.3 and d = 1 it
 * gives 0.15, 0.10, 0.075, 0.06, 0.05 at n = 1 … 5.
 *
 * @param options - α₀, d, and optionally the step unit and staircase.
 * @returns the schedule.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for missing or out-of-range options; the
 *   schedule throws it for a step that is not an integer >= 0.
 * @example
 * ```ts
 * const lr = inverseTimeDecay({ initialValue: 0.3, decayRate: 1 });
 * lr(1); // 0.15
 * ```
 * @see https://keras.io/api/optimizers/learning_rate_schedules/inverse_time_decay/
 */
/* @__NO_SIDE_EFFECTS__ */
export function inverseTimeDecay(options: InverseTimeDecayOptions): Schedule {
  const fn = 'inverseTimeDecay';
  checkOptions(fn, options, { initialValue: nonNegative(), decayRate: nonNegative(), decaySteps: positive(), staircase: is.boolean() });
  requireOption(fn, options, 'initialValue', nonNegative());
  requireOption(fn, options, 'decayRate', nonNegative());
  const { initialValue, decayRate } = options;
  const decaySteps = options.decaySteps ?? 1;
  const staircase = options.staircase ?? false;
  return makeSchedule(fn, { initialValue, decayRate, decaySteps, staircase }, (step) => {
    const p = staircase ? Math.floor(step / decaySteps) : step / decaySteps;
    return initialValue / (1 + decayRate * p);
  });
}

/** Options of {@link stepDecay}. */
export interface StepDecayOptions {
  /** α₀, the value before the first drop, a finite number >= 0 (required). */
  initialValue: number;
  /** The factor applied at each drop (the formula's d, PyTorch's `gamma`), in [0, 1] (required). */
  gamma: number;
  /** Steps between drops (the formula's r, PyTorch's `step_size`), an integer >= 1 (required). */
  stepSize: number;
  /**
   * Added to the step before dividing, an integer >= 0 (default 1, the formula α₀·d^⌊(1+n)/r⌋,
   * whose first drop comes at step r − 1). `0` gives PyTorch's `StepLR`, α₀·γ^⌊n/r⌋, whose first
   * drop comes at step r.
   */
  offset?: number;
}

/**
 * Step decay, α₀ · γ^⌊(n + offset) / stepSize⌋: the value drops by the factor γ every `stepSize`
 * steps. The default `offset: 1` is the classic formula α₀·d^⌊(1+n)/r⌋; `offset: 0` is exactly
 * PyTorch's `StepLR(step_size, gamma)`.
 *
 * @param options - α₀, γ, the drop interval and the offset.
 * @returns the schedule.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for missing or out-of-range options; the
 *   schedule throws it for a step that is not an integer >= 0.
 * @example
 * ```ts
 * const classic = stepDecay({ initialValue: 0.1, gamma: 0.5, stepSize: 10 });  // halves at 9, 19, …
 * const torchLike = stepDecay({ initialValue: 0.1, gamma: 0.5, stepSize: 10, offset: 0 }); // at 10, 20, …
 * ```
 * @see https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.StepLR.html
 */
/* @__NO_SIDE_EFFECTS__ */
export function stepDecay(options: StepDecayOptions): Schedule {
  const fn = 'stepDecay';
  const spec = { initialValue: nonNegative(), gamma: is.number({ min: 0, max: 1 }), stepSize: is.integer({ min: 1 }), offset: is.integer({ min: 0 }) };
  checkOptions(fn, options, spec);
  requireOption(fn, options, 'initialValue', spec.initialValue);
  requireOption(fn, options, 'gamma', spec.gamma);
  requireOption(fn, options, 'stepSize', spec.stepSize);
  const { initialValue, gamma, stepSize } = options;
  const offset = options.offset ?? 1;
  return makeSchedule(fn, { initialValue, gamma, stepSize, offset }, (step) => initialValue * gamma ** Math.floor((step + offset) / stepSize));
}

/** Options of {@link exponentialDecay}: `decay` or `gamma`, exactly one. */
export interface ExponentialDecayOptions {
  /** α₀, the value at step 0, a finite number >= 0 (required). */
  initialValue: number;
  /** d in α₀ · e^(−d·n), a finite number >= 0. Give this or `gamma`. */
  decay?: number;
  /** γ in α₀ · γ^n (PyTorch's `ExponentialLR`), in (0, 1]. Give this or `decay`. */
  gamma?: number;
}

/**
 * Exponential decay, α₀ · e^(−d·n), or in PyTorch's form α₀ · γ^n (`ExponentialLR(gamma)`); the two
 * are the same curve with γ = e^(−d).
 *
 * @param options - α₀ and either `decay` (d) or `gamma` (γ).
 * @returns the schedule.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a missing α₀, both or neither of
 *   `decay` and `gamma`, or out-of-range values; the schedule throws it for a step that is not an
 *   integer >= 0.
 * @example
 * ```ts
 * exponentialDecay({ initialValue: 0.1, decay: 0.05 })(20); // 0.1 · e^(−1)
 * exponentialDecay({ initialValue: 0.1, gamma: 0.9 })(2);   // 0.081
 * ```
 * @see https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.ExponentialLR.html
 */
/* @__NO_SIDE_EFFECTS__ */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  const fn = 'exponentialDecay';
  const spec = { initialValue: nonNegative(), decay: nonNegative(), gamma: is.number({ min: 0, max: 1, minExclusive: true }) };
  checkOptions(fn, options, spec);
  requireOption(fn, options, 'initialValue', spec.initialValue);
  const { initialValue, decay, gamma } = options;
  if (decay === undefined && gamma === undefined) {
    throw invalidOption(fn, 'decay', spec.decay.description, decay, 'give "decay" for α₀·e^(−d·n) or "gamma" for α₀·γ^n');
  }
  if (decay !== undefined && gamma !== undefined) {
    throw invalidOption(fn, 'gamma', 'left out when "decay" is given', gamma, 'they are two ways to set the same rate');
  }
  if (gamma !== undefined) return makeSchedule(fn, { initialValue, gamma }, (step) => initialValue * gamma ** step);
  const d = decay!;
  return makeSchedule(fn, { initialValue, decay: d }, (step) => initialValue * Math.exp(-d * step));
}

/** Options of {@link polynomialDecay}. */
export interface PolynomialDecayOptions {
  /** The value at the start, a finite number >= 0 (required). */
  initialValue: number;
  /** The value reached after `decaySteps`, a finite number >= 0 (default 0; may exceed `initialValue`, for a ramp up). */
  endValue?: number;
  /** The polynomial's power, a number > 0 (default 1: linear). */
  power?: number;
  /** Steps the transition takes, an integer >= 1 (required). */
  decaySteps: number;
  /** Steps to hold `initialValue` before the transition starts, an integer >= 0 (default 0), as Optax's `transition_begin`. */
  transitionBegin?: number;
  /**
   * Start a new, longer decay instead of holding `endValue` (default `false`), as Keras: past the
   * end the transition length becomes the next multiple of `decaySteps`.
   */
  cycle?: boolean;
}

/**
 * Polynomial decay from `initialValue` to `endValue`: (init − end) · (1 − t/T)^power + end, with
 * t the steps since `transitionBegin` clipped to T = `decaySteps` (Optax's `polynomial_schedule`),
 * or with T stretched to the next multiple of `decaySteps` when `cycle` is set (Keras's
 * `PolynomialDecay`). `power: 1` is Optax's `linear_schedule`.
 *
 * @param options - the end points, power, length, delay and cycling.
 * @returns the schedule.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for missing or out-of-range options; the
 *   schedule throws it for a step that is not an integer >= 0.
 * @example
 * ```ts
 * const lr = polynomialDecay({ initialValue: 1, endValue: 0.01, power: 2, decaySteps: 100 });
 * lr(50); // 0.2575
 * ```
 * @see https://optax.readthedocs.io/en/latest/api/optimizer_schedules.html#optax.schedules.polynomial_schedule
 * @see https://keras.io/api/optimizers/learning_rate_schedules/polynomial_decay/
 */
/* @__NO_SIDE_EFFECTS__ */
export function polynomialDecay(options: PolynomialDecayOptions): Schedule {
  const fn = 'polynomialDecay';
  const spec = {
    initialValue: nonNegative(),
    endValue: nonNegative(),
    power: positive(),
    decaySteps: is.integer({ min: 1 }),
    transitionBegin: is.integer({ min: 0 }),
    cycle: is.boolean(),
  };
  checkOptions(fn, options, spec);
  requireOption(fn, options, 'initialValue', spec.initialValue);
  requireOption(fn, options, 'decaySteps', spec.decaySteps);
  const { initialValue, decaySteps } = options;
  const endValue = options.endValue ?? 0;
  const power = options.power ?? 1;
  const transitionBegin = options.transitionBegin ?? 0;
  const cycle = options.cycle ?? false;
  return makeSchedule(fn, { initialValue, endValue, power, decaySteps, transitionBegin, cycle }, (step) => {
    let t = Math.max(0, step - transitionBegin);
    let length = decaySteps;
    // Keras keeps the first period at step 0 (ceil(0) would give a zero-length period).
    if (cycle) length = decaySteps * Math.max(1, Math.ceil(t / decaySteps));
    else t = Math.min(t, decaySteps);
    return (initialValue - endValue) * (1 - t / length) ** power + endValue;
  });
}

/** Options of {@link piecewiseConstant}. */
export interface PiecewiseConstantOptions {
  /** Steps at which the value changes, strictly increasing integers >= 0 (required). */
  boundaries: readonly number[];
  /** One more value than boundaries, each a finite number >= 0 (required): `values[i]` holds from `boundaries[i − 1]` on. */
  values: readonly number[];
}

/**
 * Piecewise-constant values: `values[0]` before `boundaries[0]`, `values[i]` from
 * `boundaries[i − 1]` (inclusive) to `boundaries[i]` (exclusive), the last value after the last
 * boundary. A boundary step already has the new value, as in Optax's
 * `piecewise_constant_schedule` and PyTorch's `MultiStepLR`; Keras's `PiecewiseConstantDecay`
 * switches one step later.
 *
 * @param options - the boundaries and the values between them.
 * @returns the schedule.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for unsorted boundaries, a values list of
 *   the wrong length or negative values; the schedule throws it for a step that is not an integer
 *   >= 0.
 * @example
 * ```ts
 * const lr = piecewiseConstant({ boundaries: [100, 200], values: [0.1, 0.01, 0.001] });
 * lr(99); // 0.1
 * lr(100); // 0.01
 * ```
 * @see https://optax.readthedocs.io/en/latest/api/optimizer_schedules.html#optax.schedules.piecewise_constant_schedule
 */
/* @__NO_SIDE_EFFECTS__ */
export function piecewiseConstant(options: PiecewiseConstantOptions): Schedule {
  const fn = 'piecewiseConstant';
  const spec = { boundaries: is.arrayOf(is.integer({ min: 0 })), values: is.arrayOf(nonNegative(), { minLength: 1 }) };
  checkOptions(fn, options, spec);
  requireOption(fn, options, 'boundaries', spec.boundaries);
  requireOption(fn, options, 'values', spec.values);
  const boundaries = Array.from(options.boundaries);
  const values = Array.from(options.values);
  checkIncreasing(fn, 'boundaries', boundaries);
  if (values.length !== boundaries.length + 1) {
    throw invalidOption(fn, 'values', `an array of ${boundaries.length + 1} values (one more than "boundaries")`, options.values);
  }
  return makeSchedule(fn, { boundaries, values }, (step) => {
    // Binary search for the number of boundaries <= step.
    let lo = 0;
    let hi = boundaries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (boundaries[mid]! <= step) lo = mid + 1;
      else hi = mid;
    }
    return values[lo]!;
  });
}
