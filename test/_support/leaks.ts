import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { collectTensors, disposeTensors } from '../../src/core/index.js';

/** Options of {@link expectNoLeaks}. */
export interface NoLeakOptions {
  /** Dispose the tensors the call returned once they are counted (default `true`). */
  disposeResult?: boolean;
}

/**
 * Run `fn` and assert it leaves no tensor behind: after the call, `tf.memory().numTensors` may
 * only have grown by the tensors reachable from its result (which belong to the caller).
 * Works for sync and async functions, and for calls that throw (nothing may leak then either).
 */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>, options: NoLeakOptions = {}): Promise<T> {
  const before = tf.memory().numTensors;
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    expect(tf.memory().numTensors - before, 'tensors leaked by a call that threw').toBe(0);
    throw error;
  }
  const returned = collectTensors(result).length;
  expect(tf.memory().numTensors - before, `tensors leaked (the result holds ${returned})`).toBe(returned);
  if (options.disposeResult ?? true) disposeTensors(result);
  return result;
}
