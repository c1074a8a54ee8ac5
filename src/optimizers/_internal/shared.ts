// Helpers shared by the gradient transformations: option constraints, per-parameter state access
// with useful errors, learning-rate evaluation, parameter masks and the tidy wrapper every update
// runs in.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { InvalidArgumentError, WhetstoneError } from '../../core/errors.js';
import { isTensor } from '../../core/tensor.js';
import { checkArgument, formatValue, invalidArgument, is } from '../../core/validate.js';
import type { Constraint } from '../../core/validate.js';
import { isSchedule, type Schedule, type ScheduleConfig, type ScalarOrSchedule } from '../../schedules/types.js';
import { deepFreeze } from '../../core/freeze.js';
import type { GradientTransformation, TensorMap, TransformConfig, TransformResult, TransformState } from '../types.js';

/** A mutable tensor record, as transformations build their updates and per-parameter state. */
export type TensorRecord = { [name: string]: Tensor };

/** β-like coefficients: an exponential-average decay in [0, 1). */
export const beta = (): Constraint<number> => is.number({ min: 0, max: 1, maxExclusive: true });
/** A strictly positive finite number (eps, clipping thresholds). */
export const positive = (): Constraint<number> => is.number({ min: 0, minExclusive: true });
/** A finite number >= 0 (weight decays, initial accumulators). */
export const nonNegative = (): Constraint<number> => is.number({ min: 0 });

/** A learning rate: a finite number >= 0 or a {@link Schedule}. */
export const scalarOrSchedule = (): Constraint<ScalarOrSchedule> =>
  is.custom(
    'a finite number >= 0 or a Schedule (a function of the step with a config, as whetstone/schedules makes)',
    (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0) || isSchedule(v),
  );

/** How a learning rate appears in a config: the number, or the schedule's own config. */
export function rateConfig(v: ScalarOrSchedule): number | ScheduleConfig {
  return typeof v === 'number' ? v : v.config;
}

/**
 * The value of a learning rate at `step`. A schedule's value is checked, because a NaN or negative
 * rate would silently wreck the parameters.
 */
export function rateAt(fn: string, rate: ScalarOrSchedule, step: number): number {
  if (typeof rate === 'number') return rate;
  const value = rate(step);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(
      `${fn}: the learning-rate schedule "${rate.config.name}" returned ${formatValue(value)} at step ${step}; a learning rate must be a finite number >= 0.`,
    );
  }
  return value;
}

/** Check the `step` argument of `update`: a non-negative integer. */
export function checkStep(fn: string, step: unknown): void {
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) {
    throw invalidArgument(fn, 'step', 'an integer >= 0', step, 'the number of updates applied before this one');
  }
}

/** Whether `v` looks like a gradient transformation. */
export function isTransform(v: unknown): v is GradientTransformation {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Partial<GradientTransformation>;
  return typeof t.init === 'function' && typeof t.update === 'function' && typeof t.config === 'object' && t.config !== null;
}

/** Constraint for a transformation argument. */
export const transformConstraint = (): Constraint<GradientTransformation> =>
  is.custom('a GradientTransformation (an object with config, init and update)', isTransform);

/** Check that `params` / `grads` is a record of tensors. */
export function checkTensorMap(fn: string, argument: string, value: unknown): asserts value is TensorMap {
  checkArgument(
    fn,
    argument,
    value,
    is.custom('an object of tensors by parameter name', (v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || isTensor(v)) return false;
      return Object.values(v).every(isTensor);
    }),
  );
}

/** A parameter's entry in a per-parameter state map; a clear error when `init` never saw it. */
export function stateOf(fn: string, map: TensorMap | undefined, name: string, what: string): Tensor {
  const t = map?.[name];
  if (t === undefined) {
    throw new InvalidArgumentError(
      `${fn}: the state has no ${what} for parameter "${name}"; make the state with init() for the same parameters as the gradients.`,
    );
  }
  return t;
}

/** The current value of a parameter; a clear error when the caller did not pass it. */
export function paramOf(fn: string, params: TensorMap | undefined, name: string): Tensor {
  const t = params?.[name];
  if (t === undefined) {
    throw new InvalidArgumentError(`${fn}: update needs the current value of parameter "${name}" in argument "params"; got none.`);
  }
  return t;
}

/** Check that a state is an object (the shape every transformation but chain uses). */
export function checkState(fn: string, state: unknown): void {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw invalidArgument(fn, 'state', 'the state object this transformation\'s init() made', state);
  }
}

/**
 * Run an `update` body in `tf.tidy` so that intermediates are freed even when the caller did not
 * open a scope; tensors in the result (new ones and those passed through) survive.
 */
export function tidyResult<S>(body: () => TransformResult<S>): TransformResult<S> {
  return tf.tidy(() => body() as unknown as tf.TensorContainer) as unknown as TransformResult<S>;
}

