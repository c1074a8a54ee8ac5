import * as tf from '@tensorflow/tfjs-core';
import { adam, registerOptimizerClass, sgd, toTfjsOptimizer, WhetstoneOptimizer } from '../../../src/optimizers/index.js';
import type { GradientTransformation, NamedTensor } from '../../../src/optimizers/index.js';
import { defineCases } from '../../conformance/registry.js';

/** A gradient for a fresh variable (zero, so that the variable, an input, stays unchanged). */
const gradientArgs = (shape: number[] = [2]): unknown[] => {
  const v = tf.tidy(() => tf.variable(tf.zeros([2])));
  return [[{ name: v.name, tensor: tf.zeros(shape) }], v];
};

const emptyAdamState = (): NamedTensor[] => [
  { name: 'iter', tensor: tf.scalar(3, 'int32') },
  {
    name: 'whetstone/state',
    tensor: tf.scalar(JSON.stringify({ format: 'whetstone.Optimizer/state', version: 1, transform: 'adam', template: { $ws: 'undefined' }, params: {} }), 'string'),
  },
];

function withOptimizer<T>(transform: GradientTransformation, use: (o: WhetstoneOptimizer) => T): T {
  const o = toTfjsOptimizer(transform);
  try {
    return use(o);
  } finally {
    o.dispose();
  }
}

export default defineCases([
  {
    name: 'toTfjsOptimizer',
    call: ([transform], options) => {
      const o = toTfjsOptimizer(transform as GradientTransformation, options);
      try {
        return [o.learningRate, o.getConfig()];
      } finally {
        o.dispose();
      }
    },
    args: () => [adam({ learningRate: 0.01 })],
    options: { learningRateMultiplier: 0.5 },
    badOptions: [{ learningRateMultiplier: -1 }, { learningRateMultiplier: Number.NaN }, { learningRateMultipler: 1 }, { lr: 0.1 }],
    badArgs: [
      () => [{}],
      () => [null],
      () => [{ ...sgd({ learningRate: 0.1 }), config: { name: 'x', options: { f: () => 1 } } }],
      () => [{ ...sgd({ learningRate: 0.1 }), config: { name: '', options: {} } }],
      () => [{ ...sgd({ learningRate: 0.1 }), learningRate: -1 }],
    ],
  },
  {
    name: 'WhetstoneOptimizer',
    call: ([transform], options) => {
      const o = new WhetstoneOptimizer(transform as GradientTransformation, options);
      o.dispose();
      return o.getConfig();
    },
    args: () => [sgd({ learningRate: 0.1 })],
    badOptions: [{ learningRateMultiplier: Number.POSITIVE_INFINITY }, { multiplier: 2 }],
    badArgs: [() => [{ init: () => ({}), update: () => ({}) }]],
  },
  {
    name: 'registerOptimizerClass',
    call: () => registerOptimizerClass(),
    args: () => [],
    badOptions: [],
  },
  {
    name: 'WhetstoneOptimizer.applyGradients',
    call: ([grads]) => withOptimizer(sgd({ learningRate: 0.1 }), (o) => (o.applyGradients(grads as NamedTensor[]), o.iterations)),
    args: () => gradientArgs(),
    badOptions: [],
    badArgs: [
      () => gradientArgs([3]),
      () => [[{ name: 'no such variable', tensor: tf.zeros([2]) }]],
      () => [[{ name: 1, tensor: tf.zeros([2]) }]],
      () => [{ x: 'not a tensor' }],
      () => ['gradients'],
    ],
  },
  {
    name: 'WhetstoneOptimizer.setWeights',
    call: async ([weights]) => {
      const o = toTfjsOptimizer(adam());
      try {
        await o.setWeights(weights as NamedTensor[]);
        return o.iterations;
      } finally {
        o.dispose();
      }
    },
    args: () => [emptyAdamState()],
    badOptions: [],
    badArgs: [
      () => [[]],
      () => ['weights'],
      () => [[{ name: 'iter', tensor: tf.scalar(-1, 'int32') }, emptyAdamState()[1]]],
      () => [[{ name: 'iter', tensor: tf.scalar(1, 'int32') }, { name: 'whetstone/state', tensor: tf.scalar('{not json', 'string') }]],
      () => [[{ name: 'iter', tensor: tf.scalar(1, 'int32') }, { name: 'whetstone/state', tensor: tf.scalar('{"format":"whetstone.Optimizer/state","version":99}', 'string') }]],
    ],
  },
  {
    name: 'WhetstoneOptimizer.learningRate',
    call: ([value]) =>
      withOptimizer(sgd({ learningRate: 0.1 }), (o) => {
        o.learningRate = value as number;
        return o.learningRate;
      }),
    args: () => [0.05],
    badOptions: [],
    badArgs: [() => [-1], () => [Number.NaN], () => ['0.1']],
  },
  {
    name: 'WhetstoneOptimizer.fromConfig',
    call: ([config]) => {
      const o = WhetstoneOptimizer.fromConfig(WhetstoneOptimizer, config as tf.serialization.ConfigDict) as WhetstoneOptimizer;
      o.dispose();
      return o.getConfig();
    },
    args: () => [withOptimizer(adam({ learningRate: 0.02 }), (o) => o.getConfig())],
    badOptions: [],
    badArgs: [
      () => [{}],
      () => [{ transform: '{not json' }],
      () => [{ transform: '{"name":"noSuchTransformation","options":{}}' }],
      () => [{ transform: '{"name":"adam","options":{}}', learningRateMultiplier: -2 }],
    ],
  },
]);
