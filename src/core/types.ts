import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';

/** A row-major matrix as a flat buffer plus its shape. */
export interface DataShape {
  /** Row-major values, `shape[0] * shape[1]` of them. */
  readonly data: ArrayLike<number>;
  /** `[rows, columns]`. */
  readonly shape: readonly [number, number];
}

/**
 * Anything whetstone accepts as a matrix (rows are samples, columns are features): an array of
 * rows (`number[][]`, rows may be typed arrays), a rank-2 tfjs tensor, or a flat
 * {@link DataShape}. Functions return the kind they were given (see {@link MatrixOf}).
 */
export type MatrixLike = readonly ArrayLike<number>[] | Tensor2D | DataShape;

/** Anything whetstone accepts as a vector: an array, a typed array, or a rank-1 tfjs tensor. */
export type VectorLike = ArrayLike<number> | Tensor1D;

/**
 * Which kind of container data came in as, so results can go back in the same kind:
 * `'array'` (`number[][]` or `number[]`), `'dataShape'` (`{ data, shape }`), `'tensor'`.
 */
export type DataKind = 'array' | 'dataShape' | 'tensor';

/** A {@link DataShape} as whetstone returns it: float64 values and a mutable shape tuple. */
export interface Float64DataShape {
  /** Row-major values, `shape[0] * shape[1]` of them. */
  data: Float64Array;
  /** `[rows, columns]`. */
  shape: [number, number];
}

/** The matrix kind returned for an input of type `T`: tensors give tensors, arrays give arrays. */
export type MatrixOf<T> = T extends Tensor2D ? Tensor2D : T extends DataShape ? Float64DataShape : number[][];

/** The vector kind returned for an input of type `T`: tensors give tensors, anything else `number[]`. */
export type VectorOf<T> = T extends Tensor1D ? Tensor1D : number[];

/**
 * A seeded stream of random numbers. Every stochastic whetstone function takes `seed?: number |
 * string | Rng` and draws only from the stream it was given; there is no hidden global generator.
 * Create one with {@link createRng}.
 */
export interface Rng {
  /** The seed this stream (or its root, for a child) was created from; report it to reproduce a run. */
  readonly seed: number | string;
  /** The path of child keys from the root stream (empty for a root). */
  readonly path: readonly (string | number)[];
  /** A double uniform in `[0, 1)` with 53 random bits. */
  uniform(): number;
  /** A double uniform in `[low, high)`. */
  uniform(low: number, high: number): number;
  /** A normal deviate with the given mean (default 0) and standard deviation (default 1). */
  normal(mean?: number, std?: number): number;
  /** An integer uniform in `[low, high)` (high exclusive, as numpy's `Generator.integers`). */
  integer(low: number, high: number): number;
  /** A new array holding `items` in a uniformly random order (Fisher–Yates); `items` is not touched. */
  shuffle<T>(items: readonly T[]): T[];
  /** A uniformly random permutation of `0 … n-1`. */
  permutation(n: number): number[];
  /**
   * `count` items drawn from `items`, with replacement (default) or without, optionally
   * weighted (weights need not sum to 1; without replacement uses Efraimidis–Spirakis keys).
   */
  choice<T>(items: readonly T[], count: number, options?: { replace?: boolean; weights?: ArrayLike<number> }): T[];
  /**
   * An independent child stream, fixed by this stream's seed and path plus `key` (not by how much
   * this stream has drawn). Without a key, children are numbered 0, 1, 2, … in creation order.
   */
  child(key?: string | number): Rng;
  /**
   * A seed for a tfjs random op (`tf.randomNormal(shape, mean, std, dtype, seed)`): an integer in
   * `[1, 2^31 - 1]`, never 0, since tfjs treats 0 as "unseeded" for some ops.
   */
  tfSeed(): number;
}
