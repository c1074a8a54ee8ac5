// adasyn against imbalanced-learn 0.10 (fixtures: scripts/fixtures/imbalance_smote.py).
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import { adasynPlan, roundHalfEven } from '../../src/imbalance/_internal/smote-core.js';
import { adasyn } from '../../src/imbalance/adasyn.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { bruteKnn, classRows, counts, findSegment, fixtures, rejects, strategyOf } from './_smote-support.js';

describe('adasyn matches imblearn 0.10 ADASYN', () => {
  for (const ds of fixtures.datasets) {
    describe(ds.name, () => {
      it('computes the same per-row weights before rounding and the same rounded counts', async () => {
        const flat = Float64Array.from(ds.x.flat());
        for (const [key, expected] of Object.entries(ds.adasyn)) {
          const { index } = classRows(ds.x, ds.y, Number(key));
          const plan = await adasynPlan(flat, ds.x.length, ds.x[0]!.length, ds.y, index, Number(key), ds.k, expected === 'error' ? 1 : expected.n);
          if (expected === 'error') {
            expect(plan).toBeUndefined();
            continue;
          }
          expect(plan!.ratio).toHaveLength(expected.ratio.length);
          plan!.ratio.forEach((r, i) => expect(r).toBeCloseTo(expected.ratio[i]!, 14));
          expect(plan!.counts).toEqual(expected.counts);
        }
      });
      it.each(Object.keys(ds.counts))('gives the same per-class counts for samplingStrategy %s', async (key) => {
        const expected = ds.counts[key]!.adasyn;
        const run = (): Promise<{ y: number[] }> => adasyn(ds.x, ds.y, { k: ds.k, samplingStrategy: strategyOf(key), seed: 1 });
        if (expected === 'error') await expect(run()).rejects.toBeInstanceOf(InvalidArgumentError);
        else expect(counts((await run()).y)).toEqual(expected);
      });
      it('seeds each row as often as its weight says, in row order, on segments to its k same-class neighbours', async () => {
        const out = await adasyn(ds.x, ds.y, { k: ds.k, seed: 4 });
        const n = ds.x.length;
        expect(out.x.slice(0, n)).toEqual(ds.x);
        let r = n;
        for (const [key, plan] of Object.entries(ds.adasyn).sort((a, b) => Number(a[0]) - Number(b[0]))) {
          if (plan === 'error') continue;
          const { rows } = classRows(ds.x, ds.y, Number(key));
          const nn = ds.nn[key]!;
          // Synthetic rows come base by base: row i of the class seeds plan.counts[i] of them.
          plan.counts.forEach((c, i) => {
            for (let s = 0; s < c; s++, r++) {
              expect(out.y[r]).toBe(Number(key));
              const hit = findSegment(out.x[r]!, [rows[i]!], () => nn[i]!.map((j) => rows[j]!));
              expect(hit, `row ${r}`).toBeDefined();
            }
          });
        }
        expect(r).toBe(out.x.length);
      });
    });
  }
});

describe('adasyn behaviour', () => {
  it('keeps synthetic rows on same-class neighbour segments and seeds only rows with other-class neighbours (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 })), { minLength: 16, maxLength: 26 }),
        fc.integer({ min: 4, max: 7 }),
        fc.integer(),
        async (points, minority, seed) => {
          // Distinct integer points jittered by their index: no two distances tie.
          const x = points.map(([a, b], i) => [a + i * 1e-3, b + i * i * 1e-5]);
          const y = x.map((_, i) => (i < minority ? 1 : 0));
          let out;
          try {
            out = await adasyn(x, y, { k: 2, seed });
          } catch (e) {
            // Legitimate for separated classes: the weights are 0 / 0.
            expect((e as Error).message).toMatch(/ADASYN's weights are undefined|would get no new rows/);
            return;
          }
          const { rows, index } = classRows(x, y, 1);
          const nnSame = bruteKnn(rows, 2);
          // A base row's weight is positive when one of its 2 nearest other rows is of class 0.
          const nnAll = bruteKnn(x, 3, rows).map((list, i) => list.filter((j) => j !== index[i]).slice(0, 2));
          const weighted = nnAll.map((list) => list.some((j) => y[j] === 0));
          for (let r = x.length; r < out.x.length; r++) {
            const hit = findSegment(out.x[r]!, rows, (i) => (weighted[i] ? nnSame[i]!.map((j) => rows[j]!) : []), 1, 1e-9);
            expect(hit, `row ${r}`).toBeDefined();
          }
        },
      ),
      { numRuns: 30 },
    );
  });
  it('rounds half to even as np.rint', () => {
    expect([0.5, 1.5, 2.5, -1.5, 2.4999, 2.5001, 3].map(roundHalfEven)).toEqual([0, 2, 2, -2, 2, 3, 3]);
  });
  it('is deterministic per seed, returns the input kind and leaks nothing', async () => {
    const ds = fixtures.datasets[1]!;
    const a = await adasyn(ds.x, ds.y, { k: 4, seed: 2 });
    expect(await adasyn(ds.x, ds.y, { k: 4, seed: 2 })).toEqual(a);
    expect((await adasyn(ds.x, ds.y, { k: 4, seed: 3 })).x).not.toEqual(a.x);
    const yt = tf.tensor1d(ds.y);
    const out = await expectNoLeaks(() => adasyn({ data: ds.x.flat(), shape: [ds.x.length, 4] }, yt, { k: 4, seed: 2 }), { disposeResult: false });
    expect(out.x.data).toEqual(Float64Array.from(a.x.flat()));
    expect(Array.from(await out.y.data())).toEqual(a.y);
    tf.dispose([out.y, yt]);
  });
  it('runs the doc example', async () => {
    const x = [[0], [1], [2], [3], [4], [5], [6], [2.5], [3.5], [6.5]];
    const y = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
    const out = await adasyn(x, y, { k: 2, seed: 1 });
    expect(out.y.filter((v) => v === 1).length).toBeGreaterThanOrEqual(6);
  });
  it('explains data it cannot handle', async () => {
    // Well separated classes: no row of class 1 has a class-0 neighbour.
    const x = [[0], [0.1], [0.2], [0.3], [0.4], [10], [10.1], [10.2]];
    const y = [0, 0, 0, 0, 0, 1, 1, 1];
    expect(await rejects(() => adasyn(x, y, { k: 2 }))).toBe(
      "adasyn: no row of class 1 has a row of another class among its 2 nearest neighbours, so ADASYN's weights are undefined (0 / 0); use smote for this data.",
    );
    expect(await rejects(() => adasyn(x, y, { k: 3 }))).toMatch(/option "k" must be an integer in \[1, 2\] \(class 1 has 3 rows/);
    expect(await rejects(() => adasyn(x, [...y.slice(0, 7), 2], { k: 1 }))).toMatch(/class 2 has 1\.$/);
    for (const bad of [{ k: 0 }, { nNeighbors: 2 }, { samplingStrategy: 2 }, { seed: -0.5 }]) {
      expect(await rejects(() => adasyn(x, y, bad as never))).toMatch(/^adasyn: /);
    }
  });
});
