import * as tf from '@tensorflow/tfjs-core';
import type { MatrixLike, VectorLike } from '../../src/core/index.js';
import type { Classifier } from '../../src/estimators/protocol.js';
import {
  crossValPredict,
  groupKFold,
  kFold,
  repeatedKFold,
  repeatedStratifiedKFold,
  selectItems,
  selectRows,
  stratifiedGroupKFold,
  stratifiedKFold,
  timeSeriesSplit,
  trainTestSplit,
} from '../../src/folds/index.js';
import { defineCases } from '../conformance/registry.js';
import { meanRegressor, nearestCentroid } from './_estimators.js';

const labels = (): number[] => Array.from({ length: 24 }, (_, i) => [-1, 3, 7][i % 3]!);
const groupIds = (): number[] => Array.from({ length: 24 }, (_, i) => Math.floor(i / 2));
const features = (): number[][] => labels().map((v, i) => [v + (i % 5) * 0.1, i % 4]);
const badLabelArgs = [() => [[0, Number.NaN, 1, 1]], () => [[0, 0.5, 1, 1]], () => ['0101'], () => [[1]], () => [tf.tensor2d([[0], [1]])]];

type Options = Record<string, unknown>;

export default defineCases([
  {
    name: 'kFold',
    call: ([n], o) => kFold(n as number, o),
    args: () => [20],
    options: { k: 4, shuffle: true },
    seeded: true,
    badOptions: [{ k: 1 }, { k: 21 }, { k: 2.5 }, { shuffle: 'yes' }, { shuffle: false }, { sead: 1 }],
    badArgs: [() => [1], () => [2.5], () => ['20'], () => [Number.NaN]],
  },
  {
    name: 'stratifiedKFold',
    call: ([y], o) => stratifiedKFold(y as VectorLike, o),
    args: () => [tf.tensor1d(labels())],
    options: { k: 3, shuffle: true },
    seeded: true,
    badOptions: [{ k: 1 }, { k: 9 }, { k: 25 }, { shuffle: false }, { shufle: true }],
    badArgs: badLabelArgs,
  },
  {
    name: 'repeatedStratifiedKFold',
    call: ([y], o) => repeatedStratifiedKFold(y as VectorLike, o),
    args: () => [new Int32Array(labels())],
    options: { k: 3, repeats: 2 },
    seeded: true,
    badOptions: [{ k: 1 }, { k: 9 }, { repeats: 0 }, { repeats: 1.5 }, { shuffle: true }],
    badArgs: badLabelArgs,
  },
  {
    name: 'repeatedKFold',
    call: ([n], o) => repeatedKFold(n as number, o),
    args: () => [20],
    options: { k: 4, repeats: 3 },
    seeded: true,
    badOptions: [{ k: 1 }, { k: 21 }, { repeats: 0 }, { repeats: 'many' }, { shuffle: true }],
    badArgs: [() => [1], () => [-3], () => [null]],
  },
  {
    name: 'groupKFold',
    call: ([g], o) => groupKFold(g as VectorLike, o),
    args: () => [tf.tensor1d(groupIds())],
    options: { k: 3 },
    badOptions: [{ k: 1 }, { k: 13 }, { shuffle: true }, { seed: 1 }],
    badArgs: [() => [[1, 1, 1]], () => [[Number.NaN, 1, 2]], () => [tf.tensor2d([[1], [2]])], () => [{}]],
  },
  {
    name: 'stratifiedGroupKFold',
    call: ([y, g], o) => stratifiedGroupKFold(y as VectorLike, g as VectorLike, o),
    args: () => [tf.tensor1d(labels()), new Float32Array(groupIds())],
    options: { k: 3, shuffle: true },
    seeded: true,
    badOptions: [{ k: 1 }, { k: 9 }, { k: 13 }, { shuffle: false }, { shuffle: 1 }],
    badArgs: [
      () => [labels(), groupIds().slice(1)],
      () => [labels().map((v) => v + 0.5), groupIds()],
      () => [labels(), groupIds().map(() => 1)],
      () => [[0, Number.NaN], [0, 1]],
    ],
  },
  {
    name: 'timeSeriesSplit',
    call: ([n], o) => timeSeriesSplit(n as number, o),
    args: () => [20],
    options: { k: 3, gap: 1, maxTrainSize: 5, testSize: 2 },
    badOptions: [{ k: 1 }, { k: 30 }, { gap: -1 }, { gap: 20 }, { testSize: 0 }, { testSize: 8 }, { maxTrainSize: 0 }, { seed: 1 }],
    badArgs: [() => [2], () => [-1], () => ['x'], () => [4.5]],
  },
  {
    name: 'trainTestSplit',
    call: ([n], o) => trainTestSplit(n as number, o),
    args: () => [24],
    options: { testSize: 0.3, stratify: labels() },
    seeded: true,
    badOptions: [
      { testSize: 0 },
      { testSize: 1.5 },
      { testSize: 24 },
      { testSize: 0.5, trainSize: 0.6 },
      { shuffle: false },
      { stratify: 'abc' },
      { stratify: [1, 2, 3] },
      { stratify: labels().map((v, i) => (i === 0 ? 99 : v)) },
      { testSize: 2 },
    ],
    badArgs: [() => [1], () => [Number.POSITIVE_INFINITY], () => [[1, 2, 3]]],
  },
  {
    name: 'selectRows',
    call: ([x, idx]) => selectRows(x as MatrixLike, idx as number[]),
    args: () => [tf.tensor2d(features()), [3, 0, 3]],
    badOptions: [],
    badArgs: [() => [features(), [24]], () => [features(), [0.5]], () => [features(), 'all'], () => [[[1], [2, 3]], [0]], () => [tf.tensor1d([1, 2]), [0]]],
  },
  {
    name: 'selectItems',
    call: ([y, idx]) => selectItems(y as VectorLike, idx as number[]),
    args: () => [tf.tensor1d(labels(), 'int32'), new Int32Array([5, 1])],
    badOptions: [],
    badArgs: [() => [labels(), [-1]], () => [labels(), [1e9]], () => ['abc', [0]], () => [tf.tensor2d([[1]]), [0]]],
  },
  {
    name: 'crossValPredict',
    call: ([factory, x, y], o) => crossValPredict(factory as () => Classifier, x as MatrixLike, y as VectorLike, o as Options),
    args: () => [nearestCentroid, tf.tensor2d(features()), tf.tensor1d(labels())],
    options: { folds: 3, method: 'predictProba', sampleWeight: labels().map((_, i) => 1 + (i % 2)) },
    seeded: true,
    badOptions: [
      { folds: 1 },
      { folds: 9 },
      { folds: 25 },
      { folds: [{ train: [0], test: [1] }] },
      { method: 'decisionFunction' },
      { sampleWeight: [1, 2] },
      { sampleWeight: labels().map(() => -1) },
      { sampleWeight: 'heavy' },
      { folds: 3.5 },
    ],
    badArgs: [
      () => [42, features(), labels()],
      () => [nearestCentroid, features(), labels().slice(1)],
      () => [meanRegressor, features(), labels()],
      () => [() => ({}), features(), labels()],
      () => [nearestCentroid, features().map((r, i) => (i === 3 ? [Number.NaN, 0] : r)), labels()],
    ],
  },
]);
