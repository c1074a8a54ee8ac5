import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { smoteENN, smoteTomek } from '../../src/imbalance/combine.js';
import { editedNearestNeighbours } from '../../src/imbalance/edited-nearest-neighbours.js';
import { smote } from '../../src/imbalance/smote.js';
import { tomekLinks } from '../../src/imbalance/tomek-links.js';
import { expectNoLeaks } from '../_support/leaks.js';

interface Fixture {
  datasets: Record<string, { x: number[][]; y: number[] }>;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/imbalance_under.json', import.meta.url), 'utf8')) as Fixture;

describe('smoteTomek and smoteENN', () => {
  for (const name of ['binary', 'three'] as const) {
    it(`smoteTomek = SMOTE, then Tomek links with samplingStrategy 'all' (${name})`, async () => {
      const { x, y } = fixture.datasets[name]!;
      const over = await smote(x, y, { seed: 3 });
      const clean = await tomekLinks(over.x, over.y, { samplingStrategy: 'all' });
      const r = await smoteTomek(x, y, { seed: 3 });
      expect(r.x).toEqual(clean.x);
      expect(r.y).toEqual(clean.y);
      expect(r.sampleIndices).toEqual(clean.sampleIndices.map((i) => over.sampleIndices[i]));
      expect(r.synthetic).toEqual(clean.sampleIndices.map((i) => over.synthetic[i]));
      expect(r.synthetic.some(Boolean)).toBe(true);
      expect(r.x.length).toBeLessThan(over.x.length);
      // Original rows keep their input row; synthetic ones are marked -1.
      r.sampleIndices.forEach((src, i) => {
        if (src >= 0) expect(r.x[i]).toEqual(x[src]);
        else expect(r.synthetic[i]).toBe(true);
      });
    });

    it(`smoteENN = SMOTE, then ENN with samplingStrategy 'all' (${name})`, async () => {
      const { x, y } = fixture.datasets[name]!;
      const over = await smote(x, y, { seed: 5, k: 4 });
      const clean = await editedNearestNeighbours(over.x, over.y, { samplingStrategy: 'all', kindSel: 'mode' });
      const r = await smoteENN(x, y, { seed: 5, smote: { k: 4 }, enn: { kindSel: 'mode' } });
      expect(r.x).toEqual(clean.x);
      expect(r.sampleIndices).toEqual(clean.sampleIndices.map((i) => over.sampleIndices[i]));
    });
  }

  it('passes the nested options on (tomek strategy, smote strategy)', async () => {
    const { x, y } = fixture.datasets.three!;
    const over = await smote(x, y, { seed: 1, samplingStrategy: { 7: 100 } });
    const clean = await tomekLinks(over.x, over.y, { samplingStrategy: 'not minority' });
    const r = await smoteTomek(x, y, { seed: 1, smote: { samplingStrategy: { 7: 100 } }, tomek: { samplingStrategy: 'not minority' } });
    expect(r.sampleIndices).toEqual(clean.sampleIndices.map((i) => over.sampleIndices[i]));
  });

  it('is seeded, returns the input kinds, and leaks nothing', async () => {
    const { x, y } = fixture.datasets.binary!;
    expect(await smoteENN(x, y, { seed: 'a' })).toEqual(await smoteENN(x, y, { seed: 'a' }));
    const arrays = await smoteTomek(x, y, { seed: 2 });
    const r = await expectNoLeaks(
      async () => {
        const xt = tf.tensor2d(x);
        const yt = tf.tensor1d(y);
        try {
          return await smoteTomek(xt, yt, { seed: 2 });
        } finally {
          xt.dispose();
          yt.dispose();
        }
      },
      { disposeResult: false },
    );
    expect(r.x).toBeInstanceOf(tf.Tensor);
    expect(r.sampleIndices).toEqual(arrays.sampleIndices);
    const got = await r.x.array();
    got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(arrays.x[i]![j]!, 4)));
    r.x.dispose();
    r.y.dispose();
  });

  it('does not modify its inputs', async () => {
    const { x, y } = fixture.datasets.binary!;
    const xc = structuredClone(x);
    const yc = y.slice();
    await smoteENN(x, y, { seed: 0 });
    expect(x).toEqual(xc);
    expect(y).toEqual(yc);
  });

  it('rejects bad options under its own name', async () => {
    const { x, y } = fixture.datasets.binary!;
    await expect(smoteTomek(x, y, { smote: { k: 0 } })).rejects.toThrow(/^smoteTomek: option "smote\.k"/);
    await expect(smoteENN(x, y, { enn: { k: 0 } })).rejects.toThrow(/^smoteENN: option "enn\.k"/);
    await expect(smoteTomek(x, y, { tomek: { samplingStrategy: 0.5 } })).rejects.toThrow(/^smoteTomek: option "tomek\.samplingStrategy"/);
    await expect(smoteENN(x, y, { smote: { seed: 1 } as never })).rejects.toThrow(/^smoteENN: option "smote\.seed" must be left out/);
    await expect(smoteENN(x, y, { tomek: {} } as never)).rejects.toThrow(/^smoteENN: unknown option "tomek"/);
    await expect(smoteTomek(x, y, { smote: 3 as never })).rejects.toThrow(/^smoteTomek: option "smote" must be an options object/);
    await expect(smoteTomek(x, y, { tomek: { k: 3 } as never })).rejects.toThrow(/^smoteTomek: unknown option "tomek\.k"; known options: samplingStrategy\.$/);
    await expect(smoteENN(x, y, { enn: { kindSel: 'any' as 'all' } })).rejects.toThrow(/^smoteENN: option "enn\.kindSel" must be one of 'all', 'mode'; got 'any'\.$/);
    await expect(smoteTomek([[0], [Number.NaN]], [0, 1])).rejects.toThrow(/^smoteTomek: argument "x" must contain only finite/);
  });
});
