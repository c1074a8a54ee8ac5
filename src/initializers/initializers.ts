// Seeded initializers: tfjs-layers Initializer subclasses whose values are drawn in JavaScript
// (float64, then stored as float32), so one seed gives the same bits on every backend.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerOnce } from '../core/_internal/serialization.js';
import { InvalidArgumentError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import type { Rng } from '../core/types.js';
import { checkArgument, checkOptions, formatValue, invalidArgument, is, type Constraint } from '../core/validate.js';
import { computeFans, normal, orthogonalMatrix, sizeOf, TRUNCATION_STD, truncatedNormal as truncatedNormalDraws, uniform } from './_internal/sampling.js';

type TflInitializer = ReturnType<typeof tfl.initializers.zeros>;
// tfjs-layers does not export its Initializer base class as a value, and it recognises
// initializers with `instanceof`, so the base must be that very class: take it from the prototype
// chain of one of its own initializers (building one is pure: no registration, no tensor).
/* @__NO_SIDE_EFFECTS__ */
function baseClass(): abstract new () => TflInitializer {
  return Object.getPrototypeOf(tfl.initializers.zeros().constructor) as abstract new () => TflInitializer;
}
const InitializerBase = /* @__PURE__ */ baseClass();

/** How {@link varianceScaling} picks the fan its variance is divided by. */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
/** The distribution {@link varianceScaling} draws from. */
export type VarianceDistribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

/** The `seed` option every random initializer takes. */
export interface SeedOptions {
  /**
   * Integer seed (0 included). Call `k` of `apply` on this initializer (k = 0, 1, 2, …) draws from
   * the child stream `k` of `createRng(seed)`, so one initializer shared by several layers gives
   * each its own values, and the same seed with the same sequence of calls gives the same values.
   * Without a seed, a fresh random seed is drawn (readable as `initializer.seed`).
   */
  seed?: number;
}

/** Options of {@link constant}. */
export interface ConstantOptions {
  /** The value of every element (default 0). */
  value?: number;
}
/** Options of {@link randomNormal} and {@link truncatedNormal}. */
export interface RandomNormalOptions extends SeedOptions {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation (default 0.05), before truncation for {@link truncatedNormal}. */
  stddev?: number;
}
/** Options of {@link randomUniform}. */
export interface RandomUniformOptions extends SeedOptions {
  /** Lower bound, inclusive (default -0.05). */
  minval?: number;
  /** Upper bound, exclusive (default 0.05). */
  maxval?: number;
}
/** Options of {@link varianceScaling}. */
export interface VarianceScalingOptions extends SeedOptions {
  /** Target variance before dividing by the fan (default 1). */
  scale?: number;
  /** Which fan to divide by (default `'fanIn'`). */
  mode?: FanMode;
  /** Distribution (default `'truncatedNormal'`). */
  distribution?: VarianceDistribution;
}
/** Options of {@link orthogonal}. */
export interface OrthogonalOptions extends SeedOptions {
  /** Multiplier of the orthogonal matrix (default 1). */
  gain?: number;
}

const seedSpec = { seed: is.integer() };
const SHAPE = is.arrayOf(is.integer({ min: 0 }));

/**
 * The base class of whetstone's initializers: a `tfl.initializers.Initializer`, so it goes where
 * tfjs-layers takes one (`kernelInitializer`, `biasInitializer`, …), with a `getConfig` that saves
 * its options and seed, and `sample(shape)` for the raw float64 values.
 */
export abstract class WhetstoneInitializer extends InitializerBase {
  /** The seed of the random stream (drawn at construction when none was given; `undefined` for constant initializers). */
  readonly seed: number | undefined;
  /** The options as validated (without the seed), saved by `getConfig`. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly #fn: string;
  readonly #seeded: boolean;
  readonly #explicitSeed: boolean;
  #root: Rng | undefined;
  #calls = 0;

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

  /** Validate the options of factory `fn` against `spec` (plus `seed` when `seeded`). */
  protected constructor(fn: string, options: unknown, spec: Readonly<Record<string, Constraint>>, seeded: boolean) {
    super();
    checkOptions(fn, options, seeded ? { ...spec, ...seedSpec } : spec);
    const { seed, ...rest } = (options ?? {}) as Record<string, unknown>;
    this.#fn = fn;
    this.#seeded = seeded;
    this.#explicitSeed = seed !== undefined;
    this.options = Object.freeze(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
    if (seeded) {
      this.#root = createRng(seed as number | undefined);
      this.seed = this.#root.seed as number;
    } else {
      this.seed = undefined;
    }
  }

  /**
   * The values for the next call, in float64, row-major (advances the call counter).
   *
   * @param shape - the shape of the variable, non-negative integers.
   * @returns a fresh `Float64Array` of `prod(shape)` values.
   * @throws {@link "whetstone/core"!InvalidArgumentError} for a bad shape.
   */
  sample(shape: readonly number[]): Float64Array {
    return this.#next(`${this.#fn}.sample`, shape);
  }

  #next(fn: string, shape: readonly number[]): Float64Array {
    checkArgument(fn, 'shape', shape, SHAPE);
    this.checkShape(fn, shape);
    const rng = this.#seeded ? this.#root!.child(this.#calls++) : undefined;
    return this.draw(shape, rng);
  }

  /**
   * A new tensor of the given shape (what tfjs-layers calls when it builds a layer). Each call
   * draws from the next child stream of the seed (see {@link SeedOptions.seed}).
   *
   * @param shape - the shape, non-negative integers.
   * @param dtype - `'float32'` (default); constant initializers also take `'int32'`.
   * @returns a new tensor owned by the caller.
   * @throws {@link "whetstone/core"!InvalidArgumentError} for a bad shape or dtype.
   */
  override apply(shape: readonly (number | null)[], dtype?: tf.DataType): tf.Tensor {
    const fn = `${this.#fn}.apply`;
    checkArgument(fn, 'shape', shape, SHAPE);
    const dims = shape as readonly number[];
    this.checkShape(fn, dims);
    const type = dtype ?? 'float32';
    const allowed = this.#seeded ? ['float32'] : ['float32', 'int32'];
    if (!allowed.includes(type)) throw invalidArgument(fn, 'dtype', allowed.map((d) => `'${d}'`).join(' or '), dtype);
    const values = this.#next(fn, dims);
    return tf.tensor(type === 'int32' ? Int32Array.from(values) : Float32Array.from(values), [...dims], type);
  }

  /** Restart the call counter: the next `apply` gives the values of the first one again. */
  reset(): void {
    this.#calls = 0;
  }

  /**
   * The config tfjs saves in `model.json`: the options and the seed (the drawn one when none was
   * given, so a saved model rebuilds with the same initializer).
   *
   * @returns a plain JSON object.
   */
  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...(this.options as tf.serialization.ConfigDict) };
    if (this.#seeded) config.seed = this.seed ?? null;
    return config;
  }

  /** Whether the seed was given (rather than drawn). */
  get hasExplicitSeed(): boolean {
    return this.#explicitSeed;
  }

  /** Extra shape checks of a subclass (e.g. rank ≥ 2 for orthogonal). */
  protected checkShape(_fn: string, _shape: readonly number[]): void {}

  /** Draw `prod(shape)` values; `rng` is the stream of this call (undefined for constant initializers). */
  protected abstract draw(shape: readonly number[], rng: Rng | undefined): Float64Array;
}

