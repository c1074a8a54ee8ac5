// smote against imbalanced-learn 0.10 (fixtures: scripts/fixtures/imbalance_smote.py).
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backends/index.js';
import { InvalidArgumentError, ShapeError } from '../../src/core/index.js';
import { gatherRows } from '../../src/imbalance/_internal/resample.js';
import { neighboursWithin } from '../../src/imbalance/_internal/smote-core.js';
import { smote } from '../../src/imbalance/smote.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { bruteKnn, classRows, counts, expectSameSets, findSegment, fixtures, nested, rejects, strategyOf } from './_smote-support.js';



describe('smote matches imblearn 0.10 SMOTE', () => {
  for (const ds of fixtures.datasets) {
    describe(ds.name, () => {
      it('finds the same within-class neighbour sets', async () => {
        for (const [key, expected] of Object.entries(ds.nn)) {
          const { rows } = classRows(ds.x, ds.y, Number(key));
          const flat = Float64Array.from(rows.flat());
          expectSameSets(nested(await neighboursWithin(flat, rows.length, ds.x[0]!.length, ds.k)), expected);
          // Rows come back sorted by distance, as scikit-learn's.
          expect(nested(await neighboursWithin(flat, rows.length, ds.x[0]!.length, ds.k))).toEqual(expected);
        }
      });
      it.each(Object.keys(ds.counts))('gives the same per-class counts for samplingStrategy %s', async (key) => {
        const expected = ds.counts[key]!.smote;
        const run = (): Promise<unknown> => smote(ds.x, ds.y, { k: ds.k, samplingStrategy: strategyOf(key), seed: 1 });
        if (expected === 'error') {
          await expect(run()).rejects.toBeInstanceOf(InvalidArgumentError);
        } else {
          const out = (await run()) as { y: number[] };
          expect(counts(out.y)).toEqual(expected);
        }
      });
      it('puts every synthetic row on a segment from a class row to one of its k imblearn neighbours', async () => {
        const out = await smote(ds.x, ds.y, { k: ds.k, samplingStrategy: 'all', seed: 7 });
        const n = ds.x.length;
        expect(out.x.slice(0, n)).toEqual(ds.x);
        expect(out.y.slice(0, n)).toEqual(ds.y);
        expect(out.sampleIndices.slice(0, n)).toEqual(ds.x.map((_, i) => i));
        let checked = 0;
        for (let r = n; r < out.x.length; r++) {
          expect(out.sampleIndices[r]).toBe(-1);
          expect(out.synthetic[r]).toBe(true);
          const label = out.y[r]!;
          const { rows } = classRows(ds.x, ds.y, label);
          const nn = ds.nn[String(label)]!;
          const hit = findSegment(out.x[r]!, rows, (i) => nn[i]!.map((j) => rows[j]!));
          expect(hit, `row ${r}`).toBeDefined();
          checked++;
        }
        expect(checked).toBeGreaterThan(30);
        expect(out.synthetic.slice(0, n).every((s) => !s)).toBe(true);
      });
    });
  }

  it('draws bases uniformly over (row, neighbour) pairs and gaps uniformly in [0, 1)', async () => {
    // Two rows per class to grow, k = 1: each synthetic row is a + g (b − a) with a, b the two rows.
    const x = [[0, 0], [10, 0], [0, 0.5], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6], [7, 7], [8, 8], [9, 9]];
    const y = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const out = await smote(x, y, { k: 1, samplingStrategy: { 1: 2002 }, seed: 3 });
    const synth = out.x.slice(12);
    expect(synth).toHaveLength(2000);
    // Every new row is on the x-axis between 0 and 10; base 0 moves up from 0, base 1 down from 10.
    const xs = synth.map((r) => r[0]!);
    expect(synth.every((r) => r[1] === 0)).toBe(true);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(10);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    // Uniform on [0, 10] either way: mean 5 ± 4 standard errors (sd 10/√12 / √2000 ≈ 0.065).
    expect(Math.abs(mean - 5)).toBeLessThan(0.26);
  });
});

