import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../src/core/index.js';
import { exactKnn } from '../../src/imbalance/_internal/knn.js';
import { QuantizedLists, selectionAvailable, type QuantizedPoints } from '../../src/imbalance/_internal/wasm/select.js';
import { kNeighbors } from '../../src/imbalance/neighbors.js';
import { describeEachBackend } from '../_support/backends.js';
import { expectNoLeaks } from '../_support/leaks.js';

interface Answer {
  indices: number[][];
  distances: number[][];
}
interface FixtureCase {
  name: string;
  k: number;
  x: number[][];
  query?: number[][];
  ties: boolean;
  sklearnInexact: boolean;
  sklearnDistanceError: number;
  sklearn: Answer;
  exact: Answer;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/imbalance_knn.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };

/** Exact float64 brute force with ties by smaller index: the semantics kNeighbors promises. */
function bruteForce(x: readonly (readonly number[])[], k: number, query?: readonly (readonly number[])[], excludeSelf = query === undefined): Answer {
  const q = query ?? x;
  const indices: number[][] = [];
  const distances: number[][] = [];
  q.forEach((row, i) => {
    const all = x
      .map((other, j) => [other.reduce((s, v, c) => s + (v - row[c]!) ** 2, 0), j] as const)
      .filter(([, j]) => !(excludeSelf && j === i))
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .slice(0, k);
    indices.push(all.map(([, j]) => j));
    distances.push(all.map(([d]) => Math.sqrt(d)));
  });
  return { indices, distances };
}

function expectClose(actual: number[][], expected: number[][], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    expect(row.length).toBe(expected[i]!.length);
    row.forEach((v, j) => {
      const e = expected[i]![j]!;
      if (Math.abs(v - e) > tol) expect.fail(`row ${i}, neighbour ${j}: ${v} vs ${e} (tolerance ${tol})`);
    });
  });
}

function randomMatrix(rows: number, cols: number, seed: number, offset = 0): number[][] {
  let s = seed;
  const next = (): number => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => offset + next() - 0.5));
}

