import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { MatrixLike, VectorLike } from '../../src/core/index.js';
import {
  isClassifier,
  isRegressor,
  layersClassifier,
  layersRegressor,
  logisticRegression,
  predictLabels,
  type Classifier,
  type ClassifierModelArgs,
  type LayersClassifierOptions,
  type LayersRegressorOptions,
  type LogisticRegressionOptions,
  type RegressorModelArgs,
} from '../../src/estimators/index.js';
import { defineCases } from '../conformance/registry.js';

const X = (): number[][] => [[0, 1], [1, 0.5], [2, 0], [3, 1], [0.5, 2], [2.5, 2.5], [1, 1], [3, 0]];
const Y = (): number[] => [0, 0, 1, 1, 2, 2, 0, 1];
const W = (): number[] => [1, 2, 1, 0.5, 1, 1, 3, 1];

const badFitData = [
  () => [[[0, Number.NaN], ...X().slice(1)], Y(), W()],
  () => [X(), Y().map(() => 1), W()],
  () => [X(), Y().slice(1), W()],
  () => [X(), Y(), W().map((w, i) => (i === 2 ? -w : w))],
  () => [X(), Y(), W().map(() => 0)],
  () => [[[0, 1], [2]], Y().slice(0, 2), W().slice(0, 2)],
  () => [X(), 'labels', W()],
];

async function fitLogistic(args: unknown[], options: Record<string, unknown>) {
  const model = logisticRegression(options as LogisticRegressionOptions);
  await model.fit(args[0] as MatrixLike, args[1] as VectorLike, args[2] === undefined ? undefined : { sampleWeight: args[2] as VectorLike });
  return model;
}

function buildClassifier({ nFeatures, nClasses, rng }: ClassifierModelArgs): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [nFeatures], units: 4, activation: 'tanh', kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.tfSeed() }) }));
  m.add(tfl.layers.dense({ units: nClasses, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.tfSeed() }) }));
  return m;
}

function buildRegressor({ nFeatures, rng }: RegressorModelArgs): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [nFeatures], units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.tfSeed() }) }));
  return m;
}

/** Fit a layers classifier on args [x, y, w?], run `after` on it, always dispose it. */
async function withLayersClassifier<T>(args: unknown[], options: Record<string, unknown>, after: (c: Classifier) => Promise<T>): Promise<T> {
  const clf = layersClassifier(buildClassifier, options as LayersClassifierOptions);
  try {
    await clf.fit(args[0] as MatrixLike, args[1] as VectorLike, args[2] === undefined ? undefined : { sampleWeight: args[2] as VectorLike });
    return await after(clf);
  } finally {
    clf.dispose();
  }
}

async function withLayersRegressor<T>(args: unknown[], options: Record<string, unknown>, after: (r: { predict(x: MatrixLike): Promise<number[]> }) => Promise<T>): Promise<T> {
  const reg = layersRegressor(buildRegressor, options as LayersRegressorOptions);
  try {
    await reg.fit(args[0] as MatrixLike, args[1] as VectorLike, args[2] === undefined ? undefined : { sampleWeight: args[2] as VectorLike });
    return await after(reg);
  } finally {
    reg.dispose();
  }
}

const layersOptions = { epochs: 2, batchSize: 4 };
const badLayersOptions = [
  { epochs: 0 },
  { epochs: 1.5 },
  { batchSize: 0 },
  { shuffle: 'yes' },
  { verbose: 3 },
  { validationSplit: 1 },
  { validationSplit: 0.2, validationData: [X(), Y()] },
  { validationData: [X()] },
  { initialEpoch: 2 },
  { yieldEvery: 'sometimes' },
  { optimizer: 'adamw' },
  { callbacks: 'early' },
  { seed: 1.5 },
  { sampleWeight: W() },
  { epoch: 3 },
];

