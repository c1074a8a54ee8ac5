import * as tf from '@tensorflow/tfjs-core';
import { checkOptions, is } from '../core/validate.js';
import {
  beta,
  checkState,
  checkTensorMap,
  makeTransform,
  nonNegative,
  perParam,
  positive,
  stateOf,
  tidyInit,
  tidyResult,
  type TensorRecord,
} from './_internal/shared.js';
import type { GradientTransformation, TensorMap } from './types.js';

/** Options of {@link scaleByRms}. */
export interface ScaleByRmsOptions {
  /** Decay of the average of squared gradients (RMSprop's ρ, PyTorch's `alpha`), in [0, 1); default `0.9`. */
  decay?: number;
  /** Added to the root mean square (outside the square root, as PyTorch), > 0; default `1e-8`. */
  eps?: number;
  /** Divide by the centered root mean square √(E[g²] − E[g]²) (Graves 2013); default `false`. */
  centered?: boolean;
  /** Initial value of the average of squared gradients, >= 0; default `0` (PyTorch's). */
  initialScale?: number;
}

/** The state of {@link scaleByRms}. */
export type ScaleByRmsState = {
  /** Averages of squared gradients by parameter. */
  readonly nu: TensorMap;
  /** With `centered` only: averages of gradients by parameter. */
  readonly mu?: TensorMap;
};

/**
 * Scale updates by the inverse root mean square of recent gradients (RMSprop, Tieleman & Hinton
 * 2012): `g / (√E[g²] + eps)`, or with `centered` `g / (√(E[g²] − E[g]²) + eps)`. eps is added
 * outside the square root as in PyTorch (Optax and tfjs add it inside).
 *
 * @param options - see {@link ScaleByRmsOptions}.
 * @returns the transformation; state {@link ScaleByRmsState}; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a decay outside [0, 1), eps <= 0 or a
 * negative initial scale.
 * @example
 * ```ts
 * const rmspropLike = chain(scaleByRms({ decay: 0.99 }), scaleByLearningRate(1e-2));
 * ```
 * @see Tieleman & Hinton (2012), Lecture 6.5, "RMSprop"; Graves (2013), "Generating Sequences With
 * Recurrent Neural Networks" (centered); Optax's `scale_by_rms`; `torch.optim.RMSprop`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function scaleByRms(options?: ScaleByRmsOptions): GradientTransformation<ScaleByRmsState> {
  const fn = 'scaleByRms';
  checkOptions(fn, options, { decay: beta(), eps: positive(), centered: is.boolean(), initialScale: nonNegative() });
  const decay = options?.decay ?? 0.9;
  const eps = options?.eps ?? 1e-8;
  const centered = options?.centered ?? false;
  const initialScale = options?.initialScale ?? 0;
  return makeTransform<ScaleByRmsState>(
    { name: fn, options: { decay, eps, centered, initialScale } },
    (params) =>
      tidyInit(() => ({
        nu: perParam(params, (p) => (initialScale === 0 ? tf.zerosLike(p) : tf.fill(p.shape, initialScale))),
        ...(centered ? { mu: perParam(params, (p) => tf.zerosLike(p)) } : {}),
      })),
    (grads, state) => {
      checkTensorMap(fn, 'grads', grads);
      checkState(fn, state);
      return tidyResult(() => {
        const updates: TensorRecord = {};
        const nu: TensorRecord = { ...state.nu };
        const mu: TensorRecord = { ...state.mu };
        for (const [name, g] of Object.entries(grads)) {
          const v = tf.add(tf.mul(stateOf(fn, state.nu, name, 'mean square'), decay), tf.mul(tf.square(g), 1 - decay));
          nu[name] = v;
          let meanSquare = v;
          if (centered) {
            const m = tf.add(tf.mul(stateOf(fn, state.mu, name, 'mean'), decay), tf.mul(g, 1 - decay));
            mu[name] = m;
            // E[g²] − E[g]² is >= 0 in exact arithmetic; the clamp keeps float32 rounding from
            // producing a NaN root when the gradients are (nearly) constant.
            meanSquare = tf.relu(tf.sub(v, tf.square(m)));
          }
          updates[name] = tf.div(g, tf.add(tf.sqrt(meanSquare), eps));
        }
        return { updates, state: centered ? { nu, mu } : { nu } };
      });
    },
  );
}

/** Options of {@link scaleByAdagrad}. */
export interface ScaleByAdagradOptions {
  /** Initial value of the sums of squared gradients, >= 0; default `0` (PyTorch's; Optax uses 0.1). */
  initialAccumulatorValue?: number;
  /** Added to the root of the sum (outside the square root, as PyTorch), > 0; default `1e-10`. */
  eps?: number;
  /**
   * PyTorch's `lr_decay`: the t-th update is further divided by `1 + (t − 1)·lrDecay`, counted by
   * this transformation's own steps; >= 0, default `0`.
   */
  lrDecay?: number;
}

