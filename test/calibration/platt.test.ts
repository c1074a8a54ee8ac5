// plattScaling against scikit-learn 1.2's _sigmoid_calibration and a tight scipy optimum of the
// same objective (test/fixtures/calibration_platt.json, made by
// scripts/fixtures/calibration_platt.py), plus behaviour, invariants and bad input.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plattScaling } from '../../src/calibration/platt.js';
import { ConvergenceError, InvalidArgumentError, NotFittedError, ShapeError } from '../../src/core/errors.js';
import { createRng } from '../../src/core/rng.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { withoutModules } from '../_support/wasm.js';

interface PlattCase {
  readonly name: string;
  readonly scores: number[];
  readonly labels: number[];
  readonly sampleWeight?: number[];
  readonly tight: [number, number];
  readonly sklearn: [number, number] | null;
  readonly sklearnConverged: boolean;
  readonly sklearnF?: number;
}

const fixtures = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'calibration_platt.json'), 'utf8'),
) as { platt: PlattCase[] };
const cases = fixtures.platt;

/**
 * Distance between two (a, b) fits on the scale of the scores: how far apart the two linear
 * maps f = a·s + b can be over the data (|Δa|·max|s|), and |Δb| relative to |b| when b is large
 * (scores 1e6 + noise put b near 1e6, where only relative precision exists).
 */
function gap(s: readonly number[], got: readonly [number, number], want: readonly [number, number]): number {
  const scale = Math.max(...s.map(Math.abs));
  return Math.max(Math.abs(got[0] - want[0]) * scale, Math.abs(got[1] - want[1]) / Math.max(1, Math.abs(want[1])));
}

function fitCase(c: PlattCase): [number, number] {
  const p = plattScaling().fit(c.scores, c.labels, c.sampleWeight === undefined ? undefined : { sampleWeight: c.sampleWeight });
  return [p.a, p.b];
}

describe('plattScaling: reference fixtures', () => {
  it('has the expected cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  // Every case is compared with the tight optimum (scipy trust-exact to gtol 1e-13 plus two
  // Newton polishing steps): the one answer that does not depend on a solver's stopping rule.
  it.each(cases.map((c) => [c.name, c] as const))('%s: (a, b) equal the tight optimum to 1e-9', (_name, c) => {
    expect(gap(c.scores, fitCase(c), c.tight)).toBeLessThanOrEqual(1e-9);
  });

  // Where scikit-learn's BFGS (gtol 1e-5) reached the optimum, it is compared too, to 1e-6.
  // The other cases are those where it stopped early (tiny n, separable with a wide margin) or
  // failed outright (scores of magnitude 1e6: it returns a = 0, sklearn issue #26766).
  const converged = cases.filter((c) => c.sklearnConverged);
  it('scikit-learn converged on most cases', () => {
    expect(converged.length).toBeGreaterThanOrEqual(15);
  });
  it.each(converged.map((c) => [c.name, c] as const))('%s: (a, b) equal scikit-learn 1.2 to 1e-6', (_name, c) => {
    expect(gap(c.scores, fitCase(c), c.sklearn!)).toBeLessThanOrEqual(1e-6);
  });

  it('succeeds where scikit-learn 1.2 silently returns a = 0 (scores of magnitude 1e6)', () => {
    for (const name of ['scores x 1e6', 'scores 1e6 + normal']) {
      const c = cases.find((k) => k.name === name)!;
      expect(c.sklearn![0]).toBe(0);
      const got = fitCase(c);
      expect(got[0]).toBeLessThan(0);
      expect(gap(c.scores, got, c.tight)).toBeLessThanOrEqual(1e-9);
    }
  });

  it('fits scores of magnitude 1e300 (the 1e300 case is the 1e6 case rescaled)', () => {
    const c = cases.find((k) => k.name === 'scores x 1e300')!;
    const [a, b] = fitCase(c);
    expect(Math.abs(a * 1e300 - c.tight[0] * 1e300)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(b - c.tight[1])).toBeLessThanOrEqual(1e-9);
    const tiny = c.scores.map((v) => (v / 1e300) * 1e-300);
    const p = plattScaling().fit(tiny, c.labels);
    expect(Math.abs(p.a * 1e-300 - c.tight[0] * 1e300)).toBeLessThanOrEqual(1e-9 * Math.abs(c.tight[0] * 1e300));
  });

  it('constant scores: a = 0 and the intercept of the weighted-mean target', () => {
    const c = cases.find((k) => k.name === 'constant scores')!;
    const p = plattScaling().fit(c.scores, c.labels);
    expect(p.a).toBe(0);
    expect(p.b).toBeCloseTo(c.tight[1], 12);
    expect(p.iterations).toBe(0);
    // scikit-learn moves along the flat direction, but its f = a·s + b is the same.
    expect(Math.abs(p.a * c.scores[0]! + p.b - c.sklearnF!)).toBeLessThanOrEqual(1e-6);
  });

  it('reaches the optimum in a few Newton iterations', () => {
    for (const c of cases) {
      const p = plattScaling().fit(c.scores, c.labels, c.sampleWeight === undefined ? undefined : { sampleWeight: c.sampleWeight });
      expect(p.iterations).toBeLessThanOrEqual(20);
    }
  });
});

function informative(seed: number, n: number): { s: number[]; y: number[] } {
  const rng = createRng(seed);
  const y = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : rng.uniform() < 0.3 ? 1 : 0));
  const s = y.map((v) => rng.normal() + 1.5 * v);
  return { s, y };
}