export default defineCases([
  {
    name: 'logisticRegression',
    call: async (args, options) => (await fitLogistic(args, options)).predictProba(args[0] as MatrixLike),
    args: () => [X(), Y()],
    options: { C: 0.5 },
    badOptions: [
      { C: 0 },
      { C: -1 },
      { C: Number.NaN },
      { C: Number.POSITIVE_INFINITY },
      { penalty: 'none' },
      { penalty: 'l1' },
      { fitIntercept: 1 },
      { solver: 'sag' },
      { maxIter: 1.5 },
      { maxIter: -1 },
      { tol: -1e-4 },
      { classWeight: 'auto' },
      { classWeight: { 0: -1 } },
      { classWeight: [1, 2] },
      { multiClass: 'crammer' },
      { c: 1 },
    ],
  },
  {
    name: 'LogisticRegression.fit',
    call: async (args, options) => {
      const model = await fitLogistic(args, options);
      return [model.coefficients, model.intercept, model.classes, model.converged];
    },
    args: () => [tf.tensor2d(X()), tf.tensor1d(Y()), new Float32Array(W())],
    options: { solver: 'newton', multiClass: 'ovr', classWeight: 'balanced' },
    badOptions: [],
    badArgs: [...badFitData, () => [X(), Y(), { length: 8 }]],
  },
  {
    name: 'LogisticRegression.predictProba',
    call: async (args, options) => (await fitLogistic(args.slice(0, 2), options)).predictProba(args[2] as MatrixLike),
    args: () => [X(), Y(), tf.tensor2d([[1, 1], [2, 2]])],
    badOptions: [],
    badArgs: [() => [X(), Y(), [[1, 2, 3]]], () => [X(), Y(), [[1, Number.NaN]]], () => [X(), Y(), [1, 2]]],
  },
  {
    name: 'LogisticRegression.predict',
    call: async (args, options) => (await fitLogistic(args.slice(0, 2), options)).predict(args[2] as MatrixLike),
    args: () => [X(), Y(), { data: [1, 1, 2, 2], shape: [2, 2] }],
    badOptions: [],
    badArgs: [() => [X(), Y(), [[1]]]],
  },
  {
    name: 'LogisticRegression.decisionFunction',
    call: async (args, options) => (await fitLogistic(args.slice(0, 2), options)).decisionFunction(args[2] as MatrixLike),
    args: () => [X(), Y(), [[1, 1]]],
    badOptions: [],
    badArgs: [() => [X(), Y(), [[1, 1, 1]]]],
  },
  {
    name: 'layersClassifier',
    call: async (args, options) => {
      const clf = layersClassifier(args[0] as typeof buildClassifier, options as LayersClassifierOptions);
      try {
        await clf.fit(args[1] as MatrixLike, args[2] as VectorLike);
        return await clf.predictProba(args[1] as MatrixLike);
      } finally {
        clf.dispose();
      }
    },
    args: () => [buildClassifier, X(), Y()],
    options: { ...layersOptions, classWeight: 'balanced' },
    seeded: true,
    badOptions: [...badLayersOptions, { classWeight: 'auto' }, { classWeight: { 1: Number.NaN } }],
    badArgs: [() => ['not a function', X(), Y()], () => [undefined, X(), Y()]],
  },
  {
    name: 'LayersClassifier.fit',
    call: (args, options) => withLayersClassifier(args, options, async (c) => [c.classes, await c.predictProba(args[0] as MatrixLike)]),
    args: () => [tf.tensor2d(X()), tf.tensor1d(Y()), W()],
    options: { ...layersOptions, validationData: [X().slice(0, 3), Y().slice(0, 3)] },
    seeded: true,
    badOptions: [],
    badArgs: badFitData,
  },
  {
    name: 'LayersClassifier.predictProba',
    call: (args, options) => withLayersClassifier(args.slice(0, 2), options, (c) => c.predictProba(args[2] as MatrixLike)),
    args: () => [X(), Y(), tf.tensor2d([[1, 1]])],
    options: layersOptions,
    seeded: true,
    badOptions: [],
    badArgs: [() => [X(), Y(), [[1, 1, 1]]], () => [X(), Y(), [[Number.POSITIVE_INFINITY, 1]]]],
  },
  {
    name: 'layersRegressor',
    call: async (args, options) => {
      const reg = layersRegressor(args[0] as typeof buildRegressor, options as LayersRegressorOptions);
      try {
        await reg.fit(args[1] as MatrixLike, args[2] as VectorLike);
        return await reg.predict(args[1] as MatrixLike);
      } finally {
        reg.dispose();
      }
    },
    args: () => [buildRegressor, X(), Y()],
    options: layersOptions,
    seeded: true,
    badOptions: [...badLayersOptions, { classWeight: 'balanced' }],
    badArgs: [() => [{}, X(), Y()]],
  },
  {
    name: 'LayersRegressor.fit',
    call: (args, options) => withLayersRegressor(args, options, (r) => r.predict(args[0] as MatrixLike)),
    args: () => [tf.tensor2d(X()), tf.tensor1d(Y()), W()],
    options: { ...layersOptions, validationSplit: 0.25 },
    seeded: true,
    badOptions: [],
    badArgs: [badFitData[0]!, badFitData[2]!, badFitData[3]!, badFitData[4]!, badFitData[5]!, badFitData[6]!],
  },
  {
    name: 'LayersRegressor.predict',
    call: (args, options) => withLayersRegressor(args.slice(0, 2), options, (r) => r.predict(args[2] as MatrixLike)),
    args: () => [X(), Y(), [[1, 2]]],
    options: layersOptions,
    seeded: true,
    badOptions: [],
    badArgs: [() => [X(), Y(), [[1]]]],
  },
  {
    name: 'predictLabels',
    call: async (args) => predictLabels(args[0] as Classifier, args[1] as MatrixLike),
    args: () => [{ classes: [4, 6], fit: async () => {}, predictProba: async () => [[0.3, 0.7], [0.9, 0.1]] }, [[0], [1]]],
    badOptions: [],
    badArgs: [
      () => [{ predictProba: async () => [[1]] }, [[0]]],
      () => [{ classes: [1, 2], fit: async () => {}, predictProba: async () => [[1]] }, [[0]]],
      () => [{ classes: [1, 2], fit: async () => {}, predictProba: async () => 'p' }, [[0]]],
    ],
  },
  {
    name: 'isClassifier',
    call: (args) => isClassifier(args[0]),
    args: () => [{ classes: [0, 1], fit: () => {}, predictProba: () => [] }],
    badOptions: [],
  },
  {
    name: 'isRegressor',
    call: (args) => isRegressor(args[0]),
    args: () => [{ fit: () => {}, predict: () => [] }],
    badOptions: [],
  },
]);
