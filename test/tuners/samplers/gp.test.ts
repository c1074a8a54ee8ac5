import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/rng.js';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { categoricalDistribution, contains, floatDistribution, intDistribution } from '../../../src/tuners/distributions.js';
import { gpSampler } from '../../../src/tuners/samplers/gp.js';
import { randomSampler } from '../../../src/tuners/samplers/random.js';
import { denormalizeValue, encodeSpace, normalizeValue } from '../../../src/tuners/samplers/_internal/gp-space.js';
import { fitHyperparameters, logMarginalLikelihood, MIN_NOISE_VARIANCE, defaultHyperparameters, type GpData } from '../../../src/tuners/samplers/_internal/gp-model.js';
import { maximizeLogEI, logExpectedImprovement } from '../../../src/tuners/samplers/_internal/gp-acquisition.js';
import { gpPosterior } from '../../../src/tuners/samplers/_internal/gp-model.js';
import { createStudy } from '../../../src/tuners/study.js';
import type { Direction, Distribution, FrozenTrial, SamplerContext, SearchSpace } from '../../../src/tuners/types.js';
import { frozenTrial, studyView } from '../_support.js';
import { branin } from '../../../bench/_tuners/functions.js';

// Small acquisition budgets keep these tests fast; the defaults are exercised by the study test.
const FAST = { candidates: 256, restarts: 3 } as const;

const X = floatDistribution('x', -5, 5);
const Y = floatDistribution('y', 1e-3, 1, { log: true });

function history(f: (p: Record<string, number>) => number, space: Record<string, Distribution>, n: number, seed = 0): FrozenTrial[] {
  const rng = createRng(seed);
  const sampler = randomSampler();
  return Array.from({ length: n }, (_, i) => {
    const params: Record<string, number> = {};
    for (const [k, d] of Object.entries(space)) params[k] = sampler.sampleIndependent({ study: studyView([]), rng: rng.child(i) }, frozenTrial({ number: i }), k, d);
    return frozenTrial({ number: i, params, distributions: space, value: f(params) });
  });
}

function context(trials: FrozenTrial[], seed: number | string = 1, directions: readonly Direction[] = ['minimize'], number = trials.length): { ctx: SamplerContext; current: FrozenTrial } {
  const current = frozenTrial({ number, state: 'running' });
  return { ctx: { study: studyView([...trials, current], directions), rng: createRng(seed).child('sampler').child(current.number) }, current };
}

function suggest(sampler: ReturnType<typeof gpSampler>, trials: FrozenTrial[], seed: number | string = 1, directions: readonly Direction[] = ['minimize'], number = trials.length): Record<string, number> {
  const { ctx, current } = context(trials, seed, directions, number);
  const space = sampler.inferRelativeSearchSpace!(ctx, current);
  return { ...sampler.sampleRelative!(ctx, current, space) };
}

describe('gpSampler: options', () => {
  it('builds a frozen sampler that records its options', () => {
    const s = gpSampler({ seed: 3, startupTrials: 5, constantLiar: true });
    expect(Object.isFrozen(s)).toBe(true);
    expect(s.name).toBe('gp');
    expect(s.seed).toBe(3);
    expect(s.options).toEqual({ seed: 3, startupTrials: 5, constantLiar: true });
    expect(gpSampler().seed).toBeNull();
  });

  it.each([
    [{ startupTrials: -1 }],
    [{ startupTrials: 1.5 }],
    [{ candidates: 0 }],
    [{ restarts: -1 }],
    [{ constantLiar: 'yes' }],
    [{ deterministicObjective: 1 }],
    [{ seed: 1.5 }],
    [{ sed: 1 }],
  ])('rejects %j when called', (bad) => {
    expect(() => gpSampler(bad as never)).toThrow(InvalidArgumentError);
  });
});

