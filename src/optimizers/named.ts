import { checkOptions, invalidOption, is } from '../core/validate.js';
import type { Constraint } from '../core/validate.js';
import type { ScalarOrSchedule } from '../schedules/types.js';
import { beta, maskConstraint, maskToConfig, nonNegative, positive, rateConfig, scalarOrSchedule, type ParameterMask } from './_internal/shared.js';
import { scaleByAdadelta, scaleByAdagrad, scaleByRms, scaleByLion } from './adaptive.js';
import { scaleByAdam, scaleByAdamax, scaleByRadam } from './adam.js';
import { composed, type ChainState } from './_internal/composed.js';
import { addDecayedWeights, addL2Penalty } from './decay.js';
import { scaleByLearningRate } from './scale.js';
import { trace } from './trace.js';
import type { GradientTransformation } from './types.js';

/** Options every named optimizer shares. */
export interface LearningRateOption {
  /** The learning rate, a number >= 0 or a {@link "whetstone/schedules"!Schedule} of the step. */
  learningRate?: ScalarOrSchedule;
}

function named(
  name: string,
  options: Record<string, unknown>,
  learningRate: ScalarOrSchedule,
  members: (GradientTransformation | undefined)[],
): GradientTransformation<ChainState> {
  const present = members.filter((t): t is GradientTransformation => t !== undefined);
  return composed(name, { ...options, learningRate: rateConfig(learningRate) }, present, learningRate);
}

const lrSpec = (): Constraint => scalarOrSchedule();
const coupled = (weightDecay: number): GradientTransformation | undefined => (weightDecay > 0 ? addL2Penalty(weightDecay) : undefined);

function requiredRate(fn: string, options: LearningRateOption | undefined): ScalarOrSchedule {
  const lr = options?.learningRate;
  if (lr === undefined) throw invalidOption(fn, 'learningRate', scalarOrSchedule().description, lr, 'it has no default, as in PyTorch');
  return lr;
}

