// whetstone `adam` through the bridge against tfjs's own `tf.train.adam`, 100 steps of model.fit
// on the same model and data. Both compute m̂ / (√v̂ + eps) with eps outside the root (tfjs's
// default eps is the backend's, 1e-7 in float32, so it is given explicitly); whetstone folds the
// bias corrections into the denominator, m / (√v · (1 − β₁ᵗ)/√(1 − β₂ᵗ) + eps·(1 − β₁ᵗ)), which
// is the same number up to float32 rounding. So the two agree to float32 tolerance, not bit for bit.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, expect, it } from 'vitest';
import { adam, toTfjsOptimizer } from '../../../src/optimizers/index.js';
import { describeEachBackend } from '../../_support/backends.js';
import { mlp, weightsOf } from './_models.js';

describeEachBackend('adam through the bridge vs tf.train.adam', () => {
  const made: { dispose(): void }[] = [];
  afterAll(() => made.forEach((d) => d.dispose()));

  it('gives the same weights and losses after 100 steps (measured ~1e-5 relative; asserted 1e-4)', async () => {
    const x = tf.randomNormal([128, 8], 0, 1, 'float32', 11);
    const y = tf.tidy(() => tf.tanh(tf.matMul(x, tf.randomNormal([8, 1], 0, 1, 'float32', 12))));
    made.push(x, y);
    const run = async (optimizer: tf.Optimizer): Promise<{ weights: number[][]; loss: number[] }> => {
      const model = mlp(8, 16, 1, 3);
      model.compile({ optimizer, loss: 'meanSquaredError' });
      const h = await model.fit(x, y, { epochs: 25, batchSize: 32, shuffle: false, verbose: 0 });
      expect(optimizer.iterations).toBe(100);
      const out = { weights: weightsOf(model), loss: h.history.loss as number[] };
      model.dispose();
      optimizer.dispose();
      return out;
    };
    const ours = await run(toTfjsOptimizer(adam({ learningRate: 0.01, b1: 0.9, b2: 0.999, eps: 1e-7 })));
    const theirs = await run(tf.train.adam(0.01, 0.9, 0.999, 1e-7));
    const scale = Math.max(...theirs.weights.flat().map(Math.abs));
    const worst = Math.max(...ours.weights.flat().map((v, i) => Math.abs(v - theirs.weights.flat()[i]!)));
    expect(worst / scale).toBeLessThan(1e-4);
    ours.loss.forEach((l, i) => expect(Math.abs(l - theirs.loss[i]!) / theirs.loss[i]!).toBeLessThan(1e-4));
    // The training moved the weights far more than the tolerance: the comparison is not vacuous.
    expect(theirs.loss[24]!).toBeLessThan(theirs.loss[0]! / 2);
  });
});
