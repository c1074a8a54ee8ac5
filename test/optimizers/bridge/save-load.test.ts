// model.save(…, { includeOptimizer: true }) and tfl.loadLayersModel with a whetstone optimizer:
// the loaded model's optimizer is a whetstone optimizer with the same transformation and state,
// and training continues exactly as it would have.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../examples/data/load.js';
import { adam, adamw, toTfjsOptimizer, WhetstoneOptimizer } from '../../../src/optimizers/index.js';
import { cosineWarmRestarts, cyclic } from '../../../src/schedules/index.js';
import { expectNoLeaks } from '../../_support/leaks.js';
import { disposeAfterEach, memoryFiles, mlp, namedValues, weightsOf } from './_models.js';

const own = disposeAfterEach();

/**
 * An optimizer's state tensors by the name their variable had when saved (tfjs-layers adds `_1`
 * to the names of a loaded model's variables), and the global part of its state.
 */
async function stateByCanonicalName(optimizer: tf.Optimizer): Promise<Record<string, unknown>> {
  const values = await namedValues(await optimizer.getWeights());
  const { 'whetstone/state': skeleton, ...tensors } = values;
  const template = (JSON.parse(String(skeleton![0])) as { template: unknown }).template;
  return { template, ...Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k.replace(/_\d+(?=\/)/, ''), v])) };
}

async function fitBoth(a: tfl.LayersModel, b: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor, epochs: number, batchSize: number): Promise<[number[], number[]]> {
  const ha = await a.fit(x, y, { epochs, batchSize, shuffle: false, verbose: 0 });
  const hb = await b.fit(x, y, { epochs, batchSize, shuffle: false, verbose: 0 });
  return [ha.history.loss as number[], hb.history.loss as number[]];
}

describe('save and load with the optimizer', () => {
  it('round-trips through withSaveHandler / fromMemory: same transformation, multiplier, iterations and state', async () => {
    const x = own(tf.randomNormal([16, 3], 0, 1, 'float32', 1));
    const y = own(tf.randomNormal([16, 1], 0, 1, 'float32', 2));
    // A schedule whose config holds a string with an underscore ('exp_range'), which
    // tfjs-layers' loader would camel-case if the config were saved as a plain object.
    const schedule = cyclic({ baseValue: 1e-3, maxValue: 1e-2, stepSizeUp: 4, mode: 'exp_range', gamma: 0.99 });
    const optimizer = own(toTfjsOptimizer(adamw({ learningRate: schedule, weightDecay: 0.05, mask: /kernel/ })));
    const model = own(mlp(3, 5, 1));
    model.compile({ optimizer, loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    optimizer.learningRate = optimizer.learningRate * 0.5;

    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
      }),
      { includeOptimizer: true },
    );
    expect((artifacts!.trainingConfig!.optimizer_config as { class_name?: unknown }).class_name).toBe('whetstone.Optimizer');
    const loaded = own(await tfl.loadLayersModel(tf.io.fromMemory(artifacts!)));
    const restored = own(loaded.optimizer as WhetstoneOptimizer);
    expect(restored).toBeInstanceOf(WhetstoneOptimizer);
    expect(restored).not.toBe(optimizer);
    expect(restored.transform.config).toEqual(optimizer.transform.config);
    expect(restored.iterations).toBe(12);
    expect(restored.learningRate).toBeCloseTo(optimizer.learningRate, 12);
    expect(await namedValues(await restored.getWeights())).toEqual(await namedValues(await optimizer.getWeights()));

    const [lossA, lossB] = await fitBoth(model, loaded, x, y, 2, 4);
    expect(lossB).toEqual(lossA);
    expect(weightsOf(loaded)).toEqual(weightsOf(model));
    expect(await stateByCanonicalName(restored)).toEqual(await stateByCanonicalName(optimizer));
  });

  it('saving and loading leak nothing beyond the loaded model and its optimizer state', async () => {
    const x = own(tf.ones([4, 3]));
    const y = own(tf.zeros([4, 1]));
    const optimizer = own(toTfjsOptimizer(adam()));
    const model = own(mlp(3, 4, 1));
    model.compile({ optimizer, loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    const files = memoryFiles();
    await model.save(files, { includeOptimizer: true });
    await expectNoLeaks(async () => {
      const loaded = await tfl.loadLayersModel(files);
      loaded.optimizer.dispose();
      loaded.dispose();
    });
  });
});

describe('an MLP on digits.csv with adamw + cosineWarmRestarts, saved and reloaded with its optimizer', () => {
  it('continues training with identical state, losses and weights', async () => {
    const digits = loadDataset('digits');
    const x = own(tf.div(tf.tensor2d(digits.x), 16));
    const y = own(tf.oneHot(tf.tensor1d(digits.y, 'int32'), 10));
    const schedule = cosineWarmRestarts({ initialValue: 0.01, t0: 20, tMult: 2, etaMin: 1e-4 });
    const optimizer = own(toTfjsOptimizer(adamw({ learningRate: schedule, weightDecay: 1e-2, mask: /kernel/ })));
    const model = own(mlp(64, 32, 10, 7, 'softmax'));
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    // 15 batches an epoch: 45 steps cross the restarts at steps 20 and 60.
    await model.fit(x, y, { epochs: 3, batchSize: 128, shuffle: false, verbose: 0 });
    expect(optimizer.iterations).toBe(45);
    expect(optimizer.learningRate).toBeCloseTo(schedule(45), 12);

    const files = memoryFiles();
    await model.save(files, { includeOptimizer: true });
    expect(files.json()).toContain('"class_name":"whetstone.Optimizer"');
    const loaded = own(await tfl.loadLayersModel(files));
    const restored = own(loaded.optimizer as WhetstoneOptimizer);
    expect(restored).toBeInstanceOf(WhetstoneOptimizer);
    expect(restored.transform.config).toEqual(optimizer.transform.config);
    expect(restored.iterations).toBe(45);
    expect(restored.learningRate).toBe(optimizer.learningRate);
    expect(weightsOf(loaded)).toEqual(weightsOf(model));

    const [lossA, lossB] = await fitBoth(model, loaded, x, y, 2, 128);
    expect(lossB).toEqual(lossA);
    expect(weightsOf(loaded)).toEqual(weightsOf(model));
    expect(await stateByCanonicalName(restored)).toEqual(await stateByCanonicalName(optimizer));
    expect(restored.iterations).toBe(75);
    // It did learn: training accuracy after 5 epochs.
    const accuracy = tf.tidy(() => tf.mean(tf.equal(tf.argMax(loaded.predict(x) as tf.Tensor, 1), tf.argMax(y, 1))).dataSync()[0]!);
    expect(accuracy).toBeGreaterThan(0.9);
  });
});