describe('plattScaling: predictions', () => {
  const { s, y } = informative(3, 80);
  const p = plattScaling().fit(s, y);

  it('predict is the fitted sigmoid 1 / (1 + exp(a·s + b))', () => {
    const out = p.predict([-3, 0, 0.5, 4]);
    [-3, 0, 0.5, 4].forEach((v, i) => expect(out[i]).toBeCloseTo(1 / (1 + Math.exp(p.a * v + p.b)), 15));
    expect(p.a).toBeLessThan(0);
  });

  it('returns a number[] for arrays and typed arrays, a tensor for a tensor, without leaks', async () => {
    expect(Array.isArray(p.predict(new Float32Array([0, 1])))).toBe(true);
    const t = tf.tensor1d([0, 1, 2]);
    const out = await expectNoLeaks(() => p.predict(t), { disposeResult: false });
    expect(out).toBeInstanceOf(tf.Tensor);
    expect(out.shape).toEqual([3]);
    const want = p.predict([0, 1, 2]);
    Array.from(out.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    out.dispose();
    t.dispose();
  });

  it('fit with tensors leaks nothing and equals the array fit', async () => {
    const ts = tf.tensor1d(s, 'float32');
    const ty = tf.tensor1d(y, 'int32');
    const q = await expectNoLeaks(() => plattScaling().fit(ts, ty));
    const r = plattScaling().fit(Float32Array.from(s), y);
    expect(q.a).toBe(r.a);
    expect(q.b).toBe(r.b);
    ts.dispose();
    ty.dispose();
  });

  it('saturates to exactly 0 and 1 without NaN for extreme scores', () => {
    const out = p.predict([-1e308, 1e308, -Number.MAX_VALUE]);
    expect(out).toEqual([0, 1, 0]);
  });

  it('does not modify its inputs', () => {
    const s2 = s.slice();
    const y2 = y.slice();
    const w = s.map(() => 1.5);
    const w2 = w.slice();
    plattScaling().fit(s2, y2, { sampleWeight: w2 });
    expect(s2).toEqual(s);
    expect(y2).toEqual(y);
    expect(w2).toEqual(w);
  });

  it('refitting starts from scratch', () => {
    const q = plattScaling().fit([1, 2, 3, 4], [0, 0, 1, 1]);
    q.fit(s, y);
    expect(q.a).toBe(p.a);
    expect(q.b).toBe(p.b);
  });
});

describe('plattScaling: large inputs', () => {
  // Above 2^15 rows the fit starts from the optimum of a strided subsample; the end point must
  // still be the full data's optimum: the gradient of Platt's objective vanishes there.
  it.each([false, true])('150 000 rows (weighted: %s) end at a stationary point of the full objective', (weighted) => {
    const n = 150_000;
    const rng = createRng(21);
    const y = new Float64Array(n);
    const s = new Float64Array(n);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rng.uniform() < 0.3 ? 1 : 0;
      s[i] = 40 * (rng.normal() + 1.2 * y[i]!);
      w[i] = weighted ? rng.uniform(0.5, 2) : 1;
    }
    const p = plattScaling().fit(s, y, weighted ? { sampleWeight: w } : undefined);
    let n1 = 0;
    let n0 = 0;
    for (let i = 0; i < n; i++) (y[i] === 1 ? (n1 += w[i]!) : (n0 += w[i]!));
    const t1 = (n1 + 1) / (n1 + 2);
    const t0 = 1 / (n0 + 2);
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const r = w[i]! * ((y[i] === 1 ? t1 : t0) - 1 / (1 + Math.exp(p.a * s[i]! + p.b)));
      ga += r * (s[i]! / 40);
      gb += r;
    }
    expect(Math.abs(ga) / (n0 + n1)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(gb) / (n0 + n1)).toBeLessThanOrEqual(1e-12);
    expect(p.iterations).toBeLessThanOrEqual(6);
  });

  it('the compiled passes (4096+ rows) fit and predict what the JavaScript passes do, to 1e-12', () => {
    const rng = createRng(5);
    const cases = [
      [5000, 1, false],
      [60_000, 40, true],
      [200_000, 1e-3, false],
      [9000, 1e6, true],
    ] as const;
    for (const [n, scale, weighted] of cases) {
      const y = Float64Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 1 : 0));
      const s = Float64Array.from(y, (v) => scale * (rng.normal() + 1.5 * v));
      const options = weighted ? { sampleWeight: Float64Array.from({ length: n }, () => rng.uniform(0.5, 2)) } : undefined;
      // Extreme scores saturate to exactly 0 and 1 on both paths.
      const extreme = s.slice();
      extreme[7] = 1e300;
      extreme[8] = -1e300;
      const compiled = plattScaling().fit(s, y, options);
      const compiledP = compiled.predict(extreme);
      const js = withoutModules(() => plattScaling().fit(s, y, options));
      const jsP = withoutModules(() => js.predict(extreme));
      expect(Math.abs(compiled.a - js.a)).toBeLessThanOrEqual(1e-12 * Math.abs(js.a));
      expect(Math.abs(compiled.b - js.b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(js.b)));
      // The same fitted (a, b) through both sigmoids.
      const jsOfCompiled = withoutModules(() => compiled.predict(s));
      const p = compiled.predict(s);
      for (let i = 0; i < n; i++) {
        if (!(Math.abs(p[i]! - jsOfCompiled[i]!) <= 4e-16 * Math.max(p[i]!, 1e-300))) expect.fail(`row ${i}: ${p[i]} vs ${jsOfCompiled[i]}`);
      }
      expect([compiledP[7], compiledP[8], jsP[7], jsP[8]]).toEqual(compiled.a < 0 ? [1, 0, 1, 0] : [0, 1, 0, 1]);
    }
  });
});

