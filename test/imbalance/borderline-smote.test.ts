// borderlineSmote against imbalanced-learn 0.10 (fixtures: scripts/fixtures/imbalance_smote.py).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import { dangerMask } from '../../src/imbalance/_internal/smote-core.js';
import { borderlineSmote } from '../../src/imbalance/borderline-smote.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { bruteKnn, classRows, counts, findSegment, fixtures, rejects, strategyOf } from './_smote-support.js';

describe('borderlineSmote matches imblearn 0.10 BorderlineSMOTE', () => {
  for (const ds of fixtures.datasets) {
    describe(ds.name, () => {
      it('finds the same DANGER rows (_in_danger_noise)', async () => {
        const flat = Float64Array.from(ds.x.flat());
        for (const [key, expected] of Object.entries(ds.danger)) {
          const { index } = classRows(ds.x, ds.y, Number(key));
          expect(await dangerMask(flat, ds.x.length, ds.x[0]!.length, ds.y, index, Number(key), ds.m)).toEqual(expected);
        }
      });
      it.each(Object.keys(ds.counts))('gives the same per-class counts (borderline-1) for samplingStrategy %s', async (key) => {
        const expected = ds.counts[key]!['borderline-1'];
        const run = (): Promise<{ y: number[] }> => borderlineSmote(ds.x, ds.y, { k: ds.k, m: ds.m, samplingStrategy: strategyOf(key), seed: 1 });
        if (expected === 'error') await expect(run()).rejects.toBeInstanceOf(InvalidArgumentError);
        else expect(counts((await run()).y)).toEqual(expected);
      });
      it('borderline-1: every synthetic row is on a segment from a DANGER row to one of its k same-class neighbours', async () => {
        const out = await borderlineSmote(ds.x, ds.y, { k: ds.k, m: ds.m, samplingStrategy: 'all', seed: 5 });
        const n = ds.x.length;
        expect(out.x.slice(0, n)).toEqual(ds.x);
        for (let r = n; r < out.x.length; r++) {
          const label = out.y[r]!;
          const { rows } = classRows(ds.x, ds.y, label);
          const danger = ds.danger[String(label)]!;
          const nn = ds.nn[String(label)]!;
          const bases = rows.filter((_, i) => danger[i]);
          const basePos = danger.flatMap((d, i) => (d ? [i] : []));
          expect(findSegment(out.x[r]!, bases, (i) => nn[basePos[i]!]!.map((j) => rows[j]!)), `row ${r}`).toBeDefined();
        }
        // Classes without DANGER rows get nothing, as in imblearn.
        for (const [label, flags] of Object.entries(ds.danger)) {
          if (!flags.some(Boolean)) expect(out.y.filter((v) => v === Number(label))).toHaveLength(ds.y.filter((v) => v === Number(label)).length);
        }
      });
      it('borderline-2: same-class segments with gaps in [0, 1) and other-class segments with gaps in [0, 0.5), exact counts', async () => {
        const out = await borderlineSmote(ds.x, ds.y, { kind: 'borderline-2', k: ds.k, m: ds.m, seed: 11 });
        const n = ds.x.length;
        let towardsOthers = 0;
        for (let r = n; r < out.x.length; r++) {
          const label = out.y[r]!;
          const { rows } = classRows(ds.x, ds.y, label);
          const others = ds.x.filter((_, i) => ds.y[i] !== label);
          const danger = ds.danger[String(label)]!;
          const nn = ds.nn[String(label)]!;
          const bases = rows.filter((_, i) => danger[i]);
          const basePos = danger.flatMap((d, i) => (d ? [i] : []));
          const nnOther = bruteKnn(others, ds.k, bases);
          const same = findSegment(out.x[r]!, bases, (i) => nn[basePos[i]!]!.map((j) => rows[j]!));
          const other = findSegment(out.x[r]!, bases, (i) => nnOther[i]!.map((j) => others[j]!), 0.5);
          expect(same ?? other, `row ${r}`).toBeDefined();
          if (same === undefined) towardsOthers++;
        }
        expect(towardsOthers).toBeGreaterThan(0);
        const grown = Object.entries(ds.danger).filter(([, f]) => f.some(Boolean)).map(([l]) => Number(l));
        const target = Math.max(...counts(ds.y).map(([, c]) => c));
        for (const [label, c] of counts(out.y)) if (grown.includes(label)) expect(c).toBe(target);
      });
    });
  }
});

describe('borderlineSmote behaviour', () => {
  it('is deterministic per seed, returns the input kind and leaks nothing', async () => {
    const ds = fixtures.datasets[2]!;
    const a = await borderlineSmote(ds.x, ds.y, { kind: 'borderline-2', k: 3, m: 6, seed: 9 });
    const b = await borderlineSmote(ds.x, ds.y, { kind: 'borderline-2', k: 3, m: 6, seed: 9 });
    expect(b).toEqual(a);
    const c = await borderlineSmote(ds.x, ds.y, { kind: 'borderline-2', k: 3, m: 6, seed: 10 });
    expect(c.x).not.toEqual(a.x);
    const xt = tf.tensor2d(ds.x);
    const out = await expectNoLeaks(() => borderlineSmote(xt, ds.y, { k: 3, m: 6, seed: 9 }), { disposeResult: false });
    expect(out.x.shape[0]).toBe(out.y.length);
    expect(Array.isArray(out.y)).toBe(true);
    tf.dispose([out.x, xt]);
  });
  it('runs the doc example', async () => {
    const x = [[0, 0], [0.5, 0.5], [1, 1], [1.2, 0.8], [1.5, 1.5], [2, 2], [2.5, 2.5], [3, 3], [0.8, 1.2], [1, 0.6]];
    const y = [0, 0, 0, 1, 0, 0, 0, 0, 1, 1];
    const out = await borderlineSmote(x, y, { k: 2, m: 3, seed: 0 });
    expect(out.y.length).toBeGreaterThan(10);
  });
  it('rejects bad options with named errors', async () => {
    const ds = fixtures.datasets[0]!;
    expect(await rejects(() => borderlineSmote(ds.x, ds.y, { m: 80 }))).toBe(
      'borderlineSmote: option "m" must be an integer in [1, 79] (argument "x" has 80 rows and a row is not its own neighbour); got 80.',
    );
    expect(await rejects(() => borderlineSmote(ds.x, ds.y, { k: 12 }))).toMatch(/option "k" must be an integer in \[1, 11\] \(class 1 has 12 rows/);
    for (const bad of [{ kind: 'borderline-3' }, { m: 0 }, { k: -1 }, { seed: {} }, { mNeighbors: 3 }]) {
      expect(await rejects(() => borderlineSmote(ds.x, ds.y, bad as never))).toMatch(/^borderlineSmote: /);
    }
    const x = [[0], [1], [2], [3], [4], [5]];
    expect(await rejects(() => borderlineSmote(x, [0, 1, 1, 1, 1, 1], { kind: 'borderline-2', k: 2, m: 2, samplingStrategy: { 1: 6 } }))).toMatch(
      /class 1 interpolates towards its k nearest rows of other classes, and they have 1 row/,
    );
  });
});
