// tpeSampler against Optuna 3.1's internals (fixtures: scripts/fixtures/tuners_tpe.py), plus the
// behaviour that cannot be compared draw for draw (numpy's RNG is not ours): distributions of
// samples, determinism, bounds, startup.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../../../src/core/rng.js';
import { createStudy } from '../../../src/tuners/study.js';
import { randomSampler } from '../../../src/tuners/samplers/random.js';
import { categoricalDistribution, contains, floatDistribution, intDistribution } from '../../../src/tuners/distributions.js';
import { defaultGamma, defaultWeights, tpeSampler } from '../../../src/tuners/samplers/tpe.js';
import { parzenEstimator, type ParzenParameters } from '../../../src/tuners/samplers/_internal/parzen.js';
import { bestCandidate, groupDecomposedSpaces, sameHistory, tpeMixtures, tpeSplit } from '../../../src/tuners/samplers/_internal/tpe-core.js';
import { hypervolume } from '../../../src/tuners/samplers/_internal/tpe-multiobjective.js';
import { logGaussMass, logNdtr, ndtr, truncnormLogPdf, truncnormPpf } from '../../../src/tuners/samplers/_internal/tpe-truncnorm.js';
import type { Direction, Distribution, FrozenTrial, Sampler, SamplerContext, TrialState } from '../../../src/tuners/types.js';
import { frozenTrial, studyView } from '../_support.js';

type Num = number | 'nan' | 'inf' | '-inf';
const num = (v: Num): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

interface FixtureDim { name: string; mus: Num[] | null; sigmas: Num[] | null; categoricalRows: Record<string, Num[]> | null }
interface FixtureEstimator { weights: Num[]; dims: FixtureDim[] }
interface FixtureTarget {
  names: string[]; n: number; nBelow: number; below: number[]; above: number[]; belowWeights: Num[] | null;
  l: FixtureEstimator; g: FixtureEstimator; tieSensitive: boolean; points: Record<string, Num[]>; logL: Num[]; logG: Num[]; best: number;
}
interface FixtureCase {
  name: string; directions: Direction[]; constantLiar: boolean;
  options: { prior: boolean; priorWeight: number; magicClip: boolean; endpoints: boolean; multivariate: boolean };
  space: Record<string, Distribution>;
  trials: { number: number; state: TrialState; values: number[] | null; params: Record<string, number>; intermediate: Record<string, Num> }[];
  targets: FixtureTarget[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/tuners_tpe.json', import.meta.url), 'utf8')) as {
  truncnorm: { logNdtr: [number, Num][]; logGaussMass: [number, number, Num][]; logPdf: [number, number, number, Num][]; ppf: [number, number, number, Num][] };
  gamma: [number, number][];
  weights: [number, Num[]][];
  cases: FixtureCase[];
};

/** |a − b| ≤ tol·max(1, |b|), with matching infinities and NaNs. */
function close(a: number, b: number, tol = 1e-9): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}
function expectClose(actual: ArrayLike<number>, expected: readonly Num[], what: string, tol = 1e-9): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!close(actual[i]!, num(expected[i]!), tol)) expect.fail(`${what}[${i}]: got ${actual[i]}, Optuna ${String(expected[i])}`);
  }
}

function normalizeDistribution(d: Distribution): Distribution {
  // Python writes a float step of None as null, which is what the TS model uses too.
  return d.type === 'float' ? { ...d, step: d.step ?? null } : d;
}

function caseTrials(c: FixtureCase): FrozenTrial[] {
  return c.trials.map((t) => {
    const distributions: Record<string, Distribution> = {};
    for (const k of Object.keys(t.params)) distributions[k] = normalizeDistribution(c.space[k]!);
    const intermediate: Record<number, number> = {};
    for (const [s, v] of Object.entries(t.intermediate)) intermediate[Number(s)] = num(v);
    return frozenTrial({ number: t.number, state: t.state, values: t.values, params: t.params, distributions, intermediate });
  });
}

function parzenOf(c: FixtureCase): ParzenParameters {
  return { ...c.options, weights: defaultWeights };
}

