// Runs test/backends/deno/webgpu.deno.ts with `deno test`: WebGPU in Deno, through the built ESM
// bundle. Needs a WebGPU adapter; on a machine without a GPU, Mesa's software Vulkan driver gives
// one (Debian: `apt-get install mesa-vulkan-drivers`, which .ci/run installs).
import { describe, expect, it } from 'vitest';
import { DENO, requireBuild, ROOT, run } from '../package/_tools.js';

describe('webgpu in Deno', () => {
  it('useBackend("webgpu") computes a matMul and a gradient that agree with cpu', () => {
    requireBuild();
    let out: string;
    try {
      out = run(DENO, ['test', '--allow-all', '--node-modules-dir=manual', '--no-check', 'test/backends/deno/webgpu.deno.ts'], ROOT);
    } catch (error) {
      const message = String((error as Error).message);
      if (/found no GPU adapter/.test(message)) {
        throw new Error(`No WebGPU adapter in Deno: install Mesa's software driver (apt-get install mesa-vulkan-drivers).\n${message}`);
      }
      throw error;
    }
    expect(out).toMatch(/ok \| 1 passed \| 0 failed/);
    expect(out).toContain('"backend":"webgpu"');
  });
});
