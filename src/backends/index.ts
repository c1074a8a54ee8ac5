/**
 * Pluggable tfjs backends: `useBackend(name)` loads and activates `cpu`, `wasm`, `webgl`, `webgpu`
 * or `tensorflow` (tfjs-node / tfjs-node-gpu with CUDA) on demand, `autoBackend()` picks the
 * fastest available, and `backendInfo()` says what the active one can do. Nothing is registered
 * at import time.
 *
 * @example
 * ```ts
 * import { autoBackend } from 'whetstone/backends';
 * const { name, isGpu } = await autoBackend();
 * ```
 * @module whetstone/backends
 */
export { autoBackend, BACKEND_PREFERENCE, backendInfo, useBackend } from './use-backend.js';
export type { AutoBackendOptions, AutoBackendResult, BackendInfo, BackendName, SkippedBackend, UseBackendOptions, WasmInfo } from './use-backend.js';
export { TRAINING_KERNELS } from './kernels.js';
export { installWasmKernels, uninstallWasmKernels, wasmKernelsInstalled } from './wasm/install.js';
