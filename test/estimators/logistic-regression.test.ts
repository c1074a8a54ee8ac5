import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, InvalidArgumentError, NotFittedError, ShapeError } from '../../src/core/index.js';
import { logisticRegression, predictLabels, type LogisticRegressionOptions } from '../../src/estimators/index.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { caseData, fixture, maxDiff } from './_helpers.js';

// Tight enough that both solvers sit at the optimum the fixture records (its gradient there is
// ~1e-14); the default tol 1e-4 is scikit-learn's and stops earlier.
const TIGHT = { tol: 1e-10, maxIter: 10_000 } as const;

describe('logisticRegression: scikit-learn 1.2 reference (test/fixtures/estimators.json)', () => {
  it('was produced by scikit-learn 1.2 at the true optimum', () => {
    expect(fixture.sklearn).toMatch(/^1\.2\./);
    expect(fixture.logisticRegression.length).toBeGreaterThanOrEqual(18);
    for (const c of fixture.logisticRegression) expect(c.maxGradientAtOptimum).toBeLessThan(1e-9);
  });

  for (const c of fixture.logisticRegression) {
    for (const solver of ['lbfgs', 'newton'] as const) {
      it(`${c.name} [${solver}]: coefficients, intercepts and probabilities within 1e-6`, async () => {
        const { x, y } = caseData(c);
        const model = logisticRegression({ ...(c.options as LogisticRegressionOptions), solver, ...TIGHT });
        await model.fit(x, y, c.sampleWeight === null ? undefined : { sampleWeight: c.sampleWeight });
        expect(model.converged).toBe(true);
        expect(model.classes).toEqual(c.classes);
        expect(maxDiff(model.coefficients, c.coef)).toBeLessThan(1e-6);
        expect(maxDiff(model.intercept, c.intercept)).toBeLessThan(1e-6);
        const proba = await model.predictProba(c.probaRows.map((i) => x[i]!));
        expect(maxDiff(proba, c.proba)).toBeLessThan(1e-6);
      });
    }
  }

  it('with default options stops near the optimum within the default 100 iterations', async () => {
    const c = fixture.logisticRegression.find((k) => k.name === 'breast_cancer C=1')!;
    const { x, y } = caseData(c);
    for (const solver of ['lbfgs', 'newton'] as const) {
      const model = logisticRegression({ solver });
      await model.fit(x, y);
      expect(model.converged).toBe(true);
      expect(model.nIter).toBeLessThanOrEqual(100);
      expect(maxDiff(model.coefficients, c.coef)).toBeLessThan(1e-3);
    }
  });
});

/** A small random classification problem with `k` classes, every class present. */
function problem(seed: number, n: number, p: number, k: number): { x: number[][]; y: number[] } {
  const rng = createRng(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: p }, () => rng.normal()));
  const y = Array.from({ length: n }, (_, i) => (i < k ? i : rng.integer(0, k)));
  const x = y.map((c) => centres[c]!.map((m) => m + rng.normal(0, 1.5)));
  return { x, y };
}

const problems = fc.record({
  seed: fc.integer(),
  n: fc.integer({ min: 8, max: 40 }),
  p: fc.integer({ min: 1, max: 4 }),
  k: fc.integer({ min: 2, max: 4 }),
});

async function fitted(options: LogisticRegressionOptions, x: number[][], y: number[], sampleWeight?: number[]) {
  const model = logisticRegression(options);
  await model.fit(x, y, sampleWeight === undefined ? undefined : { sampleWeight });
  return model;
}

