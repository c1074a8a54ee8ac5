import * as tf from '@tensorflow/tfjs-core';
import { checkOptions, invalidOption, is } from '../core/validate.js';
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

/** Options of {@link scaleByAdam}. */
export interface ScaleByAdamOptions {
  /** Decay of the first-moment average (β₁), in [0, 1); default `0.9`. */
  b1?: number;
  /** Decay of the second-moment average (β₂), in [0, 1); default `0.999`. */
  b2?: number;
  /** Added to the root of the second moment (outside the square root), > 0; default `1e-8`. */
  eps?: number;
  /** Added to the bias-corrected second moment inside the square root, >= 0; default `0`. */
  epsRoot?: number;
  /**
   * AMSGrad (Reddi et al. 2018): divide by the running maximum of the second moment. As in
   * PyTorch, the maximum is taken over the raw average and then bias-corrected (Optax takes it over
   * the bias-corrected average). Default `false`.
   */
  amsgrad?: boolean;
  /**
   * Nesterov momentum, i.e. NAdam (Dozat 2016): the update mixes the current gradient and the next
   * step's momentum. Default `false`.
   */
  nesterov?: boolean;
  /**
   * NAdam's momentum schedule ψ: with it, the momentum coefficient warms up as
   * μ_t = β₁·(1 − ½·0.96^(t·ψ)) (Dozat 2016, PyTorch's `momentum_decay`, whose default is 0.004);
   * without it, μ_t = β₁ throughout (Optax's and Keras's NAdam). Only with `nesterov: true`; >= 0.
   */
  momentumDecay?: number;
}

/** The state of {@link scaleByAdam}. */
export type ScaleByAdamState = {
  /** Updates made so far (the t of bias correction). */
  readonly count: number;
  /** NAdam only: the product μ₁·…·μ_t of the momentum coefficients so far. */
  readonly muProduct?: number;
  /** First-moment averages by parameter. */
  readonly mu: TensorMap;
  /** Second-moment averages by parameter. */
  readonly nu: TensorMap;
  /** AMSGrad only: running maxima of `nu` by parameter. */
  readonly nuMax?: TensorMap;
};