describe('gpSampler: sampling', () => {
  const f = (p: Record<string, number>): number => (p.x! - 1) ** 2 + Math.log10(p.y!) ** 2;

  it('samples independently (empty relative space) until startupTrials trials are complete', () => {
    const s = gpSampler({ seed: 1, startupTrials: 6, ...FAST });
    const trials = history(f, { x: X, y: Y }, 5);
    const { ctx, current } = context(trials);
    expect(s.inferRelativeSearchSpace!(ctx, current)).toEqual({});
    const more = history(f, { x: X, y: Y }, 6);
    const c2 = context(more);
    expect(Object.keys(s.inferRelativeSearchSpace!(c2.ctx, c2.current))).toEqual(['x', 'y']);
    // Pruned, failed and running trials do not count as complete.
    const extra = [...trials, frozenTrial({ number: 5, state: 'pruned', params: { x: 0, y: 0.5 }, distributions: { x: X, y: Y } }), frozenTrial({ number: 6, state: 'fail' })];
    const c3 = context(extra);
    expect(s.inferRelativeSearchSpace!(c3.ctx, c3.current)).toEqual({});
  });

  it('the same seed and history give the same suggestion; another seed another one', () => {
    const trials = history(f, { x: X, y: Y }, 12);
    const a = suggest(gpSampler({ seed: 7, ...FAST }), trials, 'study');
    const b = suggest(gpSampler({ seed: 7, ...FAST }), trials, 'study');
    const c = suggest(gpSampler({ seed: 7, ...FAST }), trials, 'other');
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('moves towards the optimum of a smooth function (minimize and maximize)', () => {
    const trials = history(f, { x: X, y: Y }, 15, 3);
    const best = Math.min(...trials.map((t) => t.values![0]!));
    const s = gpSampler({ seed: 1, deterministicObjective: true });
    const p = suggest(s, trials);
    expect(f(p)).toBeLessThan(best + 0.5);
    expect(Math.abs(p.x! - 1)).toBeLessThan(1.5);
    const neg = trials.map((t) => ({ ...t, values: [-t.values![0]!] }));
    const q = suggest(gpSampler({ seed: 1, deterministicObjective: true }), neg, 1, ['maximize']);
    expect(Math.abs(q.x! - 1)).toBeLessThan(1.5);
  });

  it('learns which category is best', () => {
    const C = categoricalDistribution('c', ['a', 'b', 'c']);
    const g = (p: Record<string, number>): number => (p.c === 1 ? 0 : 3) + (p.x! / 5) ** 2;
    const trials = history(g, { c: C, x: X }, 15, 2);
    const p = suggest(gpSampler({ seed: 2, ...FAST }), trials);
    expect(p.c).toBe(1);
  });

  it('returns values inside mixed distributions (property)', () => {
    const space: Record<string, Distribution> = {
      f: floatDistribution('f', -2, 3),
      lf: floatDistribution('lf', 1e-5, 1e-1, { log: true }),
      sf: floatDistribution('sf', 0, 1, { step: 0.1 }),
      i: intDistribution('i', -3, 7),
      li: intDistribution('li', 1, 2000, { log: true }),
      si: intDistribution('si', 0, 100, { step: 5 }),
      c: categoricalDistribution('c', ['x', 1, true, null]),
      single: intDistribution('single', 4, 4),
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 3, max: 14 }), (seed, n) => {
        const trials = history((p) => Math.sin(p.f! * 3) + p.i! / 7 + Math.log(p.lf!) / 10 + (p.c === 2 ? 1 : 0) + Math.log(p.li!) * p.sf!, space, n, seed);
        const s = gpSampler({ seed, startupTrials: 2, candidates: 64, restarts: 2 });
        const { ctx, current } = context(trials, seed);
        const rel = s.inferRelativeSearchSpace!(ctx, current);
        expect(Object.keys(rel)).not.toContain('single');
        const p = s.sampleRelative!(ctx, current, rel);
        for (const k of Object.keys(rel)) {
          expect(p[k]).toBeDefined();
          expect(contains(space[k]!, p[k]!)).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('uses uniform draws for parameters outside the relative space, on a per-name stream', () => {
    const s = gpSampler({ seed: 1 });
    const { ctx, current } = context([]);
    const v = s.sampleIndependent(ctx, current, 'z', X);
    expect(contains(X, v)).toBe(true);
    expect(s.sampleIndependent(ctx, current, 'z', X)).toBe(v);
  });

  it('startup trials form a Latin hypercube: one trial per stratum of each parameter', () => {
    const s = gpSampler({ seed: 4, startupTrials: 8 });
    const lf = floatDistribution('lf', 1e-4, 1, { log: true });
    const xs: number[] = [];
    const ls: number[] = [];
    for (let k = 0; k < 8; k++) {
      const { ctx, current } = context([], 'study', ['minimize'], k);
      xs.push(s.sampleIndependent(ctx, current, 'x', X));
      ls.push(s.sampleIndependent(ctx, current, 'lf', lf));
    }
    expect(new Set(xs.map((v) => Math.floor(((v + 5) / 10) * 8))).size).toBe(8);
    expect(new Set(ls.map((v) => Math.floor(((Math.log10(v) + 4) / 4) * 8))).size).toBe(8);
    // Another seed, another design.
    const other = gpSampler({ seed: 4, startupTrials: 8 });
    const { ctx, current } = context([], 'other', ['minimize'], 0);
    expect(other.sampleIndependent(ctx, current, 'x', X)).not.toBe(xs[0]);
  });

  it('constantLiar spreads a suggestion away from a running trial at the same point', () => {
    const trials = history(f, { x: X, y: Y }, 12, 5);
    // The suggestion for trial 13 while trial 12 (another worker's) runs at the point trial 13
    // would get without it.
    const plain = suggest(gpSampler({ seed: 1, ...FAST }), trials, 1, ['minimize'], 13);
    const running = frozenTrial({ number: 12, state: 'running', params: plain, distributions: { x: X, y: Y } });
    const withRunning = [...trials, running];
    // Without the liar the running trial is ignored.
    expect(suggest(gpSampler({ seed: 1, ...FAST }), withRunning, 1, ['minimize'], 13)).toEqual(plain);
    const lied = suggest(gpSampler({ seed: 1, constantLiar: true, ...FAST }), withRunning, 1, ['minimize'], 13);
    const dist = Math.hypot((lied.x! - plain.x!) / 10, Math.log10(lied.y! / plain.y!) / 3);
    expect(dist).toBeGreaterThan(0.02);
  });

  it('copes with infinite and constant objective values', () => {
    const trials = history((p) => (p.x! - 1) ** 2, { x: X }, 10, 1);
    const withInf = trials.map((t, i) => (i === 3 ? { ...t, values: [Infinity] } : i === 4 ? { ...t, values: [-Infinity] } : t));
    const p = suggest(gpSampler({ seed: 1, ...FAST }), withInf);
    expect(contains(X, p.x!)).toBe(true);
    const flat = trials.map((t) => ({ ...t, values: [2] }));
    const q = suggest(gpSampler({ seed: 1, ...FAST }), flat);
    expect(contains(X, q.x!)).toBe(true);
  });

  it('throws InvalidArgumentError in a multi-objective study', () => {
    const s = gpSampler({ seed: 1 });
    const { ctx, current } = context([], 1, ['minimize', 'maximize']);
    expect(() => s.inferRelativeSearchSpace!(ctx, current)).toThrow(/multi-objective/);
    expect(() => s.sampleRelative!(ctx, current, { x: X })).toThrow(InvalidArgumentError);
  });

  it('does not modify the trials it reads', () => {
    const trials = history(f, { x: X, y: Y }, 12);
    const copy = structuredClone(trials);
    suggest(gpSampler({ seed: 1, constantLiar: true, ...FAST }), trials);
    expect(trials).toEqual(copy);
  });
});

describe('gp-space: normalization', () => {
  const dists: Distribution[] = [
    floatDistribution('a', -2, 3),
    floatDistribution('b', 1e-4, 10, { log: true }),
    floatDistribution('c', 0, 1, { step: 0.1 }),
    intDistribution('d', -3, 7),
    intDistribution('e', 1, 5000, { log: true }),
    intDistribution('f', 0, 100, { step: 5 }),
    categoricalDistribution('g', ['p', 'q', 'r']),
  ];
  it('decodes any coordinate into the distribution, and grid values round-trip exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: dists.length - 1 }), fc.double({ min: -0.5, max: 1.5, noNaN: true }), (k, u) => {
        const d = dists[k]!;
        const v = denormalizeValue(d, d.type === 'categorical' ? u * 2 : u);
        expect(contains(d, v)).toBe(true);
        const back = denormalizeValue(d, normalizeValue(d, v));
        if (d.type === 'float' && d.step === null) expect(back).toBeCloseTo(v, 9);
        else expect(back).toBe(v);
      }),
      { numRuns: 500 },
    );
  });

  it('encodes grids as discrete dimensions (long ones as continuous) and drops single values', () => {
    const space: SearchSpace = { a: dists[0]!, d: dists[3]!, e: dists[4]!, g: dists[6]!, one: floatDistribution('one', 2, 2) };
    const enc = encodeSpace(space);
    expect(enc.names).toEqual(['a', 'd', 'e', 'g']);
    expect(enc.dims.map((d) => d.kind)).toEqual(['continuous', 'discrete', 'continuous', 'categorical']);
    expect(Array.from(enc.categorical)).toEqual([0, 0, 0, 1]);
  });
});

describe('gp-model: fit and acquisition', () => {
  const rng = createRng(11);
  const n = 20;
  const x = Float64Array.from({ length: n * 2 }, () => rng.uniform());
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * x[2 * i]!) + x[2 * i + 1]! ** 2);
  const m = y.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - m) ** 2, 0) / n);
  for (let i = 0; i < n; i++) y[i] = (y[i]! - m) / sd;
  const data: GpData = { n, dims: 2, x, y, categorical: new Uint8Array(2) };

  it('the fit raises the likelihood above the default start; deterministic fits keep the noise floor', () => {
    const fit = fitHyperparameters(data, { deterministic: false });
    const l0 = logMarginalLikelihood(data, defaultHyperparameters(2)).value;
    const l1 = logMarginalLikelihood(data, fit.hyperparameters).value;
    expect(l1).toBeGreaterThan(l0);
    const det = fitHyperparameters(data, { deterministic: true });
    expect(det.hyperparameters.noiseVariance).toBe(MIN_NOISE_VARIANCE);
    const warm = fitHyperparameters(data, { deterministic: false, start: fit.hyperparameters });
    expect(warm.logPosterior).toBeGreaterThanOrEqual(fit.logPosterior - 1e-6);
  });

  it('maximizeLogEI returns a point at least as good as every scored candidate, on the grid', () => {
    const post = gpPosterior(data, fitHyperparameters(data, { deterministic: false }).hyperparameters)!;
    const best = Math.max(...y);
    const grid = Float64Array.from({ length: 11 }, (_, i) => (i + 0.5) / 11);
    const dims = [{ kind: 'continuous' as const }, { kind: 'discrete' as const, values: grid }];
    const r = maximizeLogEI(post, best, dims, createRng(3), { candidates: 200, restarts: 4, incumbent: null });
    expect(r.x[0]).toBeGreaterThanOrEqual(0);
    expect(r.x[0]).toBeLessThanOrEqual(1);
    expect(Array.from(grid)).toContain(r.x[1]);
    const out = new Float64Array(2);
    post.predict(r.x, out);
    expect(logExpectedImprovement(out[0]!, out[1]!, best)).toBeCloseTo(r.value, 10);
    // No point of a fine grid does much better than the returned one.
    let gridBest = -Infinity;
    for (let a = 0; a <= 200; a++) {
      for (const g of grid) {
        post.predict([a / 200, g], out);
        gridBest = Math.max(gridBest, logExpectedImprovement(out[0]!, out[1]!, best));
      }
    }
    expect(r.value).toBeGreaterThanOrEqual(gridBest - 1e-3);
  });
});