/** The state of {@link scaleByAdagrad}. */
export type ScaleByAdagradState = {
  /** Updates made so far (for `lrDecay`). */
  readonly count: number;
  /** Sums of squared gradients by parameter. */
  readonly sum: TensorMap;
};

/**
 * Scale updates by Adagrad's rule (Duchi et al. 2011): `g / (√Σg² + eps)`, with PyTorch's
 * placement of eps (outside the root), its initial accumulator and its `lrDecay`, so that
 * `adagrad` matches `torch.optim.Adagrad`.
 *
 * @param options - see {@link ScaleByAdagradOptions}.
 * @returns the transformation; state {@link ScaleByAdagradState}; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for eps <= 0 or a negative initial value or decay.
 * @example
 * ```ts
 * const adagradLike = chain(scaleByAdagrad(), scaleByLearningRate(1e-2));
 * ```
 * @see Duchi, Hazan & Singer (2011), "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization"; `torch.optim.Adagrad`; Optax's `scale_by_rss`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function scaleByAdagrad(options?: ScaleByAdagradOptions): GradientTransformation<ScaleByAdagradState> {
  const fn = 'scaleByAdagrad';
  checkOptions(fn, options, { initialAccumulatorValue: nonNegative(), eps: positive(), lrDecay: nonNegative() });
  const initialAccumulatorValue = options?.initialAccumulatorValue ?? 0;
  const eps = options?.eps ?? 1e-10;
  const lrDecay = options?.lrDecay ?? 0;
  return makeTransform<ScaleByAdagradState>(
    { name: fn, options: { initialAccumulatorValue, eps, lrDecay } },
    (params) =>
      tidyInit(() => ({
        count: 0,
        sum: perParam(params, (p) => (initialAccumulatorValue === 0 ? tf.zerosLike(p) : tf.fill(p.shape, initialAccumulatorValue))),
      })),
    (grads, state) => {
      checkTensorMap(fn, 'grads', grads);
      checkState(fn, state);
      const decayFactor = 1 / (1 + state.count * lrDecay);
      return tidyResult(() => {
        const updates: TensorRecord = {};
        const sum: TensorRecord = { ...state.sum };
        for (const [name, g] of Object.entries(grads)) {
          const s = tf.add(stateOf(fn, state.sum, name, 'sum of squares'), tf.square(g));
          sum[name] = s;
          const u = tf.div(g, tf.add(tf.sqrt(s), eps));
          updates[name] = lrDecay === 0 ? u : tf.mul(u, decayFactor);
        }
        return { updates, state: { count: state.count + 1, sum } };
      });
    },
  );
}

/** Options of {@link scaleByAdadelta}. */
export interface ScaleByAdadeltaOptions {
  /** Decay of both running averages (ρ), in [0, 1); default `0.9`. */
  rho?: number;
  /** Added inside both square roots, > 0; default `1e-6`. */
  eps?: number;
}

/** The state of {@link scaleByAdadelta}. */
export type ScaleByAdadeltaState = {
  /** Running averages of squared gradients by parameter. */
  readonly nu: TensorMap;
  /** Running averages of squared updates by parameter. */
  readonly delta: TensorMap;
};

