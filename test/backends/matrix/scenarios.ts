// The backend matrix's shared scenarios: plain functions of the tfjs namespaces and whetstone's
// modules, returning plain numbers, so that the same code runs in Node (vitest, against src/),
// in Deno (against dist/) and in Chromium (esbuild-transformed, against dist/ through an import
// map). No imports here but types: every runtime passes in its own copies of the modules.
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import type * as Calibration from '../../../src/calibration/index.js';
import type * as Callbacks from '../../../src/callbacks/index.js';
import type * as Imbalance from '../../../src/imbalance/index.js';
import type * as Initializers from '../../../src/initializers/index.js';
import type * as Optimizers from '../../../src/optimizers/index.js';

/** What a runtime hands the scenarios. */
export interface MatrixModules {
  readonly tf: typeof TfCore;
  readonly tfl: typeof TfLayers;
  readonly optimizers: Pick<typeof Optimizers, 'adamw' | 'toTfjsOptimizer'>;
  readonly calibration: Pick<typeof Calibration, 'plattScaling' | 'temperatureScaling'>;
  readonly imbalance: Pick<typeof Imbalance, 'kNeighbors'>;
  readonly callbacks: Pick<typeof Callbacks, 'earlyStopping'>;
  readonly initializers: Pick<typeof Initializers, 'glorotUniform' | 'zeros'>;
}

/** Every scenario's numbers, JSON-serializable. */
export interface MatrixResults {
  readonly backend: string;
  /** (1) Loss after each of 3 adamw steps (through toTfjsOptimizer) on a fixed 2-layer net. */
  readonly optimizerLosses: number[];
  /** (2) Platt's a, b and the temperature fitted on fixed scores / logits. */
  readonly platt: { a: number; b: number };
  readonly temperature: number;
  /** (3) kNeighbors (k = 5) indices of a fixed 200×8 matrix, first 40 query rows. */
  readonly knnIndices: number[][];
  /** Sum over all rows of the neighbour indices, a checksum of the full 200-row answer. */
  readonly knnChecksum: number;
  /** (4) Max relative error between tf.grad and central finite differences (float32). */
  readonly gradCheckError: number;
  /** (5) model.fit with earlyStopping: the loss per epoch and the epoch it stopped at. */
  readonly fitLosses: number[];
  readonly stoppedEpoch: number | null;
  /** Tensors each scenario left alive, by scenario (empty: nothing leaked). */
  readonly leaks: Record<string, number>;
}

/** A deterministic pseudo-random value in [-1, 1) (no Math.random: identical in every runtime). */
function hash(i: number): number {
  // A small integer hash (splitmix-like on 32 bits), exact in every JS engine.
  let x = (i + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) / 2 ** 31 - 1;
}

function matrix(rows: number, cols: number, salt: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => hash(salt * 100_003 + i * cols + j)));
}

async function optimizerSteps(m: MatrixModules): Promise<number[]> {
  const { tf } = m;
  const x = tf.tensor2d(matrix(16, 4, 1));
  const y = tf.tensor2d(matrix(16, 2, 2));
  // tidy disposes the initial values; variables survive it.
  const variable = (name: string, values: number[][] | number[]): TfCore.Variable => tf.tidy(() => tf.variable(tf.tensor(values), true, name));
  const w1 = variable('matrix_w1', matrix(4, 8, 3).map((r) => r.map((v) => 0.5 * v)));
  const b1 = variable('matrix_b1', new Array<number>(8).fill(0));
  const w2 = variable('matrix_w2', matrix(8, 2, 4).map((r) => r.map((v) => 0.5 * v)));
  const b2 = variable('matrix_b2', [0, 0]);
  const optimizer = m.optimizers.toTfjsOptimizer(m.optimizers.adamw({ learningRate: 0.05, weightDecay: 0.01 }));
  const lossFn = (): TfCore.Scalar => tf.losses.meanSquaredError(y, tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, w1), b1)), w2), b2)) as TfCore.Scalar;
  const losses: number[] = [];
  for (let step = 0; step < 3; step++) {
    const loss = optimizer.minimize(lossFn, true);
    losses.push((await loss!.data())[0]!);
    loss!.dispose();
  }
  const final = tf.tidy(lossFn);
  losses.push((await final.data())[0]!);
  tf.dispose([x, y, w1, b1, w2, b2, final]);
  optimizer.dispose();
  return losses;
}

