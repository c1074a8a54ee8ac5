// modelCheckpoint, terminateOnNaN, progressBar and historyLogger in real fits, mixed with tfjs's
// own callbacks, and a 200-epoch run with every callback active that leaks no tensor.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import {
  earlyStopping,
  historyLogger,
  modelCheckpoint,
  progressBar,
  registerFileSystemRouter,
  terminateOnNaN,
} from '../../src/callbacks/index.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { tinyData, tinyModel, weightValues, withTensors } from './_model.js';

const root = mkdtempSync(join(tmpdir(), 'whetstone-cb-'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

const { x, y } = tinyData();
const fit = (model: tfl.LayersModel, args: tfl.ModelFitArgs): Promise<tfl.History> => withTensors(x, y, (xt, yt) => model.fit(xt, yt, { verbose: 0, batchSize: 8, ...args }));

class FakeStream {
  chunks: string[] = [];
  constructor(readonly isTTY: boolean) {}
  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

describe('modelCheckpoint', () => {
  it('keeps the best weights in memory; restore() brings them back (re-evaluated)', async () => {
    const model = tinyModel(1.5);
    const best = modelCheckpoint({ monitor: 'loss' });
    const history = await fit(model, { epochs: 15, batchSize: 32, callbacks: [best] });
    const losses = history.history.loss as number[];
    expect(best.best).toBe(Math.min(...losses));
    expect(best.bestEpoch).toBe(losses.indexOf(best.best));
    // Saves happen exactly at the strict running minima.
    const minima = losses.flatMap((v, i) => (losses.slice(0, i).every((u) => v < u) ? [i] : []));
    expect(best.saves.map((s) => s.epoch)).toEqual(minima);
    expect(best.bestWeights).toHaveLength(4);
    best.restore();
    expect(weightValues(model)).toEqual(best.bestWeights!.map((w) => Array.from(w.dataSync())));
    best.dispose();
    expect(best.bestWeights).toBeNull();
    expect(() => best.restore(model)).toThrow(InvalidArgumentError);
    model.dispose();
  });

  it('saves through file:// URLs (every epoch, {epoch} in the path) and weights-only handlers; save errors propagate', async () => {
    registerFileSystemRouter();
    const model = tinyModel();
    const every = modelCheckpoint({ saveBestOnly: false, path: `file://${join(root, 'ckpt-{epoch}')}` });
    await fit(model, { epochs: 2, callbacks: [every] });
    const back = await tfl.loadLayersModel(`file://${join(root, 'ckpt-2', 'model.json')}`);
    expect(weightValues(back)).toEqual(weightValues(model));
    expect(readFileSync(join(root, 'ckpt-1', 'model.json'), 'utf8')).toContain('"modelTopology"');
    back.dispose();

    let saved: tf.io.ModelArtifacts | undefined;
    const weightsOnly = modelCheckpoint({ monitor: 'loss', saveWeightsOnly: true, path: tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })) });
    await fit(model, { epochs: 1, callbacks: [weightsOnly] });
    expect(saved!.modelTopology).toBeUndefined();
    const decoded = tf.io.decodeWeights(saved!.weightData!, saved!.weightSpecs!);
    expect(Object.values(decoded).map((t) => Array.from(t.dataSync()))).toEqual(weightValues(model));
    tf.dispose(Object.values(decoded));

    const failing = modelCheckpoint({ monitor: 'loss', path: tf.io.withSaveHandler(async () => Promise.reject(new Error('disk full'))) });
    await expect(fit(model, { epochs: 1, callbacks: [failing] })).rejects.toThrow('disk full');
    model.dispose();
  });

  it('rejects bad options', () => {
    for (const bad of [{ mode: 'best' }, { path: 3 }, { path: '' }, { saveBestOnly: 'yes' }, { saveWeightsOnly: true }, { monitr: 'loss' }]) {
      expect(() => modelCheckpoint(bad as never), JSON.stringify(bad)).toThrow(InvalidArgumentError);
    }
  });
});