describe('logisticRegression: invariants', () => {
  it('probabilities lie in [0, 1], rows sum to 1, and predict / predictLabels take the argmax', async () => {
    await fc.assert(
      fc.asyncProperty(problems, fc.constantFrom<'auto' | 'ovr' | 'multinomial'>('auto', 'ovr', 'multinomial'), async ({ seed, n, p, k }, multiClass) => {
        const { x, y } = problem(seed, n, p, k);
        const model = await fitted({ multiClass }, x, y);
        const proba = await model.predictProba(x);
        const labels = await model.predict(x);
        expect(await predictLabels(model, x)).toEqual(labels);
        proba.forEach((row, i) => {
          expect(row).toHaveLength(k);
          expect(row.every((v) => v >= 0 && v <= 1)).toBe(true);
          expect(Math.abs(row.reduce((a, b) => a + b) - 1)).toBeLessThan(1e-12);
          expect(model.classes[row.indexOf(Math.max(...row))]).toBe(labels[i]);
        });
        const scores = await model.decisionFunction(x);
        expect(scores[0]).toHaveLength(model.coefficients.length);
      }),
      { numRuns: 40 },
    );
  });

  it('integer sample weights fit exactly like duplicated rows', async () => {
    await fc.assert(
      fc.asyncProperty(problems, fc.constantFrom<'lbfgs' | 'newton'>('lbfgs', 'newton'), async ({ seed, n, p, k }, solver) => {
        const { x, y } = problem(seed, n, p, k);
        const rng = createRng(seed).child('weights');
        const w = x.map(() => rng.integer(0, 4));
        w[0] = 1;
        for (let c = 0; c < k; c++) w[c] = Math.max(w[c]!, 1);
        const xd = x.flatMap((row, i) => Array.from({ length: w[i]! }, () => row));
        const yd = y.flatMap((v, i) => Array.from({ length: w[i]! }, () => v));
        const a = await fitted({ solver, ...TIGHT }, x, y, w);
        const b = await fitted({ solver, ...TIGHT }, xd, yd);
        expect(maxDiff(a.coefficients, b.coefficients)).toBeLessThan(1e-8);
        expect(maxDiff(a.intercept, b.intercept)).toBeLessThan(1e-8);
      }),
      { numRuns: 30 },
    );
  });

  it('scaling all sample weights by c is the same as scaling C by c', async () => {
    await fc.assert(
      fc.asyncProperty(problems, fc.double({ min: 0.1, max: 10, noNaN: true }), async ({ seed, n, p, k }, c) => {
        const { x, y } = problem(seed, n, p, k);
        const w = x.map((_, i) => 0.5 + ((i * 7) % 5) / 4);
        const a = await fitted({ solver: 'newton', C: 0.7, ...TIGHT }, x, y, w.map((v) => v * c));
        const b = await fitted({ solver: 'newton', C: 0.7 * c, ...TIGHT }, x, y, w);
        expect(maxDiff(a.coefficients, b.coefficients)).toBeLessThan(1e-7);
        expect(maxDiff(a.intercept, b.intercept)).toBeLessThan(1e-7);
      }),
      { numRuns: 30 },
    );
  });

  it('does not depend on the order of the rows, nor on the label values', async () => {
    await fc.assert(
      fc.asyncProperty(problems, async ({ seed, n, p, k }) => {
        const { x, y } = problem(seed, n, p, k);
        const order = createRng(seed).child('order').permutation(n);
        const a = await fitted({ solver: 'newton', ...TIGHT }, x, y);
        const b = await fitted({ solver: 'newton', ...TIGHT }, order.map((i) => x[i]!), order.map((i) => y[i]!));
        const relabelled = await fitted({ solver: 'newton', ...TIGHT }, x, y.map((v) => 10 * v - 3.5));
        expect(maxDiff(a.coefficients, b.coefficients)).toBeLessThan(1e-7);
        expect(maxDiff(a.coefficients, relabelled.coefficients)).toBeLessThan(1e-7);
        expect(relabelled.classes).toEqual(a.classes.map((v) => 10 * v - 3.5));
      }),
      { numRuns: 30 },
    );
  });

  it('a class-weight map equals the same weights given per row', async () => {
    const { x, y } = problem(11, 40, 3, 3);
    const a = await fitted({ classWeight: { 0: 2, 2: 0.5 }, ...TIGHT }, x, y);
    const b = await fitted(TIGHT, x, y, y.map((v) => (v === 0 ? 2 : v === 2 ? 0.5 : 1)));
    expect(maxDiff(a.coefficients, b.coefficients)).toBeLessThan(1e-7);
  });

  it('larger C means weaker shrinkage', async () => {
    const { x, y } = problem(5, 60, 3, 2);
    const norms = await Promise.all(
      [0.01, 0.1, 1, 10].map(async (C) => (await fitted({ C, ...TIGHT }, x, y)).coefficients[0]!.reduce((s, v) => s + v * v, 0)),
    );
    for (let i = 1; i < norms.length; i++) expect(norms[i]!).toBeGreaterThan(norms[i - 1]!);
  });
});

