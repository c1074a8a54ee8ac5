// The few members of tfjs-backend-wasm's BackendWasm that whetstone's kernels use. Typed here
// (not imported) because the backend is an optional peer that library code never imports.
import * as tf from '@tensorflow/tfjs-core';
import type { DataType, KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../../core/errors.js';

/** The wasm backend as its kernels see it (tfjs-backend-wasm 4.x, dist/backend_wasm.js). */
export interface WasmBackendLike {
  /** Allocate a tensor on the wasm heap; its values are uninitialised. */
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A view of a tensor's values on the heap; invalid once the heap grows (any later allocation). */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  /** Drop one reference to a tensor's data, freeing it at zero. */
  disposeData(dataId: object): boolean;
}

/** Run a kernel registered for 'wasm' directly, outside the engine (no tape, no tracking). */
export function runWasmKernel(name: string, inputs: NamedTensorInfoMap, backend: WasmBackendLike, attrs: NamedAttrMap = {}): TensorInfo {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`whetstone wasm kernels: the wasm backend has no ${name} kernel.`);
  return config.kernelFunc({ inputs, backend: backend as unknown as tf.KernelBackend, attrs }) as TensorInfo;
}

/** Run a given kernel config (kept from before an override) with new inputs and attributes. */
export function runConfig(config: KernelConfig, inputs: NamedTensorInfoMap, backend: WasmBackendLike, attrs: NamedAttrMap): TensorInfo {
  return config.kernelFunc({ inputs, backend: backend as unknown as tf.KernelBackend, attrs }) as TensorInfo;
}

/**
 * Copy float values into a new float32 tensor on the heap. The view is taken after the
 * allocation: malloc may grow the heap, which detaches earlier views.
 */
export function outputFrom(backend: WasmBackendLike, shape: number[], values: ArrayLike<number>, dtype: 'float32' | 'int32' = 'float32'): TensorInfo {
  const out = backend.makeOutput(shape, dtype);
  const view = backend.typedArrayFromHeap(out);
  for (let i = 0; i < view.length; i++) view[i] = values[i]!;
  return out;
}

/** The error whetstone's wasm kernels throw for attributes they do not implement. */
export function unsupported(kernel: string, what: string): InvalidArgumentError {
  return new InvalidArgumentError(`${kernel} (whetstone's wasm kernel): ${what}`);
}
