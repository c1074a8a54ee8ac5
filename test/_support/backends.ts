import { beforeAll, describe } from 'vitest';
import { useBackend, type BackendName } from '../../src/backends/index.js';

/**
 * Backends the per-backend tests run on in Node: `WHETSTONE_TEST_BACKENDS=cpu,wasm` (the default).
 * Browser and Deno backends have their own runners (see test/backends/).
 */
export const TEST_BACKENDS: readonly BackendName[] = (process.env.WHETSTONE_TEST_BACKENDS ?? 'cpu,wasm')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean) as BackendName[];

/**
 * Run a block of tests once per backend: `describeEachBackend('matMul', (backend) => { it(…) })`.
 * Each block switches tfjs to its backend first; blocks in one file run one after the other.
 */
export function describeEachBackend(title: string, body: (backend: BackendName) => void, backends: readonly BackendName[] = TEST_BACKENDS): void {
  for (const backend of backends) {
    describe(`${title} [${backend}]`, () => {
      beforeAll(async () => {
        await useBackend(backend);
      });
      body(backend);
    });
  }
}
