import { checkOptions, invalidOption, is } from '../core/index.js';
import type { Constraint, VectorLike } from '../core/index.js';
import { labelsOption, listLabels, readLabelsOption, uniqueSorted, vectorOption, zeroDivisionOption } from './_internal/inputs.js';
import { countPerLabel, divideOr, readLabelPair } from './_internal/labels.js';
import type { LabelPair } from './_internal/labels.js';
import { pairwiseSum, weightedAverage } from './_internal/numeric.js';

/**
 * How per-class precision, recall and F-scores are combined, as scikit-learn's `average`:
 * `'binary'` reports the class `posLabel` only (labels must hold at most two distinct values);
 * `'micro'` pools the counts of all classes; `'macro'` is the unweighted mean over classes;
 * `'weighted'` the mean weighted by each class's support; `'none'` (sklearn's `None`) returns
 * one score per class, in label order.
 */
export type PrfAverage = 'binary' | 'micro' | 'macro' | 'weighted' | 'none';

/** A score, or one score per class when the average is `'none'`. */
export type AveragedScore<A> = A extends 'none' ? number[] : number;

/** Options of {@link precisionScore}, {@link recallScore}, {@link f1Score} (and, with `beta`, {@link fbetaScore}). */
export interface PrfOptions<A extends PrfAverage = PrfAverage> {
  /** How to combine classes (default `'binary'`); see {@link PrfAverage}. */
  average?: A;
  /**
   * The positive class when `average` is `'binary'` (default `1`). Rejected with other averages
   * unless it is 1 (scikit-learn warns and ignores it; use `labels: [c]` for one class).
   */
  posLabel?: number;
  /**
   * The classes to report and average over, in this order (default: every label in `yTrue` or
   * `yPred`, ascending). May name classes absent from the data (their scores follow
   * `zeroDivision`) and may leave classes out. Ignored when `average` is `'binary'`, as in
   * scikit-learn.
   */
  labels?: readonly number[];
  /** One non-negative weight per row (default: all 1). */
  sampleWeight?: VectorLike;
  /**
   * The value of a score whose denominator is zero (no predicted rows for precision, no true rows
   * for recall). Default `0`, which is what scikit-learn's default `"warn"` returns (it also warns;
   * whetstone cannot, so check `support` if it matters).
   */
  zeroDivision?: 0 | 1;
}

/** Options of {@link fbetaScore}: {@link PrfOptions} plus the required `beta`. */
export interface FbetaOptions<A extends PrfAverage = PrfAverage> extends PrfOptions<A> {
  /** Weight of recall relative to precision: `0` gives precision, `Infinity` recall, `1` F1. Required. */
  beta: number;
}

/** Options of {@link precisionRecallFscoreSupport}: {@link PrfOptions} with `average` defaulting to `'none'`, plus `beta`. */
export interface PrfsOptions<A extends PrfAverage = PrfAverage> extends PrfOptions<A> {
  /** Weight of recall in the F-score (default `1`, F1). `Infinity` makes the F-score the recall. */
  beta?: number;
}

/** Per-class result of {@link precisionRecallFscoreSupport} (`average: 'none'`, the default). */
export interface PrfsPerClass {
  /** The classes, in the order of the other arrays. */
  labels: number[];
  /** Precision of each class. */
  precision: number[];
  /** Recall of each class. */
  recall: number[];
  /** F-beta score of each class. */
  fscore: number[];
  /** Weighted number of rows whose true label is each class. */
  support: number[];
}

/**
 * Averaged result of {@link precisionRecallFscoreSupport}. Unlike the per-class result there is
 * no `support` (scikit-learn returns `None` there).
 */
export interface PrfsAveraged {
  /** Averaged precision. */
  precision: number;
  /** Averaged recall. */
  recall: number;
  /** Averaged F-beta score. */
  fscore: number;
}

