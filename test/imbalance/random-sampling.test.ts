import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng, InvalidArgumentError } from '../../src/core/index.js';
import { randomOverSample, randomUnderSample } from '../../src/imbalance/random-sampling.js';
import { expectNoLeaks } from '../_support/leaks.js';

interface Fixture {
  datasets: Record<string, { x: number[][]; y: number[] }>;
  under: { data: string; samplingStrategy: string | number | Record<string, number>; counts: Record<string, number> }[];
  over: { data: string; samplingStrategy: string | number | Record<string, number>; counts: Record<string, number> }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/imbalance_under.json', import.meta.url), 'utf8')) as Fixture;

function counts(y: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of y) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

const label = (s: unknown): string => (typeof s === 'object' ? JSON.stringify(s) : String(s));

describe('randomUnderSample', () => {
  it.each(fixture.under.map((t) => [t.data, label(t.samplingStrategy), t] as const))('gives imblearn 0.10 counts per class (%s, %s)', async (_d, _s, t) => {
    const { x, y } = fixture.datasets[t.data]!;
    const r = await randomUnderSample(x, y, { samplingStrategy: t.samplingStrategy as 'auto', seed: 1 });
    expect(counts(r.y)).toEqual(t.counts);
    // Kept rows are real rows of their class, in original order, each at most once.
    expect(r.sampleIndices).toEqual([...new Set(r.sampleIndices)].sort((a, b) => a - b));
    r.sampleIndices.forEach((src, i) => {
      expect(r.x[i]).toEqual(x[src]);
      expect(r.y[i]).toBe(y[src]);
    });
  });

  it('draws with replacement when asked, and is seeded', async () => {
    const x = Array.from({ length: 40 }, (_, i) => [i]);
    const y = x.map((_, i) => (i < 30 ? 0 : 1));
    const a = await randomUnderSample(x, y, { samplingStrategy: { 0: 25 }, replacement: true, seed: 'a' });
    expect(counts(a.y)).toEqual({ 0: 25, 1: 10 });
    expect(new Set(a.sampleIndices).size).toBeLessThan(35); // 25 draws from 30 almost surely repeat one
    const b = await randomUnderSample(x, y, { samplingStrategy: { 0: 25 }, replacement: true, seed: 'a' });
    expect(b).toEqual(a);
    const c = await randomUnderSample(x, y, { samplingStrategy: { 0: 25 }, replacement: true, seed: 'b' });
    expect(c.sampleIndices).not.toEqual(a.sampleIndices);
  });

  it('keeps each row of a class with equal probability', async () => {
    const x = Array.from({ length: 12 }, (_, i) => [i]);
    const y = x.map((_, i) => (i < 10 ? 0 : 1));
    const hits = new Array<number>(10).fill(0);
    const rng = createRng(5);
    for (let t = 0; t < 400; t++) {
      const r = await randomUnderSample(x, y, { seed: rng.integer(0, 2 ** 31) });
      for (const i of r.sampleIndices) if (i < 10) hits[i]!++;
    }
    // 400 draws of 2 rows out of 10: each row expected 80 times (sd ≈ 8).
    for (const h of hits) expect(Math.abs(h - 80)).toBeLessThan(40);
  });

  it('works on tensors and { data, shape } without leaks', async () => {
    const { x, y } = fixture.datasets.binary!;
    await expectNoLeaks(async () => {
      const xt = tf.tensor2d(x);
      const yt = tf.tensor1d(y);
      try {
        const r = await randomUnderSample(xt, yt, { seed: 0 });
        expect(r.x.shape[0]).toBe(r.sampleIndices.length);
        return r;
      } finally {
        xt.dispose();
        yt.dispose();
      }
    });
    const r = await randomUnderSample({ data: new Float32Array(x.flat()), shape: [x.length, 4] }, new Int32Array(y), { seed: 0 });
    expect(r.x.data).toBeInstanceOf(Float64Array);
    expect(Array.isArray(r.y)).toBe(true);
  });

  it('rejects bad input', async () => {
    const x = [[0], [1], [2], [3]];
    const y = [0, 0, 0, 1];
    await expect(randomUnderSample(x, y, { samplingStrategy: { 1: 2 } })).rejects.toThrow(
      /randomUnderSample: option "samplingStrategy\[1\]" must be an integer in \[0, 1\] \(an under-sampler only removes rows/,
    );
    await expect(randomUnderSample(x, y, { samplingStrategy: { 4: 1 } })).rejects.toThrow(/class '4', which is not present/);
    await expect(randomUnderSample(x, [0, 0, Number.NaN, 1])).rejects.toThrow(/NaN at index 2/);
    await expect(randomUnderSample(x, y, { replacement: 1 as unknown as boolean })).rejects.toThrow(/option "replacement" must be a boolean/);
    await expect(randomUnderSample(x, y, { seed: 1.5 })).rejects.toThrow(InvalidArgumentError);
    await expect(randomUnderSample([], [])).rejects.toThrow(/at least one row/);
  });
});

describe('randomOverSample', () => {
  it.each(fixture.over.map((t) => [t.data, label(t.samplingStrategy), t] as const))('gives imblearn 0.10 counts per class (%s, %s)', async (_d, _s, t) => {
    const { x, y } = fixture.datasets[t.data]!;
    const r = await randomOverSample(x, y, { samplingStrategy: t.samplingStrategy as 'auto', seed: 1 });
    expect(counts(r.y)).toEqual(t.counts);
    expect(r.sampleIndices.slice(0, x.length)).toEqual(x.map((_, i) => i));
    r.sampleIndices.forEach((src, i) => {
      expect(r.x[i]).toEqual(x[src]);
      expect(r.y[i]).toBe(y[src]);
    });
    expect(r.synthetic.every((s) => !s)).toBe(true);
  });

  it('adds smoothed-bootstrap noise of the documented scale', async () => {
    const rng = createRng(3);
    const n = 400;
    // The minority sits on two far-apart points (std 50 per feature), so each noisy row's source
    // is its nearest point; the majority is spread out.
    const x = Array.from({ length: n }, (_, i) => (i < 300 ? [rng.normal(0, 2), rng.normal(5, 0.5), 1] : i % 2 === 0 ? [0, 0, 7] : [100, -100, 7]));
    const y = x.map((_, i) => (i < 300 ? 0 : 1));
    const r = await randomOverSample(x, y, { shrinkage: 0.2, seed: 9 });
    const p = 3;
    const silverman = (4 / ((p + 2) * n)) ** (1 / (p + 4));
    const stds = [50, 50, 0];
    const added = r.x.slice(n);
    expect(added).toHaveLength(200);
    for (let c = 0; c < p; c++) {
      const noise = added.map((row) => row[c]! - (row[0]! < 50 ? [0, 0, 7] : [100, -100, 7])[c]!);
      const sd = Math.sqrt(noise.reduce((a, b) => a + b * b, 0) / noise.length);
      if (stds[c] === 0) expect(sd).toBe(0);
      else expect(sd / (0.2 * stds[c]! * silverman)).toBeCloseTo(1, 0); // 200 draws: within ~15 %
    }
    expect(r.synthetic.slice(n).every(Boolean)).toBe(true);
    expect(r.sampleIndices.slice(n).every((i) => i === -1)).toBe(true);
    expect(r.synthetic.slice(0, n).some(Boolean)).toBe(false);
  });

  it('takes a shrinkage per class, and 0 gives exact copies', async () => {
    const x = [[0, 0], [1, 1], [2, 2], [3, 3], [4, 5], [9, 8]];
    const y = [0, 0, 0, 0, 1, 1];
    const r = await randomOverSample(x, y, { shrinkage: { 1: 0 }, seed: 2 });
    r.x.slice(6).forEach((row) => expect([x[4], x[5]]).toContainEqual(row));
    expect(r.y).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    await expect(randomOverSample(x, y, { shrinkage: { 0: 1 } })).rejects.toThrow(/classes \[1\] are resampled but have no factor/);
    await expect(randomOverSample(x, y, { shrinkage: { 3: 1, 1: 1 } })).rejects.toThrow(/class '3', which is not present/);
    await expect(randomOverSample(x, y, { shrinkage: -1 })).rejects.toThrow(/option "shrinkage"/);
  });

  it('is seeded and leaks nothing on tensors', async () => {
    const { x, y } = fixture.datasets.three!;
    const a = await randomOverSample(x, y, { seed: 4, shrinkage: 1 });
    const b = await randomOverSample(x, y, { seed: 4, shrinkage: 1 });
    expect(a).toEqual(b);
    await expectNoLeaks(async () => {
      const xt = tf.tensor2d(x);
      const yt = tf.tensor1d(y);
      try {
        return await randomOverSample(xt, yt, { seed: 4 });
      } finally {
        xt.dispose();
        yt.dispose();
      }
    });
  });

  it('rejects a target below the current count', async () => {
    await expect(randomOverSample([[0], [1], [2]], [0, 0, 1], { samplingStrategy: { 0: 1 } })).rejects.toThrow(/randomOverSample: option "samplingStrategy\[0\]" must be an integer >= 2/);
  });
});