/** Options of {@link sgd}. */
export interface SgdOptions extends LearningRateOption {
  /** The learning rate (required, as in PyTorch): a number >= 0 or a schedule. */
  learningRate: ScalarOrSchedule;
  /** Momentum coefficient, in [0, 1); default `0` (plain SGD). */
  momentum?: number;
  /** Dampening of the momentum, in [0, 1]; default `0`. */
  dampening?: number;
  /** Nesterov momentum (needs `momentum > 0` and no dampening); default `false`. */
  nesterov?: boolean;
  /** Coupled L2 penalty added to the gradient, >= 0; default `0`. */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum, dampening and L2 weight
 * decay, computed as `torch.optim.SGD`: `chain(addL2Penalty(wd), trace(momentum, …),
 * scaleByLearningRate(lr))`.
 *
 * @param options - see {@link SgdOptions}; `learningRate` is required.
 * @returns the optimizer, a `chain` whose config is `{ name: 'sgd', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a missing or negative rate, a momentum
 * outside [0, 1), or Nesterov without momentum or with dampening.
 * @example
 * ```ts
 * const opt = sgd({ learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4 });
 * ```
 * @see Robbins & Monro (1951); `torch.optim.SGD`; Optax's `sgd`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function sgd(options: SgdOptions): GradientTransformation<ChainState> {
  const fn = 'sgd';
  checkOptions(fn, options, { learningRate: lrSpec(), momentum: beta(), dampening: is.number({ min: 0, max: 1 }), nesterov: is.boolean(), weightDecay: nonNegative() });
  const learningRate = requiredRate(fn, options);
  const momentum = options.momentum ?? 0;
  const dampening = options.dampening ?? 0;
  const nesterov = options.nesterov ?? false;
  const weightDecay = options.weightDecay ?? 0;
  if (nesterov && (momentum === 0 || dampening !== 0)) {
    throw invalidOption(fn, 'nesterov', 'false unless momentum > 0 and dampening is 0', nesterov, `momentum is ${momentum}, dampening ${dampening}`);
  }
  return named(fn, { momentum, dampening, nesterov, weightDecay }, learningRate, [
    coupled(weightDecay),
    momentum > 0 ? trace(momentum, { nesterov, dampening }) : undefined,
    scaleByLearningRate(learningRate),
  ]);
}

/** Options of {@link momentum}. */
export interface MomentumOptions extends LearningRateOption {
  /** The learning rate (required): a number >= 0 or a schedule. */
  learningRate: ScalarOrSchedule;
  /** Momentum coefficient, in [0, 1); default `0.9`. */
  momentum?: number;
  /** Dampening of the momentum, in [0, 1]; default `0`. */
  dampening?: number;
  /** Coupled L2 penalty added to the gradient, >= 0; default `0`. */
  weightDecay?: number;
}

/**
 * SGD with heavy-ball momentum (Polyak 1964), as `torch.optim.SGD(momentum=0.9)`:
 * `chain(addL2Penalty(wd), trace(momentum), scaleByLearningRate(lr))`.
 *
 * @param options - see {@link MomentumOptions}; `learningRate` is required.
 * @returns the optimizer, config `{ name: 'momentum', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a missing or negative rate or a momentum outside [0, 1).
 * @example
 * ```ts
 * const opt = momentum({ learningRate: 0.05 });
 * ```
 * @see Polyak (1964), "Some methods of speeding up the convergence of iteration methods"; `torch.optim.SGD`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function momentum(options: MomentumOptions): GradientTransformation<ChainState> {
  const fn = 'momentum';
  checkOptions(fn, options, { learningRate: lrSpec(), momentum: beta(), dampening: is.number({ min: 0, max: 1 }), weightDecay: nonNegative() });
  const learningRate = requiredRate(fn, options);
  const decay = options.momentum ?? 0.9;
  const dampening = options.dampening ?? 0;
  const weightDecay = options.weightDecay ?? 0;
  return named(fn, { momentum: decay, dampening, weightDecay }, learningRate, [
    coupled(weightDecay),
    decay > 0 ? trace(decay, { dampening }) : undefined,
    scaleByLearningRate(learningRate),
  ]);
}

/** Options of {@link nesterov}. */
export interface NesterovOptions extends LearningRateOption {
  /** The learning rate (required): a number >= 0 or a schedule. */
  learningRate: ScalarOrSchedule;
  /** Momentum coefficient, in (0, 1); default `0.9`. */
  momentum?: number;
  /** Coupled L2 penalty added to the gradient, >= 0; default `0`. */
  weightDecay?: number;
}

/**
 * SGD with Nesterov momentum (Sutskever et al. 2013), as `torch.optim.SGD(nesterov=True)`:
 * `chain(addL2Penalty(wd), trace(momentum, { nesterov: true }), scaleByLearningRate(lr))`.
 *
 * @param options - see {@link NesterovOptions}; `learningRate` is required.
 * @returns the optimizer, config `{ name: 'nesterov', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a missing or negative rate or a momentum outside (0, 1).
 * @example
 * ```ts
 * const opt = nesterov({ learningRate: 0.05, momentum: 0.95 });
 * ```
 * @see Sutskever, Martens, Dahl & Hinton (2013), "On the importance of initialization and momentum
 * in deep learning"; `torch.optim.SGD`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function nesterov(options: NesterovOptions): GradientTransformation<ChainState> {
  const fn = 'nesterov';
  checkOptions(fn, options, { learningRate: lrSpec(), momentum: is.number({ min: 0, max: 1, minExclusive: true, maxExclusive: true }), weightDecay: nonNegative() });
  const learningRate = requiredRate(fn, options);
  const decay = options.momentum ?? 0.9;
  const weightDecay = options.weightDecay ?? 0;
  return named(fn, { momentum: decay, weightDecay }, learningRate, [
    coupled(weightDecay),
    trace(decay, { nesterov: true }),
    scaleByLearningRate(learningRate),
  ]);
}

/** Options of {@link rmsprop}. */
export interface RmspropOptions extends LearningRateOption {
  /** The learning rate; default `1e-2` (PyTorch's). */
  learningRate?: ScalarOrSchedule;
  /** Decay of the mean square (PyTorch's `alpha`), in [0, 1); default `0.99`. */
  alpha?: number;
  /** Added to the root mean square, outside the root, > 0; default `1e-8`. */
  eps?: number;
  /** Divide by the centered RMS (gradient variance); default `false`. */
  centered?: boolean;
  /** Momentum on the scaled gradients, in [0, 1); default `0`. */
  momentum?: number;
  /** Coupled L2 penalty added to the gradient, >= 0; default `0`. */
  weightDecay?: number;
}

/**
 * RMSprop as `torch.optim.RMSprop`: `chain(addL2Penalty(wd), scaleByRms({ decay: alpha, eps,
 * centered }), trace(momentum), scaleByLearningRate(lr))`. Unlike tfjs's `rmsprop`, eps is added
 * outside the square root (PyTorch's placement).
 *
 * @param options - see {@link RmspropOptions}.
 * @returns the optimizer, config `{ name: 'rmsprop', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative rate, alpha or momentum
 * outside [0, 1), or eps <= 0.
 * @example
 * ```ts
 * const opt = rmsprop({ learningRate: 1e-3, centered: true });
 * ```
 * @see Tieleman & Hinton (2012), Lecture 6.5; `torch.optim.RMSprop`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function rmsprop(options?: RmspropOptions): GradientTransformation<ChainState> {
  const fn = 'rmsprop';
  checkOptions(fn, options, { learningRate: lrSpec(), alpha: beta(), eps: positive(), centered: is.boolean(), momentum: beta(), weightDecay: nonNegative() });
  const learningRate = options?.learningRate ?? 1e-2;
  const alpha = options?.alpha ?? 0.99;
  const eps = options?.eps ?? 1e-8;
  const centered = options?.centered ?? false;
  const decay = options?.momentum ?? 0;
  const weightDecay = options?.weightDecay ?? 0;
  return named(fn, { alpha, eps, centered, momentum: decay, weightDecay }, learningRate, [
    coupled(weightDecay),
    scaleByRms({ decay: alpha, eps, centered }),
    decay > 0 ? trace(decay) : undefined,
    scaleByLearningRate(learningRate),
  ]);
}

/** Options of {@link adagrad}. */
export interface AdagradOptions extends LearningRateOption {
  /** The learning rate; default `1e-2`. */
  learningRate?: ScalarOrSchedule;
  /** The t-th step is divided by `1 + (t − 1)·lrDecay`, >= 0; default `0`. */
  lrDecay?: number;
  /** Initial sums of squared gradients, >= 0; default `0` (PyTorch's; Optax uses 0.1). */
  initialAccumulatorValue?: number;
  /** Added to the root of the sum, outside the root, > 0; default `1e-10` (PyTorch's). */
  eps?: number;
  /** Coupled L2 penalty added to the gradient, >= 0; default `0`. */
  weightDecay?: number;
}

/**
 * Adagrad as `torch.optim.Adagrad`: `chain(addL2Penalty(wd), scaleByAdagrad({ lrDecay,
 * initialAccumulatorValue, eps }), scaleByLearningRate(lr))`. PyTorch's defaults and eps placement,
 * not Optax's (initial accumulator 0.1, eps inside the root).
 *
 * @param options - see {@link AdagradOptions}.
 * @returns the optimizer, config `{ name: 'adagrad', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative rate, decay or initial value, or eps <= 0.
 * @example
 * ```ts
 * const opt = adagrad({ learningRate: 0.1 });
 * ```
 * @see Duchi, Hazan & Singer (2011); `torch.optim.Adagrad`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function adagrad(options?: AdagradOptions): GradientTransformation<ChainState> {
  const fn = 'adagrad';
  checkOptions(fn, options, { learningRate: lrSpec(), lrDecay: nonNegative(), initialAccumulatorValue: nonNegative(), eps: positive(), weightDecay: nonNegative() });
  const learningRate = options?.learningRate ?? 1e-2;
  const lrDecay = options?.lrDecay ?? 0;
  const initialAccumulatorValue = options?.initialAccumulatorValue ?? 0;
  const eps = options?.eps ?? 1e-10;
  const weightDecay = options?.weightDecay ?? 0;
  return named(fn, { lrDecay, initialAccumulatorValue, eps, weightDecay }, learningRate, [
    coupled(weightDecay),
    scaleByAdagrad({ lrDecay, initialAccumulatorValue, eps }),
    scaleByLearningRate(learningRate),
  ]);
}

/** Options of {@link adadelta}. */
export interface AdadeltaOptions extends LearningRateOption {
  /** The learning rate; default `1` (PyTorch's). */
  learningRate?: ScalarOrSchedule;
  /** Decay of the running averages, in [0, 1); default `0.9`. */
  rho?: number;
  /** Added inside both roots, > 0; default `1e-6`. */
  eps?: number;
  /** Coupled L2 penalty added to the gradient, >= 0; default `0`. */
  weightDecay?: number;
}

/**
 * Adadelta as `torch.optim.Adadelta`: `chain(addL2Penalty(wd), scaleByAdadelta({ rho, eps }),
 * scaleByLearningRate(lr))`.
 *
 * @param options - see {@link AdadeltaOptions}.
 * @returns the optimizer, config `{ name: 'adadelta', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative rate, rho outside [0, 1) or eps <= 0.
 * @example
 * ```ts
 * const opt = adadelta();
 * ```
 * @see Zeiler (2012), "ADADELTA: An Adaptive Learning Rate Method"; `torch.optim.Adadelta`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function adadelta(options?: AdadeltaOptions): GradientTransformation<ChainState> {
  const fn = 'adadelta';
  checkOptions(fn, options, { learningRate: lrSpec(), rho: beta(), eps: positive(), weightDecay: nonNegative() });
  const learningRate = options?.learningRate ?? 1;
  const rho = options?.rho ?? 0.9;
  const eps = options?.eps ?? 1e-6;
  const weightDecay = options?.weightDecay ?? 0;
  return named(fn, { rho, eps, weightDecay }, learningRate, [coupled(weightDecay), scaleByAdadelta({ rho, eps }), scaleByLearningRate(learningRate)]);
}

/** Options of {@link adam}. */
export interface AdamOptions extends LearningRateOption {
  /** The learning rate; default `1e-3`. */
  learningRate?: ScalarOrSchedule;
  /** First-moment decay β₁, in [0, 1); default `0.9`. */
  b1?: number;
  /** Second-moment decay β₂, in [0, 1); default `0.999`. */
  b2?: number;
  /** Added to √v̂, > 0; default `1e-8`. */
  eps?: number;
  /** Coupled L2 penalty added to the gradient (PyTorch's Adam `weight_decay`), >= 0; default `0`. */
  weightDecay?: number;
  /** AMSGrad variant; default `false`. */
  amsgrad?: boolean;
}

/**
 * Adam as `torch.optim.Adam`: `chain(addL2Penalty(wd), scaleByAdam({ b1, b2, eps, amsgrad }),
 * scaleByLearningRate(lr))`. For decoupled weight decay use {@link adamw}.
 *
 * @param options - see {@link AdamOptions}.
 * @returns the optimizer, config `{ name: 'adam', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative rate or decay, β outside [0, 1) or eps <= 0.
 * @example
 * ```ts
 * const opt = adam({ learningRate: cosineDecay({ initialValue: 1e-3, decaySteps: 1000 }) });
 * ```
 * @see Kingma & Ba (2015), "Adam: A Method for Stochastic Optimization"; `torch.optim.Adam`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function adam(options?: AdamOptions): GradientTransformation<ChainState> {
  const fn = 'adam';
  checkOptions(fn, options, { learningRate: lrSpec(), b1: beta(), b2: beta(), eps: positive(), weightDecay: nonNegative(), amsgrad: is.boolean() });
  const learningRate = options?.learningRate ?? 1e-3;
  const b1 = options?.b1 ?? 0.9;
  const b2 = options?.b2 ?? 0.999;
  const eps = options?.eps ?? 1e-8;
  const weightDecay = options?.weightDecay ?? 0;
  const amsgrad = options?.amsgrad ?? false;
  return named(fn, { b1, b2, eps, weightDecay, amsgrad }, learningRate, [
    coupled(weightDecay),
    scaleByAdam({ b1, b2, eps, amsgrad }),
    scaleByLearningRate(learningRate),
  ]);
}

/** Options of {@link adamw}. */
export interface AdamwOptions extends LearningRateOption {
  /** The learning rate; default `1e-3`. */
  learningRate?: ScalarOrSchedule;
  /** First-moment decay β₁, in [0, 1); default `0.9`. */
  b1?: number;
  /** Second-moment decay β₂, in [0, 1); default `0.999`. */
  b2?: number;
  /** Added to √v̂, > 0; default `1e-8`. */
  eps?: number;
  /** Decoupled weight decay: each step shrinks parameters by `lr·weightDecay·param`; >= 0, default `0.01` (PyTorch's). */
  weightDecay?: number;
  /** AMSGrad variant; default `false`. */
  amsgrad?: boolean;
  /** Which parameters are decayed (see {@link WeightDecayOptions.mask}); default all. */
  mask?: ParameterMask;
}

/**
 * AdamW (Loshchilov & Hutter 2019) as `torch.optim.AdamW`: `chain(scaleByAdam({ b1, b2, eps,
 * amsgrad }), addDecayedWeights(wd, { mask }), scaleByLearningRate(lr))`, i.e.
 * `p ← p − lr·(m̂/(√v̂ + eps) + wd·p)`, which is PyTorch's `p ← p·(1 − lr·wd)` followed by the Adam step.
 *
 * @param options - see {@link AdamwOptions}.
 * @returns the optimizer, config `{ name: 'adamw', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative rate or decay, β outside [0,
 * 1), eps <= 0 or a bad mask.
 * @example
 * ```ts
 * const opt = adamw({ learningRate: 1e-3, weightDecay: 0.05, mask: /kernel/ });
 * ```
 * @see Loshchilov & Hutter (2019), "Decoupled Weight Decay Regularization"; `torch.optim.AdamW`; Optax's `adamw`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function adamw(options?: AdamwOptions): GradientTransformation<ChainState> {
  const fn = 'adamw';
  checkOptions(fn, options, {
    learningRate: lrSpec(),
    b1: beta(),
    b2: beta(),
    eps: positive(),
    weightDecay: nonNegative(),
    amsgrad: is.boolean(),
    mask: maskConstraint(),
  });
  const learningRate = options?.learningRate ?? 1e-3;
  const b1 = options?.b1 ?? 0.9;
  const b2 = options?.b2 ?? 0.999;
  const eps = options?.eps ?? 1e-8;
  const weightDecay = options?.weightDecay ?? 0.01;
  const amsgrad = options?.amsgrad ?? false;
  const mask = options?.mask;
  return named(fn, { b1, b2, eps, weightDecay, amsgrad, ...(mask === undefined ? {} : { mask: maskToConfig(mask) }) }, learningRate, [
    scaleByAdam({ b1, b2, eps, amsgrad }),
    weightDecay > 0 ? addDecayedWeights(weightDecay, mask === undefined ? undefined : { mask }) : undefined,
    scaleByLearningRate(learningRate),
  ]);
}

/** Options of {@link adamax}. */
export interface AdamaxOptions extends LearningRateOption {
  /** The learning rate; default `2e-3` (PyTorch's). */
  learningRate?: ScalarOrSchedule;
  /** First-moment decay β₁, in [0, 1); default `0.9`. */
  b1?: number;
  /** Infinity-norm decay β₂, in [0, 1); default `0.999`. */
  b2?: number;
  /** Added to |g| inside the maximum, > 0; default `1e-8`. */
  eps?: number;
  /** Coupled L2 penalty added to the gradient, >= 0; default `0`. */
  weightDecay?: number;
}

/**
 * Adamax as `torch.optim.Adamax`: `chain(addL2Penalty(wd), scaleByAdamax({ b1, b2, eps }),
 * scaleByLearningRate(lr))`.
 *
 * @param options - see {@link AdamaxOptions}.
 * @returns the optimizer, config `{ name: 'adamax', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative rate or decay, β outside [0, 1) or eps <= 0.
 * @example
 * ```ts
 * const opt = adamax();
 * ```
 * @see Kingma & Ba (2015), §7.1; `torch.optim.Adamax`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function adamax(options?: AdamaxOptions): GradientTransformation<ChainState> {
  const fn = 'adamax';
  checkOptions(fn, options, { learningRate: lrSpec(), b1: beta(), b2: beta(), eps: positive(), weightDecay: nonNegative() });
  const learningRate = options?.learningRate ?? 2e-3;
  const b1 = options?.b1 ?? 0.9;
  const b2 = options?.b2 ?? 0.999;
  const eps = options?.eps ?? 1e-8;
  const weightDecay = options?.weightDecay ?? 0;
  return named(fn, { b1, b2, eps, weightDecay }, learningRate, [coupled(weightDecay), scaleByAdamax({ b1, b2, eps }), scaleByLearningRate(learningRate)]);
}

/** Options of {@link nadam}. */
export interface NadamOptions extends LearningRateOption {
  /** The learning rate; default `2e-3` (PyTorch's). */
  learningRate?: ScalarOrSchedule;
  /** First-moment decay β₁, in [0, 1); default `0.9`. */
  b1?: number;
  /** Second-moment decay β₂, in [0, 1); default `0.999`. */
  b2?: number;
  /** Added to √v̂, > 0; default `1e-8`. */
  eps?: number;
  /** Coupled L2 penalty added to the gradient, >= 0; default `0`. */
  weightDecay?: number;
  /** Momentum schedule ψ, μ_t = β₁·(1 − ½·0.96^(t·ψ)); >= 0, default `0.004` (PyTorch's). */
  momentumDecay?: number;
}

/**
 * NAdam (Dozat 2016) as `torch.optim.NAdam`, with its warming momentum schedule:
 * `chain(addL2Penalty(wd), scaleByAdam({ b1, b2, eps, nesterov: true, momentumDecay }),
 * scaleByLearningRate(lr))`. The momentum term uses μ₁·…·μ_{t+1}, as PyTorch ≥ 2.0 and the paper
 * do; PyTorch 1.13 multiplied by μ_t once more (a bug fixed upstream in pytorch/pytorch#92699),
 * which changes the first steps slightly.
 *
 * @param options - see {@link NadamOptions}.
 * @returns the optimizer, config `{ name: 'nadam', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative rate or decay, β outside [0, 1) or eps <= 0.
 * @example
 * ```ts
 * const opt = nadam({ learningRate: 1e-3 });
 * ```
 * @see Dozat (2016), "Incorporating Nesterov Momentum into Adam"; `torch.optim.NAdam`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function nadam(options?: NadamOptions): GradientTransformation<ChainState> {
  const fn = 'nadam';
  checkOptions(fn, options, { learningRate: lrSpec(), b1: beta(), b2: beta(), eps: positive(), weightDecay: nonNegative(), momentumDecay: nonNegative() });
  const learningRate = options?.learningRate ?? 2e-3;
  const b1 = options?.b1 ?? 0.9;
  const b2 = options?.b2 ?? 0.999;
  const eps = options?.eps ?? 1e-8;
  const weightDecay = options?.weightDecay ?? 0;
  const momentumDecay = options?.momentumDecay ?? 4e-3;
  return named(fn, { b1, b2, eps, weightDecay, momentumDecay }, learningRate, [
    coupled(weightDecay),
    scaleByAdam({ b1, b2, eps, nesterov: true, momentumDecay }),
    scaleByLearningRate(learningRate),
  ]);
}

/** Options of {@link radam}. */
export interface RadamOptions extends LearningRateOption {
  /** The learning rate; default `1e-3`. */
  learningRate?: ScalarOrSchedule;
  /** First-moment decay β₁, in [0, 1); default `0.9`. */
  b1?: number;
  /** Second-moment decay β₂, in [0, 1); default `0.999`. */
  b2?: number;
  /** Added to √v, > 0; default `1e-8`. */
  eps?: number;
  /** Coupled L2 penalty added to the gradient, >= 0; default `0`. */
  weightDecay?: number;
}

/**
 * RAdam (Liu et al. 2020) as `torch.optim.RAdam` 1.13: `chain(addL2Penalty(wd), scaleByRadam({ b1,
 * b2, eps }), scaleByLearningRate(lr))`, rectified once ρ_t > 5.
 *
 * @param options - see {@link RadamOptions}.
 * @returns the optimizer, config `{ name: 'radam', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative rate or decay, β outside [0, 1) or eps <= 0.
 * @example
 * ```ts
 * const opt = radam({ learningRate: 1e-3 });
 * ```
 * @see Liu et al. (2020), "On the Variance of the Adaptive Learning Rate and Beyond"; `torch.optim.RAdam`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function radam(options?: RadamOptions): GradientTransformation<ChainState> {
  const fn = 'radam';
  checkOptions(fn, options, { learningRate: lrSpec(), b1: beta(), b2: beta(), eps: positive(), weightDecay: nonNegative() });
  const learningRate = options?.learningRate ?? 1e-3;
  const b1 = options?.b1 ?? 0.9;
  const b2 = options?.b2 ?? 0.999;
  const eps = options?.eps ?? 1e-8;
  const weightDecay = options?.weightDecay ?? 0;
  return named(fn, { b1, b2, eps, weightDecay }, learningRate, [coupled(weightDecay), scaleByRadam({ b1, b2, eps }), scaleByLearningRate(learningRate)]);
}

/** Options of {@link lion}. */
export interface LionOptions extends LearningRateOption {
  /** The learning rate; default `1e-4` (Lion wants 3–10× less than AdamW). */
  learningRate?: ScalarOrSchedule;
  /** Interpolation for the update's sign, β₁ in [0, 1); default `0.9`. */
  b1?: number;
  /** Momentum decay β₂, in [0, 1); default `0.99`. */
  b2?: number;
  /** Decoupled weight decay λ (each step shrinks parameters by `lr·λ·param`), >= 0; default `0`. */
  weightDecay?: number;
  /** Which parameters are decayed (see {@link WeightDecayOptions.mask}); default all. */
  mask?: ParameterMask;
}

/**
 * Lion (Chen et al. 2023), the paper's Algorithm 2: `chain(scaleByLion({ b1, b2 }),
 * addDecayedWeights(λ, { mask }), scaleByLearningRate(lr))`, i.e.
 * `θ ← θ − lr·(sign(β₁·m + (1 − β₁)·g) + λ·θ)`, `m ← β₂·m + (1 − β₂)·g`.
 *
 * @param options - see {@link LionOptions}.
 * @returns the optimizer, config `{ name: 'lion', options }`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative rate or decay, β outside [0, 1) or a bad mask.
 * @example
 * ```ts
 * const opt = lion({ learningRate: 3e-4, weightDecay: 0.1 });
 * ```
 * @see Chen et al. (2023), "Symbolic Discovery of Optimization Algorithms"; Optax's `lion`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function lion(options?: LionOptions): GradientTransformation<ChainState> {
  const fn = 'lion';
  checkOptions(fn, options, { learningRate: lrSpec(), b1: beta(), b2: beta(), weightDecay: nonNegative(), mask: maskConstraint() });
  const learningRate = options?.learningRate ?? 1e-4;
  const b1 = options?.b1 ?? 0.9;
  const b2 = options?.b2 ?? 0.99;
  const weightDecay = options?.weightDecay ?? 0;
  const mask = options?.mask;
  return named(fn, { b1, b2, weightDecay, ...(mask === undefined ? {} : { mask: maskToConfig(mask) }) }, learningRate, [
    scaleByLion({ b1, b2 }),
    weightDecay > 0 ? addDecayedWeights(weightDecay, mask === undefined ? undefined : { mask }) : undefined,
    scaleByLearningRate(learningRate),
  ]);
}
