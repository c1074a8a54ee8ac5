// Every factory of whetstone/optimizers through the common checks: bad options and arguments
// rejected with uniform messages, inputs unmodified, no leaks through init and two updates.
import * as tf from '@tensorflow/tfjs-core';
import * as opt from '../../src/optimizers/index.js';
import type { GradientTransformation, TensorMap, TransformConfig } from '../../src/optimizers/index.js';
import { defineCases, type ConformanceCase } from '../conformance/registry.js';
import { disposeExcept, step } from './_support.js';

const params = (): TensorMap => ({ w: tf.tensor2d([[0.5, -1], [2, 0.25]]), b: tf.tensor1d([0.1, -0.3, 0.7]) });
const grads = (): TensorMap => ({ w: tf.tensor2d([[0.3, -0.2], [0.1, 0.4]]), b: tf.tensor1d([1, -2, 0.5]) });
const withExtraGrad = (): unknown[] => [params(), { ...grads(), extra: tf.ones([2]) }];

/** init, then two updates as an owner does them; returns the updates as numbers, disposes the rest. */
function run(t: GradientTransformation, p: unknown, g: unknown): number[] {
  let state = t.init(p as TensorMap);
  const out: number[] = [];
  try {
    for (let s = 0; s < 2; s++) {
      const r = step(t, state, g as TensorMap, p as TensorMap, s);
      state = r.state;
      for (const u of Object.values(r.updates)) out.push(...u.dataSync());
      disposeExcept(r.updates, g, p);
    }
  } finally {
    disposeExcept(state);
  }
  return out;
}

/** A factory taking only options. */
function optionsCase(name: string, make: (o: never) => GradientTransformation, badOptions: Record<string, unknown>[], options: Record<string, unknown> = {}): ConformanceCase {
  return {
    name,
    call: ([p, g], o) => run(make(o as never), p, g),
    args: () => [params(), grads()],
    options,
    badOptions: [...badOptions, { notAnOption: 1 }],
    badArgs: [withExtraGrad],
  };
}

/** A factory taking one positional value (and maybe options). */
function positionalCase(
  name: string,
  make: (v: never, o: never) => GradientTransformation,
  valid: unknown,
  badValues: unknown[],
  badOptions: Record<string, unknown>[] = [],
  options: Record<string, unknown> = {},
): ConformanceCase {
  return {
    name,
    call: ([p, g, v], o) => run(make(v as never, o as never), p, g),
    args: () => [params(), grads(), valid],
    options,
    badOptions,
    badArgs: badValues.map((v) => () => [params(), grads(), v]),
  };
}

/** A wrapper taking an inner transformation (and maybe options). */
function wrapperCase(name: string, make: (inner: never, o: never) => GradientTransformation, badOptions: Record<string, unknown>[] = [], options: Record<string, unknown> = {}): ConformanceCase {
  return {
    name,
    call: ([p, g, inner], o) => run(make((inner ?? opt.adam({ learningRate: 0.1 })) as never, o as never), p, g),
    args: () => [params(), grads()],
    options,
    badOptions,
    badArgs: [() => [params(), grads(), {}], () => [params(), grads(), opt.adam]],
  };
}

const rate = { learningRate: -0.1 };

