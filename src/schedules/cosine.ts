// Cosine annealing: a single decay (with optional linear warmup) and SGDR's warm restarts.
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { makeSchedule, nonNegative, positive, requireOption } from './_internal/schedule.js';
import type { Schedule } from './types.js';

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  /** The peak value: the value at step 0, or at the end of the warmup; a finite number >= 0 (required). */
  initialValue: number;
  /** Total length in steps, warmup included (as Optax), an integer >= 1 (required); the value holds at its floor afterwards. */
  decaySteps: number;
  /** The floor as a fraction of `initialValue`, in [0, 1] (default 0). */
  alpha?: number;
  /** Power of the cosine factor, a number > 0 (default 1), as Optax's `exponent`. */
  exponent?: number;
  /** Steps of linear warmup before the decay, an integer in [0, decaySteps) (default 0). */
  warmupSteps?: number;
  /** Value at step 0 when warming up, a finite number >= 0 (default 0). */
  warmupStartValue?: number;
}

/**
 * Cosine decay (Loshchilov & Hutter's annealing without restarts): with T = decaySteps −
 * warmupSteps and t the steps since the warmup, clipped to T,
 * value = initialValue · ((1 − alpha) · (½(1 + cos(π t / T)))^exponent + alpha). With
 * `warmupSteps`, the value first rises linearly from `warmupStartValue` to `initialValue`
 * (Optax's `warmup_cosine_decay_schedule`, whose `decay_steps` also counts the warmup).
 *
 * @param options - peak, length, floor, exponent and warmup.
 * @returns the schedule.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for missing or out-of-range options (a
 *   warmup as long as the whole schedule included); the schedule throws it for a step that is not
 *   an integer >= 0.
 * @example
 * ```ts
 * const lr = cosineDecay({ initialValue: 0.1, decaySteps: 1000, alpha: 0.01, warmupSteps: 100 });
 * lr(100); // 0.1, the peak
 * ```
 * @see https://optax.readthedocs.io/en/latest/api/optimizer_schedules.html#optax.schedules.cosine_decay_schedule
 * @see https://arxiv.org/abs/1608.03983
 */
/* @__NO_SIDE_EFFECTS__ */
export function cosineDecay(options: CosineDecayOptions): Schedule {
  const fn = 'cosineDecay';
  const spec = {
    initialValue: nonNegative(),
    decaySteps: is.integer({ min: 1 }),
    alpha: is.number({ min: 0, max: 1 }),
    exponent: positive(),
    warmupSteps: is.integer({ min: 0 }),
    warmupStartValue: nonNegative(),
  };
  checkOptions(fn, options, spec);
  requireOption(fn, options, 'initialValue', spec.initialValue);
  requireOption(fn, options, 'decaySteps', spec.decaySteps);
  const { initialValue, decaySteps } = options;
  const alpha = options.alpha ?? 0;
  const exponent = options.exponent ?? 1;
  const warmupSteps = options.warmupSteps ?? 0;
  const warmupStartValue = options.warmupStartValue ?? 0;
  if (warmupSteps >= decaySteps) {
    throw invalidOption(fn, 'warmupSteps', `an integer in [0, ${decaySteps})`, warmupSteps, '"decaySteps" counts the warmup too, and the decay needs at least one step');
  }
  const length = decaySteps - warmupSteps;
  return makeSchedule(fn, { initialValue, decaySteps, alpha, exponent, warmupSteps, warmupStartValue }, (step) => {
    if (step < warmupSteps) return (warmupStartValue - initialValue) * (1 - step / warmupSteps) + initialValue;
    const t = Math.min(step - warmupSteps, length);
    const cosine = 0.5 * (1 + Math.cos((Math.PI * t) / length));
    return initialValue * ((1 - alpha) * cosine ** exponent + alpha);
  });
}

/** Options of {@link cosineWarmRestarts} (PyTorch's parameter names in camelCase). */
export interface CosineWarmRestartsOptions {
  /** The value at the start of every period, a finite number >= 0 (required). */
  initialValue: number;
  /** T₀, the length of the first period in steps, an integer >= 1 (required). */
  t0: number;
  /** T_mult, each period is this many times longer than the one before, an integer >= 1 (default 1). */
  tMult?: number;
  /** η_min, the value the cosine falls towards, a finite number >= 0 (default 0). */
  etaMin?: number;
}

/**
 * SGDR, cosine annealing with warm restarts (Loshchilov & Hutter, 2017): within each period of
 * length Tᵢ (T₀, T₀·T_mult, T₀·T_mult², …) the value follows
 * η_min + (initialValue − η_min) · (1 + cos(π · T_cur / Tᵢ)) / 2, and jumps back to
 * `initialValue` when a period ends. Gives exactly PyTorch's `CosineAnnealingWarmRestarts` at
 * integer steps (the period is found with integer arithmetic, never a logarithm).
 *
 * @param options - the peak, first period, period multiplier and floor.
 * @returns the schedule.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for missing or out-of-range options; the
 *   schedule throws it for a step that is not an integer >= 0.
 * @example
 * ```ts
 * const lr = cosineWarmRestarts({ initialValue: 0.1, t0: 10, tMult: 2 });
 * lr(10); // 0.1 again: the second period (20 steps) starts
 * ```
 * @see https://arxiv.org/abs/1608.03983
 * @see https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.CosineAnnealingWarmRestarts.html
 */
/* @__NO_SIDE_EFFECTS__ */
export function cosineWarmRestarts(options: CosineWarmRestartsOptions): Schedule {
  const fn = 'cosineWarmRestarts';
  const spec = { initialValue: nonNegative(), t0: is.integer({ min: 1 }), tMult: is.integer({ min: 1 }), etaMin: nonNegative() };
  checkOptions(fn, options, spec);
  requireOption(fn, options, 'initialValue', spec.initialValue);
  requireOption(fn, options, 't0', spec.t0);
  const { initialValue, t0 } = options;
  const tMult = options.tMult ?? 1;
  const etaMin = options.etaMin ?? 0;
  return makeSchedule(fn, { initialValue, t0, tMult, etaMin }, (step) => {
    let tCur = step;
    let tI = t0;
    if (tMult === 1) tCur = step % t0;
    else {
      // Periods grow geometrically, so this runs O(log step) times.
      while (tCur >= tI) {
        tCur -= tI;
        tI *= tMult;
      }
    }
    // PyTorch's operation order: only cos's last-ulp rounding (V8's versus C's libm) differs.
    return etaMin + ((initialValue - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
  });
}
