// learningRateScheduler and reduceLROnPlateau in real tfjs-layers fits (SGD, Adam, RMSProp, an
// accessor-only optimizer), mixed with tfjs's own callbacks, and Keras's plateau logic step by step.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import { constantSchedule, learningRateScheduler, reduceLROnPlateau, stepDecay } from '../../src/schedules/index.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { AccessorSgd, denseRegressor, rateOf, regressionData, weightValues } from './_model.js';

const data = regressionData(64);

async function withData<T>(run: (x: tf.Tensor2D, y: tf.Tensor2D) => Promise<T>): Promise<T> {
  const x = tf.tensor2d(data.x);
  const y = tf.tensor2d(data.y, [data.y.length, 1]);
  try {
    return await run(x, y);
  } finally {
    x.dispose();
    y.dispose();
  }
}

function compiled(optimizer: tf.Optimizer): tfl.Sequential {
  const model = denseRegressor();
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

const optimizers: [string, () => tf.Optimizer][] = [
  ['tfjs SGD (setLearningRate)', () => tf.train.sgd(0.05)],
  ['tfjs Adam (learningRate field)', () => tf.train.adam(0.01)],
  ['tfjs RMSProp (learningRate field)', () => tf.train.rmsprop(0.01)],
  ['an accessor-only optimizer (as the bridge)', () => new AccessorSgd(0.05)],
];

describe('learningRateScheduler', () => {
  it.each(optimizers)('drives %s: a zero rate freezes the weights, and the rate is logged per epoch', async (_, make) => {
    const model = compiled(make());
    const cb = learningRateScheduler(constantSchedule({ value: 0 }));
    const history = await withData(async (x, y) => {
      // A first fit creates the optimizer's state (moments), which is not a leak.
      await model.fit(x, y, { epochs: 1, verbose: 0 });
      const before = weightValues(model);
      const h = await expectNoLeaks(() => model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [cb] }));
      expect(weightValues(model)).toEqual(before);
      return h;
    });
    expect(history.history.lr).toEqual([0, 0]);
    expect(cb.history).toEqual([{ epoch: 0, lr: 0 }, { epoch: 1, lr: 0 }]);
    model.dispose();
  });

  it('per epoch uses the epoch index fit passes (from initialEpoch), and the rate trains the model', async () => {
    const optimizer = tf.train.sgd(1);
    const model = compiled(optimizer);
    const schedule = stepDecay({ initialValue: 0.05, gamma: 0.5, stepSize: 2, offset: 0 });
    const cb = learningRateScheduler(schedule, { per: 'epoch' });
    const before = weightValues(model);
    await withData((x, y) => model.fit(x, y, { epochs: 5, initialEpoch: 1, batchSize: 32, verbose: 0, callbacks: [cb] }));
    expect(cb.history).toEqual([1, 2, 3, 4].map((epoch) => ({ epoch, lr: schedule(epoch) })));
    expect(optimizer.getConfig().learningRate).toBe(schedule(4));
    expect(weightValues(model)).not.toEqual(before);
    model.dispose();
  });

  it("per batch counts the optimizer's updates, across fit calls", async () => {
    const optimizer = tf.train.adam(0.01);
    const model = compiled(optimizer);
    const seen: number[] = [];
    const cb = learningRateScheduler((step) => 0.001 * (step + 1), { per: 'batch' });
    const spy = new tfl.CustomCallback({ onBatchEnd: async () => void seen.push(rateOf(optimizer)) });
    await withData(async (x, y) => {
      await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [cb, spy] });
      await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, callbacks: [cb, spy] });
    });
    expect(seen.map((v) => Number(v.toFixed(12)))).toEqual(Array.from({ length: 12 }, (_, i) => Number((0.001 * (i + 1)).toFixed(12))));
    expect(cb.history.map((h) => Number(h.lr.toFixed(12)))).toEqual([0.012]);
    model.dispose();
  });

  it("mixes with tfjs's own callbacks in one array, in either order", async () => {
    for (const order of ['ours first', 'tfjs first']) {
      const model = compiled(tf.train.sgd(0.05));
      const ours = learningRateScheduler(constantSchedule({ value: 0.02 }));
      const early = tfl.callbacks.earlyStopping({ monitor: 'loss', patience: 50 });
      const history = await withData((x, y) =>
        model.fit(x, y, { epochs: 2, verbose: 0, callbacks: order === 'ours first' ? [ours, early] : [early, ours] }),
      );
      expect(history.history.lr).toEqual([0.02, 0.02]);
      model.dispose();
    }
  });

  it('works when tfjs wraps it with plain-object callbacks, given the optimizer; says what to do otherwise', async () => {
    const optimizer = tf.train.sgd(0.05);
    const model = compiled(optimizer);
    const epochs: number[] = [];
    const plain = { onEpochEnd: async (epoch: number) => void epochs.push(epoch) };
    const ours = learningRateScheduler(constantSchedule({ value: 0 }), { optimizer });
    const before = weightValues(model);
    const history = await withData((x, y) => model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [plain, ours] as never }));
    expect(epochs).toEqual([0, 1]);
    expect(history.history.lr).toEqual([0, 0]);
    expect(weightValues(model)).toEqual(before);

    const lost = learningRateScheduler(constantSchedule({ value: 0 }));
    await expect(withData((x, y) => model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [plain, lost] as never }))).rejects.toThrow(
      /^learningRateScheduler: the callback has no optimizer to drive \(tfjs gave it no model.*pass option "optimizer"\)\.$/,
    );
    model.dispose();
  });

  it('works in fitDataset', async () => {
    const model = compiled(tf.train.rmsprop(0.01));
    const cb = learningRateScheduler((epoch) => 0.01 / (1 + epoch));
    const dataset = {
      iterator: async () => {
        let i = 0;
        return {
          next: async () => (i++ < 2 ? { value: { xs: tf.tensor2d(data.x.slice(0, 32)), ys: tf.tensor2d(data.y.slice(0, 32), [32, 1]) }, done: false } : { value: null, done: true }),
        };
      },
    };
    const history = await model.fitDataset(dataset as never, { epochs: 3, verbose: 0, callbacks: [cb] });
    expect(history.history.lr).toEqual([0.01, 0.005, 0.01 / 3]);
    model.dispose();
  });

  it('stops fit with an error naming the step when the schedule returns NaN or a negative rate', async () => {
    const model = compiled(tf.train.adam(0.01));
    await withData(async (x, y) => {
      const nan = learningRateScheduler((step) => (step < 2 ? 0.01 : Number.NaN));
      await expect(model.fit(x, y, { epochs: 4, verbose: 0, callbacks: [nan] })).rejects.toThrow(
        /^learningRateScheduler: argument "schedule" must return a finite learning rate >= 0; got NaN at step 2\.$/,
      );
      const negative = learningRateScheduler(() => -0.1, { per: 'batch' });
      await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [negative] })).rejects.toThrow(/got -0\.1 at step \d+\./);
      // The model is usable again afterwards.
      await model.fit(x, y, { epochs: 1, verbose: 0 });
    });
    model.dispose();
  });

  it('rejects bad arguments and options up front', () => {
    expect(() => learningRateScheduler(0.1 as never)).toThrow(/^learningRateScheduler: argument "schedule" must be a function; got 0\.1\.$/);
    expect(() => learningRateScheduler(constantSchedule({ value: 1 }), { per: 'step' as never })).toThrow(/option "per" must be one of 'batch', 'epoch'; got 'step'\./);
    expect(() => learningRateScheduler(constantSchedule({ value: 1 }), { optimizer: {} as never })).toThrow(/option "optimizer" must be an optimizer/);
  });
});

