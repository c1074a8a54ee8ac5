// Improve a model, step by step, on real data: `npm run demo`.
//
// Breast Cancer Wisconsin (569 tumours, 30 features, benign vs malignant). The data is split once,
// with a seed, into train / validation / test; the test rows are looked at only to report each
// step's result, never to choose anything, so every number below is an honest holdout estimate.
// Each step keeps what the previous one did and adds one practice; the table at the end shows
// what each bought. The demo grows as whetstone's modules land.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { autoBackend } from 'whetstone/backends';
import { createRng, type Rng } from 'whetstone/core';
import { loadDataset } from './data/load.js';

const SEED = 2026;

interface Split {
  x: number[][];
  y: number[];
}

interface StepResult {
  step: string;
  accuracy: number;
  logLoss: number;
  note: string;
}

/** Seeded stratified-by-nothing split: shuffle once, cut into train / validation / test. */
function split(x: number[][], y: number[], rng: Rng): { train: Split; validation: Split; test: Split } {
  const order = rng.permutation(x.length);
  const take = (idx: number[]): Split => ({ x: idx.map((i) => x[i]!), y: idx.map((i) => y[i]!) });
  const nTest = Math.round(0.2 * x.length);
  const nVal = Math.round(0.2 * x.length);
  return {
    test: take(order.slice(0, nTest)),
    validation: take(order.slice(nTest, nTest + nVal)),
    train: take(order.slice(nTest + nVal)),
  };
}

/** Mean and standard deviation per column, from the training rows only (no peeking at test). */
function standardizer(train: number[][]): (x: number[][]) => number[][] {
  const cols = train[0]!.length;
  const mean = new Array<number>(cols).fill(0);
  const std = new Array<number>(cols).fill(0);
  for (const row of train) row.forEach((v, j) => (mean[j]! += v / train.length));
  for (const row of train) row.forEach((v, j) => (std[j]! += (v - mean[j]!) ** 2 / train.length));
  const scale = std.map((s) => (s > 0 ? Math.sqrt(s) : 1));
  return (x) => x.map((row) => row.map((v, j) => (v - mean[j]!) / scale[j]!));
}

function buildMlp(inputs: number, rng: Rng): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [inputs], units: 16, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.tfSeed() }) }));
  model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.tfSeed() }) }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
  return model;
}

async function fitAndScore(train: Split, test: Split, rng: Rng, epochs: number): Promise<{ accuracy: number; logLoss: number }> {
  const model = buildMlp(train.x[0]!.length, rng);
  const xs = tf.tensor2d(train.x);
  const ys = tf.tensor2d(train.y, [train.y.length, 1]);
  // tfjs shuffles with Math.random; the rows were shuffled once with the seed instead.
  await model.fit(xs, ys, { epochs, batchSize: 32, shuffle: false, verbose: 0 });
  const xt = tf.tensor2d(test.x);
  const pt = model.predict(xt) as tf.Tensor;
  const p = Array.from(await pt.data());
  tf.dispose([xs, ys, xt, pt]);
  model.dispose();
  return score(test.y, p);
}

function score(y: number[], p: number[]): { accuracy: number; logLoss: number } {
  const eps = 1e-15;
  let correct = 0;
  let loss = 0;
  y.forEach((t, i) => {
    const q = Math.min(1 - eps, Math.max(eps, p[i]!));
    if ((q >= 0.5 ? 1 : 0) === t) correct++;
    loss -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
  });
  return { accuracy: correct / y.length, logLoss: loss / y.length };
}

async function main(): Promise<void> {
  const backend = await autoBackend();
  console.log(`whetstone demo — backend: ${backend.name}${backend.wasm?.simd ? ' (SIMD)' : ''}; seed ${SEED}`);
  const data = loadDataset('breast_cancer');
  const rng = createRng(SEED);
  const { train, validation, test } = split(data.x, data.y, rng.child('split'));
  console.log(`breast_cancer: ${data.x.length} rows × ${data.columns.length} features; train ${train.x.length}, validation ${validation.x.length}, test ${test.x.length}\n`);
  const results: StepResult[] = [];

  // 0. The floor: always predict the training majority class.
  const positives = train.y.filter((v) => v === 1).length / train.y.length;
  results.push({ step: 'majority class', ...score(test.y, test.y.map(() => positives)), note: 'the floor any model must beat' });

  // 1. An MLP on the raw features (areas ~1000, smoothness ~0.1): badly conditioned inputs.
  results.push({ step: 'MLP, raw features', ...(await fitAndScore(train, test, rng.child('raw'), 60)), note: 'seeded init, Adam 0.01, 60 epochs' });

  // 2. Standardize with statistics of the training rows only.
  const scale = standardizer(train.x);
  const scaledTrain = { x: scale(train.x), y: train.y };
  const scaledTest = { x: scale(test.x), y: test.y };
  results.push({ step: '+ standardized inputs', ...(await fitAndScore(scaledTrain, scaledTest, rng.child('scaled'), 60)), note: 'mean/std from train rows only' });

  console.log(`${'step'.padEnd(24)}${'test acc'.padStart(9)}${'Δ acc'.padStart(9)}${'log loss'.padStart(10)}   what changed`);
  results.forEach((r, i) => {
    const before = results[i - 1];
    const delta = before ? `${r.accuracy >= before.accuracy ? '+' : ''}${((r.accuracy - before.accuracy) * 100).toFixed(1)}` : '';
    const cells = [r.step.padEnd(24), `${(r.accuracy * 100).toFixed(1)}%`.padStart(9), delta.padStart(9), r.logLoss.toFixed(3).padStart(10)];
    console.log(`${cells.join('')}   ${r.note}`);
  });
  console.log(`(validation rows, ${validation.x.length}, are kept for the steps that choose things: early stopping, tuning, calibration)`);
  console.log('\nNext steps arrive with their modules: early stopping, LR schedules, tuning, calibration, ensembles.');
}

await main();
