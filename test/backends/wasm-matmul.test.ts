// whetstone's wasm BatchMatMul / _FusedMatMul overrides (issue 9, part 1): same float32 results
// as the stock kernels for every flag combination, no leaks, and a clean uninstall.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendInfo, installWasmKernels, uninstallWasmKernels, useBackend, wasmKernelsInstalled } from '../../src/backends/index.js';
import { createRng } from '../../src/core/index.js';
import { expectNoLeaks } from '../_support/leaks.js';

const FLAGS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

/** The stock and overridden results of `f`, each read back as a Float32Array. */
function bothWays(f: () => tf.Tensor): { stock: Float32Array; fast: Float32Array; shape: number[] } {
  uninstallWasmKernels();
  const s = f();
  const stock = s.dataSync() as Float32Array;
  installWasmKernels();
  const r = f();
  const fast = r.dataSync() as Float32Array;
  expect(r.shape).toEqual(s.shape);
  const shape = r.shape;
  tf.dispose([s, r]);
  return { stock, fast, shape };
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  const n = shape.reduce((p, d) => p * d, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape);
}

describe('wasm matMul override', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterAll(async () => {
    installWasmKernels();
    await useBackend('cpu');
  });

  it('useBackend installs by default, { fastKernels: false } restores the exact stock configs', async () => {
    await useBackend('wasm', { fastKernels: false });
    expect(wasmKernelsInstalled()).toBe(false);
    const stockMatMul = tf.getKernel('BatchMatMul', 'wasm');
    const stockFused = tf.getKernel('_FusedMatMul', 'wasm');
    expect(backendInfo().missingKernels).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'UnsortedSegmentSum']));

    const info = await useBackend('wasm');
    expect(wasmKernelsInstalled()).toBe(true);
    expect(info.missingKernels).toEqual([]);
    expect(tf.getKernel('BatchMatMul', 'wasm')).not.toBe(stockMatMul);
    expect(tf.getKernel('BatchMatMul', 'wasm').setupFunc).toBe(stockMatMul.setupFunc);
    // Installing twice changes nothing.
    const now = tf.getKernel('BatchMatMul', 'wasm');
    expect(installWasmKernels()).toEqual(['BatchMatMul', '_FusedMatMul', 'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum']);
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(now);

    await useBackend('wasm', { fastKernels: false });
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(stockMatMul);
    expect(tf.getKernel('_FusedMatMul', 'wasm')).toBe(stockFused);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeUndefined();
    uninstallWasmKernels(); // idempotent
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(stockMatMul);
    await useBackend('wasm');
  });

  it('rejects a non-boolean fastKernels', async () => {
    await expect(useBackend('wasm', { fastKernels: 'yes' as unknown as boolean })).rejects.toThrow('useBackend: option "fastKernels" must be');
  });

  it('gives the same float32 products as stock on 2-D inputs, all four flag combinations', () => {
    for (const [ta, tb] of FLAGS) {
      const a = randomTensor(ta ? [256, 128] : [128, 256], 1);
      const b = randomTensor(tb ? [96, 256] : [256, 96], 2);
      const { stock, fast, shape } = bothWays(() => tf.matMul(a, b, ta, tb));
      expect(shape).toEqual([128, 96]);
      expect(maxRelDiff(fast, stock), `transposeA=${ta} transposeB=${tb}`).toBeLessThanOrEqual(1e-6);
      tf.dispose([a, b]);
    }
  });

  it('matches stock on random shapes: batched 3-D/4-D, broadcast batch dims, vectors-as-matrices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom<number[][]>([[], []], [[3], [3]], [[1], [4]], [[4], [1]], [[2, 3], [2, 3]], [[2, 1], [1, 3]], [[5], []], [[], [2]]),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 1e6 }),
        (m, k, n, [batchA, batchB], ta, tb, seed) => {
          const a = randomTensor([...batchA!, ...(ta ? [k, m] : [m, k])], seed);
          const b = randomTensor([...batchB!, ...(tb ? [n, k] : [k, n])], seed + 1);
          const { stock, fast } = bothWays(() => tf.matMul(a, b, ta, tb));
          tf.dispose([a, b]);
          expect(maxRelDiff(fast, stock)).toBeLessThanOrEqual(1e-6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('overrides _FusedMatMul too (bias, activations), with the same results', () => {
    for (const [ta, tb] of FLAGS) {
      for (const activation of ['linear', 'relu', 'sigmoid'] as const) {
        const a = randomTensor(ta ? [2, 33, 17] : [2, 17, 33], 3);
        const b = randomTensor(tb ? [2, 9, 33] : [2, 33, 9], 4);
        const bias = randomTensor([9], 5);
        const { stock, fast } = bothWays(() => tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias, activation }));
        expect(maxRelDiff(fast, stock), `${activation} ${ta} ${tb}`).toBeLessThanOrEqual(1e-6);
        tf.dispose([a, b, bias]);
      }
    }
  });

  it('leaves no tensor and no heap bytes behind, forward and backward', async () => {
    installWasmKernels();
    const a = randomTensor([2, 20, 30], 6);
    const b = randomTensor([2, 30, 10], 7);
    const before = tf.memory();
    const dataIds = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    await expectNoLeaks(() => {
      for (const [ta, tb] of FLAGS) {
        const out = tf.tidy(() => {
          const x = ta ? tf.transpose(a, [0, 2, 1]) : a;
          const y = tb ? tf.transpose(b, [0, 2, 1]) : b;
          return tf.matMul(x, y, ta, tb);
        });
        out.dispose();
      }
      const g = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y))))([a, b]);
      tf.dispose(g);
    });
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(dataIds);
    tf.dispose([a, b]);
  });

  it('keeps the stock checks: int32 inputs and mismatched inner sizes still throw', () => {
    installWasmKernels();
    const a = tf.ones([2, 3], 'int32');
    const b = tf.ones([2, 3], 'int32');
    expect(() => tf.matMul(a, b, false, true)).toThrow(/non-float32/);
    const c = tf.ones([2, 3]);
    const d = tf.ones([4, 3]);
    expect(() => tf.matMul(c, d, true, true)).toThrow(/inner shapes/);
    tf.dispose([a, b, c, d]);
  });
});
