// UnsortedSegmentSum for wasm, which tfjs-backend-wasm 4.22 lacks: tf.gather's gradient (and so
// every embedding layer's) is a segment sum of the upstream gradient by the gathered indices.
// Semantics as TensorFlow's: out[s, ...] = Σ_{i: ids[i] = s} x[i, ...], ids outside
// [0, numSegments) are dropped. One pass over x in JS, summed in float64.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { outputFrom, unsupported, type WasmBackendLike } from './heap.js';

const unsortedSegmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const kernel = 'UnsortedSegmentSum';
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as unknown as { numSegments: number };
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw unsupported(kernel, `input "x" must be float32 or int32; got ${x.dtype}.`);
  if (segmentIds.dtype !== 'int32') throw unsupported(kernel, `input "segmentIds" must be int32; got ${segmentIds.dtype}.`);
  const idRank = segmentIds.shape.length;
  if (idRank < 1 || idRank > x.shape.length || segmentIds.shape.some((d, i) => d !== x.shape[i])) {
    throw unsupported(kernel, `segmentIds' shape [${segmentIds.shape.join(', ')}] must be a prefix of x's shape [${x.shape.join(', ')}].`);
  }
  const wasm = backend as unknown as WasmBackendLike;
  const inner = x.shape.slice(idRank).reduce((p, d) => p * d, 1);
  const ids = wasm.typedArrayFromHeap(segmentIds);
  const xV = wasm.typedArrayFromHeap(x);
  const acc = new Float64Array(numSegments * inner);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue;
    const from = i * inner;
    const to = s * inner;
    for (let j = 0; j < inner; j++) acc[to + j]! += xV[from + j]!;
  }
  return outputFrom(wasm, [numSegments, ...x.shape.slice(idRank)], acc, x.dtype);
};

/** Kernel config for the segment sum tfjs-backend-wasm lacks. */
export const SEGMENT_SUM_KERNELS: readonly KernelConfig[] = [{ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSum }];
