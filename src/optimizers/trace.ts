import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkOptions, invalidOption, is } from '../core/validate.js';
import { beta, checkState, checkTensorMap, makeTransform, perParam, stateOf, tidyInit, tidyResult, type TensorRecord } from './_internal/shared.js';
import type { GradientTransformation, TensorMap } from './types.js';

/** Options of {@link trace}. */
export interface TraceOptions {
  /** Nesterov momentum: the update is `g + decay·trace` instead of the trace (default `false`). */
  nesterov?: boolean;
  /**
   * PyTorch's dampening: after the first step the trace grows by `(1 − dampening)·g` rather than
   * `g`; in [0, 1], default `0`. Not with `nesterov`.
   */
  dampening?: number;
}

/** The state of {@link trace}. */
export type TraceState = {
  /** Updates made so far (the first step starts the trace undampened, as PyTorch does). */
  readonly count: number;
  /** Momentum buffers by parameter. */
  readonly trace: TensorMap;
};

/**
 * Momentum (Polyak 1964) or Nesterov momentum (Sutskever et al. 2013) as PyTorch's SGD computes
 * them: `buf ← decay·buf + (1 − dampening)·g` (the first step sets `buf = g`), and the update is
 * `buf`, or `g + decay·buf` with `nesterov`. With `dampening: 0` this is Optax's `trace`.
 *
 * @param decay - the momentum coefficient, in [0, 1).
 * @param options - see {@link TraceOptions}.
 * @returns the transformation; state {@link TraceState}; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a decay outside [0, 1), a dampening
 * outside [0, 1], or Nesterov with dampening.
 * @example
 * ```ts
 * const heavyBall = chain(trace(0.9), scaleByLearningRate(0.01));
 * ```
 * @see Sutskever et al. (2013), "On the importance of initialization and momentum in deep
 * learning"; `torch.optim.SGD`; Optax's `trace`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function trace(decay: number, options?: TraceOptions): GradientTransformation<TraceState> {
  const fn = 'trace';
  checkArgument(fn, 'decay', decay, beta());
  checkOptions(fn, options, { nesterov: is.boolean(), dampening: is.number({ min: 0, max: 1 }) });
  const nesterov = options?.nesterov ?? false;
  const dampening = options?.dampening ?? 0;
  if (nesterov && dampening !== 0) {
    throw invalidOption(fn, 'dampening', '0 with nesterov', dampening, 'Nesterov momentum is defined without dampening, as in PyTorch');
  }
  return makeTransform<TraceState>(
    { name: fn, options: { decay, nesterov, dampening } },
    (params) => tidyInit(() => ({ count: 0, trace: perParam(params, (p) => tf.zerosLike(p)) })),
    (grads, state) => {
      checkTensorMap(fn, 'grads', grads);
      checkState(fn, state);
      const first = state.count === 0;
      return tidyResult(() => {
        const updates: TensorRecord = {};
        const buffers: TensorRecord = { ...state.trace };
        for (const [name, g] of Object.entries(grads)) {
          const old = stateOf(fn, state.trace, name, 'momentum buffer');
          // PyTorch starts the buffer at the first gradient, undampened; with zeros and no
          // dampening that is the same thing, with dampening it is not.
          const buf = first ? tf.clone(g) : tf.add(tf.mul(old, decay), dampening === 0 ? g : tf.mul(g, 1 - dampening));
          buffers[name] = buf;
          // A clone, not the buffer itself: the owner disposes the final updates, never the state.
          updates[name] = nesterov ? tf.add(g, tf.mul(buf, decay)) : tf.clone(buf);
        }
        return { updates, state: { count: state.count + 1, trace: buffers } };
      });
    },
  );
}