export default defineCases([
  positionalCase('scale', (v) => opt.scale(v), -0.5, [Number.NaN, '2']),
  positionalCase('scaleByLearningRate', (v, o) => opt.scaleByLearningRate(v, o), 0.1, [-1, Number.POSITIVE_INFINITY, () => 0.1], [{ flipSign: 'no' }, { notAnOption: 1 }], { flipSign: true }),
  optionsCase('scaleByAdam', (o) => opt.scaleByAdam(o), [{ b1: 1 }, { b2: -0.1 }, { eps: 0 }, { epsRoot: -1 }, { amsgrad: 'yes' }, { momentumDecay: 0.004 }], { amsgrad: true }),
  optionsCase('scaleByAdamax', (o) => opt.scaleByAdamax(o), [{ b1: 1.5 }, { eps: 0 }]),
  optionsCase('scaleByRadam', (o) => opt.scaleByRadam(o), [{ threshold: 2 }, { b2: 1 }]),
  optionsCase('scaleByRms', (o) => opt.scaleByRms(o), [{ decay: 1 }, { eps: -1 }, { initialScale: -1 }, { centered: 0 }], { centered: true }),
  optionsCase('scaleByAdagrad', (o) => opt.scaleByAdagrad(o), [{ eps: 0 }, { lrDecay: -1 }, { initialAccumulatorValue: Number.NaN }]),
  optionsCase('scaleByAdadelta', (o) => opt.scaleByAdadelta(o), [{ rho: 1 }, { eps: 0 }]),
  optionsCase('scaleByLion', (o) => opt.scaleByLion(o), [{ b1: 1 }, { b2: Number.NaN }]),
  positionalCase('trace', (v, o) => opt.trace(v, o), 0.9, [1, -0.5], [{ nesterov: 1 }, { dampening: 2 }, { nesterov: true, dampening: 0.5 }], { dampening: 0.1 }),
  positionalCase('addDecayedWeights', (v, o) => opt.addDecayedWeights(v, o), 0.1, [-1, Number.NaN], [{ mask: 'w' }, { mask: { w: 'yes' } }], { mask: /w/ }),
  positionalCase('addL2Penalty', (v, o) => opt.addL2Penalty(v, o), 0.1, [-1], [{ mask: 3 }], { mask: { w: true, b: false } }),
  positionalCase('clipByGlobalNorm', (v) => opt.clipByGlobalNorm(v), 1, [0, -1, Number.POSITIVE_INFINITY]),
  positionalCase('clipByValue', (v) => opt.clipByValue(v), 0.5, [0, Number.NaN]),
  {
    name: 'chain',
    call: ([p, g, extra]) => run(opt.chain(opt.clipByGlobalNorm(1), (extra === undefined ? opt.scaleByAdam() : extra) as GradientTransformation, opt.scaleByLearningRate(0.1)), p, g),
    args: () => [params(), grads()],
    badOptions: [],
    badArgs: [() => [params(), grads(), {}], () => [params(), grads(), null]],
  },
  wrapperCase('applyIfFinite', (inner) => opt.applyIfFinite(inner)),
  wrapperCase('lookahead', (inner, o) => opt.lookahead(inner, o), [{ k: 0 }, { alpha: 2 }, { K: 1 }], { k: 2 }),
  {
    name: 'gradientAccumulation',
    call: ([p, g, k]) => run(opt.gradientAccumulation(opt.adam(), k as number), p, g),
    args: () => [params(), grads(), 2],
    badOptions: [],
    badArgs: [() => [params(), grads(), 0], () => [params(), grads(), 1.5]],
  },
  optionsCase('sgd', (o) => opt.sgd(o), [rate, { learningRate: undefined }, { momentum: 1 }, { nesterov: true, dampening: 0.5 }, { weightDecay: -1 }], { learningRate: 0.1, momentum: 0.9 }),
  optionsCase('momentum', (o) => opt.momentum(o), [rate, { momentum: -0.1 }], { learningRate: 0.1 }),
  optionsCase('nesterov', (o) => opt.nesterov(o), [rate, { momentum: 0 }], { learningRate: 0.1 }),
  optionsCase('rmsprop', (o) => opt.rmsprop(o), [rate, { alpha: 1 }, { eps: 0 }, { momentum: 1 }], { centered: true, momentum: 0.5 }),
  optionsCase('adagrad', (o) => opt.adagrad(o), [rate, { lrDecay: -1 }, { eps: 0 }], { lrDecay: 0.1 }),
  optionsCase('adadelta', (o) => opt.adadelta(o), [rate, { rho: 1 }, { eps: 0 }]),
  optionsCase('adam', (o) => opt.adam(o), [rate, { b1: 1 }, { b2: 1 }, { eps: 0 }, { amsgrad: 1 }], { amsgrad: true, weightDecay: 0.01 }),
  optionsCase('adamw', (o) => opt.adamw(o), [rate, { weightDecay: -0.01 }, { b1: -0.5 }, { mask: 'kernel' }], { mask: /w/ }),
  optionsCase('adamax', (o) => opt.adamax(o), [rate, { b2: 1 }]),
  optionsCase('nadam', (o) => opt.nadam(o), [rate, { momentumDecay: -1 }, { b1: 1 }]),
  optionsCase('radam', (o) => opt.radam(o), [rate, { eps: 0 }]),
  optionsCase('lion', (o) => opt.lion(o), [rate, { b1: 1 }, { weightDecay: -1 }], { weightDecay: 0.1 }),
  {
    name: 'transformFromConfig',
    call: ([p, g, config]) => run(opt.transformFromConfig(config as TransformConfig), p, g),
    args: () => [params(), grads(), { name: 'adamw', options: { learningRate: { name: 'constantSchedule', options: { value: 0.01 } }, mask: { pattern: 'w', flags: '' } } }],
    badOptions: [],
    badArgs: [
      () => [params(), grads(), { name: 'adamm', options: {} }],
      () => [params(), grads(), 'adam'],
      () => [params(), grads(), { name: 'adam', options: { b1: 2 } }],
      () => [params(), grads(), { name: 'adamw', options: { mask: { function: 'isKernel' } } }],
    ],
  },
]);