function fill(shape: readonly number[], value: number): Float64Array {
  return new Float64Array(sizeOf(shape)).fill(value);
}

/** All zeros (see {@link zeros}). */
export class Zeros extends WhetstoneInitializer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.Zeros';
  }
  /** @param options - none. */
  constructor(options?: Record<string, never>) {
    super('zeros', options, {}, false);
  }
  protected draw(shape: readonly number[]): Float64Array {
    return fill(shape, 0);
  }
}

/** All ones (see {@link ones}). */
export class Ones extends WhetstoneInitializer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.Ones';
  }
  /** @param options - none. */
  constructor(options?: Record<string, never>) {
    super('ones', options, {}, false);
  }
  protected draw(shape: readonly number[]): Float64Array {
    return fill(shape, 1);
  }
}

/** A constant (see {@link constant}). */
export class Constant extends WhetstoneInitializer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.Constant';
  }
  /** @param options - see {@link ConstantOptions}. */
  constructor(options?: ConstantOptions) {
    super('constant', options, { value: is.number() }, false);
  }
  protected draw(shape: readonly number[]): Float64Array {
    return fill(shape, (this.options.value as number | undefined) ?? 0);
  }
}

/** Normal draws (see {@link randomNormal}). */
export class RandomNormal extends WhetstoneInitializer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.RandomNormal';
  }
  /** @param options - see {@link RandomNormalOptions}. */
  constructor(options?: RandomNormalOptions) {
    super('randomNormal', options, { mean: is.number(), stddev: is.number({ min: 0 }) }, true);
  }
  protected draw(shape: readonly number[], rng: Rng): Float64Array {
    return normal(rng, sizeOf(shape), (this.options.mean as number | undefined) ?? 0, (this.options.stddev as number | undefined) ?? 0.05);
  }
}

