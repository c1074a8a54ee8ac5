// Small gradient transformations written for the bridge's tests, each exercising one shape of
// state: none, a per-parameter map, a global tensor counter with inputs passed through, masks.
import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation, TensorMap } from '../../../src/optimizers/types.js';
import type { ScalarOrSchedule } from '../../../src/schedules/types.js';

const lrAt = (lr: ScalarOrSchedule, step: number): number => (typeof lr === 'number' ? lr : lr(step));

function mapValues(m: TensorMap, fn: (t: tf.Tensor, name: string) => tf.Tensor): { [name: string]: tf.Tensor } {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, fn(v, k)]));
}

/** Plain gradient descent, no state: `update = −lr·g` (tfjs's SGD computes exactly this). */
export function plainSgd(learningRate: ScalarOrSchedule): GradientTransformation<Record<string, never>> {
  return {
    config: { name: 'testPlainSgd', options: { learningRate: typeof learningRate === 'number' ? learningRate : learningRate.config } },
    learningRate,
    init: () => ({}),
    update: (grads, state, _params, step) => {
      const c = tf.scalar(-lrAt(learningRate, step));
      return { updates: mapValues(grads, (g) => tf.mul(c, g)), state };
    },
  };
}

/** State of {@link heavyBall}: one velocity per parameter. */
export interface HeavyBallState {
  readonly [key: string]: unknown;
  readonly velocity: TensorMap;
}

/** Heavy-ball momentum with a per-parameter velocity `v ← β·v + g`, `update = −lr·v`. */
export function heavyBall(learningRate: number, beta = 0.9): GradientTransformation<HeavyBallState> {
  return {
    config: { name: 'testHeavyBall', options: { learningRate, beta } },
    learningRate,
    init: (params) => ({ velocity: mapValues(params, (p) => tf.zerosLike(p)) }),
    update: (grads, state) => {
      const velocity = mapValues(grads, (g, k) => tf.add(tf.mul(state.velocity[k]!, beta), g));
      return { updates: mapValues(velocity, (v) => tf.mul(v, -learningRate)), state: { velocity } };
    },
  };
}

/** State of {@link countingSgd}: a global tensor counter and the last gradient, passed through. */
export interface CountingState {
  readonly [key: string]: unknown;
  readonly count: tf.Tensor;
  readonly last: TensorMap;
  readonly note: { readonly steps: number; readonly nan: number; readonly $ws: string };
}

/**
 * SGD whose state holds a global tensor counter, plain numbers (NaN included), an object using
 * the skeleton's marker key, and the last gradients themselves (the state passes its inputs
 * through, which the memory contract allows), and which, with `maskedOut`, keeps no state at all
 * for the parameters named there.
 */
export function countingSgd(learningRate: number, maskedOut: readonly string[] = []): GradientTransformation<CountingState> {
  const keep = (m: TensorMap): TensorMap => Object.fromEntries(Object.entries(m).filter(([k]) => !maskedOut.includes(k)));
  return {
    config: { name: 'testCountingSgd', options: { learningRate, maskedOut: [...maskedOut] } },
    learningRate,
    init: (params) => ({ count: tf.scalar(0), last: keep(params), note: { steps: 0, nan: Number.NaN, $ws: 'x' } }),
    update: (grads, state) => ({
      updates: mapValues(grads, (g) => tf.mul(g, -learningRate)),
      state: { count: tf.add(state.count, 1), last: keep(grads), note: { ...state.note, steps: state.note.steps + 1 } },
    }),
  };
}
