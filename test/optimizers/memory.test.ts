// The memory contract over thousands of steps: an owner that follows it (see _support.ts) holds
// exactly the parameters and the state, step after step, for every transformation.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { collectTensors } from '../../src/core/index.js';
import * as opt from '../../src/optimizers/index.js';
import type { GradientTransformation, TensorMap } from '../../src/optimizers/index.js';
import { cosineWarmRestarts } from '../../src/schedules/index.js';
import { disposeExcept, step } from './_support.js';

function holdsSteady(transform: GradientTransformation, steps: number): void {
  const start = tf.memory().numTensors;
  let params: TensorMap = { w: tf.randomNormal([4, 3], 0, 1, 'float32', 1), b: tf.zeros([3]) };
  let state = transform.init(params);
  const held = (): number => collectTensors([params, state]).length;
  expect(tf.memory().numTensors - start).toBe(held());
  for (let s = 0; s < steps; s++) {
    // A NaN now and then, so that applyIfFinite's skip path runs too.
    const grads: TensorMap = tf.tidy(() => ({
      w: s % 97 === 50 ? tf.fill([4, 3], Number.NaN) : tf.randomNormal([4, 3], 0, 1, 'float32', s + 2),
      b: tf.randomNormal([3], 0, 1, 'float32', s + 10_000),
    }));
    const r = step(transform, state, grads, params, s);
    state = r.state;
    const next = tf.tidy(() => ({ w: tf.add(params.w!, r.updates.w!), b: tf.add(params.b!, r.updates.b!) }));
    disposeExcept(r.updates, grads, params);
    disposeExcept([grads, params]);
    params = next;
    if (s % 500 === 0) expect(tf.memory().numTensors - start, `step ${s}`).toBe(held());
  }
  expect(tf.memory().numTensors - start).toBe(held());
  disposeExcept([params, state]);
  expect(tf.memory().numTensors).toBe(start);
}

describe('no tensor leaks across thousands of steps', () => {
  it('a deep composition of every wrapper around AdamW with a schedule', () => {
    const lr = cosineWarmRestarts({ initialValue: 1e-3, t0: 50, tMult: 2 });
    const inner = opt.chain(opt.clipByGlobalNorm(1), opt.adamw({ learningRate: lr, amsgrad: true, mask: /w/ }));
    holdsSteady(opt.applyIfFinite(opt.lookahead(opt.gradientAccumulation(inner, 3), { k: 4 })), 3000);
  });

  it.each([
    ['sgd', opt.sgd({ learningRate: 0.01, momentum: 0.9, weightDecay: 1e-3 })],
    ['rmsprop', opt.applyIfFinite(opt.rmsprop({ centered: true, momentum: 0.5 }))],
    ['adagrad', opt.applyIfFinite(opt.adagrad({ lrDecay: 0.01 }))],
    ['adadelta', opt.applyIfFinite(opt.adadelta())],
    ['nadam', opt.applyIfFinite(opt.nadam())],
    ['radam', opt.applyIfFinite(opt.radam())],
    ['adamax', opt.applyIfFinite(opt.adamax())],
    ['lion', opt.applyIfFinite(opt.lion({ weightDecay: 0.1 }))],
    ['clipByValue + scaleByAdam', opt.applyIfFinite(opt.chain(opt.clipByValue(0.5), opt.scaleByAdam({ epsRoot: 1e-8 }), opt.scale(-1e-3)))],
  ] as const)('%s', (_, t) => {
    holdsSteady(t, 1000);
  });
});