describe('terminateOnNaN', () => {
  it('stops at the first batch whose loss is NaN, recording where', async () => {
    const model = tinyModel();
    const nan = terminateOnNaN();
    const bad = y.map((r, i) => (i === 20 ? [Number.NaN] : r));
    const history = await withTensors(x, bad, (xt, yt) => model.fit(xt, yt, { epochs: 5, batchSize: 8, verbose: 0, shuffle: false, callbacks: [nan] }));
    expect(nan.terminated).toEqual({ epoch: 0, batch: 2, loss: Number.NaN });
    expect(history.epoch).toEqual([0]);
    model.dispose();
  });

  it('treats infinities as Keras does, ignores finite losses, and takes no options', async () => {
    const nan = terminateOnNaN();
    const model = { stopTraining: false };
    (nan as unknown as { model: unknown }).model = model;
    await nan.onTrainBegin();
    await nan.onEpochBegin(3);
    await nan.onBatchEnd(0, { loss: 1e30 });
    expect(model.stopTraining).toBe(false);
    await nan.onBatchEnd(1, { loss: Number.NEGATIVE_INFINITY });
    expect(model.stopTraining).toBe(true);
    expect(nan.terminated).toEqual({ epoch: 3, batch: 1, loss: Number.NEGATIVE_INFINITY });
    expect(() => terminateOnNaN({ verbose: 1 } as never)).toThrow(/terminateOnNaN: unknown option "verbose"/);
  });
});

