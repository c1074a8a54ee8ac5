import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { MatrixLike, VectorLike } from '../../src/core/index.js';
import type { Classifier } from '../../src/estimators/index.js';
import { logisticRegression } from '../../src/estimators/index.js';
import { crossValPredict, stratifiedKFold } from '../../src/folds/index.js';
import { resampledClassifier, resampledCrossValPredict } from '../../src/imbalance/cross-validation.js';
import { randomOverSample } from '../../src/imbalance/random-sampling.js';
import { smote } from '../../src/imbalance/smote.js';
import { expectNoLeaks } from '../_support/leaks.js';

interface Fixture {
  datasets: Record<string, { x: number[][]; y: number[] }>;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/imbalance_under.json', import.meta.url), 'utf8')) as Fixture;

/** A classifier that records what it was fitted on and predicts the majority class it saw. */
function spy(log: { fitX: number[][]; fitY: number[]; predictX: number[][] }[]): () => Classifier {
  return () => {
    let classes: number[] = [];
    let entry: (typeof log)[number];
    return {
      async fit(x: MatrixLike, y: VectorLike) {
        entry = { fitX: x as number[][], fitY: Array.from(y as number[]), predictX: [] };
        log.push(entry);
        classes = [...new Set(entry.fitY)].sort((a, b) => a - b);
      },
      async predictProba(x: MatrixLike) {
        entry.predictX.push(...(x as number[][]));
        return (x as number[][]).map(() => classes.map((_, j) => (j === 0 ? 1 : 0)));
      },
      get classes() {
        return classes;
      },
    };
  };
}

const key = (row: readonly number[]): string => row.join(',');

/** Whether p lies on the segment [a, b] (up to rounding). */
function onSegment(p: readonly number[], a: readonly number[], b: readonly number[]): boolean {
  const d = a.map((v, j) => b[j]! - v);
  const dd = d.reduce((s, v) => s + v * v, 0);
  if (dd === 0) return p.every((v, j) => Math.abs(v - a[j]!) < 1e-9);
  const t = p.reduce((s, v, j) => s + (v - a[j]!) * d[j]!, 0) / dd;
  if (t < -1e-9 || t > 1 + 1e-9) return false;
  return p.every((v, j) => Math.abs(v - (a[j]! + t * d[j]!)) < 1e-7);
}

describe('resampledCrossValPredict', () => {
  it('resamples training folds only: no validation row, nor a synthetic copy of one, is ever fitted on', async () => {
    const { x, y } = fixture.datasets.binary!;
    const folds = stratifiedKFold(y, { k: 4, shuffle: true, seed: 1 });
    const log: { fitX: number[][]; fitY: number[]; predictX: number[][] }[] = [];
    const seen: number[][][] = [];
    const pred = await resampledCrossValPredict(spy(log), x, y, {
      folds,
      resample: async (xt, yt, fold) => {
        seen.push(xt as number[][]);
        return smote(xt, yt, { seed: fold, k: 3 });
      },
    });
    expect(pred).toHaveLength(x.length);
    expect(log).toHaveLength(folds.length);
    folds.forEach(({ train, test }, f) => {
      // The resampler got exactly this fold's training rows.
      expect(seen[f]).toEqual(train.map((i) => x[i]));
      const { fitX, fitY, predictX } = log[f]!;
      const trainKeys = new Set(train.map((i) => key(x[i]!)));
      const testRows = test.map((i) => x[i]!);
      expect(predictX).toEqual(testRows);
      const trainOf = (label: number): number[][] => train.filter((i) => y[i] === label).map((i) => x[i]!);
      let synthetic = 0;
      fitX.forEach((row, r) => {
        expect(testRows.some((t) => key(t) === key(row))).toBe(false);
        if (trainKeys.has(key(row))) return;
        synthetic++;
        // A synthetic row lies on a segment between two training rows of its class, never
        // between anything and a validation row.
        const same = trainOf(fitY[r]!);
        const found = same.some((a) => same.some((b) => onSegment(row, a, b)));
        expect(found, `fold ${f}, fitted row ${r} is not between training rows`).toBe(true);
        const viaTest = testRows.some((t) => same.some((a) => onSegment(row, a, t) && !onSegment(row, a, a)));
        if (viaTest) expect(found).toBe(true);
      });
      expect(synthetic).toBeGreaterThan(0);
      // Balanced after SMOTE.
      expect(fitY.filter((v) => v === 1).length).toBe(fitY.filter((v) => v === 0).length);
    });
  });

  it('equals crossValPredict over resampledClassifier, and improves minority recall of a logistic regression', async () => {
    const { x, y } = fixture.datasets.binary!;
    const folds = stratifiedKFold(y, { k: 5, shuffle: true, seed: 0 });
    const resample = (xt: MatrixLike, yt: VectorLike, fold: number) => randomOverSample(xt, yt, { seed: fold });
    const a = await resampledCrossValPredict(() => logisticRegression(), x, y, { folds, resample, method: 'predictProba' });
    const b = await crossValPredict(resampledClassifier(() => logisticRegression(), resample), x, y, { folds, method: 'predictProba' });
    expect(a).toEqual(b);
    const plain = await crossValPredict(() => logisticRegression(), x, y, { folds });
    const balanced = await resampledCrossValPredict(() => logisticRegression(), x, y, { folds, resample });
    const recall = (p: number[]): number => p.filter((v, i) => v === 1 && y[i] === 1).length / y.filter((v) => v === 1).length;
    expect(recall(balanced)).toBeGreaterThan(recall(plain));
  });

  it('works on tensors without leaks (resampled tensors are disposed after fit)', async () => {
    const { x, y } = fixture.datasets.binary!;
    const pred = await expectNoLeaks(async () => {
      const xt = tf.tensor2d(x);
      const yt = tf.tensor1d(y);
      try {
        return await resampledCrossValPredict(() => logisticRegression(), xt, yt, { folds: 3, resample: (a, b, f) => smote(a, b, { seed: f }) });
      } finally {
        xt.dispose();
        yt.dispose();
      }
    });
    expect(pred).toHaveLength(x.length);
  });

  it('resampledClassifier carries sample weights through duplicated rows, and refuses them with synthetic rows', async () => {
    const fitted: { y: number[]; w: number[] | undefined }[] = [];
    const inner = (): Classifier => ({
      async fit(_x, y, o) {
        fitted.push({ y: Array.from(y as number[]), w: o?.sampleWeight === undefined ? undefined : Array.from(o.sampleWeight as number[]) });
      },
      async predictProba(x) {
        return (x as number[][]).map(() => [1, 0]);
      },
      classes: [0, 1],
    });
    const x = [[0], [1], [2], [3], [4]];
    const y = [0, 0, 0, 1, 1];
    const est = resampledClassifier(inner, (a, b) => randomOverSample(a, b, { seed: 0 }))();
    await est.fit(x, y, { sampleWeight: [1, 2, 3, 4, 5] });
    expect(fitted[0]!.y).toHaveLength(6);
    expect(fitted[0]!.w!.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect([4, 5]).toContain(fitted[0]!.w![5]);
    const noisy = resampledClassifier(inner, (a, b) => randomOverSample(a, b, { seed: 0, shrinkage: 1 }))();
    await expect(noisy.fit(x, y, { sampleWeight: [1, 1, 1, 1, 1] })).rejects.toThrow(/synthetic rows have no weight/);
    expect(est.classes).toEqual([0, 1]);
  });

  it('rejects bad arguments and options', async () => {
    const x = [[0], [1], [2], [3]];
    const y = [0, 0, 1, 1];
    const resample = (a: MatrixLike, b: VectorLike) => randomOverSample(a, b);
    await expect(resampledCrossValPredict(() => logisticRegression(), x, y, {} as never)).rejects.toThrow(/^resampledCrossValPredict: option "resample" must be a function/);
    await expect(resampledCrossValPredict(() => logisticRegression(), x, y, { resample, folds: 1 })).rejects.toThrow(/^resampledCrossValPredict: option "folds"/);
    await expect(resampledCrossValPredict(() => logisticRegression(), x, y, { resample, sampleWeight: [1, 1, 1, 1] } as never)).rejects.toThrow(/unknown option "sampleWeight"/);
    await expect(resampledCrossValPredict(() => logisticRegression(), x, y, { resample, folds: 3 })).rejects.toThrow(/^resampledCrossValPredict: option "folds" must be an integer in \[2, 2\]/);
    await expect(resampledCrossValPredict(() => logisticRegression(), x, y, { resample: (async () => 3) as never, folds: 2 })).rejects.toThrow(/must return a promise of \{ x, y/);
    expect(() => resampledClassifier(3 as never, resample)).toThrow(/^resampledClassifier: argument "factory" must be a function/);
    expect(() => resampledClassifier(() => logisticRegression(), undefined as never)).toThrow(/argument "resample"/);
  });
});
