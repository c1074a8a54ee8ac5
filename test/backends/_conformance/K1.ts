// Conformance cases for whetstone's wasm kernels, gathered by test/backends/conformance.ts.
import { installWasmKernels, uninstallWasmKernels, useBackend, wasmKernelsInstalled } from '../../../src/backends/index.js';
import type { ConformanceCase } from '../../conformance/registry.js';

export const cases: ConformanceCase[] = [
  {
    name: 'useBackend',
    call: (_args, options) => useBackend('wasm', options),
    args: () => [],
    options: { fastKernels: true },
    badOptions: [{ fastKernels: 'yes' }, { fastKernels: 1 }, { fastKernel: true }],
    backend: 'wasm',
  },
  { name: 'installWasmKernels', call: () => installWasmKernels(), args: () => [], badOptions: [], backend: 'wasm' },
  { name: 'uninstallWasmKernels', call: () => (uninstallWasmKernels(), installWasmKernels()), args: () => [], badOptions: [], backend: 'wasm' },
  { name: 'wasmKernelsInstalled', call: () => wasmKernelsInstalled(), args: () => [], badOptions: [], backend: 'wasm' },
];
