// A small CNN trains on wasm (issue 9, part 2): conv 8×3×3 → relu → maxpool → flatten → dense 10
// softmax on digits.csv (8×8 images). Stock tfjs-wasm cannot run this at all (no
// Conv2DBackpropFilter); with whetstone's kernels it trains, and its gradients equal the cpu
// backend's.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../examples/data/load.js';
import { useBackend } from '../../src/backends/index.js';
import { createRng } from '../../src/core/index.js';

const digits = loadDataset('digits');
const order = createRng(7).permutation(digits.x.length);
const nTrain = Math.round(0.8 * digits.x.length);
const trainRows = order.slice(0, nTrain);
const testRows = order.slice(nTrain);

function images(rows: readonly number[]): tf.Tensor4D {
  return tf.tensor4d(rows.flatMap((i) => digits.x[i]!.map((v) => v / 16)), [rows.length, 8, 8, 1]);
}
function labels(rows: readonly number[]): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(rows.map((i) => digits.y[i]!), 'int32'), 10) as tf.Tensor2D);
}

function cnn(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

/** Gradients of the CNN's loss on 64 training images with respect to its four weights, per backend. */
async function firstStepGradients(backend: 'cpu' | 'wasm'): Promise<Float32Array[]> {
  await useBackend(backend);
  const rng = createRng('weights');
  const weights = [[3, 3, 1, 8], [8], [128, 10], [10]].map((shape) => tf.tensor(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => 0.3 * rng.normal()), shape));
  const x = images(trainRows.slice(0, 64));
  const y = labels(trainRows.slice(0, 64));
  const loss = (w: tf.Tensor, b: tf.Tensor, v: tf.Tensor, c: tf.Tensor): tf.Scalar => {
    const h = tf.maxPool(tf.relu(tf.add(tf.conv2d(x, w as tf.Tensor4D, 1, 'same'), b)) as tf.Tensor4D, 2, 2, 'valid');
    const logits = tf.add(tf.matMul(tf.reshape(h, [64, 128]), v as tf.Tensor2D), c);
    return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
  };
  const before = tf.memory().numTensors;
  const grads = tf.grads(loss)(weights);
  expect(tf.memory().numTensors - before).toBe(grads.length);
  const out = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose([...weights, ...grads, x, y]);
  return out;
}

describe('a small CNN on wasm', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('has the same first-step gradients as on cpu', async () => {
    const cpu = await firstStepGradients('cpu');
    const wasm = await firstStepGradients('wasm');
    for (let i = 0; i < cpu.length; i++) {
      let scale = 0;
      let diff = 0;
      cpu[i]!.forEach((v, j) => {
        scale = Math.max(scale, Math.abs(v));
        diff = Math.max(diff, Math.abs(v - wasm[i]![j]!));
      });
      expect(scale).toBeGreaterThan(0);
      expect(diff / scale, `weight ${i}`).toBeLessThanOrEqual(1e-4);
    }
  });

  it('cannot train on stock tfjs-wasm, and trains to ≥ 0.95 held-out accuracy with whetstone’s kernels', async () => {
    const x = images(trainRows);
    const y = labels(trainRows);
    await useBackend('wasm', { fastKernels: false });
    const stock = cnn();
    await expect(stock.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 })).rejects.toThrow(/Conv2DBackpropFilter/);
    stock.dispose();

    await useBackend('wasm');
    const model = cnn();
    const history = await model.fit(x, y, { epochs: 10, batchSize: 32, shuffle: false, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 5);
    const testX = images(testRows);
    const predicted = tf.tidy(() => tf.argMax(model.predict(testX) as tf.Tensor, 1).dataSync());
    const accuracy = testRows.filter((row, i) => predicted[i] === digits.y[row]).length / testRows.length;
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    tf.dispose([x, y, testX]);
    model.dispose();
  }, 60_000);
});
