/**
 * Shared foundations of whetstone: the data types every module accepts (`MatrixLike`,
 * `VectorLike`), conversions that remember which kind came in, the error classes, the one
 * constraint validator behind every "must be …; got …" message, the seeded RNG, and small tensor
 * helpers. Importing it pulls in nothing from the other modules.
 *
 * @example
 * ```ts
 * import { createRng, toMatrix, checkOptions, is } from 'whetstone/core';
 * ```
 * @module whetstone/core
 */
export type { DataKind, DataShape, Float64DataShape, MatrixLike, MatrixOf, Rng, VectorLike, VectorOf } from './types.js';
export {
  BackendUnavailableError,
  ConvergenceError,
  InvalidArgumentError,
  NotFittedError,
  ShapeError,
  WhetstoneError,
} from './errors.js';
export type { WhetstoneErrorCode } from './errors.js';
export { checkArgument, checkOption, checkOptions, formatValue, invalidArgument, invalidOption, is } from './validate.js';
export type { Constraint, RangeBounds } from './validate.js';
export {
  checkSameLength,
  fromMatrix,
  fromVector,
  toMatrix,
  toMatrixAsync,
  toSampleWeight,
  toSampleWeightAsync,
  toVector,
  toVectorAsync,
} from './convert.js';
export type { ConvertOptions, InputRole, Matrix, SampleWeightOptions, Vector } from './convert.js';
export { createRng } from './rng.js';
export { deepFreeze } from './freeze.js';
export { whetstoneVersion } from './version.js';
export { collectTensors, disposeTensors, isTensor } from './tensor.js';
