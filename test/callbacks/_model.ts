// Small models and data for the callback tests: a standardized slice of breast_cancer.csv and
// seeded MLPs, so every fit is deterministic on the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadDataset } from '../../examples/data/load.js';

/** A scripted model for driving callbacks by hand: only `stopTraining` is read. */
export function fakeModel(): { stopTraining: boolean } {
  return { stopTraining: false };
}

/** Breast cancer, standardized with the training slice's statistics: `trainRows` to fit, the next `valRows` to validate. */
export function cancerSplit(trainRows: number, valRows: number): { xTrain: number[][]; yTrain: number[]; xVal: number[][]; yVal: number[] } {
  const { x, y } = loadDataset('breast_cancer');
  const train = x.slice(0, trainRows);
  const d = train[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => train.reduce((s, r) => s + r[j]!, 0) / train.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(train.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / train.length) || 1);
  const scale = (rows: number[][]): number[][] => rows.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!));
  return { xTrain: scale(train), yTrain: y.slice(0, trainRows), xVal: scale(x.slice(trainRows, trainRows + valRows)), yVal: y.slice(trainRows, trainRows + valRows) };
}

/** A wide MLP that overfits 40 rows quickly. */
export function wideMlp(inputs: number, units = 128, lr = 0.01): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [inputs], units, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 7 }) }));
  model.add(tfl.layers.dense({ units, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 8 }) }));
  model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tfl.initializers.glorotUniform({ seed: 9 }) }));
  model.compile({ optimizer: tf.train.adam(lr), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** A tiny regressor for fast fits. */
export function tinyModel(lr = 0.05): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [2], units: 4, activation: 'tanh', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }));
  model.compile({ optimizer: tf.train.sgd(lr), loss: 'meanSquaredError' });
  return model;
}

/** 32 rows of a smooth 2-feature regression problem. */
export function tinyData(n = 32): { x: number[][]; y: number[][] } {
  const x = Array.from({ length: n }, (_, i) => [(i % 8) / 8, Math.floor(i / 8) / 4]);
  return { x, y: x.map(([a, b]) => [Math.sin(3 * a!) - b! / 2]) };
}

/** Run with tensors made from arrays, disposed afterwards. */
export async function withTensors<T>(x: number[][], y: number[][] | number[], run: (x: tf.Tensor2D, y: tf.Tensor2D) => Promise<T>): Promise<T> {
  const xt = tf.tensor2d(x);
  const yt = Array.isArray(y[0]) ? tf.tensor2d(y as number[][]) : tf.tensor2d(y as number[], [y.length, 1]);
  try {
    return await run(xt, yt);
  } finally {
    xt.dispose();
    yt.dispose();
  }
}

/** The model's weights as plain arrays. */
export function weightValues(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}
