import { InvalidArgumentError } from '../core/errors.js';
import { isTensor } from '../core/tensor.js';
import type { MatrixLike, Rng, VectorLike } from '../core/types.js';
import { checkArgument, checkOptions, formatValue, invalidArgument, invalidOption, is } from '../core/validate.js';
import type { Classifier, Factory, FitOptions } from '../estimators/protocol.js';
import { crossValPredict } from '../folds/cross-val-predict.js';
import type { CrossValPrediction, CrossValPredictOptions } from '../folds/cross-val-predict.js';
import type { Fold } from '../folds/types.js';
import type { ResampleResult } from './types.js';

/**
 * A resampling step: takes training rows and labels (in the kind the caller's data came in) and
 * returns the resampled set, as every resampler of whetstone/imbalance does. `fold` counts the
 * calls from 0 (one per fold in {@link resampledCrossValPredict}), handy to seed each fold
 * differently: `(x, y, fold) => smote(x, y, { seed: fold })`.
 */
export type Resample = (x: MatrixLike, y: VectorLike, fold: number) => Promise<ResampleResult<MatrixLike, VectorLike>>;

/** Options of {@link resampledCrossValPredict}: those of whetstone/folds' `crossValPredict` (no `sampleWeight`) plus `resample`. */
export interface ResampledCrossValPredictOptions<M extends 'predict' | 'predictProba' = 'predict' | 'predictProba'> {
  /** The resampling applied to each fold's training rows, and only to them (required). */
  readonly resample: Resample;
  /**
   * The folds: a number `k` (default 5) for unshuffled stratified k-fold on integer labels, or a
   * list of `{ train, test }` folds (from whetstone/folds' `stratifiedKFold`, `groupKFold`, …)
   * whose test sets partition the rows.
   */
  readonly folds?: number | readonly Fold[];
  /** `'predict'` (default): the most probable label; `'predictProba'`: class probabilities. */
  readonly method?: M;
  /** Shuffle the folds made from a number `folds` with this seed (default: unshuffled). */
  readonly seed?: number | string | Rng;
}

function dispose(value: unknown): void {
  if (isTensor(value)) value.dispose();
}

function checkResult(fn: string, result: unknown, call: number): ResampleResult<MatrixLike, VectorLike> {
  const r = result as Partial<ResampleResult<MatrixLike, VectorLike>> | null;
  if (typeof r !== 'object' || r === null || r.x === undefined || r.y === undefined) {
    throw new InvalidArgumentError(`${fn}: option "resample" must return a promise of { x, y, … } (a resampler's result); call ${call} gave ${formatValue(result)}.`);
  }
  return r as ResampleResult<MatrixLike, VectorLike>;
}

/**
 * Wrap a classifier factory so that every `fit` first resamples the rows it is given and fits on
 * the result, while `predictProba` sees the rows as they are: imbalanced-learn's `Pipeline`
 * (a sampler followed by a classifier), as a whetstone `Factory`. Hand the result to
 * `crossValPredict`, a stacking or calibration helper, or a tuner: the resampling then only ever
 * sees training rows, and validation rows (and synthetic copies of them) cannot leak into training.
 *
 * Sample weights passed to `fit` follow their rows through `sampleIndices` (a duplicated row keeps
 * its weight); a resampler that makes synthetic rows cannot be combined with sample weights
 * (there is no weight to give them), and says so.
 *
 * @param factory - makes a fresh, unfitted classifier (the estimator protocol of whetstone/estimators).
 * @param resample - the resampling step, called once per `fit` with `fold` = the number of earlier
 *   `fit` calls on estimators of this factory.
 * @returns a factory of classifiers that resample before fitting; each forwards `classes`,
 *   `predictProba` and `dispose` to the wrapped one. Tensors made by the resampler are disposed as
 *   soon as `fit` returns.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when `factory` or `resample` is not a function (at once),
 *   or, from `fit`, when `resample` returns something that is not a resampler's result, or
 *   synthetic rows together with sample weights.
 * @example
 * ```ts
 * const balanced = resampledClassifier(() => logisticRegression(), (x, y, fold) => smote(x, y, { seed: fold }));
 * const oof = await crossValPredict(balanced, x, y, { method: 'predictProba' });
 * ```
 * @see imbalanced-learn 0.10 `imblearn/pipeline.py` (samplers apply in `fit` only).
 */
export function resampledClassifier(factory: Factory<Classifier>, resample: Resample): Factory<Classifier> {
  const fn = 'resampledClassifier';
  checkArgument(fn, 'factory', factory, is.func());
  checkArgument(fn, 'resample', resample, is.func());
  return wrap(fn, factory, resample);
}