async function calibrate(m: MatrixModules): Promise<{ platt: { a: number; b: number }; temperature: number }> {
  const { tf } = m;
  // The scores and logits come from a fixed linear model evaluated on the backend (the fits
  // themselves run in float64 on the CPU), so a backend's float32 arithmetic reaches the answer.
  const features = tf.tensor2d(matrix(120, 4, 5));
  const scoreTensor = tf.tidy(() => tf.squeeze(tf.matMul(features, tf.tensor2d([[1.5], [-0.75], [0.5], [1]]))));
  const logitTensor = tf.tidy(() => tf.add(tf.mul(tf.matMul(features, tf.tensor2d(matrix(4, 3, 6))), 2), tf.tensor1d([0.25, 0, -0.25])));
  const scores = Array.from(await scoreTensor.data());
  const logits = (await logitTensor.array()) as number[][];
  tf.dispose([features, scoreTensor, logitTensor]);
  // Labels follow the score's sign except every 7th row, so the data are not separable.
  const labels = scores.map((s, i) => ((s > 0) !== (i % 7 === 0) ? 1 : 0));
  const platt = m.calibration.plattScaling().fit(scores, labels);
  // Classes mostly follow the largest logit; every 4th row takes the next class instead.
  const classes = logits.map((row, i) => (row.indexOf(Math.max(...row)) + (i % 4 === 0 ? 1 : 0)) % 3);
  const ts = m.calibration.temperatureScaling().fit(logits, classes);
  return { platt: { a: platt.a, b: platt.b }, temperature: ts.temperature };
}

async function neighbours(m: MatrixModules): Promise<{ indices: number[][]; checksum: number }> {
  const { indices } = await m.imbalance.kNeighbors(matrix(200, 8, 7), { k: 5 });
  let checksum = 0;
  for (const row of indices) for (const j of row) checksum += j;
  return { indices: indices.slice(0, 40), checksum };
}

async function gradientCheck(m: MatrixModules): Promise<number> {
  const { tf } = m;
  const w = tf.tensor2d(matrix(3, 4, 8));
  const f = (x: TfCore.Tensor): TfCore.Scalar => tf.add(tf.sum(tf.square(tf.tanh(tf.matMul(x as TfCore.Tensor2D, w)))), tf.sum(tf.sigmoid(x)));
  const x0 = matrix(2, 3, 9);
  const x = tf.tensor2d(x0);
  const g = tf.grad(f)(x);
  const analytic = await g.data();
  const h = 1e-2;
  let worst = 0;
  let k = 0;
  for (let i = 0; i < x0.length; i++) {
    for (let j = 0; j < x0[0]!.length; j++, k++) {
      const at = (delta: number): TfCore.Tensor2D => tf.tensor2d(x0.map((row, r) => row.map((v, c) => (r === i && c === j ? v + delta : v))));
      const plus = tf.tidy(() => f(at(h)));
      const minus = tf.tidy(() => f(at(-h)));
      const numeric = ((await plus.data())[0]! - (await minus.data())[0]!) / (2 * h);
      tf.dispose([plus, minus]);
      const a = analytic[k]!;
      worst = Math.max(worst, Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), 1e-2));
    }
  }
  tf.dispose([w, x, g]);
  return worst;
}

async function fitWithEarlyStopping(m: MatrixModules): Promise<{ losses: number[]; stoppedEpoch: number | null }> {
  const { tf, tfl } = m;
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 8, activation: 'tanh', kernelInitializer: m.initializers.glorotUniform({ seed: 11 }), biasInitializer: m.initializers.zeros() }),
      tfl.layers.dense({ units: 1, kernelInitializer: m.initializers.glorotUniform({ seed: 12 }), biasInitializer: m.initializers.zeros() }),
    ],
  });
  const optimizer = m.optimizers.toTfjsOptimizer(m.optimizers.adamw({ learningRate: 0.01, weightDecay: 0 }));
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const xs = matrix(64, 4, 10);
  const x = tf.tensor2d(xs);
  const y = tf.tensor2d(xs.map((r) => [Math.tanh(r[0]! - r[1]!) + 0.3 * r[2]!]));
  // The loss falls by 0.075, 0.045, 0.026, 0.011, then 0.0025 and -0.002 (on cpu): minDelta sits
  // far from every one of those changes, so float32 differences between backends cannot move the
  // stopping epoch (epoch 6: two epochs without an improvement of 0.005 after the best at 4).
  const stop = m.callbacks.earlyStopping({ monitor: 'loss', patience: 2, minDelta: 0.005 });
  const history = await model.fit(x, y, { epochs: 10, batchSize: 16, shuffle: false, verbose: 0, callbacks: [stop] });
  const losses = (history.history.loss as number[]).map(Number);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return { losses, stoppedEpoch: stop.stoppedEpoch };
}

