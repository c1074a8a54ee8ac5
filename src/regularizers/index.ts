/**
 * Weight regularizers that survive save/load: `l1`, `l2`, `l1l2` (Keras semantics, `l1·Σ|w|` and
 * `l2·Σw²`) and `orthogonalRegularizer` (soft orthogonality). Each is a tfjs-layers `Regularizer` for layer
 * configs and has `penalty(weights)` for custom training loops. Classes are registered with tfjs's
 * serialization registry on the first factory call, or by `registerRegularizers()`.
 *
 * @example
 * ```ts
 * import { l2, orthogonalRegularizer } from 'whetstone/regularizers';
 * tfl.layers.dense({ units: 32, kernelRegularizer: l2({ l2: 1e-4 }) });
 * const p = orthogonalRegularizer({ factor: 1e-3 }).penalty(kernel); // a tf.Scalar
 * ```
 * @module whetstone/regularizers
 */
export { L1, l1, L1L2, l1l2, L2, l2, orthogonalRegularizer, OrthogonalRegularizer, registerRegularizers, WhetstoneRegularizer } from './regularizers.js';
export type { L1L2Options, L1Options, L2Options, OrthogonalRegularizerOptions } from './regularizers.js';
