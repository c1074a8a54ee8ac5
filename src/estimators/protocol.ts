import type { MatrixLike, VectorLike } from '../core/types.js';

/** Options of {@link Classifier.fit} and {@link Regressor.fit}. */
export interface FitOptions {
  /**
   * One non-negative weight per row; a row of weight 2 counts as two copies of that row (as
   * scikit-learn's `sample_weight`). Default: every row weighs 1.
   */
  sampleWeight?: VectorLike;
}

/**
 * The classifier side of whetstone's estimator protocol: the seam through which ensembles,
 * stacking, calibration, adversarial validation and tuners drive any model. A tfjs-layers model
 * fits it through `layersClassifier`, the built-in `logisticRegression` fits it, and so does
 * another library's model wrapped in a few lines.
 */
export interface Classifier {
  /**
   * Learn from rows `x` and labels `y` (any numeric labels; `classes` lists them sorted). Refitting
   * starts again from scratch.
   */
  fit(x: MatrixLike, y: VectorLike, options?: FitOptions): Promise<void>;
  /** Class probabilities: one row per input row, summing to 1, columns in `classes` order. */
  predictProba(x: MatrixLike): Promise<number[][]>;
  /** The labels seen by the last `fit`, sorted ascending (empty before `fit`). */
  readonly classes: readonly number[];
  /** Free anything the estimator holds outside the JS heap (tfjs models, tensors). Optional. */
  dispose?(): void;
}

/** The regressor side of the estimator protocol (see {@link Classifier}). */
export interface Regressor {
  /** Learn from rows `x` and targets `y`. Refitting starts again from scratch. */
  fit(x: MatrixLike, y: VectorLike, options?: FitOptions): Promise<void>;
  /** One prediction per input row. */
  predict(x: MatrixLike): Promise<number[]>;
  /** Free anything the estimator holds outside the JS heap (tfjs models, tensors). Optional. */
  dispose?(): void;
}

/**
 * Makes a fresh, unfitted estimator. Folds, bags and trials each call it to get their own
 * instance, so nothing learned in one can leak into another.
 */
export type Factory<E> = () => E;