describe('progressBar', () => {
  it('in a terminal, redraws a bar with batch, ETA and metrics, and ends each epoch with a line', async () => {
    const stream = new FakeStream(true);
    const model = tinyModel();
    await fit(model, { epochs: 2, callbacks: [progressBar({ stream, width: 10 })] });
    const batchWrites = stream.chunks.filter((c) => !c.endsWith('\n'));
    expect(batchWrites).toHaveLength(8);
    expect(batchWrites[0]).toMatch(/^\r\x1b\[2KEpoch 1\/2 \[==>       \] 1\/4 ETA [\d.]+s loss=\d\.\d{4}$/);
    expect(batchWrites[3]).toMatch(/Epoch 1\/2 \[==========\] 4\/4 ETA 0\.0s/);
    expect(stream.chunks.filter((c) => c.endsWith('\n'))).toEqual([
      expect.stringMatching(/^\r\x1b\[2KEpoch 1\/2 - [\d.]+s - loss=\d\.\d{4}\n$/),
      expect.stringMatching(/^\r\x1b\[2KEpoch 2\/2 - /),
    ]);
    model.dispose();
  });

  it('elsewhere, writes one plain line per epoch', async () => {
    const stream = new FakeStream(false);
    const model = tinyModel();
    await fit(model, { epochs: 3, validationSplit: 0.25, callbacks: [progressBar({ stream })] });
    expect(stream.chunks).toHaveLength(3);
    expect(stream.text).not.toMatch(/\r/);
    expect(stream.chunks[2]).toMatch(/^Epoch 3\/3 - [\d.]+s - val_loss=\S+ loss=\S+\n$/);
    expect(() => progressBar({ width: 2 })).toThrow(/progressBar: option "width" must be an integer in \[5, 200\]; got 2\./);
    expect(() => progressBar({ stream: {} as never })).toThrow(InvalidArgumentError);
    model.dispose();
  });
});

describe('historyLogger', () => {
  it('keeps rows and writes CSV with the first epoch’s keys as header, to a stream and a file', async () => {
    const stream = new FakeStream(false);
    const toStream = historyLogger({ stream });
    const path = join(root, 'history.csv');
    const toFile = historyLogger({ path });
    const model = tinyModel();
    const history = await fit(model, { epochs: 3, validationSplit: 0.25, callbacks: [toStream, toFile] });
    expect(toStream.rows.map((r) => r.epoch)).toEqual([0, 1, 2]);
    expect(toStream.rows.map((r) => r.loss)).toEqual(history.history.loss);
    const lines = stream.text.trim().split('\n');
    expect(lines[0]).toBe('epoch,val_loss,loss');
    expect(lines[2]).toBe(`1,${history.history.val_loss![1]},${history.history.loss![1]}`);
    expect(readFileSync(path, 'utf8')).toBe(stream.text);
    // A second fit truncates the file, unless appending (then without a second header).
    await fit(model, { epochs: 1, validationSplit: 0.25, callbacks: [toFile] });
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);
    await fit(model, { epochs: 2, validationSplit: 0.25, callbacks: [historyLogger({ path, append: true })] });
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(4);
    model.dispose();
  });

  it('writes JSON lines, non-finite values as strings', async () => {
    const stream = new FakeStream(false);
    const log = historyLogger({ stream, format: 'jsonl' });
    await log.onTrainBegin();
    await log.onEpochEnd(0, { loss: 0.5 });
    await log.onEpochEnd(1, { loss: Number.NaN, acc: 1 });
    expect(stream.text.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([{ epoch: 0, loss: 0.5 }, { epoch: 1, loss: 'NaN', acc: 1 }]);
    expect(log.rows[1]!.loss).toBeNaN();
  });

  it('rejects bad options', () => {
    for (const bad of [{ format: 'tsv' }, { path: '' }, { path: 'a.csv', stream: { write: () => true } }, { append: true }, { separator: '"' }, { stream: 3 }]) {
      expect(() => historyLogger(bad as never), JSON.stringify(bad)).toThrow(InvalidArgumentError);
    }
  });
});

describe('all callbacks together', () => {
  it("mix with tfjs's own callbacks and plain objects in one array, in either order", async () => {
    for (const order of ['ours first', 'theirs first'] as const) {
      const model = tinyModel();
      const ours = [earlyStopping({ monitor: 'loss', patience: 2 }), historyLogger(), terminateOnNaN(), modelCheckpoint({ monitor: 'loss' })] as const;
      const theirs = tfl.callbacks.earlyStopping({ monitor: 'loss', patience: 100 });
      const callbacks = order === 'ours first' ? [...ours, theirs] : [theirs, ...ours];
      const history = await fit(model, { epochs: 4, callbacks });
      expect(ours[1].rows.map((r) => r.loss)).toEqual(history.history.loss);
      expect(ours[3].bestWeights).not.toBeNull();
      ours[3].dispose();
      model.dispose();
    }
  });

  it('work in fitDataset (no batch count known: the bar counts batches)', async () => {
    const model = tinyModel();
    // A minimal dataset (tfjs-data is not a dependency): 4 batches of 8 rows per epoch.
    const ds = {
      iterator: async () => {
        let i = 0;
        return {
          next: async () => (i < 4 ? { value: { xs: tf.tensor2d(x.slice(8 * i, 8 * ++i)), ys: tf.tensor2d(y.slice(8 * (i - 1), 8 * i)) }, done: false } : { value: null, done: true }),
        };
      },
    };
    const stream = new FakeStream(true);
    const stop = earlyStopping({ monitor: 'loss', patience: 1, restoreBestWeights: 'always' });
    const log = historyLogger();
    const history = await model.fitDataset(ds as never, { epochs: 3, verbose: 0, callbacks: [stop, log, progressBar({ stream }), terminateOnNaN()] });
    expect(log.rows.map((r) => r.loss)).toEqual(history.history.loss);
    expect(stream.chunks[0]).toMatch(/^\r\x1b\[2KEpoch 1\/3 1 loss=/);
    expect(stream.chunks.filter((c) => c.endsWith('\n'))).toHaveLength(history.epoch.length);
    model.dispose();
  });

  it('leak no tensor across a 200-epoch run with every callback active', async () => {
    const model = tinyModel(0.1);
    await withTensors(x, y, async (xt, yt) => {
      await model.fit(xt, yt, { epochs: 1, verbose: 0 });
      const checkpoint = modelCheckpoint({ monitor: 'val_loss' });
      const stop = earlyStopping({ patience: 500, restoreBestWeights: 'always', criterion: 'patience' });
      const gl = earlyStopping({ criterion: { pq: 1000 } });
      const stream = new FakeStream(true);
      const history = await expectNoLeaks(async () => {
        const h = await model.fit(xt, yt, {
          epochs: 200,
          batchSize: 16,
          verbose: 0,
          validationSplit: 0.25,
          callbacks: [stop, gl, checkpoint, terminateOnNaN(), progressBar({ stream }), historyLogger({ stream: new FakeStream(false), format: 'jsonl' }), tfl.callbacks.earlyStopping({ patience: 1000 })],
        });
        checkpoint.restore();
        checkpoint.dispose();
        return h;
      });
      expect(history.epoch).toHaveLength(200);
      expect(stop.restored).toBe(true);
      expect(stream.chunks.length).toBeGreaterThan(200);
    });
    model.dispose();
  });
});