describeEachBackend('kNeighbors on scikit-learn fixtures', () => {
  for (const c of fixture.cases) {
    it(c.name, async () => {
      const got = await expectNoLeaks(() => kNeighbors(c.x, { k: c.k, ...(c.query ? { query: c.query } : {}) }));
      expect(got.indices).toEqual(c.exact.indices);
      if (!c.ties && !c.sklearnInexact) expect(got.indices).toEqual(c.sklearn.indices);
      expectClose(got.distances, c.exact.distances, 1e-9);
      if (!c.sklearnInexact) expectClose(got.distances, c.sklearn.distances, c.sklearnDistanceError + 1e-12);
    });
  }

  it('gives the same answer for every block size', async () => {
    const c = fixture.cases.find((f) => f.name.startsWith('120 x 8'))!;
    for (const blocking of [{ blockSize: 1 }, { blockSize: 7 }, { blockSize: 1000 }, { maxBlockBytes: 1 }, { maxBlockBytes: 4 * 120 * 3 }]) {
      const got = await kNeighbors(c.x, { k: c.k, query: c.query!, ...blocking });
      expect(got.indices).toEqual(c.exact.indices);
    }
  });

  it('certifies most rows in one pass and widens where float32 cannot separate near ties', async () => {
    const plain = randomMatrix(400, 10, 11, 100);
    const flat = Float64Array.from(plain.flat());
    const easy = await exactKnn({ x: flat, n: 400, d: 10, q: flat, m: 400, k: 5, excludeSelf: true, blockSize: undefined, maxBlockBytes: 2 ** 26 });
    expect(easy.widened).toBe(0);
    const c = fixture.cases.find((f) => f.name.startsWith('near ties (1e-9'))!;
    const x = Float64Array.from(c.x.flat());
    const q = Float64Array.from(c.query!.flat());
    const hard = await exactKnn({ x, n: c.x.length, d: 6, q, m: c.query!.length, k: c.k, excludeSelf: false, blockSize: undefined, maxBlockBytes: 2 ** 26 });
    expect(hard.widened).toBeGreaterThan(0);
    expect(Array.from(hard.indices)).toEqual(c.exact.indices.flat());
  });

  it('widens until exact when duplicates outnumber the candidates (down to the float64 scan)', async () => {
    // 100 copies each of 3 points: every row ties with 99 others at distance 0, so the first pass
    // (k + margin + 1 = 8 candidates) cannot certify any row; some rows end in the CPU scan.
    const base = [[0, 0, 1], [0.5, 2, -1], [3, 3, 3]];
    const x = Array.from({ length: 300 }, (_, i) => [...base[(i * 7) % 3]!]);
    const flat = Float64Array.from(x.flat());
    const got = await exactKnn({ x: flat, n: 300, d: 3, q: flat, m: 300, k: 3, excludeSelf: true, blockSize: 64, maxBlockBytes: 2 ** 26 });
    expect(got.widened).toBe(300);
    const want = bruteForce(x, 3);
    expect(Array.from(got.indices)).toEqual(want.indices.flat());
    const wide = await kNeighbors(x, { k: 120 });
    expect(wide.indices).toEqual(bruteForce(x, 120).indices);
  });

  it('is exact for values far from 1 in magnitude (no float32 overflow or underflow)', async () => {
    for (const scale of [1e150, 1e-150, 1e30, 1e-30]) {
      const x = randomMatrix(60, 4, 5).map((r) => r.map((v) => v * scale));
      const got = await kNeighbors(x, { k: 4 });
      const want = bruteForce(x, 4);
      expect(got.indices).toEqual(want.indices);
      expectClose(got.distances.map((r) => r.map((v) => v / scale)), want.distances.map((r) => r.map((v) => v / scale)), 1e-12);
    }
  });

  it('selects the same neighbours on the CPU side (SIMD lists, symmetric blocks) as on the backend (topk)', async () => {
    // Node has WebAssembly SIMD: the CPU-side selection must really run here, not fall back.
    expect(await selectionAvailable()).toBe(true);
    const cases: [number, number, number, number | undefined][] = [
      [300, 8, 5, undefined],
      [257, 3, 7, 16],
      [100, 5, 3, 7],
      [64, 2, 10, 1],
      [90, 4, 2, 33],
    ];
    for (const [n, d, k, blockSize] of cases) {
      const x = randomMatrix(n, d, n + d);
      const flat = Float64Array.from(x.flat());
      for (const excludeSelf of [true, false]) {
        const p = { x: flat, n, d, q: flat, m: n, k, excludeSelf, blockSize, maxBlockBytes: 2 ** 26 };
        const want = bruteForce(x, k, undefined, excludeSelf).indices.flat();
        expect(Array.from((await exactKnn(p, 'host')).indices)).toEqual(want);
        expect(Array.from((await exactKnn(p, 'backend')).indices)).toEqual(want);
        const quantized = await exactKnn(p, 'quantized');
        expect(Array.from(quantized.indices)).toEqual(want);
        expect(quantized.widened).toBe(0);
      }
      const queries = randomMatrix(37, d, 5);
      const q = Float64Array.from(queries.flat());
      const p = { x: flat, n, d, q, m: 37, k, excludeSelf: false, blockSize, maxBlockBytes: 2 ** 26 };
      const want = bruteForce(x, k, queries).indices.flat();
      expect(Array.from((await exactKnn(p, 'host')).indices)).toEqual(want);
      expect(Array.from((await exactKnn(p, 'backend')).indices)).toEqual(want);
      const quantized = await exactKnn(p, 'quantized');
      expect(Array.from(quantized.indices)).toEqual(want);
      expect(quantized.widened).toBe(0);
    }
  });

  it('stays exact when the quantized pass cannot certify (an outlier squeezes the scale, near ties)', async () => {
    // One row a million units out: the int16 grid's step becomes larger than the other rows'
    // spacing, so their quantized distances tie and the float32 pass (then the float64 scan)
    // has to finish the job.
    const x = randomMatrix(200, 6, 21);
    x.push([1e6, 0, 0, 0, 0, 0]);
    const flat = Float64Array.from(x.flat());
    const p = { x: flat, n: x.length, d: 6, q: flat, m: x.length, k: 4, excludeSelf: true, blockSize: undefined, maxBlockBytes: 2 ** 26 };
    const got = await exactKnn(p, 'quantized');
    expect(got.widened).toBeGreaterThan(100);
    expect(Array.from(got.indices)).toEqual(bruteForce(x, 4).indices.flat());
    const c = fixture.cases.find((f) => f.name.startsWith('near ties (1e-9'))!;
    const hard = { x: Float64Array.from(c.x.flat()), n: c.x.length, d: 6, q: Float64Array.from(c.query!.flat()), m: c.query!.length, k: c.k, excludeSelf: false, blockSize: undefined, maxBlockBytes: 2 ** 26 };
    expect(Array.from((await exactKnn(hard, 'quantized')).indices)).toEqual(c.exact.indices.flat());
  });

  it('the quantized pass matches a float64 brute force on random shapes, ties and offsets (property)', async () => {
    // Few distinct values (many exact ties and duplicates), widths from 1 to 40 (odd ones pad a
    // zero column), offsets that dwarf the spread, with and without a query.
    const problems = fc.record({
      n: fc.integer({ min: 2, max: 90 }),
      d: fc.integer({ min: 1, max: 40 }),
      levels: fc.constantFrom(3, 7, 1000),
      offset: fc.constantFrom(0, 1e4, -3e7),
      seed: fc.integer({ min: 1, max: 1e6 }),
      k: fc.integer({ min: 1, max: 8 }),
      query: fc.boolean(),
      blockSize: fc.constantFrom(8, 16, 512),
    });
    await fc.assert(
      fc.asyncProperty(problems, async ({ n, d, levels, offset, seed, k, query, blockSize }) => {
        const x = randomMatrix(n, d, seed).map((r) => r.map((v) => offset + Math.round(v * levels) / levels));
        const queries = query ? randomMatrix(7, d, seed + 1).map((r) => r.map((v) => offset + Math.round(v * levels) / levels)) : undefined;
        const kk = Math.min(k, query ? n : n - 1);
        const flat = Float64Array.from(x.flat());
        const q = queries ? Float64Array.from(queries.flat()) : flat;
        const got = await exactKnn({ x: flat, n, d, q, m: queries?.length ?? n, k: kk, excludeSelf: !query, blockSize, maxBlockBytes: 2 ** 26 }, 'quantized');
        expect(Array.from(got.indices)).toEqual(bruteForce(x, kk, queries, !query).indices.flat());
      }),
      { numRuns: 80, seed: 77 },
    );
  });

  it('gives each of several concurrent searches its own module memory', async () => {
    // The selection module's instance is reused between searches; overlapping searches must not
    // share it.
    const problems = [[300, 6], [150, 3], [220, 9], [90, 2]].map(([n, d], i) => {
      const x = randomMatrix(n!, d!, 40 + i);
      return { x, flat: Float64Array.from(x.flat()), n: n!, d: d! };
    });
    const runs = await Promise.all(
      problems.flatMap((q) =>
        (['quantized', 'host'] as const).map((selection) =>
          exactKnn({ x: q.flat, n: q.n, d: q.d, q: q.flat, m: q.n, k: 4, excludeSelf: true, blockSize: 64, maxBlockBytes: 2 ** 26 }, selection),
        ),
      ),
    );
    problems.forEach((q, i) => {
      const want = bruteForce(q.x, 4).indices.flat();
      expect(Array.from(runs[2 * i]!.indices)).toEqual(want);
      expect(Array.from(runs[2 * i + 1]!.indices)).toEqual(want);
    });
  });

  it('keeps quantized distances below 2^31 for points at the largest norm in opposite directions', async () => {
    // Pairs of nearby points on a sphere, each pair's antipode in the set: the largest quantized
    // distances come within 0.01 % of 2^31. A wrapped (negative) distance would be kept as a
    // nearest candidate, fail the certificate and show up in `widened`.
    const rng = randomMatrix(120, 5, 8);
    const x: number[][] = [];
    for (const r of rng.slice(0, 60)) {
      const norm = Math.hypot(...r);
      const u = r.map((v) => v / norm);
      x.push(u, u.map((v, c) => v * (1 - 1e-3) + (c === 0 ? 1e-3 : 0)), u.map((v) => -v));
    }
    const flat = Float64Array.from(x.flat());
    const p = { x: flat, n: x.length, d: 5, q: flat, m: x.length, k: 1, excludeSelf: true, blockSize: 24, maxBlockBytes: 2 ** 26 };
    const got = await exactKnn(p, 'quantized');
    expect(got.widened).toBe(0);
    expect(Array.from(got.indices)).toEqual(bruteForce(x, 1).indices.flat());
  });

  it('excludes a row itself by index but keeps its duplicates (as scikit-learn with X=None)', async () => {
    const x = [[1, 1], [1, 1], [1, 1], [5, 5]];
    const got = await kNeighbors(x, { k: 2 });
    expect(got.indices).toEqual([[1, 2], [0, 2], [0, 1], [0, 1]]);
    expect(got.distances[0]).toEqual([0, 0]);
  });

  it('excludeSelf with an explicit query matches the query-less call', async () => {
    const x = randomMatrix(50, 3, 3);
    const a = await kNeighbors(x, { k: 4 });
    const b = await kNeighbors(x, { k: 4, query: x, excludeSelf: true });
    expect(b).toEqual(a);
    const c = await kNeighbors(x, { k: 4, excludeSelf: false });
    expect(c.indices.every((row, i) => row[0] === i)).toBe(true);
  });

  it('accepts tensors, { data, shape } and typed-array rows, and leaves them untouched', async () => {
    const x = randomMatrix(30, 3, 9);
    const want = bruteForce(x, 3);
    const xt = tf.tensor2d(x);
    const qt = tf.tensor2d(x.slice(0, 5));
    try {
      expect((await expectNoLeaks(() => kNeighbors(xt, { k: 3 }))).indices).toEqual(want.indices);
      const viaQuery = await expectNoLeaks(() => kNeighbors(xt, { k: 3, query: qt }));
      expect(viaQuery.indices).toEqual(bruteForce(x, 3, x.slice(0, 5)).indices);
      expect(xt.isDisposed).toBe(false);
      expect(qt.isDisposed).toBe(false);
      expect(Array.from(xt.dataSync())).toEqual(Array.from(Float32Array.from(x.flat())));
    } finally {
      xt.dispose();
      qt.dispose();
    }
    const data = Float64Array.from(x.flat());
    const copy = Float64Array.from(data);
    expect((await kNeighbors({ data, shape: [30, 3] }, { k: 3 })).indices).toEqual(want.indices);
    expect(data).toEqual(copy);
    expect((await kNeighbors(x.map((r) => Float32Array.from(r)), { k: 3 })).indices).toEqual(bruteForce(x.map((r) => Array.from(Float32Array.from(r))), 3).indices);
    const frozen = JSON.stringify(x);
    await kNeighbors(x, { k: 3 });
    expect(JSON.stringify(x)).toBe(frozen);
  });

  it('handles an empty query and zero columns', async () => {
    expect(await kNeighbors([[1], [2]], { k: 1, query: { data: [], shape: [0, 1] } })).toEqual({ indices: [], distances: [] });
    expect(await kNeighbors([[], [], []], { k: 2 })).toEqual({ indices: [[1, 2], [0, 2], [0, 1]], distances: [[0, 0], [0, 0], [0, 0]] });
  });

  it('matches a float64 brute force on random data, with and without duplicates (property)', async () => {
    // Half-integers in [-1.5, 1.5] give many exact ties; doubles give near ties after the offset.
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }).map((v) => v / 2), fc.double({ min: -1, max: 1, noNaN: true }));
    const problems = fc.integer({ min: 2, max: 70 }).chain((n) =>
      fc.record({
        x: fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: n, maxLength: n }),
        k: fc.integer({ min: 1, max: Math.min(n - 1, 6) }),
        blockSize: fc.integer({ min: 1, max: 30 }),
        offset: fc.constantFrom(0, 1000, -1e5),
        queries: fc.option(fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), { nil: undefined }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(problems, async ({ x, k, blockSize, offset, queries }) => {
        const shifted = x.map((r) => r.map((v) => v + offset));
        const query = queries?.map((r) => r.map((v) => v + offset));
        const got = await kNeighbors(shifted, { k, blockSize, ...(query ? { query } : {}) });
        const want = bruteForce(shifted, k, query);
        expect(got.indices).toEqual(want.indices);
        expectClose(got.distances, want.distances, 1e-9 * (1 + Math.abs(offset)));
      }),
      { numRuns: 40, seed: 2026 },
    );
  });
});

