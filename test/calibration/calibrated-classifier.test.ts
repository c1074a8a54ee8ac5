import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../examples/data/load.js';
import { calibratedClassifier, type CalibratedClassifierOptions } from '../../src/calibration/calibrated-classifier.js';
import type { PlattScaling } from '../../src/calibration/platt.js';
import { temperatureScaling, type TemperatureScaling } from '../../src/calibration/temperature.js';
import { InvalidArgumentError, NotFittedError, ShapeError } from '../../src/core/index.js';
import { layersClassifier, logisticRegression, type Classifier, type ClassifierModelArgs } from '../../src/estimators/index.js';
import { stratifiedKFold, trainTestSplit, type Fold } from '../../src/folds/index.js';
import { expectNoLeaks } from '../_support/leaks.js';

/** test/fixtures/calibration_cv.json (see scripts/fixtures/calibration_cv.py). */
interface Fixture {
  sklearn: string;
  sigmoidGapToOptimum: number;
  datasets: Record<'binary' | 'multiclass', { x: number[][]; y: number[]; xTest: number[][]; sampleWeight: number[]; folds: Fold[]; prefitRows: number }>;
  cases: {
    data: 'binary' | 'multiclass';
    method: 'platt' | 'isotonic';
    cv: 'folds' | 'prefit' | number;
    ensemble: boolean;
    weighted: boolean;
    pairs: number;
    classes: number[];
    proba: number[][];
    probaExactSigmoid: number[][] | null;
    probaTrainEvery5th: number[][];
  }[];
}

const fixture = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'calibration_cv.json'), 'utf8'),
) as Fixture;

// The base model the fixture used: scikit-learn's LogisticRegression driven to the optimum by
// Newton's method, one-vs-rest.
const baseModel = (): Classifier => logisticRegression({ solver: 'newton', multiClass: 'ovr', tol: 1e-10 });

function maxDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((row, i) => {
    expect(row.length).toBe(b[i]!.length);
    row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i]![j]!))));
  });
  return worst;
}

function logLoss(proba: readonly (readonly number[])[], y: readonly number[], classes: readonly number[]): number {
  let total = 0;
  proba.forEach((row, i) => (total -= Math.log(Math.max(row[classes.indexOf(y[i]!)]!, 1e-15))));
  return total / proba.length;
}

/** A stub classifier: fixed probabilities per row, looked up by the row's first feature. */
function stub(classes: number[], table: (row: number) => number[]): Classifier & { disposed: number } {
  let known: number[] = [];
  return {
    disposed: 0,
    get classes() {
      return known;
    },
    async fit() {
      known = classes;
    },
    async predictProba(x) {
      return (x as number[][]).map((r) => table(r[0]!));
    },
    dispose() {
      this.disposed++;
    },
  };
}

