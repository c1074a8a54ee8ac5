import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkOptions, is } from '../core/validate.js';
import {
  checkState,
  checkTensorMap,
  inContext,
  makeTransform,
  paramOf,
  perParam,
  stateOf,
  tidyInit,
  tidyResult,
  transformConstraint,
  type TensorRecord,
} from './_internal/shared.js';
import type { GradientTransformation, TensorMap, TransformState } from './types.js';

/** The state of {@link applyIfFinite}. */
export type ApplyIfFiniteState<S extends TransformState = TransformState> = {
  /** The wrapped transformation's state (unchanged by a skipped step). */
  readonly inner: S;
  /** Whether the last step's gradients were all finite (`true` before the first step). */
  readonly lastFinite: boolean;
  /** Skipped steps in a row, up to and including the last one. */
  readonly consecutiveSkips: number;
  /** Skipped steps in all. */
  readonly totalSkips: number;
};

/**
 * Skip any step whose gradients are not all finite: the updates are zero and the wrapped
 * transformation's state is left as it was (its moments are not poisoned by a NaN), as mixed
 * precision loss scaling needs. Skips are counted in the state. Deciding costs one read of a
 * boolean back from the device per step.
 *
 * @param inner - the transformation to protect.
 * @returns the wrapper; state {@link ApplyIfFiniteState}; updates are the inner's, or new zeros.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when `inner` is not a transformation.
 * @example
 * ```ts
 * const safeAdam = applyIfFinite(adam({ learningRate: 1e-3 }));
 * ```
 * @see Optax's `apply_if_finite`; Micikevicius et al. (2018), "Mixed Precision Training" (skipping
 * overflowed steps).
 */
/* @__NO_SIDE_EFFECTS__ */
export function applyIfFinite<S extends TransformState>(inner: GradientTransformation<S>): GradientTransformation<ApplyIfFiniteState<S>> {
  const fn = 'applyIfFinite';
  checkArgument(fn, 'inner', inner, transformConstraint());
  return makeTransform<ApplyIfFiniteState<S>>(
    { name: fn, options: { inner: inner.config } },
    (params) => tidyInit(() => ({ inner: inContext(fn, () => inner.init(params)), lastFinite: true, consecutiveSkips: 0, totalSkips: 0 })),
    (grads, state, params, step) => {
      checkTensorMap(fn, 'grads', grads);
      checkState(fn, state);
      const entries = Object.entries(grads);
      let finite = true;
      if (entries.length > 0) {
        const flag = tf.tidy(() => tf.all(tf.stack(entries.map(([, g]) => tf.all(tf.isFinite(g))))));
        try {
          finite = flag.dataSync()[0] === 1;
        } finally {
          flag.dispose();
        }
      }
      if (finite) {
        return tidyResult(() => {
          const result = inContext(fn, () => inner.update(grads, state.inner, params, step));
          return { updates: result.updates, state: { inner: result.state, lastFinite: true, consecutiveSkips: 0, totalSkips: state.totalSkips } };
        });
      }
      return tidyResult(() => ({
        updates: perParam(grads, (g) => tf.zerosLike(g)),
        state: { inner: state.inner, lastFinite: false, consecutiveSkips: state.consecutiveSkips + 1, totalSkips: state.totalSkips + 1 },
      }));
    },
    inner.learningRate,
  );
}

/** Options of {@link lookahead}. */
export interface LookaheadOptions {
  /** Fast steps between synchronizations (the paper's k), an integer >= 1; default `5`. */
  k?: number;
  /** Step size of the slow weights towards the fast ones (the paper's α), in [0, 1]; default `0.5`. */
  alpha?: number;
}

/** The state of {@link lookahead}. */
export type LookaheadState<S extends TransformState = TransformState> = {
  /** Fast steps since the last synchronization, in [0, k). */
  readonly count: number;
  /** The slow weights by parameter (a copy of the parameters at `init`). */
  readonly slow: TensorMap;
  /** The wrapped (fast) transformation's state, kept across synchronizations. */
  readonly inner: S;
};