/** Truncated normal draws (see {@link truncatedNormal}). */
export class TruncatedNormal extends WhetstoneInitializer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.TruncatedNormal';
  }
  /** @param options - see {@link RandomNormalOptions}. */
  constructor(options?: RandomNormalOptions) {
    super('truncatedNormal', options, { mean: is.number(), stddev: is.number({ min: 0 }) }, true);
  }
  protected draw(shape: readonly number[], rng: Rng): Float64Array {
    return truncatedNormalDraws(rng, sizeOf(shape), (this.options.mean as number | undefined) ?? 0, (this.options.stddev as number | undefined) ?? 0.05);
  }
}

/** Uniform draws (see {@link randomUniform}). */
export class RandomUniform extends WhetstoneInitializer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.RandomUniform';
  }
  /** @param options - see {@link RandomUniformOptions}. */
  constructor(options?: RandomUniformOptions) {
    super('randomUniform', options, { minval: is.number(), maxval: is.number() }, true);
    const lo = (this.options.minval as number | undefined) ?? -0.05;
    const hi = (this.options.maxval as number | undefined) ?? 0.05;
    if (!(hi >= lo)) {
      throw new InvalidArgumentError(`randomUniform: option "maxval" must be >= minval (${lo}); got ${formatValue(hi)}.`);
    }
  }
  protected draw(shape: readonly number[], rng: Rng): Float64Array {
    return uniform(rng, sizeOf(shape), (this.options.minval as number | undefined) ?? -0.05, (this.options.maxval as number | undefined) ?? 0.05);
  }
}

const VS_SPEC = {
  scale: is.number({ min: 0, minExclusive: true }),
  mode: is.oneOf(['fanIn', 'fanOut', 'fanAvg'] as const),
  distribution: is.oneOf(['truncatedNormal', 'untruncatedNormal', 'uniform'] as const),
};

/** What {@link varianceScalingParameters} returns. */
export interface VarianceScalingParameters {
  /** Fan-in: `shape[-2]` times the receptive field (`prod(shape[:-2])`); `shape[0]` for a vector, 1 for a scalar. */
  fanIn: number;
  /** Fan-out: `shape[-1]` times the receptive field; `shape[0]` for a vector, 1 for a scalar. */
  fanOut: number;
  /** Standard deviation of the normal drawn from (before truncation), for the normal distributions. */
  stddev?: number;
  /** Half-width of the uniform range, for the uniform distribution. */
  limit?: number;
}

/**
 * The standard deviation (normal) or limit (uniform) that {@link varianceScaling} uses for a
 * shape, with Keras's formulas: `s = scale / max(1, fan)`; truncated normal std
 * `sqrt(s) / 0.8796…`, untruncated std `sqrt(s)`, uniform limit `sqrt(3 s)`.
 *
 * @param shape - the variable's shape (dense `[in, out]`, conv `[...kernel, in, out]`).
 * @param options - scale, mode and distribution as in {@link VarianceScalingOptions}.
 * @returns `{ stddev }` for the normal distributions or `{ limit }` for the uniform one, and the fans.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a bad shape or options.
 * @example
 * ```ts
 * varianceScalingParameters([64, 32], { scale: 1, mode: 'fanAvg', distribution: 'uniform' }).limit; // sqrt(6 / 96)
 * ```
 * @see https://keras.io/api/layers/initializers/#variancescaling-class
 */