describe('truncated normal (Optuna _truncnorm)', () => {
  it('log Φ matches, including the asymptotic left tail', () => {
    for (const [x, v] of fixture.truncnorm.logNdtr) expect(close(logNdtr(x), num(v), 1e-12), `logNdtr(${x})`).toBe(true);
  });
  it('log Gaussian mass matches in the left, right and central cases', () => {
    for (const [a, b, v] of fixture.truncnorm.logGaussMass) expect(close(logGaussMass(a, b), num(v), 1e-9), `mass(${a}, ${b})`).toBe(true);
  });
  it('log pdf matches inside and at the ends of the interval', () => {
    for (const [x, a, b, v] of fixture.truncnorm.logPdf) expect(close(truncnormLogPdf(x, a, b), num(v), 1e-9), `logpdf(${x}; ${a}, ${b})`).toBe(true);
  });
  it('ppf matches', () => {
    for (const [q, a, b, v] of fixture.truncnorm.ppf) expect(close(truncnormPpf(q, a, b), num(v), 1e-9), `ppf(${q}; ${a}, ${b})`).toBe(true);
  });
  it('ppf inverts the truncated CDF (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 1e-3, max: 40, noNaN: true }), fc.double({ min: 1e-3, max: 1 - 1e-3, noNaN: true }), (a, width, q) => {
        const b = a + width;
        const x = truncnormPpf(q, a, b);
        expect(x).toBeGreaterThanOrEqual(a - 1e-9);
        expect(x).toBeLessThanOrEqual(b + 1e-9);
        // CDF(x) = mass(a, x) / mass(a, b), compared in log space.
        if (x > a) expect(Math.abs(logGaussMass(a, x) - logGaussMass(a, b) - Math.log(q))).toBeLessThan(1e-6);
      }),
      { numRuns: 300 },
    );
  });
  it('ndtr is symmetric', () => {
    for (const x of [0.1, 1, 3, 8]) expect(ndtr(x) + ndtr(-x)).toBeCloseTo(1, 15);
  });
});

describe('default γ and weights', () => {
  it('match Optuna', () => {
    for (const [n, g] of fixture.gamma) expect(defaultGamma(n), `gamma(${n})`).toBe(g);
    for (const [n, w] of fixture.weights) expectClose(defaultWeights(n), w, `weights(${n})`, 1e-12);
  });
});

describe('split and Parzen estimators match Optuna 3.1', () => {
  for (const c of fixture.cases) {
    describe(c.name, () => {
      const trials = caseTrials(c);
      const study = studyView(trials, c.directions);
      const split = tpeSplit(study, { constantLiar: c.constantLiar, gamma: defaultGamma, startupTrials: 0 });
      const number = (positions: readonly number[]): number[] => positions.map((p) => split.observations[p]!.trial.number).sort((a, b) => a - b);
      for (const t of c.targets) {
        const label = t.names.join('+');
        const space = t.names.map((k) => [k, normalizeDistribution(c.space[k]!)] as const);
        it(`${label}: below/above split`, () => {
          expect(split.n).toBe(t.n);
          expect(number(split.below)).toEqual(t.below);
          expect(number(split.above)).toEqual(t.above);
        });
        it(`${label}: mixture weights, mus, sigmas, categorical kernels`, () => {
          const { l, g } = tpeMixtures(split, space, parzenOf(c));
          for (const [which, mine, ref] of [['l', l, t.l], ['g', g, t.g]] as const) {
            expectClose(mine.weights, ref.weights, `${which}.weights`);
            ref.dims.forEach((rd, i) => {
              const md = mine.dimensions[i]!;
              expect(md.name).toBe(rd.name);
              if (rd.mus !== null) expectClose(md.mus, rd.mus, `${which}.${rd.name}.mus`);
              if (rd.sigmas !== null) expectClose(md.sigmas, rd.sigmas, `${which}.${rd.name}.sigmas`);
              if (rd.categoricalRows !== null) {
                for (const [row, vals] of Object.entries(rd.categoricalRows)) {
                  expectClose(md.categoricalWeights.subarray(Number(row) * md.nChoices, (Number(row) + 1) * md.nChoices), vals, `${which}.${rd.name}.row${row}`);
                }
              }
            });
          }
        });
        it(`${label}: log pdf at fixed points and the EI pick`, () => {
          const { l, g } = tpeMixtures(split, space, parzenOf(c));
          const points = t.names.map((k) => Float64Array.from(t.points[k]!, num));
          const logL = l.logPdf(points);
          const logG = g.logPdf(points);
          expectClose(logL, t.logL, 'log l');
          expectClose(logG, t.logG, 'log g');
          expect(bestCandidate(logL.subarray(0, 24), logG.subarray(0, 24))).toBe(t.best);
        });
      }
    });
  }
});

