import type { VectorLike, VectorOf } from '../core/types.js';

/** Options of a calibrator's `fit`. */
export interface CalibratorFitOptions {
  /** One non-negative weight per score (default: all 1), as scikit-learn's `sample_weight`. */
  readonly sampleWeight?: VectorLike;
}

/**
 * A binary calibrator: learns a map from a classifier's scores (decision values or uncalibrated
 * probabilities of the positive class) to calibrated probabilities of the positive class.
 * `plattScaling()` and `isotonicRegression()` return one. Stateful as scikit-learn's
 * calibrators: `fit` learns (and returns the calibrator), `predict` applies; `predict` before
 * `fit` throws `NotFittedError`. Fitting computes on the CPU in float64 and does not keep the
 * inputs.
 */
export interface ScoreCalibrator {
  /** `'platt'`, `'isotonic'`, … (for reports). */
  readonly method: string;
  /** Whether `fit` has run. */
  readonly fitted: boolean;
  /**
   * Learn the map from `scores` to `labels` (each 0 or 1).
   * @returns the calibrator itself, fitted.
   */
  fit(scores: VectorLike, labels: VectorLike, options?: CalibratorFitOptions): this;
  /**
   * Calibrated probabilities for `scores`: a tensor for a tensor (the caller owns it), a
   * `number[]` otherwise.
   */
  predict<V extends VectorLike>(scores: V): VectorOf<V>;
}
