import * as tf from '@tensorflow/tfjs-core';
import { createRng, fromMatrix, fromVector, toMatrix, toMatrixAsync, toSampleWeight, toSampleWeightAsync, toVector, toVectorAsync } from '../../src/core/index.js';
import type { MatrixLike, VectorLike } from '../../src/core/index.js';
import { defineCases } from '../conformance/registry.js';

const matrixArgs = (): unknown[] => [[[1, 2], [3, 4], [5, 6]]];
const badMatrices = [
  () => [[[1, 2], [3]]],
  () => [[[1, Number.NaN]]],
  () => [{ data: [1, 2, 3], shape: [2, 2] }],
  () => [tf.tensor1d([1, 2])],
  () => ['not a matrix'],
];
const badVectors = [() => [[1, Number.POSITIVE_INFINITY]], () => [tf.tensor2d([[1]])], () => [{ length: 2 }]];

export default defineCases([
  {
    name: 'createRng',
    call: ([seed]) => {
      const rng = createRng(seed as number);
      return [rng.uniform(), rng.normal(), rng.integer(0, 100), rng.permutation(5), rng.child('a').uniform(), rng.tfSeed()];
    },
    args: () => [7],
    badOptions: [],
    badArgs: [() => [1.5], () => [Number.NaN], () => [{}], () => [null]],
  },
  {
    name: 'Rng.choice',
    call: ([items, count], { seed, ...options }) => createRng(seed as number).choice(items as unknown[], count as number, options),
    args: () => [['a', 'b', 'c', 'd'], 3],
    options: { replace: false, weights: [1, 2, 3, 4] },
    seeded: true,
    badOptions: [{ replace: 'no' }, { weights: [1, -1, 1, 1] }, { weights: [1, 2] }, { weights: [0, 0, 0, 0] }, { weights: [1, 0, 0, 0] }],
    badArgs: [() => ['abc', 1], () => [['a'], -1], () => [['a'], 1.5]],
  },
  {
    name: 'Rng.shuffle',
    call: ([items], { seed }) => createRng(seed as number).shuffle(items as unknown[]),
    args: () => [[1, 2, 3, 4, 5]],
    seeded: true,
    badOptions: [],
    badArgs: [() => ['12345'], () => [new Float64Array(3)]],
  },
  {
    name: 'Rng.integer',
    call: ([low, high], { seed }) => createRng(seed as number).integer(low as number, high as number),
    args: () => [-5, 5],
    seeded: true,
    badOptions: [],
    badArgs: [() => [3, 3], () => [0.5, 3], () => [0, Number.POSITIVE_INFINITY]],
  },
  {
    name: 'toMatrix',
    call: ([x]) => toMatrix(x as MatrixLike, { fn: 'toMatrix' }),
    args: () => [tf.tensor2d([[1, 2], [3, 4]])],
    badOptions: [],
    badArgs: badMatrices,
  },
  {
    name: 'toMatrixAsync',
    call: ([x]) => toMatrixAsync(x as MatrixLike, { fn: 'toMatrixAsync' }),
    args: matrixArgs,
    badOptions: [],
    badArgs: badMatrices,
  },
  {
    name: 'toVector',
    call: ([y]) => toVector(y as VectorLike, { fn: 'toVector' }),
    args: () => [tf.tensor1d([1, 2, 3])],
    badOptions: [],
    badArgs: badVectors,
  },
  {
    name: 'toVectorAsync',
    call: ([y]) => toVectorAsync(y as VectorLike, { fn: 'toVectorAsync' }),
    args: () => [new Float32Array([1, 2, 3])],
    badOptions: [],
    badArgs: badVectors,
  },
  {
    name: 'toSampleWeight',
    call: ([w], options) => toSampleWeight(w as VectorLike, { fn: 'toSampleWeight', rows: 3, ...options }),
    args: () => [tf.tensor1d([1, 0, 2])],
    badOptions: [],
    badArgs: [() => [[1, -1, 1]], () => [[1, 1]], () => [[1, Number.NaN, 1]], () => ['abc']],
  },
  {
    name: 'toSampleWeightAsync',
    call: ([w], options) => toSampleWeightAsync(w as VectorLike, { fn: 'toSampleWeightAsync', rows: 2, positiveSum: true, ...options }),
    args: () => [[0, 1]],
    badOptions: [],
    badArgs: [() => [[0, 0]], () => [tf.tensor2d([[1, 1]])]],
  },
  {
    name: 'fromMatrix',
    call: ([kind, data, rows, cols]) => fromMatrix(kind as 'tensor', data as number[], rows as number, cols as number),
    args: () => ['tensor', [1, 2, 3, 4, 5, 6], 2, 3],
    badOptions: [],
    badArgs: [() => ['array', [1, 2, 3], 2, 2]],
  },
  {
    name: 'fromVector',
    call: ([kind, data]) => fromVector(kind as 'tensor', data as number[]),
    args: () => ['tensor', [1, 2, 3]],
    badOptions: [],
  },
]);
