import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createRng, InvalidArgumentError, NotFittedError, ShapeError, type Rng } from '../../src/core/index.js';
import {
  isClassifier,
  isRegressor,
  layersClassifier,
  layersRegressor,
  predictLabels,
  type ClassifierModelArgs,
  type RegressorModelArgs,
} from '../../src/estimators/index.js';
import { loadDataset } from '../../examples/data/load.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { maxDiff, standardize } from './_helpers.js';

const glorot = (rng: Rng) => tfl.initializers.glorotUniform({ seed: rng.tfSeed() });

/** A small seeded MLP; compiled with `compile` when given, else left for the adapter. */
function mlp(hidden: number, compile?: (m: tfl.LayersModel) => void) {
  return ({ nFeatures, nClasses, rng }: ClassifierModelArgs): tfl.LayersModel => {
    const m = tfl.sequential();
    m.add(tfl.layers.dense({ inputShape: [nFeatures], units: hidden, activation: 'tanh', kernelInitializer: glorot(rng) }));
    m.add(tfl.layers.dense({ units: nClasses, activation: 'softmax', kernelInitializer: glorot(rng) }));
    compile?.(m);
    return m;
  };
}

function linearRegressorModel(compile?: (m: tfl.LayersModel) => void) {
  return ({ nFeatures, rng }: RegressorModelArgs): tfl.LayersModel => {
    const m = tfl.sequential();
    m.add(tfl.layers.dense({ inputShape: [nFeatures], units: 1, kernelInitializer: glorot(rng) }));
    compile?.(m);
    return m;
  };
}

/** A small random problem: `k` classes, every class present. */
function blobs(seed: number, n: number, p: number, k: number): { x: number[][]; y: number[] } {
  const rng = createRng(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: p }, () => rng.normal(0, 2)));
  const y = Array.from({ length: n }, (_, i) => (i < k ? i : rng.integer(0, k)));
  return { x: y.map((c) => centres[c]!.map((m) => m + rng.normal())), y };
}

function split<T>(rows: readonly T[], seed: number, testFraction: number): { train: T[]; test: T[] } {
  const order = createRng(seed).permutation(rows.length);
  const nTest = Math.round(testFraction * rows.length);
  return { test: order.slice(0, nTest).map((i) => rows[i]!), train: order.slice(nTest).map((i) => rows[i]!) };
}

describe('layersClassifier: real data', () => {
  it('reaches >= 0.95 accuracy on a held-out 20 % of digits', async () => {
    const d = loadDataset('digits');
    const rows = d.x.map((x, i) => ({ x: x.map((v) => v / 16), y: d.y[i]! }));
    const { train, test } = split(rows, 2026, 0.2);
    const clf = layersClassifier(mlp(48, (m) => m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['acc'] })), {
      epochs: 10,
      batchSize: 32,
      seed: 7,
    });
    try {
      await clf.fit(train.map((r) => r.x), train.map((r) => r.y));
      expect(clf.classes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const predicted = await clf.predict(test.map((r) => r.x));
      const accuracy = predicted.filter((p, i) => p === test[i]!.y).length / test.length;
      expect(accuracy).toBeGreaterThanOrEqual(0.95);
      expect(clf.history.history['acc']).toHaveLength(10);
    } finally {
      clf.dispose();
    }
  });
});

describe('layersRegressor: real data', () => {
  it('beats predicting the mean on a diabetes holdout (R² > 0.3)', async () => {
    const d = loadDataset('diabetes');
    const xs = standardize(d.x);
    const rows = xs.map((x, i) => ({ x, y: d.y[i]! }));
    const { train, test } = split(rows, 11, 0.2);
    const mean = train.reduce((s, r) => s + r.y, 0) / train.length;
    const reg = layersRegressor(
      ({ nFeatures, rng }) => {
        const m = tfl.sequential();
        m.add(tfl.layers.dense({ inputShape: [nFeatures], units: 16, activation: 'relu', kernelInitializer: glorot(rng) }));
        // Targets are in the hundreds: start the output at their mean.
        m.add(tfl.layers.dense({ units: 1, kernelInitializer: glorot(rng), biasInitializer: tfl.initializers.constant({ value: mean }) }));
        m.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
        return m;
      },
      { epochs: 60, batchSize: 32, seed: 3 },
    );
    try {
      await reg.fit(train.map((r) => r.x), train.map((r) => r.y));
      const predicted = await reg.predict(test.map((r) => r.x));
      const testMean = test.reduce((s, r) => s + r.y, 0) / test.length;
      const sse = predicted.reduce((s, v, i) => s + (v - test[i]!.y) ** 2, 0);
      const sst = test.reduce((s, r) => s + (r.y - testMean) ** 2, 0);
      expect(1 - sse / sst).toBeGreaterThan(0.3);
    } finally {
      reg.dispose();
    }
  });
});