describe('calibratedClassifier: scikit-learn 1.2 CalibratedClassifierCV (test/fixtures/calibration_cv.json)', () => {
  it('was produced by scikit-learn 1.2, whose sigmoids sit within 1e-6 of the optimum', () => {
    expect(fixture.sklearn).toMatch(/^1\.2\./);
    expect(fixture.cases.length).toBe(32);
    expect(fixture.sigmoidGapToOptimum).toBeLessThan(1e-6);
  });

  for (const c of fixture.cases) {
    const label = `${c.data}, ${c.method}, cv ${c.cv}${c.cv === 'prefit' ? '' : `, ensemble ${c.ensemble}`}${c.weighted ? ', weighted' : ''}`;
    // Isotonic regression is exact; scikit-learn's sigmoids stop up to 3e-7 (in probability) short
    // of the optimum that whetstone's Platt scaling reaches, and match once moved there.
    const tol = c.method === 'isotonic' ? 1e-9 : 1e-6;
    it(`${label}: predictProba within ${tol}${c.method === 'platt' ? ', and 1e-9 of the exact-sigmoid reference' : ''}`, async () => {
      const d = fixture.datasets[c.data];
      const sw = c.weighted ? d.sampleWeight : undefined;
      let model;
      if (c.cv === 'prefit') {
        const base = baseModel();
        await base.fit(d.x.slice(0, d.prefitRows), d.y.slice(0, d.prefitRows));
        model = calibratedClassifier(base, { method: c.method, cv: 'prefit' });
        await model.fit(d.x.slice(d.prefitRows), d.y.slice(d.prefitRows), sw === undefined ? undefined : { sampleWeight: sw.slice(d.prefitRows) });
      } else {
        const options: CalibratedClassifierOptions = { method: c.method, cv: c.cv === 'folds' ? d.folds : c.cv, ensemble: c.ensemble };
        model = calibratedClassifier(baseModel, options);
        await model.fit(d.x, d.y, sw === undefined ? undefined : { sampleWeight: sw });
      }
      expect(model.classes).toEqual(c.classes);
      expect(model.calibratedClassifiers.length).toBe(c.pairs);
      const proba = await model.predictProba(d.xTest);
      expect(maxDiff(proba, c.proba)).toBeLessThan(tol);
      if (c.probaExactSigmoid !== null) expect(maxDiff(proba, c.probaExactSigmoid)).toBeLessThan(1e-9);
      expect(maxDiff(await model.predictProba(d.x.filter((_, i) => i % 5 === 0)), c.probaTrainEvery5th)).toBeLessThan(tol);
      model.dispose();
    });
  }
});

