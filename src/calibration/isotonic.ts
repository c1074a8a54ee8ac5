import { checkSameLength, fromVector, toSampleWeight, toVector } from '../core/convert.js';
import { InvalidArgumentError, NotFittedError, ShapeError } from '../core/errors.js';
import type { VectorLike, VectorOf } from '../core/types.js';
import { checkOptions, formatValue, invalidOption, is } from '../core/validate.js';
import { fitIsotonic, fitIsotonicUnweighted, interpolate, type IsotonicFit } from './_internal/pava.js';
import type { CalibratorFitOptions, ScoreCalibrator } from './types.js';

/** Options of {@link isotonicRegression}; every field is optional and documents its default. */
export interface IsotonicRegressionOptions {
  /**
   * Direction of the fit: `true` (default) for non-decreasing in x, `false` for non-increasing,
   * `'auto'` for the sign of Spearman's rank correlation of x and y (>= 0: increasing), computed
   * on every row given to `fit` without weights, as scikit-learn's `check_increasing`. When x or
   * y is constant that correlation is undefined and, as in scikit-learn, the fit is decreasing.
   * scikit-learn also warns when the 95% confidence interval of the correlation spans zero;
   * whetstone has no warning channel, so nothing flags a direction chosen on weak evidence:
   * check `increasing` after the fit, or set the direction yourself.
   */
  increasing?: boolean | 'auto';
  /**
   * Lower bound on the fitted values (default: none); the fit is clipped to it after PAVA, as in
   * scikit-learn (the lowest fitted value may still be higher). May be `-Infinity`.
   */
  yMin?: number;
  /** Upper bound on the fitted values (default: none), like `yMin`; `yMin <= yMax`. May be `Infinity`. */
  yMax?: number;
  /**
   * What `predict` does with x outside [`xMin`, `xMax`]: `'nan'` (default) predicts NaN, `'clip'`
   * predicts the value at the nearer end, `'raise'` throws an InvalidArgumentError naming the
   * first such value. When `fit` saw a single distinct x, every x gets that one fitted value
   * under every policy, as in scikit-learn.
   */
  outOfBounds?: 'nan' | 'clip' | 'raise';
}

/**
 * An isotonic regression (see {@link isotonicRegression}): a {@link ScoreCalibrator} and a general
 * monotone regressor of real targets. Fitted values are readable after `fit`; reading them before
 * throws {@link "whetstone/core"!NotFittedError}.
 */
export interface IsotonicRegression extends ScoreCalibrator {
  /** Always `'isotonic'`. */
  readonly method: 'isotonic';
  /**
   * Fit the monotone step-and-ramp function minimizing Σ wᵢ (yᵢ − f(xᵢ))². `y` may be any finite
   * numbers (0/1 labels for calibration). Rows of weight 0 are ignored (they still count for
   * `increasing: 'auto'`, as in scikit-learn). Refitting starts from scratch; a fit that throws
   * leaves the previous fit in place.
   *
   * @param x - the inputs (classifier scores for calibration); finite.
   * @param y - one finite target per x.
   * @param options - `sampleWeight`: one finite weight >= 0 per x, with a positive sum.
   * @returns this regressor, fitted.
   * @throws {@link "whetstone/core"!InvalidArgumentError} for NaN/±Infinity, negative or all-zero
   *   weights, or an unknown option; {@link "whetstone/core"!ShapeError} for mismatched lengths or
   *   an empty x.
   */
  fit(x: VectorLike, y: VectorLike, options?: CalibratorFitOptions): this;
  /**
   * Predict by linear interpolation between the thresholds, with the `outOfBounds` policy
   * outside [`xMin`, `xMax`].
   *
   * @param x - finite inputs (any length, empty included).
   * @returns a float32 tensor for a tensor (the caller owns it), a `number[]` (float64) otherwise.
   * @throws {@link "whetstone/core"!NotFittedError} before `fit`;
   *   {@link "whetstone/core"!InvalidArgumentError} for NaN/±Infinity, or for x out of bounds with
   *   `outOfBounds: 'raise'`.
   */
  predict<V extends VectorLike>(x: V): VectorOf<V>;
  /**
   * Ascending x values of the interpolation table (scikit-learn's `X_thresholds_`): the distinct
   * x with a positive weight, minus interior points of flat runs. A fresh copy.
   */
  readonly xThresholds: number[];
  /** The fitted values at `xThresholds` (scikit-learn's `y_thresholds_`). A fresh copy. */
  readonly yThresholds: number[];
  /** Smallest x fitted on (with a positive weight), scikit-learn's `X_min_`. */
  readonly xMin: number;
  /** Largest x fitted on (with a positive weight), scikit-learn's `X_max_`. */
  readonly xMax: number;
  /** The direction fitted, `'auto'` resolved (scikit-learn's `increasing_`). */
  readonly increasing: boolean;
}

