import * as tf from '@tensorflow/tfjs-core';
import * as reg from '../../src/regularizers/index.js';
import type { ConformanceCase } from '../conformance/registry.js';
import { defineCases } from '../conformance/registry.js';

type Factory = (options?: never) => reg.WhetstoneRegularizer;
const factories: [string, Factory, Record<string, unknown>, Record<string, unknown>[]][] = [
  ['l1', reg.l1 as Factory, { l1: 0.1 }, [{ l1: -1 }, { l1: Number.NaN }, { l2: 0.1 }]],
  ['l2', reg.l2 as Factory, { l2: 0.1 }, [{ l2: '0.1' }, { l2: Number.POSITIVE_INFINITY }, { l1: 0.1 }]],
  ['l1l2', reg.l1l2 as Factory, { l1: 0.1, l2: 0.2 }, [{ l1: -0.1 }, { l2: null }, { l3: 1 }]],
  ['orthogonalRegularizer', reg.orthogonalRegularizer as Factory, { factor: 0.1, mode: 'columns' }, [{ factor: -1 }, { mode: 'both' }, { gain: 1 }]],
];

export default defineCases(
  factories.flatMap(([name, make, options, badOptions]): ConformanceCase[] => [
    {
      name,
      call: ([w], opts) => make(opts as never).penalty(w as tf.Tensor),
      args: () => [tf.tensor2d([[1, -2, 0.5], [3, 0, -1]])],
      options,
      badOptions,
    },
    {
      name: `${name}.penalty`,
      call: ([w], opts) => make(opts as never).penalty(w as tf.Tensor),
      args: () => [tf.tensor3d([[[1, -2], [0.5, 3]]])],
      badOptions: [],
      badArgs: [() => [[[1, 2]]], () => [null], () => [{ data: [1], shape: [1] }], ...(name === 'orthogonalRegularizer' ? [() => [tf.tensor1d([1, 2])]] : [])],
    },
  ]),
);
