// Invariants of the metrics, checked on random inputs with fast-check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
  meanAbsoluteError,
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
} from '../../src/metrics/index.js';
import { argsortByComparison, argsortStable } from '../../src/metrics/_internal/argsort.js';
import { pairwiseSum } from '../../src/metrics/_internal/numeric.js';

const RUNS = { numRuns: 60 };
const LABELS = [-1, 3, 7];

/** Rows of (true label, predicted label, weight) over labels [-1, 3, 7]. */
const labelRows = fc.array(
  fc.record({
    t: fc.constantFrom(...LABELS),
    p: fc.constantFrom(...LABELS),
    w: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 5, noNaN: true })),
  }),
  { minLength: 1, maxLength: 40 },
);

/** Rows of a binary problem with integer scores (so transforms and ties are exact). */
const scoredRows = fc
  .array(fc.record({ y: fc.constantFrom(0, 1), s: fc.integer({ min: -20, max: 20 }), w: fc.double({ min: 0.1, max: 3, noNaN: true }) }), {
    minLength: 2,
    maxLength: 50,
  })
  .filter((rows) => rows.some((r) => r.y === 1) && rows.some((r) => r.y === 0));

const probRows = fc
  .array(fc.record({ y: fc.constantFrom(0, 1), p: fc.double({ min: 0, max: 1, noNaN: true }), w: fc.double({ min: 0.1, max: 3, noNaN: true }) }), {
    minLength: 1,
    maxLength: 40,
  });

const cols = <T, K extends keyof T>(rows: readonly T[], k: K): T[K][] => rows.map((r) => r[k]);
const close = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
};
const hasWeight = (rows: readonly { w: number }[]): boolean => rows.some((r) => r.w > 0);

/** A random permutation of 0..n-1 drawn by fast-check. */
const withPermutation = <T>(arb: fc.Arbitrary<T[]>): fc.Arbitrary<[T[], number[]]> =>
  arb.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows.map((_, i) => i), { minLength: rows.length, maxLength: rows.length })));

