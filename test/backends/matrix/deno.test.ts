// The backend matrix in Deno: a child `deno run` of deno/matrix.deno.mjs runs the shared scenarios
// through the built ESM bundle on cpu and on webgpu (Mesa's lavapipe software adapter where there
// is no GPU: `apt-get install mesa-vulkan-drivers`, which .ci/run does); both are compared with
// Node's cpu backend here.
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/backends/index.js';
import { lastJson, requireBuild, runDenoWithWebgpu } from '../../package/_tools.js';
import { nodeModules } from './_harness.js';
import { compareResults, maxRelativeDifference, runScenarios, summarize, type MatrixResults } from './scenarios.js';

interface DenoRun {
  cpu: MatrixResults;
  cpuMs: number;
  webgpu: MatrixResults;
  webgpuMs: number;
  info: { name: string; isGpu: boolean; floatPrecision: number };
}

describe('backend matrix: Deno', () => {
  it('webgpu (and Deno cpu): every scenario agrees with Node cpu', async () => {
    requireBuild();
    await useBackend('cpu');
    const reference = await runScenarios(nodeModules);
    const out = runDenoWithWebgpu('run', 'test/backends/matrix/deno/matrix.deno.mjs');
    const r = lastJson<DenoRun>(out);
    console.log(summarize(r.cpu, r.cpuMs).replace('] cpu', '] deno cpu'));
    console.log(summarize(r.webgpu, r.webgpuMs).replace('] webgpu', '] deno webgpu'));
    console.log(`[matrix] deno webgpu vs Node cpu: max relative difference ${maxRelativeDifference(r.webgpu, reference).toExponential(2)}`);
    expect(r.info).toEqual({ name: 'webgpu', isGpu: true, floatPrecision: 32 });
    expect(r.webgpu.backend).toBe('webgpu');
    expect(compareResults(r.cpu, reference)).toEqual([]);
    expect(compareResults(r.webgpu, reference)).toEqual([]);
  });
});
