import * as tf from '@tensorflow/tfjs-core';
import { checkArgument } from '../core/validate.js';
import { checkTensorMap, makeTransform, positive, tidyResult, type TensorRecord } from './_internal/shared.js';
import type { GradientTransformation } from './types.js';

/** The state of {@link clipByGlobalNorm} and {@link clipByValue}: they keep none. */
export type ClipState = { readonly [key: string]: never };

/**
 * Rescale all updates together so that their global L2 norm (over every parameter) is at most
 * `maxNorm`: `u · maxNorm / max(‖u‖, maxNorm)`. Updates whose norm is within the bound pass
 * unchanged (the factor is exactly 1); the direction is always kept. Computed on the device, with
 * no read back to the CPU.
 *
 * @param maxNorm - the largest global norm allowed, > 0.
 * @returns a stateless transformation; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when `maxNorm` is not a positive finite number.
 * @example
 * ```ts
 * const clippedAdam = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 * ```
 * @see Pascanu, Mikolov & Bengio (2013), "On the difficulty of training recurrent neural networks";
 * Optax's `clip_by_global_norm`; `torch.nn.utils.clip_grad_norm_` (which adds 1e-6 to the norm).
 */
/* @__NO_SIDE_EFFECTS__ */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<ClipState> {
  const fn = 'clipByGlobalNorm';
  checkArgument(fn, 'maxNorm', maxNorm, positive());
  return makeTransform<ClipState>(
    { name: fn, options: { maxNorm } },
    () => ({}),
    (grads, state) => {
      checkTensorMap(fn, 'grads', grads);
      return tidyResult(() => {
        const updates: TensorRecord = {};
        const entries = Object.entries(grads);
        if (entries.length === 0) return { updates, state };
        const squares = entries.map(([, g]) => tf.sum(tf.square(g)));
        const norm = tf.sqrt(squares.length === 1 ? squares[0]! : tf.addN(squares));
        const factor = tf.div(maxNorm, tf.maximum(norm, maxNorm));
        for (const [name, g] of entries) updates[name] = tf.mul(g, factor);
        return { updates, state };
      });
    },
  );
}

/**
 * Clip every coordinate of every update to `[−maxDelta, maxDelta]`.
 *
 * @param maxDelta - the largest absolute value allowed, > 0.
 * @returns a stateless transformation; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when `maxDelta` is not a positive finite number.
 * @example
 * ```ts
 * const clipped = chain(clipByValue(0.5), scaleByLearningRate(0.1));
 * ```
 * @see Optax's `clip`; `torch.nn.utils.clip_grad_value_`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function clipByValue(maxDelta: number): GradientTransformation<ClipState> {
  const fn = 'clipByValue';
  checkArgument(fn, 'maxDelta', maxDelta, positive());
  return makeTransform<ClipState>(
    { name: fn, options: { maxDelta } },
    () => ({}),
    (grads, state) => {
      checkTensorMap(fn, 'grads', grads);
      return tidyResult(() => {
        const updates: TensorRecord = {};
        for (const [name, g] of Object.entries(grads)) updates[name] = tf.clipByValue(g, -maxDelta, maxDelta);
        return { updates, state };
      });
    },
  );
}
