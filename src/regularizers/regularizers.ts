// Weight penalties as tfjs-layers Regularizer subclasses (saved and loaded with a model) that
// also work as plain `penalty(weights)` functions in custom training loops.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerOnce } from '../core/_internal/serialization.js';
import { checkArgument, checkOptions, invalidArgument, is, type Constraint } from '../core/validate.js';

type TflRegularizer = ReturnType<typeof tfl.regularizers.l1>;
// tfjs-layers does not export its Regularizer base class as a value and recognises regularizers
// with `instanceof`, so take that very class from the prototype chain of its own L1L2 (building
// one is pure: no registration, no tensor).
/* @__NO_SIDE_EFFECTS__ */
function baseClass(): abstract new () => TflRegularizer {
  return Object.getPrototypeOf(tfl.regularizers.l1().constructor) as abstract new () => TflRegularizer;
}
const RegularizerBase = /* @__PURE__ */ baseClass();

/** Options of {@link l1}. */
export interface L1Options {
  /** Factor of `Σ|w|` (default 0.01). */
  l1?: number;
}
/** Options of {@link l2}. */
export interface L2Options {
  /** Factor of `Σw²` (default 0.01). */
  l2?: number;
}
/** Options of {@link l1l2}. */
export interface L1L2Options {
  /** Factor of `Σ|w|` (default 0.01). */
  l1?: number;
  /** Factor of `Σw²` (default 0.01). */
  l2?: number;
}
/** Options of {@link orthogonalRegularizer}. */
export interface OrthogonalRegularizerOptions {
  /** Factor of the penalty (default 0.01). */
  factor?: number;
  /**
   * `'rows'` (default, as Keras) penalises `‖W Wᵀ − I‖²_F`, the rows of the kernel flattened to
   * 2-D; `'columns'` penalises `‖Wᵀ W − I‖²_F` (the output units' weight vectors).
   */
  mode?: 'rows' | 'columns';
}

const FACTOR = is.number({ min: 0 });

/**
 * The base class of whetstone's regularizers: a `tfl.regularizers.Regularizer` (for
 * `kernelRegularizer`, `biasRegularizer`, …; tfjs-layers itself does not run activity
 * regularizers yet) with a validated {@link WhetstoneRegularizer.penalty} for custom loops.
 */
export abstract class WhetstoneRegularizer extends RegularizerBase {
  /** The validated options, saved by `getConfig`. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly #fn: string;

  /**
   * Rebuild from a saved config (what tfjs's loader calls): drops the `customObjects` entry tfjs
   * adds and the nulls it writes for absent values, then validates as the factory does.
   *
   * @param cls - the class to build.
   * @param config - the saved config.
   * @returns a new instance.
   */
  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const clean = Object.fromEntries(Object.entries(config).filter(([k, v]) => k !== 'customObjects' && v !== null));
    return new cls(clean);
  }

  /** Validate the options of factory `fn` against `spec`. */
  protected constructor(fn: string, options: unknown, spec: Readonly<Record<string, Constraint>>) {
    super();
    checkOptions(fn, options, spec);
    this.#fn = fn;
    this.options = Object.freeze(Object.fromEntries(Object.entries((options ?? {}) as object).filter(([, v]) => v !== undefined)));
  }

  /**
   * The penalty of a weight tensor, for custom loops: add it to the loss inside the function you
   * differentiate.
   *
   * @param weights - a float tensor (a kernel, a bias, an activation).
   * @returns a new scalar owned by the caller (inside `tf.tidy` it is tracked as usual).
   * @throws {@link "whetstone/core"!InvalidArgumentError} for something that is not a tensor (or,
   *   for the orthogonal penalty, a tensor of rank < 2).
   */
  penalty(weights: tf.Tensor): tf.Scalar {
    checkArgument(`${this.#fn}.penalty`, 'weights', weights, is.tensor());
    this.checkWeights(`${this.#fn}.penalty`, weights);
    return tf.tidy(() => this.compute(weights));
  }

  /** What tfjs-layers calls when it adds the penalty to the loss; same as {@link penalty}. */
  override apply(x: tf.Tensor): tf.Scalar {
    return this.penalty(x);
  }

  /** The config tfjs saves in `model.json` (the options). */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...(this.options as tf.serialization.ConfigDict) };
  }

  /** Extra checks of a subclass. */
  protected checkWeights(_fn: string, _x: tf.Tensor): void {}

  /** The penalty (called inside tf.tidy). */
  protected abstract compute(x: tf.Tensor): tf.Scalar;
}

/** `l1 · Σ|w|` (see {@link l1}). */
export class L1 extends WhetstoneRegularizer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.L1';
  }
  /** @param options - see {@link L1Options}. */
  constructor(options?: L1Options) {
    super('l1', options, { l1: FACTOR });
  }
  protected compute(x: tf.Tensor): tf.Scalar {
    return tf.mul((this.options.l1 as number | undefined) ?? 0.01, tf.sum(tf.abs(x)));
  }
}

/** `l2 · Σw²` (see {@link l2}). */
export class L2 extends WhetstoneRegularizer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.L2';
  }
  /** @param options - see {@link L2Options}. */
  constructor(options?: L2Options) {
    super('l2', options, { l2: FACTOR });
  }
  protected compute(x: tf.Tensor): tf.Scalar {
    return tf.mul((this.options.l2 as number | undefined) ?? 0.01, tf.sum(tf.square(x)));
  }
}

/** `l1 · Σ|w| + l2 · Σw²` (see {@link l1l2}). */
export class L1L2 extends WhetstoneRegularizer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.L1L2';
  }
  /** @param options - see {@link L1L2Options}. */
  constructor(options?: L1L2Options) {
    super('l1l2', options, { l1: FACTOR, l2: FACTOR });
  }
  protected compute(x: tf.Tensor): tf.Scalar {
    const a = (this.options.l1 as number | undefined) ?? 0.01;
    const b = (this.options.l2 as number | undefined) ?? 0.01;
    return tf.add(tf.mul(a, tf.sum(tf.abs(x))), tf.mul(b, tf.sum(tf.square(x))));
  }
}

