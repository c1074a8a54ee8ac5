import * as tf from '@tensorflow/tfjs-core';
import { calibratedClassifier, type CalibratedClassifierOptions } from '../../../src/calibration/calibrated-classifier.js';
import type { MatrixLike, VectorLike } from '../../../src/core/index.js';
import { logisticRegression, type Classifier } from '../../../src/estimators/index.js';
import type { ConformanceCase } from '../../conformance/registry.js';

// Helper C3: calibratedClassifier (src/calibration/calibrated-classifier.ts) and the methods of the
// classifier it returns. Inputs are partly tensors so the suite checks they are neither disposed
// nor leaked; the classes overlap, so every calibration method has a finite optimum.

type O = Record<string, unknown>;

const X = (): number[][] => [
  [0, 1], [1, 0.5], [2, 0], [3, 1], [0.5, 2], [2.5, 2.5],
  [1, 1], [3, 0], [1.5, 1.5], [2, 2], [0.5, 0.5], [2.5, 0.5],
];
const Y = (): number[] => [0, 0, 1, 1, 2, 2, 1, 0, 2, 0, 1, 2];
const W = (): number[] => [1, 2, 1, 0.5, 1, 1, 3, 1, 1, 2, 1, 0.5];
const base = (): Classifier => logisticRegression({ C: 0.5 });

async function fitted(options: O, x: MatrixLike, y: VectorLike, w?: VectorLike) {
  const model = calibratedClassifier(base, { cv: 2, ...options } as CalibratedClassifierOptions);
  await model.fit(x, y, w === undefined ? undefined : { sampleWeight: w });
  return model;
}

const badFitData = [
  () => [[[0, Number.NaN], ...X().slice(1)], Y(), W()],
  () => [X(), Y().map((v, i) => (i === 0 ? 0.5 : v)), W()],
  () => [X(), Y().map(() => 1), W()],
  () => [X(), Y().slice(1), W()],
  () => [X(), Y(), W().map((w, i) => (i === 2 ? -w : w))],
  () => [X(), Y(), W().map(() => 0)],
  () => [X(), 'labels', W()],
];

export const cases: ConformanceCase[] = [
  {
    name: 'calibratedClassifier',
    call: async (args, options) => {
      const model = calibratedClassifier(args[0] as () => Classifier, options as CalibratedClassifierOptions);
      await model.fit(args[1] as MatrixLike, args[2] as VectorLike);
      return model.predictProba(args[1] as MatrixLike);
    },
    args: () => [base, tf.tensor2d(X()), Y()],
    options: { cv: 2, method: 'isotonic' },
    seeded: true,
    badOptions: [
      { method: 'sigmoid' },
      { cv: 1 },
      { cv: 2.5 },
      { cv: 'loo' },
      { cv: [] },
      { cv: [{ train: [0, 1], test: [] }] },
      { cv: 'prefit' },
      { ensemble: 'no' },
      { seed: 1.5 },
      { folds: 3 },
    ],
    badArgs: [() => [logisticRegression(), X(), Y()], () => ['factory', X(), Y()], () => [undefined, X(), Y()]],
  },
  {
    name: 'CalibratedClassifier.fit',
    call: async (args, options) => {
      const model = await fitted(options, args[0] as MatrixLike, args[1] as VectorLike, args[2] as VectorLike);
      return [model.classes, await model.predictProba(args[0] as MatrixLike)];
    },
    args: () => [tf.tensor2d(X()), tf.tensor1d(Y()), new Float32Array(W())],
    options: { ensemble: false },
    badOptions: [],
    badArgs: badFitData,
  },
  {
    name: 'CalibratedClassifier.fit',
    call: async (args, options) => {
      const clf = base();
      await clf.fit(X(), Y());
      const model = calibratedClassifier(clf, { cv: 'prefit', ...options } as CalibratedClassifierOptions);
      await model.fit(args[0] as MatrixLike, args[1] as VectorLike);
      return model.predictProba(args[0] as MatrixLike);
    },
    args: () => [{ data: X().flat(), shape: [12, 2] }, Y()],
    options: { method: 'temperature' },
    badOptions: [],
    badArgs: [() => [X(), Y().map((v, i) => (i === 3 ? 5 : v))], () => [X(), Y().slice(2)]],
  },
  {
    name: 'CalibratedClassifier.predictProba',
    call: async (args, options) => (await fitted(options, args[0] as MatrixLike, args[1] as VectorLike)).predictProba(args[2] as MatrixLike),
    args: () => [X(), Y(), tf.tensor2d([[1, 1], [2, 0.5]])],
    options: { method: 'platt' },
    badOptions: [],
    badArgs: [() => [X(), Y(), [[1, 2, 3]]], () => [X(), Y(), [[1, Number.NaN]]], () => [X(), Y(), [1, 2]]],
  },
  {
    name: 'CalibratedClassifier.predict',
    call: async (args, options) => (await fitted(options, args[0] as MatrixLike, args[1] as VectorLike)).predict(args[2] as MatrixLike),
    args: () => [X(), Y(), [[1, 1]]],
    options: { method: 'isotonic', cv: [{ train: [0, 1, 2, 3, 4, 5], test: [6, 7, 8, 9, 10, 11] }] },
    badOptions: [],
    badArgs: [() => [X(), Y(), [[1]]]],
  },
];
