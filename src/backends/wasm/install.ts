// Installing and removing whetstone's wasm kernels (issue 9). Two kinds:
// - overrides of stock kernels (BatchMatMul, _FusedMatMul), whose original configs are kept so
//   that uninstalling re-registers the very same objects;
// - kernels the wasm backend lacks (the conv gradients, UnsortedSegmentSum), which uninstalling
//   unregisters. A kernel a later tfjs-wasm ships itself is left alone.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../../core/errors.js';
import { CONV_BACKPROP_KERNELS } from './conv-backprop.js';
import { unflaggedMatMul } from './matmul.js';
import { SEGMENT_SUM_KERNELS } from './segment-sum.js';

/** Stock wasm kernels that whetstone overrides. */
const OVERRIDDEN = ['BatchMatMul', '_FusedMatMul'] as const;

/** Original configs of overridden kernels, while installed. */
const originals = new Map<string, KernelConfig>();
/** Names of kernels whetstone added because wasm had none, while installed. */
const added: string[] = [];
let installed = false;

/**
 * Whether whetstone's wasm kernels are registered right now.
 *
 * @returns `true` between {@link installWasmKernels} and {@link uninstallWasmKernels}.
 * @example
 * ```ts
 * await useBackend('wasm');
 * wasmKernelsInstalled(); // true: useBackend installs them unless { fastKernels: false }
 * ```
 * @see installWasmKernels
 */
export function wasmKernelsInstalled(): boolean {
  return installed;
}

/**
 * Register whetstone's kernels for the tfjs wasm backend: faster `BatchMatMul` / `_FusedMatMul`
 * with `transposeA` / `transposeB` (the flagged operand is transposed by the backend's own
 * Transpose kernel, then the stock kernel runs unflagged: same float32 products, 20–30× faster on
 * tfjs-backend-wasm 4.22), and the kernels CNN and embedding training need that wasm lacks
 * (`Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropInput`, `UnsortedSegmentSum`; NHWC, dilation 1). Kernels are
 * global to tfjs, like the backend itself. Idempotent. {@link useBackend} calls it for `'wasm'`
 * unless given `{ fastKernels: false }`; call it yourself only if you set the backend yourself.
 *
 * @returns the kernel names whetstone now serves for wasm (overrides first, then additions).
 * @throws {@link "whetstone/core"!BackendUnavailableError} when tfjs-backend-wasm has not
 *   registered its kernels with this tfjs-core (not imported yet, or a second copy of tfjs-core).
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * await tf.setBackend('wasm');
 * installWasmKernels(); // ['BatchMatMul', '_FusedMatMul', 'Conv2DBackpropFilter', …]
 * ```
 * @see https://github.com/tensorflow/tfjs/tree/master/tfjs-backend-wasm (the stock kernels)
 */
export function installWasmKernels(): string[] {
  if (installed) return [...originals.keys(), ...added];
  const stock = OVERRIDDEN.map((name) => tf.getKernel(name, 'wasm') as KernelConfig | undefined);
  if (stock.some((k) => k === undefined)) {
    throw new BackendUnavailableError(
      'installWasmKernels: @tensorflow/tfjs-backend-wasm has not registered its kernels with the tfjs-core whetstone uses; ' +
        "call `await useBackend('wasm')` (or import '@tensorflow/tfjs-backend-wasm') first.",
    );
  }
  stock.forEach((original) => {
    const config = original!;
    originals.set(config.kernelName, config);
    tf.unregisterKernel(config.kernelName, 'wasm');
    // setupFunc / disposeFunc pass through so that a re-created wasm backend still sets up the
    // stock kernel's wasm bindings, which the override calls.
    tf.registerKernel({ ...config, kernelFunc: unflaggedMatMul(config) });
  });
  for (const config of [...CONV_BACKPROP_KERNELS, ...SEGMENT_SUM_KERNELS]) {
    if (tf.getKernel(config.kernelName, 'wasm') !== undefined) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  installed = true;
  return [...originals.keys(), ...added];
}

/**
 * Undo {@link installWasmKernels}: re-register the stock kernel configs (the very objects that
 * were registered before) and unregister the kernels whetstone added. Idempotent.
 *
 * @returns nothing.
 * @throws never.
 * @example
 * ```ts
 * uninstallWasmKernels(); // stock tfjs-wasm again, e.g. to compare against it
 * ```
 * @see installWasmKernels
 */
export function uninstallWasmKernels(): void {
  if (!installed) return;
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
  for (const name of added) tf.unregisterKernel(name, 'wasm');
  originals.clear();
  added.length = 0;
  installed = false;
}