/** The result of {@link precisionRecallFscoreSupport} for a given average. */
export type PrfsResult<A> = A extends 'none' ? PrfsPerClass : PrfsAveraged;

const AVERAGES = ['binary', 'micro', 'macro', 'weighted', 'none'] as const;
const betaConstraint = is.anyOf(is.number({ min: 0 }), is.oneOf([Infinity] as const));

const baseSpec: Readonly<Record<string, Constraint>> = {
  average: is.oneOf(AVERAGES),
  posLabel: is.number(),
  labels: labelsOption,
  sampleWeight: vectorOption,
  zeroDivision: zeroDivisionOption,
};
const betaSpec: Readonly<Record<string, Constraint>> = { ...baseSpec, beta: betaConstraint };

interface Resolved {
  readonly average: PrfAverage;
  readonly labels: Float64Array;
  readonly beta: number;
  readonly zeroDivision: number;
}

type PrfsRaw =
  | { kind: 'none'; labels: Float64Array; p: Float64Array; r: Float64Array; f: Float64Array; support: Float64Array }
  | { kind: 'averaged'; p: number; r: number; f: number };

/** Validate everything and resolve the class list, before any counting (scikit-learn's `_check_set_wise_labels`). */
function resolve(fn: string, pair: LabelPair, options: PrfsOptions, defaultAverage: PrfAverage): Resolved {
  const average = options.average ?? defaultAverage;
  const posLabel = options.posLabel ?? 1;
  const given = readLabelsOption(fn, options.labels);
  const present = uniqueSorted(pair.t, pair.p);
  let labels: Float64Array;
  if (average === 'binary') {
    if (present.length > 2) {
      throw invalidOption(fn, 'average', "one of 'micro', 'macro', 'weighted', 'none'", 'binary', `the labels are multiclass: ${present.length} distinct values`);
    }
    if (!present.includes(posLabel) && present.length >= 2) {
      throw invalidOption(fn, 'posLabel', `one of the labels ${listLabels(present)}`, posLabel);
    }
    labels = Float64Array.of(posLabel);
  } else {
    if (options.posLabel !== undefined && options.posLabel !== 1) {
      throw invalidOption(fn, 'posLabel', "left unset unless average is 'binary' (use labels: [c] to score one class)", options.posLabel, `average is '${average}'`);
    }
    labels = given ?? present;
  }
  return { average, labels, beta: options.beta ?? 1, zeroDivision: options.zeroDivision ?? 0 };
}

/** scikit-learn 1.2's `precision_recall_fscore_support`, after validation. */
function computePrfs(pair: LabelPair, r: Resolved): PrfsRaw {
  const counts = countPerLabel(pair, r.labels);
  let { tp, predSum, trueSum } = counts;
  if (r.average === 'micro') {
    tp = Float64Array.of(pairwiseSum(tp));
    predSum = Float64Array.of(pairwiseSum(predSum));
    trueSum = Float64Array.of(pairwiseSum(trueSum));
  }
  const zd = r.zeroDivision;
  const precision = divideOr(tp, predSum, zd);
  const recall = divideOr(tp, trueSum, zd);
  const beta2 = r.beta * r.beta;
  const fscore = new Float64Array(precision.length);
  for (let i = 0; i < fscore.length; i++) {
    if (r.beta === Infinity) {
      fscore[i] = recall[i]!;
    } else {
      let denom = beta2 * precision[i]! + recall[i]!;
      if (denom === 0) denom = 1;
      fscore[i] = ((1 + beta2) * precision[i]! * recall[i]!) / denom;
    }
  }
  if (r.average === 'none') return { kind: 'none', labels: r.labels, p: precision, r: recall, f: fscore, support: trueSum };
  let weights: Float64Array | undefined;
  if (r.average === 'weighted') {
    weights = trueSum;
    if (pairwiseSum(weights) === 0) {
      // No true rows among the labels: sklearn 1.2 returns these fixed values.
      if (pairwiseSum(predSum) === 0) return { kind: 'averaged', p: zd, r: zd, f: zd };
      return { kind: 'averaged', p: 0, r: zd, f: 0 };
    }
  }
  return { kind: 'averaged', p: weightedAverage(precision, weights), r: weightedAverage(recall, weights), f: weightedAverage(fscore, weights) };
}

