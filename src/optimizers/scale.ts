import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkOptions, is } from '../core/validate.js';
import type { ScalarOrSchedule } from '../schedules/types.js';
import {
  checkStep,
  checkTensorMap,
  makeTransform,
  rateAt,
  rateConfig,
  scalarOrSchedule,
  tidyResult,
  type TensorRecord,
} from './_internal/shared.js';
import type { GradientTransformation } from './types.js';

/** The state of {@link scale} and {@link scaleByLearningRate}: they keep none. */
export type ScaleState = { readonly [key: string]: never };

/**
 * Multiply every update by a constant factor.
 *
 * @param factor - any finite number (negative flips the direction).
 * @returns a stateless transformation; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when `factor` is not a finite number.
 * @example
 * ```ts
 * const halve = scale(0.5);
 * ```
 * @see Optax's `scale`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function scale(factor: number): GradientTransformation<ScaleState> {
  checkArgument('scale', 'factor', factor, is.number());
  return makeTransform<ScaleState>(
    { name: 'scale', options: { factor } },
    () => ({}),
    (grads, state) => {
      checkTensorMap('scale', 'grads', grads);
      return tidyResult(() => {
        const updates: TensorRecord = {};
        for (const [name, g] of Object.entries(grads)) updates[name] = tf.mul(g, factor);
        return { updates, state };
      });
    },
  );
}

/** Options of {@link scaleByLearningRate}. */
export interface ScaleByLearningRateOptions {
  /**
   * Multiply by `−learningRate` (default `true`), so that updates are added to the parameters
   * and move them down the gradient; `false` multiplies by `+learningRate`.
   */
  flipSign?: boolean;
}

/**
 * Scale updates by the learning rate, negated: `update = −lr · u`, so that `param + update`
 * descends. The rate may be a number or a {@link "whetstone/schedules"!Schedule} evaluated at the
 * `step` passed to `update`. The transformation (and any `chain` holding it) exposes the rate as
 * `learningRate`, which the tfjs bridge reads and rescales.
 *
 * @param learningRate - a finite number >= 0 or a schedule of the step.
 * @param options - see {@link ScaleByLearningRateOptions}.
 * @returns a stateless transformation; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative or non-finite rate or a bad
 * option; from `update`, when a schedule returns NaN, Infinity or a negative value, or `step` is
 * not an integer >= 0.
 * @example
 * ```ts
 * const sgdLike = chain(clipByGlobalNorm(1), scaleByLearningRate(0.1));
 * ```
 * @see Optax's `scale_by_learning_rate`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function scaleByLearningRate(learningRate: ScalarOrSchedule, options?: ScaleByLearningRateOptions): GradientTransformation<ScaleState> {
  const fn = 'scaleByLearningRate';
  checkArgument(fn, 'learningRate', learningRate, scalarOrSchedule());
  checkOptions(fn, options, { flipSign: is.boolean() });
  const flipSign = options?.flipSign ?? true;
  return makeTransform<ScaleState>(
    { name: fn, options: { learningRate: rateConfig(learningRate), flipSign } },
    () => ({}),
    (grads, state, _params, step) => {
      checkTensorMap(fn, 'grads', grads);
      checkStep(fn, step);
      const lr = rateAt(fn, learningRate, step);
      const factor = flipSign ? -lr : lr;
      return tidyResult(() => {
        const updates: TensorRecord = {};
        for (const [name, g] of Object.entries(grads)) updates[name] = tf.mul(g, factor);
        return { updates, state };
      });
    },
    learningRate,
  );
}
