import * as tf from '@tensorflow/tfjs-core';
import { plattScaling, type PlattScalingOptions } from '../../../src/calibration/platt.js';
import { temperatureScaling, type TemperatureScalingOptions } from '../../../src/calibration/temperature.js';
import type { ConformanceCase } from '../../conformance/registry.js';

// Helper C1: plattScaling (src/calibration/platt.ts) and temperatureScaling
// (src/calibration/temperature.ts): factory options, `fit` (with `sampleWeight`) and `predict`.
// Inputs are partly tensors so the suite checks they are neither disposed nor leaked, and that a
// tensor prediction belongs to the caller.

const S = (): number[] => [-2, -1, 0.5, 1, 3, -0.5, 2, 0.1];
const Y = (): number[] => [0, 0, 1, 0, 1, 1, 1, 0];
const W = (): number[] => [1, 2, 0.5, 1, 1, 3, 0, 1];
const Q = (): number[] => [-3, 0, 0.7, 10];
// Logits for 3 classes with one mistake per class, so that a finite temperature exists.
const Z = (): number[][] => [[3, 0, 1], [0, 2, 1], [1, 0, 4], [2, 3, 0], [0, 1, 2], [4, 1, 0], [1, 3, 0], [0, 2, 1.5]];
const L = (): number[] => [0, 1, 2, 0, 1, 0, 1, 2];
const WL = (): number[] => [1, 1, 2, 0.5, 1, 1, 3, 1];
// 30 noisy rows for vector scaling, whose 5 free parameters would separate the 8 rows above.
const ZV = (): number[][] => Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(1.3 * i), Math.sin(0.7 * i + 1)].map((v, j) => 2 * v + (j === i % 3 ? 1 : 0)));
const LV = (): number[] => Array.from({ length: 30 }, (_, i) => i % 3);

export const cases: ConformanceCase[] = [
  {
    name: 'plattScaling',
    call: (args, options) => plattScaling(options as PlattScalingOptions).fit(args[0] as number[], args[1] as number[]).predict(args[2] as number[]),
    args: () => [S(), Y(), Q()],
    options: { maxIter: 50, tol: 1e-8 },
    badOptions: [{ maxIter: 0 }, { maxIter: 2.5 }, { maxIter: '10' }, { tol: 0 }, { tol: -1 }, { tol: 0.5 }, { tol: Number.NaN }, { maxIterations: 5 }],
  },
  {
    name: 'plattScaling.fit',
    call: (args, options) => plattScaling().fit(args[0] as tf.Tensor1D, args[1] as number[], options).predict(args[2] as tf.Tensor1D),
    args: () => [tf.tensor1d(S()), Y(), tf.tensor1d(Q())],
    options: { sampleWeight: W() },
    badOptions: [
      { sampleWeight: W().map((w, i) => (i === 2 ? -w : w)) },
      { sampleWeight: W().slice(1) },
      { sampleWeight: W().map((w, i) => (i === 0 ? Number.NaN : w)) },
      { sampleWeight: Y().map((v) => 1 - v) }, // zero weight on every positive: one class left
      { sampleWeight: 'ones' },
      { weights: W() },
    ],
    badArgs: [
      () => [S(), Y().map((v, i) => (i === 3 ? 2 : v)), Q()],
      () => [S(), Y().map((v, i) => (i === 3 ? -1 : v)), Q()],
      () => [S(), Y().map(() => 1), Q()],
      () => [[Number.NaN, ...S().slice(1)], Y(), Q()],
      () => [[Number.POSITIVE_INFINITY, ...S().slice(1)], Y(), Q()],
      () => [S(), Y().slice(1), Q()],
      () => [tf.tensor2d([S()]), Y(), Q()],
      () => [S(), 'labels', Q()],
    ],
  },
  {
    name: 'plattScaling.predict',
    call: (args) => plattScaling().fit(S(), Y()).predict(args[0] as number[]),
    args: () => [Q()],
    badOptions: [],
    badArgs: [() => [[0.2, Number.NaN]], () => [[Number.NEGATIVE_INFINITY]], () => [tf.tensor2d([[0.2]])], () => ['0.2']],
  },
  {
    name: 'temperatureScaling',
    call: (args, options) =>
      temperatureScaling(options as TemperatureScalingOptions).fit(args[0] as number[][], args[1] as number[]).predict(args[2] as number[][]),
    args: () => [Z(), L(), Z().slice(0, 3)],
    options: { vector: false, maxIter: 50, tol: 1e-8 },
    badOptions: [{ vector: 'yes' }, { vector: 1 }, { maxIter: 0 }, { maxIter: 1.5 }, { tol: 0 }, { tol: 1 }, { temperature: 1.5 }, { bounds: [2, 1] }, { bounds: [0.1] }, { bounds: 'wide' }],
  },
  {
    name: 'temperatureScaling.fit',
    call: (args, options) => temperatureScaling().fit(args[0] as tf.Tensor2D, args[1] as number[], options).predict(args[2] as tf.Tensor2D),
    args: () => [tf.tensor2d(Z()), L(), tf.tensor2d(Z().slice(2, 5))],
    options: { sampleWeight: WL() },
    badOptions: [
      { sampleWeight: WL().map((w, i) => (i === 1 ? -w : w)) },
      { sampleWeight: WL().map(() => 0) },
      { sampleWeight: WL().slice(2) },
      { sampleWeight: 3 },
      { sampleWeights: WL() },
    ],
    badArgs: [
      () => [Z(), L().map((v, i) => (i === 0 ? 3 : v)), Z()],
      () => [Z(), L().map((v, i) => (i === 0 ? 0.5 : v)), Z()],
      () => [Z().map((r, i) => (i === 4 ? [r[0]!, Number.NaN, r[2]!] : r)), L(), Z()],
      () => [Z().map((r) => [r[0]!]), L().map(() => 0), Z()],
      () => [Z(), L().slice(1), Z()],
      () => [tf.tensor1d(L()), L(), Z()],
      // Every label already has the largest logit: no finite temperature.
      () => [[[3, 0], [0, 2]], [0, 1], [[1, 0]]],
    ],
  },
  {
    name: 'temperatureScaling.predict',
    call: (args) => temperatureScaling({ vector: true }).fit(ZV(), LV()).predict(args[0] as number[][]),
    args: () => [Z().slice(0, 4)],
    badOptions: [],
    badArgs: [() => [[[1, 2]]], () => [[[1, Number.NaN, 0]]], () => [tf.tensor1d([1, 2, 3])], () => ['logits']],
  },
];
