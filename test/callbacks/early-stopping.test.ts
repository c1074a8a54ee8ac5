// earlyStopping: Keras's patience / baseline / minDelta / startFromEpoch semantics on scripted
// logs and in real fits, restoring the best weights of an overfitting run, and Prechelt's criteria
// on a recorded curve, with the expected stops worked out by hand.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import { earlyStopping } from '../../src/callbacks/index.js';
import type { EarlyStopping, EarlyStoppingOptions } from '../../src/callbacks/index.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { cancerSplit, fakeModel, tinyData, tinyModel, weightValues, wideMlp, withTensors } from './_model.js';

/** Drive a callback through scripted epoch logs as fit would, until it stops; returns the stopped epoch. */
async function replay(cb: EarlyStopping, logs: Record<string, number>[]): Promise<number | null> {
  const model = fakeModel();
  (cb as unknown as { model: unknown }).model = model;
  await cb.onTrainBegin();
  for (let epoch = 0; epoch < logs.length; epoch++) {
    await cb.onEpochEnd(epoch, { ...logs[epoch]! });
    if (model.stopTraining) break;
  }
  await cb.onTrainEnd();
  return cb.stoppedEpoch;
}

const curve = [1.0, 0.9, 0.95, 0.96, 0.97, 0.85, 0.99, 1.0, 1.1];
const valLogs = curve.map((v) => ({ val_loss: v, loss: v / 2 }));