/**
 * Run a composite's body and put the composite's name in front of a whetstone error from a member,
 * so that the message starts with the function the user called and still shows the path
 * (`adam: scaleByAdam: the state has no first moment for parameter "x"; …`).
 */
export function inContext<T>(fn: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof WhetstoneError && !error.message.startsWith(`${fn}: `)) {
      const Kind = error.constructor as new (message: string, options?: { cause?: unknown }) => WhetstoneError;
      throw new Kind(`${fn}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** Run an `init` body in `tf.tidy` (nothing half-made survives an error). */
export function tidyInit<S>(body: () => S): S {
  return tf.tidy(() => body() as unknown as tf.TensorContainer) as unknown as S;
}

/**
 * Build the transformation object, frozen with its config (a config is a value: changing it could
 * not change the transformation), with `learningRate` only when there is one.
 */
export function makeTransform<S extends TransformState>(
  config: TransformConfig,
  init: (params: TensorMap) => S,
  update: (grads: TensorMap, state: S, params: TensorMap, step: number) => TransformResult<S>,
  learningRate?: ScalarOrSchedule,
): GradientTransformation<S> {
  const frozen = deepFreeze(config);
  return Object.freeze(learningRate === undefined ? { config: frozen, init, update } : { config: frozen, learningRate, init, update });
}

/** A per-parameter map of new tensors, one per parameter, made by `make`. */
export function perParam(params: TensorMap, make: (p: Tensor) => Tensor): TensorRecord {
  const out: TensorRecord = {};
  for (const name of Object.keys(params)) out[name] = make(params[name]!);
  return out;
}

/**
 * Which parameters a mask selects: a predicate on the parameter's name, a regular expression
 * tested against the name, or a record from name to `true` / `false` (which must name every
 * parameter it is used with).
 */
export type ParameterMask = ((name: string) => boolean) | RegExp | { readonly [name: string]: boolean };

/** A mask as a config holds it (JSON): a record, a pattern, or a marker for a function. */
export type MaskConfig =
  | {
      /** A record mask: parameter name → decayed or not. */
      readonly names: { readonly [name: string]: boolean };
    }
  | {
      /** A RegExp mask's `source`. */
      readonly pattern: string;
      /** A RegExp mask's `flags`. */
      readonly flags: string;
    }
  | {
      /** A function mask's name (a function cannot be rebuilt from JSON). */
      readonly function: string;
    };

/** Constraint for a {@link ParameterMask} option. */
export const maskConstraint = (): Constraint<ParameterMask> =>
  is.anyOf(
    is.func(),
    is.custom<RegExp>('a RegExp', (v) => v instanceof RegExp),
    is.record(is.string({ nonEmpty: true }), is.boolean()),
  ) as Constraint<ParameterMask>;

/** A mask as JSON. */
export function maskToConfig(mask: ParameterMask): MaskConfig {
  if (typeof mask === 'function') return { function: mask.name };
  if (mask instanceof RegExp) return { pattern: mask.source, flags: mask.flags };
  return { names: { ...mask } };
}

/** Rebuild a mask from its config; a function mask cannot be rebuilt. */
export function maskFromConfig(fn: string, config: unknown): ParameterMask {
  if (typeof config === 'object' && config !== null) {
    const c = config as Record<string, unknown>;
    if (typeof c.pattern === 'string' && typeof c.flags === 'string') return new RegExp(c.pattern, c.flags);
    if (typeof c.names === 'object' && c.names !== null) return c.names as Record<string, boolean>;
    if ('function' in c) {
      throw new InvalidArgumentError(
        `${fn}: a mask given as a function cannot be rebuilt from a config; give the mask as a RegExp or a record of names to make the transformation serializable.`,
      );
    }
  }
  throw invalidArgument(fn, 'config', 'a mask config ({ names }, { pattern, flags })', config);
}

/** The predicate behind a mask; a record that does not name a parameter is an error, not a guess. */
export function maskPredicate(fn: string, mask: ParameterMask | undefined): (name: string) => boolean {
  if (mask === undefined) return () => true;
  if (typeof mask === 'function') {
    return (name) => {
      const v = mask(name);
      if (typeof v !== 'boolean') throw new InvalidArgumentError(`${fn}: option "mask" must return a boolean; got ${formatValue(v)} for "${name}".`);
      return v;
    };
  }
  if (mask instanceof RegExp) {
    // A global or sticky RegExp keeps `lastIndex` between calls; test on a stateless copy.
    const re = new RegExp(mask.source, mask.flags.replace(/[gy]/g, ''));
    return (name) => re.test(name);
  }
  return (name) => {
    const v = mask[name];
    if (v === undefined) {
      throw new InvalidArgumentError(`${fn}: option "mask" has no entry for parameter "${name}"; a record mask must name every parameter (true or false).`);
    }
    return v;
  };
}
