import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { collectTensors, disposeTensors, isTensor } from '../../src/core/index.js';

describe('tensor helpers', () => {
  it('isTensor recognizes tensors and variables, nothing else', () => {
    const t = tf.scalar(1);
    const v = tf.variable(tf.zeros([2]));
    expect(isTensor(t)).toBe(true);
    expect(isTensor(v)).toBe(true);
    expect([null, undefined, 1, 'a', [1], { shape: [1], dtype: 'float32' }, new Float32Array(1)].some(isTensor)).toBe(false);
    tf.dispose([t, v]);
  });

  it('collectTensors finds each tensor once through nested structures and cycles', () => {
    const a = tf.scalar(1);
    const b = tf.scalar(2);
    const cyclic: Record<string, unknown> = { a };
    cyclic.self = cyclic;
    const found = collectTensors({ list: [a, [b, a]], map: new Map([['k', b]]), set: new Set([a]), cyclic, typed: new Float32Array(2) });
    expect(found).toEqual([a, b]);
    expect(collectTensors(a)).toEqual([a]);
    expect(collectTensors(42)).toEqual([]);
    tf.dispose([a, b]);
  });

  it('disposeTensors disposes everything reachable and tolerates already-disposed tensors', () => {
    const before = tf.memory().numTensors;
    const a = tf.scalar(1);
    const b = tf.scalar(2);
    b.dispose();
    disposeTensors({ a, b });
    expect(a.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