// ——— behaviour ———

const X = floatDistribution('x', -5, 10);
const SPACE: Record<string, Distribution> = {
  x: X,
  lr: floatDistribution('lr', 1e-5, 1, { log: true }),
  drop: floatDistribution('drop', 0, 0.5, { step: 0.05 }),
  units: intDistribution('units', 1, 20),
  layers: intDistribution('layers', 0, 30, { step: 3 }),
  batch: intDistribution('batch', 1, 1024, { log: true }),
  act: categoricalDistribution('act', ['relu', 'tanh', 'gelu']),
};

/** Run a sampler on `f` through a minimal ask/tell loop over hand-made trials. */
function drive(sampler: Sampler, f: (p: Record<string, number>) => number, n: number, seed: number | string = 1, space = SPACE): FrozenTrial[] {
  const trials: FrozenTrial[] = [];
  const root = createRng(sampler.seed ?? seed).child('sampler');
  for (let i = 0; i < n; i++) {
    const cur = frozenTrial({ number: i, state: 'running' });
    const ctx: SamplerContext = { study: studyView([...trials, cur]), rng: root.child(i) };
    const rel = sampler.inferRelativeSearchSpace?.(ctx, cur) ?? {};
    const relative = Object.keys(rel).length > 0 ? sampler.sampleRelative!(ctx, cur, rel) : {};
    const params: Record<string, number> = {};
    for (const [k, d] of Object.entries(space)) params[k] = relative[k] ?? sampler.sampleIndependent(ctx, cur, k, d);
    trials.push(frozenTrial({ number: i, value: f(params), params, distributions: { ...space } }));
  }
  return trials;
}

const quad = (p: Record<string, number>): number => (p.x! - 2) ** 2 + Math.abs(Math.log10(p.lr!) + 3) + p.drop! + Math.abs(p.units! - 7) / 5 + p.act!;