function run(fn: string, yTrue: VectorLike, yPred: VectorLike, options: PrfsOptions | undefined, spec: Readonly<Record<string, Constraint>>, defaultAverage: PrfAverage): PrfsRaw {
  checkOptions(fn, options, spec);
  const opts = options ?? {};
  const pair = readLabelPair(fn, yTrue, yPred, opts.sampleWeight);
  return computePrfs(pair, resolve(fn, pair, opts, defaultAverage));
}

function pick(raw: PrfsRaw, which: 'p' | 'r' | 'f'): number | number[] {
  return raw.kind === 'none' ? Array.from(raw[which]) : raw[which];
}

/**
 * Precision, `tp / (tp + fp)`: of the rows predicted as a class, the fraction that truly are.
 *
 * @typeParam A - the `average` given, which decides the result type.
 * @param yTrue - true labels (any numbers).
 * @param yPred - predicted labels, same length.
 * @param options - see {@link PrfOptions}; `average` defaults to `'binary'` with `posLabel` 1.
 * @returns the score, or with `average: 'none'` one score per class in label order.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for NaN/Infinity, empty inputs, bad
 *   options, `average: 'binary'` on more than two labels, or a `posLabel` that is not one of two
 *   present labels; {@link "whetstone/core"!ShapeError} when lengths differ.
 * @example
 * ```ts
 * precisionScore([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 * precisionScore([0, 1, 2], [0, 2, 2], { average: 'macro' }); // 0.5
 * ```
 * @see scikit-learn's `sklearn.metrics.precision_score` (1.2), whose behaviour this follows.
 */
export function precisionScore<A extends PrfAverage = 'binary'>(yTrue: VectorLike, yPred: VectorLike, options?: PrfOptions<A>): AveragedScore<A> {
  return pick(run('precisionScore', yTrue, yPred, options, baseSpec, 'binary'), 'p') as AveragedScore<A>;
}

/**
 * Recall, `tp / (tp + fn)`: of the rows truly of a class, the fraction predicted as it.
 *
 * @typeParam A - the `average` given, which decides the result type.
 * @param yTrue - true labels (any numbers).
 * @param yPred - predicted labels, same length.
 * @param options - see {@link PrfOptions}; `average` defaults to `'binary'` with `posLabel` 1.
 * @returns the score, or with `average: 'none'` one score per class in label order.
 * @throws {@link "whetstone/core"!InvalidArgumentError} / {@link "whetstone/core"!ShapeError} as {@link precisionScore}.
 * @example
 * ```ts
 * recallScore([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 * recallScore([0, 1, 2, 2], [0, 1, 1, 2], { average: 'none' }); // [1, 1, 0.5]
 * ```
 * @see scikit-learn's `sklearn.metrics.recall_score` (1.2).
 */
export function recallScore<A extends PrfAverage = 'binary'>(yTrue: VectorLike, yPred: VectorLike, options?: PrfOptions<A>): AveragedScore<A> {
  return pick(run('recallScore', yTrue, yPred, options, baseSpec, 'binary'), 'r') as AveragedScore<A>;
}