/** Soft orthogonality (see {@link orthogonalRegularizer}). */
export class OrthogonalRegularizer extends WhetstoneRegularizer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.OrthogonalRegularizer';
  }
  /** @param options - see {@link OrthogonalRegularizerOptions}. */
  constructor(options?: OrthogonalRegularizerOptions) {
    super('orthogonalRegularizer', options, { factor: FACTOR, mode: is.oneOf(['rows', 'columns'] as const) });
  }
  protected override checkWeights(fn: string, x: tf.Tensor): void {
    if (x.rank < 2) throw invalidArgument(fn, 'weights', 'a tensor of rank >= 2', x, 'orthogonality is defined for matrices');
  }
  protected compute(x: tf.Tensor): tf.Scalar {
    const cols = x.shape[x.rank - 1]!;
    const w = tf.reshape(x, [x.size / Math.max(1, cols), cols]) as tf.Tensor2D;
    const rows = (this.options.mode ?? 'rows') === 'rows';
    const gram = rows ? tf.matMul(w, w, false, true) : tf.matMul(w, w, true, false);
    const diff = tf.sub(gram, tf.eye(gram.shape[0]));
    return tf.mul((this.options.factor as number | undefined) ?? 0.01, tf.sum(tf.square(diff)));
  }
}

const registerClasses = /* @__PURE__ */ registerOnce([L1, L2, L1L2, OrthogonalRegularizer]);

/**
 * Register whetstone's regularizer classes with tfjs's serialization registry, so that
 * `tfl.loadLayersModel` can rebuild a model whose layers use them. Every factory of this module
 * does it on its first call; in a fresh process that loads a model before making any, call this
 * first. Calling it again does nothing (nothing is registered at import time).
 *
 * @example
 * ```ts
 * import { registerRegularizers } from 'whetstone/regularizers';
 * registerRegularizers();
 * const model = await tfl.loadLayersModel('file://model/model.json');
 * ```
 * @see https://js.tensorflow.org/api/latest/#serialization.registerClass
 */
export function registerRegularizers(): void {
  registerClasses();
}

/**
 * L1 penalty `l1 · Σ|w|` (Keras semantics, no averaging).
 *
 * @param options - see {@link L1Options}.
 * @returns a regularizer for tfjs-layers configs, with `penalty(weights)` for custom loops.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative or non-finite factor, or an unknown option.
 * @example
 * ```ts
 * tfl.layers.dense({ units: 8, kernelRegularizer: l1({ l1: 1e-4 }) });
 * ```
 * @see https://keras.io/api/layers/regularizers/#l1-class
 */
export function l1(options?: L1Options): L1 {
  registerRegularizers();
  return new L1(options);
}

/**
 * L2 penalty `l2 · Σw²` (Keras semantics: no ½ factor).
 *
 * @param options - see {@link L2Options}.
 * @returns a regularizer for tfjs-layers configs, with `penalty(weights)` for custom loops.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative or non-finite factor, or an unknown option.
 * @example
 * ```ts
 * const loss = tf.add(dataLoss, l2({ l2: 1e-4 }).penalty(kernel));
 * ```
 * @see https://keras.io/api/layers/regularizers/#l2-class
 */
export function l2(options?: L2Options): L2 {
  registerRegularizers();
  return new L2(options);
}

/**
 * Elastic-net penalty `l1 · Σ|w| + l2 · Σw²`.
 *
 * @param options - see {@link L1L2Options} (both 0.01 by default, as tfjs's `l1l2` and Keras's `l1_l2`).
 * @returns a regularizer for tfjs-layers configs, with `penalty(weights)` for custom loops.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a negative or non-finite factor, or an unknown option.
 * @example
 * ```ts
 * tfl.layers.dense({ units: 8, kernelRegularizer: l1l2({ l1: 1e-5, l2: 1e-4 }) });
 * ```
 * @see https://keras.io/api/layers/regularizers/#l1l2-class
 */
export function l1l2(options?: L1L2Options): L1L2 {
  registerRegularizers();
  return new L1L2(options);
}

/**
 * Soft orthogonality penalty `factor · ‖W Wᵀ − I‖²_F` (mode `'rows'`) or `factor · ‖Wᵀ W − I‖²_F`
 * (mode `'columns'`), the kernel flattened to `prod(shape[:-1]) × shape[-1]`. This is the
 * literature's soft orthogonality (SO) penalty, not Keras's `OrthogonalRegularizer`, which
 * normalises the rows/columns first and averages the absolute off-diagonal dot products: ours also
 * pulls the norms to 1, and is 0 exactly when the rows (columns) are orthonormal.
 *
 * @param options - see {@link OrthogonalRegularizerOptions}.
 * @returns a regularizer for tfjs-layers configs, with `penalty(weights)` for custom loops
 *   (weights of rank ≥ 2).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
 * @example
 * ```ts
 * tfl.layers.dense({ units: 32, kernelRegularizer: orthogonalRegularizer({ factor: 1e-3, mode: 'columns' }) });
 * ```
 * @see Bansal, Chen & Wang (2018), "Can We Gain More from Orthogonality Regularizations in Training
 *   Deep CNNs?" (SO); Brock et al. (2017), "Neural Photo Editing with Introspective Adversarial Networks".
 */
export function orthogonalRegularizer(options?: OrthogonalRegularizerOptions): OrthogonalRegularizer {
  registerRegularizers();
  return new OrthogonalRegularizer(options);
}
