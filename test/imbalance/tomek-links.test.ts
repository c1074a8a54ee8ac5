import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../src/core/index.js';
import { tomekLinks } from '../../src/imbalance/tomek-links.js';
import { expectNoLeaks } from '../_support/leaks.js';

interface Fixture {
  datasets: Record<string, { x: number[][]; y: number[] }>;
  tomek: { data: string; samplingStrategy: string; kept: number[] }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/imbalance_under.json', import.meta.url), 'utf8')) as Fixture;

/** Float64 brute force: each row's nearest other row (smaller index on ties). */
function nearest(x: number[][]): number[] {
  return x.map((a, i) => {
    let best = -1;
    let bestD = Infinity;
    x.forEach((b, j) => {
      if (j === i) return;
      const d = a.reduce((s, v, c) => s + (v - b[c]!) ** 2, 0);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    });
    return best;
  });
}

describe('tomekLinks', () => {
  it.each(fixture.tomek.map((t) => [t.data, t.samplingStrategy, t] as const))('keeps the same rows as imblearn 0.10 (%s, %s)', async (_d, _s, t) => {
    const { x, y } = fixture.datasets[t.data]!;
    const r = await tomekLinks(x, y, { samplingStrategy: t.samplingStrategy as 'auto' });
    expect(r.sampleIndices).toEqual(t.kept);
    expect(r.x).toEqual(t.kept.map((i) => x[i]));
    expect(r.y).toEqual(t.kept.map((i) => y[i]));
    expect(r.synthetic.every((s) => !s)).toBe(true);
  });

  it('finds the documented link', async () => {
    const r = await tomekLinks([[0], [1], [1.2], [5]], [0, 0, 1, 0]);
    expect(r.sampleIndices).toEqual([0, 2, 3]);
    const all = await tomekLinks([[0], [1], [1.2], [5]], [0, 0, 1, 0], { samplingStrategy: 'all' });
    expect(all.sampleIndices).toEqual([0, 3]);
  });

  it('removes exactly the targeted ends of mutual nearest pairs of different classes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 2 })), { minLength: 4, maxLength: 30 }),
        async (rows) => {
          // Distinct points with distinct distances (irrational-ish offsets) so the nearest is unique.
          const x = rows.map(([a, b], i) => [a + i * 1e-3, b + i * i * 1.7e-5]);
          const y = rows.map(([, , c]) => c);
          if (new Set(y).size < 2) return;
          const nn = nearest(x);
          const r = await tomekLinks(x, y, { samplingStrategy: 'all' });
          const expected = x.map((_, i) => i).filter((i) => !(y[nn[i]!] !== y[i] && nn[nn[i]!] === i));
          expect(r.sampleIndices).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('returns tensors for tensors, { data, shape } for { data, shape }, without leaks', async () => {
    const { x, y } = fixture.datasets.binary!;
    const expected = fixture.tomek.find((t) => t.data === 'binary' && t.samplingStrategy === 'auto')!.kept;
    const r = await expectNoLeaks(
      async () => {
        const xt = tf.tensor2d(x);
        const yt = tf.tensor1d(y);
        try {
          const out = await tomekLinks(xt, yt);
          expect(out.x).toBeInstanceOf(tf.Tensor);
          expect(out.y.shape).toEqual([expected.length]);
          return out;
        } finally {
          xt.dispose();
          yt.dispose();
        }
      },
    );
    expect(r.sampleIndices).toEqual(expected);
    const flat = await tomekLinks({ data: x.flat(), shape: [x.length, 4] }, y);
    expect(flat.x.shape).toEqual([expected.length, 4]);
    expect(flat.x.data).toBeInstanceOf(Float64Array);
  });

  it('does not modify its inputs', async () => {
    const { x, y } = fixture.datasets.three!;
    const xc = structuredClone(x);
    const yc = y.slice();
    await tomekLinks(x, y, { samplingStrategy: 'all' });
    expect(x).toEqual(xc);
    expect(y).toEqual(yc);
  });

  it('rejects bad input with clear errors', async () => {
    await expect(tomekLinks([[0], [Number.NaN]], [0, 1])).rejects.toThrow(/tomekLinks: argument "x" must contain only finite numbers; got NaN at row 1/);
    await expect(tomekLinks([[0], [1]], [0, 1, 1])).rejects.toThrow(ShapeError);
    await expect(tomekLinks([[0], [1]], [0, 0])).rejects.toThrow(/at least 2 classes/);
    await expect(tomekLinks([[0], [1], [2]], [0, 1, 1], { samplingStrategy: { 1: 1 } })).rejects.toThrow(InvalidArgumentError);
    await expect(tomekLinks([[0], [1], [2]], [0, 1, 1], { samplingStrategy: 0.5 })).rejects.toThrow(/cleaning method/);
    await expect(tomekLinks([[0], [1], [2]], [0, 1, 1], { samplingStrategy: 'minority' })).rejects.toThrow(/tomekLinks: option "samplingStrategy"/);
    await expect(tomekLinks([[0], [1], [2]], [0, 1, 1], { k: 3 } as never)).rejects.toThrow(/unknown option "k"/);
  });
});
