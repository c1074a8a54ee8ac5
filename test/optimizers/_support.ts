// What an owner of a transformation's state must do each step (the memory contract of
// src/optimizers/types.ts), as small helpers every optimizer test uses.
import * as tf from '@tensorflow/tfjs-core';
import { collectTensors } from '../../src/core/index.js';
import type { GradientTransformation, TensorMap, TransformResult, TransformState } from '../../src/optimizers/index.js';

/** Plain values of a tensor map, for comparisons. */
export type Values = Record<string, number[]>;

/**
 * One step as an owner does it: `update` inside `tf.tidy`, then dispose the old state's tensors
 * that the new state does not hold. The caller owns the returned updates and state.
 */
export function step<S extends TransformState>(
  transform: GradientTransformation<S>,
  state: S,
  grads: TensorMap,
  params: TensorMap,
  index = 0,
): TransformResult<S> {
  const result = tf.tidy(() => transform.update(grads, state, params, index) as unknown as tf.TensorContainer) as unknown as TransformResult<S>;
  const kept = new Set(collectTensors(result.state));
  for (const t of collectTensors(state)) if (!kept.has(t) && !t.isDisposed) t.dispose();
  return result;
}

/** Dispose the tensors of `value` that are not among `keep` (updates may pass gradients through). */
export function disposeExcept(value: unknown, ...keep: unknown[]): void {
  const kept = new Set(keep.flatMap((k) => collectTensors(k)));
  for (const t of collectTensors(value)) if (!kept.has(t) && !t.isDisposed) t.dispose();
}

/** Tensors from plain arrays (float32, as tfjs holds them). */
export function tensors(values: Record<string, unknown>): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(values)) out[k] = tf.tensor(v as number[]);
  return out;
}

/** Flat values of a tensor map. */
export function valuesOf(map: TensorMap): Values {
  const out: Values = {};
  for (const [k, t] of Object.entries(map)) out[k] = Array.from(t.dataSync());
  return out;
}

/**
 * Run `transform` from `params0` over a gradient sequence, applying `param ← param + update`, and
 * return the parameters after every step (flat values). Everything it makes is disposed.
 */
export function trajectory(transform: GradientTransformation, params0: Record<string, unknown>, gradSeq: readonly Record<string, unknown>[]): Values[] {
  let params: TensorMap = tensors(params0);
  let state = transform.init(params);
  const out: Values[] = [];
  try {
    gradSeq.forEach((g, i) => {
      const grads = tensors(g);
      try {
        const r = step(transform, state, grads, params, i);
        state = r.state;
        const next = tf.tidy(() => {
          const p: Record<string, tf.Tensor> = {};
          for (const [k, v] of Object.entries(params)) p[k] = r.updates[k] === undefined ? tf.clone(v) : tf.add(v, r.updates[k]!);
          return p;
        });
        disposeExcept(r.updates, grads, params);
        disposeExcept(params);
        params = next;
        out.push(valuesOf(params));
      } finally {
        disposeExcept(grads);
      }
    });
  } finally {
    disposeExcept(params);
    disposeExcept(state);
  }
  return out;
}

/** Float64 arrays helpers for hand-checked formulas. */
export const f64 = {
  zeros: (n: number): number[] => new Array<number>(n).fill(0),
  f32: (xs: readonly number[]): number[] => Array.from(new Float32Array(xs)),
};
