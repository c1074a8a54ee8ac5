// Input kinds, validation messages, documented edge cases and result types.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../src/core/index.js';
import {
  accuracyScore,
  averagePrecisionScore,
  balancedAccuracyScore,
  brierScore,
  brierScoreLoss,
  cohenKappaScore,
  confusionMatrix,
  f1Score,
  fbetaScore,
  logLoss,
  meanSquaredError,
  perClassAccuracy,
  prAucScore,
  precisionRecallCurve,
  precisionRecallFscoreSupport,
  precisionScore,
  r2Score,
  recallScore,
  rocAucScore,
  rocCurve,
  slicedMetrics,
} from '../../src/metrics/index.js';
import type { PrfsAveraged, PrfsPerClass, SliceMetric, WeightedSliceMetric } from '../../src/metrics/index.js';
import { expectNoLeaks } from '../_support/leaks.js';

const yBin = [0, 0, 1, 1, 1, 0];
const sBin = [0.1, 0.4, 0.35, 0.8, 0.9, 0.2];
const yMulti = [-1, 3, 7, 3, -1, 7];
const pMulti = [
  [0.7, 0.2, 0.1],
  [0.2, 0.6, 0.2],
  [0.1, 0.2, 0.7],
  [0.3, 0.4, 0.3],
  [0.5, 0.3, 0.2],
  [0.2, 0.5, 0.3],
];

describe('input kinds', () => {
  it('tensors, typed arrays and { data, shape } give the same numbers as arrays, without leaking', async () => {
    const arrays = [rocAucScore(yBin, sBin), rocAucScore(yMulti, pMulti), logLoss(yMulti, pMulti), accuracyScore(yBin, [0, 1, 1, 1, 0, 0])];
    const viaTensors = await expectNoLeaks(() => {
      const t = [tf.tensor1d(yBin), tf.tensor1d(sBin), tf.tensor1d(yMulti), tf.tensor2d(pMulti, undefined, 'float32'), tf.tensor1d([0, 1, 1, 1, 0, 0], 'int32')] as const;
      try {
        return [rocAucScore(t[0], t[1]), rocAucScore(t[2], t[3]), logLoss(t[2], t[3]), accuracyScore(t[0], t[4])];
      } finally {
        t.forEach((x) => x.dispose());
      }
    });
    expect(viaTensors[0]).toBe(arrays[0]);
    expect(viaTensors[3]).toBe(arrays[3]);
    // float32 probabilities differ from the float64 arrays in the 8th digit.
    expect(viaTensors[1]).toBeCloseTo(arrays[1]!, 6);
    expect(viaTensors[2]).toBeCloseTo(arrays[2]!, 6);
    const flat = { data: new Float64Array(pMulti.flat()), shape: [6, 3] as const };
    expect(rocAucScore(new Int8Array(yMulti), flat)).toBe(arrays[1]);
    expect(logLoss(Float64Array.from(yMulti), flat)).toBe(arrays[2]);
  });

  it('does not modify its inputs', () => {
    const y = yMulti.slice();
    const p = pMulti.map((r) => r.slice());
    const w = [1, 0, 2, 1, 1, 3];
    logLoss(y, p, { sampleWeight: w });
    rocAucScore(y, p, { sampleWeight: w });
    expect([y, p, w]).toEqual([yMulti, pMulti, [1, 0, 2, 1, 1, 3]]);
  });
});

