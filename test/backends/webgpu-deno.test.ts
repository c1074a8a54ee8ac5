// Runs test/backends/deno/webgpu.deno.ts with `deno test`: WebGPU in Deno, through the built ESM
// bundle. Needs a WebGPU adapter; on a machine without a GPU, Mesa's software Vulkan driver gives
// one (Debian: `apt-get install mesa-vulkan-drivers`, which .ci/run installs).
import { describe, expect, it } from 'vitest';
import { requireBuild, runDenoWithWebgpu } from '../package/_tools.js';

describe('webgpu in Deno', () => {
  it('useBackend("webgpu") computes a matMul and a gradient that agree with cpu', () => {
    requireBuild();
    const out = runDenoWithWebgpu('test', 'test/backends/deno/webgpu.deno.ts');
    expect(out).toMatch(/ok \| 1 passed \| 0 failed/);
    expect(out).toContain('"backend":"webgpu"');
  });
});
