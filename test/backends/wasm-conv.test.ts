// whetstone's wasm kernels for CNN and embedding training (issue 9, part 2): each new kernel
// against the cpu backend's kernel on random inputs, for every stride / padding combination,
// then through the gradients of tf.conv2d, tf.depthwiseConv2d and tf.gather.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { installWasmKernels, useBackend } from '../../src/backends/index.js';
import { createRng, InvalidArgumentError } from '../../src/core/index.js';
import { expectNoLeaks } from '../_support/leaks.js';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
const PADS: Pad[] = ['same', 'valid', 1, [[0, 0], [1, 2], [2, 0], [0, 0]]];
const STRIDES: (number | [number, number])[] = [1, 2, [2, 1]];

function randomValues(n: number, seed: number | string): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}
const size = (shape: number[]): number => shape.reduce((p, d) => p * d, 1);

/** Run one kernel on a backend with inputs made from plain arrays; values and shape back. */
async function runOn(backend: 'cpu' | 'wasm', kernel: string, inputs: Record<string, { shape: number[]; values: Float32Array | Int32Array }>, attrs: object): Promise<{ shape: number[]; values: Float32Array }> {
  await useBackend(backend);
  const dataIds = (): number => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
  const before = dataIds();
  const result = await expectNoLeaks(() => {
    const ts: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) ts[k] = tf.tensor(v.values, v.shape, v.values instanceof Int32Array ? 'int32' : 'float32');
    try {
      const out = tf.engine().runKernel(kernel, ts as never, attrs as never) as tf.Tensor;
      const result = { shape: out.shape, values: out.dataSync() as Float32Array };
      out.dispose();
      return result;
    } finally {
      tf.dispose(Object.values(ts));
    }
  }).finally(() => expect(dataIds(), `${kernel} left heap blocks behind`).toBe(before));
  return result;
}

/** max |a − b| / max |b|: float32 sums in a different order differ at that scale, not elementwise. */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

async function expectSameOnBoth(kernel: string, inputs: Record<string, { shape: number[]; values: Float32Array | Int32Array }>, attrs: object, label: string): Promise<void> {
  const cpu = await runOn('cpu', kernel, inputs, attrs);
  const wasm = await runOn('wasm', kernel, inputs, attrs);
  expect(wasm.shape, label).toEqual(cpu.shape);
  expect(relDiff(wasm.values, cpu.values), label).toBeLessThanOrEqual(1e-4);
  expect(cpu.values.some((v) => v !== 0), label).toBe(true);
}

function dyShape(xShape: number[], filterShape: number[], strides: number | [number, number], pad: Pad, depthwise: boolean): number[] {
  const info = tf.backend_util.computeConv2DInfo(xShape as never, filterShape as never, strides, 1, pad, 'floor', depthwise);
  return [...info.outShape];
}