interface ResolvedOptions {
  readonly increasing: boolean | 'auto';
  readonly yMin: number | undefined;
  readonly yMax: number | undefined;
  readonly outOfBounds: 'nan' | 'clip' | 'raise';
}

const NAME = 'isotonicRegression';

class IsotonicRegressionModel implements IsotonicRegression {
  readonly method = 'isotonic' as const;
  readonly #options: ResolvedOptions;
  #fit: IsotonicFit | undefined;

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  get fitted(): boolean {
    return this.#fit !== undefined;
  }

  get xThresholds(): number[] {
    return Array.from(this.#get('xThresholds').xThresholds);
  }

  get yThresholds(): number[] {
    return Array.from(this.#get('yThresholds').yThresholds);
  }

  get xMin(): number {
    return this.#get('xMin').xMin;
  }

  get xMax(): number {
    return this.#get('xMax').xMax;
  }

  get increasing(): boolean {
    return this.#get('increasing').increasing;
  }

  #get(what: string): IsotonicFit {
    if (this.#fit === undefined) {
      throw new NotFittedError(`${NAME}.${what}: this regressor is not fitted yet; call fit(x, y) first.`);
    }
    return this.#fit;
  }

  fit(x: VectorLike, y: VectorLike, options?: CalibratorFitOptions): this {
    const fn = `${NAME}.fit`;
    checkOptions(fn, options, { sampleWeight: is.vector() });
    const { increasing, yMin, yMax } = this.#options;
    if (options?.sampleWeight === undefined && increasing !== 'auto' && x instanceof Float64Array && y instanceof Float64Array) {
      // The common case, checked on the way (see fitIsotonicUnweighted); when it gives up, the
      // general path below validates from scratch and reports what it found.
      const fit = fitIsotonicUnweighted(x, y, { increasing, yMin, yMax });
      if (fit !== undefined) {
        this.#fit = fit;
        return this;
      }
    }
    const xv = toVector(x, { fn, name: 'x', borrow: true });
    const yv = toVector(y, { fn, name: 'y', borrow: true });
    checkSameLength(fn, [['x', xv.length], ['y', yv.length]]);
    if (xv.length === 0) throw new ShapeError(`${fn}: argument "x" must have at least one value; got an empty vector.`);
    const weight = toSampleWeight(options?.sampleWeight, { fn, rows: xv.length, positiveSum: true });
    this.#fit = fitIsotonic({ x: xv.data, y: yv.data, weight, ...this.#options });
    return this;
  }

  predict<V extends VectorLike>(x: V): VectorOf<V> {
    const fn = `${NAME}.predict`;
    const fit = this.#get('predict');
    const policy = this.#options.outOfBounds;
    // A Float64Array is read in place (interpolate checks its values on the way); anything else
    // goes through toVector's checked copy.
    const v = x instanceof Float64Array ? undefined : toVector(x, { fn, name: 'x' });
    const q = v === undefined ? (x as Float64Array) : v.data;
    // Pre-sized and filled with a double, so that V8 makes it an array of doubles once, as
    // plattScaling's predict does.
    const out = new Array<number>(q.length).fill(Number.NaN);
    const stop = interpolate(fit.xThresholds, fit.yThresholds, q, out, policy);
    if (stop >= 0) {
      // A NaN or ±Infinity anywhere is reported first (toVector's message, as before); else
      // the stop was the first x out of bounds under 'raise'.
      toVector(x, { fn, name: 'x', borrow: true });
      throw new InvalidArgumentError(
        `${fn}: argument "x" must lie within the fitted range [${formatValue(fit.xMin)}, ${formatValue(fit.xMax)}] (option "outOfBounds" is 'raise'); got ${formatValue(q[stop]!)} at index ${stop}.`,
      );
    }
    return v?.kind === 'tensor' ? fromVector<V>(v, out) : (out as VectorOf<V>);
  }
}

/**
 * Isotonic regression: the monotone function of x closest to y in weighted least squares, fitted
 * by the pool-adjacent-violators algorithm (PAVA) and predicted by linear interpolation between
 * its thresholds. As a calibrator it maps classifier scores to probabilities with no assumption on
 * the shape of the map (Zadrozny & Elkan 2002); it needs more data than Platt scaling not to
 * overfit. Follows scikit-learn 1.2's `IsotonicRegression` exactly (thresholds bit-identical,
 * predictions to 1e-9 on its fixtures): rows sorted by x, tied x pooled into their weighted mean
 * (x within 1e-15 of each other count as tied, as there), zero-weight rows dropped, PAVA in O(n)
 * after an O(n) radix sort, clipped to [yMin, yMax], interior points of flat runs dropped.
 *
 * @param options - direction, bounds on the fitted values, out-of-bounds policy.
 * @returns an unfitted regressor; call `fit(x, y)`, then `predict(x)`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for unknown or invalid options, or
 *   `yMin > yMax`.
 * @example
 * ```ts
 * const iso = isotonicRegression({ outOfBounds: 'clip' });
 * iso.fit([1, 2, 3, 4], [1, 3, 2, 4]);
 * iso.yThresholds; // [1, 2.5, 2.5, 4]: the violating pair (3, 2) pooled
 * iso.predict([1.5, 2.5, 9]); // [1.75, 2.5, 4]
 * ```
 * @see scikit-learn's `sklearn.isotonic.IsotonicRegression` (sklearn/isotonic.py, sklearn/_isotonic.pyx).
 * @see M. J. Best & N. Chakravarti, "Active set algorithms for isotonic regression; a unifying
 *   framework", Mathematical Programming 47 (1990).
 * @see B. Zadrozny & C. Elkan, "Transforming classifier scores into accurate multiclass
 *   probability estimates", KDD 2002.
 */
/* @__NO_SIDE_EFFECTS__ */
export function isotonicRegression(options?: IsotonicRegressionOptions): IsotonicRegression {
  checkOptions(NAME, options, {
    increasing: is.anyOf(is.boolean(), is.oneOf(['auto'])),
    yMin: is.custom<number>('a number (not NaN)', (v) => typeof v === 'number' && !Number.isNaN(v)),
    yMax: is.custom<number>('a number (not NaN)', (v) => typeof v === 'number' && !Number.isNaN(v)),
    outOfBounds: is.oneOf(['nan', 'clip', 'raise']),
  });
  const yMin = options?.yMin;
  const yMax = options?.yMax;
  if (yMin !== undefined && yMax !== undefined && yMin > yMax) {
    throw invalidOption(NAME, 'yMax', `>= yMin (${formatValue(yMin)})`, yMax);
  }
  return new IsotonicRegressionModel({
    increasing: options?.increasing ?? true,
    yMin,
    yMax,
    outOfBounds: options?.outOfBounds ?? 'nan',
  });
}