describe('ranges', () => {
  it('classification scores lie in [0, 1] (kappa ≤ 1)', () => {
    fc.assert(
      fc.property(labelRows, fc.constantFrom('micro', 'macro', 'weighted', 'none') as fc.Arbitrary<'micro' | 'macro' | 'weighted' | 'none'>, (rows, average) => {
        const t = cols(rows, 't');
        const p = cols(rows, 'p');
        const sampleWeight = cols(rows, 'w');
        const inUnit = (v: number | number[]): void => {
          for (const x of [v].flat()) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1);
          }
        };
        inUnit(accuracyScore(t, p));
        inUnit(balancedAccuracyScore(t, p));
        inUnit(precisionScore(t, p, { average }));
        inUnit(recallScore(t, p, { average, zeroDivision: 1 }));
        inUnit(f1Score(t, p, { average, sampleWeight }));
        inUnit(fbetaScore(t, p, { average, beta: 0.5 }));
        inUnit(perClassAccuracy(t, p, { sampleWeight }).accuracy);
        if (hasWeight(rows)) inUnit(accuracyScore(t, p, { sampleWeight }));
        if (new Set([...t, ...p]).size > 1) expect(cohenKappaScore(t, p)).toBeLessThanOrEqual(1 + 1e-12);
        // Undefined only when both raters use one and the same label.
        else expect(() => cohenKappaScore(t, p)).toThrow(/expected disagreement by chance is zero/);
      }),
      RUNS,
    );
  });

  it('ranking scores lie in [0, 1]', () => {
    fc.assert(
      fc.property(scoredRows, (rows) => {
        const y = cols(rows, 'y');
        const s = cols(rows, 's');
        const sampleWeight = cols(rows, 'w');
        for (const v of [rocAucScore(y, s), rocAucScore(y, s, { sampleWeight, maxFpr: 0.5 }), averagePrecisionScore(y, s, { sampleWeight }), prAucScore(y, s)]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
      RUNS,
    );
  });

  it('probability and regression losses lie in their ranges', () => {
    fc.assert(
      fc.property(probRows, (rows) => {
        const y = cols(rows, 'y');
        const p = cols(rows, 'p');
        const sampleWeight = cols(rows, 'w');
        expect(logLoss(y, p, { labels: [0, 1], sampleWeight })).toBeGreaterThanOrEqual(0);
        const b = brierScoreLoss(y, p, { sampleWeight });
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(1);
        expect(meanSquaredError(y, p)).toBeGreaterThanOrEqual(0);
        expect(meanAbsoluteError(y, p, { sampleWeight })).toBeGreaterThanOrEqual(0);
        if (rows.length >= 2) expect(r2Score(p, y)).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });
});

describe('perfect predictions', () => {
  it('y against itself: accuracy, balanced accuracy, F1 and kappa are 1; the confusion matrix is diagonal', () => {
    fc.assert(
      fc.property(labelRows, (rows) => {
        const t = cols(rows, 't');
        expect(accuracyScore(t, t)).toBe(1);
        expect(balancedAccuracyScore(t, t)).toBe(1);
        expect(f1Score(t, t, { average: 'macro' })).toBe(1);
        expect(precisionRecallFscoreSupport(t, t, { average: 'micro' })).toEqual({ precision: 1, recall: 1, fscore: 1 });
        if (new Set(t).size > 1) expect(cohenKappaScore(t, t)).toBe(1);
        confusionMatrix(t, t).forEach((row, i) => row.forEach((v, j) => i !== j && expect(v).toBe(0)));
        expect(r2Score([...t, 0.5], [...t, 0.5])).toBe(1);
        expect(meanSquaredError(t, t)).toBe(0);
      }),
      RUNS,
    );
  });
});

describe('confusion matrix', () => {
  it('sums to the total weight (and to the row count without weights)', () => {
    fc.assert(
      fc.property(labelRows, (rows) => {
        const t = cols(rows, 't');
        const p = cols(rows, 'p');
        const sampleWeight = cols(rows, 'w');
        const sum = (m: number[][]): number => m.flat().reduce((a, b) => a + b, 0);
        expect(sum(confusionMatrix(t, p))).toBe(rows.length);
        close(sum(confusionMatrix(t, p, { sampleWeight })), sampleWeight.reduce((a, b) => a + b, 0));
        if (hasWeight(rows)) close(sum(confusionMatrix(t, p, { sampleWeight, normalize: 'all' })), 1);
      }),
      RUNS,
    );
  });
});

describe('ROC AUC', () => {
  it('is unchanged by strictly increasing transforms of the scores', () => {
    const transforms: ((s: number) => number)[] = [(s) => 2 * s + 1, (s) => s ** 3, (s) => Math.exp(s / 4), (s) => 1 / (1 + Math.exp(-s / 3))];
    fc.assert(
      fc.property(scoredRows, fc.constantFrom(...transforms), (rows, f) => {
        const y = cols(rows, 'y');
        const s = cols(rows, 's');
        const sampleWeight = cols(rows, 'w');
        close(rocAucScore(y, s.map(f)), rocAucScore(y, s));
        close(rocAucScore(y, s.map(f), { sampleWeight }), rocAucScore(y, s, { sampleWeight }));
        close(averagePrecisionScore(y, s.map(f)), averagePrecisionScore(y, s));
      }),
      RUNS,
    );
  });

  it('equals the Mann–Whitney probability that a positive outscores a negative (ties half)', () => {
    fc.assert(
      fc.property(scoredRows, (rows) => {
        const pos = rows.filter((r) => r.y === 1);
        const neg = rows.filter((r) => r.y === 0);
        let wins = 0;
        let total = 0;
        for (const a of pos) {
          for (const b of neg) {
            const pair = a.w * b.w;
            wins += a.s > b.s ? pair : a.s === b.s ? pair / 2 : 0;
            total += pair;
          }
        }
        close(rocAucScore(cols(rows, 'y'), cols(rows, 's'), { sampleWeight: cols(rows, 'w') }), wins / total, 1e-10);
      }),
      RUNS,
    );
  });

  it('gives a monotone curve from (0, 0) to (1, 1) with decreasing thresholds', () => {
    fc.assert(
      fc.property(scoredRows, fc.boolean(), (rows, dropIntermediate) => {
        const { fpr, tpr, thresholds } = rocCurve(cols(rows, 'y'), cols(rows, 's'), { sampleWeight: cols(rows, 'w'), dropIntermediate });
        expect([fpr[0], tpr[0], fpr.at(-1), tpr.at(-1)]).toEqual([0, 0, 1, 1]);
        for (let i = 1; i < fpr.length; i++) {
          expect(fpr[i]!).toBeGreaterThanOrEqual(fpr[i - 1]!);
          expect(tpr[i]!).toBeGreaterThanOrEqual(tpr[i - 1]!);
          expect(thresholds[i]!).toBeLessThan(thresholds[i - 1]!);
        }
        expect(thresholds[0]).toBe(Math.max(...cols(rows, 's')) + 1);
      }),
      RUNS,
    );
  });

  it('precision–recall curve: recall decreases to a final (recall 0, precision 1)', () => {
    fc.assert(
      fc.property(scoredRows, (rows) => {
        const { precision, recall, thresholds } = precisionRecallCurve(cols(rows, 'y'), cols(rows, 's'));
        expect(precision).toHaveLength(thresholds.length + 1);
        expect([recall.at(-1), precision.at(-1), recall[0]]).toEqual([0, 1, 1]);
        for (let i = 1; i < recall.length; i++) expect(recall[i]!).toBeLessThanOrEqual(recall[i - 1]!);
      }),
      RUNS,
    );
  });
});

describe('row order and weights', () => {
  it('metrics do not depend on the order of the rows', () => {
    fc.assert(
      fc.property(withPermutation(scoredRows), ([rows, perm]) => {
        const shuffled = perm.map((i) => rows[i]!);
        const score = (r: typeof rows): number[] => {
          const y = cols(r, 'y');
          const s = cols(r, 's');
          const sampleWeight = cols(r, 'w');
          const p = s.map((v) => (v > 0 ? 1 : 0));
          const prob = s.map((v) => 1 / (1 + Math.exp(-v)));
          return [
            accuracyScore(y, p, { sampleWeight }),
            balancedAccuracyScore(y, p, { sampleWeight }),
            f1Score(y, p, { sampleWeight, average: 'weighted' }),
            rocAucScore(y, s, { sampleWeight }),
            averagePrecisionScore(y, s, { sampleWeight }),
            prAucScore(y, s, { sampleWeight }),
            logLoss(y, prob, { sampleWeight }),
            brierScoreLoss(y, prob, { sampleWeight }),
            r2Score(s, prob, { sampleWeight }),
            meanAbsoluteError(s, prob, { sampleWeight }),
          ];
        };
        const a = score(rows);
        const b = score(shuffled);
        a.forEach((v, i) => close(b[i]!, v, 1e-10));
      }),
      RUNS,
    );
  });

  it('an integer weight counts as that many copies of the row; a zero weight as no row', () => {
    fc.assert(
      fc.property(
        scoredRows.chain((rows) => fc.tuple(fc.constant(rows), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: rows.length, maxLength: rows.length }))),
        ([rows, counts]) => {
          const repeated = rows.flatMap((r, i) => Array.from({ length: counts[i]! }, () => r));
          const y = cols(rows, 'y');
          const s = cols(rows, 's');
          const yr = cols(repeated, 'y');
          const sr = cols(repeated, 's');
          if (new Set(yr).size < 2) return;
          close(rocAucScore(y, s, { sampleWeight: counts }), rocAucScore(yr, sr), 1e-10);
          close(averagePrecisionScore(y, s, { sampleWeight: counts }), averagePrecisionScore(yr, sr), 1e-10);
          const p = s.map((v) => (v > 0 ? 1 : 0));
          const pr = sr.map((v) => (v > 0 ? 1 : 0));
          close(f1Score(y, p, { sampleWeight: counts }), f1Score(yr, pr), 1e-10);
          expect(confusionMatrix(y, p, { sampleWeight: counts, labels: [0, 1] })).toEqual(confusionMatrix(yr, pr, { labels: [0, 1] }));
          const prob = s.map((v) => 1 / (1 + Math.exp(-v / 5)));
          const probr = sr.map((v) => 1 / (1 + Math.exp(-v / 5)));
          close(logLoss(y, prob, { sampleWeight: counts }), logLoss(yr, probr), 1e-10);
          close(meanSquaredError(s, prob, { sampleWeight: counts }), meanSquaredError(sr, probr), 1e-10);
          expect(rocCurve(y, s, { sampleWeight: counts })).toEqual(rocCurve(yr, sr));
        },
      ),
      RUNS,
    );
  });
});

describe('Brier scores', () => {
  it('the two-class multiclass Brier score is twice the binary one', () => {
    fc.assert(
      fc.property(probRows, (rows) => {
        const y = cols(rows, 'y');
        const p = cols(rows, 'p');
        const sampleWeight = cols(rows, 'w');
        const matrix = p.map((v) => [1 - v, v]);
        close(brierScore(y, matrix, { labels: [0, 1], sampleWeight }), 2 * brierScoreLoss(y, p, { sampleWeight }), 1e-12);
        close(brierScore(y, p, { labels: [0, 1] }), 2 * brierScoreLoss(y, p), 1e-12);
        const b = brierScore(y, matrix, { labels: [0, 1] });
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(2);
      }),
      RUNS,
    );
  });
});

describe('internal numerics', () => {
  it('argsortStable is a stable ascending sort, -0 equal to 0, on both the comparison and the radix path', () => {
    const values = fc.oneof(fc.constantFrom(-0, 0, 1, -1, 0.5, 1e300, -1e-300), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(fc.array(values, { maxLength: 30 }), fc.integer({ min: 0, max: 1200 }), (small, pad) => {
        const arr = Float64Array.from([...small, ...Array.from({ length: pad }, (_, i) => small[i % Math.max(1, small.length)] ?? i % 7)]);
        const expected = Array.from(arr.keys()).sort((a, b) => (arr[a]! < arr[b]! ? -1 : arr[a]! > arr[b]! ? 1 : a - b));
        expect(Array.from(argsortStable(arr))).toEqual(expected);
        expect(Array.from(argsortByComparison(arr))).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('pairwiseSum agrees with a compensated sum to rounding', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 600 }), (xs) => {
        let s = 0;
        let c = 0;
        for (const x of xs) {
          const y = x - c;
          const t = s + y;
          c = t - s - y;
          s = t;
        }
        const scale = xs.reduce((a, b) => a + Math.abs(b), 0);
        expect(Math.abs(pairwiseSum(xs) - s)).toBeLessThanOrEqual(1e-13 * Math.max(1, scale));
      }),
      RUNS,
    );
  });
});
