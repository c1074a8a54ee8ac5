// reliabilityCurve against scikit-learn 1.2's calibration_curve, and the calibration errors
// against the numpy loop of scripts/fixtures/calibration_curve.py; hand-computed cases at the bin
// edges; bad input; properties.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../src/core/index.js';
import { expectedCalibrationError, maxCalibrationError, reliabilityCurve } from '../../src/calibration/reliability.js';
import { expectNoLeaks } from '../_support/leaks.js';

interface CurveCase {
  name: string;
  yTrue: unknown;
  yProb: unknown;
  sampleWeight?: unknown;
  options: Record<string, unknown>;
  expected?: { probTrue: number[]; probPred: number[]; counts: number[]; binEdges: number[]; binIndices: number[] };
  error?: string;
}
interface ErrorCase {
  name: string;
  yTrue: unknown;
  yProb: unknown;
  sampleWeight?: unknown;
  options: Record<string, unknown>;
  expected: { l1: number; l2: number; max: number };
}
interface Fixture {
  sklearn: string;
  data: Record<string, unknown>;
  curves: CurveCase[];
  weighted: CurveCase[];
  errors: ErrorCase[];
}

const fixture = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'calibration_curve.json'), 'utf8')) as Fixture;
const resolve = <T>(v: unknown): T => (typeof v === 'object' && v !== null && '$ref' in v ? fixture.data[(v as { $ref: string }).$ref] : v) as T;

/** Elementwise within `tol` (absolute), same length. */
function expectClose(actual: readonly number[], expected: readonly number[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
}

describe('reliabilityCurve matches scikit-learn 1.2 calibration_curve', () => {
  it('fixtures come from scikit-learn 1.2', () => {
    expect(fixture.sklearn).toMatch(/^1\.2\./);
    expect(fixture.curves.length).toBeGreaterThan(30);
  });
  for (const c of fixture.curves) {
    it(c.name, () => {
      const yTrue = resolve<number[]>(c.yTrue);
      const yProb = resolve<number[]>(c.yProb);
      if (c.error !== undefined) {
        expect(() => reliabilityCurve(yTrue, yProb, c.options)).toThrow(InvalidArgumentError);
        return;
      }
      const got = reliabilityCurve(yTrue, yProb, c.options);
      const e = c.expected!;
      expectClose(got.probTrue, e.probTrue, 1e-12, 'probTrue');
      expectClose(got.probPred, e.probPred, 1e-12, 'probPred');
      // Edges and counts are exact: any difference would move rows between bins.
      expect(got.binEdges).toEqual(e.binEdges);
      expect(got.counts).toEqual(e.counts);
      expect(got.binIndices).toEqual(e.binIndices);
    });
  }
  it('reproduces the values bit for bit on every fixture (bincount order)', () => {
    let worst = 0;
    for (const c of fixture.curves) {
      if (c.error !== undefined) continue;
      const got = reliabilityCurve(resolve<number[]>(c.yTrue), resolve<number[]>(c.yProb), c.options);
      got.probPred.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - c.expected!.probPred[i]!))));
      got.probTrue.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - c.expected!.probTrue[i]!))));
    }
    expect(worst).toBe(0);
  });
  for (const c of fixture.weighted) {
    it(`${c.name} (numpy bincount with weights)`, () => {
      const got = reliabilityCurve(resolve<number[]>(c.yTrue), resolve<number[]>(c.yProb), { ...c.options, sampleWeight: resolve<number[]>(c.sampleWeight) });
      const e = c.expected!;
      expectClose(got.probTrue, e.probTrue, 1e-12, 'probTrue');
      expectClose(got.probPred, e.probPred, 1e-12, 'probPred');
      expectClose(got.counts, e.counts, 1e-9, 'counts');
      expect(got.binIndices).toEqual(e.binIndices);
    });
  }
});

