// The GP sampler's numerics against references: scikit-learn 1.2's GaussianProcessRegressor,
// an independent numpy model with a categorical dimension, mpmath's log h(z), and scipy's
// L-BFGS-B. Fixtures: scripts/fixtures/tuners_gp.py → test/fixtures/tuners_gp.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { choleskyInPlace, choleskyInverse, choleskyWithJitter } from '../../../src/tuners/samplers/_internal/linalg.js';
import { minimizeLbfgs } from '../../../src/tuners/samplers/_internal/lbfgs.js';
import { gpPosterior, logMarginalLikelihood, type GpData } from '../../../src/tuners/samplers/_internal/gp-model.js';
import { logExpectedImprovement, logH, logHDerivative } from '../../../src/tuners/samplers/_internal/gp-acquisition.js';

interface SklearnCase {
  n: number; d: number; x: number[]; y: number[]; constant: number; lengthscales: number[]; noise: number;
  theta: number[]; lml: number; grad: number[]; xs: number[]; mean: number[]; latentVar: number[];
}
interface MixedCase {
  n: number; d: number; categorical: number[]; x: number[]; y: number[]; invSqLengthscales: number[]; signal: number; noise: number;
  lml: number; grad: number[]; xs: number[]; mean: number[]; latentVar: number[];
}
const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/tuners_gp.json', import.meta.url), 'utf8')) as {
  gp: SklearnCase[];
  mixed: MixedCase[];
  logh: { z: number; logh: number; dlogh: number }[];
  lbfgs: { x0: number[]; lower: number[] | null; upper: number[] | null; x: number[]; f: number }[];
};

