/**
 * Optimizers in the Optax style: small gradient transformations over named tensor maps, each a
 * pair of pure functions `init(params) → state` and `update(grads, state, params, step) →
 * { updates, state }`, that compose with `chain`; and the named optimizers (`sgd`, `momentum`,
 * `nesterov`, `rmsprop`, `adagrad`, `adadelta`, `adam`, `adamw`, `adamax`, `nadam`, `radam`,
 * `lion`), each a one-line chain of them that computes what the PyTorch 1.13 optimizer of the same
 * name computes (checked against it on fixtures). Any learning rate may be a number or a schedule
 * from whetstone/schedules. Updates are added to the parameters: `param ← param + update`.
 *
 * The owner of a state (your training loop, or the tfjs bridge) calls `update` inside `tf.tidy`
 * or relies on its own tidy, disposes the old state's tensors that are not in the new state, and
 * disposes the updates once applied (see {@link GradientTransformation} for the contract).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { chain, clipByGlobalNorm, adamw } from 'whetstone/optimizers';
 * const opt = chain(clipByGlobalNorm(1), adamw({ learningRate: 1e-3, weightDecay: 0.05 }));
 * let state = opt.init(params);                       // params: { [name]: tf.Tensor }
 * const { updates, state: next } = tf.tidy(() => opt.update(grads, state, params, step));
 * ```
 * @module whetstone/optimizers
 */
export type { GradientTransformation, TensorMap, TransformConfig, TransformResult, TransformState } from './types.js';
export type { MaskConfig, ParameterMask } from './_internal/shared.js';
export { scale, scaleByLearningRate } from './scale.js';
export type { ScaleByLearningRateOptions, ScaleState } from './scale.js';
export { scaleByAdam, scaleByAdamax, scaleByRadam } from './adam.js';
export type {
  ScaleByAdamaxOptions,
  ScaleByAdamaxState,
  ScaleByAdamOptions,
  ScaleByAdamState,
  ScaleByRadamOptions,
  ScaleByRadamState,
} from './adam.js';
export { scaleByAdadelta, scaleByAdagrad, scaleByLion, scaleByRms } from './adaptive.js';
export type {
  ScaleByAdadeltaOptions,
  ScaleByAdadeltaState,
  ScaleByAdagradOptions,
  ScaleByAdagradState,
  ScaleByLionOptions,
  ScaleByLionState,
  ScaleByRmsOptions,
  ScaleByRmsState,
} from './adaptive.js';
export { trace } from './trace.js';
export type { TraceOptions, TraceState } from './trace.js';
export { addDecayedWeights, addL2Penalty } from './decay.js';
export type { WeightDecayOptions, WeightDecayState } from './decay.js';
export { clipByGlobalNorm, clipByValue } from './clip.js';
export type { ClipState } from './clip.js';
export { chain } from './chain.js';
export type { ChainState } from './chain.js';
export { applyIfFinite, gradientAccumulation, lookahead } from './wrappers.js';
export type { ApplyIfFiniteState, GradientAccumulationState, LookaheadOptions, LookaheadState } from './wrappers.js';
export { adadelta, adagrad, adam, adamax, adamw, lion, momentum, nadam, nesterov, radam, rmsprop, sgd } from './named.js';
export type {
  AdadeltaOptions,
  AdagradOptions,
  AdamaxOptions,
  AdamOptions,
  AdamwOptions,
  LearningRateOption,
  LionOptions,
  MomentumOptions,
  NadamOptions,
  NesterovOptions,
  RadamOptions,
  RmspropOptions,
  SgdOptions,
} from './named.js';
export { transformFromConfig, TRANSFORM_NAMES } from './registry.js';
export { registerOptimizerClass, toTfjsOptimizer, WhetstoneOptimizer } from './bridge.js';
export type { NamedTensor, ToTfjsOptimizerOptions } from './bridge.js';