describe('reliabilityCurve by hand', () => {
  it('puts a probability on an inner edge in the bin below, and 0 in the first bin', () => {
    // Edges 0, 0.5, 1: 0 and 0.5 → bin 0; 0.5000001 and 1 → bin 1.
    const c = reliabilityCurve([0, 1, 1, 0], [0, 0.5, 0.5000001, 1], { bins: 2 });
    expect(c.counts).toEqual([2, 2]);
    expect(c.probTrue).toEqual([0.5, 0.5]);
    expect(c.probPred).toEqual([0.25, (0.5000001 + 1) / 2]);
    expect(c.binEdges).toEqual([0, 0.5, 1]);
  });
  it('drops empty bins and reports which bins remain', () => {
    const c = reliabilityCurve([0, 1, 1], [0.05, 0.95, 0.9], { bins: 10 });
    expect(c.binIndices).toEqual([0, 8, 9]);
    expect(c.counts).toEqual([1, 1, 1]);
    expect(c.probTrue).toEqual([0, 1, 1]);
  });
  it('uses numpy linspace edges (0.1 * 3, not 0.3)', () => {
    const c = reliabilityCurve([0, 1], [0.1, 0.9], { bins: 10 });
    expect(c.binEdges[3]).toBe(3 * 0.1);
    expect(c.binEdges[10]).toBe(1);
  });
  it('quantile edges equal the min and max, with all rows in some bin', () => {
    const p = [0.3, 0.1, 0.7, 0.2, 0.9, 0.4];
    const c = reliabilityCurve([0, 0, 1, 0, 1, 1], p, { bins: 3, strategy: 'quantile' });
    expect(c.binEdges[0]).toBe(0.1);
    expect(c.binEdges[3]).toBe(0.9);
    expect(c.counts.reduce((a, b) => a + b, 0)).toBe(6);
  });
  it('integer weights equal repeating rows (uniform bins)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        (rows, bins) => {
          const weighted = reliabilityCurve(rows.map((r) => +r[1]), rows.map((r) => r[0]), { bins, sampleWeight: rows.map((r) => r[2]) });
          const rep = rows.flatMap((r) => Array.from({ length: r[2] }, () => r));
          const repeated = reliabilityCurve(rep.map((r) => +r[1]), rep.map((r) => r[0]), { bins });
          expect(weighted.counts).toEqual(repeated.counts);
          expect(weighted.binIndices).toEqual(repeated.binIndices);
          expectClose(weighted.probTrue, repeated.probTrue, 1e-12, 'probTrue');
          expectClose(weighted.probPred, repeated.probPred, 1e-12, 'probPred');
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });
  it('stays inside [0, 1], points lie in their bins, counts add up', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom('uniform' as const, 'quantile' as const),
        (rows, bins, strategy) => {
          const c = reliabilityCurve(rows.map((r) => +r[1]), rows.map((r) => r[0]), { bins, strategy });
          expect(c.counts.reduce((a, b) => a + b, 0)).toBe(rows.length);
          c.binIndices.forEach((b, i) => {
            expect(c.probTrue[i]).toBeGreaterThanOrEqual(0);
            expect(c.probTrue[i]).toBeLessThanOrEqual(1);
            // The mean of values in (lo, hi] lies in [lo, hi] (up to rounding of the mean).
            expect(c.probPred[i]!).toBeGreaterThanOrEqual(b === 0 ? 0 : c.binEdges[b]! - 1e-15);
            expect(c.probPred[i]!).toBeLessThanOrEqual(c.binEdges[b + 1]! + 1e-15);
          });
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });
  it('accepts tensors and {-1, 1} labels, and leaks nothing', async () => {
    const yt = tf.tensor1d([-1, 1, 1, -1]);
    const yp = tf.tensor1d([0.2, 0.8, 0.6, 0.4]);
    const c = await expectNoLeaks(() => reliabilityCurve(yt, yp, { bins: 2 }));
    expect(c.probTrue).toEqual([0, 1]);
    expect(c.counts).toEqual([2, 2]);
    expect(yt.isDisposed || yp.isDisposed).toBe(false);
    yt.dispose();
    yp.dispose();
  });
  it('does not modify its inputs', () => {
    const yt = [0, 1, 1];
    const yp = new Float64Array([0.3, 0.6, 0.9]);
    reliabilityCurve(yt, yp, { bins: 3, strategy: 'quantile' });
    expect(yt).toEqual([0, 1, 1]);
    expect(Array.from(yp)).toEqual([0.3, 0.6, 0.9]);
  });
});