describe('validation', () => {
  it('rejects mismatched lengths with a ShapeError naming both arguments', () => {
    expect(() => accuracyScore([0, 1], [0, 1, 1])).toThrow(new ShapeError('accuracyScore: arguments "yTrue" and "yPred" must have the same number of rows; got 2 and 3.'));
    expect(() => rocAucScore([0, 1], [0.5])).toThrow(ShapeError);
    expect(() => f1Score([0, 1], [0, 1], { sampleWeight: [1] })).toThrow('f1Score: argument "yTrue" and option "sampleWeight" must have the same number of rows; got 2 and 1.');
  });

  it('rejects NaN, Infinity, empty inputs and bad weights', () => {
    expect(() => accuracyScore([0, Number.NaN], [0, 1])).toThrow(/argument "yTrue" must contain only finite numbers; got NaN at index 1/);
    expect(() => rocAucScore([0, 1], [0, Number.POSITIVE_INFINITY])).toThrow(InvalidArgumentError);
    expect(() => meanSquaredError([], [])).toThrow(/argument "yTrue" must be a non-empty vector/);
    expect(() => f1Score([0, 1], [0, 1], { sampleWeight: [1, -1] })).toThrow(
      'f1Score: option "sampleWeight" must contain only weights >= 0; got -1 at index 1.',
    );
    expect(() => accuracyScore([0, 1], [0, 1], { sampleWeight: [0, 0] })).toThrow(/at least one positive weight/);
    expect(accuracyScore([0, 1], [0, 1], { sampleWeight: [0, 0], normalize: false })).toBe(0);
  });

  it('rejects probabilities outside [0, 1] where they must be probabilities, but not ROC scores', () => {
    expect(() => logLoss([0, 1], [0.2, 1.2])).toThrow('logLoss: argument "yProb" must be made of probabilities in [0, 1] (at index 1); got 1.2.');
    expect(() => brierScoreLoss([0, 1], [-0.1, 0.5])).toThrow(/probabilities in \[0, 1\]/);
    expect(() => brierScore([0, 1, 2], [[0.5, 0.6, -0.1], [0.2, 0.3, 0.5], [0, 0, 1]])).toThrow(/row 0, column 2/);
    expect(() => rocAucScore(yMulti, pMulti.map(([a, b, c]) => [a! * 2, b! - a!, c!]))).toThrow(InvalidArgumentError);
    expect(rocAucScore([0, 1], [-5, 12])).toBe(1);
  });

  it('rejects a single class where two are needed', () => {
    expect(() => rocAucScore([1, 1, 1], [0.2, 0.5, 0.9])).toThrow(/^rocAucScore: only one class present in y_true/);
    expect(() => rocCurve([0, 0], [0.2, 0.5])).toThrow(/no positive row/);
    expect(() => logLoss([1, 1], [0.5, 0.5])).toThrow(/only one label/);
    expect(logLoss([1, 1], [0.5, 0.5], { labels: [0, 1] })).toBeCloseTo(Math.log(2), 15);
    expect(() => balancedAccuracyScore([1, 1], [1, 0], { adjusted: true })).toThrow(/single class/);
    expect(() => cohenKappaScore([2, 2], [2, 2])).toThrow(/expected disagreement by chance is zero/);
    // A one-vs-rest column without positives, when labels name a class missing from yTrue.
    expect(() => rocAucScore([0, 1, 0, 1], [[0.5, 0.5, 0], [0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.1, 0.8, 0.1]], { labels: [0, 1, 2] })).toThrow(
      /only one class present in y_true for the one-vs-rest column of class 2/,
    );
    // Zero weights can remove a class: scikit-learn returns NaN there.
    expect(() => rocAucScore([0, 1, 1], [0.1, 0.5, 0.9], { sampleWeight: [0, 1, 1] })).toThrow(/rows of weight 0/);
  });

  it('rejects unknown averages, misspelt options and a posLabel that is not a label', () => {
    expect(() => f1Score([0, 1], [0, 1], { average: 'samples' as 'macro' })).toThrow(
      "f1Score: option \"average\" must be one of 'binary', 'micro', 'macro', 'weighted', 'none'; got 'samples'.",
    );
    expect(() => f1Score([0, 1], [0, 1], { avarage: 'macro' } as object)).toThrow('f1Score: unknown option "avarage" (did you mean "average"?)');
    expect(() => confusionMatrix([0, 1], [0, 1], { normalize: 'rows' as 'all' })).toThrow(/option "normalize"/);
    expect(() => precisionScore([0, 2, 2], [0, 2, 0])).toThrow("precisionScore: option \"posLabel\" must be one of the labels [0, 2]; got 1.");
    expect(() => precisionScore([0, 1, 2], [0, 1, 1])).toThrow(/the labels are multiclass: 3 distinct values/);
    expect(() => recallScore([0, 1, 2], [0, 1, 1], { average: 'macro', posLabel: 2 })).toThrow(/use labels: \[c\]/);
    expect(() => rocCurve([3, 7, 7], [0.1, 0.5, 0.9])).toThrow(/option "posLabel" must be given when yTrue does not take values in \{0, 1\} or \{-1, 1\}/);
    expect(() => rocCurve([3, 7, 7], [0.1, 0.5, 0.9], { posLabel: 5 })).toThrow(/one of the labels in yTrue \[3, 7\]/);
    expect(() => fbetaScore([0, 1], [0, 1], {} as { beta: number })).toThrow(/option "beta" .*it is required/);
    expect(() => f1Score([0, 1], [0, 1], { labels: [0, 1, 0], average: 'macro' })).toThrow(/0 appears twice/);
    expect(() => rocAucScore([0, 1, 2], pMulti.slice(0, 3), { labels: [3, -1, 7] })).toThrow(/sorted ascending/);
  });

  it('rejects wrong column counts', () => {
    expect(() => rocAucScore([0, 1, 2], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])).toThrow(
      new ShapeError('rocAucScore: argument "yScore" must have one column per class (3, the labels in yTrue [0, 1, 2]; pass option "labels" to name the columns); got 2 columns.'),
    );
    expect(() => logLoss([0, 1, 2], [0.2, 0.5, 0.1])).toThrow(ShapeError);
    expect(() => logLoss([0, 1, 1], [[0.2, 0.5, 0.3], [0.2, 0.5, 0.3], [0.2, 0.5, 0.3]])).toThrow(/pass option "labels"/);
    expect(() => rocAucScore([0, 1, 2, 0], [0.1, 0.2, 0.3, 0.4])).toThrow(/must be a matrix with one column per class when yTrue has 3 classes/);
    expect(() => averagePrecisionScore([[0, 1], [1, 0]], [[0.5, 0.5, 0], [0.5, 0.5, 0]])).toThrow(ShapeError);
  });

  it('rejects labels of yTrue that are not in option "labels" (scikit-learn scores those rows as zero loss)', () => {
    expect(() => logLoss([0, 1, 5], [[0.3, 0.3, 0.4], [0.3, 0.3, 0.4], [0.3, 0.3, 0.4]], { labels: [0, 1, 2] })).toThrow(
      'logLoss: argument "yTrue" contains the label 5 (at index 2), which is not in option "labels" [0, 1, 2].',
    );
  });
});