export function varianceScalingParameters(
  shape: readonly number[],
  options: Omit<VarianceScalingOptions, 'seed'> = {},
): VarianceScalingParameters {
  const fn = 'varianceScalingParameters';
  checkArgument(fn, 'shape', shape, SHAPE);
  checkOptions(fn, options, VS_SPEC);
  const { fanIn, fanOut } = computeFans(shape);
  const mode = options.mode ?? 'fanIn';
  const fan = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
  const s = (options.scale ?? 1) / Math.max(1, fan);
  const distribution = options.distribution ?? 'truncatedNormal';
  if (distribution === 'uniform') return { fanIn, fanOut, limit: Math.sqrt(3 * s) };
  return { fanIn, fanOut, stddev: distribution === 'truncatedNormal' ? Math.sqrt(s) / TRUNCATION_STD : Math.sqrt(s) };
}

/** Variance scaling (see {@link varianceScaling}); Glorot, He and LeCun are presets of it. */
export class VarianceScaling extends WhetstoneInitializer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.VarianceScaling';
  }
  /** @param options - see {@link VarianceScalingOptions}. */
  constructor(options?: VarianceScalingOptions, fn = 'varianceScaling') {
    super(fn, options, VS_SPEC, true);
  }
  protected draw(shape: readonly number[], rng: Rng): Float64Array {
    const p = varianceScalingParameters(shape, this.options as Omit<VarianceScalingOptions, 'seed'>);
    const n = sizeOf(shape);
    if (p.limit !== undefined) return uniform(rng, n, -p.limit, p.limit);
    return this.options.distribution === 'untruncatedNormal' ? normal(rng, n, 0, p.stddev!) : truncatedNormalDraws(rng, n, 0, p.stddev!);
  }
}

/** Orthogonal matrices (see {@link orthogonal}). */
export class Orthogonal extends WhetstoneInitializer {
  /** The name tfjs's serialization registry knows this class by. */
  static get className(): string {
    return 'whetstone.Orthogonal';
  }
  /** @param options - see {@link OrthogonalOptions}. */
  constructor(options?: OrthogonalOptions) {
    super('orthogonal', options, { gain: is.number() }, true);
  }
  protected override checkShape(fn: string, shape: readonly number[]): void {
    if (shape.length < 2) throw invalidArgument(fn, 'shape', 'a shape of rank >= 2', shape, 'an orthogonal matrix needs two dimensions');
  }
  protected draw(shape: readonly number[], rng: Rng): Float64Array {
    const cols = shape[shape.length - 1]!;
    const rows = sizeOf(shape) / Math.max(1, cols);
    if (cols === 0 || sizeOf(shape) === 0) return new Float64Array(0);
    return orthogonalMatrix(rng, rows, cols, (this.options.gain as number | undefined) ?? 1);
  }
}

const registerClasses = /* @__PURE__ */ registerOnce([Zeros, Ones, Constant, RandomNormal, TruncatedNormal, RandomUniform, VarianceScaling, Orthogonal]);

/**
 * Register whetstone's initializer classes with tfjs's serialization registry, so that
 * `tfl.loadLayersModel` can rebuild a model whose layers use them. Every factory of this module
 * does it on its first call; in a fresh process that loads a model before making any, call this
 * first. Calling it again does nothing (nothing is registered at import time).
 *
 * @example
 * ```ts
 * import { registerInitializers } from 'whetstone/initializers';
 * registerInitializers();
 * const model = await tfl.loadLayersModel('file://model/model.json');
 * ```
 * @see https://js.tensorflow.org/api/latest/#serialization.registerClass
 */
export function registerInitializers(): void {
  registerClasses();
}

/**
 * All zeros.
 *
 * @param options - none (an empty object or nothing).
 * @returns an initializer for tfjs-layers configs or direct use (`.apply(shape)`).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for any option.
 * @example
 * ```ts
 * tfl.layers.dense({ units: 4, biasInitializer: zeros() });
 * ```
 * @see https://keras.io/api/layers/initializers/#zeros-class
 */
export function zeros(options?: Record<string, never>): Zeros {
  registerInitializers();
  return new Zeros(options);
}

/**
 * All ones.
 *
 * @param options - none (an empty object or nothing).
 * @returns an initializer for tfjs-layers configs or direct use (`.apply(shape)`).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for any option.
 * @example
 * ```ts
 * tfl.layers.batchNormalization({ gammaInitializer: ones() });
 * ```
 * @see https://keras.io/api/layers/initializers/#ones-class
 */
export function ones(options?: Record<string, never>): Ones {
  registerInitializers();
  return new Ones(options);
}