function wrap(fn: string, factory: Factory<Classifier>, resample: Resample): Factory<Classifier> {
  let calls = 0;
  return () => {
    const inner: unknown = factory();
    const c = inner as Partial<Classifier> | null;
    if (typeof c !== 'object' || c === null || typeof c.fit !== 'function' || typeof c.predictProba !== 'function') {
      throw invalidArgument(fn, 'factory', 'a function returning a Classifier (fit, predictProba, classes)', inner, 'what the factory returned');
    }
    return wrapOne(fn, c as Classifier, resample, () => calls++);
  };
}

function wrapOne(fn: string, inner: Classifier, resample: Resample, nextCall: () => number): Classifier {
  return {
    async fit(x: MatrixLike, y: VectorLike, options?: FitOptions): Promise<void> {
      const call = nextCall();
      const r = checkResult(fn, await resample(x, y, call), call);
      try {
        let weight: number[] | undefined;
        if (options?.sampleWeight !== undefined) {
          const given = isTensor(options.sampleWeight) ? Array.from(await options.sampleWeight.data()) : Array.from(options.sampleWeight);
          if (r.synthetic.some(Boolean) || r.sampleIndices.some((i) => i < 0)) {
            throw invalidOption(fn, 'resample', 'a resampler that makes no synthetic rows when sample weights are given', resample, 'synthetic rows have no weight to inherit');
          }
          weight = r.sampleIndices.map((i) => given[i]!);
        }
        if (weight === undefined) await inner.fit(r.x, r.y);
        else await inner.fit(r.x, r.y, { sampleWeight: weight });
      } finally {
        dispose(r.x);
        dispose(r.y);
      }
    },
    predictProba: (x: MatrixLike) => inner.predictProba(x),
    get classes() {
      return inner.classes;
    },
    dispose(): void {
      inner.dispose?.();
    },
  };
}

/**
 * Out-of-fold predictions with resampling applied to each fold's training rows only: for every
 * fold, the training rows are resampled (`resample`), a fresh classifier is fitted on the result,
 * and the untouched validation rows are predicted. Resampling before splitting would put synthetic
 * copies of validation rows into training and flatter the scores; this cannot.
 *
 * It is `crossValPredict` (whetstone/folds) over {@link resampledClassifier}; folds, method and
 * seed mean the same there (a number of folds gives stratified folds for integer labels).
 *
 * @typeParam M - `'predict'` (labels) or `'predictProba'` (probabilities).
 * @param factory - makes a fresh, unfitted classifier; called once per fold.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`); not modified.
 * @param y - one label per row; not modified.
 * @param options - `resample` (required), `folds` (default 5 stratified), `method` (default
 *   `'predict'`), `seed` (shuffles folds made from a number).
 * @returns one prediction (or row of probabilities, columns in ascending label order) per row of
 *   `x`, each from the model of the fold that held the row out.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options or data, and whatever `crossValPredict` or
 *   the resampler throws; {@link "whetstone/core"!ShapeError} for mismatched lengths.
 * @example
 * ```ts
 * const oof = await resampledCrossValPredict(() => logisticRegression(), x, y, {
 *   resample: (xt, yt, fold) => smote(xt, yt, { seed: fold }),
 *   folds: stratifiedKFold(y, { k: 5, shuffle: true, seed: 0 }),
 *   method: 'predictProba',
 * });
 * ```
 * @see imbalanced-learn 0.10's `Pipeline` in scikit-learn's `cross_val_predict`.
 */
export async function resampledCrossValPredict<M extends 'predict' | 'predictProba' = 'predict'>(
  factory: Factory<Classifier>,
  x: MatrixLike,
  y: VectorLike,
  options: ResampledCrossValPredictOptions<M>,
): Promise<CrossValPrediction<M>> {
  const fn = 'resampledCrossValPredict';
  checkArgument(fn, 'factory', factory, is.func());
  checkOptions(fn, options, {
    resample: is.func(),
    folds: is.anyOf(is.integer({ min: 2 }), is.custom('an array of { train, test } folds', (v) => Array.isArray(v))),
    method: is.oneOf(['predict', 'predictProba']),
    seed: is.seed(),
  });
  if (options === undefined || options.resample === undefined) {
    throw invalidOption(fn, 'resample', 'a function (x, y, fold) => a resampler result', undefined, 'it is required');
  }
  const { resample, ...rest } = options;
  try {
    return await crossValPredict<M>(wrap(fn, factory, resample) as Factory<never>, x, y, rest as CrossValPredictOptions<M>);
  } catch (error) {
    throw renameFolds(error, fn);
  }
}

/** Messages from the inner crossValPredict name this function instead. */
function renameFolds(error: unknown, fn: string): unknown {
  if (error instanceof Error && error.message.startsWith('crossValPredict: ')) {
    error.message = `${fn}: ${error.message.slice('crossValPredict: '.length)}`;
  }
  return error;
}