describe('logisticRegression: behaviour', () => {
  it('reports non-convergence instead of throwing, and stays usable', async () => {
    const { x, y } = caseData({ data: 'breast_cancer' });
    for (const solver of ['lbfgs', 'newton'] as const) {
      const model = logisticRegression({ solver, maxIter: 1, tol: 1e-12 });
      await model.fit(x, y);
      expect(model.converged).toBe(false);
      expect(model.nIter).toBe(1);
      const proba = await model.predictProba(x.slice(0, 3));
      expect(proba.flat().every(Number.isFinite)).toBe(true);
    }
  });

  it('gives two-class shapes as scikit-learn does: one coefficient row, one decision column', async () => {
    const { x, y } = problem(3, 30, 2, 2);
    for (const multiClass of ['ovr', 'multinomial'] as const) {
      const model = await fitted({ multiClass }, x, y);
      expect(model.coefficients).toHaveLength(1);
      expect(model.intercept).toHaveLength(1);
      const z = await model.decisionFunction(x);
      const labels = await model.predict(x);
      z.forEach((row, i) => {
        expect(row).toHaveLength(1);
        expect(labels[i]).toBe(model.classes[row[0]! > 0 ? 1 : 0]);
      });
    }
  });

  it('fitIntercept false leaves the intercepts at zero', async () => {
    const { x, y } = problem(4, 30, 2, 3);
    const model = await fitted({ fitIntercept: false }, x, y);
    expect(model.intercept).toEqual([0, 0, 0]);
  });

  it('accepts tensors, typed arrays and { data, shape }, leaks nothing, gives the same numbers', async () => {
    const { x, y } = problem(8, 25, 3, 3);
    const reference = await fitted(TIGHT, x, y);
    const expected = await reference.predictProba(x);
    await expectNoLeaks(async () => {
      const xt = tf.tensor2d(x);
      const yt = tf.tensor1d(y, 'float32');
      try {
        const model = await fitted(TIGHT, xt as never, yt as never);
        const fromTensor = await model.predictProba(xt);
        const fromShape = await model.predictProba({ data: Float64Array.from(x.flat()), shape: [x.length, 3] });
        // float32 storage of the tensor input costs ~1e-7 relative.
        expect(maxDiff(fromTensor, expected)).toBeLessThan(1e-5);
        expect(maxDiff(fromShape, expected)).toBeLessThan(1e-5);
        const model2 = await fitted(TIGHT, x, Float64Array.from(y) as never);
        expect(maxDiff(model2.coefficients, reference.coefficients)).toBe(0);
      } finally {
        tf.dispose([xt, yt]);
      }
    });
  });

  it('returns copies of what it learned', async () => {
    const { x, y } = problem(9, 20, 2, 2);
    const model = await fitted({}, x, y);
    const coef = model.coefficients;
    coef[0]![0] = 1e9;
    model.intercept[0] = 1e9;
    expect(model.coefficients[0]![0]).not.toBe(1e9);
    expect(model.intercept[0]).not.toBe(1e9);
  });

  it('refitting starts from scratch', async () => {
    const a = problem(1, 20, 2, 2);
    const b = problem(2, 30, 3, 3);
    const model = await fitted(TIGHT, a.x, a.y);
    await model.fit(b.x, b.y);
    const fresh = await fitted(TIGHT, b.x, b.y);
    expect(model.classes).toEqual(fresh.classes);
    expect(maxDiff(model.coefficients, fresh.coefficients)).toBeLessThan(1e-7);
    expect(model.nFeatures).toBe(3);
  });

  it('the unpenalized fit of overlapping classes matches the penalized one as C grows', async () => {
    const { x, y } = problem(21, 200, 2, 2);
    const none = await fitted({ penalty: 'none', ...TIGHT }, x, y);
    const big = await fitted({ C: 1e8, ...TIGHT }, x, y);
    expect(none.converged).toBe(true);
    expect(maxDiff(none.coefficients, big.coefficients)).toBeLessThan(1e-5);
  });
});