function relClose(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

describe('GP model vs scikit-learn GaussianProcessRegressor (Constant × Matern(ν=2.5, ARD) + White)', () => {
  it.each(fixtures.gp.map((c, i) => [i, c] as const))('case %i: log marginal likelihood, gradient, posterior', (_, c) => {
    const data: GpData = { n: c.n, dims: c.d, x: Float64Array.from(c.x), y: Float64Array.from(c.y), categorical: new Uint8Array(c.d) };
    const hp = {
      inverseSquaredLengthscales: Float64Array.from(c.lengthscales, (l) => 1 / (l * l)),
      signalVariance: c.constant,
      noiseVariance: c.noise,
    };
    const { value, gradient } = logMarginalLikelihood(data, hp);
    relClose(value, c.lml, 1e-9);
    // sklearn's theta: [log constant, log ℓ_1…ℓ_D, log noise]; ours is in log(1/ℓ²) = −2 log ℓ.
    relClose(gradient[c.d]!, c.grad[0]!, 1e-8);
    for (let j = 0; j < c.d; j++) relClose(-2 * gradient[j]!, c.grad[1 + j]!, 1e-8);
    relClose(gradient[c.d + 1]!, c.grad[c.d + 1]!, 1e-8);

    const post = gpPosterior(data, hp)!;
    const out = new Float64Array(2);
    const m = c.mean.length;
    for (let i = 0; i < m; i++) {
      post.predict(c.xs.slice(i * c.d, (i + 1) * c.d), out);
      relClose(out[0]!, c.mean[i]!, 1e-8);
      relClose(out[1]!, c.latentVar[i]!, 1e-8);
    }
  });

  it('matches the numpy model with a categorical (Hamming) dimension', () => {
    const c = fixtures.mixed[0]!;
    const data: GpData = { n: c.n, dims: c.d, x: Float64Array.from(c.x), y: Float64Array.from(c.y), categorical: Uint8Array.from(c.categorical) };
    const hp = { inverseSquaredLengthscales: Float64Array.from(c.invSqLengthscales), signalVariance: c.signal, noiseVariance: c.noise };
    const { value, gradient } = logMarginalLikelihood(data, hp);
    relClose(value, c.lml, 1e-10);
    // The reference gradient is a central difference (error ~1e-9).
    gradient.forEach((g, i) => relClose(g, c.grad[i]!, 1e-7));
    const post = gpPosterior(data, hp)!;
    const out = new Float64Array(2);
    for (let i = 0; i < c.mean.length; i++) {
      post.predict(c.xs.slice(i * c.d, (i + 1) * c.d), out);
      relClose(out[0]!, c.mean[i]!, 1e-9);
      relClose(out[1]!, c.latentVar[i]!, 1e-9);
    }
  });

  it('posterior gradients agree with central differences', () => {
    const c = fixtures.gp[1]!;
    const data: GpData = { n: c.n, dims: c.d, x: Float64Array.from(c.x), y: Float64Array.from(c.y), categorical: new Uint8Array(c.d) };
    const hp = { inverseSquaredLengthscales: Float64Array.from(c.lengthscales, (l) => 1 / (l * l)), signalVariance: c.constant, noiseVariance: c.noise };
    const post = gpPosterior(data, hp)!;
    const x = Float64Array.from(c.xs.slice(0, c.d));
    const out = new Float64Array(2);
    const grad = new Float64Array(2 * c.d);
    post.predict(x, out, grad);
    const h = 1e-6;
    for (let j = 0; j < c.d; j++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[j] = xp[j]! + h;
      xm[j] = xm[j]! - h;
      const op = new Float64Array(2);
      const om = new Float64Array(2);
      post.predict(xp, op);
      post.predict(xm, om);
      expect(grad[j]!).toBeCloseTo((op[0]! - om[0]!) / (2 * h), 6);
      expect(grad[c.d + j]!).toBeCloseTo((op[1]! - om[1]!) / (2 * h), 6);
    }
  });
});

describe('log h(z) = log(φ(z) + zΦ(z)) vs mpmath (60 digits)', () => {
  it('log h is accurate to 1e-12 relative across z in [−1000, 30]', () => {
    let worst = 0;
    for (const c of fixtures.logh) {
      const err = Math.abs(logH(c.z) - c.logh) / Math.max(1, Math.abs(c.logh));
      worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('d log h / dz = Φ/h is accurate to 1e-11 relative', () => {
    let worst = 0;
    for (const c of fixtures.logh) worst = Math.max(worst, Math.abs(logHDerivative(c.z) - c.dlogh) / Math.max(1e-300, Math.abs(c.dlogh)));
    expect(worst).toBeLessThan(1e-11);
  });

  it('log EI is finite and increasing in the mean far below the incumbent (where naive EI underflows)', () => {
    const a = logExpectedImprovement(-60, 1, 0);
    const b = logExpectedImprovement(-59, 1, 0);
    expect(Number.isFinite(a)).toBe(true);
    expect(b).toBeGreaterThan(a);
  });
});

describe('minimizeLbfgs vs scipy L-BFGS-B on Rosenbrock', () => {
  const rosen = (x: Float64Array, g: Float64Array): number => {
    let f = 0;
    g.fill(0);
    for (let i = 0; i < x.length - 1; i++) {
      const a = x[i + 1]! - x[i]! * x[i]!;
      const b = 1 - x[i]!;
      f += 100 * a * a + b * b;
      g[i] = g[i]! - 400 * x[i]! * a - 2 * b;
      g[i + 1] = g[i + 1]! + 200 * a;
    }
    return f;
  };
  it.each(fixtures.lbfgs.map((c, i) => [i, c] as const))('case %i reaches scipy\'s minimizer', (_, c) => {
    const r = minimizeLbfgs(rosen, c.x0, {
      ...(c.lower !== null ? { lower: c.lower } : {}),
      ...(c.upper !== null ? { upper: c.upper } : {}),
      gtol: 1e-9,
      ftol: 0,
      maxIterations: 5000,
    });
    expect(r.f).toBeLessThanOrEqual(c.f + 1e-10);
    r.x.forEach((v, i) => expect(Math.abs(v - c.x[i]!)).toBeLessThan(1e-5));
    if (c.lower !== null) r.x.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(c.lower![i]!));
    if (c.upper !== null) r.x.forEach((v, i) => expect(v).toBeLessThanOrEqual(c.upper![i]!));
  });
});

describe('linalg', () => {
  it('choleskyInverse inverts an SPD matrix', () => {
    const n = 4;
    const a = Float64Array.from([4, 1, 0.5, 0.2, 1, 3, 0.3, 0.1, 0.5, 0.3, 2, 0.4, 0.2, 0.1, 0.4, 1.5]);
    const l = Float64Array.from(a);
    expect(choleskyInPlace(l, n)).toBe(true);
    const inv = new Float64Array(16);
    choleskyInverse(l, n, inv, new Float64Array(16));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k]! * inv[k * n + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('choleskyWithJitter factors a singular PSD matrix with a small jitter, and reports failure on an indefinite one', () => {
    const l = new Float64Array(4);
    const jitter = choleskyWithJitter(Float64Array.from([1, 1, 1, 1]), 2, l);
    expect(jitter).toBeGreaterThan(0);
    expect(jitter).toBeLessThan(1e-3);
    expect(choleskyWithJitter(Float64Array.from([1, 2, 2, 1]), 2, l)).toBe(-1);
  });
});