/** Run every scenario on the active backend (the caller selects it first). */
export async function runScenarios(m: MatrixModules): Promise<MatrixResults> {
  const leaks: Record<string, number> = {};
  const counted = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    const before = m.tf.memory().numTensors;
    const out = await fn();
    const leaked = m.tf.memory().numTensors - before;
    if (leaked !== 0) leaks[name] = leaked;
    return out;
  };
  const optimizerLosses = await counted('optimizer', () => optimizerSteps(m));
  const { platt, temperature } = await counted('calibration', () => calibrate(m));
  const knn = await counted('kNeighbors', () => neighbours(m));
  const gradCheckError = await counted('gradCheck', () => gradientCheck(m));
  const fit = await counted('fit', () => fitWithEarlyStopping(m));
  return {
    backend: m.tf.getBackend(),
    optimizerLosses,
    platt,
    temperature,
    knnIndices: knn.indices,
    knnChecksum: knn.checksum,
    gradCheckError,
    fitLosses: fit.losses,
    stoppedEpoch: fit.stoppedEpoch,
    leaks,
  };
}

/** Differences between a backend's results and the reference (cpu); empty when they agree. */
export function compareResults(got: MatrixResults, ref: MatrixResults, relTol = 1e-4): string[] {
  const problems: string[] = [];
  const close = (what: string, a: number, b: number, tol = relTol): void => {
    if (!(Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-6))) problems.push(`${what}: ${got.backend} ${a}, ${ref.backend} ${b}`);
  };
  const closeAll = (what: string, a: number[], b: number[], tol = relTol): void => {
    if (a.length !== b.length) problems.push(`${what}: ${a.length} values vs ${b.length}`);
    else a.forEach((v, i) => close(`${what}[${i}]`, v, b[i]!, tol));
  };
  closeAll('optimizerLosses', got.optimizerLosses, ref.optimizerLosses);
  close('platt.a', got.platt.a, ref.platt.a);
  close('platt.b', got.platt.b, ref.platt.b);
  close('temperature', got.temperature, ref.temperature);
  if (JSON.stringify(got.knnIndices) !== JSON.stringify(ref.knnIndices)) problems.push('knnIndices differ');
  if (got.knnChecksum !== ref.knnChecksum) problems.push(`knnChecksum: ${got.knnChecksum} vs ${ref.knnChecksum}`);
  if (!(got.gradCheckError < 1e-2)) problems.push(`gradCheckError ${got.gradCheckError} >= 1e-2`);
  closeAll('fitLosses', got.fitLosses, ref.fitLosses);
  if (got.stoppedEpoch !== ref.stoppedEpoch) problems.push(`stoppedEpoch: ${got.stoppedEpoch} vs ${ref.stoppedEpoch}`);
  if (Object.keys(got.leaks).length > 0) problems.push(`tensors leaked: ${JSON.stringify(got.leaks)}`);
  return problems;
}

/** One line per cell for the test log: the headline numbers and how long the cell took. */
export function summarize(r: MatrixResults, ms: number): string {
  const loss = r.optimizerLosses[r.optimizerLosses.length - 1]!;
  const fit = r.fitLosses[r.fitLosses.length - 1]!;
  return `[matrix] ${r.backend}: ${Math.round(ms)} ms; adamw loss ${loss.toPrecision(7)}, platt a ${r.platt.a.toPrecision(7)} b ${r.platt.b.toPrecision(7)}, T ${r.temperature.toPrecision(7)}, kNN checksum ${r.knnChecksum}, gradcheck ${r.gradCheckError.toExponential(2)}, fit loss ${fit.toPrecision(7)} stopped at ${String(r.stoppedEpoch)}`;
}

/** The largest relative difference from the reference over every continuous result (for the log). */
export function maxRelativeDifference(got: MatrixResults, ref: MatrixResults): number {
  const pairs: Array<[number, number]> = [
    ...got.optimizerLosses.map((v, i): [number, number] => [v, ref.optimizerLosses[i] ?? Number.NaN]),
    [got.platt.a, ref.platt.a],
    [got.platt.b, ref.platt.b],
    [got.temperature, ref.temperature],
    ...got.fitLosses.map((v, i): [number, number] => [v, ref.fitLosses[i] ?? Number.NaN]),
  ];
  return Math.max(...pairs.map(([a, b]) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-6)));
}
