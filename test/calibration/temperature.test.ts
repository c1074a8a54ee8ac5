// temperatureScaling against PyTorch 1.13 (LBFGS on the NLL, in float64) and a tight scipy
// root of the NLL's derivative; vector scaling against scipy trust-exact
// (test/fixtures/calibration_platt.json, made by scripts/fixtures/calibration_platt.py).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { temperatureScaling } from '../../src/calibration/temperature.js';
import { ConvergenceError, InvalidArgumentError, NotFittedError, ShapeError } from '../../src/core/errors.js';
import { createRng } from '../../src/core/rng.js';
import { expectNoLeaks } from '../_support/leaks.js';

interface TemperatureCase {
  readonly name: string;
  readonly logits: number[][];
  readonly labels: number[];
  readonly sampleWeight?: number[];
  readonly torch: number;
  readonly tight: number;
  readonly nll: number;
}
interface VectorCase {
  readonly name: string;
  readonly logits: number[][];
  readonly labels: number[];
  readonly sampleWeight?: number[];
  readonly nll: number;
  readonly weights: number[];
  readonly biases: number[];
}

const fixtures = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'calibration_platt.json'), 'utf8'),
) as { temperature: TemperatureCase[]; vector: VectorCase[] };

function weightOption(c: { sampleWeight?: number[] }): { sampleWeight: number[] } | undefined {
  return c.sampleWeight === undefined ? undefined : { sampleWeight: c.sampleWeight };
}

/** Weighted mean negative log-likelihood of `labels` under probability rows. */
function meanNll(probs: number[][], labels: readonly number[], w?: readonly number[]): number {
  let s = 0;
  let total = 0;
  probs.forEach((row, i) => {
    const wi = w?.[i] ?? 1;
    s -= wi * Math.log(row[labels[i]!]!);
    total += wi;
  });
  return s / total;
}

describe('temperatureScaling: reference fixtures', () => {
  it('has the expected cases', () => {
    expect(fixtures.temperature.length).toBeGreaterThanOrEqual(8);
    expect(fixtures.vector.length).toBeGreaterThanOrEqual(3);
  });

  // "tight" is scipy's brentq root of dNLL/d(1/T) to 4 ulp; PyTorch's LBFGS (the usual recipe)
  // stops on its gradient tolerance, a few 1e-9 away at worst, hence the looser comparison.
  it.each(fixtures.temperature.map((c) => [c.name, c] as const))('%s: T equals the tight optimum to 1e-9 and PyTorch to 1e-6', (_n, c) => {
    const ts = temperatureScaling().fit(c.logits, c.labels, weightOption(c));
    expect(Math.abs(ts.temperature - c.tight) / c.tight).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(ts.temperature - c.torch) / c.torch).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(meanNll(ts.predict(c.logits), c.labels, c.sampleWeight) - c.nll)).toBeLessThanOrEqual(1e-10);
    expect(ts.iterations).toBeLessThanOrEqual(20);
  });

  it('one class only is allowed: T is defined by the likelihood', () => {
    const c = fixtures.temperature.find((k) => k.name === 'one class only')!;
    expect(new Set(c.labels).size).toBe(1);
    expect(temperatureScaling().fit(c.logits, c.labels).temperature).toBeGreaterThan(0);
  });

  it('over-confident logits get T > 1, under-confident ones T < 1', () => {
    const over = fixtures.temperature.find((k) => k.name === 'over-confident K=3')!;
    const under = fixtures.temperature.find((k) => k.name === 'under-confident K=3')!;
    expect(temperatureScaling().fit(over.logits, over.labels).temperature).toBeGreaterThan(1);
    expect(temperatureScaling().fit(under.logits, under.labels).temperature).toBeLessThan(1);
  });

  // Vector scaling: the NLL at the optimum is what is identified most robustly; the parameters
  // (with the first bias fixed at 0, as in the fixture) are unique too.
  it.each(fixtures.vector.map((c) => [c.name, c] as const))('%s: vector scaling reaches the optimal NLL to 1e-8', (_n, c) => {
    const vs = temperatureScaling({ vector: true }).fit(c.logits, c.labels, weightOption(c));
    expect(Math.abs(meanNll(vs.predict(c.logits), c.labels, c.sampleWeight) - c.nll)).toBeLessThanOrEqual(1e-8);
    vs.weights.forEach((v, j) => expect(Math.abs(v - c.weights[j]!)).toBeLessThanOrEqual(1e-6));
    vs.biases.forEach((v, j) => expect(Math.abs(v - c.biases[j]!)).toBeLessThanOrEqual(1e-6));
    expect(vs.biases[0]).toBe(0);
  });

  it('vector scaling never does worse than one temperature (it contains it)', () => {
    for (const c of fixtures.vector) {
      const one = temperatureScaling().fit(c.logits, c.labels, weightOption(c));
      const vec = temperatureScaling({ vector: true }).fit(c.logits, c.labels, weightOption(c));
      const a = meanNll(one.predict(c.logits), c.labels, c.sampleWeight);
      const b = meanNll(vec.predict(c.logits), c.labels, c.sampleWeight);
      expect(b).toBeLessThanOrEqual(a + 1e-12);
    }
  });
});