describe('kNeighbors rejects bad input', () => {
  const x = [[0, 0], [1, 0], [2, 0]];

  it('requires k and checks its range against the rows available', async () => {
    await expect(kNeighbors(x, undefined as never)).rejects.toThrow('kNeighbors: option "k" must be an integer >= 1 (it is required); got undefined.');
    await expect(kNeighbors(x, {} as never)).rejects.toThrow(InvalidArgumentError);
    await expect(kNeighbors(x, { k: 0 })).rejects.toThrow('kNeighbors: option "k" must be an integer >= 1; got 0.');
    await expect(kNeighbors(x, { k: 1.5 })).rejects.toThrow(InvalidArgumentError);
    await expect(kNeighbors(x, { k: 3 })).rejects.toThrow(
      'kNeighbors: option "k" must be an integer in [1, 2] (argument "x" has 3 rows and a row is not its own neighbour); got 3.',
    );
    await expect(kNeighbors(x, { k: 4, query: [[0, 0]] })).rejects.toThrow('kNeighbors: option "k" must be an integer in [1, 3] (argument "x" has 3 rows); got 4.');
    await expect(kNeighbors([[1, 2]], { k: 1 })).rejects.toThrow(
      'kNeighbors: option "k" must be at most the number of rows available (argument "x" has 1 row and a row is not its own neighbour); got 1.',
    );
    await expect(kNeighbors([], { k: 1, query: [[1]] })).rejects.toThrow(InvalidArgumentError);
  });

  it('rejects non-finite values, mismatched columns and unknown options', async () => {
    await expect(kNeighbors([[0, 0], [NaN, 1]], { k: 1 })).rejects.toThrow('kNeighbors: argument "x" must contain only finite numbers; got NaN at row 1, column 0.');
    await expect(kNeighbors(x, { k: 1, query: [[Infinity, 0]] })).rejects.toThrow('kNeighbors: option "query" must contain only finite numbers; got Infinity at row 0, column 0.');
    await expect(kNeighbors(x, { k: 1, query: [[0, 0, 0]] })).rejects.toThrow('kNeighbors: option "query" must have as many columns as argument "x" (2); got 3.');
    await expect(kNeighbors(x, { k: 1, query: [[0, 0]], excludeSelf: true })).rejects.toThrow(ShapeError);
    await expect(kNeighbors(x, { k: 1, nNeighbors: 2 } as never)).rejects.toThrow('kNeighbors: unknown option "nNeighbors"');
    await expect(kNeighbors(x, { k: 1, blockSize: 0 })).rejects.toThrow('kNeighbors: option "blockSize" must be an integer >= 1; got 0.');
    await expect(kNeighbors(x, { k: 1, maxBlockBytes: -1 })).rejects.toThrow(InvalidArgumentError);
    await expect(kNeighbors(x, { k: 1, excludeSelf: 'yes' as never })).rejects.toThrow(InvalidArgumentError);
    await expect(kNeighbors(x, { k: 1, query: 5 as never })).rejects.toThrow(InvalidArgumentError);
    await expect(kNeighbors([[0, 1], [2]], { k: 1 })).rejects.toThrow(ShapeError);
  });

  it('leaks no tensor when it throws', async () => {
    const t = tf.tensor2d([[0, 0], [NaN, 1]]);
    try {
      await expect(expectNoLeaks(() => kNeighbors(t, { k: 1 }))).rejects.toThrow(InvalidArgumentError);
      await expect(expectNoLeaks(() => kNeighbors([[0], [1]], { k: 1, query: t }))).rejects.toThrow(InvalidArgumentError);
    } finally {
      t.dispose();
    }
  });
});

