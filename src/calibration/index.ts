/**
 * Probability calibration, as correct as scikit-learn 1.2 (checked against it on fixtures): a
 * classifier's scores are not probabilities until they are calibrated on rows that neither
 * training nor model selection used.
 *
 * - Calibrators: {@link plattScaling} (Platt's sigmoid with target smoothing, fitted by a robust
 *   Newton method), {@link isotonicRegression} (PAVA with scikit-learn's tie pooling, weights,
 *   interpolation and out-of-bounds policies), {@link temperatureScaling} (Guo et al. 2017, with
 *   vector scaling as an option) for multiclass logits.
 * - {@link calibratedClassifier}: scikit-learn's `CalibratedClassifierCV` around any whetstone
 *   `Classifier` (cross-validated pairs or one calibrator on out-of-fold scores, or a prefit
 *   model), itself a `Classifier`.
 * - Measuring: {@link reliabilityCurve} (scikit-learn's `calibration_curve`),
 *   {@link expectedCalibrationError}, {@link maxCalibrationError}, `brierScore` and
 *   `brierScoreLoss` (from whetstone/metrics), and {@link reliabilityDiagram}, an SVG reliability
 *   diagram with the score histogram under it, several models overlaid.
 *
 * Fitting runs on the CPU in float64. Tensor inputs are read synchronously, so on WebGPU pass
 * `await t.data()` instead.
 *
 * @example
 * ```ts
 * import { plattScaling, expectedCalibrationError, reliabilityDiagram } from 'whetstone/calibration';
 *
 * const platt = plattScaling().fit(calibrationScores, calibrationLabels);
 * const p = platt.predict(testScores);
 * expectedCalibrationError(testLabels, p);
 * const svg = reliabilityDiagram([{ name: 'raw', yTrue: testLabels, yProb: testScores }, { name: 'Platt', yTrue: testLabels, yProb: p }]);
 * ```
 * @module whetstone/calibration
 */
export type { CalibratorFitOptions, ScoreCalibrator } from './types.js';
export { plattScaling } from './platt.js';
export type { PlattScaling, PlattScalingOptions } from './platt.js';
export { isotonicRegression } from './isotonic.js';
export type { IsotonicRegression, IsotonicRegressionOptions } from './isotonic.js';
export { temperatureScaling } from './temperature.js';
export type { TemperatureScaling, TemperatureScalingOptions } from './temperature.js';
export { calibratedClassifier } from './calibrated-classifier.js';
export type { CalibratedClassifier, CalibratedClassifierOptions, CalibratedPair, CalibrationMethod, PairCalibrator } from './calibrated-classifier.js';
export { expectedCalibrationError, maxCalibrationError, reliabilityCurve } from './reliability.js';
export type { CalibrationErrorOptions, MaxCalibrationErrorOptions, ReliabilityCurve, ReliabilityCurveOptions, ReliabilityStrategy } from './reliability.js';
export { reliabilityDiagram } from './diagram.js';
export type { ReliabilityDiagramModel, ReliabilityDiagramOptions } from './diagram.js';
export { brierScore, brierScoreLoss } from '../metrics/probabilistic.js';
