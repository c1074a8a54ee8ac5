// Every named optimizer and wrapper of whetstone/optimizers through the bridge: their states (in
// whatever shape each keeps them) are split per variable, saved with getWeights and restored
// into an optimizer rebuilt from getConfig, and the copy continues exactly as the original.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  adadelta,
  adagrad,
  adam,
  adamax,
  adamw,
  applyIfFinite,
  chain,
  clipByGlobalNorm,
  clipByValue,
  gradientAccumulation,
  lion,
  lookahead,
  momentum,
  nadam,
  nesterov,
  radam,
  rmsprop,
  sgd,
  toTfjsOptimizer,
  WhetstoneOptimizer,
} from '../../../src/optimizers/index.js';
import type { GradientTransformation } from '../../../src/optimizers/index.js';
import { oneCycle } from '../../../src/schedules/index.js';

const cases: [string, () => GradientTransformation][] = [
  ['sgd', () => sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 })],
  ['momentum', () => momentum({ learningRate: 0.05 })],
  ['nesterov', () => nesterov({ learningRate: 0.05 })],
  ['rmsprop', () => rmsprop({ learningRate: 0.01, momentum: 0.5, centered: true })],
  ['adagrad', () => adagrad({ learningRate: 0.1 })],
  ['adadelta', () => adadelta({ learningRate: 1 })],
  ['adam (amsgrad)', () => adam({ learningRate: 0.01, amsgrad: true })],
  ['adamw (masked, one-cycle)', () => adamw({ learningRate: oneCycle({ maxValue: 0.05, totalSteps: 40 }), mask: /w0/ })],
  ['adamax', () => adamax()],
  ['nadam', () => nadam()],
  ['radam', () => radam()],
  ['lion', () => lion({ learningRate: 1e-3 })],
  ['lookahead(adam)', () => lookahead(adam({ learningRate: 0.01 }), { k: 3 })],
  ['gradientAccumulation(momentum)', () => gradientAccumulation(momentum({ learningRate: 0.05 }), 3)],
  ['applyIfFinite(chain(clip…, adam))', () => applyIfFinite(chain(clipByGlobalNorm(1), clipByValue(0.5), adam({ learningRate: 0.01 })))],
];

describe('every whetstone transformation through the bridge', () => {
  let made = 0;
  it.each(cases)('%s: state saved by getWeights restores into an optimizer rebuilt by fromConfig, and continues identically', async (name, make) => {
    const before = tf.memory().numTensors;
    {
      const start = [tf.tensor2d([[0.5, -1], [2, 0.25]]), tf.tensor1d([0.1, -0.3])];
      const vars = tf.tidy(() => start.map((t, i) => tf.variable(t, true, `w${i}_case${++made}`)));
      const target = tf.tensor1d([1, -2]);
      // For applyIfFinite, a gradient that is not finite once, to skip.
      const nanAt = name.startsWith('applyIfFinite') ? 4 : -1;
      let call = 0;
      const loss = (): tf.Scalar =>
        tf.tidy(() => {
          call++;
          const y = tf.add(tf.squeeze(tf.matMul(tf.reshape(vars[1]!, [1, 2]), vars[0]!)), vars[1]!);
          const l = tf.sum(tf.square(tf.sub(y, target)));
          return (call === nanAt ? tf.mul(l, Number.NaN) : l) as tf.Scalar;
        });
      const original = toTfjsOptimizer(make());
      for (let i = 0; i < 7; i++) original.minimize(loss, false, vars);
      const rebuilt = WhetstoneOptimizer.fromConfig(WhetstoneOptimizer, JSON.parse(JSON.stringify(original.getConfig()))) as WhetstoneOptimizer;
      expect(rebuilt.transform.config).toEqual(original.transform.config);
      await rebuilt.setWeights(await original.getWeights());
      const values = vars.map((v) => tf.clone(v));
      const trajectory = (opt: WhetstoneOptimizer): number[][] => {
        vars.forEach((v, i) => v.assign(values[i]!));
        const out: number[][] = [];
        for (let i = 0; i < 5; i++) {
          opt.minimize(loss, false, vars);
          out.push(...vars.map((v) => Array.from(v.dataSync())));
        }
        return out;
      };
      const expected = trajectory(original);
      const got = trajectory(rebuilt);
      expect(got).toEqual(expected);
      expect(expected.flat().every(Number.isFinite)).toBe(true);
      original.dispose();
      rebuilt.dispose();
      tf.dispose([...start, ...vars, target, ...values]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