describe('wasm kernels that tfjs-wasm lacks, against the cpu kernels', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('Conv2DBackpropFilter: every stride × padding, several shapes', async () => {
    let seed = 0;
    for (const [xShape, filterShape] of [[[2, 9, 8, 3], [3, 3, 3, 4]], [[3, 7, 7, 1], [2, 3, 1, 5]], [[1, 6, 5, 2], [1, 1, 2, 3]]] as number[][][]) {
      for (const strides of STRIDES) {
        for (const pad of PADS) {
          const dy = dyShape(xShape!, filterShape!, strides, pad, false);
          const label = `x ${xShape} w ${filterShape} strides ${strides} pad ${JSON.stringify(pad)}`;
          await expectSameOnBoth(
            'Conv2DBackpropFilter',
            { x: { shape: xShape!, values: randomValues(size(xShape!), ++seed) }, dy: { shape: dy, values: randomValues(size(dy), ++seed) } },
            { strides, pad, dataFormat: 'NHWC', dimRoundingMode: 'floor', filterShape },
            label,
          );
        }
      }
    }
  });

  it('Conv2DBackpropFilter splits large batches into im2col blocks with the same result', async () => {
    // K = 4·4·8 = 128 rows by 64·30·30 columns is over the 4M-element block: several blocks. The
    // cpu kernel takes seconds here, so the reference is a float64 loop over the definition.
    const [b, h, w, ci, kh, kw, co] = [64, 30, 30, 8, 4, 4, 2];
    const x = randomValues(b * h * w * ci, 'bx');
    const dy = randomValues(b * h * w * co, 'bdy');
    // With 'valid' the output is smaller than this dy: refused rather than read past its end.
    await expect(runOn('wasm', 'Conv2DBackpropFilter', { x: { shape: [b, h, w, ci], values: x }, dy: { shape: [b, h, w, co], values: dy } }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [kh, kw, ci, co] })).rejects.toThrow(
      "Conv2DBackpropFilter (whetstone's wasm kernel): dy has shape [64, 30, 30, 2] but the convolution's output shape is [64, 27, 27, 2].",
    );
    const pad = 'same';
    const { top, left } = tf.backend_util.computeConv2DInfo([b, h, w, ci], [kh, kw, ci, co], 1, 1, pad).padInfo;
    const got = await runOn('wasm', 'Conv2DBackpropFilter', { x: { shape: [b, h, w, ci], values: x }, dy: { shape: [b, h, w, co], values: dy } }, { strides: 1, pad, dataFormat: 'NHWC', filterShape: [kh, kw, ci, co] });
    const want = new Float64Array(kh * kw * ci * co);
    for (let n = 0; n < b; n++)
      for (let oh = 0; oh < h; oh++)
        for (let ow = 0; ow < w; ow++)
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) {
              const ih = oh + i - top;
              const iw = ow + j - left;
              if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
              for (let c = 0; c < ci; c++)
                for (let o = 0; o < co; o++) want[((i * kw + j) * ci + c) * co + o]! += x[((n * h + ih) * w + iw) * ci + c]! * dy[((n * h + oh) * w + ow) * co + o]!;
            }
    expect(got.shape).toEqual([kh, kw, ci, co]);
    expect(relDiff(got.values, want)).toBeLessThanOrEqual(1e-5);
  });

  it('DepthwiseConv2dNativeBackpropFilter and ...BackpropInput: every stride × padding, channel multipliers 1 and 3', async () => {
    let seed = 100;
    for (const [xShape, filterShape] of [[[2, 9, 8, 3], [3, 3, 3, 1]], [[3, 7, 6, 2], [2, 3, 2, 3]]] as number[][][]) {
      for (const strides of STRIDES) {
        for (const pad of PADS) {
          const dy = dyShape(xShape!, filterShape!, strides, pad, true);
          const label = `x ${xShape} w ${filterShape} strides ${strides} pad ${JSON.stringify(pad)}`;
          const dyIn = { shape: dy, values: randomValues(size(dy), ++seed) };
          await expectSameOnBoth(
            'DepthwiseConv2dNativeBackpropFilter',
            { x: { shape: xShape!, values: randomValues(size(xShape!), ++seed) }, dy: dyIn },
            { strides, pad, dilations: 1, dimRoundingMode: 'floor', filterShape },
            `filter ${label}`,
          );
          await expectSameOnBoth(
            'DepthwiseConv2dNativeBackpropInput',
            { dy: dyIn, filter: { shape: filterShape!, values: randomValues(size(filterShape!), ++seed) } },
            { strides, pad, dilations: 1, dimRoundingMode: 'floor', inputShape: xShape },
            `input ${label}`,
          );
        }
      }
    }
  });

  it('UnsortedSegmentSum: repeated, missing and out-of-range ids, rank-1 and rank-3 values', async () => {
    const ids = Int32Array.from([3, 0, 3, 1, 3, 0, 4, 1]);
    for (const xShape of [[8], [8, 5], [8, 2, 3]]) {
      await expectSameOnBoth(
        'UnsortedSegmentSum',
        { x: { shape: xShape, values: randomValues(size(xShape), `seg${xShape.length}`) }, segmentIds: { shape: [8], values: ids } },
        { numSegments: 6 },
        `x ${xShape}`,
      );
    }
    // TensorFlow drops ids outside [0, numSegments); so does whetstone's kernel.
    const wasm = await runOn('wasm', 'UnsortedSegmentSum', { x: { shape: [4], values: Float32Array.from([1, 2, 4, 8]) }, segmentIds: { shape: [4], values: Int32Array.from([0, -1, 2, 1]) } }, { numSegments: 2 });
    expect(Array.from(wasm.values)).toEqual([1, 8]);
  });

  it('throws a clear error for unsupported attributes', async () => {
    await useBackend('wasm');
    const x = tf.ones([1, 4, 4, 2]);
    const dy = tf.ones([1, 4, 4, 2]);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 2] })).toThrow(
      new InvalidArgumentError("Conv2DBackpropFilter (whetstone's wasm kernel): dataFormat 'NCHW' is not supported; only 'NHWC' is."),
    );
    expect(() => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dilations: 2, filterShape: [3, 3, 2, 1] })).toThrow(/dilations must be 1; got 2/);
    const xi = tf.ones([4, 2], 'int32');
    expect(() => tf.engine().runKernel('UnsortedSegmentSum', { x, segmentIds: xi }, { numSegments: 2 })).toThrow(/must be a prefix of x's shape/);
    tf.dispose([x, dy, xi]);
  });
});

