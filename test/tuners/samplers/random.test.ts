// randomSampler and sampleUniform: the law of each distribution's draws (Optuna's RandomSampler,
// optuna/samplers/_random.py), bounds, determinism, options.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../../../src/core/rng.js';
import { categoricalDistribution, contains, floatDistribution, intDistribution } from '../../../src/tuners/distributions.js';
import { randomSampler } from '../../../src/tuners/samplers/random.js';
import { sampleUniform } from '../../../src/tuners/samplers/_internal/uniform.js';
import type { Distribution, SamplerContext } from '../../../src/tuners/types.js';
import { frozenTrial, studyView } from '../_support.js';

const N = 20000;

function draws(d: Distribution, seed = 1, n = N): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => sampleUniform(rng, d));
}

/** Each grid value's frequency is within 4.5 binomial standard deviations of its probability. */
function expectFrequencies(xs: number[], probs: Map<number, number>): void {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  for (const x of counts.keys()) expect(probs.has(x), `unexpected value ${x}`).toBe(true);
  for (const [v, p] of probs) {
    const f = (counts.get(v) ?? 0) / xs.length;
    expect(Math.abs(f - p), `value ${v}: frequency ${f}, probability ${p}`).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / xs.length) + 1e-12);
  }
}

/** Kolmogorov–Smirnov distance between a sample and a CDF. */
function ks(xs: number[], cdf: (x: number) => number): number {
  const s = [...xs].sort((a, b) => a - b);
  let d = 0;
  s.forEach((x, i) => (d = Math.max(d, Math.abs(cdf(x) - (i + 1) / s.length), Math.abs(cdf(x) - i / s.length))));
  return d;
}
// 99.9% critical value of the KS statistic.
const KS_CRIT = 1.95 / Math.sqrt(N);

describe('sampleUniform', () => {
  it('float: uniform on [low, high)', () => {
    const xs = draws(floatDistribution('x', -2, 3));
    expect(ks(xs, (x) => (x + 2) / 5)).toBeLessThan(KS_CRIT);
    expect(Math.max(...xs)).toBeLessThan(3);
  });

  it('log float: uniform in log space', () => {
    const xs = draws(floatDistribution('x', 1e-4, 10, { log: true }));
    const lo = Math.log(1e-4);
    const hi = Math.log(10);
    expect(ks(xs, (x) => (Math.log(x) - lo) / (hi - lo))).toBeLessThan(KS_CRIT);
  });

  it('stepped float: every grid point equally likely, values on the grid', () => {
    const d = floatDistribution('x', 0, 1, { step: 0.25 });
    expectFrequencies(draws(d), new Map([0, 0.25, 0.5, 0.75, 1].map((v) => [v, 0.2])));
  });

  it('int (with step): every grid point equally likely', () => {
    expectFrequencies(draws(intDistribution('k', -3, 3)), new Map([-3, -2, -1, 0, 1, 2, 3].map((v) => [v, 1 / 7])));
    expectFrequencies(draws(intDistribution('k', 1, 10, { step: 3 })), new Map([1, 4, 7, 10].map((v) => [v, 0.25])));
  });

  it('log int: each value with the log-width of its cell [k − ½, k + ½] (as Optuna)', () => {
    const low = 1;
    const high = 20;
    const total = Math.log(high + 0.5) - Math.log(low - 0.5);
    const probs = new Map<number, number>();
    for (let k = low; k <= high; k++) probs.set(k, (Math.log(k + 0.5) - Math.log(k - 0.5)) / total);
    expectFrequencies(draws(intDistribution('k', low, high, { log: true })), probs);
  });

  it('categorical: every index equally likely', () => {
    expectFrequencies(draws(categoricalDistribution('c', ['a', 'b', 'c'])), new Map([0, 1, 2].map((v) => [v, 1 / 3])));
  });

  it('single-value distributions return their value', () => {
    expect(sampleUniform(createRng(1), floatDistribution('x', 2, 2))).toBe(2);
    expect(sampleUniform(createRng(1), intDistribution('k', 5, 5))).toBe(5);
    expect(sampleUniform(createRng(1), categoricalDistribution('c', ['only']))).toBe(0);
  });

  it('always lands inside the distribution (property)', () => {
    const dist = fc.oneof(
      fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })).map(([l, w]) => floatDistribution('x', l, l + w)),
      fc.tuple(fc.double({ min: 1e-8, max: 1e3, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true })).map(([l, r]) => floatDistribution('x', l, l * r, { log: true })),
      fc.tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 50 }), fc.double({ min: 0.01, max: 10, noNaN: true })).map(([l, k, s]) => floatDistribution('x', l, l + k * s, { step: s })),
      fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 7 })).map(([l, w, s]) => intDistribution('k', l, l + w, { step: s })),
      fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 100000 })).map(([l, w]) => intDistribution('k', l, l + w, { log: true })),
      fc.integer({ min: 1, max: 9 }).map((n) => categoricalDistribution('c', Array.from({ length: n }, (_, i) => i))),
    );
    fc.assert(
      fc.property(dist, fc.integer(), (d, seed) => {
        const rng = createRng(seed);
        for (let i = 0; i < 20; i++) {
          const v = sampleUniform(rng, d);
          if (!contains(d, v)) throw new Error(`${v} not in ${JSON.stringify(d)}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('randomSampler', () => {
  const ctx = (seed: number, n = 0): SamplerContext => ({ study: studyView([frozenTrial({ number: n, state: 'running' })]), rng: createRng(seed).child(n) });
  const d = floatDistribution('x', 0, 1);

  it('has its name, seed and options', () => {
    const s = randomSampler({ seed: 7 });
    expect(s.name).toBe('random');
    expect(s.seed).toBe(7);
    expect(s.options).toEqual({ seed: 7 });
    expect(randomSampler().seed).toBeNull();
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('rejects bad options at call time', () => {
    expect(() => randomSampler({ seed: 1.5 })).toThrow(/seed/);
    expect(() => randomSampler({ sed: 1 } as never)).toThrow(/did you mean "seed"/);
    expect(() => randomSampler(3 as never)).toThrow(/options must be an object/);
  });

  it('is deterministic given the context stream, and differs between streams and parameters', () => {
    const s = randomSampler();
    const t = frozenTrial({ number: 0, state: 'running' });
    expect(s.sampleIndependent(ctx(1), t, 'x', d)).toBe(s.sampleIndependent(ctx(1), t, 'x', d));
    expect(s.sampleIndependent(ctx(1), t, 'x', d)).not.toBe(s.sampleIndependent(ctx(2), t, 'x', d));
    expect(s.sampleIndependent(ctx(1), t, 'x', d)).not.toBe(s.sampleIndependent(ctx(1), t, 'y', d));
  });

  it("a parameter's draw does not depend on which parameters were asked before", () => {
    const s = randomSampler();
    const t = frozenTrial({ number: 0, state: 'running' });
    const c1 = ctx(3);
    const first = s.sampleIndependent(c1, t, 'y', d);
    const c2 = ctx(3);
    s.sampleIndependent(c2, t, 'x', d);
    expect(s.sampleIndependent(c2, t, 'y', d)).toBe(first);
  });

  it('draws uniformly across trials', () => {
    const s = randomSampler();
    const t = frozenTrial({ number: 0, state: 'running' });
    const xs = Array.from({ length: 4000 }, (_, i) => s.sampleIndependent(ctx(5, i), t, 'x', d));
    expect(ks(xs, (x) => x)).toBeLessThan(1.95 / Math.sqrt(4000));
  });
});