/**
 * F1 score, the harmonic mean of precision and recall (0 when both are 0).
 *
 * @typeParam A - the `average` given, which decides the result type.
 * @param yTrue - true labels (any numbers).
 * @param yPred - predicted labels, same length.
 * @param options - see {@link PrfOptions}; `average` defaults to `'binary'` with `posLabel` 1.
 * @returns the score, or with `average: 'none'` one score per class in label order.
 * @throws {@link "whetstone/core"!InvalidArgumentError} / {@link "whetstone/core"!ShapeError} as {@link precisionScore}.
 * @example
 * ```ts
 * f1Score([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 * f1Score([0, 1, 2, 2], [0, 1, 1, 2], { average: 'weighted' });
 * ```
 * @see scikit-learn's `sklearn.metrics.f1_score` (1.2); van Rijsbergen, *Information Retrieval* (1979).
 */
export function f1Score<A extends PrfAverage = 'binary'>(yTrue: VectorLike, yPred: VectorLike, options?: PrfOptions<A>): AveragedScore<A> {
  return pick(run('f1Score', yTrue, yPred, options, baseSpec, 'binary'), 'f') as AveragedScore<A>;
}

/**
 * F-beta score, `(1 + β²) P R / (β² P + R)`: recall counts β times as much as precision.
 * As in scikit-learn 1.2 the score is computed from the (zero-division-resolved) precision and
 * recall, and is 0 when both are 0.
 *
 * @typeParam A - the `average` given, which decides the result type.
 * @param yTrue - true labels (any numbers).
 * @param yPred - predicted labels, same length.
 * @param options - {@link FbetaOptions}: `beta` (required, ≥ 0 or `Infinity`) plus {@link PrfOptions}.
 * @returns the score, or with `average: 'none'` one score per class in label order.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when `beta` is missing or negative, and as {@link precisionScore}.
 * @example
 * ```ts
 * fbetaScore([0, 1, 1, 0], [1, 1, 1, 0], { beta: 2 }); // 0.909…
 * ```
 * @see scikit-learn's `sklearn.metrics.fbeta_score` (1.2).
 */
export function fbetaScore<A extends PrfAverage = 'binary'>(yTrue: VectorLike, yPred: VectorLike, options: FbetaOptions<A>): AveragedScore<A> {
  const fn = 'fbetaScore';
  if (options?.beta === undefined) {
    checkOptions(fn, options, betaSpec);
    throw invalidOption(fn, 'beta', betaConstraint.description, undefined, 'it is required');
  }
  return pick(run(fn, yTrue, yPred, options, betaSpec, 'binary'), 'f') as AveragedScore<A>;
}

/**
 * Precision, recall, F-beta and support together, computed from one pass over the data.
 *
 * @typeParam A - the `average` given, which decides the result type.
 * @param yTrue - true labels (any numbers).
 * @param yPred - predicted labels, same length.
 * @param options - {@link PrfsOptions}; `average` defaults to `'none'` (per class), `beta` to 1.
 * @returns per class ({@link PrfsPerClass}, with the labels) or averaged ({@link PrfsAveraged}).
 * @throws {@link "whetstone/core"!InvalidArgumentError} / {@link "whetstone/core"!ShapeError} as {@link precisionScore}.
 * @example
 * ```ts
 * const { labels, precision, support } = precisionRecallFscoreSupport([0, 1, 2, 2], [0, 1, 1, 2]);
 * // labels [0, 1, 2], precision [1, 0.5, 1], support [1, 1, 2]
 * ```
 * @see scikit-learn's `sklearn.metrics.precision_recall_fscore_support` (1.2).
 */
export function precisionRecallFscoreSupport<A extends PrfAverage = 'none'>(yTrue: VectorLike, yPred: VectorLike, options?: PrfsOptions<A>): PrfsResult<A> {
  const raw = run('precisionRecallFscoreSupport', yTrue, yPred, options, betaSpec, 'none');
  if (raw.kind === 'averaged') return { precision: raw.p, recall: raw.r, fscore: raw.f } as PrfsResult<A>;
  return {
    labels: Array.from(raw.labels),
    precision: Array.from(raw.p),
    recall: Array.from(raw.r),
    fscore: Array.from(raw.f),
    support: Array.from(raw.support),
  } as PrfsResult<A>;
}
