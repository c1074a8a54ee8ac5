/**
 * Seeded weight initializers that give the same values on every backend (`zeros`, `ones`,
 * `constant`, `randomNormal`, `randomUniform`, `truncatedNormal`, `varianceScaling` and its
 * Glorot / He / LeCun presets, `orthogonal`), usable in tfjs-layers configs and saved with a
 * model; the data-driven `lsuv` initialization; and transfer-learning helpers
 * (`transferWeights`, `freezeLayers`, `unfreezeLayers`).
 *
 * Values are drawn in JavaScript from core's seeded stream (float64), then stored as float32.
 * A seeded initializer used for several layers gives call `k` the child stream `k` of its seed,
 * so layers differ while the whole model stays reproducible. Classes are registered with tfjs's
 * serialization registry on the first factory call, or by `registerInitializers()`.
 *
 * @example
 * ```ts
 * import { glorotUniform, zeros } from 'whetstone/initializers';
 * tfl.layers.dense({ units: 32, kernelInitializer: glorotUniform({ seed: 1 }), biasInitializer: zeros() });
 * const w = glorotUniform({ seed: 1 }).apply([64, 32]); // a tf.Tensor
 * ```
 * @module whetstone/initializers
 */
export {
  Constant,
  constant,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  Ones,
  ones,
  Orthogonal,
  orthogonal,
  RandomNormal,
  randomNormal,
  RandomUniform,
  randomUniform,
  registerInitializers,
  TruncatedNormal,
  truncatedNormal,
  VarianceScaling,
  varianceScaling,
  varianceScalingParameters,
  WhetstoneInitializer,
  Zeros,
  zeros,
} from './initializers.js';
export type {
  ConstantOptions,
  FanMode,
  OrthogonalOptions,
  RandomNormalOptions,
  RandomUniformOptions,
  SeedOptions,
  VarianceDistribution,
  VarianceScalingOptions,
  VarianceScalingParameters,
} from './initializers.js';
export { lsuv } from './lsuv.js';
export type { LsuvLayerReport, LsuvOptions } from './lsuv.js';
export { freezeLayers, transferWeights, unfreezeLayers } from './transfer.js';
export type { FreezeLayersOptions, TransferredLayer, TransferWeightsOptions } from './transfer.js';
