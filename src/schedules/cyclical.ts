// Leslie Smith's cyclical schedules: the one-cycle policy and cyclical learning rates, with
// PyTorch's parameterization and arithmetic (OneCycleLR, CyclicLR in torch 1.13).
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { makeSchedule, nonNegative, positive, requireOption } from './_internal/schedule.js';
import type { Schedule } from './types.js';

/** Options of {@link oneCycle} (PyTorch's `OneCycleLR` parameters in camelCase, `lr` read as "value"). */
export interface OneCycleOptions {
  /** The peak value, a finite number >= 0 (required). */
  maxValue: number;
  /** Length of the cycle in steps, an integer >= 2 (required); later steps keep the final value. */
  totalSteps: number;
  /** Fraction of the steps spent rising, in (0, 1) (default 0.3); each phase must last more than one step. */
  pctStart?: number;
  /** How to move between the phase end points: `'cos'` (default) or `'linear'`. */
  anneal?: 'cos' | 'linear';
  /** The start value is maxValue / divFactor; a number > 0 (default 25). */
  divFactor?: number;
  /** The final value is the start value / finalDivFactor; a number > 0 (default 1e4). */
  finalDivFactor?: number;
  /**
   * Three phases (up to the peak, back down to the start value, then down to the final value)
   * instead of two (up, then down to the final value), as fastai's original (default `false`).
   */
  threePhase?: boolean;
}

/**
 * The one-cycle policy (Smith & Topin, 2018): from maxValue / divFactor up to `maxValue` over the
 * first `pctStart` of the steps, then down to (maxValue / divFactor) / finalDivFactor by the last
 * step, with cosine or linear annealing. Gives exactly PyTorch's `OneCycleLR` values for steps
 * 0 … totalSteps − 1; past the cycle it keeps the final value (PyTorch raises there).
 *
 * @param options - peak, length, phase split, annealing and the two divisors.
 * @returns the schedule.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for missing or out-of-range options,
 *   including a `pctStart` that leaves a phase one step long or less; the schedule throws it for
 *   a step that is not an integer >= 0.
 * @example
 * ```ts
 * const lr = oneCycle({ maxValue: 0.1, totalSteps: 1000 });
 * lr(299); // 0.1, the peak
 * ```
 * @see https://arxiv.org/abs/1708.07120
 * @see https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.OneCycleLR.html
 */
/* @__NO_SIDE_EFFECTS__ */
export function oneCycle(options: OneCycleOptions): Schedule {
  const fn = 'oneCycle';
  const spec = {
    maxValue: nonNegative(),
    totalSteps: is.integer({ min: 2 }),
    pctStart: is.number({ min: 0, max: 1, minExclusive: true, maxExclusive: true }),
    anneal: is.oneOf(['cos', 'linear'] as const),
    divFactor: positive(),
    finalDivFactor: positive(),
    threePhase: is.boolean(),
  };
  checkOptions(fn, options, spec);
  requireOption(fn, options, 'maxValue', spec.maxValue);
  requireOption(fn, options, 'totalSteps', spec.totalSteps);
  const { maxValue, totalSteps } = options;
  const pctStart = options.pctStart ?? 0.3;
  const anneal = options.anneal ?? 'cos';
  const divFactor = options.divFactor ?? 25;
  const finalDivFactor = options.finalDivFactor ?? 1e4;
  const threePhase = options.threePhase ?? false;

  const initial = maxValue / divFactor;
  const final = initial / finalDivFactor;
  // Phase ends as PyTorch computes them (floats: pctStart · totalSteps − 1 need not be whole).
  const phases: { end: number; from: number; to: number }[] = threePhase
    ? [
        { end: pctStart * totalSteps - 1, from: initial, to: maxValue },
        { end: 2 * pctStart * totalSteps - 2, from: maxValue, to: initial },
        { end: totalSteps - 1, from: initial, to: final },
      ]
    : [
        { end: pctStart * totalSteps - 1, from: initial, to: maxValue },
        { end: totalSteps - 1, from: maxValue, to: final },
      ];
  let start = 0;
  for (const phase of phases) {
    if (!(phase.end > start)) {
      const hi = threePhase ? (totalSteps + 1) / (2 * totalSteps) : 1;
      throw invalidOption(fn, 'pctStart', `in (${1 / totalSteps}, ${hi}) for totalSteps ${totalSteps}${threePhase ? ' and three phases' : ''}`, pctStart, 'every phase must last more than one step');
    }
    start = phase.end;
  }
  // torch's arithmetic, kept for bit-level agreement; the result is a convex combination of two
  // values >= 0, but rounding can dip below 0 at subnormal magnitudes (found by fast-check), so clamp.
  const interpolate =
    anneal === 'cos'
      ? (from: number, to: number, pct: number): number => Math.max(0, to + ((from - to) / 2.0) * (Math.cos(Math.PI * pct) + 1))
      : (from: number, to: number, pct: number): number => Math.max(0, (to - from) * pct + from);

  return makeSchedule(fn, { maxValue, totalSteps, pctStart, anneal, divFactor, finalDivFactor, threePhase }, (step) => {
    const n = Math.min(step, totalSteps - 1);
    let phaseStart = 0;
    for (let i = 0; i < phases.length; i++) {
      const phase = phases[i]!;
      if (n <= phase.end || i === phases.length - 1) {
        return interpolate(phase.from, phase.to, (n - phaseStart) / (phase.end - phaseStart));
      }
      phaseStart = phase.end;
    }
    /* c8 ignore next */
    return final;
  });
}