describe('calibratedClassifier: behaviour', () => {
  const d = fixture.datasets.multiclass;
  const b = fixture.datasets.binary;

  it('exposes one pair per fold, with one calibrator per class (one for binary, one temperature)', async () => {
    const multi = calibratedClassifier(baseModel, { cv: 3 });
    await multi.fit(d.x, d.y);
    expect(multi.calibratedClassifiers.map((p) => p.calibrators.length)).toEqual([3, 3, 3]);
    expect(multi.calibratedClassifiers[0]!.calibrators.every((c) => c.method === 'platt' && c.fitted)).toBe(true);
    expect(multi.method).toBe('platt');
    const binary = calibratedClassifier(baseModel, { cv: 2, method: 'isotonic', ensemble: false });
    await binary.fit(b.x, b.y);
    expect(binary.calibratedClassifiers.map((p) => p.calibrators.length)).toEqual([1]);
    expect(binary.calibratedClassifiers[0]!.calibrators[0]!.method).toBe('isotonic');
    const temp = calibratedClassifier(baseModel, { cv: 3, method: 'temperature' });
    await temp.fit(d.x, d.y);
    expect(temp.calibratedClassifiers.map((p) => p.calibrators.map((c) => c.method))).toEqual([['temperature'], ['temperature'], ['temperature']]);
  });

  it('temperature: each pair is softmax(log p / T) with T fitted on its fold, averaged over folds', async () => {
    const model = calibratedClassifier(baseModel, { cv: d.folds, method: 'temperature' });
    await model.fit(d.x, d.y);
    const expected = d.xTest.map(() => [0, 0, 0]);
    for (const [f, fold] of d.folds.entries()) {
      const base = baseModel();
      await base.fit(fold.train.map((r) => d.x[r]!), fold.train.map((r) => d.y[r]!));
      const logits = (await base.predictProba(fold.test.map((r) => d.x[r]!))).map((row) => row.map((p) => Math.log(Math.max(p, 1e-15))));
      const t = temperatureScaling().fit(logits, fold.test.map((r) => base.classes.indexOf(d.y[r]!)));
      const fitted = model.calibratedClassifiers[f]!.calibrators[0] as TemperatureScaling;
      expect(Math.abs(fitted.temperature - t.temperature)).toBeLessThan(1e-9);
      const q = t.predict((await base.predictProba(d.xTest)).map((row) => row.map((p) => Math.log(p))));
      q.forEach((row, i) => row.forEach((v, j) => (expected[i]![j]! += v / d.folds.length)));
    }
    expect(maxDiff(await model.predictProba(d.xTest), expected)).toBeLessThan(1e-12);
  });

  it('temperature keeps the ranking of the classes in every row (prefit)', async () => {
    const base = logisticRegression({ solver: 'newton', multiClass: 'ovr', tol: 1e-10 });
    await base.fit(d.x.slice(0, 90), d.y.slice(0, 90));
    const model = calibratedClassifier(base, { cv: 'prefit', method: 'temperature' });
    await model.fit(d.x.slice(90), d.y.slice(90));
    const raw = await base.predictProba(d.xTest);
    const cal = await model.predictProba(d.xTest);
    raw.forEach((row, i) => {
      const order = (r: readonly number[]): number[] => [0, 1, 2].sort((p, q) => r[q]! - r[p]!);
      expect(order(cal[i]!)).toEqual(order(row));
    });
    expect(await model.predict(d.xTest)).toEqual(await base.predict(d.xTest));
  });

  it('a number cv means unshuffled stratified folds; a seed shuffles them, reproducibly', async () => {
    const byNumber = calibratedClassifier(baseModel, { cv: 3 });
    await byNumber.fit(d.x, d.y);
    const byFolds = calibratedClassifier(baseModel, { cv: stratifiedKFold(d.y, { k: 3 }) });
    await byFolds.fit(d.x, d.y);
    expect(await byNumber.predictProba(d.xTest)).toEqual(await byFolds.predictProba(d.xTest));
    const seeded = async (seed: number): Promise<number[][]> => {
      const m = calibratedClassifier(baseModel, { cv: 3, seed });
      await m.fit(d.x, d.y);
      return m.predictProba(d.xTest);
    };
    const shuffled = await seeded(11);
    expect(await seeded(11)).toEqual(shuffled);
    expect(maxDiff(shuffled, await byNumber.predictProba(d.xTest))).toBeGreaterThan(1e-6);
    const folds = calibratedClassifier(baseModel, { cv: stratifiedKFold(d.y, { k: 3, shuffle: true, seed: 11 }) });
    await folds.fit(d.x, d.y);
    expect(await folds.predictProba(d.xTest)).toEqual(shuffled);
  });

  it('renormalizes one-vs-rest rows, and gives a row that every calibrator zeroes the uniform 1/K', async () => {
    // Isotonic calibrators on a stub whose probabilities separate the classes perfectly on the
    // calibration rows: each class's map rises from 0 at 0.1 to 1 at 0.8.
    const rows = [[0], [1], [2], [3], [4], [5]];
    const y = [0, 0, 1, 1, 2, 2];
    const table = (r: number): number[] => {
      if (r === 10) return [0.5, 0.5, 0]; // between the ends for classes 0 and 1, below for 2
      if (r === 20) return [0.1, 0.1, 0.1]; // at the low end for every class
      const k = Math.floor(r / 2);
      return [0, 1, 2].map((c) => (c === k ? 0.8 : 0.1));
    };
    const base = stub([0, 1, 2], table);
    await base.fit([], []);
    const model = calibratedClassifier(base, { cv: 'prefit', method: 'isotonic' });
    await model.fit(rows, y);
    const p = await model.predictProba([[0], [2], [10], [20]]);
    expect(p[0]).toEqual([1, 0, 0]);
    expect(p[1]).toEqual([0, 1, 0]);
    // Classes 0 and 1 both map 0.5 to 4/7, class 2 maps 0 (clipped to 0.1) to 0: renormalized.
    expect(p[2]![0]).toBeCloseTo(0.5, 14);
    expect(p[2]![1]).toBeCloseTo(0.5, 14);
    expect(p[2]![2]).toBe(0);
    expect(p[3]).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('fits Platt on calibration rows that lack a class as scikit-learn does (a = 0, constant smoothed target)', async () => {
    const base = stub([0, 1, 2], (r) => [0.6 - r / 20, 0.2 + r / 20, 0.2]);
    await base.fit([], []);
    const model = calibratedClassifier(base, { cv: 'prefit' });
    // Class 2 is absent from these labels: N₋ = 4 rows, so its calibrator predicts 1 / (4 + 2).
    await model.fit([[0], [1], [2], [3]], [0, 1, 0, 1]);
    const cal = model.calibratedClassifiers[0]!.calibrators[2] as PlattScaling;
    expect(cal.a).toBe(0);
    expect(cal.b).toBeCloseTo(Math.log(5), 14);
    expect(cal.predict([0.2, 0.9])).toEqual([1 / 6, 1 / 6].map((v) => expect.closeTo(v, 14) as unknown as number));
  });

  it('rows are probabilities: within [0, 1] and summing to 1 (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('platt', 'isotonic', 'temperature') as fc.Arbitrary<'platt' | 'isotonic' | 'temperature'>,
        fc.array(fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 12, maxLength: 30 }),
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        async (method, raw, query) => {
          // A stub whose probabilities are the normalized rows drawn: any shape of miscalibration.
          const norm = (r: readonly number[]): number[] => {
            const s = r.reduce((a, v) => a + v, 0);
            return s > 0 ? r.map((v) => v / s) : [1 / 3, 1 / 3, 1 / 3];
          };
          const rows = raw.map((_, i) => [i]);
          const table = (i: number): number[] => norm(i < raw.length ? raw[i]! : query[i - raw.length]!);
          const y = raw.map((_, i) => i % 3);
          const base = stub([0, 1, 2], table);
          await base.fit([], []);
          const model = calibratedClassifier(base, { cv: 'prefit', method });
          try {
            await model.fit(rows, y);
          } catch (e) {
            // Bounded temperature scaling still has nothing to fit when every row's logits are equal.
            if (method === 'temperature' && /every row of "logits" is constant/.test((e as Error).message)) return;
            throw e;
          }
          const p = await model.predictProba(query.map((_, i) => [raw.length + i]));
          for (const row of p) {
            for (const v of row) expect(v >= 0 && v <= 1).toBe(true);
            expect(Math.abs(row.reduce((a, v) => a + v, 0) - 1)).toBeLessThan(1e-12);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('passes sample weights to the classifiers and the calibrators', async () => {
    const seen: (number[] | undefined)[] = [];
    const factory = (): Classifier => {
      const inner = baseModel();
      return {
        get classes() {
          return inner.classes;
        },
        async fit(x, y, o) {
          seen.push(o?.sampleWeight === undefined ? undefined : Array.from(o.sampleWeight as ArrayLike<number>));
          await inner.fit(x, y, o);
        },
        predictProba: (x) => inner.predictProba(x),
      };
    };
    const folds = b.folds;
    const w = b.sampleWeight;
    const model = calibratedClassifier(factory, { cv: folds });
    await model.fit(b.x, b.y, { sampleWeight: w });
    expect(seen).toEqual(folds.map((f) => f.train.map((r) => w[r]!)));
    // Weight 2 on a row equals the row twice, for the calibrator too (prefit: no classifier fit).
    const base = baseModel();
    await base.fit(b.x.slice(0, 75), b.y.slice(0, 75));
    const rest = b.x.slice(75);
    const yRest = b.y.slice(75);
    const weighted = calibratedClassifier(base, { cv: 'prefit' });
    await weighted.fit(rest, yRest, { sampleWeight: rest.map((_, i) => (i < 10 ? 2 : 1)) });
    const doubled = calibratedClassifier(base, { cv: 'prefit' });
    await doubled.fit([...rest, ...rest.slice(0, 10)], [...yRest, ...yRest.slice(0, 10)]);
    expect(maxDiff(await weighted.predictProba(b.xTest), await doubled.predictProba(b.xTest))).toBeLessThan(1e-9);
  });

  it('accepts tensors and { data, shape }, leaks no tensor, and leaves its inputs as they were', async () => {
    const x = tf.tensor2d(b.x);
    const y = tf.tensor1d(b.y);
    const w = tf.tensor1d(b.sampleWeight);
    try {
      for (const ensemble of [true, false]) {
        const model = calibratedClassifier(baseModel, { cv: 3, ensemble });
        await expectNoLeaks(() => model.fit(x, y, { sampleWeight: w }));
        const fromArrays = calibratedClassifier(baseModel, { cv: 3, ensemble });
        await fromArrays.fit(b.x, b.y, { sampleWeight: b.sampleWeight });
        const shaped = { data: b.xTest.flat(), shape: [b.xTest.length, 3] as [number, number] };
        const p = await expectNoLeaks(() => model.predictProba(shaped));
        // The tensors are float32: the same model to float32 precision.
        expect(maxDiff(p, await fromArrays.predictProba(b.xTest))).toBeLessThan(1e-4);
      }
      expect(Array.from(await x.data())).toEqual(b.x.flat().map((v) => Math.fround(v)));
    } finally {
      x.dispose();
      y.dispose();
      w.dispose();
    }
  });

  it('dispose disposes the classifiers it made (not a prefit one); refitting disposes the previous ones', async () => {
    const made: (Classifier & { disposed: number })[] = [];
    const factory = (): Classifier => {
      const s = stub([0, 1], (r) => [1 - r / 200, r / 200]);
      made.push(s);
      return s;
    };
    const x = b.x.map((_, i) => [i]);
    const model = calibratedClassifier(factory, { cv: 3 });
    await model.fit(x, b.y);
    expect(made.map((m) => m.disposed)).toEqual([0, 0, 0]);
    await model.fit(x, b.y);
    expect(made.map((m) => m.disposed)).toEqual([1, 1, 1, 0, 0, 0]);
    model.dispose();
    expect(made.map((m) => m.disposed)).toEqual([1, 1, 1, 1, 1, 1]);
    await expect(model.predictProba(x)).rejects.toThrow(NotFittedError);
    const oof = calibratedClassifier(factory, { cv: 3, ensemble: false });
    made.length = 0;
    await oof.fit(x, b.y);
    oof.dispose();
    // crossValPredict disposes each fold's classifier; dispose() disposes the final one.
    expect(made.map((m) => m.disposed)).toEqual([1, 1, 1, 1]);
    const prefit = made[0]!;
    const p = calibratedClassifier(prefit, { cv: 'prefit' });
    await p.fit(x, b.y);
    p.dispose();
    expect(prefit.disposed).toBe(1);
  });

  it('a failing fit disposes the classifiers it made and leaves the model unfitted', async () => {
    const made: (Classifier & { disposed: number })[] = [];
    let calls = 0;
    const factory = (): Classifier => {
      const s = stub([0, 1], (r) => [1 - r / 200, r / 200]);
      made.push(s);
      if (++calls === 3) s.predictProba = async () => [[1]];
      return s;
    };
    const model = calibratedClassifier(factory, { cv: 3 });
    await expect(model.fit(b.x.map((_, i) => [i]), b.y)).rejects.toThrow(ShapeError);
    expect(made.map((m) => m.disposed)).toEqual([1, 1, 1]);
    expect(model.classes).toEqual([]);
    expect(() => model.calibratedClassifiers).toThrow(NotFittedError);
  });

  it('layersClassifier: no tensor leaks, and dispose frees every tfjs model', async () => {
    const build = ({ nFeatures, nClasses, rng }: ClassifierModelArgs): tfl.LayersModel => {
      const m = tfl.sequential();
      m.add(tfl.layers.dense({ inputShape: [nFeatures], units: nClasses, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.tfSeed() }) }));
      return m;
    };
    const before = tf.memory().numTensors;
    for (const ensemble of [true, false]) {
      // fit → predictProba → dispose leaves nothing behind; in between, the fitted models hold
      // their weights (k models with ensemble, one without).
      const p = await expectNoLeaks(async () => {
        const model = calibratedClassifier(() => layersClassifier(build, { epochs: 2, batchSize: 32, seed: 3 }), { cv: 3, ensemble, method: 'isotonic' });
        try {
          await model.fit(d.x, d.y);
          expect(tf.memory().numTensors - before).toBe(ensemble ? 6 : 2);
          const held = tf.memory().numTensors;
          const proba = await model.predictProba(d.xTest);
          expect(tf.memory().numTensors).toBe(held);
          return proba;
        } finally {
          model.dispose();
        }
      });
      expect(p.every((row) => Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-9)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('calibrating an over-confident MLP on breast_cancer does not raise log loss on the calibration rows', async () => {
    const data = loadDataset('breast_cancer');
    // Standardized on all rows: the test is about calibration, not preprocessing.
    const p = data.x[0]!.length;
    const mean = Array.from({ length: p }, (_, j) => data.x.reduce((s, r) => s + r[j]!, 0) / data.x.length);
    const sd = Array.from({ length: p }, (_, j) => Math.sqrt(data.x.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / data.x.length) || 1);
    const x = data.x.map((r) => r.map((v, j) => (v - mean[j]!) / sd[j]!));
    const { train, test: calib } = trainTestSplit(x.length, { testSize: 0.4, stratify: data.y, seed: 5 });
    const build = ({ nFeatures, nClasses, rng }: ClassifierModelArgs): tfl.LayersModel => {
      const m = tfl.sequential();
      m.add(tfl.layers.dense({ inputShape: [nFeatures], units: 32, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.tfSeed() }) }));
      m.add(tfl.layers.dense({ units: nClasses, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.tfSeed() }) }));
      return m;
    };
    // A large learning rate and no regularization: over-confident probabilities (log loss about
    // 0.36 on the calibration rows, 0.08 to 0.12 after calibration).
    const mlp = layersClassifier(build, { epochs: 30, batchSize: 32, seed: 1, optimizer: () => tf.train.adam(0.05) });
    const xCal = calib.map((i) => x[i]!);
    const yCal = calib.map((i) => data.y[i]!);
    try {
      await mlp.fit(train.map((i) => x[i]!), train.map((i) => data.y[i]!));
      const raw = logLoss(await mlp.predictProba(xCal), yCal, mlp.classes);
      for (const method of ['platt', 'isotonic', 'temperature'] as const) {
        const model = calibratedClassifier(mlp, { cv: 'prefit', method });
        // Temperature is bounded (T in [0.05, 20]), so even calibration rows the MLP separates fit.
        await model.fit(xCal, yCal);
        const calibrated = logLoss(await model.predictProba(xCal), yCal, model.classes);
        expect(calibrated, method).toBeLessThanOrEqual(raw + 1e-12);
      }
    } finally {
      mlp.dispose();
    }
  });
});

describe('calibratedClassifier: bad input', () => {
  const b = fixture.datasets.binary;

  it('rejects bad options when called', () => {
    const bad: unknown[] = [
      { method: 'sigmoid' },
      { cv: 1 },
      { cv: 2.5 },
      { cv: 'loo' },
      { cv: [] },
      { cv: [{ train: [0, 1], test: [] }] },
      { cv: [{ train: [0, -1], test: [2] }] },
      { ensemble: 'yes' },
      { seed: 1.5 },
      { cv: b.folds, seed: 3 },
      { folds: 3 },
    ];
    for (const options of bad) expect(() => calibratedClassifier(baseModel, options as CalibratedClassifierOptions), JSON.stringify(options)).toThrow(/^calibratedClassifier: /);
  });

  it('checks the factory / fitted classifier / prefit consistency', async () => {
    const fitted = baseModel();
    await fitted.fit(b.x, b.y);
    expect(() => calibratedClassifier(fitted)).toThrow(/must be a factory returning a fresh Classifier.*pass cv: 'prefit'/);
    expect(() => calibratedClassifier(baseModel, { cv: 'prefit' })).toThrow(/must be a fitted Classifier/);
    expect(() => calibratedClassifier(fitted, { cv: 'prefit', ensemble: false })).toThrow(/option "ensemble" must be left out when cv is 'prefit'/);
    expect(() => calibratedClassifier(fitted, { cv: 'prefit', seed: 1 })).toThrow(/option "seed"/);
    expect(() => calibratedClassifier({ fit: 1 } as unknown as Classifier, { cv: 'prefit' })).toThrow(InvalidArgumentError);
    const unfitted = calibratedClassifier(baseModel(), { cv: 'prefit' });
    await expect(unfitted.fit(b.x, b.y)).rejects.toThrow(NotFittedError);
    const notAClassifier = calibratedClassifier(() => ({ fit: async () => {} }) as unknown as Classifier, { cv: 2 });
    await expect(notAClassifier.fit(b.x, b.y)).rejects.toThrow(/^CalibratedClassifier.fit: the factory must return a Classifier/);
  });

  it('rejects a cv above the size of the smallest class, as scikit-learn', async () => {
    const y = b.y.map((v, i) => (i < 4 ? 2 : v));
    const model = calibratedClassifier(baseModel, { cv: 5 });
    await expect(model.fit(b.x, y)).rejects.toThrow(
      'CalibratedClassifier.fit: option "cv" must be at most 4 (5-fold cross-validation needs at least 5 rows of every class; class 2 has 4); got 5.',
    );
  });

  it('rejects bad data: non-integer labels, one class, NaN, lengths, weights, out-of-range folds, unknown labels for prefit', async () => {
    const model = calibratedClassifier(baseModel, { cv: 3 });
    await expect(model.fit(b.x, b.y.map((v, i) => (i === 3 ? 0.5 : v)))).rejects.toThrow('must contain class labels (integers); got 0.5 at index 3');
    await expect(model.fit(b.x, b.y.map(() => 1))).rejects.toThrow('at least 2 classes');
    await expect(model.fit(b.x.map((r, i) => (i === 2 ? [Number.NaN, 0, 0] : r)), b.y)).rejects.toThrow(InvalidArgumentError);
    await expect(model.fit(b.x, b.y.slice(1))).rejects.toThrow(ShapeError);
    await expect(model.fit(b.x, b.y, { sampleWeight: b.y.map(() => -1) })).rejects.toThrow('weights >= 0');
    await expect(model.fit(b.x, b.y, { sampleWeight: [1] })).rejects.toThrow(ShapeError);
    await expect(model.fit(b.x, b.y, { weights: [1] } as never)).rejects.toThrow(InvalidArgumentError);
    const beyond = calibratedClassifier(baseModel, { cv: [{ train: [0, 1, 2, 3, 200], test: [5, 6, 7, 8] }] });
    await expect(beyond.fit(b.x, b.y)).rejects.toThrow("fold 0's \"train\" holds 200");
    const notPartition = calibratedClassifier(baseModel, { cv: b.folds.slice(1), ensemble: false });
    await expect(notPartition.fit(b.x, b.y)).rejects.toThrow(/partition the rows.*is in no test set/);
    const base = baseModel();
    await base.fit(b.x, b.y);
    const prefit = calibratedClassifier(base, { cv: 'prefit' });
    await expect(prefit.fit(b.x, b.y.map((v, i) => (i === 4 ? 9 : v)))).rejects.toThrow("must contain only the prefit classifier's classes [0, 1]; got 9 at index 4");
    await prefit.fit(b.x, b.y);
    await expect(prefit.predictProba([[1, 2]])).rejects.toThrow('must have 3 columns');
    await expect(calibratedClassifier(baseModel).predictProba(b.x)).rejects.toThrow(NotFittedError);
  });

  it('rejects a binary fold whose classifier saw one class, and temperature labels the classifier never saw', async () => {
    const oneClassTrain = b.y.map((v, i) => [v, i] as const).filter(([v]) => v === 0).map(([, i]) => i);
    const rest = b.y.map((_, i) => i).filter((i) => !oneClassTrain.includes(i));
    const single = stub([0], () => [1]);
    const folds = [{ train: oneClassTrain, test: rest }];
    const model = calibratedClassifier(() => single, { cv: folds });
    await expect(model.fit(b.x, b.y)).rejects.toThrow('knows only the class 0; with two classes its training rows need both');
    const d = fixture.datasets.multiclass;
    const two = stub([-1, 3], () => [0.5, 0.5]);
    const temp = calibratedClassifier(() => two, { cv: [{ train: [0, 1], test: d.y.map((_, i) => i).slice(2) }], method: 'temperature' });
    await expect(temp.fit(d.x, d.y)).rejects.toThrow(/never saw class 7/);
  });
});
