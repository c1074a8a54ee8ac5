// A Deno test (`deno test`), run by test/backends/webgpu-deno.test.ts (so by `npm test`): whetstone's built ESM
// bundle switches tfjs to WebGPU (Mesa's lavapipe software adapter on CI), computes a matMul and a
// gradient, and compares them with the cpu backend in the same process.
import * as tf from 'npm:@tensorflow/tfjs-core';
import { backendInfo, useBackend } from '../../../dist/backends/index.js';

async function matMulAndGrad(): Promise<{ product: number[][]; grad: number[][] }> {
  const a = tf.tensor2d([[0.5, -1.25, 2], [3, 0.75, -0.5], [1, 1, 1]]);
  const b = tf.tensor2d([[1, 0.5], [-2, 1], [0.25, -3]]);
  const product = tf.matMul(a, b);
  const grad = tf.grad((x: tf.Tensor2D) => tf.sum(tf.square(tf.matMul(x, b))))(a);
  const out = { product: (await product.array()) as number[][], grad: (await grad.array()) as number[][] };
  tf.dispose([a, b, product, grad]);
  return out;
}

function assertClose(actual: number[][], expected: number[][], what: string): void {
  for (let i = 0; i < expected.length; i++) {
    for (let j = 0; j < expected[i]!.length; j++) {
      const a = actual[i]![j]!;
      const e = expected[i]![j]!;
      if (!(Math.abs(a - e) <= 1e-5 * Math.max(1, Math.abs(e)))) throw new Error(`${what}[${i}][${j}]: webgpu ${a}, cpu ${e}`);
    }
  }
}

Deno.test('useBackend("webgpu") computes a matMul and a gradient that agree with cpu', async () => {
  await useBackend('cpu');
  const cpu = await matMulAndGrad();
  const info = await useBackend('webgpu');
  if (info.name !== 'webgpu' || tf.getBackend() !== 'webgpu') throw new Error(`backend is ${tf.getBackend()}`);
  if (!info.isGpu) throw new Error('webgpu should report isGpu');
  const before = tf.memory().numTensors;
  const gpu = await matMulAndGrad();
  if (tf.memory().numTensors !== before) throw new Error('tensors leaked on webgpu');
  assertClose(gpu.product, cpu.product, 'product');
  assertClose(gpu.grad, cpu.grad, 'grad');
  console.log(JSON.stringify({ backend: backendInfo().name, missingKernels: backendInfo().missingKernels }));
});