describe('plattScaling: invariants (fast-check)', () => {
  const data = fc
    .integer({ min: 2, max: 40 })
    .chain((n) =>
      fc.record({
        // Scores on a 1e-3 grid: ties happen; subnormal spreads (whose slope overflows) do not.
        s: fc.array(fc.integer({ min: -5000, max: 5000 }).map((v) => v / 1000), { minLength: n, maxLength: n }),
        y: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      }),
    )
    .map(({ s, y }) => ({ s, y: [0, 1, ...y.slice(2)] }));

  it('probabilities lie in [0, 1] and are monotone in the score', () => {
    fc.assert(
      fc.property(data, ({ s, y }) => {
        const p = plattScaling().fit(s, y);
        const grid = [-10, -3, -1, 0, 1, 3, 10];
        const out = p.predict(grid);
        for (const v of out) expect(v >= 0 && v <= 1).toBe(true);
        for (let i = 1; i < out.length; i++) {
          if (p.a <= 0) expect(out[i]!).toBeGreaterThanOrEqual(out[i - 1]!);
          else expect(out[i]!).toBeLessThanOrEqual(out[i - 1]!);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('an integer weight equals repeating the row; the order of rows does not matter', () => {
    fc.assert(
      fc.property(data, fc.integer({ min: 0, max: 1000 }), ({ s, y }, seed) => {
        const rng = createRng(seed);
        const w = s.map(() => rng.integer(1, 4));
        const weighted = plattScaling().fit(s, y, { sampleWeight: w });
        const rs: number[] = [];
        const ry: number[] = [];
        s.forEach((v, i) => {
          for (let r = 0; r < w[i]!; r++) {
            rs.push(v);
            ry.push(y[i]!);
          }
        });
        const repeated = plattScaling().fit(rs, ry);
        const scale = Math.max(1, ...s.map(Math.abs));
        expect(Math.abs(weighted.a - repeated.a) * scale).toBeLessThanOrEqual(1e-8);
        expect(Math.abs(weighted.b - repeated.b)).toBeLessThanOrEqual(1e-8);
        const perm = rng.permutation(s.length);
        const shuffled = plattScaling().fit(perm.map((i) => s[i]!), perm.map((i) => y[i]!), { sampleWeight: perm.map((i) => w[i]!) });
        expect(Math.abs(shuffled.a - weighted.a) * scale).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(shuffled.b - weighted.b)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it('never returns NaN: any finite scores and weights give a finite fit or a named error', () => {
    const wild = fc
      .integer({ min: 2, max: 30 })
      .chain((n) =>
        fc.record({
          s: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n }),
          y: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
          w: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e3, noNaN: true })), { minLength: n, maxLength: n }),
        }),
      );
    fc.assert(
      fc.property(wild, ({ s, y, w }) => {
        const labels = [0, 1, ...y.slice(2)];
        let p: ReturnType<typeof plattScaling>;
        try {
          p = plattScaling().fit(s, labels, { sampleWeight: w });
        } catch (error) {
          // One class left once zero weights are dropped, or an optimum beyond float64.
          expect(error instanceof InvalidArgumentError || error instanceof ConvergenceError).toBe(true);
          return;
        }
        expect(Number.isFinite(p.a) && Number.isFinite(p.b)).toBe(true);
        for (const v of p.predict(s)) expect(v >= 0 && v <= 1).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('scaling the scores by c scales a by 1/c and leaves b alone', () => {
    fc.assert(
      fc.property(data, fc.constantFrom(1e-200, 1e-8, 3, 1e8, 1e200), ({ s, y }, c) => {
        const p = plattScaling().fit(s, y);
        const q = plattScaling().fit(s.map((v) => v * c), y);
        const scale = Math.max(1, ...s.map(Math.abs));
        expect(Math.abs(q.a * c - p.a) * scale).toBeLessThanOrEqual(1e-8);
        expect(Math.abs(q.b - p.b)).toBeLessThanOrEqual(1e-8);
      }),
      { numRuns: 40 },
    );
  });
});

describe('plattScaling: bad input', () => {
  const s = [0.1, 0.5, 0.9, 0.3];
  it('rejects labels other than 0 and 1, naming the value and index', () => {
    expect(() => plattScaling().fit(s, [0, 1, 2, 0])).toThrow('plattScaling.fit: argument "labels" must contain only 0 and 1; got 2 at index 2.');
    expect(() => plattScaling().fit(s, [0, 1, -1, 0])).toThrow(InvalidArgumentError);
    expect(() => plattScaling().fit(s, [0, 1, 0.5, 0])).toThrow(/got 0\.5 at index 2/);
    expect(() => plattScaling().fit(s, [0, 1, Number.NaN, 0])).toThrow(InvalidArgumentError);
    // Values whose label·(1 − label) would cancel in a signed sum (0.5 → +0.25, 2 → −2), and a
    // label so small that its square would underflow: all still rejected, at the first one.
    const many = Float64Array.from({ length: 12 }, (_, i) => i % 2);
    const scores = Float64Array.from(many, (v, i) => v + i * 0.01);
    const cancel = many.slice();
    cancel.set([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 2], 2);
    expect(() => plattScaling().fit(scores, cancel)).toThrow(/got 0\.5 at index 2/);
    const tiny = many.slice();
    tiny[5] = 1e-200;
    expect(() => plattScaling().fit(scores, tiny)).toThrow(/got 1e-200 at index 5/);
  });

  it('rejects a single class, by count or by weight', () => {
    expect(() => plattScaling().fit(s, [1, 1, 1, 1])).toThrow('plattScaling.fit: argument "labels" must contain both classes 0 and 1; class 0 has none.');
    expect(() => plattScaling().fit(s, [0, 0, 0, 0])).toThrow(/class 1 has none/);
    expect(() => plattScaling().fit(s, [0, 1, 0, 0], { sampleWeight: [1, 0, 1, 1] })).toThrow(/class 1 has no positive weight/);
  });

  it('rejects NaN and ±Infinity scores, naming the position', () => {
    expect(() => plattScaling().fit([0, Number.NaN, 1, 2], [0, 1, 0, 1])).toThrow('plattScaling.fit: argument "scores" must contain only finite numbers; got NaN at index 1.');
    expect(() => plattScaling().fit([0, 1, Infinity, 2], [0, 1, 0, 1])).toThrow(InvalidArgumentError);
    const p = plattScaling().fit(s, [0, 1, 1, 0]);
    expect(() => p.predict([0, -Infinity])).toThrow('plattScaling.predict: argument "scores" must contain only finite numbers; got -Infinity at index 1.');
  });

  it('rejects mismatched lengths and bad weights', () => {
    expect(() => plattScaling().fit(s, [0, 1, 1])).toThrow(ShapeError);
    expect(() => plattScaling().fit(s, [0, 1, 1])).toThrow('plattScaling.fit: arguments "scores" and "labels" must have the same number of rows; got 4 and 3.');
    expect(() => plattScaling().fit(s, [0, 1, 1, 0], { sampleWeight: [1, 1] })).toThrow(ShapeError);
    expect(() => plattScaling().fit(s, [0, 1, 1, 0], { sampleWeight: [1, -1, 1, 1] })).toThrow(/weights >= 0; got -1 at index 1/);
    expect(() => plattScaling().fit(s, [0, 1, 1, 0], { sampleWeight: [1, Number.NaN, 1, 1] })).toThrow(InvalidArgumentError);
    expect(() => plattScaling().fit(s, [0, 1, 1, 0], { sampleWieght: [1, 1, 1, 1] } as never)).toThrow(/unknown option "sampleWieght" \(did you mean "sampleWeight"\?\)/);
  });

  it('validates options when the factory is called', () => {
    expect(() => plattScaling({ maxIter: 0 })).toThrow('plattScaling: option "maxIter" must be an integer >= 1; got 0.');
    expect(() => plattScaling({ maxIter: 2.5 })).toThrow(InvalidArgumentError);
    expect(() => plattScaling({ tol: 0 })).toThrow(/option "tol" must be a finite number in \(0, 0\.001\]; got 0/);
    expect(() => plattScaling({ tol: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => plattScaling({ maxiter: 5 } as never)).toThrow(/unknown option "maxiter"/);
  });

  it('throws NotFittedError before fit', () => {
    const p = plattScaling();
    expect(p.fitted).toBe(false);
    expect(() => p.predict([0])).toThrow(NotFittedError);
    expect(() => p.a).toThrow('plattScaling.a: this calibrator is not fitted yet; call fit(scores, labels) first.');
    expect(() => p.b).toThrow(NotFittedError);
    p.fit(s, [0, 1, 1, 0]);
    expect(p.fitted).toBe(true);
  });

  it('throws ConvergenceError when the optimal slope overflows float64', () => {
    expect(() => plattScaling().fit([0, 5e-324], [0, 1])).toThrow(/not representable in float64/);
    expect(() => plattScaling().fit([0, 5e-324], [0, 1])).toThrow(ConvergenceError);
  });

  it('throws ConvergenceError instead of returning an unconverged fit', () => {
    const { s: s2, y } = informative(5, 60);
    expect(() => plattScaling({ maxIter: 1 }).fit(s2, y)).toThrow(ConvergenceError);
    expect(() => plattScaling({ maxIter: 1 }).fit(s2, y)).toThrow(/did not converge in 1 iterations/);
    // The same data converge with the default budget.
    expect(plattScaling().fit(s2, y).iterations).toBeGreaterThan(1);
  });
});
