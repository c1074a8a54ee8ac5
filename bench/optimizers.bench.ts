// whetstone/optimizers through the tfjs bridge: one training step (forward, backward, update) of a
// 64-256-256-10 MLP on a batch of 128, with whetstone `adam` (toTfjsOptimizer) against tfjs's own
// `tf.train.adam`, measured in the same run on the wasm backend (the target: ratio ≤ 1.1) and on
// the cpu backend. Both optimizers train their own copy of the same model through
// `model.trainOnBatch`; blocks of steps alternate between the two so that a busy machine slows
// both alike. A second row per backend times the update alone (`applyGradients` with fixed
// gradients for the same six variables), the only part of the step that differs.
//
// Run: npx tsx bench/optimizers.bench.ts
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useBackend } from '../src/backends/index.js';
import { adam, toTfjsOptimizer } from '../src/optimizers/index.js';
import { printTable, timeIt, type Row } from './_harness.js';

function mlp(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [64], units: 256, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: 256, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
      tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
}

/** Median step time (ms) of each optimizer, measured in alternating blocks of `steps` steps. */
async function compare(make: { ours: () => tf.Optimizer; peer: () => tf.Optimizer }, rounds: number, steps: number): Promise<{ ours: number; peer: number }> {
  const x = tf.randomNormal([128, 64], 0, 1, 'float32', 4);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([128], 0, 10, 'int32', 5), 10));
  const setups = { ours: make.ours(), peer: make.peer() };
  const models = Object.fromEntries(
    Object.entries(setups).map(([k, optimizer]) => {
      const m = mlp();
      m.compile({ optimizer, loss: 'categoricalCrossentropy' });
      return [k, m];
    }),
  ) as Record<'ours' | 'peer', tfl.Sequential>;
  const block = (m: tfl.Sequential) => async (): Promise<void> => {
    for (let i = 0; i < steps; i++) await m.trainOnBatch(x, y);
  };
  const times = { ours: [] as number[], peer: [] as number[] };
  for (const k of ['ours', 'peer'] as const) await timeIt(block(models[k]), { runs: 1, warmup: 1 });
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so that neither always runs on a warmer cache.
    const order = r % 2 === 0 ? (['ours', 'peer'] as const) : (['peer', 'ours'] as const);
    for (const k of order) times[k].push((await timeIt(block(models[k]), { runs: 1, warmup: 0 })) / steps);
  }
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  for (const k of ['ours', 'peer'] as const) {
    models[k].dispose();
    setups[k].dispose();
  }
  tf.dispose([x, y]);
  return { ours: median(times.ours), peer: median(times.peer) };
}

/** Median time (ms) of one `applyGradients` on the MLP's six variables, alternating blocks. */
async function compareUpdates(make: { ours: () => tf.Optimizer; peer: () => tf.Optimizer }, rounds: number, steps: number): Promise<{ ours: number; peer: number }> {
  const shapes = [[64, 256], [256], [256, 256], [256], [256, 10], [10]];
  const vars = shapes.map((shape, i) => tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, 0.1, 'float32', 10 + i))));
  const grads = Object.fromEntries(vars.map((v, i) => [v.name, tf.randomNormal(v.shape, 0, 0.01, 'float32', 20 + i)]));
  const setups = { ours: make.ours(), peer: make.peer() };
  const block = (o: tf.Optimizer) => (): void => {
    for (let i = 0; i < steps; i++) o.applyGradients(grads);
  };
  const times = { ours: [] as number[], peer: [] as number[] };
  for (const k of ['ours', 'peer'] as const) await timeIt(block(setups[k]), { runs: 1, warmup: 1 });
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['ours', 'peer'] as const) : (['peer', 'ours'] as const);
    for (const k of order) times[k].push((await timeIt(block(setups[k]), { runs: 1, warmup: 0 })) / steps);
  }
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  for (const k of ['ours', 'peer'] as const) setups[k].dispose();
  tf.dispose([...vars, ...Object.values(grads)]);
  return { ours: median(times.ours), peer: median(times.peer) };
}

const rows: Row[] = [];
const optimizers = {
  // Same hyperparameters; eps given to both (tfjs's default is the backend's, 1e-7).
  ours: () => toTfjsOptimizer(adam({ learningRate: 1e-3, eps: 1e-7 })),
  peer: () => tf.train.adam(1e-3, 0.9, 0.999, 1e-7),
};
for (const [backend, rounds, steps, target] of [['wasm', 15, 20, 1.1], ['cpu', 5, 4, undefined]] as const) {
  await useBackend(backend);
  const { ours, peer } = await compare(optimizers, rounds, steps);
  rows.push({ task: `adam step, 64-256-256-10 MLP, batch 128 [${backend}]`, ours, peer, peerName: 'tf.train.adam (same run)', ...(target === undefined ? {} : { target }) });
  const updates = await compareUpdates(optimizers, rounds, backend === 'wasm' ? 100 : 10);
  rows.push({ task: `  of which the adam update alone [${backend}]`, ...updates, peerName: 'tf.train.adam applyGradients' });
}
printTable(rows);
console.log(`(median ms per trainOnBatch step; tfjs-core ${tf.version_core}, ${tf.memory().numTensors} tensors left)`);