describe('reduceLROnPlateau follows Keras step by step', () => {
  async function drive(values: number[], options: Parameters<typeof reduceLROnPlateau>[0], monitor = 'val_loss', start = 1): Promise<{ lrs: number[]; reduced: boolean[]; target: { learningRate: number } }> {
    const target = { learningRate: start };
    const cb = reduceLROnPlateau({ ...options, monitor, optimizer: target });
    await cb.onTrainBegin();
    const lrs: number[] = [];
    for (const [epoch, v] of values.entries()) {
      const logs: Record<string, number> = { loss: 1, [monitor]: v };
      await cb.onEpochEnd(epoch, logs);
      lrs.push(logs.lr!);
    }
    expect(cb.history.map((h) => h.lr)).toEqual(lrs);
    return { lrs, reduced: cb.history.map((h) => h.reduced), target };
  }

  it('patience, cooldown (whose last epoch counts, as in Keras) and the minLR floor', async () => {
    const values = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8];
    const { lrs, reduced, target } = await drive(values, { factor: 0.5, patience: 2, cooldown: 1, minDelta: 0, minLR: 0.1 });
    expect(lrs).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.1, 0.1, 0.1]);
    expect(reduced.flatMap((r, i) => (r ? [i] : []))).toEqual([3, 5, 8, 10]);
    expect(target.learningRate).toBe(0.1);
  });

  it("'auto' watches 'acc' names for increases; minDelta is absolute by default", async () => {
    const { reduced } = await drive([0.5, 0.55, 0.555, 0.57], { patience: 1, minDelta: 0.01 }, 'val_acc');
    expect(reduced).toEqual([false, false, true, false]);
  });

  it("minDeltaMode 'rel' needs a relative improvement (torch's threshold_mode='rel')", async () => {
    const abs = await drive([10, 9.5, 9], { patience: 1, minDelta: 0.1 });
    const rel = await drive([10, 9.5, 9], { patience: 1, minDelta: 0.1, minDeltaMode: 'rel' });
    expect(abs.reduced).toEqual([false, false, false]);
    expect(rel.reduced).toEqual([false, true, true]);
  });

  it("mode 'max' and 'min' override the name", async () => {
    const { reduced } = await drive([1, 2, 3], { patience: 1, mode: 'min' }, 'val_acc');
    expect(reduced).toEqual([false, true, true]);
  });

  it('in a real fit, reduces tfjs Adam and logs lr each epoch', async () => {
    const optimizer = tf.train.adam(0.01);
    const model = compiled(optimizer);
    const cb = reduceLROnPlateau({ monitor: 'loss', patience: 0, factor: 0.5, minDelta: 1e9 });
    const history = await withData((x, y) => model.fit(x, y, { epochs: 4, verbose: 0, callbacks: [cb] }));
    expect(history.history.lr).toEqual([0.01, 0.01, 0.005, 0.0025]);
    expect(rateOf(optimizer)).toBe(0.00125);
    model.dispose();
  });

  it('an unknown monitor name fails fit at the end of the first epoch, naming the values that exist', async () => {
    const model = compiled(tf.train.sgd(0.01));
    const cb = reduceLROnPlateau();
    await expect(withData((x, y) => model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [cb] }))).rejects.toThrow(
      /^reduceLROnPlateau: option "monitor" must be the name of a value in the epoch logs \('loss'\) \(at the end of epoch 0; validation values exist only when fit has validationData or validationSplit\); got 'val_loss'\.$/,
    );
    const ok = reduceLROnPlateau({ patience: 1 });
    const history = await withData((x, y) => model.fit(x, y, { epochs: 2, verbose: 0, validationSplit: 0.25, callbacks: [ok] }));
    expect(history.history.lr).toHaveLength(2);
    model.dispose();
  });

  it('rejects bad options up front', () => {
    expect(() => reduceLROnPlateau({ factor: 1 })).toThrow(/^reduceLROnPlateau: option "factor" must be a finite number in \(0, 1\); got 1\.$/);
    expect(() => reduceLROnPlateau({ patience: -1 })).toThrow(InvalidArgumentError);
    expect(() => reduceLROnPlateau({ mode: 'up' as never })).toThrow(/option "mode" must be one of 'auto', 'min', 'max'/);
    expect(() => reduceLROnPlateau({ minLr: 0 } as never)).toThrow(/unknown option "minLr" \(did you mean "minLR"\?\)/);
  });
});