describe('weights are really applied', () => {
  // Full batches and plain SGD make training deterministic given the data; a weighted fit must then
  // track the fit on duplicated rows to float32 rounding.
  const sgd = (m: tfl.LayersModel) => m.compile({ optimizer: tf.train.sgd(0.3), loss: 'categoricalCrossentropy' });
  const fullBatch = { epochs: 25, batchSize: 256, seed: 5 } as const;
  const { x, y } = blobs(4, 24, 3, 3);
  const w = y.map((_, i) => 1 + (i % 3));
  const dup = <T>(rows: readonly T[], times: (i: number) => number): T[] => rows.flatMap((r, i) => Array.from({ length: times(i) }, () => r));

  async function probabilities(build: ReturnType<typeof mlp>, options: Parameters<typeof layersClassifier>[1], xs: number[][], ys: number[], sampleWeight?: number[]) {
    const clf = layersClassifier(build, options);
    try {
      await clf.fit(xs, ys, sampleWeight === undefined ? undefined : { sampleWeight });
      return await clf.predictProba(x);
    } finally {
      clf.dispose();
    }
  }

  it('integer sample weights train like duplicated rows (classifier)', async () => {
    const weighted = await probabilities(mlp(8, sgd), fullBatch, x, y, w);
    const duplicated = await probabilities(mlp(8, sgd), fullBatch, dup(x, (i) => w[i]!), dup(y, (i) => w[i]!));
    const plain = await probabilities(mlp(8, sgd), fullBatch, x, y);
    expect(maxDiff(weighted, duplicated)).toBeLessThan(2e-5);
    expect(maxDiff(weighted, plain)).toBeGreaterThan(1e-3);
  });

  it('class weights train like duplicating the rows of that class', async () => {
    const weighted = await probabilities(mlp(8, sgd), { ...fullBatch, classWeight: { 1: 3 } }, x, y);
    const duplicated = await probabilities(mlp(8, sgd), fullBatch, dup(x, (i) => (y[i] === 1 ? 3 : 1)), dup(y, (i) => (y[i] === 1 ? 3 : 1)));
    expect(maxDiff(weighted, duplicated)).toBeLessThan(2e-5);
  });

  it("'balanced' gives each class the same total weight", async () => {
    const counts = [0, 1, 2].map((c) => y.filter((v) => v === c).length);
    const weighted = await probabilities(mlp(8, sgd), { ...fullBatch, classWeight: 'balanced' }, x, y);
    const explicit = await probabilities(mlp(8, sgd), { ...fullBatch, classWeight: { 0: 1 / counts[0]!, 1: 1 / counts[1]!, 2: 1 / counts[2]! } }, x, y);
    // Σ w·loss / Σ w does not see a common factor, so n / (K·n_k) and 1 / n_k train alike.
    expect(maxDiff(weighted, explicit)).toBeLessThan(2e-5);
  });

  it('integer sample weights train like duplicated rows (regressor)', async () => {
    const sgdMse = (m: tfl.LayersModel) => m.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    const target = x.map((r) => 2 * r[0]! - r[1]! + 0.5 * r[2]! + 1);
    const fit = async (xs: number[][], ys: number[], sampleWeight?: number[]) => {
      const reg = layersRegressor(linearRegressorModel(sgdMse), fullBatch);
      try {
        await reg.fit(xs, ys, sampleWeight === undefined ? undefined : { sampleWeight });
        return await reg.predict(x);
      } finally {
        reg.dispose();
      }
    };
    const skewed = target.map((v, i) => v + (i % 2 === 0 ? 3 : -3));
    const weighted = await fit(x, skewed, w);
    const duplicated = await fit(dup(x, (i) => w[i]!), dup(skewed, (i) => w[i]!));
    const plain = await fit(x, skewed);
    expect(maxDiff(weighted, duplicated)).toBeLessThan(1e-4);
    expect(maxDiff(weighted, plain)).toBeGreaterThan(1e-2);
  });
});