describe('earlyStopping follows Keras (2.13+ / 3) on scripted logs', () => {
  // Each expectation is Keras's loop worked by hand: `wait` counts every monitored epoch, is reset
  // by an epoch beating the best (by minDelta) and the baseline, an improving epoch never stops,
  // and epoch 0 never stops.
  it.each<[string, EarlyStoppingOptions, number | null, number]>([
    ['patience 0 stops at the first non-improving epoch', { patience: 0 }, 2, 1],
    ['patience 2 waits two epochs', { patience: 2 }, 3, 1],
    ['patience 3', { patience: 3 }, 4, 1],
    ['patience 4 sees the improvement at epoch 5 and outlasts the run', { patience: 4 }, null, 5],
    ['minDelta 0.2 makes 0.9 no improvement over 1.0', { patience: 1, minDelta: 0.2 }, 1, 0],
    ['a baseline never beaten: improving epochs still never stop', { patience: 2, baseline: 0.8 }, 2, 1],
    ['a baseline beaten at epoch 1 resets wait there', { patience: 2, baseline: 0.92 }, 3, 1],
    ['startFromEpoch ignores the first epochs', { patience: 2, startFromEpoch: 2 }, 4, 2],
    ['never stops when patience outlasts the run', { patience: 20 }, null, 5],
  ])('%s', async (_, options, stopped, bestEpoch) => {
    const cb = earlyStopping(options);
    expect(await replay(cb, valLogs)).toBe(stopped);
    expect(cb.bestEpoch).toBe(bestEpoch);
    expect(cb.best).toBe(curve[bestEpoch]);
    expect(cb.history.at(-1)!.stop).toBe(stopped !== null);
  });

  it("'auto' maximizes accuracy names; 'min' overrides the name", async () => {
    const acc = [0.5, 0.6, 0.55, 0.58, 0.7].map((v) => ({ val_acc: v }));
    const max = earlyStopping({ monitor: 'val_acc', patience: 1 });
    expect(await replay(max, acc)).toBe(2);
    expect(max.best).toBe(0.6);
    const min = earlyStopping({ monitor: 'val_acc', mode: 'min', patience: 1 });
    expect(await replay(min, acc)).toBe(1);
  });

  it('stops exactly when `wait` reaches patience after the last improvement (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 25 }), fc.integer({ min: 1, max: 5 }), async (values, patience) => {
        const cb = earlyStopping({ monitor: 'loss', patience });
        const stopped = await replay(cb, values.map((v) => ({ loss: v })));
        // Independent restatement: the first epoch e > 0 that is patience epochs past the last strict minimum.
        let best = Infinity;
        let last = 0;
        let expected: number | null = null;
        for (let e = 0; e < values.length; e++) {
          if (values[e]! < best) [best, last] = [values[e]!, e];
          else if (e - last >= patience) {
            expected = e;
            break;
          }
        }
        expect(stopped).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('an unknown monitor is an error at the end of the first epoch, listing the values', async () => {
    const cb = earlyStopping({ monitor: 'val_los' });
    await expect(replay(cb, valLogs)).rejects.toThrow(/^earlyStopping: option "monitor" must be the name of a value in the epoch logs \('val_loss', 'loss'\) \(at the end of epoch 0\); got 'val_los'\.$/);
  });

  it('rejects bad options up front', () => {
    for (const bad of [{ patience: -1 }, { minDelta: -0.1 }, { mode: 'up' }, { baseline: Number.NaN }, { restoreBestWeights: 1 }, { criterion: { gl: 0 } }, { criterion: { up: 1.5 } }, { criterion: { pq: 1, stripLength: 1 } }, { criterion: { gl: 1, stripLength: 3 } }, { criterion: 'gl' }, { patiance: 2 }]) {
      expect(() => earlyStopping(bad as never), JSON.stringify(bad)).toThrow(InvalidArgumentError);
    }
    expect(() => earlyStopping({ monitor: 'val_acc', criterion: { gl: 5 } })).toThrow(/Prechelt's criteria are defined on errors/);
  });
});

describe("Prechelt's criteria stop where their definitions say", () => {
  // A recorded run: validation error dips to 0.69 at epoch 5, then rises; training error keeps falling.
  const val = [1.0, 0.8, 0.7, 0.72, 0.75, 0.69, 0.74, 0.78, 0.8, 0.83, 0.85, 0.9];
  const train = [1.0, 0.8, 0.6, 0.5, 0.45, 0.42, 0.4, 0.39, 0.385, 0.383, 0.382, 0.381];
  const logs = val.map((v, i) => ({ loss: train[i]!, val_loss: v }));

  it('GL_α: 100·(E_va/E_opt − 1) > α', async () => {
    // GL_5: epoch 3: 100·(0.72/0.7 − 1) = 2.86; epoch 4: 100·(0.75/0.7 − 1) = 7.14 > 5.
    const gl5 = earlyStopping({ criterion: { gl: 5 } });
    expect(await replay(gl5, logs)).toBe(4);
    expect(gl5.history.map((h) => h.gl)).toEqual([0, 0, 0, expect.closeTo(2.857, 3), expect.closeTo(7.143, 3)]);
    // GL_10: epoch 5 sets a new optimum; epoch 6: 7.25; epoch 7: 100·(0.78/0.69 − 1) = 13.04 > 10.
    expect(await replay(earlyStopping({ criterion: { gl: 10 } }), logs)).toBe(7);
  });

  it('PQ_α: GL / P_k at strip ends, P_k = 1000·(Σ strip E_tr / (k·min strip E_tr) − 1)', async () => {
    // k = 2, strip ends at epochs 1, 3, 5, 7, 9. Epoch 3: GL 2.857, P = 1000·(1.1/1.0 − 1) = 100, PQ 0.0286.
    // Epoch 7: GL 13.043, P = 1000·(0.79/0.78 − 1) = 12.82, PQ 1.017. Epoch 9: GL 20.29, P 2.611, PQ 7.77.
    const pq1 = earlyStopping({ criterion: { pq: 1, stripLength: 2 } });
    expect(await replay(pq1, logs)).toBe(7);
    const ends = pq1.history.filter((h) => h.pq !== undefined);
    expect(ends.map((h) => h.epoch)).toEqual([1, 3, 5, 7]);
    expect(ends[1]!.pk).toBeCloseTo(100, 9);
    expect(ends[1]!.pq).toBeCloseTo(0.028571, 5);
    expect(ends[3]!.pk).toBeCloseTo(12.8205, 3);
    expect(ends[3]!.pq).toBeCloseTo(1.01739, 4);
    const pq2 = earlyStopping({ criterion: { pq: 2, stripLength: 2 } });
    expect(await replay(pq2, logs)).toBe(9);
    expect(pq2.history.at(-1)!.pq).toBeCloseTo(7.771, 3);
  });

  it('UP_s: the validation error rose at s successive strip ends', async () => {
    // k = 2: strip ends 0.8, 0.72, 0.69, 0.78 (up 1), 0.83 (up 2), 0.9 (up 3).
    expect(await replay(earlyStopping({ criterion: { up: 1, stripLength: 2 } }), logs)).toBe(7);
    const up2 = earlyStopping({ criterion: { up: 2, stripLength: 2 } });
    expect(await replay(up2, logs)).toBe(9);
    expect(up2.history.filter((h) => h.up !== undefined).map((h) => h.up)).toEqual([0, 0, 0, 1, 2]);
    // k = 5 (default): ends at epochs 4 (0.75) and 9 (0.83): one rise.
    expect(await replay(earlyStopping({ criterion: { up: 1 } }), logs)).toBe(9);
    expect(await replay(earlyStopping({ criterion: { up: 2 } }), logs)).toBe(null);
  });

  it('PQ needs the training loss; GL needs a positive error', async () => {
    await expect(replay(earlyStopping({ criterion: { pq: 1 } }), [{ val_loss: 1 }])).rejects.toThrow(/option "criterion" must be the name of a value in the epoch logs \('val_loss'\).*; got 'loss'/);
    await expect(replay(earlyStopping({ criterion: { gl: 1 } }), [{ val_loss: 0 }])).rejects.toThrow(/need a positive validation error/);
  });
});

describe('earlyStopping in real fits', () => {
  const data = cancerSplit(40, 120);

  it('restores the weights of the best epoch of an overfitting run (re-evaluated), without leaks', async () => {
    const model = wideMlp(30);
    const stop = earlyStopping({ patience: 8, restoreBestWeights: true });
    const theirs = tfl.callbacks.earlyStopping({ monitor: 'val_loss', patience: 1000 });
    await withTensors(data.xTrain, data.yTrain, async (x, y) => {
      const xv = tf.tensor2d(data.xVal);
      const yv = tf.tensor2d(data.yVal, [data.yVal.length, 1]);
      await model.fit(x, y, { epochs: 1, verbose: 0 });
      const history = await expectNoLeaks(() =>
        model.fit(x, y, { epochs: 150, batchSize: 40, verbose: 0, validationData: [xv, yv], callbacks: [theirs, stop] }),
      );
      const losses = history.history.val_loss as number[];
      // It overfit: the validation loss rose after its minimum, and the run stopped patience epochs later.
      expect(stop.stoppedEpoch).not.toBeNull();
      expect(losses.length).toBe(stop.stoppedEpoch! + 1);
      expect(stop.stoppedEpoch! - stop.bestEpoch).toBe(8);
      expect(Math.min(...losses)).toBe(stop.best);
      expect(losses.at(-1)!).toBeGreaterThan(stop.best);
      expect(stop.restored).toBe(true);
      const evaluated = model.evaluate(xv, yv) as tf.Scalar[];
      expect(evaluated[0]!.dataSync()[0]).toBeCloseTo(stop.best, 5);
      tf.dispose([...evaluated, xv, yv]);
      // The same recorded curve, replayed by hand, stops at the same epoch (Keras's semantics in both).
      const replayed = earlyStopping({ patience: 8 });
      expect(await replay(replayed, losses.map((v) => ({ val_loss: v })))).toBe(stop.stoppedEpoch);
    });
    model.dispose();
  });

  it("restores only when it stops (Keras), or also when epochs run out with 'always'", async () => {
    const { x, y } = tinyData();
    for (const restoreBestWeights of [true, 'always'] as const) {
      const model = tinyModel(3); // a rate that makes the loss oscillate
      const stop = earlyStopping({ monitor: 'loss', patience: 50, restoreBestWeights });
      const history = await withTensors(x, y, (xt, yt) => model.fit(xt, yt, { epochs: 12, batchSize: 32, verbose: 0, callbacks: [stop] }));
      const losses = history.history.loss as number[];
      expect(stop.stoppedEpoch).toBeNull();
      const last = await withTensors(x, y, async (xt, yt) => (model.evaluate(xt, yt) as tf.Scalar).array());
      if (restoreBestWeights === 'always') {
        expect(stop.restored).toBe(true);
        expect(stop.bestEpoch).toBeLessThan(11);
        // The loss fit logs is the pre-update loss of the epoch's one batch: the restored weights
        // (end of the best epoch) give the next epoch's logged loss.
        expect(last).toBeCloseTo(losses[stop.bestEpoch + 1] ?? last, 4);
      } else {
        expect(stop.restored).toBe(false);
      }
      model.dispose();
    }
  });

  it('patience and baseline count epochs as Keras in a real fit (replayed logs agree)', async () => {
    const { x, y } = tinyData();
    for (const options of [{ patience: 1 }, { patience: 3, baseline: 0.001 }, { patience: 2, minDelta: 0.01 }]) {
      const model = tinyModel(2.5);
      const stop = earlyStopping({ monitor: 'loss', ...options });
      const history = await withTensors(x, y, (xt, yt) => model.fit(xt, yt, { epochs: 40, batchSize: 32, verbose: 0, callbacks: [stop] }));
      const losses = history.history.loss as number[];
      const again = earlyStopping({ monitor: 'loss', ...options });
      const stopped = await replay(again, losses.map((loss) => ({ loss })));
      expect(stopped).toBe(stop.stoppedEpoch);
      expect(losses.length).toBe(stop.stoppedEpoch === null ? 40 : stop.stoppedEpoch + 1);
      model.dispose();
    }
  });

  it('works after a plain-object callback until it needs the model; then says what to do', async () => {
    const { x, y } = tinyData();
    const model = tinyModel();
    const plain = { onEpochEnd: async () => {} };
    const watching = earlyStopping({ monitor: 'loss', patience: 100 });
    await withTensors(x, y, (xt, yt) => model.fit(xt, yt, { epochs: 3, verbose: 0, callbacks: [plain, watching] as never }));
    expect(watching.history).toHaveLength(3);
    // Stopping needs the model: tfjs gave none, so instead of silently training on, fit fails.
    const stopping = earlyStopping({ monitor: 'loss', patience: 0, minDelta: 100 });
    await expect(withTensors(x, y, (xt, yt) => model.fit(xt, yt, { epochs: 3, verbose: 0, callbacks: [plain, stopping] as never }))).rejects.toThrow(
      /earlyStopping: the callback has no model/,
    );
    const restoring = earlyStopping({ monitor: 'loss', restoreBestWeights: true });
    await expect(withTensors(x, y, (xt, yt) => model.fit(xt, yt, { epochs: 2, verbose: 0, callbacks: [plain, restoring] as never }))).rejects.toThrow(
      /put a Callback instance first/,
    );
    model.dispose();
  });

  it('dispose() frees the weight copies when fit fails part-way (tfjs then skips onTrainEnd)', async () => {
    const { x, y } = tinyData();
    const model = tinyModel();
    await withTensors(x, y, async (xt, yt) => {
      await model.fit(xt, yt, { epochs: 1, verbose: 0 });
      const stop = earlyStopping({ monitor: 'loss', restoreBestWeights: true });
      const failing = new (class extends tfl.Callback {
        override async onEpochEnd(epoch: number): Promise<void> {
          throw new Error(`boom at ${epoch}`);
        }
      })();
      await expectNoLeaks(async () => {
        await expect(model.fit(xt, yt, { epochs: 3, verbose: 0, callbacks: [stop, failing] as never })).rejects.toThrow('boom at 0');
        expect(stop.bestEpoch).toBe(0);
        stop.dispose();
      });
    });
    expect(weightValues(model)).toHaveLength(4);
    model.dispose();
  });
});
