import * as tf from '@tensorflow/tfjs-core';
import { isotonicRegression, type IsotonicRegressionOptions } from '../../../src/calibration/isotonic.js';
import type { ConformanceCase } from '../../conformance/registry.js';

// Helper C2: isotonicRegression (src/calibration/isotonic.ts), its factory options, `fit` (with
// its `sampleWeight` option) and `predict`. Inputs are partly tensors so the suite checks they are
// neither disposed nor leaked, and that a tensor prediction is the caller's.

const X = (): number[] => [0.1, 0.4, 0.35, 0.8, 0.35, 0.9, 0.05, 0.6];
const Y = (): number[] => [0, 1, 0, 1, 1, 1, 0, 0];
const W = (): number[] => [1, 2, 0, 1, 0.5, 1, 1, 3];
const Q = (): number[] => [0, 0.2, 0.35, 0.7, 1.5];

export const cases: ConformanceCase[] = [
  {
    name: 'isotonicRegression',
    call: (args, options) => isotonicRegression(options as IsotonicRegressionOptions).fit(args[0] as number[], args[1] as number[]).predict(args[2] as number[]),
    args: () => [X(), Y(), Q()],
    options: { increasing: 'auto', yMin: 0.1, yMax: 0.9, outOfBounds: 'clip' },
    badOptions: [
      { increasing: 'up' },
      { increasing: 1 },
      { outOfBounds: 'extrapolate' },
      { yMin: Number.NaN },
      { yMax: '1' },
      { yMin: 0.9, yMax: 0.1 },
      { y_min: 0 },
    ],
  },
  {
    name: 'isotonicRegression.fit',
    call: (args, options) => isotonicRegression().fit(args[0] as tf.Tensor1D, args[1] as number[], options).predict(args[2] as tf.Tensor1D),
    args: () => [tf.tensor1d(X()), Y(), tf.tensor1d(Q())],
    options: { sampleWeight: W() },
    badOptions: [
      { sampleWeight: W().map((w, i) => (i === 3 ? -w : w)) },
      { sampleWeight: W().map(() => 0) },
      { sampleWeight: W().slice(1) },
      { sampleWeight: W().map((w, i) => (i === 0 ? Number.NaN : w)) },
      { sampleWeight: 'ones' },
      { weights: W() },
    ],
    badArgs: [
      () => [[Number.NaN, ...X().slice(1)], Y(), Q()],
      () => [X(), Y().map((v, i) => (i === 2 ? Number.POSITIVE_INFINITY : v)), Q()],
      () => [X(), Y().slice(1), Q()],
      () => [[], [], Q()],
      () => [tf.tensor2d([X()]), Y(), Q()],
      () => [X(), 'labels', Q()],
    ],
  },
  {
    name: 'isotonicRegression.predict',
    call: (args) => isotonicRegression({ outOfBounds: 'raise' }).fit(X(), Y()).predict(args[0] as number[]),
    args: () => [[0.05, 0.2, 0.5, 0.9]],
    badOptions: [],
    badArgs: [() => [[0.2, Number.NaN]], () => [[0.2, 1.5]], () => [[-1]], () => [tf.tensor2d([[0.2]])], () => ['0.2']],
  },
];