/**
 * Scale updates by Adam's rule (Kingma & Ba 2015): bias-corrected first moment over the root of the
 * bias-corrected second moment, `m̂ / (√(v̂ + epsRoot) + eps)`; with `amsgrad` (Reddi et al. 2018)
 * and with Nesterov momentum (NAdam, Dozat 2016). Follows PyTorch's arithmetic (eps outside the
 * root, AMSGrad's maximum over the raw average), so that `adam`, `adamw` and `nadam` match
 * `torch.optim` step for step. Combine with {@link scaleByLearningRate}.
 *
 * @param options - see {@link ScaleByAdamOptions}.
 * @returns the transformation; state {@link ScaleByAdamState}; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for β outside [0, 1), eps <= 0, a negative
 * `epsRoot` or `momentumDecay`, or `momentumDecay` without `nesterov`.
 * @example
 * ```ts
 * const adamLike = chain(scaleByAdam({ b2: 0.99 }), scaleByLearningRate(1e-3));
 * ```
 * @see Kingma & Ba (2015), "Adam: A Method for Stochastic Optimization"; Dozat (2016),
 * "Incorporating Nesterov Momentum into Adam"; Optax's `scale_by_adam`; `torch.optim.Adam` / `NAdam`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function scaleByAdam(options?: ScaleByAdamOptions): GradientTransformation<ScaleByAdamState> {
  const fn = 'scaleByAdam';
  checkOptions(fn, options, {
    b1: beta(),
    b2: beta(),
    eps: positive(),
    epsRoot: nonNegative(),
    amsgrad: is.boolean(),
    nesterov: is.boolean(),
    momentumDecay: nonNegative(),
  });
  const b1 = options?.b1 ?? 0.9;
  const b2 = options?.b2 ?? 0.999;
  const eps = options?.eps ?? 1e-8;
  const epsRoot = options?.epsRoot ?? 0;
  const amsgrad = options?.amsgrad ?? false;
  const nesterov = options?.nesterov ?? false;
  const momentumDecay = options?.momentumDecay;
  if (momentumDecay !== undefined && !nesterov) {
    throw invalidOption(fn, 'momentumDecay', 'left out', momentumDecay, 'it is NAdam\'s momentum schedule and needs nesterov: true');
  }
  // μ_t of NAdam (t counts from 1).
  const muAt = (t: number): number => (momentumDecay === undefined ? b1 : b1 * (1 - 0.5 * 0.96 ** (t * momentumDecay)));
  const config = { name: fn, options: { b1, b2, eps, epsRoot, amsgrad, nesterov, ...(momentumDecay === undefined ? {} : { momentumDecay }) } };

  return makeTransform<ScaleByAdamState>(
    config,
    (params) =>
      tidyInit(() => ({
        count: 0,
        ...(nesterov ? { muProduct: 1 } : {}),
        mu: perParam(params, (p) => tf.zerosLike(p)),
        nu: perParam(params, (p) => tf.zerosLike(p)),
        ...(amsgrad ? { nuMax: perParam(params, (p) => tf.zerosLike(p)) } : {}),
      })),
    (grads, state) => {
      checkTensorMap(fn, 'grads', grads);
      checkState(fn, state);
      const t = state.count + 1;
      const bc1 = 1 - b1 ** t;
      const bc2 = 1 - b2 ** t;
      let muProduct: number | undefined;
      let gradCoef = 0;
      let momentCoef = 0;
      if (nesterov) {
        const mu = muAt(t);
        const muNext = muAt(t + 1);
        muProduct = (state.muProduct ?? 1) * mu;
        gradCoef = (1 - mu) / (1 - muProduct);
        momentCoef = muNext / (1 - muProduct * muNext);
      }
      return tidyResult(() => {
        const updates: TensorRecord = {};
        const mu: TensorRecord = { ...state.mu };
        const nu: TensorRecord = { ...state.nu };
        const nuMax: TensorRecord = { ...state.nuMax };
        for (const [name, g] of Object.entries(grads)) {
          const m = tf.add(tf.mul(stateOf(fn, state.mu, name, 'first moment'), b1), tf.mul(g, 1 - b1));
          const v = tf.add(tf.mul(stateOf(fn, state.nu, name, 'second moment'), b2), tf.mul(tf.square(g), 1 - b2));
          mu[name] = m;
          nu[name] = v;
          let second = v;
          if (amsgrad) {
            second = tf.maximum(stateOf(fn, state.nuMax, name, 'AMSGrad maximum'), v);
            nuMax[name] = second;
          }
          if (nesterov) {
            const denom = epsRoot === 0 ? tf.add(tf.mul(tf.sqrt(second), 1 / Math.sqrt(bc2)), eps) : tf.add(tf.sqrt(tf.add(tf.div(second, bc2), epsRoot)), eps);
            updates[name] = tf.div(tf.add(tf.mul(g, gradCoef), tf.mul(m, momentCoef)), denom);
          } else if (epsRoot === 0) {
            // m̂ / (√v̂ + eps) = m / (√v · bc1/√bc2 + eps · bc1): the bias corrections folded into
            // the denominator save two full-size operations per parameter.
            updates[name] = tf.div(m, tf.add(tf.mul(tf.sqrt(second), bc1 / Math.sqrt(bc2)), eps * bc1));
          } else {
            updates[name] = tf.div(m, tf.mul(tf.add(tf.sqrt(tf.add(tf.div(second, bc2), epsRoot)), eps), bc1));
          }
        }
        const next: ScaleByAdamState = {
          count: t,
          ...(muProduct === undefined ? {} : { muProduct }),
          mu,
          nu,
          ...(amsgrad ? { nuMax } : {}),
        };
        return { updates, state: next };
      });
    },
  );
}

/** Options of {@link scaleByAdamax}. */
export interface ScaleByAdamaxOptions {
  /** Decay of the first-moment average (β₁), in [0, 1); default `0.9`. */
  b1?: number;
  /** Decay of the infinity-norm estimate (β₂), in [0, 1); default `0.999`. */
  b2?: number;
  /** Added to |g| before the maximum (PyTorch's placement), > 0; default `1e-8`. */
  eps?: number;
}

/** The state of {@link scaleByAdamax}. */
export type ScaleByAdamaxState = {
  /** Updates made so far (for the first moment's bias correction). */
  readonly count: number;
  /** First-moment averages by parameter. */
  readonly mu: TensorMap;
  /** Exponentially weighted infinity norms by parameter. */
  readonly nu: TensorMap;
};