/**
 * A constant value everywhere.
 *
 * @param options - see {@link ConstantOptions}.
 * @returns an initializer for tfjs-layers configs or direct use (`.apply(shape)`).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a non-finite value or unknown option.
 * @example
 * ```ts
 * constant({ value: 0.1 }).apply([3]); // [0.1, 0.1, 0.1]
 * ```
 * @see https://keras.io/api/layers/initializers/#constant-class
 */
export function constant(options?: ConstantOptions): Constant {
  registerInitializers();
  return new Constant(options);
}

/**
 * Normal draws, mean 0 and standard deviation 0.05 by default (Keras's defaults).
 *
 * @param options - see {@link RandomNormalOptions}.
 * @returns a seeded initializer for tfjs-layers configs or direct use (`.apply(shape)`).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
 * @example
 * ```ts
 * const w = randomNormal({ seed: 0 }).apply([64, 32]);
 * ```
 * @see https://keras.io/api/layers/initializers/#randomnormal-class
 */
export function randomNormal(options?: RandomNormalOptions): RandomNormal {
  registerInitializers();
  return new RandomNormal(options);
}

/**
 * Uniform draws in `[minval, maxval)`, ±0.05 by default (Keras's defaults).
 *
 * @param options - see {@link RandomUniformOptions}.
 * @returns a seeded initializer for tfjs-layers configs or direct use (`.apply(shape)`).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options or `maxval < minval`.
 * @example
 * ```ts
 * tfl.layers.dense({ units: 8, kernelInitializer: randomUniform({ minval: -0.1, maxval: 0.1, seed: 1 }) });
 * ```
 * @see https://keras.io/api/layers/initializers/#randomuniform-class
 */
export function randomUniform(options?: RandomUniformOptions): RandomUniform {
  registerInitializers();
  return new RandomUniform(options);
}

/**
 * Normal draws re-drawn when more than two standard deviations from the mean (as Keras and
 * `tf.random.truncated_normal`); the result's standard deviation is therefore about 0.88 × stddev.
 *
 * @param options - see {@link RandomNormalOptions} (defaults mean 0, stddev 0.05).
 * @returns a seeded initializer for tfjs-layers configs or direct use (`.apply(shape)`).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
 * @example
 * ```ts
 * truncatedNormal({ stddev: 0.02, seed: 3 }).apply([768, 768]);
 * ```
 * @see https://keras.io/api/layers/initializers/#truncatednormal-class
 */
export function truncatedNormal(options?: RandomNormalOptions): TruncatedNormal {
  registerInitializers();
  return new TruncatedNormal(options);
}

/**
 * Variance scaling (Keras semantics): with `s = scale / max(1, fan)` (fan by `mode`, fans of conv
 * kernels multiplied by the receptive field), draws from a normal truncated at ±2 std with std
 * `sqrt(s) / 0.87962566103423978` (so the truncated draw has variance `s`), an untruncated normal
 * with std `sqrt(s)`, or a uniform in `±sqrt(3 s)`.
 *
 * @param options - see {@link VarianceScalingOptions}.
 * @returns a seeded initializer for tfjs-layers configs or direct use (`.apply(shape)`).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
 * @example
 * ```ts
 * varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'untruncatedNormal', seed: 0 });
 * ```
 * @see https://keras.io/api/layers/initializers/#variancescaling-class
 */
export function varianceScaling(options?: VarianceScalingOptions): VarianceScaling {
  registerInitializers();
  return new VarianceScaling(options);
}

function preset(fn: string, scale: number, mode: FanMode, distribution: VarianceDistribution, options: SeedOptions | undefined): VarianceScaling {
  registerInitializers();
  checkOptions(fn, options, seedSpec);
  return new VarianceScaling({ scale, mode, distribution, ...(options?.seed !== undefined ? { seed: options.seed } : {}) }, fn);
}

/**
 * Glorot (Xavier) normal: truncated normal with variance `2 / (fanIn + fanOut)`.
 *
 * @param options - `{ seed }`.
 * @returns a {@link VarianceScaling} with scale 1, mode `'fanAvg'`, distribution `'truncatedNormal'`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
 * @example
 * ```ts
 * tfl.layers.dense({ units: 32, kernelInitializer: glorotNormal({ seed: 1 }) });
 * ```
 * @see Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward neural networks".
 */