describe('tpeSampler behaviour', () => {
  it('rejects bad options at call time', () => {
    expect(() => tpeSampler({ startupTrials: -1 })).toThrow(/startupTrials/);
    expect(() => tpeSampler({ eiCandidates: 0 })).toThrow(/eiCandidates/);
    expect(() => tpeSampler({ gamma: 3 as never })).toThrow(/gamma/);
    expect(() => tpeSampler({ priorWeight: 0 })).toThrow(/priorWeight/);
    expect(() => tpeSampler({ group: true })).toThrow(/group/);
    expect(() => tpeSampler({ seed: 1.5 })).toThrow(/seed/);
    expect(() => tpeSampler({ multivarite: true } as never)).toThrow(/did you mean "multivariate"/);
  });

  it('is deterministic for a seed, and seeds differ', () => {
    const a = drive(tpeSampler({ seed: 3 }), quad, 25).map((t) => t.params);
    const b = drive(tpeSampler({ seed: 3 }), quad, 25).map((t) => t.params);
    const c = drive(tpeSampler({ seed: 4 }), quad, 25).map((t) => t.params);
    expect(a).toEqual(b);
    expect(a.slice(10)).not.toEqual(c.slice(10));
  });

  it('suggests values inside every distribution, in all modes', () => {
    for (const opts of [{}, { multivariate: true }, { multivariate: true, group: true }, { prior: false, magicClip: false, endpoints: true }]) {
      const trials = drive(tpeSampler({ seed: 5, startupTrials: 3, ...opts }), quad, 30);
      for (const t of trials) for (const [k, d] of Object.entries(SPACE)) expect(contains(d, t.internalParams[k]!), `${k}=${t.internalParams[k]}`).toBe(true);
    }
  });

  it('samples at random for the first startupTrials trials, then concentrates', () => {
    const f = (p: Record<string, number>): number => (p.x! - 2) ** 2;
    const tpe = drive(tpeSampler({ seed: 9, startupTrials: 10 }), f, 80, 9, { x: X }).map((t) => t.internalParams.x!);
    const random = drive(tpeSampler({ seed: 9, startupTrials: 1000 }), f, 80, 9, { x: X }).map((t) => t.internalParams.x!);
    // Same seed, same startup draws; TPE takes over at trial 10.
    expect(tpe.slice(0, 10)).toEqual(random.slice(0, 10));
    expect(tpe[10]).not.toBe(random[10]);
    // Uniform on [-5, 10] puts 20% within 1.5 of the optimum; TPE should put far more there.
    const near = (arr: number[]): number => arr.filter((v) => Math.abs(v - 2) < 1.5).length / arr.length;
    expect(near(random.slice(40))).toBeLessThan(0.4);
    expect(near(tpe.slice(40))).toBeGreaterThan(0.5);
  });

  it('beats random search on a quadratic (median over seeds)', () => {
    const best = (s: Sampler, seed: number): number => Math.min(...drive(s, quad, 40, seed).map((t) => t.values![0]!));
    const tpe: number[] = [];
    const rnd: number[] = [];
    for (let s = 0; s < 5; s++) {
      tpe.push(best(tpeSampler({ seed: s }), s));
      rnd.push(best(tpeSampler({ seed: s, startupTrials: 1000 }), s));
    }
    const median = (a: number[]): number => [...a].sort((p, q) => p - q)[2]!;
    expect(median(tpe)).toBeLessThan(median(rnd));
  });

  it('learns from pruned trials by their last step and ignores failed ones', () => {
    const d = { x: X };
    const trials = [
      frozenTrial({ number: 0, value: 5, params: { x: 0 }, distributions: d }),
      frozenTrial({ number: 1, state: 'pruned', params: { x: 1 }, distributions: d, intermediate: [3, 2] }),
      frozenTrial({ number: 2, state: 'pruned', params: { x: 2 }, distributions: d, intermediate: [0.5] }),
      frozenTrial({ number: 3, state: 'fail', params: { x: 3 }, distributions: d }),
      frozenTrial({ number: 4, state: 'pruned', params: { x: 4 }, distributions: d }),
      frozenTrial({ number: 5, value: 9, params: { x: 5 }, distributions: d }),
    ];
    const split = tpeSplit(studyView(trials), { constantLiar: false, gamma: () => 3, startupTrials: 0 });
    expect(split.n).toBe(5);
    const nums = (p: readonly number[]): number[] => p.map((i) => split.observations[i]!.trial.number);
    // complete (0, 5) first by value, then pruned at step 1 (trial 1), step 0 (2), none (4).
    expect(nums(split.below)).toEqual([0, 1, 5]);
    expect(nums(split.above)).toEqual([2, 4]);
  });

  it('constant liar counts running trials as the worst', () => {
    const d = { x: X };
    const trials = [
      frozenTrial({ number: 0, value: 1, params: { x: 0 }, distributions: d }),
      frozenTrial({ number: 1, state: 'running', params: { x: 1 }, distributions: d }),
      frozenTrial({ number: 2, value: 2, params: { x: 2 }, distributions: d }),
    ];
    const liar = tpeSplit(studyView(trials), { constantLiar: true, gamma: () => 2, startupTrials: 0 });
    expect(liar.n).toBe(2);
    expect(liar.above.map((i) => liar.observations[i]!.trial.number)).toEqual([1]);
    const honest = tpeSplit(studyView(trials), { constantLiar: false, gamma: () => 2, startupTrials: 0 });
    expect(honest.observations).toHaveLength(2);
  });

  it('throws a clear error when gamma or weights misbehave', () => {
    const run = (s: Sampler): FrozenTrial[] => drive(s, quad, 12);
    expect(() => run(tpeSampler({ seed: 1, gamma: () => 1.5 }))).toThrow(/gamma.*non-negative integer/);
    expect(() => run(tpeSampler({ seed: 1, weights: (n) => new Array<number>(n).fill(-1) }))).toThrow(/weights.*non-negative/);
  });

  it('does not mutate the trials it reads', () => {
    const trials = drive(tpeSampler({ seed: 2 }), quad, 15);
    const before = JSON.stringify(trials);
    const s = tpeSampler({ seed: 2, multivariate: true });
    const cur = frozenTrial({ number: 15, state: 'running' });
    const ctx: SamplerContext = { study: studyView([...trials, cur]), rng: createRng(1) };
    s.sampleRelative!(ctx, cur, s.inferRelativeSearchSpace!(ctx, cur));
    s.sampleIndependent(ctx, cur, 'x', X);
    expect(JSON.stringify(trials)).toBe(before);
  });

  it('multivariate: relative space is the intersection of finished trials, single-value ones left out', () => {
    const s = tpeSampler({ multivariate: true });
    const d1 = { x: X, k: intDistribution('k', 3, 3) };
    const trials = [frozenTrial({ number: 0, value: 1, params: { x: 1, k: 3 }, distributions: d1 }), frozenTrial({ number: 1, value: 1, params: { x: 2 }, distributions: { x: X } })];
    const ctx: SamplerContext = { study: studyView(trials), rng: createRng(1) };
    expect(Object.keys(s.inferRelativeSearchSpace!(ctx, trials[0]!))).toEqual(['x']);
    expect(tpeSampler().inferRelativeSearchSpace!(ctx, trials[0]!)).toEqual({});
  });

  it('group decomposition splits conditional spaces as Optuna does', () => {
    const a = floatDistribution('a', 0, 1);
    const b = floatDistribution('b', 0, 1);
    const c = floatDistribution('c', 0, 1);
    const trials = [
      frozenTrial({ number: 0, params: { a: 0.1, b: 0.2 }, distributions: { a, b } }),
      frozenTrial({ number: 1, params: { a: 0.1, c: 0.2 }, distributions: { a, c } }),
      frozenTrial({ number: 2, state: 'fail', params: { b: 0.1, c: 0.2 }, distributions: { b, c } }),
    ];
    expect(groupDecomposedSpaces(trials).map((g) => Object.keys(g).sort())).toEqual([['a'], ['b'], ['c']]);
  });

  it('shares one ranking between the suggestions of a trial, and only then', () => {
    const done = frozenTrial({ number: 0, value: 1, params: { x: 1 }, distributions: { x: X } });
    const running = frozenTrial({ number: 1, state: 'running' });
    const later = { ...running, params: { x: 2 }, internalParams: { x: 2 }, distributions: { x: X } };
    expect(sameHistory([done, running], [done, later])).toBe(true);
    expect(sameHistory([done, running], [done, { ...later, state: 'complete', values: [3] }])).toBe(false);
    expect(sameHistory([done, running], [{ ...done }, running])).toBe(false);
    expect(sameHistory([done], [done, running])).toBe(false);
  });

  it('hypervolume is exact on small cases', () => {
    expect(hypervolume([[1, 2], [2, 1]], [3, 3])).toBeCloseTo(3, 12);
    expect(hypervolume([[1, 1, 1]], [2, 3, 4])).toBeCloseTo(6, 12);
    expect(hypervolume([[0, 0, 1], [1, 1, 0]], [2, 2, 2])).toBeCloseTo(4 + 1 * 1 * 2 - 1, 12);
  });
});