/** Options of {@link cyclic} (PyTorch's `CyclicLR` parameters in camelCase, `lr` read as "value"). */
export interface CyclicOptions {
  /** The low end of the cycle, a finite number >= 0 (required). */
  baseValue: number;
  /** The high end of the cycle (before any scaling), a finite number >= 0 (required). */
  maxValue: number;
  /** Steps from low to high, an integer >= 1 (default 2000). */
  stepSizeUp?: number;
  /** Steps from high back to low, an integer >= 1 (default: `stepSizeUp`). */
  stepSizeDown?: number;
  /**
   * `'triangular'` (default): every cycle the same; `'triangular2'`: the amplitude halves each
   * cycle; `'exp_range'`: the amplitude is scaled by gamma^step.
   */
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  /** The per-step amplitude factor of `'exp_range'`, in (0, 1] (default 1); only with that mode. */
  gamma?: number;
}

/**
 * Cyclical learning rates (Smith, 2017): the value moves linearly from `baseValue` to `maxValue`
 * over `stepSizeUp` steps and back over `stepSizeDown`, with the amplitude constant
 * (`triangular`), halved every cycle (`triangular2`) or scaled by gamma^step (`exp_range`).
 * Gives exactly PyTorch's `CyclicLR` values.
 *
 * @param options - the range, the half-cycle lengths, the mode and its gamma.
 * @returns the schedule.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for missing or out-of-range options, or a
 *   `gamma` with a mode other than `'exp_range'`; the schedule throws it for a step that is not an
 *   integer >= 0.
 * @example
 * ```ts
 * const lr = cyclic({ baseValue: 0.001, maxValue: 0.1, stepSizeUp: 20, mode: 'triangular2' });
 * lr(20); // 0.1; lr(60) is 0.0505, the second cycle's halved peak
 * ```
 * @see https://arxiv.org/abs/1506.01186
 * @see https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.CyclicLR.html
 */
/* @__NO_SIDE_EFFECTS__ */
export function cyclic(options: CyclicOptions): Schedule {
  const fn = 'cyclic';
  const spec = {
    baseValue: nonNegative(),
    maxValue: nonNegative(),
    stepSizeUp: is.integer({ min: 1 }),
    stepSizeDown: is.integer({ min: 1 }),
    mode: is.oneOf(['triangular', 'triangular2', 'exp_range'] as const),
    gamma: is.number({ min: 0, max: 1, minExclusive: true }),
  };
  checkOptions(fn, options, spec);
  requireOption(fn, options, 'baseValue', spec.baseValue);
  requireOption(fn, options, 'maxValue', spec.maxValue);
  const { baseValue, maxValue } = options;
  const stepSizeUp = options.stepSizeUp ?? 2000;
  const stepSizeDown = options.stepSizeDown ?? stepSizeUp;
  const mode = options.mode ?? 'triangular';
  if (options.gamma !== undefined && mode !== 'exp_range') {
    throw invalidOption(fn, 'gamma', "left out unless mode is 'exp_range'", options.gamma, `mode '${mode}' does not use it`);
  }
  const gamma = options.gamma ?? 1;
  const totalSize = stepSizeUp + stepSizeDown;
  const stepRatio = stepSizeUp / totalSize;
  const config = mode === 'exp_range' ? { baseValue, maxValue, stepSizeUp, stepSizeDown, mode, gamma } : { baseValue, maxValue, stepSizeUp, stepSizeDown, mode };
  return makeSchedule(fn, config, (step) => {
    const cycle = Math.floor(1 + step / totalSize);
    const x = 1 + step / totalSize - cycle;
    const scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    const height = (maxValue - baseValue) * scaleFactor;
    const scale = mode === 'triangular' ? 1 : mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : gamma ** step;
    return baseValue + height * scale;
  });
}
