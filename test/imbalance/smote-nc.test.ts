// smoteNC and smoteN against imbalanced-learn 0.10 SMOTENC / SMOTEN
// (fixtures: scripts/fixtures/imbalance_smote.py).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gatherRows } from '../../src/imbalance/_internal/resample.js';
import { neighboursWithin } from '../../src/imbalance/_internal/smote-core.js';
import { encodeNominal, median, smotencMedianStd, vdmDistance, vdmNeighbours, vdmTables } from '../../src/imbalance/_internal/smote-nominal.js';
import { smoteN, smoteNC } from '../../src/imbalance/smote-nc.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { classRows, counts, findSegment, fixtures, nested, rejects } from './_smote-support.js';


const nc = fixtures.smotenc;
const continuousCols = nc.x[0]!.map((_, i) => i).filter((i) => !nc.categorical.includes(i));

describe('smoteNC matches imblearn 0.10 SMOTENC', () => {
  const flat = Float64Array.from(nc.x.flat());
  const rows = nc.x.length;
  const cols = nc.x[0]!.length;
  it('scales the one-hot blocks by the same median std and builds the same encoded space', () => {
    const ms = smotencMedianStd(flat, rows, cols, nc.y, continuousCols);
    expect(ms).toBeCloseTo(nc.medianStd, 13);
    const enc = encodeNominal(flat, rows, cols, continuousCols, nc.categorical, ms / 2);
    expect(enc.width).toBe(nc.encoded[0]!.length);
    Array.from(enc.data).forEach((v, i) => expect(v).toBeCloseTo(nc.encoded[Math.floor(i / enc.width)]![i % enc.width]!, 13));
  });
  it('finds the same within-class neighbours in the encoded space', async () => {
    const enc = Float64Array.from(nc.encoded.flat());
    const width = nc.encoded[0]!.length;
    for (const [key, expected] of Object.entries(nc.nn)) {
      const { index } = classRows(nc.x, nc.y, Number(key));
      expect(nested(await neighboursWithin(gatherRows(enc, width, index), index.length, width, nc.k))).toEqual(expected);
    }
  });
  it('gives the same per-class counts', async () => {
    const out = await smoteNC(nc.x, nc.y, { categoricalFeatures: nc.categorical, k: nc.k, seed: 0 });
    expect(counts(out.y)).toEqual(nc.counts);
  });
  it('interpolates continuous columns on a neighbour segment and takes a most frequent neighbour category', async () => {
    const out = await smoteNC(nc.x, nc.y, { categoricalFeatures: nc.categorical, k: nc.k, samplingStrategy: 'all', seed: 8 });
    const n = nc.x.length;
    expect(out.x.slice(0, n)).toEqual(nc.x);
    expect(out.x.length).toBeGreaterThan(n + 40);
    for (let r = n; r < out.x.length; r++) {
      const label = out.y[r]!;
      const { rows: members } = classRows(nc.x, nc.y, label);
      const nn = nc.nn[String(label)]!;
      const cont = (row: readonly number[]): number[] => continuousCols.map((c) => row[c]!);
      const row = out.x[r]!;
      // The base must both carry the segment and have these categories among its modal ones.
      const fits = members.some((base, b) => {
        const hit = findSegment(cont(row), [cont(base)], () => nn[b]!.map((j) => cont(members[j]!)));
        if (hit === undefined) return false;
        return nc.categorical.every((c) => {
          const votes = new Map<number, number>();
          for (const j of nn[b]!) votes.set(members[j]![c]!, (votes.get(members[j]![c]!) ?? 0) + 1);
          const best = Math.max(...votes.values());
          return votes.get(row[c]!) === best;
        });
      });
      expect(fits, `row ${r}`).toBe(true);
    }
  });
  it('accepts a boolean mask, is deterministic per seed, keeps the input kind and leaks nothing', async () => {
    const mask = nc.x[0]!.map((_, i) => nc.categorical.includes(i));
    const a = await smoteNC(nc.x, nc.y, { categoricalFeatures: mask, seed: 4 });
    const b = await smoteNC(nc.x, nc.y, { categoricalFeatures: nc.categorical, seed: 4 });
    expect(b).toEqual(a);
    const c = await smoteNC(nc.x, nc.y, { categoricalFeatures: [3, 1], seed: 5 });
    expect(c.x).not.toEqual(a.x);
    const xt = tf.tensor2d(nc.x);
    const out = await expectNoLeaks(() => smoteNC(xt, nc.y, { categoricalFeatures: nc.categorical, seed: 4 }), { disposeResult: false });
    expect(out.x.shape).toEqual([a.x.length, 5]);
    tf.dispose([out.x, xt]);
  });
  it('still votes categories when the median std is 0', async () => {
    // Minority continuous column is constant: the one-hot blocks weigh nothing in distances.
    const x = [[1, 0], [1, 1], [1, 1], [1, 0], [2, 0], [3, 1], [4, 0], [5, 1], [6, 0], [7, 1]];
    const y = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    const out = await smoteNC(x, y, { categoricalFeatures: [1], k: 3, seed: 1 });
    expect(out.x.slice(10).every((r) => r[0] === 1 && (r[1] === 0 || r[1] === 1))).toBe(true);
    expect(out.x).toHaveLength(12);
  });
  it('runs the doc example', async () => {
    const x = [[0.1, 0], [0.3, 1], [0.2, 0], [1.1, 2], [1.4, 2], [1.2, 1], [1.3, 2], [1.0, 2]];
    const out = await smoteNC(x, [1, 1, 1, 0, 0, 0, 0, 0], { categoricalFeatures: [1], k: 2, seed: 3 });
    expect(out.x.slice(8).every((r) => r[1] === 0 || r[1] === 1)).toBe(true);
    expect(out.x).toHaveLength(10);
  });
  it('explains bad categorical features', async () => {
    expect(await rejects(() => smoteNC(nc.x, nc.y, { categoricalFeatures: [1, 5] }))).toBe(
      'smoteNC: option "categoricalFeatures" must be an array of column indices in [0, 4] (index 5 is out of range: "x" has 5 columns); got [1, 5].',
    );
    expect(await rejects(() => smoteNC(nc.x, nc.y, { categoricalFeatures: [0, 1, 2, 3, 4] }))).toMatch(/every column is categorical: use smoteN/);
    expect(await rejects(() => smoteNC(nc.x, nc.y, { categoricalFeatures: [true, true, true, true, true] }))).toMatch(/use smoteN/);
    expect(await rejects(() => smoteNC(nc.x, nc.y, { categoricalFeatures: [false, false, false, false, false] }))).toMatch(/use smote\)/);
    expect(await rejects(() => smoteNC(nc.x, nc.y, { categoricalFeatures: [true, false] }))).toMatch(/one flag per column/);
    expect(await rejects(() => smoteNC(nc.x, nc.y, { categoricalFeatures: [1, 1] }))).toMatch(/distinct column indices/);
    for (const bad of [[1.5], [-1], [], 'all', [1, true]]) {
      expect(await rejects(() => smoteNC(nc.x, nc.y, { categoricalFeatures: bad as never }))).toMatch(/^smoteNC: option "categoricalFeatures" must be/);
    }
    expect(await rejects(() => smoteNC(nc.x, nc.y, {} as never))).toMatch(/it is required/);
    expect(await rejects(() => smoteNC(nc.x, nc.y, { categoricalFeatures: [1], k: 70 }))).toMatch(/option "k" must be an integer in \[1, \d+\] \(class 1 has/);
  });
});

