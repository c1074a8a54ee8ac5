import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { autoBackend, BACKEND_PREFERENCE, backendInfo, TRAINING_KERNELS, useBackend } from '../../src/backends/index.js';
import { BackendUnavailableError, InvalidArgumentError } from '../../src/core/index.js';
import { describeEachBackend } from '../_support/backends.js';
import { expectNoLeaks } from '../_support/leaks.js';

async function tryImport(name: string): Promise<boolean> {
  try {
    await import(/* @vite-ignore */ name);
    return true;
  } catch {
    return false;
  }
}
const hasTfjsNode = (await tryImport('@tensorflow/tfjs-node')) || (await tryImport('@tensorflow/tfjs-node-gpu'));

/** A matMul and a gradient: the two things every training step needs from a backend. */
async function matMulAndGrad(): Promise<{ product: number[][]; grad: number[][] }> {
  return expectNoLeaks(async () => {
    const a = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const b = tf.tensor2d([[1, 0], [0, 1], [2, -1]]);
    const product = tf.matMul(a, b);
    // d/da sum((a·b)²) = 2 (a·b) bᵀ
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, b))))(a);
    const out = { product: (await product.array()) as number[][], grad: (await grad.array()) as number[][] };
    tf.dispose([a, b, product, grad]);
    return out;
  });
}

describeEachBackend('useBackend', (backend) => {
  it('activates the backend, registers gradients, and computes a matMul and a gradient', async () => {
    const info = await useBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    expect(info.name).toBe(backend);
    const { product, grad } = await matMulAndGrad();
    expect(product).toEqual([[7, -1], [16, -1]]);
    // (a·b) = [[7,-1],[16,-1]]; 2(a·b)bᵀ = [[14,-2,30],[32,-2,66]]
    expect(grad).toEqual([[14, -2, 30], [32, -2, 66]]);
  });

  it('reports the backend in backendInfo()', () => {
    const info = backendInfo();
    expect(info.name).toBe(backend);
    expect(info.isGpu).toBe(false);
    expect(info.floatPrecision).toBe(32);
    expect(Object.isFrozen(info)).toBe(true);
  });
});

describe('backendInfo details', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('cpu has every training kernel', async () => {
    await useBackend('cpu');
    expect(backendInfo().missingKernels).toEqual([]);
    expect(backendInfo().wasm).toBeUndefined();
  });

  it('wasm reports SIMD, no threads in Node, and the kernels stock tfjs-wasm lacks for training', async () => {
    const info = await useBackend('wasm', { fastKernels: false });
    expect(info.wasm).toEqual({ simd: true, threads: false });
    for (const k of ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum']) {
      expect(info.missingKernels).toContain(k);
    }
    expect(info.missingKernels).not.toContain('BatchMatMul');
    // whetstone's wasm kernels (the default) fill every gap.
    expect((await useBackend('wasm')).missingKernels).toEqual([]);
  });

  it('lists only real tfjs kernel names', () => {
    for (const k of TRAINING_KERNELS) expect(tf.getKernel(k, 'cpu'), k).toBeDefined();
  });
});

describe('useBackend failures', () => {
  it.runIf(!hasTfjsNode)("'tensorflow' without tfjs-node says which package to install", async () => {
    const error = await useBackend('tensorflow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toBe(
      "useBackend: backend 'tensorflow' needs @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (CUDA); install one with `npm install @tensorflow/tfjs-node` or `npm install @tensorflow/tfjs-node-gpu`.",
    );
    await expect(useBackend('tensorflow', { package: '@tensorflow/tfjs-node-gpu' })).rejects.toThrow(
      "useBackend: backend 'tensorflow' needs @tensorflow/tfjs-node-gpu; install it with `npm install @tensorflow/tfjs-node-gpu`.",
    );
  });

  const tensorflowTitle = hasTfjsNode
    ? "'tensorflow' runs a matMul and a gradient"
    : "'tensorflow' runs a matMul and a gradient (skipped: neither @tensorflow/tfjs-node nor -gpu is installed here)";
  it.runIf(hasTfjsNode)(tensorflowTitle, async () => {
    const info = await useBackend('tensorflow');
    expect(info.name).toBe('tensorflow');
    expect((await matMulAndGrad()).grad).toEqual([[14, -2, 30], [32, -2, 66]]);
    await useBackend('cpu');
  });

  it('webgpu and webgl say why they cannot run in Node', async () => {
    await expect(useBackend('webgpu')).rejects.toThrow(new BackendUnavailableError("useBackend: backend 'webgpu' needs WebGPU (navigator.gpu), which this runtime lacks; use Deno, or a browser with WebGPU enabled."));
    await expect(useBackend('webgl')).rejects.toThrow(/needs a browser/);
  });

  it('rejects unknown names and options before doing anything', async () => {
    const before = tf.getBackend();
    await expect(useBackend('gpu' as 'cpu')).rejects.toThrow(InvalidArgumentError);
    await expect(useBackend('wasm', { threads: 0 })).rejects.toThrow('useBackend: option "threads" must be an integer >= 1; got 0.');
    expect(tf.getBackend()).toBe(before);
  });
});

describe('autoBackend', () => {
  it('prefers tensorflow > webgpu > webgl > wasm > cpu and reports what it skipped', async () => {
    expect(BACKEND_PREFERENCE).toEqual(['tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu']);
    const result = await autoBackend();
    if (hasTfjsNode) {
      expect(result.name).toBe('tensorflow');
    } else {
      expect(result.name).toBe('wasm');
      expect(result.skipped.map((s) => s.name)).toEqual(['tensorflow', 'webgpu', 'webgl']);
      expect(result.skipped[0]!.reason).toMatch(/tfjs-node/);
    }
    await useBackend('cpu');
  });

  it('follows a given candidate order', async () => {
    const result = await autoBackend({ candidates: ['webgpu', 'cpu'] });
    expect(result.name).toBe('cpu');
    expect(result.skipped.map((s) => s.name)).toEqual(['webgpu']);
  });

  it('fails with every reason when nothing works', async () => {
    await expect(autoBackend({ candidates: ['webgpu', 'webgl'] })).rejects.toThrow(/autoBackend: no backend could be used:\n {2}webgpu: .*\n {2}webgl: /);
  });
});
