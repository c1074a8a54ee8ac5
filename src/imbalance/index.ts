/**
 * Imbalanced data, with imbalanced-learn 0.10's semantics (checked against it on fixtures):
 * over-sampling (`smote`, `borderlineSmote`, `adasyn`, `smoteNC`, `smoteN`, `randomOverSample`
 * with optional shrinkage), under-sampling and cleaning (`randomUnderSample`, `tomekLinks`,
 * `editedNearestNeighbours`), their combinations (`smoteTomek`, `smoteENN`), class and sample
 * weights (`classWeights`, `sampleWeights`: balanced, explicit, or Cui et al.'s effective number),
 * and resampling inside cross-validation only on training folds (`resampledClassifier`,
 * `resampledCrossValPredict`): resampling before splitting leaks synthetic copies of validation
 * rows into training.
 *
 * The nearest-neighbour search behind the SMOTE family and the cleaning methods is its own
 * export, {@link kNeighbors}: exact, computed blockwise for the active tfjs backend (on the device
 * for GPUs, in a WebAssembly SIMD module on wasm and cpu) with bounded memory and a float64
 * re-ranking.
 *
 * Resamplers are async, return rows and labels in the kind they were given (arrays, tensors the
 * caller owns, or `{ data, shape }`) and say where every output row came from.
 *
 * @example
 * ```ts
 * import { smote, classWeights } from 'whetstone/imbalance';
 *
 * const { x: xRes, y: yRes, synthetic } = await smote(xTrain, yTrain, { k: 5, seed: 1 });
 * await model.fit(tf.tensor2d(xTrain), tf.tensor1d(yTrain), { classWeight: classWeights(yTrain, 'balanced') });
 * ```
 * @module whetstone/imbalance
 */
export type { ResampleResult, SamplingStrategy, SeededOptions } from './types.js';
export { kNeighbors } from './neighbors.js';
export type { KNeighborsOptions, KNeighborsResult } from './neighbors.js';
export { smote } from './smote.js';
export type { SmoteOptions } from './smote.js';
export { borderlineSmote } from './borderline-smote.js';
export type { BorderlineSmoteOptions } from './borderline-smote.js';
export { adasyn } from './adasyn.js';
export type { AdasynOptions } from './adasyn.js';
export { smoteN, smoteNC } from './smote-nc.js';
export type { SmoteNCOptions, SmoteNOptions } from './smote-nc.js';
export { randomOverSample, randomUnderSample } from './random-sampling.js';
export type { RandomOverSampleOptions, RandomUnderSampleOptions } from './random-sampling.js';
export { tomekLinks } from './tomek-links.js';
export type { TomekLinksOptions } from './tomek-links.js';
export { editedNearestNeighbours } from './edited-nearest-neighbours.js';
export type { EditedNearestNeighboursOptions } from './edited-nearest-neighbours.js';
export { smoteENN, smoteTomek } from './combine.js';
export type { CombinedSmoteOptions, SmoteENNOptions, SmoteTomekOptions } from './combine.js';
export { classWeights, sampleWeights } from './weights.js';
export type { ClassWeighting, ClassWeightMap, EffectiveNumberWeighting } from './weights.js';
export { resampledClassifier, resampledCrossValPredict } from './cross-validation.js';
export type { Resample, ResampledCrossValPredictOptions } from './cross-validation.js';
