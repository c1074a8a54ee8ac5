import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as init from '../../src/initializers/index.js';
import type { ConformanceCase } from '../conformance/registry.js';
import { defineCases } from '../conformance/registry.js';

type Factory = (options?: never) => init.WhetstoneInitializer;
const badShapes = [() => [[2, -1]], () => [[2.5]], () => ['3x4'], () => [[Number.NaN]]];

const seededFactories: [string, Factory, Record<string, unknown>, Record<string, unknown>[]][] = [
  ['randomNormal', init.randomNormal as Factory, { mean: 0.1, stddev: 0.2 }, [{ stddev: -1 }, { mean: Number.NaN }, { std: 1 }, { seed: 1.5 }]],
  ['randomUniform', init.randomUniform as Factory, { minval: -1, maxval: 1 }, [{ minval: 2 }, { maxval: 'a' }, { seed: '7' }]],
  ['truncatedNormal', init.truncatedNormal as Factory, { stddev: 0.1 }, [{ stddev: Number.POSITIVE_INFINITY }, { extra: 1 }]],
  ['varianceScaling', init.varianceScaling as Factory, { scale: 2, mode: 'fanAvg', distribution: 'uniform' }, [{ scale: 0 }, { mode: 'fan_in' }, { distribution: 'normal' }]],
  ['glorotNormal', init.glorotNormal as Factory, {}, [{ seed: -0.5 }, { scale: 2 }]],
  ['glorotUniform', init.glorotUniform as Factory, {}, [{ seed: null }, { mode: 'fanIn' }]],
  ['heNormal', init.heNormal as Factory, {}, [{ seed: 'x' }]],
  ['heUniform', init.heUniform as Factory, {}, [{ seed: {} }]],
  ['lecunNormal', init.lecunNormal as Factory, {}, [{ gain: 1 }]],
  ['lecunUniform', init.lecunUniform as Factory, {}, [{ seed: Number.NaN }]],
  ['orthogonal', init.orthogonal as Factory, { gain: 2 }, [{ gain: Number.NaN }, { seed: 0.1 }]],
];

const factoryCases: ConformanceCase[] = seededFactories.flatMap(([name, make, options, badOptions]) => [
  {
    name,
    call: ([shape], opts) => make(opts as never).apply(shape as number[]),
    args: () => [[6, 4]],
    options,
    seeded: true,
    badOptions,
  },
  {
    name: `${name}.apply`,
    call: ([shape], opts) => make(opts as never).apply(shape as number[]),
    args: () => [[3, 3, 2, 4]],
    seeded: true,
    badOptions: [],
    badArgs: badShapes,
  },
]);

const digitsLike = (): number[][] => Array.from({ length: 20 }, (_, i) => Array.from({ length: 8 }, (_, j) => ((i * 7 + j * 3) % 11) - 5));
const mlp = (prefix: string): tfl.LayersModel =>
  tfl.sequential({
    layers: [
      tfl.layers.dense({ name: `${prefix}1`, units: 6, inputShape: [8], activation: 'relu', kernelInitializer: init.glorotUniform({ seed: 0 }) }),
      tfl.layers.dense({ name: `${prefix}2`, units: 3, kernelInitializer: init.glorotUniform({ seed: 1 }) }),
    ],
  });

export default defineCases([
  ...factoryCases,
  {
    name: 'zeros',
    call: ([shape], opts) => init.zeros(opts as never).apply(shape as number[]),
    args: () => [[2, 3]],
    badOptions: [{ value: 1 }],
  },
  {
    name: 'ones',
    call: ([shape], opts) => init.ones(opts as never).apply(shape as number[]),
    args: () => [[2, 3]],
    badOptions: [{ seed: 1 }],
  },
  {
    name: 'constant',
    call: ([shape], opts) => init.constant(opts).apply(shape as number[]),
    args: () => [[2, 3]],
    options: { value: 0.5 },
    badOptions: [{ value: Number.NaN }, { value: '1' }],
  },
  {
    name: 'constant.apply',
    call: ([shape, dtype], opts) => init.constant(opts).apply(shape as number[], dtype as tf.DataType),
    args: () => [[2, 3], 'int32'],
    badOptions: [],
    badArgs: [...badShapes, () => [[2], 'bool']],
  },
  {
    name: 'varianceScalingParameters',
    call: ([shape], opts) => init.varianceScalingParameters(shape as number[], opts),
    args: () => [[3, 3, 4, 8]],
    options: { mode: 'fanOut' },
    badOptions: [{ scale: -1 }, { mode: 'avg' }, { seed: 1 }],
    badArgs: badShapes,
  },
  {
    name: 'lsuv',
    call: ([model, batch], opts) => init.lsuv(model as tfl.LayersModel, batch as number[][], opts),
    args: () => [mlp('lsuvc'), digitsLike()],
    options: { tol: 0.1, maxIterations: 5 },
    seeded: true,
    badOptions: [{ tol: 0 }, { maxIterations: -1 }, { orthogonalInit: 1 }, { layers: [] }, { layers: ['nope'] }, { seed: 'x' }, { tolerance: 0.1 }],
    badArgs: [() => [{}, digitsLike()], () => [mlp('lsuvb'), [[1, 2]]], () => [mlp('lsuvb'), [[Number.NaN, 1, 2, 3, 4, 5, 6, 7]]], () => [mlp('lsuvb'), tf.zeros([1, 8])]],
  },
  {
    name: 'transferWeights',
    call: ([from, to], opts) => init.transferWeights(from as tfl.LayersModel, to as tfl.LayersModel, opts),
    args: () => [mlp('tw'), mlp('tw')],
    options: { strict: true },
    badOptions: [{ strict: 1 }, { layers: 'tw1' }, { layers: [] }, { layers: ['nope'] }, { layer: ['tw1'] }],
    badArgs: [() => [mlp('tw'), null], () => [{}, mlp('tw')], () => [mlp('tw'), mlp('other')]],
  },
  {
    name: 'freezeLayers',
    call: ([model], opts) => init.freezeLayers(model as tfl.LayersModel, opts),
    args: () => [mlp('fz')],
    options: { upTo: 0 },
    badOptions: [{ upTo: 2 }, { upTo: -1 }, { upTo: 'nope' }, { names: 'fz1' }, { names: ['nope'] }, { upTo: undefined }],
    badArgs: [() => [null], () => ['model']],
  },
  {
    name: 'unfreezeLayers',
    call: ([model], opts) => init.unfreezeLayers(model as tfl.LayersModel, opts),
    args: () => [mlp('uf')],
    options: { names: ['uf2'] },
    badOptions: [{ upTo: 1.5 }, { names: [''] }, { all: true }],
    badArgs: [() => [undefined]],
  },
]);
