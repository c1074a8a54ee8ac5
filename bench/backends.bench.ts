// whetstone/backends: training on tfjs-backend-wasm with and without whetstone's wasm kernels
// (issue 9). Peers measured in the same run: stock tfjs-wasm (`useBackend('wasm', { fastKernels:
// false })`) and the cpu backend.
//
// 1. The 64-256-256-10 MLP train step (batch 128, adam, categorical cross-entropy) through
//    `model.fit`, 100 steps over digits.csv rows: ms/step on stock wasm, whetstone's wasm and cpu,
//    and the largest relative difference between the three loss curves (target: whetstone's wasm
//    ≥ 4× faster than stock, i.e. ratio ≤ 0.25; curves equal to 1e-4).
// 2. The CNN step (conv 8×3×3 → relu → maxpool → dense 10, batch 128) on whetstone's wasm vs cpu;
//    stock wasm cannot train it (no Conv2DBackpropFilter kernel). Then the same CNN trained for
//    15 epochs on 80% of digits, with its held-out accuracy.
// 3. The matMul behind it all: 128×256 by 256×256 with a transpose flag, stock vs whetstone.
//
// Run: npx tsx bench/backends.bench.ts
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadDataset } from '../examples/data/load.js';
import { useBackend } from '../src/backends/index.js';
import { createRng } from '../src/core/index.js';
import { printTable, timeIt, type Row } from './_harness.js';

type Setup = { name: string; backend: 'wasm' | 'cpu'; fastKernels?: boolean };
const STOCK: Setup = { name: 'stock tfjs-wasm', backend: 'wasm', fastKernels: false };
const OURS: Setup = { name: "whetstone's wasm", backend: 'wasm', fastKernels: true };
const CPU: Setup = { name: 'cpu', backend: 'cpu' };

async function use(setup: Setup): Promise<void> {
  await useBackend(setup.backend, setup.backend === 'wasm' ? { fastKernels: setup.fastKernels ?? true } : {});
}

const digits = loadDataset('digits');
const STEPS = 100;
const BATCH = 128;
/** Rows for `steps` batches, cycling through digits in a fixed shuffled order. */
function rows(steps: number): number[] {
  const order = createRng(11).permutation(digits.x.length);
  return Array.from({ length: steps * BATCH }, (_, i) => order[i % order.length]!);
}
const oneHot = (r: readonly number[]): tf.Tensor2D => tf.tidy(() => tf.oneHot(tf.tensor1d(r.map((i) => digits.y[i]!), 'int32'), 10) as tf.Tensor2D);

function mlp(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [64], units: 256, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: 256, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
      tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
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

/** `steps` train steps through model.fit (one epoch of `steps` batches): ms/step and the loss after each step. */
async function fitSteps(setup: Setup, make: () => tfl.Sequential, input: (r: number[]) => tf.Tensor, steps: number): Promise<{ ms: number; losses: number[] }> {
  await use(setup);
  const r = rows(steps);
  const x = input(r);
  const y = oneHot(r);
  // Warm-up on a throwaway model: wasm compiles lazily, tfjs-layers builds its graph on first fit.
  const warm = make();
  const [wx, wy] = [tf.slice(x, 0, 2 * BATCH), tf.slice(y, 0, 2 * BATCH)];
  await warm.fit(wx, wy, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 });
  warm.dispose();
  tf.dispose([wx, wy]);
  const model = make();
  const losses: number[] = [];
  const t0 = performance.now();
  await model.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0, callbacks: { onBatchEnd: async (_b, logs) => void losses.push(logs!.loss as number) } });
  const ms = (performance.now() - t0) / steps;
  model.dispose();
  tf.dispose([x, y]);
  return { ms, losses };
}

function maxRelDiff(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!) / Math.abs(b[i]!)));
}