describe('reliabilityCurve rejects bad input', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['probability above 1', () => reliabilityCurve([0, 1], [0.5, 1.2]), /argument "yProb" must be made of probabilities in \[0, 1\] \(at index 1\); got 1\.2\./],
    ['negative probability', () => reliabilityCurve([0, 1], [-0.1, 0.5]), /probabilities in \[0, 1\]/],
    ['NaN', () => reliabilityCurve([0, 1], [Number.NaN, 0.5]), /finite numbers; got NaN at index 0/],
    ['NaN label', () => reliabilityCurve([0, Number.NaN], [0.1, 0.5]), /"yTrue" must contain only finite/],
    ['lengths', () => reliabilityCurve([0, 1, 1], [0.5, 0.2]), /arguments "yTrue" and "yProb" must have the same number of rows; got 3 and 2\./],
    ['three labels', () => reliabilityCurve([0, 1, 2], [0.1, 0.2, 0.3]), /at most two labels.*got 3/],
    ['labels not 0/1', () => reliabilityCurve([2, 5, 5], [0.1, 0.2, 0.3]), /option "posLabel" must be given when yTrue does not take values in \{0, 1\}/],
    ['posLabel absent', () => reliabilityCurve([2, 5, 5], [0.1, 0.2, 0.3], { posLabel: 1 }), /option "posLabel" must be one of the labels in yTrue \[2, 5\]; got 1\./],
    ['bins 0', () => reliabilityCurve([0, 1], [0.1, 0.2], { bins: 0 }), /option "bins" must be an integer in \[1, 1000000\]; got 0\./],
    ['bins 2.5', () => reliabilityCurve([0, 1], [0.1, 0.2], { bins: 2.5 }), /option "bins"/],
    ['strategy', () => reliabilityCurve([0, 1], [0.1, 0.2], { strategy: 'kmeans' as never }), /option "strategy" must be one of 'uniform', 'quantile'/],
    ['unknown option', () => reliabilityCurve([0, 1], [0.1, 0.2], { nBins: 3 } as never), /unknown option "nBins"/],
    ['empty', () => reliabilityCurve([], []), /non-empty/],
    ['matrix yProb', () => reliabilityCurve([0, 1], [[0.1, 0.9], [0.5, 0.5]] as never), /vector of probabilities of the positive class/],
    ['negative weight', () => reliabilityCurve([0, 1], [0.1, 0.2], { sampleWeight: [1, -1] }), /weights >= 0/],
    ['zero weights', () => reliabilityCurve([0, 1], [0.1, 0.2], { sampleWeight: [0, 0] }), /positive sum/],
  ];
  for (const [what, call, message] of cases) {
    it(what, () => {
      expect(call).toThrow(message);
      expect(call).toThrow(/^reliabilityCurve: /);
    });
  }
  it('length mismatch is a ShapeError', () => {
    expect(() => reliabilityCurve([0, 1, 1], [0.5, 0.2])).toThrow(ShapeError);
  });
});

describe('calibration errors match the numpy loop', () => {
  for (const c of fixture.errors) {
    it(c.name, () => {
      const yTrue = resolve<number[]>(c.yTrue);
      const yProb = resolve<number[] | number[][]>(c.yProb);
      const sampleWeight = c.sampleWeight === undefined ? undefined : resolve<number[]>(c.sampleWeight);
      const o = { ...c.options, ...(sampleWeight ? { sampleWeight } : {}) };
      expect(Math.abs(expectedCalibrationError(yTrue, yProb, o) - c.expected.l1)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(expectedCalibrationError(yTrue, yProb, { ...o, norm: 'l2' }) - c.expected.l2)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(expectedCalibrationError(yTrue, yProb, { ...o, norm: 'max' }) - c.expected.max)).toBeLessThanOrEqual(1e-12);
      expect(maxCalibrationError(yTrue, yProb, o)).toBe(expectedCalibrationError(yTrue, yProb, { ...o, norm: 'max' }));
    });
  }
});

