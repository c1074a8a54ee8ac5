// qmcSampler and its Sobol' / Halton generators: bit-identical unscrambled points and direction
// numbers (scipy.stats.qmc, SciPy 1.10), discrepancies (scipy.stats.qmc.discrepancy), the net
// properties that scrambling must keep, and the parameters Optuna 3.1's QMCSampler suggests
// (fixtures of scripts/fixtures/tuners_qmc.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../../../src/core/rng.js';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { contains, floatDistribution, intDistribution, sameDistribution } from '../../../src/tuners/distributions.js';
import { qmcSampler } from '../../../src/tuners/samplers/qmc.js';
import { firstPrimes, haltonPoints } from '../../../src/tuners/samplers/_internal/halton.js';
import { SOBOL_MAX_DIMENSION, sobolDirectionNumbers, sobolPoints } from '../../../src/tuners/samplers/_internal/sobol.js';
import { createStudy, loadStudy } from '../../../src/tuners/study.js';
import { memoryStorage } from '../../../src/tuners/storages/memory.js';
import type { Distribution, FrozenTrial, Sampler, TrialState } from '../../../src/tuners/types.js';
import { frozenTrial, studyView } from '../_support.js';

interface Fixture {
  bits: number;
  maxDim: number;
  sobol256: Record<string, number[]>;
  halton256: { d: number; primes: number[]; points: number[] };
  sobolDirectionChecksums: number[];
  sobolDirectionRows: Record<string, number[]>;
  sobolFar: { index: number; point: number[] }[];
  discrepancy: { kind: 'sobol' | 'halton'; d: number; n: number; method: 'CD' | 'L2-star'; value: number }[];
  optuna: {
    distributions: [string, Distribution][];
    /** Trials 1 … 32: Optuna's parameters, and those it drew at random (its relative value fell outside the range). */
    sobol: { params: Record<string, number>; random: string[] }[];
    halton: { params: Record<string, number>; random: string[] }[];
  };
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/tuners_qmc.json', import.meta.url), 'utf8')) as Fixture;

function points(set: { point(i: number): number[] }, n: number, start = 0): number[][] {
  return Array.from({ length: n }, (_, i) => set.point(start + i));
}

/** Centered L2 discrepancy, squared (scipy.stats.qmc.discrepancy, method 'CD'; Hickernell 1998). */
function centeredDiscrepancy(x: number[][]): number {
  const n = x.length;
  const d = x[0]!.length;
  let s1 = 0;
  let s2 = 0;
  for (const row of x) {
    let p = 1;
    for (const v of row) {
      const a = Math.abs(v - 0.5);
      p *= 1 + 0.5 * a - 0.5 * a * a;
    }
    s1 += p;
  }
  for (const a of x) {
    for (const b of x) {
      let p = 1;
      for (let k = 0; k < d; k++) p *= 1 + 0.5 * Math.abs(a[k]! - 0.5) + 0.5 * Math.abs(b[k]! - 0.5) - 0.5 * Math.abs(a[k]! - b[k]!);
      s2 += p;
    }
  }
  return (13 / 12) ** d - (2 / n) * s1 + s2 / (n * n);
}

/** L2-star discrepancy (Warnock's formula; scipy.stats.qmc.discrepancy, method 'L2-star'). */
function l2StarDiscrepancy(x: number[][]): number {
  const n = x.length;
  const d = x[0]!.length;
  let s1 = 0;
  let s2 = 0;
  for (const row of x) s1 += row.reduce((p, v) => p * (1 - v * v), 1);
  for (const a of x) for (const b of x) s2 += a.reduce((p, v, k) => p * (1 - Math.max(v, b[k]!)), 1);
  return Math.sqrt(3 ** -d - (2 ** (1 - d) / n) * s1 + s2 / (n * n));
}

/** Whether every one of the `cells` equal intervals of [0, 1) holds exactly one of `xs`. */
function oneInEachInterval(xs: number[], cells: number): boolean {
  const seen = new Uint8Array(cells);
  for (const x of xs) {
    const c = Math.floor(x * cells);
    if (c < 0 || c >= cells || seen[c]) return false;
    seen[c] = 1;
  }
  return xs.length === cells;
}

/** Whether the 2-D points form a (0, m, 2)-net in base 2: one point in every elementary box of volume 2^-m. */
function isZeroNet2d(pts: number[][], m: number): boolean {
  for (let a = 0; a <= m; a++) {
    const rows = 2 ** a;
    const cols = 2 ** (m - a);
    const seen = new Uint8Array(rows * cols);
    for (const [x, y] of pts) {
      const c = Math.floor(x! * rows) * cols + Math.floor(y! * cols);
      if (seen[c]) return false;
      seen[c] = 1;
    }
  }
  return true;
}

describe('Sobol\' generator (unscrambled) against scipy.stats.qmc.Sobol', () => {
  it('has the direction numbers SciPy builds, for every embedded dimension', () => {
    expect(SOBOL_MAX_DIMENSION).toBe(fixture.maxDim);
    expect(fixture.sobolDirectionChecksums).toHaveLength(SOBOL_MAX_DIMENSION);
    for (let j = 0; j < SOBOL_MAX_DIMENSION; j++) {
      const v = sobolDirectionNumbers(j);
      const checksum = v.reduce((s, x, b) => s + x * (b + 1), 0);
      if (checksum !== fixture.sobolDirectionChecksums[j]) expect.fail(`dimension ${j}: checksum ${checksum}, SciPy ${fixture.sobolDirectionChecksums[j]}`);
    }
    for (const [j, row] of Object.entries(fixture.sobolDirectionRows)) expect(Array.from(sobolDirectionNumbers(Number(j)))).toEqual(row);
  });

  it.each([1, 2, 5, 40])('gives SciPy\'s first 256 points exactly in %i dimensions', (d) => {
    const expected = fixture.sobol256[String(d)]!;
    const got = points(sobolPoints(d, null), 256);
    expect(got.flat().map((v) => v * 256)).toEqual(expected);
  });

  it('gives SciPy\'s points far into the sequence (after fast_forward)', () => {
    const set = sobolPoints(8, null);
    for (const { index, point } of fixture.sobolFar) expect(set.point(index)).toEqual(point);
  });

  it('rejects dimensions and indices it cannot serve', () => {
    expect(() => sobolPoints(0, null)).toThrow(InvalidArgumentError);
    expect(() => sobolPoints(SOBOL_MAX_DIMENSION + 1, null)).toThrow(/1 to 1111 dimensions/);
    expect(() => sobolDirectionNumbers(SOBOL_MAX_DIMENSION)).toThrow(InvalidArgumentError);
    const set = sobolPoints(2, null);
    expect(() => set.point(2 ** 30)).toThrow(InvalidArgumentError);
    expect(() => set.point(-1)).toThrow(InvalidArgumentError);
    expect(set.point(2 ** 30 - 1).every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('Halton generator (unscrambled) against scipy.stats.qmc.Halton', () => {
  const { d, primes, points: flat } = fixture.halton256;

  it('uses the first primes as bases', () => {
    expect(firstPrimes(d)).toEqual(primes);
  });

  it.each([1, 2, 5, 40])('gives SciPy\'s first 256 points bit for bit in %i dimensions', (dim) => {
    const got = points(haltonPoints(dim, null), 256);
    const expected = Array.from({ length: 256 }, (_, i) => flat.slice(i * d, i * d + dim));
    expect(got).toEqual(expected);
  });

  it('rejects a bad dimension or index', () => {
    expect(() => haltonPoints(0, null)).toThrow(InvalidArgumentError);
    expect(() => haltonPoints(2, null).point(1.5)).toThrow(InvalidArgumentError);
  });
});

describe('discrepancy (scipy.stats.qmc.discrepancy on unscrambled sets)', () => {
  it.each(fixture.discrepancy.map((c) => [`${c.method} of ${c.n} ${c.kind} points in ${c.d}-D`, c] as const))('%s', (_, c) => {
    const set = c.kind === 'sobol' ? sobolPoints(c.d, null) : haltonPoints(c.d, null);
    const pts = points(set, c.n);
    const value = c.method === 'CD' ? centeredDiscrepancy(pts) : l2StarDiscrepancy(pts);
    expect(Math.abs(value - c.value)).toBeLessThanOrEqual(1e-12);
  });
});

describe('scrambled Sobol\'', () => {
  it('keeps the (0, m, 1)-net property of every coordinate, in consecutive blocks of 2^m', () => {
    for (const seed of [1, 2, 3]) {
      const set = sobolPoints(12, createRng(seed));
      for (const m of [1, 4, 7, 10]) {
        const n = 2 ** m;
        for (const start of [0, n]) {
          const pts = points(set, n, start);
          for (let j = 0; j < 12; j++) {
            const ok = oneInEachInterval(pts.map((p) => p[j]!), n);
            if (!ok) expect.fail(`seed ${seed}, m ${m}, start ${start}, dimension ${j}`);
          }
        }
      }
    }
  });

  it('keeps the (0, m, 2)-net property of dimensions 1 and 2', () => {
    for (const seed of [1, 2, 3]) {
      const set = sobolPoints(2, createRng(seed));
      for (const m of [2, 5, 8, 10]) expect(isZeroNet2d(points(set, 2 ** m), m), `seed ${seed}, m ${m}`).toBe(true);
    }
  });

  it('has a lower discrepancy than uniform random points', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const sobol = points(sobolPoints(5, createRng(seed)), 256);
      const rng = createRng(`random-${seed}`);
      const random = Array.from({ length: 256 }, () => Array.from({ length: 5 }, () => rng.uniform()));
      expect(l2StarDiscrepancy(sobol)).toBeLessThan(l2StarDiscrepancy(random));
      expect(centeredDiscrepancy(sobol)).toBeLessThan(centeredDiscrepancy(random));
    }
  });

  it('is fixed by its seed, differs between seeds and from the plain sequence, and stays in [0, 1)', () => {
    const a = points(sobolPoints(6, createRng(7)), 64);
    expect(points(sobolPoints(6, createRng(7)), 64)).toEqual(a);
    expect(points(sobolPoints(6, createRng(8)), 64)).not.toEqual(a);
    expect(a).not.toEqual(points(sobolPoints(6, null), 64));
    expect(a.flat().every((v) => v >= 0 && v < 1)).toBe(true);
    // A dimension's randomization does not depend on how many dimensions there are.
    expect(points(sobolPoints(3, createRng(7)), 64)).toEqual(a.map((p) => p.slice(0, 3)));
  });
});

describe('scrambled Halton', () => {
  it('keeps the stratification of each coordinate: b^k consecutive points, one per interval', () => {
    for (const seed of [1, 2]) {
      const set = haltonPoints(4, createRng(seed));
      [2, 3, 5, 7].forEach((base, j) => {
        for (const k of [1, 2, 3]) {
          const n = base ** k;
          for (const start of [0, n]) {
            const ok = oneInEachInterval(points(set, n, start).map((p) => p[j]!), n);
            if (!ok) expect.fail(`seed ${seed}, base ${base}, k ${k}, start ${start}`);
          }
        }
      });
    }
  });

  it('is fixed by its seed and stays in [0, 1), including far indices', () => {
    const a = points(haltonPoints(10, createRng(3)), 50);
    expect(points(haltonPoints(10, createRng(3)), 50)).toEqual(a);
    expect(a).not.toEqual(points(haltonPoints(10, null), 50));
    const set = haltonPoints(10, createRng(3));
    for (const i of [0, 1, 2 ** 40, Number.MAX_SAFE_INTEGER]) expect(set.point(i).every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('has a lower discrepancy than uniform random points', () => {
    for (const seed of [1, 2, 3]) {
      const halton = points(haltonPoints(5, createRng(seed)), 200);
      const rng = createRng(`random-${seed}`);
      const random = Array.from({ length: 200 }, () => Array.from({ length: 5 }, () => rng.uniform()));
      expect(l2StarDiscrepancy(halton)).toBeLessThan(l2StarDiscrepancy(random));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The sampler, driven the way the study drives it (beforeTrial under the lock, then relative,
// then independent sampling), over hand-made histories.

interface Asked {
  readonly name: string;
  readonly distribution: Distribution;
}

function runTrial(sampler: Sampler, trials: readonly FrozenTrial[], asked: readonly Asked[], seed: number | string, state: TrialState = 'complete'): FrozenTrial {
  const number = trials.length;
  const root = createRng(sampler.seed ?? seed).child('sampler');
  const before = sampler.beforeTrial?.({ study: studyView(trials), rng: root.child(number) }, trials);
  const running = frozenTrial({ number, state: 'running', systemAttrs: { ...(before?.systemAttrs ?? {}) } });
  const ctx = { study: studyView([...trials, running]), rng: root.child(number) };
  const space = sampler.inferRelativeSearchSpace?.(ctx, running) ?? {};
  const relative = Object.keys(space).length > 0 ? sampler.sampleRelative!(ctx, running, space) : {};
  const params: Record<string, number> = {};
  const distributions: Record<string, Distribution> = {};
  for (const { name, distribution } of asked) {
    const r = relative[name];
    const s = space[name];
    params[name] = r !== undefined && s !== undefined && sameDistribution(s, distribution) ? r : sampler.sampleIndependent(ctx, running, name, distribution);
    distributions[name] = distribution;
  }
  return frozenTrial({ number, state, params, distributions, systemAttrs: running.systemAttrs as Record<string, never> });
}

function runTrials(sampler: Sampler, asked: readonly Asked[], n: number, seed: number | string = 0): FrozenTrial[] {
  const trials: FrozenTrial[] = [];
  for (let i = 0; i < n; i++) trials.push(runTrial(sampler, trials, asked, seed));
  return trials;
}

const asked: Asked[] = fixture.optuna.distributions.map(([name, distribution]) => ({ name, distribution }));

describe('qmcSampler against Optuna 3.1\'s QMCSampler (scramble=False)', () => {
  it.each(['sobol', 'halton'] as const)('suggests the same parameters as Optuna, %s', (type) => {
    const trials = runTrials(qmcSampler({ type, scramble: false }), asked, 33);
    const expected = fixture.optuna[type];
    let compared = 0;
    expected.forEach(({ params, random }, i) => {
      const t = trials[i + 1]!;
      expect(t.systemAttrs['qmc:sample_id']).toBe(i);
      for (const [name, value] of Object.entries(params)) {
        // Optuna redraws lr at point 0 (exp(log(1e-5)) is 1 ulp below 1e-5); we clamp instead.
        // Floats agree to a few ulps (V8 and glibc exp/log differ in the last bit now and then).
        if (random.includes(name)) continue;
        compared++;
        const got = t.params[name] as number;
        if (Number.isInteger(value) && asked.find((a) => a.name === name)!.distribution.type === 'int') expect(got, `trial ${i + 1} ${name}`).toBe(value);
        else expect(Math.abs(got - value), `trial ${i + 1} ${name}: ${got} vs ${value}`).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(value)));
      }
    });
    expect(compared).toBeGreaterThan(32 * 6 - 4);
    expect(trials[1]!.params['lr']).toBe(1e-5);
  });
});

describe('qmcSampler', () => {
  const xy: Asked[] = [
    { name: 'x', distribution: floatDistribution('x', -1, 1) },
    { name: 'y', distribution: intDistribution('y', 0, 100) },
  ];

  it('samples the first trial at random and takes its numeric parameters as the fixed space', () => {
    const sampler = qmcSampler({ seed: 3 });
    const first = runTrial(sampler, [], [...xy, { name: 'c', distribution: { type: 'categorical', choices: ['a', 'b'] } }], 0);
    expect(first.systemAttrs).toEqual({});
    const second = runTrial(sampler, [first], xy, 0);
    expect(second.systemAttrs['qmc:sample_id']).toBe(0);
    expect((second.systemAttrs['qmc:search_space'] as [string, unknown][]).map(([n]) => n)).toEqual(['x', 'y']);
    expect(second.systemAttrs['qmc:sequence']).toBe('sobol (scramble=true, seed=3)');
  });

  it('gives trial k the k-th point of the sequence, counting ids across the stored history', () => {
    const trials = runTrials(qmcSampler({ scramble: false }), xy, 9);
    const set = sobolPoints(2, null);
    for (let k = 1; k < 9; k++) {
      const u = set.point(k - 1);
      expect(trials[k]!.systemAttrs['qmc:sample_id']).toBe(k - 1);
      expect(trials[k]!.params['x']).toBe(-1 + u[0]! * 2);
    }
    // A later worker with another sampler object continues the count from the trials alone.
    const next = runTrial(qmcSampler({ scramble: false }), trials, xy, 99);
    expect(next.systemAttrs['qmc:sample_id']).toBe(8);
  });

  it('counts running and failed trials too, so no id is used twice', () => {
    const sampler = qmcSampler({ seed: 1 });
    const trials = runTrials(sampler, xy, 2);
    trials.push(runTrial(sampler, trials, xy, 0, 'running'));
    trials.push(runTrial(sampler, trials, xy, 0, 'fail'));
    expect(runTrial(sampler, trials, xy, 0).systemAttrs['qmc:sample_id']).toBe(3);
  });

  it('keeps the stored search space even when an earlier trial finishes later', () => {
    const sampler = qmcSampler({ seed: 1 });
    const early = frozenTrial({ number: 0, state: 'running' });
    const done = frozenTrial({ number: 1, params: { x: 0.5 }, distributions: { x: xy[0]!.distribution } });
    const t2 = runTrial(sampler, [early, done], xy, 0);
    expect((t2.systemAttrs['qmc:search_space'] as [string, unknown][]).map(([n]) => n)).toEqual(['x']);
    // Trial 0 completes with both parameters; the space stays the one stored on trial 2.
    const earlyDone = frozenTrial({ number: 0, params: { x: 0, y: 1 }, distributions: { x: xy[0]!.distribution, y: xy[1]!.distribution } });
    const t3 = runTrial(sampler, [earlyDone, done, t2], xy, 0);
    expect((t3.systemAttrs['qmc:search_space'] as [string, unknown][]).map(([n]) => n)).toEqual(['x']);
    expect(t3.systemAttrs['qmc:sample_id']).toBe(1);
  });

  it('keeps separate counts per sequence (type, scramble, seed), as Optuna does', () => {
    const trials = runTrials(qmcSampler({ seed: 1 }), xy, 4);
    expect(runTrial(qmcSampler({ seed: 2 }), trials, xy, 0).systemAttrs['qmc:sample_id']).toBe(0);
    expect(runTrial(qmcSampler({ type: 'halton', seed: 1 }), trials, xy, 0).systemAttrs['qmc:sample_id']).toBe(0);
    expect(runTrial(qmcSampler({ seed: 1 }), trials, xy, 0).systemAttrs['qmc:sample_id']).toBe(3);
  });

  it('takes the study\'s seed when it has none, and is deterministic given it', () => {
    const a = runTrials(qmcSampler(), xy, 6, 'study-seed');
    const b = runTrials(qmcSampler(), xy, 6, 'study-seed');
    const c = runTrials(qmcSampler(), xy, 6, 'other');
    expect(b.map((t) => t.params)).toEqual(a.map((t) => t.params));
    expect(c.slice(1).map((t) => t.params)).not.toEqual(a.slice(1).map((t) => t.params));
    expect(a[1]!.systemAttrs['qmc:sequence']).toBe('sobol (scramble=true, seed="study-seed")');
  });

  it('samples parameters outside the space, and trials without an id, independently at random', () => {
    const sampler = qmcSampler({ seed: 5 });
    const trials = runTrials(sampler, xy, 3);
    const z = { name: 'z', distribution: floatDistribution('z', 0, 1) };
    const t = runTrial(sampler, trials, [...xy, z], 0);
    expect(contains(z.distribution, t.params['z'] as number)).toBe(true);
    // An enqueued (claimed) trial has no qmc attributes: nothing relative.
    const running = frozenTrial({ number: 4, state: 'running' });
    const ctx = { study: studyView([...trials, running]), rng: createRng(5).child('sampler').child(4) };
    expect(sampler.inferRelativeSearchSpace!(ctx, running)).toEqual({});
  });

  it('maps every point into its distribution (property)', () => {
    const distribution = fc.oneof(
      fc.record({ low: fc.double({ min: -1e6, max: 1e6, noNaN: true }), width: fc.double({ min: 0, max: 1e6, noNaN: true }) }).map(({ low, width }) => floatDistribution('p', low, low + width)),
      fc.record({ low: fc.double({ min: 1e-8, max: 1e3, noNaN: true }), ratio: fc.double({ min: 1, max: 1e6, noNaN: true }) }).map(({ low, ratio }) => floatDistribution('p', low, low * ratio, { log: true })),
      fc.record({ low: fc.integer({ min: -50, max: 50 }), n: fc.integer({ min: 0, max: 40 }), step: fc.constantFrom(0.1, 0.25, 0.3, 1, 7.5) }).map(({ low, n, step }) => floatDistribution('p', low, low + n * step, { step })),
      fc.record({ low: fc.integer({ min: -1000, max: 1000 }), width: fc.integer({ min: 0, max: 1000 }), step: fc.integer({ min: 1, max: 9 }) }).map(({ low, width, step }) => intDistribution('p', low, low + width, { step })),
      fc.record({ low: fc.integer({ min: 1, max: 1000 }), width: fc.integer({ min: 0, max: 1e6 }) }).map(({ low, width }) => intDistribution('p', low, low + width, { log: true })),
    );
    fc.assert(
      fc.property(fc.array(distribution, { minLength: 1, maxLength: 4 }), fc.constantFrom('sobol', 'halton'), fc.boolean(), fc.integer({ min: 0, max: 2 ** 20 }), (dists, type, scramble, id) => {
        const sampler = qmcSampler({ type, scramble, seed: 1 });
        const space = dists.map((d, i) => [`p${i}`, d] as const);
        const running = frozenTrial({
          number: 1,
          state: 'running',
          systemAttrs: { 'qmc:sequence': 'x', 'qmc:sample_id': id, 'qmc:search_space': space.map(([n, d]) => [n, { ...d }]) as never },
        });
        const ctx = { study: studyView([running]), rng: createRng(1).child('sampler').child(1) };
        const inferred = sampler.inferRelativeSearchSpace!(ctx, running);
        const values = sampler.sampleRelative!(ctx, running, inferred);
        return space.every(([n, d]) => contains(d, values[n]!) && (d.type === 'int' || d.low === d.high || values[n]! < d.high || d.step !== null));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses Sobol\' spaces above 1111 dimensions, while Halton serves them', () => {
    const big = Array.from({ length: SOBOL_MAX_DIMENSION + 1 }, (_, i) => [`p${i}`, { type: 'float', low: 0, high: 1, log: false, step: null }]);
    const running = frozenTrial({ number: 1, state: 'running', systemAttrs: { 'qmc:sequence': 'x', 'qmc:sample_id': 0, 'qmc:search_space': big as never } });
    const ctx = { study: studyView([running]), rng: createRng(1) };
    expect(() => qmcSampler({ seed: 1 }).inferRelativeSearchSpace!(ctx, running)).toThrow(/use type 'halton'/);
    const halton = qmcSampler({ type: 'halton', scramble: false });
    const values = halton.sampleRelative!(ctx, running, halton.inferRelativeSearchSpace!(ctx, running));
    expect(Object.keys(values)).toHaveLength(SOBOL_MAX_DIMENSION + 1);
  });

  it('rejects a malformed stored search space', () => {
    const running = frozenTrial({ number: 1, state: 'running', systemAttrs: { 'qmc:sample_id': 0, 'qmc:search_space': { x: 1 } } });
    expect(() => qmcSampler().inferRelativeSearchSpace!({ study: studyView([running]), rng: createRng(1) }, running)).toThrow(InvalidArgumentError);
  });

  it('describes itself and validates its options when built', () => {
    const s = qmcSampler({ type: 'halton', scramble: false, seed: 'abc' });
    expect(s.name).toBe('qmc');
    expect(s.seed).toBe('abc');
    expect(s.options).toEqual({ type: 'halton', scramble: false, seed: 'abc' });
    expect(Object.isFrozen(s)).toBe(true);
    expect(qmcSampler().seed).toBeNull();
    expect(qmcSampler().options).toEqual({ type: 'sobol', scramble: true });
    for (const bad of [{ type: 'lhs' }, { scramble: 1 }, { seed: 1.5 }, { seed: NaN }, { seed: {} }, { qmcType: 'sobol' }, null, 3] as unknown[]) {
      expect(() => qmcSampler(bad as never), JSON.stringify(bad)).toThrow(InvalidArgumentError);
    }
  });
});

describe('qmcSampler in a study', () => {
  it('runs a seeded study reproducibly, with ids 0, 1, 2, … after the first trial', async () => {
    const run = async (): Promise<FrozenTrial[]> => {
      const study = await createStudy({ sampler: qmcSampler({ seed: 11 }), storage: memoryStorage() });
      await study.optimize((t) => (t.float('x', -5, 5) - 1) ** 2 + t.int('n', 1, 8) + (t.categorical('c', ['a', 'b']) === 'a' ? 0 : 1), { trials: 17 });
      return [...study.trials];
    };
    const a = await run();
    const b = await run();
    expect(b.map((t) => t.params)).toEqual(a.map((t) => t.params));
    expect(a.map((t) => t.systemAttrs['qmc:sample_id'] ?? null)).toEqual([null, ...Array.from({ length: 16 }, (_, i) => i)]);
    // 16 consecutive scrambled Sobol' points: x falls once into each sixteenth of [-5, 5).
    const xs = a.slice(1).map((t) => ((t.params['x'] as number) + 5) / 10);
    expect(oneInEachInterval(xs, 16)).toBe(true);
  });

  const objective = (t: { float(n: string, l: number, h: number): number; int(n: string, l: number, h: number): number }): number => t.float('x', 0, 1) + t.int('n', 1, 8);

  it('continues the sequence when a study is resumed with a new sampler object', async () => {
    const whole = await createStudy({ sampler: qmcSampler({ seed: 4 }), storage: memoryStorage() });
    await whole.optimize(objective, { trials: 9 });
    const storage = memoryStorage();
    const first = await createStudy({ sampler: qmcSampler({ seed: 4 }), storage, studyName: 'resume' });
    await first.optimize(objective, { trials: 5 });
    const resumed = await loadStudy({ studyName: 'resume', storage, sampler: qmcSampler({ seed: 4 }) });
    await resumed.optimize(objective, { trials: 4 });
    expect(resumed.trials.map((t) => t.systemAttrs['qmc:sample_id'] ?? null)).toEqual([null, 0, 1, 2, 3, 4, 5, 6, 7]);
    // Same seed, same ids: the resumed trials 5 … 8 get the points of an uninterrupted run.
    expect(resumed.trials.slice(1).map((t) => t.params)).toEqual(whole.trials.slice(1).map((t) => t.params));
  });

  it('gives concurrent trials distinct ids', async () => {
    const study = await createStudy({ sampler: qmcSampler({ seed: 2 }), storage: memoryStorage() });
    await study.optimize(async (t) => {
      await new Promise((r) => setTimeout(r, 1));
      return objective(t);
    }, { trials: 20, concurrency: 4 });
    const ids = study.trials.map((t) => t.systemAttrs['qmc:sample_id']).filter((id) => id !== undefined);
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((p, q) => (p as number) - (q as number))).toEqual(Array.from({ length: ids.length }, (_, i) => i));
  });
});
