import { autoBackend, useBackend } from '../../src/backends/index.js';
import type { BackendName } from '../../src/backends/index.js';
import { defineCases } from '../conformance/registry.js';
import { cases as wasmKernelCases } from './_conformance/K1.js';

export default defineCases([
  {
    name: 'useBackend',
    call: ([name], options) => useBackend(name as BackendName, options),
    args: () => ['cpu'],
    badOptions: [{ threds: 2 }, { threads: 0 }, { threads: 1.5 }, { wasmPaths: 5 }, { wasmPaths: '' }, { package: 'tfjs-node' }, { fastKernels: 'yes' }],
    badArgs: [() => ['gpu'], () => [undefined], () => ['CPU']],
  },
  {
    name: 'autoBackend',
    call: (_args, options) => autoBackend(options),
    args: () => [],
    options: { candidates: ['cpu'] },
    badOptions: [{ candidates: [] }, { candidates: ['gpu'] }, { candidates: 'cpu' }, { order: ['cpu'] }],
  },
  ...wasmKernelCases,
]);
