import type { Tensor } from '@tensorflow/tfjs-core';
import type { ScalarOrSchedule } from '../schedules/types.js';

/** Tensors by parameter name (a model's weights, their gradients, or updates to them). */
export type TensorMap = { readonly [name: string]: Tensor };

/**
 * A JSON description of a gradient transformation, enough to rebuild it: the factory's name and
 * its options (nested transformations and schedules appear as their own configs). Saved with the
 * model so that `loadLayersModel` restores the same optimizer.
 */
export interface TransformConfig {
  /** The factory that made the transformation (`'scaleByAdam'`, `'chain'`, `'adamw'`, …). */
  readonly name: string;
  /** The factory's options, JSON-serializable. */
  readonly options: { readonly [key: string]: unknown };
}

/**
 * The state of a transformation: plain data, tensors and nested states (as JSON would hold them,
 * with tensors as leaves). Each transformation names its own state type (`ScaleByAdamState`).
 */
export type TransformState = { readonly [key: string]: unknown } | readonly unknown[];

/** What {@link GradientTransformation.update} returns. */
export interface TransformResult<S> {
  /** One update per gradient, same names; applied as `param ← param + update`. */
  readonly updates: { [name: string]: Tensor };
  /** The state after this step. */
  readonly state: S;
}

/**
 * A gradient transformation in the manner of Optax: a pair of pure functions. `init` makes the
 * state for a set of parameters; `update` turns gradients into updates and returns the new state.
 * Named optimizers are `chain(...)`s of these.
 *
 * Memory contract: neither function disposes anything it is given (gradients, state, params);
 * every tensor they return is new or is one of the tensors they were given (a state may pass a
 * tensor through unchanged). The owner of the state (a `chain`, or the tfjs bridge) disposes the
 * old state's tensors that do not reappear in the new state, and disposes intermediate updates.
 * Both functions are called inside `tf.tidy` by the owner, or behave as if they were.
 *
 * Steps: `step` is the number of updates the caller has applied before this one (0-based).
 * Transformations whose arithmetic needs a count (bias correction) keep their own count in their
 * state, so that wrappers that skip or accumulate steps (`applyIfFinite`,
 * `gradientAccumulation`) stay correct.
 */
export interface GradientTransformation<S extends TransformState = TransformState> {
  /** How to rebuild this transformation. */
  readonly config: TransformConfig;
  /**
   * The learning rate this transformation scales by, when it has one (`scaleByLearningRate`, the
   * named optimizers, and a `chain` containing one). The tfjs bridge reads it to report and
   * rescale the learning rate (`optimizer.learningRate`).
   */
  readonly learningRate?: ScalarOrSchedule;
  /** The initial state for these parameters. */
  init(params: TensorMap): S;
  /** Updates for `grads` (same names) and the next state. `params` are the current values. */
  update(grads: TensorMap, state: S, params: TensorMap, step: number): TransformResult<S>;
}
