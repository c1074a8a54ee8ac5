import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkOptions } from '../core/validate.js';
import {
  checkTensorMap,
  makeTransform,
  maskConstraint,
  maskPredicate,
  maskToConfig,
  nonNegative,
  paramOf,
  tidyResult,
  type ParameterMask,
  type TensorRecord,
} from './_internal/shared.js';
import type { GradientTransformation } from './types.js';

/** Options of {@link addDecayedWeights} and {@link addL2Penalty}. */
export interface WeightDecayOptions {
  /**
   * Which parameters are decayed: a predicate on the parameter's name, a RegExp tested against it
   * (`/kernel/`), or a record from every parameter name to `true` / `false`. Default: all.
   * A predicate cannot be written into a config: use a RegExp or a record when the transformation
   * must be saved with a model.
   */
  mask?: ParameterMask;
}

/** The state of {@link addDecayedWeights} and {@link addL2Penalty}: they keep none. */
export type WeightDecayState = { readonly [key: string]: never };

function weightDecayTransform(fn: 'addDecayedWeights' | 'addL2Penalty', rate: number, options: WeightDecayOptions | undefined): GradientTransformation<WeightDecayState> {
  checkArgument(fn, 'weightDecay', rate, nonNegative());
  checkOptions(fn, options, { mask: maskConstraint() });
  const mask = options?.mask;
  const selected = maskPredicate(fn, mask);
  return makeTransform<WeightDecayState>(
    { name: fn, options: { weightDecay: rate, ...(mask === undefined ? {} : { mask: maskToConfig(mask) }) } },
    () => ({}),
    (grads, state, params) => {
      checkTensorMap(fn, 'grads', grads);
      return tidyResult(() => {
        const updates: TensorRecord = {};
        for (const [name, g] of Object.entries(grads)) {
          updates[name] = rate !== 0 && selected(name) ? tf.add(g, tf.mul(paramOf(fn, params, name), rate)) : g;
        }
        return { updates, state };
      });
    },
  );
}

/**
 * Decoupled weight decay (Loshchilov & Hutter 2019): add `weightDecay · param` to the update
 * *after* the adaptive scaling, so that, followed by {@link scaleByLearningRate}, each step shrinks
 * the parameters by `lr · weightDecay · param` whatever the gradient statistics (AdamW).
 *
 * @param weightDecay - the decay rate, >= 0.
 * @param options - see {@link WeightDecayOptions}.
 * @returns a stateless transformation; updates of masked-out parameters are the incoming updates
 * themselves, the others are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative rate or a bad mask; from
 * `update`, when a selected parameter is missing from `params` or a record mask does not name it.
 * @example
 * ```ts
 * const adamwLike = chain(scaleByAdam(), addDecayedWeights(1e-2, { mask: /kernel/ }), scaleByLearningRate(1e-3));
 * ```
 * @see Loshchilov & Hutter (2019), "Decoupled Weight Decay Regularization"; Optax's `add_decayed_weights`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function addDecayedWeights(weightDecay: number, options?: WeightDecayOptions): GradientTransformation<WeightDecayState> {
  return weightDecayTransform('addDecayedWeights', weightDecay, options);
}

/**
 * Coupled L2 regularization: add `weightDecay · param` to the gradient *before* any other
 * transformation (the gradient of `weightDecay/2 · ‖param‖²`), which is what PyTorch's
 * `weight_decay` does in SGD, Adam, RMSprop and the others. Under an adaptive method the penalty is
 * rescaled with the gradient, unlike {@link addDecayedWeights}.
 *
 * @param weightDecay - the penalty coefficient λ, >= 0.
 * @param options - see {@link WeightDecayOptions}.
 * @returns a stateless transformation; updates of masked-out parameters are the incoming gradients
 * themselves, the others are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative coefficient or a bad mask;
 * from `update`, when a selected parameter is missing from `params` or a record mask does not name it.
 * @example
 * ```ts
 * const sgdL2 = chain(addL2Penalty(5e-4), trace(0.9), scaleByLearningRate(0.1));
 * ```
 * @see Krogh & Hertz (1991), "A Simple Weight Decay Can Improve Generalization"; `torch.optim.SGD`'s `weight_decay`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function addL2Penalty(weightDecay: number, options?: WeightDecayOptions): GradientTransformation<WeightDecayState> {
  return weightDecayTransform('addL2Penalty', weightDecay, options);
}

