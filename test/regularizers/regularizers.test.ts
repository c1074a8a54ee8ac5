import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backends/index.js';
import { InvalidArgumentError } from '../../src/core/index.js';
import { orthogonal as orthogonalInit } from '../../src/initializers/index.js';
import { l1, l1l2, l2, orthogonalRegularizer, type WhetstoneRegularizer } from '../../src/regularizers/index.js';
import { expectNoLeaks } from '../_support/leaks.js';

const value = (r: WhetstoneRegularizer, w: number[][]): number => {
  const t = tf.tensor2d(w);
  const p = r.penalty(t);
  const v = p.dataSync()[0]!;
  tf.dispose([t, p]);
  return v;
};

describe('regularizers', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  const W = [[1, -2], [3, 0.5]]; // Σ|w| = 6.5, Σw² = 14.25

  it('l1, l2 and l1l2 match hand-computed penalties (Keras: no ½, no mean)', () => {
    expect(value(l1({ l1: 0.1 }), W)).toBeCloseTo(0.65, 6);
    expect(value(l2({ l2: 0.1 }), W)).toBeCloseTo(1.425, 6);
    expect(value(l1l2({ l1: 0.1, l2: 0.2 }), W)).toBeCloseTo(3.5, 6);
    expect(value(l1(), W)).toBeCloseTo(0.065, 6);
    expect(value(l2(), W)).toBeCloseTo(0.1425, 6);
    expect(value(l1l2(), W)).toBeCloseTo(0.2075, 6);
    expect(value(l1l2({ l2: 0 }), W)).toBeCloseTo(0.065, 6);
  });

  it('orthogonal: factor·‖WWᵀ − I‖² (rows) or ‖WᵀW − I‖² (columns)', () => {
    const tall = [[1, 0], [0, 1], [1, 1]]; // WᵀW − I = [[1,1],[1,1]] → 4; WWᵀ − I → 5
    expect(value(orthogonalRegularizer({ factor: 1, mode: 'columns' }), tall)).toBeCloseTo(4, 6);
    expect(value(orthogonalRegularizer({ factor: 1, mode: 'rows' }), tall)).toBeCloseTo(5, 6);
    expect(value(orthogonalRegularizer(), tall)).toBeCloseTo(0.05, 6);
    expect(value(orthogonalRegularizer({ factor: 0.01 }), W)).toBeCloseTo(0.920625, 5);
    // Conv kernels are flattened to [kh·kw·in, out].
    const k = tf.tensor4d([1, 0, 0, 1, 1, 1], [1, 1, 3, 2]);
    const p = orthogonalRegularizer({ factor: 1, mode: 'columns' }).penalty(k);
    expect(p.dataSync()[0]).toBeCloseTo(4, 6);
    tf.dispose([k, p]);
  });

  it('property: the orthogonal penalty of gain·Q is k·(gain² − 1)²; l1l2 is l1 + l2', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.2, max: 3, noNaN: true }), fc.nat(), (m, n, gain, seed) => {
        const rows = Math.max(m, n);
        const cols = Math.min(m, n);
        const q = orthogonalInit({ seed, gain }).apply([rows, cols]);
        const p = orthogonalRegularizer({ factor: 1, mode: 'columns' }).penalty(q);
        const expected = cols * (gain * gain - 1) ** 2;
        expect(Math.abs(p.dataSync()[0]! - expected)).toBeLessThan(1e-4 * Math.max(1, expected));
        const a = l1({ l1: 0.3 }).penalty(q);
        const b = l2({ l2: 0.7 }).penalty(q);
        const c = l1l2({ l1: 0.3, l2: 0.7 }).penalty(q);
        expect(c.dataSync()[0]!).toBeCloseTo(a.dataSync()[0]! + b.dataSync()[0]!, 4);
        tf.dispose([q, p, a, b, c]);
      }),
      { numRuns: 40 },
    );
  });

  it('is added to the training loss by tfjs-layers', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [2], useBias: false, kernelRegularizer: l1l2({ l1: 0.1, l2: 0.2 }) })] });
    model.compile({ optimizer: tf.train.sgd(0), loss: 'meanSquaredError' });
    const kernel = tf.tensor2d(W);
    model.setWeights([kernel]);
    const x = tf.zeros([4, 2]);
    const y = tf.zeros([4, 2]);
    const h = await model.fit(x, y, { epochs: 1, verbose: 0 });
    expect(h.history.loss![0] as number).toBeCloseTo(3.5, 5);
    tf.dispose([kernel, x, y]);
    model.dispose();
  });

  it('gradients flow through penalty in a custom loop; nothing leaks', async () => {
    const w = tf.variable(tf.tensor2d(W));
    const { grads } = tf.variableGrads(() => l2({ l2: 0.5 }).penalty(w), [w]);
    expect(Array.from(grads[w.name]!.dataSync())).toEqual([1, -2, 3, 0.5]); // d(0.5·w²)/dw = w
    tf.dispose(grads);
    for (const r of [l1(), l2(), l1l2(), orthogonalRegularizer()]) await expectNoLeaks(() => r.penalty(w));
    w.dispose();
  });

  it('rejects bad options and weights', () => {
    expect(() => l1({ l1: -1 })).toThrow(InvalidArgumentError);
    expect(() => l2({ l1: 1 } as never)).toThrow(/l2: unknown option "l1"/);
    expect(() => l1l2({ l2: Number.NaN })).toThrow(/option "l2"/);
    expect(() => orthogonalRegularizer({ mode: 'diagonal' as never })).toThrow(/option "mode"/);
    expect(() => l1().penalty([1, 2] as never)).toThrow(/l1.penalty: argument "weights"/);
    const v = tf.tensor1d([1, 2]);
    expect(() => orthogonalRegularizer().penalty(v)).toThrow(/orthogonalRegularizer.penalty: argument "weights" must be a tensor of rank >= 2/);
    v.dispose();
  });
});