export function glorotNormal(options?: SeedOptions): VarianceScaling {
  return preset('glorotNormal', 1, 'fanAvg', 'truncatedNormal', options);
}

/**
 * Glorot (Xavier) uniform: uniform in `±sqrt(6 / (fanIn + fanOut))`.
 *
 * @param options - `{ seed }`.
 * @returns a {@link VarianceScaling} with scale 1, mode `'fanAvg'`, distribution `'uniform'`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
 * @example
 * ```ts
 * glorotUniform({ seed: 1 }).apply([64, 32]);
 * ```
 * @see Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward neural networks".
 */
export function glorotUniform(options?: SeedOptions): VarianceScaling {
  return preset('glorotUniform', 1, 'fanAvg', 'uniform', options);
}

/**
 * He normal: truncated normal with variance `2 / fanIn`.
 *
 * @param options - `{ seed }`.
 * @returns a {@link VarianceScaling} with scale 2, mode `'fanIn'`, distribution `'truncatedNormal'`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
 * @example
 * ```ts
 * tfl.layers.conv2d({ filters: 16, kernelSize: 3, kernelInitializer: heNormal({ seed: 2 }) });
 * ```
 * @see He et al. (2015), "Delving Deep into Rectifiers".
 */
export function heNormal(options?: SeedOptions): VarianceScaling {
  return preset('heNormal', 2, 'fanIn', 'truncatedNormal', options);
}

/**
 * He uniform: uniform in `±sqrt(6 / fanIn)`.
 *
 * @param options - `{ seed }`.
 * @returns a {@link VarianceScaling} with scale 2, mode `'fanIn'`, distribution `'uniform'`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
 * @example
 * ```ts
 * heUniform({ seed: 2 }).apply([3, 3, 16, 32]);
 * ```
 * @see He et al. (2015), "Delving Deep into Rectifiers".
 */
export function heUniform(options?: SeedOptions): VarianceScaling {
  return preset('heUniform', 2, 'fanIn', 'uniform', options);
}

/**
 * LeCun normal: truncated normal with variance `1 / fanIn`.
 *
 * @param options - `{ seed }`.
 * @returns a {@link VarianceScaling} with scale 1, mode `'fanIn'`, distribution `'truncatedNormal'`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
 * @example
 * ```ts
 * tfl.layers.dense({ units: 64, activation: 'selu', kernelInitializer: lecunNormal({ seed: 0 }) });
 * ```
 * @see LeCun et al. (1998), "Efficient BackProp"; Klambauer et al. (2017), "Self-Normalizing Neural Networks".
 */
export function lecunNormal(options?: SeedOptions): VarianceScaling {
  return preset('lecunNormal', 1, 'fanIn', 'truncatedNormal', options);
}

/**
 * LeCun uniform: uniform in `±sqrt(3 / fanIn)`.
 *
 * @param options - `{ seed }`.
 * @returns a {@link VarianceScaling} with scale 1, mode `'fanIn'`, distribution `'uniform'`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
 * @example
 * ```ts
 * lecunUniform({ seed: 0 }).apply([10, 10]);
 * ```
 * @see LeCun et al. (1998), "Efficient BackProp".
 */
export function lecunUniform(options?: SeedOptions): VarianceScaling {
  return preset('lecunUniform', 1, 'fanIn', 'uniform', options);
}

/**
 * A random orthogonal matrix times `gain` (Keras semantics): the shape is flattened to
 * `prod(shape[:-1]) × shape[-1]`; rows (or columns, whichever are fewer) are orthonormal. The Q of
 * a QR decomposition of a normal matrix, signs fixed so R's diagonal is positive (Haar measure).
 *
 * @param options - see {@link OrthogonalOptions}.
 * @returns a seeded initializer for tfjs-layers configs or direct use (`.apply(shape)`, rank ≥ 2).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, or a shape of rank < 2 at `apply`.
 * @example
 * ```ts
 * tfl.layers.lstm({ units: 32, recurrentInitializer: orthogonal({ seed: 4 }) });
 * ```
 * @see Saxe et al. (2014), "Exact solutions to the nonlinear dynamics of learning in deep linear
 *   neural networks"; Mezzadri (2007) for the sign fix.
 */
export function orthogonal(options?: OrthogonalOptions): Orthogonal {
  registerInitializers();
  return new Orthogonal(options);
}