describe('smote invariants', () => {
  it('keeps every synthetic row on a segment to one of its k nearest same-class rows (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 6 }),
        fc.integer({ min: 1, max: 2 }),
        fc.array(fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true })), { minLength: 14, maxLength: 24 }),
        fc.integer(),
        async (minority, k, points, seed) => {
          const x = points.map((p) => [...p]);
          const y = x.map((_, i) => (i < minority ? 1 : 0));
          const out = await smote(x, y, { k, seed });
          const { rows } = classRows(x, y, 1);
          const nn = bruteKnn(rows, k);
          expect(out.y.filter((v) => v === 1)).toHaveLength(x.length - minority);
          for (let r = x.length; r < out.x.length; r++) {
            // Equal distances may pick either neighbour: accept any row at the k-th distance.
            const hit = findSegment(out.x[r]!, rows, (i) => nn[i]!.map((j) => rows[j]!), 1, 1e-7) ??
              findSegment(out.x[r]!, rows, () => rows, 1, 1e-7);
            expect(hit).toBeDefined();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives the same output for the same seed and another for another seed', async () => {
    const ds = fixtures.datasets[1]!;
    const a = await smote(ds.x, ds.y, { k: 3, seed: 'a' });
    const b = await smote(ds.x, ds.y, { k: 3, seed: 'a' });
    const c = await smote(ds.x, ds.y, { k: 3, seed: 'b' });
    expect(b).toEqual(a);
    expect(c.x).not.toEqual(a.x);
    expect(c.y).toEqual(a.y);
  });

  it('gives the same rows on the wasm backend as on cpu (neighbours are exact)', async () => {
    const ds = fixtures.datasets[1]!;
    const cpu = await smote(ds.x, ds.y, { k: 4, seed: 12 });
    await useBackend('wasm');
    try {
      expect(await smote(ds.x, ds.y, { k: 4, seed: 12 })).toEqual(cpu);
    } finally {
      await useBackend('cpu');
    }
  });

  it('returns the kind it was given, leaks no tensor and leaves inputs untouched', async () => {
    const ds = fixtures.datasets[0]!;
    const flat = Float64Array.from(ds.x.flat());
    const shape: [number, number] = [ds.x.length, 3];
    const copy = flat.slice();
    const fromShape = await smote({ data: flat, shape }, Float64Array.from(ds.y), { seed: 1 });
    expect(flat).toEqual(copy);
    expect(fromShape.x.shape).toEqual([136, 3]);
    expect(fromShape.x.data).toBeInstanceOf(Float64Array);
    expect(Array.isArray(fromShape.y)).toBe(true);
    const xt = tf.tensor2d(ds.x);
    const yt = tf.tensor1d(ds.y);
    const out = await expectNoLeaks(() => smote(xt, yt, { seed: 1 }), { disposeResult: false });
    expect(out.x.shape).toEqual([136, 3]);
    expect(out.y.shape).toEqual([136]);
    const arr = await smote(ds.x, ds.y, { seed: 1 });
    expect(Array.from(await out.y.data())).toEqual(arr.y);
    // float32 on the tensor side.
    const tx = (await out.x.array()) as number[][];
    tx.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(arr.x[i]![j]!, 4)));
    expect(fromShape.x.data).toEqual(Float64Array.from(arr.x.flat()));
    expect(xt.isDisposed).toBe(false);
    tf.dispose([out.x, out.y, xt, yt]);
    await expectNoLeaks(async () => {
      const t = tf.tensor2d([[1, 2]]);
      try {
        await expect(smote(t, [0], { seed: 1 })).rejects.toThrow();
      } finally {
        t.dispose();
      }
    });
  });

  it('does not move the input rows and labels', async () => {
    const x = [[0, 0], [1, 0], [0, 1], [5, 5], [5, 6], [6, 5], [6, 6], [7, 7]];
    const y = [1, 1, 1, 0, 0, 0, 0, 0];
    const xs = JSON.stringify(x);
    const out = await smote(x, y, { k: 2, seed: 42 });
    expect(JSON.stringify(x)).toBe(xs);
    expect(out.y).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('adds nothing to classes already at their target and skips them', async () => {
    const x = [[0], [1], [2], [3]];
    const out = await smote(x, [0, 0, 1, 1], { k: 1, seed: 1 });
    expect(out.x).toEqual(x);
    expect(out.synthetic).toEqual([false, false, false, false]);
  });
});

describe('smote errors', () => {
  const x = [[0, 0], [1, 0], [0, 1], [1, 1], [5, 5], [5, 6], [6, 5], [6, 6], [7, 7], [8, 8]];
  const y = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
  it('names the class when k is too large', async () => {
    expect(await rejects(() => smote(x, y, { k: 4 }))).toBe(
      'smote: option "k" must be an integer in [1, 3] (class 1 has 4 rows and is to be oversampled; a row is not its own neighbour); got 4.',
    );
    await expect(smote(x, y, { k: 5 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
  it('rejects a class with one row', async () => {
    expect(await rejects(() => smote(x, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toMatch(/at least 2 rows in every class to oversample.*class 1 has 1\.$/);
  });
  it('rejects NaN with its position', async () => {
    const bad = x.map((r) => [...r]);
    bad[2]![1] = Number.NaN;
    expect(await rejects(() => smote(bad, y, { k: 2 }))).toMatch(/^smote: argument "x" must contain only finite numbers; got NaN at row 2, column 1\.$/);
    expect(await rejects(() => smote(x, [...y.slice(0, 9), Number.NaN], { k: 2 }))).toMatch(/argument "y".*NaN/);
  });
  it('rejects a target count below the current one', async () => {
    expect(await rejects(() => smote(x, y, { k: 2, samplingStrategy: { 1: 3 } }))).toMatch(/"samplingStrategy\[1\]" must be an integer >= 4/);
  });
  it('rejects bad options and mismatched lengths', async () => {
    for (const bad of [{ k: 0 }, { k: 1.5 }, { k: '3' }, { samplingStrategy: 'majority' }, { seed: 1.5 }, { kNeighbors: 3 }]) {
      expect(await rejects(() => smote(x, y, bad as never))).toMatch(/^smote: /);
    }
    await expect(smote(x, y.slice(1))).rejects.toBeInstanceOf(ShapeError);
    expect(await rejects(() => smote(x, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toMatch(/at least 2 classes/);
  });
  it('gatherRows copies rows', () => {
    expect(Array.from(gatherRows(Float64Array.from([1, 2, 3, 4, 5, 6]), 2, [2, 0]))).toEqual([5, 6, 1, 2]);
  });
});