describe('Parzen sampling follows the mixture (draws cannot match numpy; their law must)', () => {
  const params: ParzenParameters = { prior: true, priorWeight: 1, magicClip: true, endpoints: false, weights: defaultWeights, multivariate: false };

  it('a single truncated-normal kernel: Kolmogorov–Smirnov distance is small', () => {
    const d = floatDistribution('x', 0, 1);
    const pe = parzenEstimator([new Float64Array(0)], [['x', d]], params);
    const n = 4000;
    const xs = Array.from(pe.sample(createRng(11), n)[0]!).sort((a, b) => a - b);
    const mu = pe.dimensions[0]!.mus[0]!;
    const sigma = pe.dimensions[0]!.sigmas[0]!;
    const a = (0 - mu) / sigma;
    const b = (1 - mu) / sigma;
    const cdf = (x: number): number => Math.exp(logGaussMass(a, (x - mu) / sigma) - logGaussMass(a, b));
    let ks = 0;
    xs.forEach((x, i) => (ks = Math.max(ks, Math.abs(cdf(x) - (i + 1) / n), Math.abs(cdf(x) - i / n))));
    // The 99.9% critical value is 1.95/sqrt(n) ≈ 0.031.
    expect(ks).toBeLessThan(0.031);
  });

  it('mixture component frequencies follow the weights (categorical marginal)', () => {
    const d = categoricalDistribution('c', ['a', 'b', 'c', 'd']);
    const pe = parzenEstimator([Float64Array.from([0, 0, 1, 3, 0])], [['c', d]], params);
    const n = 20000;
    const draws = pe.sample(createRng(12), n)[0]!;
    const counts = [0, 0, 0, 0];
    for (const v of draws) counts[v]!++;
    const w = pe.dimensions[0]!.categoricalWeights;
    for (let c = 0; c < 4; c++) {
      let p = 0;
      for (let k = 0; k < pe.weights.length; k++) p += pe.weights[k]! * w[k * 4 + c]!;
      expect(Math.abs(counts[c]! / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
      expect(Math.exp(pe.logPdf([[c]])[0]!)).toBeCloseTo(p, 12);
    }
  });

  it('integer kernels: empirical frequencies match the log pdf masses', () => {
    const d = intDistribution('k', 1, 6);
    const pe = parzenEstimator([Float64Array.from([2, 2, 5])], [['k', d]], params);
    const n = 20000;
    const draws = pe.sample(createRng(13), n)[0]!;
    let total = 0;
    for (let k = 1; k <= 6; k++) {
      const p = Math.exp(pe.logPdf([[k]])[0]!);
      total += p;
      const freq = draws.filter((v) => v === k).length / n;
      expect(Math.abs(freq - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n) + 1e-3);
    }
    expect(total).toBeCloseTo(1, 9);
  });
});

describe('tpeSampler in a real study', () => {
  const objective = (t: import('../../../src/tuners/types.js').Trial): number =>
    (t.float('x', -5, 10) - 2) ** 2 + Math.abs(Math.log10(t.float('lr', 1e-5, 1, { log: true })) + 3) + t.int('units', 1, 20) / 20 + (t.categorical('act', ['relu', 'tanh']) === 'tanh' ? 0 : 0.5);

  it('same seed, same suggestions; beats random search; values inside their distributions', async () => {
    const run = async (sampler: Sampler): Promise<FrozenTrial[]> => {
      const study = await createStudy({ sampler });
      await study.optimize(objective, { trials: 40, progress: false });
      return [...study.trials];
    };
    const a = await run(tpeSampler({ seed: 21 }));
    const b = await run(tpeSampler({ seed: 21 }));
    expect(a.map((t) => t.params)).toEqual(b.map((t) => t.params));
    for (const t of a) {
      expect(t.state).toBe('complete');
      for (const [k, d] of Object.entries(t.distributions)) expect(contains(d, t.internalParams[k]!)).toBe(true);
    }
    const best = (ts: FrozenTrial[]): number => Math.min(...ts.map((t) => t.values![0]!));
    const tpeBest: number[] = [];
    const randomBest: number[] = [];
    for (let seed = 0; seed < 3; seed++) {
      tpeBest.push(best(await run(tpeSampler({ seed }))));
      randomBest.push(best(await run(randomSampler({ seed }))));
    }
    expect(tpeBest.reduce((x, y) => x + y)).toBeLessThan(randomBest.reduce((x, y) => x + y));
  });

  it('multivariate with group and constant liar runs a conditional study', async () => {
    const study = await createStudy({ sampler: tpeSampler({ seed: 4, multivariate: true, group: true, constantLiar: true, startupTrials: 5 }) });
    await study.optimize(
      (t) => {
        const kind = t.categorical('kind', ['a', 'b']);
        return kind === 'a' ? (t.float('xa', 0, 1) - 0.3) ** 2 : 1 + (t.int('kb', 0, 10) - 4) ** 2;
      },
      { trials: 30, progress: false },
    );
    expect(study.trials.filter((t) => t.state === 'complete')).toHaveLength(30);
    expect(study.bestValue).toBeLessThan(0.05);
  });
});
