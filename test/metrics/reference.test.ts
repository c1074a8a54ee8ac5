// Every metric against scikit-learn 1.2 on the fixtures of scripts/fixtures/metrics.py, to 1e-9
// (absolute for values up to 1, relative above; see expectMatches).
import { afterAll, describe, expect, it } from 'vitest';
import { WhetstoneError } from '../../src/core/index.js';
import * as metrics from '../../src/metrics/index.js';
import { casesOf, expectMatches, sklearnVersion, worst } from './_fixtures.js';

type AnyMetric = (...args: unknown[]) => unknown;

const FUNCTIONS = [
  'accuracyScore',
  'balancedAccuracyScore',
  'perClassAccuracy',
  'confusionMatrix',
  'cohenKappaScore',
  'precisionScore',
  'recallScore',
  'f1Score',
  'fbetaScore',
  'precisionRecallFscoreSupport',
  'rocCurve',
  'precisionRecallCurve',
  'prAucScore',
  'averagePrecisionScore',
  'rocAucScore',
  'logLoss',
  'brierScoreLoss',
  'brierScore',
  'meanSquaredError',
  'meanAbsoluteError',
  'r2Score',
] as const;

it('fixtures come from scikit-learn 1.2', () => {
  expect(sklearnVersion).toMatch(/^1\.2\./);
});

for (const name of FUNCTIONS) {
  describe(`${name} matches scikit-learn`, () => {
    const fn = metrics[name] as unknown as AnyMetric;
    const cases = casesOf(name);
    it('has reference cases', () => expect(cases.length).toBeGreaterThan(0));
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
      if (c.error !== undefined || c.undefined) {
        // scikit-learn raised, or returned NaN with a warning: whetstone throws a named error.
        expect(() => fn(...c.args, c.options)).toThrow(WhetstoneError);
        return;
      }
      expectMatches(fn(...c.args, c.options), c.expected, `${name} ${c.name}`);
    });
  });
}

describe('slicedMetrics matches per-slice scikit-learn scores', () => {
  const [c] = casesOf('slicedMetrics');
  const [y, s, seg] = c!.args as [number[], number[], number[]];
  const e = c!.expected as {
    overallAuc: number;
    overallAccuracy: number;
    pred: number[];
    slices: { segment: number; n: number; auc?: number }[];
    accuracy: number[];
  };

  it('ROC AUC per segment, NaN with an error where one class is present', () => {
    const got = metrics.slicedMetrics((t, p) => metrics.rocAucScore(t, p as number[]), y, s, seg);
    expectMatches(got.overall.score, e.overallAuc, 'overall');
    expect(got.slices.map((r) => r.segment)).toEqual(e.slices.map((r) => r.segment));
    got.slices.forEach((row, i) => {
      const ref = e.slices[i]!;
      expect(row.n).toBe(ref.n);
      if (ref.auc === undefined) {
        expect(row.score).toBeNaN();
        expect(row.error).toMatch(/only one class present in y_true/);
      } else {
        expectMatches(row.score, ref.auc, `slice ${ref.segment}`);
        expect(row.error).toBeUndefined();
      }
    });
  });

  it('accuracy per segment', () => {
    const got = metrics.slicedMetrics(metrics.accuracyScore, y, e.pred, seg);
    expectMatches(got.overall.score, e.overallAccuracy, 'overall');
    expectMatches(got.slices.map((r) => r.score), e.accuracy, 'slices');
  });
});

afterAll(() => {
  // Printed for the record: how close to sklearn the closest-to-failing number came.
  console.log(`metrics fixtures: largest scaled difference from sklearn ${worst.error.toExponential(2)} (${worst.where})`);
});