function noisyLogits(seed: number, n: number, k: number, signal: number, scale: number): { z: number[][]; y: number[] } {
  const rng = createRng(seed);
  const y = Array.from({ length: n }, () => rng.integer(0, k));
  const z = y.map((label) => Array.from({ length: k }, (_, j) => scale * (rng.normal() + (j === label ? signal : 0))));
  return { z, y };
}

describe('temperatureScaling: predictions', () => {
  const { z, y } = noisyLogits(1, 120, 4, 1.5, 3);
  const ts = temperatureScaling().fit(z, y);

  it('predict is softmax(logits / T), rows sum to 1, argmax unchanged', () => {
    const out = ts.predict(z.slice(0, 10));
    out.forEach((row, i) => {
      const scaled = z[i]!.map((v) => v / ts.temperature);
      const m = Math.max(...scaled);
      const e = scaled.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      row.forEach((p, j) => expect(p).toBeCloseTo(e[j]! / s, 14));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      expect(row.indexOf(Math.max(...row))).toBe(z[i]!.indexOf(Math.max(...z[i]!)));
    });
  });

  it('weights and biases describe the same map (1/T and 0)', () => {
    expect(ts.weights).toEqual([1, 1, 1, 1].map(() => 1 / ts.temperature));
    expect(ts.biases).toEqual([0, 0, 0, 0]);
    expect(ts.classes).toBe(4);
    expect(ts.vector).toBe(false);
    expect(ts.method).toBe('temperature');
  });

  it('returns the kind given: number[][], { data, shape }, tensor (no leaks)', async () => {
    expect(Array.isArray(ts.predict([[1, 2, 3, 4]])[0])).toBe(true);
    const ds = ts.predict({ data: [1, 2, 3, 4, 0, 0, 0, 0], shape: [2, 4] });
    expect(ds.data).toBeInstanceOf(Float64Array);
    expect(ds.shape).toEqual([2, 4]);
    expect(ds.data[4]).toBeCloseTo(0.25, 15);
    const t = tf.tensor2d(z.slice(0, 3));
    const out = await expectNoLeaks(() => ts.predict(t), { disposeResult: false });
    expect(out.shape).toEqual([3, 4]);
    const want = ts.predict(z.slice(0, 3));
    Array.from(out.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[Math.floor(i / 4)]![i % 4]!, 6));
    out.dispose();
    t.dispose();
  });

  it('fit with tensors leaks nothing and equals the array fit', async () => {
    const tz = tf.tensor2d(z, undefined, 'float32');
    const ty = tf.tensor1d(y, 'int32');
    const a = await expectNoLeaks(() => temperatureScaling().fit(tz, ty));
    const b = temperatureScaling().fit(z.map((r) => Array.from(Float32Array.from(r))), y);
    expect(a.temperature).toBe(b.temperature);
    const v = await expectNoLeaks(() => temperatureScaling({ vector: true }).fit(tz, ty));
    expect(v.weights.length).toBe(4);
    tz.dispose();
    ty.dispose();
  });

  it('an integer weight equals repeating the row; inputs are not modified', () => {
    const rng = createRng(9);
    const w = y.map(() => rng.integer(1, 4));
    const z2 = z.map((r) => r.slice());
    const w2 = w.slice();
    const weighted = temperatureScaling().fit(z2, y, { sampleWeight: w2 });
    expect(z2).toEqual(z);
    expect(w2).toEqual(w);
    const rz: number[][] = [];
    const ry: number[] = [];
    z.forEach((r, i) => {
      for (let c = 0; c < w[i]!; c++) {
        rz.push(r);
        ry.push(y[i]!);
      }
    });
    const repeated = temperatureScaling().fit(rz, ry);
    expect(Math.abs(weighted.temperature - repeated.temperature) / repeated.temperature).toBeLessThanOrEqual(1e-12);
  });

  it('works for two classes (a binary model\'s two logits)', () => {
    const { z: z2, y: y2 } = noisyLogits(4, 80, 2, 1, 2);
    const b = temperatureScaling().fit(z2, y2);
    expect(b.predict([[0, 0]])).toEqual([[0.5, 0.5]]);
  });

  it('is invariant to adding a constant to a row of logits', () => {
    const shifted = z.map((r, i) => r.map((v) => v + (i % 7) * 100));
    const a = temperatureScaling().fit(shifted, y);
    expect(Math.abs(a.temperature - ts.temperature) / ts.temperature).toBeLessThanOrEqual(1e-10);
  });

  it('logits scaled by c give T scaled by c (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(1e-100, 1e-3, 7, 1e5, 1e100), (seed, c) => {
        const { z: z2, y: y2 } = noisyLogits(seed, 30, 3, 2, 1);
        let base: number;
        try {
          base = temperatureScaling().fit(z2, y2).temperature;
        } catch (error) {
          // Small random samples can be separable or uninformative; both are reported, never NaN.
          expect(error).toBeInstanceOf(ConvergenceError);
          return;
        }
        const scaled = temperatureScaling().fit(z2.map((r) => r.map((v) => v * c)), y2).temperature;
        expect(Math.abs(scaled / c - base) / base).toBeLessThanOrEqual(1e-9);
        const p = temperatureScaling().fit(z2, y2).predict(z2);
        for (const row of p) for (const v of row) expect(v >= 0 && v <= 1).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe('temperatureScaling: no finite optimum is reported, not returned', () => {
  it('throws ConvergenceError when every label already has the largest logit (T → 0)', () => {
    expect(() => temperatureScaling().fit([[3, 0], [0, 2], [5, 1]], [0, 1, 0])).toThrow(ConvergenceError);
    expect(() => temperatureScaling().fit([[3, 0], [0, 2], [5, 1]], [0, 1, 0])).toThrow(/T → 0/);
    // One wrong row makes the optimum finite.
    expect(temperatureScaling().fit([[3, 0], [0, 2], [5, 1], [1, 0]], [0, 1, 0, 1]).temperature).toBeGreaterThan(0);
  });

  it('throws ConvergenceError when the logits are no better than uniform (T → ∞)', () => {
    expect(() => temperatureScaling().fit([[3, 0], [0, 2], [5, 1], [1, 0]], [1, 0, 1, 0])).toThrow(/T → ∞/);
  });

  it('stops at the bounds when the optimum is outside them (the NLL is convex in 1/T)', () => {
    const separable = temperatureScaling({ bounds: [0.05, 20] }).fit([[3, 0], [0, 2], [5, 1]], [0, 1, 0]);
    expect(separable.temperature).toBe(0.05);
    expect(separable.atBound).toBe(true);
    const worse = temperatureScaling({ bounds: [0.05, 20] }).fit([[3, 0], [0, 2], [5, 1], [1, 0]], [1, 0, 1, 0]);
    expect(worse.temperature).toBe(20);
    expect(worse.atBound).toBe(true);
    // A finite optimum inside the bounds is untouched; outside them it is clamped to the nearer one.
    const logits = [[3, 0], [0, 2], [5, 1], [1, 0]];
    const labels = [0, 1, 0, 1];
    const free = temperatureScaling().fit(logits, labels);
    expect(free.atBound).toBe(false);
    const inside = temperatureScaling({ bounds: [free.temperature / 2, free.temperature * 2] }).fit(logits, labels);
    expect(inside.temperature).toBeCloseTo(free.temperature, 12);
    expect(inside.atBound).toBe(false);
    const below = temperatureScaling({ bounds: [free.temperature * 2, free.temperature * 4] }).fit(logits, labels);
    expect(below.temperature).toBe(free.temperature * 2);
    expect(below.atBound).toBe(true);
    expect(() => temperatureScaling({ bounds: [1, 1] })).toThrow(/option "bounds" must be a pair \[min, max\]/);
    expect(() => temperatureScaling({ bounds: [-1, 2] })).toThrow(/option "bounds"/);
    expect(() => temperatureScaling({ vector: true, bounds: [0.1, 10] })).toThrow(/applies to one temperature/);
  });

  it('throws ConvergenceError for constant rows (T changes nothing)', () => {
    expect(() => temperatureScaling().fit([[1, 1], [2, 2]], [0, 1])).toThrow(/every row of "logits" is constant/);
  });

  it('vector scaling throws ConvergenceError on separable logits', () => {
    const { z, y } = noisyLogits(2, 40, 3, 20, 1);
    expect(() => temperatureScaling({ vector: true }).fit(z, y)).toThrow(ConvergenceError);
  });

  it('throws ConvergenceError when the iteration budget is too small', () => {
    const { z, y } = noisyLogits(3, 60, 3, 1.5, 5);
    expect(() => temperatureScaling({ maxIter: 1 }).fit(z, y)).toThrow(/did not converge in 1 iterations/);
    expect(() => temperatureScaling({ vector: true, maxIter: 1 }).fit(z, y)).toThrow(ConvergenceError);
  });
});

describe('temperatureScaling: bad input', () => {
  const z = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]];
  it('rejects labels that are not integers in [0, K − 1]', () => {
    expect(() => temperatureScaling().fit(z, [0, 1, 3, 0])).toThrow('temperatureScaling.fit: argument "labels" must contain only integers in [0, 2] (one per column of "logits"); got 3 at index 2.');
    expect(() => temperatureScaling().fit(z, [0, 1, -1, 0])).toThrow(InvalidArgumentError);
    expect(() => temperatureScaling().fit(z, [0, 1, 1.5, 0])).toThrow(/got 1\.5 at index 2/);
  });

  it('rejects NaN/±Infinity, a single column, mismatched lengths and bad weights', () => {
    expect(() => temperatureScaling().fit([[1, Number.NaN], [0, 1]], [0, 1])).toThrow('temperatureScaling.fit: argument "logits" must contain only finite numbers; got NaN at row 0, column 1.');
    expect(() => temperatureScaling().fit([[1], [0]], [0, 0])).toThrow(/at least 2 columns/);
    expect(() => temperatureScaling().fit(z, [0, 1, 2])).toThrow(ShapeError);
    expect(() => temperatureScaling().fit([[1, 2], [3]], [0, 1])).toThrow(ShapeError);
    expect(() => temperatureScaling().fit(z, [0, 1, 2, 0], { sampleWeight: [1, -2, 1, 1] })).toThrow(/weights >= 0; got -2 at index 1/);
    expect(() => temperatureScaling().fit(z, [0, 1, 2, 0], { sampleWeight: [0, 0, 0, 0] })).toThrow(/positive sum/);
    expect(() => temperatureScaling().fit(z, [0, 1, 2, 0], { sampleWeight: [1, 1] })).toThrow(ShapeError);
    expect(() => temperatureScaling().fit([], [])).toThrow(InvalidArgumentError);
  });

  it('validates options when the factory is called', () => {
    expect(() => temperatureScaling({ vector: 1 } as never)).toThrow('temperatureScaling: option "vector" must be a boolean; got 1.');
    expect(() => temperatureScaling({ maxIter: 0 })).toThrow(InvalidArgumentError);
    expect(() => temperatureScaling({ tol: -1 })).toThrow(InvalidArgumentError);
    expect(() => temperatureScaling({ temperature: 2 } as never)).toThrow(/unknown option "temperature"/);
  });

  it('throws NotFittedError before fit, ShapeError for the wrong number of columns', () => {
    const ts = temperatureScaling();
    expect(ts.fitted).toBe(false);
    expect(ts.classes).toBe(0);
    expect(() => ts.predict(z)).toThrow(NotFittedError);
    expect(() => ts.temperature).toThrow('temperatureScaling.temperature: this calibrator is not fitted yet; call fit(logits, labels) first.');
    expect(() => ts.weights).toThrow(NotFittedError);
    ts.fit([[2, 0, 0], [0, 1, 0], [0, 0, 1], [1, 2, 0]], [0, 1, 2, 0]);
    expect(ts.fitted).toBe(true);
    expect(() => ts.predict([[1, 2]])).toThrow('temperatureScaling.predict: argument "logits" must have 3 columns (as in fit); got 2.');
    expect(() => ts.predict([[1, 2, Infinity]])).toThrow(InvalidArgumentError);
  });

  it('vector scaling has no single temperature', () => {
    const { z: z2, y } = noisyLogits(5, 60, 3, 1, 2);
    const vs = temperatureScaling({ vector: true }).fit(z2, y);
    expect(vs.vector).toBe(true);
    expect(() => vs.temperature).toThrow(/vector scaling has no single temperature/);
  });
});