describe('seeding and shuffling', () => {
  const { x, y } = blobs(9, 30, 2, 2);

  it('same seed, same model; another seed, another model', async () => {
    const run = async (seed: number) => {
      const clf = layersClassifier(mlp(6), { epochs: 3, batchSize: 8, seed });
      try {
        await clf.fit(x, y);
        return await clf.predictProba(x);
      } finally {
        clf.dispose();
      }
    };
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    expect(maxDiff(await run(2), a)).toBeGreaterThan(1e-4);
  });

  it('reshuffles the rows every epoch with the seeded stream; shuffle: false keeps the order', async () => {
    // The targets are the row numbers, so the loss sees the batch order.
    const rowsSeen = async (options: { shuffle?: boolean; seed: number }) => {
      const seen: number[][] = [];
      const recordingLoss = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
        // Training batches only: the adapter also tries the loss once on the first 8 rows.
        if (yTrue.shape[0] === 10) seen.push(Array.from(yTrue.dataSync()));
        return tfl.metrics.meanSquaredError(yTrue, yPred);
      };
      const reg = layersRegressor(linearRegressorModel((m) => m.compile({ optimizer: 'sgd', loss: recordingLoss })), { epochs: 3, batchSize: 10, ...options });
      try {
        await reg.fit(x, x.map((_, i) => i));
      } finally {
        reg.dispose();
      }
      return [0, 1, 2].map((e) => seen.slice(3 * e, 3 * e + 3).flat());
    };
    const epochs = await rowsSeen({ seed: 4 });
    for (const order of epochs) expect([...order].sort((a, b) => a - b)).toEqual(x.map((_, i) => i));
    expect(epochs[0]).not.toEqual(epochs[1]);
    expect(epochs[1]).not.toEqual(epochs[2]);
    expect(await rowsSeen({ seed: 4 })).toEqual(epochs);
    expect(await rowsSeen({ seed: 5 })).not.toEqual(epochs);
    const fixed = await rowsSeen({ seed: 4, shuffle: false });
    for (const order of fixed) expect(order).toEqual(x.map((_, i) => i));
  });
});

describe('memory', () => {
  const { x, y } = blobs(2, 20, 3, 3);

  it('holds only the model weights while fitted, across predict and refit, and nothing after dispose', async () => {
    const before = tf.memory().numTensors;
    const clf = layersClassifier(mlp(5, (m) => m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['acc'] })), { epochs: 2, batchSize: 8, seed: 1 });
    await clf.fit(x, y);
    const weights = clf.model.weights.length;
    expect(weights).toBe(4);
    expect(tf.memory().numTensors - before).toBe(weights);
    await clf.predictProba(x);
    await predictLabels(clf, x);
    expect(tf.memory().numTensors - before).toBe(weights);
    await clf.fit(x, y, { sampleWeight: y.map(() => 2) });
    expect(tf.memory().numTensors - before).toBe(weights);
    clf.dispose();
    expect(tf.memory().numTensors).toBe(before);
    clf.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a whole fit / predict / dispose cycle leaks nothing, with tensor inputs, validation and callbacks', async () => {
    await expectNoLeaks(async () => {
      const xt = tf.tensor2d(x);
      const yt = tf.tensor1d(y);
      try {
        const reg = layersRegressor(linearRegressorModel(), { epochs: 2, validationSplit: 0.25, callbacks: [tfl.callbacks.earlyStopping({ patience: 5 })], seed: 1 });
        await reg.fit(xt, yt);
        await reg.predict(xt);
        reg.dispose();
        const clf = layersClassifier(mlp(4), { epochs: 2, validationData: [x.slice(0, 5), y.slice(0, 5)], optimizer: 'sgd', seed: 1 });
        await clf.fit(xt, yt);
        await clf.predictProba(xt);
        clf.dispose();
      } finally {
        tf.dispose([xt, yt]);
      }
    });
  });

  it('a fit that fails frees the model it built', async () => {
    const before = tf.memory().numTensors;
    const wrongUnits = layersClassifier(({ nFeatures }) => {
      const m = tfl.sequential();
      m.add(tfl.layers.dense({ inputShape: [nFeatures], units: 2, activation: 'softmax' }));
      return m;
    });
    await expect(wrongUnits.fit(x, y)).rejects.toThrow(ShapeError);
    expect(tf.memory().numTensors).toBe(before);
    const scalarLoss = layersClassifier(mlp(3, (m) => m.compile({ optimizer: 'sgd', loss: (yt: tf.Tensor, yp: tf.Tensor) => tf.losses.softmaxCrossEntropy(yt, yp) })), { epochs: 1 });
    await expect(scalarLoss.fit(x, y)).rejects.toThrow(/the model's loss must return one value per row/);
    expect(tf.memory().numTensors).toBe(before);
    expect(scalarLoss.classes).toEqual([]);
  });
});

