/**
 * The estimator protocol that ensembles, stacking, calibration, adversarial validation and tuners
 * share, and estimators that fit it: `logisticRegression` (scikit-learn's, in float64), and
 * `layersClassifier` / `layersRegressor`, which turn a factory of tfjs-layers models into
 * estimators with sample weights, class weights and seeded shuffling. `predictLabels`,
 * `isClassifier` and `isRegressor` work with any estimator.
 *
 * Another library's model fits the protocol in a few lines. Say it has `train(rows, labels)` and
 * `predictProbabilities(rows)` (rows of probabilities in sorted-label order):
 *
 * @example
 * ```ts
 * import type { Classifier, Factory } from 'whetstone/estimators';
 *
 * const forest: Factory<Classifier> = () => {
 *   let model: RandomForest | undefined;
 *   let classes: number[] = [];
 *   return {
 *     get classes() { return classes; },
 *     async fit(x, y, options) {
 *       if (options?.sampleWeight !== undefined) throw new Error('forest: sample weights are not supported');
 *       const labels = Array.from(y as ArrayLike<number>);
 *       classes = [...new Set(labels)].sort((a, b) => a - b);
 *       model = new RandomForest({ trees: 100 });
 *       model.train(x as number[][], labels);
 *     },
 *     async predictProba(x) {
 *       if (model === undefined) throw new Error('forest: call fit first');
 *       return model.predictProbabilities(x as number[][]);
 *     },
 *   };
 * };
 * ```
 * @module whetstone/estimators
 */
export type { Classifier, Factory, FitOptions, Regressor } from './protocol.js';
export { logisticRegression } from './logistic-regression.js';
export type { LogisticRegression, LogisticRegressionOptions } from './logistic-regression.js';
export { layersClassifier, layersRegressor } from './layers.js';
export type {
  ClassifierModelArgs,
  LayersCallback,
  LayersClassifier,
  LayersClassifierOptions,
  LayersEstimator,
  LayersFitOptions,
  LayersRegressor,
  LayersRegressorOptions,
  RegressorModelArgs,
} from './layers.js';
export { isClassifier, isRegressor, predictLabels } from './guards.js';
export type { ClassWeightOption } from './_internal/labels.js';