const sn = fixtures.smoten;

function codesOf(x: number[][]): { codes: Int32Array; sizes: number[]; categories: number[][] } {
  const flat = Float64Array.from(x.flat());
  const cols = x[0]!.length;
  const enc = encodeNominal(flat, x.length, cols, [], Array.from({ length: cols }, (_, i) => i), 0);
  return { codes: enc.codes, sizes: enc.categories.map((c) => c.length), categories: enc.categories.map((c) => [...c]) };
}

describe('smoteN matches imblearn 0.10 SMOTEN', () => {
  const cols = sn.x[0]!.length;
  const { codes, sizes } = codesOf(sn.x);
  const classOf = Int32Array.from(sn.y);
  const tables = vdmTables(codes, sizes, classOf, 2);
  it('computes the same value difference metric for every pair of rows of each class', () => {
    for (const [key, expected] of Object.entries(sn.vdm)) {
      const { index } = classRows(sn.x, sn.y, Number(key));
      index.forEach((i, a) => index.forEach((j, b) => expect(vdmDistance(codes, cols, sizes, tables, i, j)).toBeCloseTo(expected[a]![b]!, 13)));
    }
  });
  it('picks k + 1 nearest rows that are a valid nearest set under those distances', () => {
    for (const [key, dist] of Object.entries(sn.vdm)) {
      const { index } = classRows(sn.x, sn.y, Number(key));
      const nn = vdmNeighbours(codes, cols, sizes, tables, index, sn.k + 1);
      nn.forEach((list, a) => {
        const chosen = Math.max(...list.map((b) => dist[a]![b]!));
        const rest = dist[a]!.filter((_, b) => !list.includes(b));
        expect(chosen).toBeLessThanOrEqual(Math.min(...rest) + 1e-12);
        // The row itself, or an identical row before it (ties by index), comes first.
        expect(dist[a]![list[0]!]).toBe(0);
        if (!list.includes(a)) expect(list.every((b) => b < a && dist[a]![b] === 0)).toBe(true);
      });
    }
  });
  it('gives the same per-class counts, and every new row is the per-feature mode of a row’s k + 1 neighbours', async () => {
    const out = await smoteN(sn.x, sn.y, { k: sn.k, seed: 0 });
    expect(counts(out.y)).toEqual(sn.counts);
    const n = sn.x.length;
    expect(out.x.slice(0, n)).toEqual(sn.x);
    const { index } = classRows(sn.x, sn.y, 1);
    const nn = vdmNeighbours(codes, cols, sizes, tables, index, sn.k + 1);
    const modes = nn.map((list) =>
      Array.from({ length: cols }, (_, f) => {
        const values = list.map((p) => sn.x[index[p]!]![f]!);
        const freq = new Map<number, number>();
        for (const v of values) freq.set(v, (freq.get(v) ?? 0) + 1);
        const best = Math.max(...freq.values());
        return Math.min(...[...freq.entries()].filter(([, c]) => c === best).map(([v]) => v));
      }),
    );
    const modeSet = new Set(modes.map((m) => JSON.stringify(m)));
    for (let r = n; r < out.x.length; r++) expect(modeSet.has(JSON.stringify(out.x[r])), `row ${r}`).toBe(true);
  });
  it('is deterministic per seed, keeps the kind and leaks nothing', async () => {
    const a = await smoteN(sn.x, sn.y, { k: 3, seed: 'x' });
    expect(await smoteN(sn.x, sn.y, { k: 3, seed: 'x' })).toEqual(a);
    const xt = tf.tensor2d(sn.x);
    const out = await expectNoLeaks(() => smoteN(xt, sn.y, { k: 3, seed: 'x' }), { disposeResult: false });
    expect(await out.x.array()).toEqual(a.x);
    tf.dispose([out.x, xt]);
  });
  it('runs the doc example and rejects bad input', async () => {
    const x = [[0, 1], [0, 1], [0, 2], [1, 2], [1, 3], [1, 3], [1, 2], [2, 3]];
    const y = [1, 1, 1, 0, 0, 0, 0, 0];
    const out = await smoteN(x, y, { k: 2, seed: 0 });
    expect(out.y).toEqual([...y, 1, 1]);
    expect(await rejects(() => smoteN(x, y, { k: 3 }))).toMatch(/option "k" must be an integer in \[1, 2\] \(class 1 has 3 rows/);
    expect(await rejects(() => smoteN(x, y, { categoricalFeatures: [0] } as never))).toMatch(/^smoteN: unknown option|^smoteN: .*categoricalFeatures/);
  });
  it('median follows numpy', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
