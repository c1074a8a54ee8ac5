/**
 * Metrics for classifiers, rankers, probabilistic predictions and regressors, with the semantics
 * of scikit-learn 1.2 (checked against it on fixtures): accuracy, balanced and per-class
 * accuracy, precision / recall / F-scores (per class, micro, macro, weighted), confusion matrix,
 * Cohen's kappa, ROC and precision–recall curves, ROC AUC (binary, one-vs-rest, one-vs-one,
 * multilabel), average precision, PR AUC, log loss, Brier scores, MSE / MAE / R², and sliced
 * metrics for error analysis. Everything is computed on the CPU in float64; inputs may be arrays,
 * typed arrays or tensors, results are plain numbers and arrays. Labels are any numbers.
 * Tensors are read synchronously (`dataSync`), which WebGPU does not support: there, pass
 * `await t.data()` instead of the tensor.
 *
 * Where scikit-learn warns and returns NaN (ROC AUC with one class left after zero weights,
 * kappa with no chance disagreement, R² of one row, …) these functions throw an
 * {@link "whetstone/core"!InvalidArgumentError} that says why; {@link slicedMetrics} turns such
 * errors into a NaN score with the message for the slice concerned.
 *
 * @example
 * ```ts
 * import { f1Score, rocAucScore, slicedMetrics } from 'whetstone/metrics';
 * f1Score([0, 1, 2, 2], [0, 1, 1, 2], { average: 'macro' });
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * ```
 * @module whetstone/metrics
 */
export {
  accuracyScore,
  balancedAccuracyScore,
  cohenKappaScore,
  confusionMatrix,
  perClassAccuracy,
} from './classification.js';
export type {
  AccuracyOptions,
  BalancedAccuracyOptions,
  CohenKappaOptions,
  ConfusionMatrixOptions,
  PerClassAccuracy,
  PerClassAccuracyOptions,
} from './classification.js';
export { f1Score, fbetaScore, precisionRecallFscoreSupport, precisionScore, recallScore } from './prf.js';
export type {
  AveragedScore,
  FbetaOptions,
  PrfAverage,
  PrfOptions,
  PrfsAveraged,
  PrfsOptions,
  PrfsPerClass,
  PrfsResult,
} from './prf.js';
export { averagePrecisionScore, prAucScore, precisionRecallCurve, rocAucScore, rocCurve } from './ranking.js';
export type {
  AveragePrecisionOptions,
  PrecisionRecallCurve,
  PrecisionRecallCurveOptions,
  RankingAverage,
  RocAucOptions,
  RocCurve,
  RocCurveOptions,
} from './ranking.js';
export { brierScore, brierScoreLoss, logLoss } from './probabilistic.js';
export type { BrierScoreLossOptions, BrierScoreOptions, LogLossOptions } from './probabilistic.js';
export { meanAbsoluteError, meanSquaredError, r2Score } from './regression.js';
export type { MeanSquaredErrorOptions, RegressionOptions } from './regression.js';
export { slicedMetrics } from './sliced.js';
export type {
  OverallScore,
  SegmentIds,
  Segments,
  SliceMetric,
  SliceScore,
  SlicedMetrics,
  SlicedMetricsOptions,
  WeightedSliceMetric,
  WeightedSlicedMetricsOptions,
} from './sliced.js';