describe('logisticRegression: errors', () => {
  const { x, y } = problem(1, 12, 2, 2);

  async function rejection(run: () => unknown): Promise<Error> {
    try {
      await run();
    } catch (e) {
      return e as Error;
    }
    throw new Error('expected a rejection');
  }

  it('rejects bad options when created', () => {
    expect(() => logisticRegression({ C: 0 })).toThrow('logisticRegression: option "C" must be a finite number > 0; got 0.');
    expect(() => logisticRegression({ C: -1 })).toThrow(InvalidArgumentError);
    expect(() => logisticRegression({ maxIter: 1.5 })).toThrow(/option "maxIter" must be an integer >= 0/);
    expect(() => logisticRegression({ solver: 'sag' as never })).toThrow(/option "solver" must be one of 'lbfgs', 'newton'; got 'sag'/);
    expect(() => logisticRegression({ c: 1 } as never)).toThrow(/unknown option "c" \(did you mean "C"\?\)/);
    expect(() => logisticRegression({ penalty: 'none', C: 2 })).toThrow(/option "C" must be left out \(penalty 'none' has no strength to set\)/);
    expect(() => logisticRegression({ classWeight: { 0: -1 } })).toThrow(/option "classWeight"/);
    expect(() => logisticRegression({ classWeight: 'auto' as never })).toThrow(/option "classWeight"/);
  });

  it('rejects bad data before any work, naming the problem', async () => {
    const model = logisticRegression();
    expect((await rejection(() => model.fit(x, y.map(() => 4)))).message).toBe(
      'LogisticRegression.fit: needs samples of at least 2 classes in y; got only the class 4.',
    );
    expect((await rejection(() => model.fit([[1, Number.NaN], ...x.slice(1)], y))).message).toMatch(/"x" must contain only finite numbers; got NaN at row 0, column 1/);
    expect(await rejection(() => model.fit(x, y.slice(1)))).toBeInstanceOf(ShapeError);
    expect((await rejection(() => model.fit(x, y, { sampleWeight: y.map((_, i) => (i === 3 ? -1 : 1)) }))).message).toMatch(
      /"sampleWeight" must contain only weights >= 0; got -1 at index 3/,
    );
    expect((await rejection(() => model.fit(x, y, { sampleWeight: y.map(() => 0) }))).message).toMatch(/"sampleWeight" must have a positive sum/);
    expect(await rejection(() => model.fit(x, y, { sampleWeight: [1, 2] }))).toBeInstanceOf(ShapeError);
    expect((await rejection(() => model.fit(x, y, { weights: [] } as never))).message).toMatch(/unknown option "weights"/);
    const mapped = logisticRegression({ classWeight: { 0: 2, 7: 1 } });
    expect((await rejection(() => mapped.fit(x, y))).message).toMatch(/option "classWeight" must give weights for labels found in y; got weights for \[7\]/);
    expect(model.classes).toEqual([]);
  });

  it('throws NotFittedError before fit and ShapeError for the wrong number of columns', async () => {
    const model = logisticRegression();
    expect(await rejection(() => model.predictProba(x))).toBeInstanceOf(NotFittedError);
    expect(await rejection(() => model.predict(x))).toBeInstanceOf(NotFittedError);
    expect(() => model.coefficients).toThrow(NotFittedError);
    expect(() => model.converged).toThrow(/LogisticRegression.converged: this estimator is not fitted yet/);
    await model.fit(x, y);
    expect((await rejection(() => model.predictProba([[1, 2, 3]]))).message).toBe(
      'LogisticRegression.predictProba: argument "x" must have 2 columns, as the rows fitted on; got 3.',
    );
    expect(await model.predictProba([])).toEqual([]);
  });
});
