/**
 * Cross-validation splits and out-of-fold predictions: `kFold`, `stratifiedKFold`, `groupKFold`,
 * `stratifiedGroupKFold`, `timeSeriesSplit`, their repeated variants, `trainTestSplit`, the
 * `selectRows` / `selectItems` helpers that apply a split to data, and `crossValPredict`. Splitters
 * return plain index arrays and, unshuffled, give exactly scikit-learn 1.2's indices.
 *
 * @example
 * ```ts
 * import { stratifiedKFold, selectRows, selectItems } from 'whetstone/folds';
 * for (const { train, test } of stratifiedKFold(y, { k: 5 })) {
 *   await model.fit(selectRows(x, train), selectItems(y, train));
 * }
 * ```
 * @module whetstone/folds
 */
export { crossValPredict } from './cross-val-predict.js';
export type { CrossValPredictMethod, CrossValPredictOptions, CrossValPrediction } from './cross-val-predict.js';
export { groupKFold } from './group-k-fold.js';
export type { GroupKFoldOptions } from './group-k-fold.js';
export { kFold, repeatedKFold } from './k-fold.js';
export type { KFoldOptions, RepeatedKFoldOptions } from './k-fold.js';
export { selectItems, selectRows } from './select.js';
export { stratifiedGroupKFold } from './stratified-group-k-fold.js';
export type { StratifiedGroupKFoldOptions } from './stratified-group-k-fold.js';
export { repeatedStratifiedKFold, stratifiedKFold } from './stratified-k-fold.js';
export type { RepeatedStratifiedKFoldOptions, StratifiedKFoldOptions } from './stratified-k-fold.js';
export { timeSeriesSplit } from './time-series-split.js';
export type { TimeSeriesSplitOptions } from './time-series-split.js';
export { trainTestSplit } from './train-test-split.js';
export type { TrainTestSplitOptions } from './train-test-split.js';
export type { Fold } from './types.js';
