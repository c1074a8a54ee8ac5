import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/core/index.js';
import { editedNearestNeighbours } from '../../src/imbalance/edited-nearest-neighbours.js';
import { expectNoLeaks } from '../_support/leaks.js';

interface Fixture {
  datasets: Record<string, { x: number[][]; y: number[] }>;
  enn: { data: string; samplingStrategy: string; k: number; kindSel: 'all' | 'mode'; kept: number[] }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/imbalance_under.json', import.meta.url), 'utf8')) as Fixture;

/** Float64 brute force: the k nearest other rows of each row (smaller index on ties). */
function neighbours(x: number[][], k: number): number[][] {
  return x.map((a, i) =>
    x
      .map((b, j) => [a.reduce((s, v, c) => s + (v - b[c]!) ** 2, 0), j] as const)
      .filter(([, j]) => j !== i)
      .sort((p, q) => p[0] - q[0] || p[1] - q[1])
      .slice(0, k)
      .map(([, j]) => j),
  );
}

describe('editedNearestNeighbours', () => {
  it.each(fixture.enn.map((t) => [t.data, t.samplingStrategy, t.k, t.kindSel, t] as const))(
    'keeps the same rows as imblearn 0.10 (%s, %s, k=%i, %s)',
    async (_d, _s, _k, _kind, t) => {
      const { x, y } = fixture.datasets[t.data]!;
      const r = await editedNearestNeighbours(x, y, { k: t.k, kindSel: t.kindSel, samplingStrategy: t.samplingStrategy as 'auto' });
      expect(r.sampleIndices).toEqual(t.kept);
      expect(r.y).toEqual(t.kept.map((i) => y[i]));
    },
  );

  it('matches the definition on random data (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 2 })), { minLength: 6, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('all' as const, 'mode' as const),
        async (rows, k, kindSel) => {
          const x = rows.map(([a, b], i) => [a + i * 1e-3, b + i * i * 1.7e-5]);
          const y = rows.map(([, , c]) => c);
          if (new Set(y).size < 2 || k + 1 > x.length) return;
          const nn = neighbours(x, k);
          const r = await editedNearestNeighbours(x, y, { k, kindSel, samplingStrategy: 'all' });
          const expected = x
            .map((_, i) => i)
            .filter((i) => {
              const labels = nn[i]!.map((j) => y[j]!);
              if (kindSel === 'all') return labels.every((l) => l === y[i]);
              const counts = [0, 1, 2].map((c) => labels.filter((l) => l === c).length);
              return counts.indexOf(Math.max(...counts)) === y[i];
            });
          expect(r.sampleIndices).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps every row of untargeted classes', async () => {
    const { x, y } = fixture.datasets.three!;
    const r = await editedNearestNeighbours(x, y, { samplingStrategy: 'not majority' });
    const kept = new Set(r.sampleIndices);
    y.forEach((label, i) => {
      if (label === 2) expect(kept.has(i)).toBe(true);
    });
  });

  it('works on tensors without leaks and does not modify inputs', async () => {
    const { x, y } = fixture.datasets.negative!;
    const expected = fixture.enn.find((t) => t.data === 'negative' && t.samplingStrategy === 'auto' && t.k === 3 && t.kindSel === 'all')!.kept;
    const xt = tf.tensor2d(x);
    const yt = tf.tensor1d(y);
    const before = await xt.data();
    const r = await expectNoLeaks(() => editedNearestNeighbours(xt, yt), { disposeResult: false });
    expect(r.sampleIndices).toEqual(expected);
    expect(Array.from(await r.y.data())).toEqual(expected.map((i) => y[i]));
    r.x.dispose();
    r.y.dispose();
    expect(await xt.data()).toEqual(before);
    xt.dispose();
    yt.dispose();
  });

  it('rejects bad input with clear errors', async () => {
    await expect(editedNearestNeighbours([[0], [1], [2]], [0, 1, 1], { k: 3 })).rejects.toThrow(
      'editedNearestNeighbours: option "k" must be an integer in [1, 2] (k + 1 neighbours, the row itself included, are searched among 3 rows); got 3.',
    );
    await expect(editedNearestNeighbours([[0], [1], [2]], [0, 1, 1], { k: 0 })).rejects.toThrow(/option "k" must be an integer >= 1; got 0/);
    await expect(editedNearestNeighbours([[0], [1], [2]], [0, 1, 1], { kindSel: 'any' as 'all' })).rejects.toThrow(/kindSel/);
    await expect(editedNearestNeighbours([[0], [1], [Infinity]], [0, 1, 1])).rejects.toThrow(/finite/);
    await expect(editedNearestNeighbours([[0], [1]], [0, 1, 1])).rejects.toThrow(ShapeError);
    await expect(editedNearestNeighbours([[0], [1], [2]], [0, 1, 1], { samplingStrategy: { 0: 1 } })).rejects.toThrow(/cleaning method/);
  });
});
