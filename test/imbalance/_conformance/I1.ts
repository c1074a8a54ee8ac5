import * as tf from '@tensorflow/tfjs-core';
import type { MatrixLike } from '../../../src/core/index.js';
import { kNeighbors, type KNeighborsOptions } from '../../../src/imbalance/neighbors.js';
import type { ConformanceCase } from '../../conformance/registry.js';

// Helper I1: kNeighbors (src/imbalance/neighbors.ts), on cpu and wasm, with array and tensor input.

function rows(n: number, d: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, c) => Math.sin(i * 7 + c * 3) * 2 + (i % 3)));
}

const badOptions: readonly Record<string, unknown>[] = [
  { k: 0 },
  { k: 1.5 },
  { k: '3' },
  { k: 12 },
  { k: undefined },
  { blockSize: 0 },
  { maxBlockBytes: 0 },
  { excludeSelf: 1 },
  { query: 'rows' },
  { query: [[1, 2, 3]] },
  { query: [[NaN, 1]] },
  { query: [[1, 2]], excludeSelf: true },
  { nNeighbours: 3 },
];

const badArgs = [
  () => [[[0, 1], [NaN, 2], [1, 1], [2, 2]]],
  () => [[[0, 1], [2]]],
  () => ['x'],
  () => [tf.tensor1d([1, 2, 3])],
];

function kNeighborsCase(backend: 'cpu' | 'wasm', tensors: boolean): ConformanceCase {
  return {
    name: 'kNeighbors',
    call: (args, options) => kNeighbors(args[0] as MatrixLike, options as unknown as KNeighborsOptions),
    args: () => [tensors ? tf.tensor2d(rows(12, 2)) : rows(12, 2)],
    options: { k: 3 },
    badOptions,
    badArgs,
    backend,
  };
}

/** Conformance cases of helper I1, concatenated by test/imbalance/conformance.ts. */
export const cases: ConformanceCase[] = [
  kNeighborsCase('cpu', false),
  kNeighborsCase('wasm', false),
  kNeighborsCase('cpu', true),
  {
    name: 'kNeighbors',
    call: (args, options) => kNeighbors(args[0] as MatrixLike, { ...(options as unknown as KNeighborsOptions), query: args[1] as MatrixLike }),
    args: () => [{ data: Float64Array.from(rows(30, 4).flat()), shape: [30, 4] }, rows(5, 4)],
    options: { k: 4, blockSize: 2 },
    badOptions: [{ k: 31 }, { blockSize: -1 }, { excludeSelf: true }],
    backend: 'wasm',
  },
];