/**
 * Scale updates by Adamax, Adam's infinity-norm variant (Kingma & Ba 2015, §7.1):
 * `u_t = max(β₂·u_{t−1}, |g| + eps)`, update `m̂ / u_t`. eps sits inside the maximum as in PyTorch
 * (Optax adds it to the denominator instead).
 *
 * @param options - see {@link ScaleByAdamaxOptions}.
 * @returns the transformation; state {@link ScaleByAdamaxState}; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for β outside [0, 1) or eps <= 0.
 * @example
 * ```ts
 * const adamaxLike = chain(scaleByAdamax(), scaleByLearningRate(2e-3));
 * ```
 * @see Kingma & Ba (2015), "Adam: A Method for Stochastic Optimization", §7.1; `torch.optim.Adamax`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function scaleByAdamax(options?: ScaleByAdamaxOptions): GradientTransformation<ScaleByAdamaxState> {
  const fn = 'scaleByAdamax';
  checkOptions(fn, options, { b1: beta(), b2: beta(), eps: positive() });
  const b1 = options?.b1 ?? 0.9;
  const b2 = options?.b2 ?? 0.999;
  const eps = options?.eps ?? 1e-8;
  return makeTransform<ScaleByAdamaxState>(
    { name: fn, options: { b1, b2, eps } },
    (params) => tidyInit(() => ({ count: 0, mu: perParam(params, (p) => tf.zerosLike(p)), nu: perParam(params, (p) => tf.zerosLike(p)) })),
    (grads, state) => {
      checkTensorMap(fn, 'grads', grads);
      checkState(fn, state);
      const t = state.count + 1;
      const bc1 = 1 - b1 ** t;
      return tidyResult(() => {
        const updates: TensorRecord = {};
        const mu: TensorRecord = { ...state.mu };
        const nu: TensorRecord = { ...state.nu };
        for (const [name, g] of Object.entries(grads)) {
          const m = tf.add(tf.mul(stateOf(fn, state.mu, name, 'first moment'), b1), tf.mul(g, 1 - b1));
          const u = tf.maximum(tf.mul(stateOf(fn, state.nu, name, 'infinity norm'), b2), tf.add(tf.abs(g), eps));
          mu[name] = m;
          nu[name] = u;
          updates[name] = tf.div(m, tf.mul(u, bc1));
        }
        return { updates, state: { count: t, mu, nu } };
      });
    },
  );
}

/** Options of {@link scaleByRadam}. */
export interface ScaleByRadamOptions {
  /** Decay of the first-moment average (β₁), in [0, 1); default `0.9`. */
  b1?: number;
  /** Decay of the second-moment average (β₂), in [0, 1); default `0.999`. */
  b2?: number;
  /** Added to √v (PyTorch's placement, before the bias correction), > 0; default `1e-8`. */
  eps?: number;
  /**
   * The rectification applies once the length of the approximated simple moving average ρ_t
   * exceeds this, >= 4 (where the rectification term is defined); default `5` as in PyTorch and
   * the paper's implementation.
   */
  threshold?: number;
}

/** The state of {@link scaleByRadam}. */
export type ScaleByRadamState = {
  /** Updates made so far. */
  readonly count: number;
  /** First-moment averages by parameter. */
  readonly mu: TensorMap;
  /** Second-moment averages by parameter. */
  readonly nu: TensorMap;
};

/**
 * Scale updates by Rectified Adam (Liu et al. 2020): while the variance of the adaptive rate is
 * intractable (ρ_t <= threshold) the update is plain bias-corrected momentum `m̂`; afterwards it is
 * `m̂ · r_t · √(1 − β₂^t) / (√v + eps)` with the rectification term r_t. Follows PyTorch 1.13's
 * `RAdam` exactly (strict `>` threshold, eps added before the bias correction; Optax adds eps to
 * √v̂).
 *
 * @param options - see {@link ScaleByRadamOptions}.
 * @returns the transformation; state {@link ScaleByRadamState}; its updates are new tensors.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for β outside [0, 1), eps <= 0 or a
 * threshold below 4.
 * @example
 * ```ts
 * const radamLike = chain(scaleByRadam(), scaleByLearningRate(1e-3));
 * ```
 * @see Liu et al. (2020), "On the Variance of the Adaptive Learning Rate and Beyond"; `torch.optim.RAdam`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function scaleByRadam(options?: ScaleByRadamOptions): GradientTransformation<ScaleByRadamState> {
  const fn = 'scaleByRadam';
  checkOptions(fn, options, { b1: beta(), b2: beta(), eps: positive(), threshold: is.number({ min: 4 }) });
  const b1 = options?.b1 ?? 0.9;
  const b2 = options?.b2 ?? 0.999;
  const eps = options?.eps ?? 1e-8;
  const threshold = options?.threshold ?? 5;
  const rhoInf = 2 / (1 - b2) - 1;
  return makeTransform<ScaleByRadamState>(
    { name: fn, options: { b1, b2, eps, threshold } },
    (params) => tidyInit(() => ({ count: 0, mu: perParam(params, (p) => tf.zerosLike(p)), nu: perParam(params, (p) => tf.zerosLike(p)) })),
    (grads, state) => {
      checkTensorMap(fn, 'grads', grads);
      checkState(fn, state);
      const t = state.count + 1;
      const bc1 = 1 - b1 ** t;
      const bc2 = 1 - b2 ** t;
      const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
      const rectified = rhoT > threshold;
      const rect = rectified ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
      return tidyResult(() => {
        const updates: TensorRecord = {};
        const mu: TensorRecord = { ...state.mu };
        const nu: TensorRecord = { ...state.nu };
        for (const [name, g] of Object.entries(grads)) {
          const m = tf.add(tf.mul(stateOf(fn, state.mu, name, 'first moment'), b1), tf.mul(g, 1 - b1));
          const v = tf.add(tf.mul(stateOf(fn, state.nu, name, 'second moment'), b2), tf.mul(tf.square(g), 1 - b2));
          mu[name] = m;
          nu[name] = v;
          updates[name] = rectified ? tf.div(tf.mul(m, (rect * Math.sqrt(bc2)) / bc1), tf.add(tf.sqrt(v), eps)) : tf.mul(m, 1 / bc1);
        }
        return { updates, state: { count: t, mu, nu } };
      });
    },
  );
}