describe('the quantized selection module (knn-select.c qScanSymmetric / qScanRows)', () => {
  /** Random int16 points with exact norms; a few exact duplicates and coordinates at ±23170 / √d. */
  function points(n: number, d: number, seed: number): QuantizedPoints {
    const pairs = Math.ceil(d / 2);
    const values = new Int16Array(n * 2 * pairs);
    const norms = new Int32Array(n);
    const r = randomMatrix(n, d, seed);
    const top = Math.floor(23170 / Math.sqrt(d));
    for (let i = 0; i < n; i++) {
      const src = i % 11 === 5 && i > 0 ? i - 1 : i; // duplicates of the previous point
      let norm = 0;
      for (let c = 0; c < d; c++) {
        const v = i % 17 === 3 ? (r[src]![c]! < 0 ? -top : top) : Math.round(r[src]![c]! * 2 * top);
        values[i * 2 * pairs + c] = v;
        norm += v * v;
      }
      norms[i] = norm;
    }
    return { values, norms, count: n };
  }
  const dist = (a: QuantizedPoints, i: number, b: QuantizedPoints, j: number, width: number): number => {
    let s = 0;
    for (let c = 0; c < width; c++) s += (a.values[i * width + c]! - b.values[j * width + c]!) ** 2;
    return s;
  };
  /** The multiset of values each list kept must be the `c` smallest of what it could take. */
  function expectSmallest(ids: Int32Array, worst: Int32Array, c: number, rows: number, candidates: (r: number) => [number, number][]): void {
    for (let r = 0; r < rows; r++) {
      const all = candidates(r).sort((a, b) => a[0] - b[0]);
      const kept = Array.from(ids.subarray(r * c, (r + 1) * c));
      const byId = new Map(all.map(([v, j]) => [j, v]));
      expect(new Set(kept).size).toBe(c);
      const keptValues = kept.map((j) => byId.get(j)!).sort((a, b) => a - b);
      expect(keptValues).toEqual(all.slice(0, c).map(([v]) => v));
      expect(worst[r]).toBe(keptValues[c - 1]);
    }
  }

  it('keeps the c smallest integer distances of every point, symmetric blocks of any size', async () => {
    for (const [n, d, c, block] of [[61, 5, 9, 16], [100, 20, 9, 512], [37, 1, 4, 8], [130, 7, 12, 24], [9, 3, 8, 8]] as const) {
      const pts = points(n, d, n * 7 + d);
      const pairs = Math.ceil(d / 2);
      for (const includeSelf of [false, true]) {
        const lists = await QuantizedLists.create(pts, pairs, n, c, true);
        const blocks = Math.ceil(n / block);
        for (let off = 0; off < blocks; off++) {
          for (let b = 0; b + off < blocks; b++) {
            lists.scanSymmetric(b * block, Math.min(n, (b + 1) * block), (b + off) * block, Math.min(n, (b + off + 1) * block), off === 0, includeSelf);
          }
        }
        expectSmallest(lists.ids(), lists.worst(), c, n, (r) =>
          Array.from({ length: n }, (_, j) => [dist(pts, r, pts, j, 2 * pairs), j] as [number, number]).filter(([, j]) => includeSelf || j !== r),
        );
      }
    }
  });

  it('keeps the c smallest for blocks of query points, skipping each one\'s own reference point', async () => {
    for (const [n, m, d, c] of [[70, 13, 6, 5], [45, 33, 11, 8], [16, 5, 2, 15]] as const) {
      const ref = points(n, d, n + d);
      const query = points(m, d, m * 3 + d);
      const pairs = Math.ceil(d / 2);
      const lists = await QuantizedLists.create(ref, pairs, 8, c, false);
      for (let r0 = 0; r0 < m; r0 += 8) {
        const r1 = Math.min(m, r0 + 8);
        const width = 2 * pairs;
        const block: QuantizedPoints = { values: query.values.slice(r0 * width, r1 * width), norms: query.norms.slice(r0, r1), count: r1 - r0 };
        const self = Int32Array.from({ length: r1 - r0 }, (_, i) => ((r0 + i) % 3 === 0 ? (r0 + i) % n : -1));
        lists.clear();
        lists.scanRows(block, self);
        expectSmallest(lists.ids(r1 - r0), lists.worst(r1 - r0), c, r1 - r0, (r) =>
          Array.from({ length: n }, (_, j) => [dist(block, r, ref, j, width), j] as [number, number]).filter(([, j]) => j !== self[r]),
        );
      }
    }
  });
});