const flat = (r: number[]): tf.Tensor => tf.tensor2d(r.map((i) => digits.x[i]!.map((v) => v / 16)));
const image = (r: number[]): tf.Tensor => tf.tensor4d(r.flatMap((i) => digits.x[i]!.map((v) => v / 16)), [r.length, 8, 8, 1]);

const table: Row[] = [];

// 1. MLP
const stockMlp = await fitSteps(STOCK, mlp, flat, STEPS);
const oursMlp = await fitSteps(OURS, mlp, flat, STEPS);
const cpuMlp = await fitSteps(CPU, mlp, flat, STEPS);
table.push({ task: 'MLP 64-256-256-10 step, batch 128 (fit)', ours: oursMlp.ms, peer: stockMlp.ms, peerName: STOCK.name, target: 0.25 });
table.push({ task: 'MLP 64-256-256-10 step, batch 128 (fit)', ours: oursMlp.ms, peer: cpuMlp.ms, peerName: CPU.name });

// 2. CNN
const CNN_STEPS = 20;
const oursCnn = await fitSteps(OURS, cnn, image, CNN_STEPS);
const cpuCnn = await fitSteps(CPU, cnn, image, CNN_STEPS);
table.push({ task: 'CNN conv8-pool-dense10 step, batch 128', ours: oursCnn.ms, peer: cpuCnn.ms, peerName: 'cpu (stock wasm cannot train it)' });

// 3. the flagged matMul itself
await useBackend('wasm');
const a = tf.randomNormal([256, 128], 0, 1, 'float32', 1);
const b = tf.randomNormal([256, 256], 0, 1, 'float32', 2);
const flagged = (): void => tf.tidy(() => void tf.matMul(a, b, true, false).dataSync());
const oursMatMul = await timeIt(flagged, { runs: 21 });
await useBackend('wasm', { fastKernels: false });
const stockMatMul = await timeIt(flagged, { runs: 21 });
table.push({ task: 'matMul 128×256ᵀ·256×256 (transposeA)', ours: oursMatMul, peer: stockMatMul, peerName: STOCK.name });
tf.dispose([a, b]);

printTable(table);
console.log(`\nMLP loss curves over ${STEPS} steps: max relative difference whetstone-wasm vs stock-wasm ${maxRelDiff(oursMlp.losses, stockMlp.losses).toExponential(2)}, ` +
  `vs cpu ${maxRelDiff(oursMlp.losses, cpuMlp.losses).toExponential(2)} (target ≤ 1e-4); loss ${oursMlp.losses[0]!.toFixed(4)} → ${oursMlp.losses[STEPS - 1]!.toFixed(4)}`);
console.log(`CNN loss curves over ${CNN_STEPS} steps: max relative difference whetstone-wasm vs cpu ${maxRelDiff(oursCnn.losses, cpuCnn.losses).toExponential(2)}`);

// The CNN trained to convergence on whetstone's wasm: held-out accuracy on 20% of digits.
await useBackend('wasm');
const order = createRng(7).permutation(digits.x.length);
const nTrain = Math.round(0.8 * digits.x.length);
const [trainR, testR] = [order.slice(0, nTrain), order.slice(nTrain)];
const trainX = image(trainR);
const trainY = oneHot(trainR);
const model = cnn();
const t0 = performance.now();
await model.fit(trainX, trainY, { batchSize: 32, epochs: 15, shuffle: false, verbose: 0 });
const seconds = (performance.now() - t0) / 1000;
const testX = image(testR);
const predicted = tf.tidy(() => tf.argMax(model.predict(testX) as tf.Tensor, 1).dataSync());
const accuracy = testR.filter((r, i) => predicted[i] === digits.y[r]).length / testR.length;
console.log(`CNN on whetstone's wasm, 15 epochs of ${nTrain} digits (batch 32): ${seconds.toFixed(1)} s, held-out accuracy ${accuracy.toFixed(4)} (target ≥ 0.95)`);
tf.dispose([trainX, trainY, testX]);
model.dispose();