/**
 * Scale updates by Adadelta (Zeiler 2012): `Δ = √(E[Δ²] + eps) / √(E[g²] + eps) · g`, the ratio of
 * the RMS of past updates to the RMS of gradients, so that units match without a global rate
 * (PyTorch still multiplies by `lr`, default 1).
 *
 * @param options - see {@link ScaleByAdadeltaOptions}.
 * @returns the transformation; state {@link ScaleByAdadeltaState}; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for ρ outside [0, 1) or eps <= 0.
 * @example
 * ```ts
 * const adadeltaLike = chain(scaleByAdadelta({ rho: 0.95 }), scaleByLearningRate(1));
 * ```
 * @see Zeiler (2012), "ADADELTA: An Adaptive Learning Rate Method"; `torch.optim.Adadelta`;
 * Optax's `scale_by_adadelta`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function scaleByAdadelta(options?: ScaleByAdadeltaOptions): GradientTransformation<ScaleByAdadeltaState> {
  const fn = 'scaleByAdadelta';
  checkOptions(fn, options, { rho: beta(), eps: positive() });
  const rho = options?.rho ?? 0.9;
  const eps = options?.eps ?? 1e-6;
  return makeTransform<ScaleByAdadeltaState>(
    { name: fn, options: { rho, eps } },
    (params) => tidyInit(() => ({ nu: perParam(params, (p) => tf.zerosLike(p)), delta: perParam(params, (p) => tf.zerosLike(p)) })),
    (grads, state) => {
      checkTensorMap(fn, 'grads', grads);
      checkState(fn, state);
      return tidyResult(() => {
        const updates: TensorRecord = {};
        const nu: TensorRecord = { ...state.nu };
        const delta: TensorRecord = { ...state.delta };
        for (const [name, g] of Object.entries(grads)) {
          const v = tf.add(tf.mul(stateOf(fn, state.nu, name, 'mean square gradient'), rho), tf.mul(tf.square(g), 1 - rho));
          const acc = stateOf(fn, state.delta, name, 'mean square update');
          const d = tf.mul(tf.div(tf.sqrt(tf.add(acc, eps)), tf.sqrt(tf.add(v, eps))), g);
          nu[name] = v;
          delta[name] = tf.add(tf.mul(acc, rho), tf.mul(tf.square(d), 1 - rho));
          updates[name] = d;
        }
        return { updates, state: { nu, delta } };
      });
    },
  );
}

/** Options of {@link scaleByLion}. */
export interface ScaleByLionOptions {
  /** Interpolation between momentum and gradient for the update's sign (β₁), in [0, 1); default `0.9`. */
  b1?: number;
  /** Decay of the momentum (β₂), in [0, 1); default `0.99`. */
  b2?: number;
}

/** The state of {@link scaleByLion}. */
export type ScaleByLionState = {
  /** Momentum by parameter. */
  readonly mu: TensorMap;
};

/**
 * Scale updates by Lion (Chen et al. 2023), the sign of an interpolation of momentum and
 * gradient: `update = sign(β₁·m + (1 − β₁)·g)`, then `m ← β₂·m + (1 − β₂)·g`. Every coordinate
 * moves by exactly ±1 (or 0) before the learning rate, so Lion wants a rate 3–10× smaller than
 * AdamW's.
 *
 * @param options - see {@link ScaleByLionOptions}.
 * @returns the transformation; state {@link ScaleByLionState}; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for β outside [0, 1).
 * @example
 * ```ts
 * const lionLike = chain(scaleByLion(), addDecayedWeights(1), scaleByLearningRate(1e-4));
 * ```
 * @see Chen et al. (2023), "Symbolic Discovery of Optimization Algorithms", Algorithm 2; Optax's
 * `scale_by_lion`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function scaleByLion(options?: ScaleByLionOptions): GradientTransformation<ScaleByLionState> {
  const fn = 'scaleByLion';
  checkOptions(fn, options, { b1: beta(), b2: beta() });
  const b1 = options?.b1 ?? 0.9;
  const b2 = options?.b2 ?? 0.99;
  return makeTransform<ScaleByLionState>(
    { name: fn, options: { b1, b2 } },
    (params) => tidyInit(() => ({ mu: perParam(params, (p) => tf.zerosLike(p)) })),
    (grads, state) => {
      checkTensorMap(fn, 'grads', grads);
      checkState(fn, state);
      return tidyResult(() => {
        const updates: TensorRecord = {};
        const mu: TensorRecord = { ...state.mu };
        for (const [name, g] of Object.entries(grads)) {
          const m = stateOf(fn, state.mu, name, 'momentum');
          updates[name] = tf.sign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
          mu[name] = tf.add(tf.mul(m, b2), tf.mul(g, 1 - b2));
        }
        return { updates, state: { mu } };
      });
    },
  );
}
