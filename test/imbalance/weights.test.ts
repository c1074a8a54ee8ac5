import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logisticRegression } from '../../src/estimators/index.js';
import { classWeights, sampleWeights, type ClassWeighting } from '../../src/imbalance/weights.js';
import { expectNoLeaks } from '../_support/leaks.js';

interface Fixture {
  datasets: Record<string, { x: number[][]; y: number[] }>;
  weights: { data: string; weighting: ClassWeighting; classWeight: number[]; sampleWeight: number[] }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/imbalance_under.json', import.meta.url), 'utf8')) as Fixture;

const label = (w: unknown): string => (typeof w === 'string' ? w : JSON.stringify(w));

describe('classWeights and sampleWeights', () => {
  it.each(fixture.weights.map((t) => [t.data, label(t.weighting), t] as const))('match scikit-learn 1.2 / Cui et al. (%s, %s)', (_d, _w, t) => {
    const { y } = fixture.datasets[t.data]!;
    const cw = classWeights(y, t.weighting);
    expect(Object.keys(cw)).toEqual(t.classWeight.map((_, i) => String(i)));
    t.classWeight.forEach((w, i) => expect(cw[i]).toBeCloseTo(w, 12));
    const sw = sampleWeights(y, t.weighting);
    expect(sw).toHaveLength(y.length);
    sw.forEach((w, i) => expect(w).toBeCloseTo(t.sampleWeight[i]!, 12));
  });

  it('keys class weights by class index (sorted labels), sample weights by row', () => {
    expect(classWeights([1, 1, 1, -1], 'balanced')).toEqual({ 0: 2, 1: 4 / 6 });
    expect(classWeights([1, 1, 1, -1], { [-1]: 3 })).toEqual({ 0: 3, 1: 1 });
    expect(sampleWeights([1, 1, 1, -1], { [-1]: 3 })).toEqual([1, 1, 1, 3]);
  });

  it('effective-number weights sum to K, decrease with class size, and span equal → inverse frequency', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 2, maxLength: 6 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (sizes, beta) => {
        const y = sizes.flatMap((n, c) => new Array<number>(n).fill(c));
        const w = Object.values(classWeights(y, { effectiveNumber: { beta } }));
        expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(sizes.length, 9);
        for (let i = 0; i < sizes.length; i++) for (let j = 0; j < sizes.length; j++) if (sizes[i]! < sizes[j]!) expect(w[i]!).toBeGreaterThanOrEqual(w[j]! * (1 - 1e-12));
      }),
      { numRuns: 200 },
    );
    expect(classWeights([0, 0, 0, 1], { effectiveNumber: { beta: 0 } })).toEqual({ 0: 1, 1: 1 });
  });

  it('tensor labels give tensor sample weights, without leaks', async () => {
    const out = await expectNoLeaks(
      () => {
        const yt = tf.tensor1d([0, 0, 0, 1]);
        try {
          const cw = classWeights(yt, 'balanced');
          const sw = sampleWeights(yt, 'balanced');
          expect(sw).toBeInstanceOf(tf.Tensor);
          const values = Array.from(sw.dataSync());
          sw.dispose();
          return { cw, sw: values };
        } finally {
          yt.dispose();
        }
      },
    );
    expect(out.cw).toEqual({ 0: 4 / 6, 1: 2 });
    expect(out.sw[3]).toBeCloseTo(2, 6);
  });

  it("sample weights in logisticRegression's fit equal its classWeight: 'balanced'", async () => {
    const { x, y } = fixture.datasets.binary!;
    const viaSample = logisticRegression({ solver: 'newton', tol: 1e-10 });
    await viaSample.fit(x, y, { sampleWeight: sampleWeights(y, 'balanced') });
    const viaClass = logisticRegression({ solver: 'newton', tol: 1e-10, classWeight: 'balanced' });
    await viaClass.fit(x, y);
    viaSample.coefficients[0]!.forEach((c, j) => expect(c).toBeCloseTo(viaClass.coefficients[0]![j]!, 6));
    // and balancing raises minority recall on the training rows compared with no weights
    const plain = logisticRegression({ solver: 'newton' });
    await plain.fit(x, y);
    const recall = (pred: number[]): number => pred.filter((p, i) => y[i] === 1 && p === 1).length / y.filter((v) => v === 1).length;
    expect(recall(await viaSample.predict(x))).toBeGreaterThan(recall(await plain.predict(x)));
  });

  it('does not modify inputs', () => {
    const y = [2, 2, 5];
    const w = { 2: 1, 5: 2 };
    sampleWeights(y, w);
    classWeights(y, w);
    expect(y).toEqual([2, 2, 5]);
    expect(w).toEqual({ 2: 1, 5: 2 });
  });

  it('rejects bad input with clear errors', () => {
    expect(() => classWeights([0, 1], { 3: 1 })).toThrow("classWeights: argument \"weighting\" names class '3', which is not present in \"y\" (classes: [0, 1]).");
    expect(() => sampleWeights([0, 1], { 0: -1 })).toThrow('sampleWeights: argument "weighting[0]" must be a finite number >= 0; got -1.');
    expect(() => classWeights([0, 1], { effectiveNumber: { beta: 1 } })).toThrow('classWeights: argument "weighting.effectiveNumber.beta" must be a finite number in [0, 1); got 1.');
    expect(() => classWeights([0, 1], { effectiveNumber: { beta: -0.1 } })).toThrow(/beta/);
    expect(() => classWeights([0, 1], { effectiveNumber: { beta: 0.9, gamma: 1 } } as never)).toThrow(/effectiveNumber/);
    expect(() => classWeights([0, 1], 'auto' as 'balanced')).toThrow(/classWeights: argument "weighting" must be 'balanced'/);
    expect(() => classWeights([0, Number.NaN], 'balanced')).toThrow(/NaN at index 1/);
    expect(() => classWeights([], 'balanced')).toThrow(/non-empty/);
    expect(() => sampleWeights([0, 1], { 0: Number.NaN })).toThrow(/finite/);
  });
});