describe('documented behaviour', () => {
  it('rocCurve starts at threshold max + 1, as scikit-learn 1.2', () => {
    expect(rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toEqual({
      fpr: [0, 0, 0.5, 0.5, 1],
      tpr: [0, 0.5, 0.5, 1, 1],
      thresholds: [1.8, 0.8, 0.4, 0.35, 0.1],
    });
  });

  it('logLoss: eps "auto" is float64 machine epsilon', () => {
    expect(logLoss([1], [0], { labels: [0, 1] })).toBe(-Math.log(Number.EPSILON));
    expect(logLoss([1], [0], { labels: [0, 1], eps: 0 })).toBe(Infinity);
  });

  it('r2Score: 1 or 0 for a constant yTrue, and rejects a single row', () => {
    expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(r2Score([2, 2, 2], [2, 2, 1])).toBe(0);
    expect(() => r2Score([1], [1])).toThrow(/fewer than two rows; got 1/);
  });

  it('zeroDivision sets ill-defined precision and recall', () => {
    expect(precisionScore([0, 0, 1], [0, 0, 0])).toBe(0);
    expect(precisionScore([0, 0, 1], [0, 0, 0], { zeroDivision: 1 })).toBe(1);
    expect(recallScore([0, 0], [0, 0])).toBe(0);
    expect(f1Score([0, 0], [0, 0], { zeroDivision: 1 })).toBe(1);
    expect(perClassAccuracy([0, 0, 1], [0, 1, 1], { labels: [1, 0, 9] })).toEqual({ labels: [1, 0, 9], accuracy: [1, 0.5, 0], support: [1, 2, 0] });
  });

  it('averagePrecisionScore and prAucScore differ (step-wise versus trapezoids)', () => {
    expect(averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 15);
    expect(prAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.7916666666666666, 15);
  });

  it('precisionRecallCurve with no positive row sets recall to 1, as scikit-learn', () => {
    expect(precisionRecallCurve([0, 0], [0.3, 0.6])).toEqual({ precision: [0, 0, 1], recall: [1, 1, 0], thresholds: [0.3, 0.6] });
  });

  it('brierScoreLoss defaults posLabel to the greater label outside {0, 1} / {-1, 1}', () => {
    expect(brierScoreLoss([3, 7], [0.2, 0.9])).toBeCloseTo((0.2 ** 2 + 0.1 ** 2) / 2, 15);
  });

  it('a two-column score matrix is one-vs-rest, equal to the binary AUC of column 1', () => {
    const p = sBin.map((s) => [1 - s, s]);
    expect(rocAucScore(yBin, p)).toBeCloseTo(rocAucScore(yBin, sBin), 12);
    expect(rocAucScore(yBin, sBin, { average: 'none' })).toEqual([rocAucScore(yBin, sBin)]);
  });
});

describe('result types follow the average', () => {
  it('averaged scores are numbers, average "none" gives arrays', () => {
    const macro = f1Score(yMulti, [3, 3, 7, 3, -1, -1], { average: 'macro' });
    const perClass = f1Score(yMulti, [3, 3, 7, 3, -1, -1], { average: 'none' });
    expectTypeOf(macro).toEqualTypeOf<number>();
    expectTypeOf(perClass).toEqualTypeOf<number[]>();
    expectTypeOf(precisionScore([0, 1], [0, 1])).toEqualTypeOf<number>();
    expectTypeOf(rocAucScore(yMulti, pMulti, { average: 'none' })).toEqualTypeOf<number[]>();
    expectTypeOf(precisionRecallFscoreSupport([0, 1], [0, 1])).toEqualTypeOf<PrfsPerClass>();
    expectTypeOf(precisionRecallFscoreSupport([0, 1], [0, 1], { average: 'macro' })).toEqualTypeOf<PrfsAveraged>();
    expect(typeof macro).toBe('number');
    expect(perClass).toHaveLength(3);
  });
});

describe('slicedMetrics', () => {
  const y = [0, 1, 0, 1, 1, 1, 0, 1];
  const s = [0.1, 0.9, 0.3, 0.2, 0.8, 0.7, 0.4, 0.6];
  const site = ['b', 'b', 'b', 'a', 'a', 'a', 'c', 'c'];
  const band = [2, 2, 1, 1, 1, 2, 1, 2];
  const auc: SliceMetric = (t, p) => rocAucScore(t, p as number[]);

  it('scores every segment of every named segmentation, sorted by segment, keeping failures per slice', () => {
    const { overall, slices } = slicedMetrics(auc, y, s, { site, band }, { minSize: 3 });
    expect(overall).toEqual({ n: 8, score: rocAucScore(y, s) });
    expect(slices.map((r) => [r.by, r.segment, r.n])).toEqual([
      ['site', 'a', 3],
      ['site', 'b', 3],
      ['site', 'c', 2],
      ['band', 1, 4],
      ['band', 2, 4],
    ]);
    expect(slices[0]!.score).toBeNaN();
    expect(slices[0]!.error).toMatch(/only one class present/);
    expect(slices[1]).toEqual({ by: 'site', segment: 'b', n: 3, score: 1 });
    expect(slices[2]).toMatchObject({ score: Number.NaN, error: 'the slice has 2 rows, fewer than minSize 3' });
    expect(slices[3]!.score).toBe(rocAucScore([0, 1, 1, 0], [0.3, 0.2, 0.8, 0.4]));
  });

  it('passes sliced weights as the third argument only when given, and matrices row by row', () => {
    const seen: unknown[][] = [];
    const spy: WeightedSliceMetric<number[] | number[][]> = (...args) => {
      seen.push(args.filter((a) => a !== undefined));
      return 0;
    };
    slicedMetrics(spy as SliceMetric<number[][]>, [0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [5, 4, 5]);
    expect(seen[1]).toEqual([[1], [[0, 1, 0]]]);
    expect(seen[2]).toEqual([[0, 2], [[1, 0, 0], [0, 0, 1]]]);
    seen.length = 0;
    slicedMetrics(spy as WeightedSliceMetric, [0, 1, 2], [0, 1, 2], [5, 4, 5], { sampleWeight: [1, 2, 3] });
    expect(seen[2]).toEqual([[0, 2], [0, 2], [1, 3]]);
  });

  it('accepts whetstone metrics as they are, and weighted wrappers', () => {
    expect(slicedMetrics(accuracyScore, [0, 1, 1], [0, 1, 0], [1, 1, 2]).slices.map((r) => r.score)).toEqual([1, 0]);
    const weighted = slicedMetrics((t, p, w) => accuracyScore(t, p, { sampleWeight: w }), [0, 1, 1], [0, 0, 1], [1, 1, 1], { sampleWeight: [1, 3, 0] });
    expect(weighted.overall.score).toBe(0.25);
    const probs = slicedMetrics(logLoss, [0, 1, 2, 1], [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.2, 0.6, 0.2]], ['x', 'x', 'y', 'y']);
    expect(probs.slices[1]!.error).toMatch(/pass option "labels"|only one label/);
  });

  it('reports NaN results and rejects non-number results, bad segments and bad metrics', () => {
    expect(slicedMetrics(() => Number.NaN, [1], [1], [0]).slices[0]).toMatchObject({ error: 'the metric returned NaN' });
    expect(() => slicedMetrics((() => 'x') as unknown as SliceMetric, [1], [1], [0])).toThrow(/argument "metric" must be a function returning a number; got 'x'/);
    expect(() => slicedMetrics('accuracy' as unknown as SliceMetric, [1], [1], [0])).toThrow(/argument "metric" must be a function/);
    expect(() => slicedMetrics(auc, [1, 0], [1, 0], [0])).toThrow(ShapeError);
    expect(() => slicedMetrics(auc, [1, 0], [1, 0], [0, Number.NaN])).toThrow(/segment ids \(finite numbers or strings\) \(at index 1\); got NaN/);
    expect(() => slicedMetrics(auc, [1, 0], [1, 0], {})).toThrow(/non-empty record/);
    expect(() => slicedMetrics(auc, [1, 0], [1, 0], [0, 1], { minSize: 0 })).toThrow(/option "minSize" must be an integer >= 1/);
  });
});
