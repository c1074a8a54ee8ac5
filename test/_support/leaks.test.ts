// The harness must be able to fail: a leak check that cannot catch a leak proves nothing.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectNoLeaks } from './leaks.js';

describe('expectNoLeaks', () => {
  it('fails when a call leaves a tensor behind', async () => {
    let leaked: tf.Tensor | undefined;
    await expect(expectNoLeaks(() => void (leaked = tf.scalar(1)))).rejects.toThrow(/tensors leaked/);
    leaked?.dispose();
  });

  it('fails when a call that throws leaves a tensor behind', async () => {
    let leaked: tf.Tensor | undefined;
    await expect(
      expectNoLeaks(() => {
        leaked = tf.scalar(1);
        throw new Error('boom');
      }),
    ).rejects.toThrow(/tensors leaked by a call that threw/);
    leaked?.dispose();
  });

  it('allows the tensors the call returns, and disposes them unless told not to', async () => {
    const before = tf.memory().numTensors;
    await expectNoLeaks(() => ({ a: tf.scalar(1), b: [tf.scalar(2)] }));
    expect(tf.memory().numTensors).toBe(before);
    const kept = await expectNoLeaks(() => tf.scalar(3), { disposeResult: false });
    expect(kept.isDisposed).toBe(false);
    kept.dispose();
  });

  it('passes a clean async call through with its result', async () => {
    await expect(expectNoLeaks(async () => tf.tidy(() => tf.sum(tf.ones([3])).dataSync()[0]))).resolves.toBe(3);
  });
});