/** Gradients of `f` at `inputs` on one backend, as plain arrays. */
async function gradsOn(backend: 'cpu' | 'wasm', f: (...xs: tf.Tensor[]) => tf.Scalar, inputs: () => tf.Tensor[]): Promise<Float32Array[]> {
  await useBackend(backend);
  // Heap blocks, not just engine tensors: a kernel's undisposed temporary shows up only here.
  const dataIds = (): number => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
  const before = dataIds();
  const out = await expectNoLeaks(() => {
    const xs = inputs();
    const gs = tf.grads(f)(xs);
    const values = gs.map((g) => g.dataSync() as Float32Array);
    tf.dispose([...xs, ...gs]);
    return values;
  });
  expect(dataIds()).toBe(before);
  return out;
}

describe('gradients on wasm equal the cpu backend', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('tf.conv2d (input and filter), strides and paddings', async () => {
    installWasmKernels();
    for (const strides of [1, 2] as const) {
      for (const pad of ['same', 'valid'] as const) {
        const inputs = (): tf.Tensor[] => [tf.tensor(randomValues(2 * 8 * 8 * 3, 'cx'), [2, 8, 8, 3]), tf.tensor(randomValues(3 * 3 * 3 * 4, 'cw'), [3, 3, 3, 4])];
        const f = (x: tf.Tensor, w: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, pad)));
        const cpu = await gradsOn('cpu', f as never, inputs);
        const wasm = await gradsOn('wasm', f as never, inputs);
        for (let i = 0; i < 2; i++) expect(relDiff(wasm[i]!, cpu[i]!), `${strides} ${pad} input ${i}`).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it('tf.depthwiseConv2d (input and filter)', async () => {
    for (const strides of [1, 2] as const) {
      for (const pad of ['same', 'valid'] as const) {
        const inputs = (): tf.Tensor[] => [tf.tensor(randomValues(2 * 7 * 7 * 3, 'dx'), [2, 7, 7, 3]), tf.tensor(randomValues(3 * 3 * 3 * 2, 'dw'), [3, 3, 3, 2])];
        const f = (x: tf.Tensor, w: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, pad)));
        const cpu = await gradsOn('cpu', f as never, inputs);
        const wasm = await gradsOn('wasm', f as never, inputs);
        for (let i = 0; i < 2; i++) expect(relDiff(wasm[i]!, cpu[i]!), `${strides} ${pad} input ${i}`).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it('tf.gather (an embedding lookup with repeated indices)', async () => {
    const inputs = (): tf.Tensor[] => [tf.tensor(randomValues(10 * 4, 'gx'), [10, 4])];
    const f = (table: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.gather(table, tf.tensor1d([3, 1, 3, 9, 0, 3], 'int32'))));
    const cpu = await gradsOn('cpu', f as never, inputs);
    const wasm = await gradsOn('wasm', f as never, inputs);
    expect(relDiff(wasm[0]!, cpu[0]!)).toBeLessThanOrEqual(1e-6);
  });
});
