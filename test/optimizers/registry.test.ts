// Every factory's config survives JSON and rebuilds a transformation that gives identical updates.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import * as opt from '../../src/optimizers/index.js';
import type { GradientTransformation, TransformConfig } from '../../src/optimizers/index.js';
import { cosineWarmRestarts, exponentialDecay, linearWarmup } from '../../src/schedules/index.js';
import { trajectory } from './_support.js';

afterEach(() => {
  expect(tf.memory().numTensors).toBe(0);
});

const params0 = { w: [[0.5, -1], [2, 0.25]], b: [0.1, -0.3, 0.7] };
const gradSeq = Array.from({ length: 7 }, (_, s) => ({
  w: [[Math.sin(s + 1), Math.cos(2 * s)], [0.3 * s - 1, Math.sin(3 * s)]],
  b: [Math.cos(s), -0.5 + 0.2 * s, Math.sin(5 * s + 1)],
}));

const warm = linearWarmup({ schedule: cosineWarmRestarts({ initialValue: 0.05, t0: 3, tMult: 2 }), warmupSteps: 2, startValue: 0 });

/** One or more samples per factory, with non-default options and schedules where they apply. */
const SAMPLES: Record<string, GradientTransformation[]> = {
  scale: [opt.scale(-0.5)],
  scaleByLearningRate: [opt.scaleByLearningRate(0.1), opt.scaleByLearningRate(exponentialDecay({ initialValue: 0.1, gamma: 0.9 }), { flipSign: false })],
  scaleByAdam: [opt.scaleByAdam({ b1: 0.8, epsRoot: 1e-8, amsgrad: true }), opt.scaleByAdam({ nesterov: true, momentumDecay: 0.004 })],
  scaleByAdamax: [opt.scaleByAdamax({ b2: 0.99 })],
  scaleByRadam: [opt.scaleByRadam({ b2: 0.9, threshold: 4.5 })],
  scaleByRms: [opt.scaleByRms({ centered: true, initialScale: 0.1 })],
  scaleByAdagrad: [opt.scaleByAdagrad({ lrDecay: 0.1, initialAccumulatorValue: 0.2 })],
  scaleByAdadelta: [opt.scaleByAdadelta({ rho: 0.8 })],
  scaleByLion: [opt.scaleByLion({ b1: 0.5 })],
  trace: [opt.trace(0.7, { dampening: 0.2 }), opt.trace(0.9, { nesterov: true })],
  addDecayedWeights: [opt.addDecayedWeights(0.1, { mask: /^w/ }), opt.addDecayedWeights(0.2, { mask: { w: false, b: true } })],
  addL2Penalty: [opt.addL2Penalty(0.3)],
  clipByGlobalNorm: [opt.clipByGlobalNorm(0.5)],
  clipByValue: [opt.clipByValue(0.4)],
  chain: [opt.chain(opt.clipByValue(1), opt.scaleByAdam(), opt.scaleByLearningRate(warm)), opt.chain()],
  applyIfFinite: [opt.applyIfFinite(opt.adam({ learningRate: 0.05 }))],
  lookahead: [opt.lookahead(opt.sgd({ learningRate: 0.1, momentum: 0.5 }), { k: 2, alpha: 0.3 })],
  gradientAccumulation: [opt.gradientAccumulation(opt.rmsprop({ momentum: 0.5 }), 2)],
  sgd: [opt.sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  momentum: [opt.momentum({ learningRate: warm, dampening: 0.1 })],
  nesterov: [opt.nesterov({ learningRate: 0.05, momentum: 0.8 })],
  rmsprop: [opt.rmsprop({ learningRate: 0.01, centered: true, momentum: 0.9, weightDecay: 0.1 })],
  adagrad: [opt.adagrad({ learningRate: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 })],
  adadelta: [opt.adadelta({ rho: 0.95, weightDecay: 0.01 })],
  adam: [opt.adam({ learningRate: exponentialDecay({ initialValue: 0.01, decay: 0.1 }), amsgrad: true })],
  adamw: [opt.adamw({ learningRate: warm, weightDecay: 0.1, mask: /kernel|w/ }), opt.adamw({ mask: { w: true, b: false } })],
  adamax: [opt.adamax({ learningRate: 0.01, b1: 0.8 })],
  nadam: [opt.nadam({ learningRate: 0.01, momentumDecay: 0.01 })],
  radam: [opt.radam({ learningRate: 0.01, weightDecay: 0.01 })],
  lion: [opt.lion({ learningRate: 0.001, weightDecay: 0.1, mask: /w/ })],
};

describe('transformFromConfig', () => {
  it('knows every factory, and every factory has a sample here', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...opt.TRANSFORM_NAMES].sort());
  });

  const cases = Object.entries(SAMPLES).flatMap(([name, list]) => list.map((t, i) => [`${name} #${i + 1}`, t] as const));
  it.each(cases)('%s: JSON round trip, same config, same learning rate, identical updates', (_, t) => {
    const json = JSON.stringify(t.config);
    const again = opt.transformFromConfig(JSON.parse(json) as TransformConfig);
    expect(JSON.stringify(again.config)).toBe(json);
    expect(again.config).toEqual(JSON.parse(json));
    if (typeof t.learningRate === 'function') {
      expect(typeof again.learningRate).toBe('function');
      for (const s of [0, 1, 4, 9]) expect((again.learningRate as (n: number) => number)(s)).toBe(t.learningRate(s));
    } else {
      expect(again.learningRate).toBe(t.learningRate);
    }
    expect(trajectory(again, params0, gradSeq)).toEqual(trajectory(t, params0, gradSeq));
  });

  it('cannot rebuild a mask that was a function, and says what to use instead', () => {
    const t = opt.adamw({ mask: (name) => name.endsWith('kernel') });
    const config = JSON.parse(JSON.stringify(t.config)) as TransformConfig;
    expect(() => opt.transformFromConfig(config)).toThrow(
      /^transformFromConfig: a mask given as a function cannot be rebuilt from a config; give the mask as a RegExp or a record of names/,
    );
  });

  it('names what is wrong with a config', () => {
    expect(() => opt.transformFromConfig({ name: 'adamm', options: {} })).toThrow(/^transformFromConfig: argument "config\.name" must be one of 'scale', .*'lion'; got 'adamm'\.$/);
    expect(() => opt.transformFromConfig('adam' as never)).toThrow(/^transformFromConfig: argument "config" must be a transformation config \{ name, options \}; got 'adam'\.$/);
    expect(() => opt.transformFromConfig({ name: 'adam', options: { b1: 1 } })).toThrow(/^transformFromConfig: adam: option "b1" must be a finite number in \[0, 1\); got 1\.$/);
    expect(() => opt.transformFromConfig({ name: 'chain', options: { transforms: [{ name: 'nope', options: {} }] } })).toThrow(InvalidArgumentError);
  });
});