describe('calibration errors by hand', () => {
  it('binary: the doc example', () => {
    // [0, 0.5]: conf 0.2, acc 0; (0.5, 1]: conf 0.7333…, acc 1.
    expect(expectedCalibrationError([0, 1, 1, 1], [0.2, 0.6, 0.7, 0.9], { bins: 2 })).toBeCloseTo(0.25 * 0.2 + 0.75 * (1 - 2.2 / 3), 15);
    expect(maxCalibrationError([0, 1, 1, 1], [0.2, 0.6, 0.7, 0.9], { bins: 2 })).toBeCloseTo(1 - 2.2 / 3, 15);
  });
  it('edges: a confidence of exactly 0.5 falls in the lower of two bins, 0 in the first', () => {
    // Both rows in [0, 0.5]: conf 0.25, acc 0.5 → gap 0.25 for the whole data.
    expect(expectedCalibrationError([1, 0], [0.5, 0], { bins: 2 })).toBe(0.25);
    // Had 0.5 gone to the upper bin, each bin would be perfectly wrong: 0.5·0.5 + 0.5·0 = 0.25 too,
    // so also check with labels that tell the two conventions apart.
    expect(expectedCalibrationError([0, 0], [0.5, 0], { bins: 2 })).toBe(0.25);
    expect(maxCalibrationError([0, 0, 1], [0.5, 0, 1], { bins: 2 })).toBe(0.25);
  });
  it('multiclass top-label by hand, ties in the max go to the first column', () => {
    const y = [0, 2, 1];
    const p = [
      [0.8, 0.1, 0.1], // conf 0.8, correct
      [0.3, 0.3, 0.4], // conf 0.4, correct
      [0.45, 0.45, 0.1], // conf 0.45, argmax 0 → wrong
    ];
    // bins of 1/3: 0.4 and 0.45 in (1/3, 2/3] → conf 0.425 acc 0.5; 0.8 in (2/3, 1] → conf 0.8 acc 1.
    const expected = (2 / 3) * 0.075 + (1 / 3) * 0.2;
    expect(expectedCalibrationError(y, p, { bins: 3 })).toBeCloseTo(expected, 15);
    expect(maxCalibrationError(y, p, { bins: 3 })).toBeCloseTo(0.2, 15);
  });
  it('the doc examples', () => {
    expect(expectedCalibrationError([0, 2, 1], [[0.8, 0.1, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]])).toBeCloseTo(1.4 / 3, 15);
    const c = reliabilityCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], { bins: 3 });
    expect(c.probTrue).toEqual([0, 0.5, 1]);
    expect(c.probPred.map((v) => +v.toFixed(12))).toEqual([0.2, 0.525, 0.85]);
    expect(c.counts).toEqual([3, 2, 4]);
  });
  it('perfect calibration gives 0, a confident wrong answer gives 1', () => {
    expect(expectedCalibrationError([1, 1, 0, 0], [1, 1, 0, 0])).toBe(0);
    expect(expectedCalibrationError([0, 1], [[0, 1], [1, 0]])).toBe(1);
  });
  it('classwise on a binary vector averages both columns', () => {
    const y = [0, 1, 1, 0, 1];
    const p = [0.1, 0.7, 0.6, 0.45, 0.95];
    const viaMatrix = expectedCalibrationError(y, p.map((v) => [1 - v, v]), { bins: 4, classwise: true });
    expect(expectedCalibrationError(y, p, { bins: 4, classwise: true })).toBe(viaMatrix);
  });
  it('weights: zero weight removes a row, integer weights repeat it', () => {
    const y = [0, 1, 1, 0];
    const p = [0.2, 0.7, 0.9, 0.6];
    expect(expectedCalibrationError(y, p, { bins: 5, sampleWeight: [1, 1, 1, 0] })).toBeCloseTo(expectedCalibrationError(y.slice(0, 3), p.slice(0, 3), { bins: 5 }), 15);
    expect(expectedCalibrationError(y, p, { bins: 5, sampleWeight: [2, 1, 1, 1] })).toBeCloseTo(expectedCalibrationError([0, ...y], [0.2, ...p], { bins: 5 }), 15);
  });
  it('labels option names the columns', () => {
    const p = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]];
    expect(expectedCalibrationError([10, 20], p, { labels: [10, 20, 30], bins: 5 })).toBe(expectedCalibrationError([0, 1], p.map((r) => r.slice()), { labels: [0, 1, 2], bins: 5 }));
  });
  it('accepts float32 softmax tensors and leaks nothing', async () => {
    const logits = tf.tensor2d([[2, 1, 0.1], [0.3, 2.2, -1], [0.5, 0.4, 3]]);
    const probs = tf.softmax(logits) as tf.Tensor2D;
    const y = tf.tensor1d([0, 1, 1]);
    const ece = await expectNoLeaks(() => expectedCalibrationError(y, probs, { bins: 5, labels: [0, 1, 2] }));
    expect(ece).toBeGreaterThan(0);
    expect(ece).toBeLessThan(1);
    tf.dispose([logits, probs, y]);
  });
  it('the ECE is at most the MCE, and both lie in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom('uniform' as const, 'quantile' as const),
        (rows, bins, strategy) => {
          const y = rows.map((r) => +r[1]);
          const p = rows.map((r) => r[0]);
          const ece = expectedCalibrationError(y, p, { bins, strategy });
          const l2 = expectedCalibrationError(y, p, { bins, strategy, norm: 'l2' });
          const mce = maxCalibrationError(y, p, { bins, strategy });
          expect(ece).toBeGreaterThanOrEqual(0);
          expect(ece).toBeLessThanOrEqual(l2 + 1e-12);
          expect(l2).toBeLessThanOrEqual(mce + 1e-12);
          expect(mce).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });
});