/**
 * Lookahead (Zhang et al. 2019): the wrapped optimizer takes k fast steps, then the slow weights
 * move a fraction α towards the fast weights, `slow ← slow + α·(fast − slow)`, and the fast
 * weights restart from them. The parameters the caller holds are the fast weights; on the k-th step
 * the update is `slow_new − param` (the fast step is taken into account first), so that adding it
 * moves the parameters back onto the new slow weights. The slow weights start as a copy of the
 * parameters given to `init`, and the inner state is kept across synchronizations (the paper's
 * default).
 *
 * @param inner - the fast optimizer.
 * @param options - see {@link LookaheadOptions}.
 * @returns the wrapper; state {@link LookaheadState}; updates are the inner's, or new tensors on a
 * synchronization step.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a bad `inner`, `k` or `alpha`; from
 * `update` on a synchronization step, when `params` lacks a parameter that has a gradient.
 * @example
 * ```ts
 * const opt = lookahead(adam({ learningRate: 1e-3 }), { k: 5, alpha: 0.5 });
 * ```
 * @see Zhang, Lucas, Hinton & Ba (2019), "Lookahead Optimizer: k steps forward, 1 step back",
 * Algorithm 1; Optax's `lookahead`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function lookahead<S extends TransformState>(inner: GradientTransformation<S>, options?: LookaheadOptions): GradientTransformation<LookaheadState<S>> {
  const fn = 'lookahead';
  checkArgument(fn, 'inner', inner, transformConstraint());
  checkOptions(fn, options, { k: is.integer({ min: 1 }), alpha: is.number({ min: 0, max: 1 }) });
  const k = options?.k ?? 5;
  const alpha = options?.alpha ?? 0.5;
  return makeTransform<LookaheadState<S>>(
    { name: fn, options: { inner: inner.config, k, alpha } },
    (params) => tidyInit(() => ({ count: 0, slow: perParam(params, (p) => tf.clone(p)), inner: inContext(fn, () => inner.init(params)) })),
    (grads, state, params, step) => {
      checkTensorMap(fn, 'grads', grads);
      checkState(fn, state);
      return tidyResult(() => {
        const result = inContext(fn, () => inner.update(grads, state.inner, params, step));
        const count = state.count + 1;
        if (count < k) return { updates: result.updates, state: { count, slow: state.slow, inner: result.state } };
        const updates: TensorRecord = {};
        const slow: TensorRecord = { ...state.slow };
        for (const [name, u] of Object.entries(result.updates)) {
          const p = paramOf(fn, params, name);
          const old = stateOf(fn, state.slow, name, 'slow weights');
          const fast = tf.add(p, u);
          const next = tf.add(old, tf.mul(tf.sub(fast, old), alpha));
          slow[name] = next;
          updates[name] = tf.sub(next, p);
        }
        return { updates, state: { count: 0, slow, inner: result.state } };
      });
    },
    inner.learningRate,
  );
}

/** The state of {@link gradientAccumulation}. */
export type GradientAccumulationState<S extends TransformState = TransformState> = {
  /** Micro-batches accumulated since the last update, in [0, k). */
  readonly count: number;
  /** Sums of the accumulated gradients by parameter. */
  readonly sums: TensorMap;
  /** The wrapped transformation's state, which advances only on every k-th call. */
  readonly inner: S;
};

/**
 * Accumulate gradients over k micro-batches and update once: the first k − 1 calls add the
 * gradients to a running sum and return zero updates; the k-th call hands the mean of the k
 * gradients to the wrapped transformation and returns its updates. With equal micro-batches, this
 * is the step one batch k times larger would have taken, in a fraction of the memory. The wrapped
 * transformation sees the caller's `step`, so a schedule inside counts calls (micro-batches).
 *
 * @param inner - the transformation to feed with averaged gradients.
 * @param k - micro-batches per update, an integer >= 1.
 * @returns the wrapper; state {@link GradientAccumulationState}; updates are new zeros or the inner's.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a bad `inner` or `k`.
 * @example
 * ```ts
 * const bigBatchAdam = gradientAccumulation(adam({ learningRate: 1e-3 }), 4);
 * ```
 * @see Optax's `MultiSteps`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function gradientAccumulation<S extends TransformState>(inner: GradientTransformation<S>, k: number): GradientTransformation<GradientAccumulationState<S>> {
  const fn = 'gradientAccumulation';
  checkArgument(fn, 'inner', inner, transformConstraint());
  checkArgument(fn, 'k', k, is.integer({ min: 1 }));
  return makeTransform<GradientAccumulationState<S>>(
    { name: fn, options: { inner: inner.config, k } },
    (params) => tidyInit(() => ({ count: 0, sums: perParam(params, (p) => tf.zerosLike(p)), inner: inContext(fn, () => inner.init(params)) })),
    (grads, state, params, step) => {
      checkTensorMap(fn, 'grads', grads);
      checkState(fn, state);
      return tidyResult(() => {
        const count = state.count + 1;
        const sums: TensorRecord = { ...state.sums };
        if (count < k) {
          const updates: TensorRecord = {};
          for (const [name, g] of Object.entries(grads)) {
            sums[name] = tf.add(stateOf(fn, state.sums, name, 'gradient sum'), g);
            updates[name] = tf.zerosLike(g);
          }
          return { updates, state: { count, sums, inner: state.inner } };
        }
        const mean: TensorRecord = {};
        for (const [name, g] of Object.entries(grads)) {
          mean[name] = k === 1 ? g : tf.div(tf.add(stateOf(fn, state.sums, name, 'gradient sum'), g), k);
          // With k = 1 the sum is never added to and stays zero: keep it rather than reallocate.
          sums[name] = k === 1 ? stateOf(fn, state.sums, name, 'gradient sum') : tf.zerosLike(g);
        }
        const result = inContext(fn, () => inner.update(mean, state.inner, params, step));
        return { updates: result.updates, state: { count: 0, sums, inner: result.state } };
      });
    },
    inner.learningRate,
  );
}