describe('gpSampler in a study', () => {
  it('reaches a Branin regret in 30 trials that random search does not reach with the same seed', async () => {
    const objective = (t: { float(name: string, low: number, high: number): number }): number => branin.f([t.float('x1', -5, 10), t.float('x2', 0, 15)]);
    const gp = await createStudy({ sampler: gpSampler({ seed: 1 }) });
    await gp.optimize(objective, { trials: 30 });
    const random = await createStudy({ sampler: randomSampler({ seed: 1 }) });
    await random.optimize(objective, { trials: 30 });
    expect(gp.bestValue - branin.minimum).toBeLessThan(0.05);
    expect(random.bestValue - branin.minimum).toBeGreaterThan(0.05);
  });

  it('two studies with the same seed run the same trials', async () => {
    const run = async (): Promise<unknown> => {
      const study = await createStudy({ sampler: gpSampler({ seed: 5, startupTrials: 4, ...FAST }) });
      await study.optimize((t) => (t.float('x', -3, 3) - 1) ** 2 + t.int('k', 0, 9) + (t.categorical('c', ['a', 'b']) === 'a' ? 1 : 0), { trials: 10 });
      return study.trials.map((t) => t.params);
    };
    expect(await run()).toEqual(await run());
  });

  it('handles mixed and conditional (define-by-run) parameters', async () => {
    const study = await createStudy({ sampler: gpSampler({ seed: 2, startupTrials: 5, ...FAST }) });
    await study.optimize(
      (t) => {
        const kind = t.categorical('kind', ['linear', 'log']);
        const units = t.int('units', 1, 512, { log: true });
        const rate = t.float('rate', 0, 1, { step: 0.05 });
        // Only asked on one branch: outside the intersection space, so sampled independently.
        const extra = kind === 'log' ? t.float('extra', -1, 1) : 0;
        return Math.abs(Math.log2(units) - 5) + (rate - 0.35) ** 2 + (kind === 'log' ? 0.5 + extra ** 2 : 0);
      },
      { trials: 16 },
    );
    const trials = study.trials;
    expect(trials.filter((t) => t.state === 'complete')).toHaveLength(16);
    for (const t of trials) {
      for (const [name, v] of Object.entries(t.internalParams)) expect(contains(t.distributions[name]!, v)).toBe(true);
    }
    expect(study.bestValue).toBeLessThan(1.5);
  });
});