describe('calibration errors reject bad input', () => {
  const ece = expectedCalibrationError;
  const cases: [string, () => unknown, RegExp][] = [
    ['labels not 0/1', () => ece([1, 2, 2], [0.1, 0.2, 0.3]), /option "posLabel" must be given/],
    ['three labels with a vector', () => ece([0, 1, 2], [0.1, 0.2, 0.3]), /at most two labels/],
    ['probability above 1', () => ece([0, 1], [0.2, 1.0001]), /probabilities in \[0, 1\]/],
    ['matrix probability below 0', () => ece([0, 1], [[1.1, -0.1], [0.5, 0.5]]), /probabilities in \[0, 1\] \(at row 0, column 0\)/],
    ['NaN', () => ece([0, 1], [0.2, Number.NaN]), /finite numbers; got NaN/],
    ['NaN in a matrix', () => ece([0, 1], [[0.5, 0.5], [Number.NaN, 1]]), /finite numbers; got NaN at row 1, column 0/],
    ['lengths', () => ece([0, 1, 1], [0.2, 0.3]), /yTrue|yProb/],
    ['matrix rows vs labels', () => ece([0, 1, 1], [[0.5, 0.5], [0.4, 0.6]]), /yTrue|yProb/],
    ['rows not summing to 1', () => ece([0, 1], [[0.5, 0.4], [0.4, 0.6]]), /rows of probabilities summing to 1 \(within 1e-5\); row 0 sums to 0\.9/],
    ['columns vs classes', () => ece([0, 1, 1], [[0.2, 0.3, 0.5], [0.3, 0.3, 0.4], [0.1, 0.1, 0.8]]), /one column per class \(2, the labels in yTrue \[0, 1\]; pass option "labels"/],
    ['one column', () => ece([0, 1], [[1], [1]]), /at least two/],
    ['label not in labels', () => ece([0, 5], [[0.5, 0.5], [0.4, 0.6]], { labels: [0, 1] }), /argument "yTrue" must be made of labels from option "labels" \[0, 1\] \(at index 1\); got 5\./],
    ['unsorted labels', () => ece([0, 1], [[0.5, 0.5], [0.4, 0.6]], { labels: [1, 0] }), /option "labels" must be distinct and sorted ascending/],
    ['labels with a vector', () => ece([0, 1], [0.5, 0.4], { labels: [0, 1] }), /option "labels" must be left out when yProb is a vector/],
    ['posLabel with a matrix', () => ece([0, 1], [[0.5, 0.5], [0.4, 0.6]], { posLabel: 1 }), /option "posLabel" must be left out when yProb is a matrix/],
    ['bins 0', () => ece([0, 1], [0.5, 0.4], { bins: 0 }), /option "bins" must be an integer/],
    ['norm', () => ece([0, 1], [0.5, 0.4], { norm: 'l3' as never }), /option "norm" must be one of 'l1', 'l2', 'max'/],
    ['classwise', () => ece([0, 1], [0.5, 0.4], { classwise: 1 as never }), /option "classwise" must be a boolean/],
    ['empty', () => ece([], []), /non-empty/],
  ];
  for (const [what, call, message] of cases) {
    it(what, () => {
      expect(call).toThrow(message);
      expect(call).toThrow(/^expectedCalibrationError: /);
    });
  }
  it('maxCalibrationError has no norm option and names itself', () => {
    expect(() => maxCalibrationError([0, 1], [0.5, 0.4], { norm: 'l1' } as never)).toThrow(/^maxCalibrationError: unknown option "norm"/);
    expect(() => maxCalibrationError([0, 1, 1], [0.5, 0.4])).toThrow(/^maxCalibrationError: /);
  });
});
