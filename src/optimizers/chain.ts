import { checkArgument } from '../core/validate.js';
import { composed, type ChainState } from './_internal/composed.js';
import { transformConstraint } from './_internal/shared.js';
import type { GradientTransformation } from './types.js';

export type { ChainState };

/**
 * Compose transformations: each one's updates are the next one's gradients, and the state is the
 * list of their states. Order matters: `chain(clipByGlobalNorm(1), scaleByAdam())` clips the raw
 * gradients, `chain(scaleByAdam(), clipByGlobalNorm(1))` clips Adam's steps. The chain's
 * `learningRate` is that of its first member that has one. Intermediate updates are freed; only
 * the last member's updates are returned.
 *
 * @param transforms - the transformations, applied left to right (none: updates equal gradients).
 * @returns the composed transformation; state {@link ChainState}.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when an argument is not a transformation;
 * from `update`, when the state is not the list its `init` made.
 * @example
 * ```ts
 * const adamw = chain(clipByGlobalNorm(1), scaleByAdam(), addDecayedWeights(1e-2), scaleByLearningRate(1e-3));
 * const state = adamw.init(params);
 * ```
 * @see Optax's `chain`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function chain(...transforms: GradientTransformation[]): GradientTransformation<ChainState> {
  transforms.forEach((t, i) => checkArgument('chain', `transforms[${i}]`, t, transformConstraint()));
  return composed('chain', { transforms: transforms.map((t) => t.config) }, transforms);
}