describe('layersClassifier: protocol details', () => {
  it('a single sigmoid unit means two classes: predictProba returns [1 − p, p]', async () => {
    const { x, y } = blobs(6, 30, 2, 2);
    const labels = y.map((v) => (v === 0 ? 3 : 7));
    const clf = layersClassifier(({ nFeatures, nClasses, rng }) => {
      expect(nClasses).toBe(2);
      const m = tfl.sequential();
      m.add(tfl.layers.dense({ inputShape: [nFeatures], units: 1, activation: 'sigmoid', kernelInitializer: glorot(rng) }));
      return m;
    }, { epochs: 20, batchSize: 8, optimizer: () => tf.train.adam(0.05), seed: 2 });
    try {
      await clf.fit(x, labels);
      expect(clf.classes).toEqual([3, 7]);
      const proba = await clf.predictProba(x);
      const raw = clf.model.predict(tf.tensor2d(x)) as tf.Tensor;
      const p = Array.from(raw.dataSync());
      tf.dispose(raw);
      proba.forEach((row, i) => {
        expect(row[1]).toBeCloseTo(p[i]!, 6);
        expect(row[0]! + row[1]!).toBe(1);
      });
      const predicted = await clf.predict(x);
      expect(predicted.filter((v, i) => v === labels[i]).length / x.length).toBeGreaterThan(0.8);
    } finally {
      clf.dispose();
    }
  });

  it('runs tfjs callbacks (instances and plain objects together) and validates on labelled data', async () => {
    const { x, y } = blobs(12, 40, 2, 3);
    const seen: string[][] = [];
    const clf = layersClassifier(mlp(6, (m) => m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] })), {
      epochs: 4,
      validationData: [x.slice(0, 10), y.slice(0, 10)],
      callbacks: [tfl.callbacks.earlyStopping({ monitor: 'val_loss', patience: 10 }), { onEpochEnd: async (_e: number, logs?: tfl.Logs) => void seen.push(Object.keys(logs ?? {}).sort()) }],
      seed: 3,
    });
    try {
      await clf.fit(x, y);
      expect(seen).toHaveLength(4);
      expect(seen[0]).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
      const acc = clf.history.history['acc'] as number[];
      expect(acc.every((v) => v >= 0 && v <= 1)).toBe(true);
    } finally {
      clf.dispose();
    }
  });

  it('checks what buildModel returns', async () => {
    const { x, y } = blobs(1, 12, 2, 3);
    const linear = layersClassifier(({ nFeatures, nClasses }) => {
      const m = tfl.sequential();
      m.add(tfl.layers.dense({ inputShape: [nFeatures], units: nClasses }));
      return m;
    });
    await expect(linear.fit(x, y)).rejects.toThrow(/must output probabilities \(end it with a softmax/);
    const wrongInput = layersClassifier(({ nClasses }) => {
      const m = tfl.sequential();
      m.add(tfl.layers.dense({ inputShape: [5], units: nClasses, activation: 'softmax' }));
      return m;
    });
    await expect(wrongInput.fit(x, y)).rejects.toThrow(/must take one input of shape \[null, 2\]/);
    await expect(layersClassifier(() => ({}) as never).fit(x, y)).rejects.toThrow(/buildModel must return a tfjs-layers LayersModel/);
    let cached: tfl.LayersModel | undefined;
    const reuse = layersClassifier((args) => (cached ??= mlp(3)(args)), { epochs: 1 });
    await reuse.fit(x, y);
    await expect(reuse.fit(x, y)).rejects.toThrow(/buildModel must return a new model each time/);
    const conflicting = layersClassifier(mlp(3, (m) => m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' })), { optimizer: 'adam' });
    await expect(conflicting.fit(x, y)).rejects.toThrow(/option "optimizer" must be left out when buildModel compiles the model itself/);
    const before = tf.memory().numTensors;
    const hinge = layersClassifier(mlp(3, (m) => m.compile({ optimizer: tf.train.sgd(0.1), loss: 'hinge' })));
    await expect(hinge.fit(x, y)).rejects.toThrow(/compiled with loss 'hinge', which the adapter cannot weight/);
    // An optimizer tfjs made from a name (and owns) is freed too.
    const ownedAdam = layersClassifier(mlp(3, (m) => m.compile({ optimizer: 'adam', loss: 'poisson' })));
    await expect(ownedAdam.fit(x, y)).rejects.toThrow(/compiled with loss 'poisson'/);
    expect(tf.memory().numTensors).toBe(before);
    const shared = tf.train.adam(0.01);
    const sharing = layersClassifier(mlp(3, (m) => m.compile({ optimizer: shared, loss: 'categoricalCrossentropy' })), { epochs: 1 });
    await sharing.fit(x, y);
    await expect(sharing.fit(x, y)).rejects.toThrow(/buildModel must give each model a fresh optimizer/);
    sharing.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options, bad data and use before fit', async () => {
    const { x, y } = blobs(1, 12, 2, 3);
    expect(() => layersClassifier(mlp(2), { epochs: 0 })).toThrow('layersClassifier: option "epochs" must be an integer >= 1; got 0.');
    expect(() => layersClassifier(mlp(2), { epoch: 3 } as never)).toThrow(/unknown option "epoch" \(did you mean "epochs"\?\)/);
    expect(() => layersClassifier(mlp(2), { sampleWeight: [1] } as never)).toThrow(/option "sampleWeight" must be left out \(pass sample weights to fit/);
    expect(() => layersClassifier(mlp(2), { validationSplit: 0.2, validationData: [x, y] })).toThrow(/option "validationSplit" must be left out/);
    expect(() => layersClassifier(mlp(2), { epochs: 3, initialEpoch: 3 })).toThrow(/option "initialEpoch" must be an integer in \[0, 2\]/);
    expect(() => layersClassifier(mlp(2), { optimizer: 'adamw' as never })).toThrow(/option "optimizer"/);
    expect(() => layersClassifier('model' as never)).toThrow(/argument "buildModel" must be a function/);
    expect(() => layersRegressor(linearRegressorModel(), { classWeight: 'balanced' } as never)).toThrow(/option "classWeight" must be left out/);
    const clf = layersClassifier(mlp(2), { epochs: 1, validationData: [x, y.map((v) => v + 10)] });
    await expect(clf.fit(x, y)).rejects.toThrow(/"validationData\[1\]" must hold only labels seen in y/);
    await expect(layersClassifier(mlp(2)).fit(x, y.map(() => 1))).rejects.toThrow('LayersClassifier.fit: needs samples of at least 2 classes in y; got only the class 1.');
    await expect(layersClassifier(mlp(2)).fit(x, y, { sampleWeight: y.map(() => -1) })).rejects.toThrow(InvalidArgumentError);
    await expect(layersClassifier(mlp(2), { validationSplit: 0.95 }).fit(x, y)).rejects.toThrow(/option "validationSplit" must be a fraction leaving rows for both/);
    const unfitted = layersClassifier(mlp(2));
    await expect(unfitted.predictProba(x)).rejects.toThrow(NotFittedError);
    expect(() => unfitted.model).toThrow(/LayersClassifier.model: this estimator is not fitted yet/);
    expect(unfitted.classes).toEqual([]);
    await expect(layersRegressor(linearRegressorModel()).predict(x)).rejects.toThrow(NotFittedError);
  });

  it('is recognised by the protocol guards', () => {
    expect(isClassifier(layersClassifier(mlp(2)))).toBe(true);
    expect(isRegressor(layersClassifier(mlp(2)))).toBe(false);
    expect(isRegressor(layersRegressor(linearRegressorModel()))).toBe(true);
    expect(isClassifier(layersRegressor(linearRegressorModel()))).toBe(false);
  });
});
