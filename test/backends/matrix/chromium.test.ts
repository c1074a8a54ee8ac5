// The backend matrix in Chromium: playwright-core drives Debian's headless chromium against a
// page on localhost that loads the built ESM bundle (dist/) and tfjs from node_modules through an
// import map, runs the shared scenarios on webgl and on webgpu (both on SwiftShader, no GPU
// needed) and on cpu, and compares them with Node's cpu backend.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/backends/index.js';
import { requireBuild } from '../../package/_tools.js';
import { CHROMIUM, CHROMIUM_FLAGS, nodeModules, serveMatrixPage } from './_harness.js';
import { compareResults, maxRelativeDifference, runScenarios, summarize, type MatrixResults } from './scenarios.js';

interface PageRun {
  info: { name: string; isGpu: boolean; floatPrecision: number; float32Render?: boolean; missingKernels: string[] };
  results: MatrixResults;
}

describe('backend matrix: Chromium', () => {
  let browser: Browser | undefined;
  let page: Page;
  let server: Awaited<ReturnType<typeof serveMatrixPage>> | undefined;
  let reference: MatrixResults;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireBuild();
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install chromium\` (.ci/run does).`);
    await useBackend('cpu');
    reference = await runScenarios(nodeModules);
    server = await serveMatrixPage();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { matrixReady?: boolean }).matrixReady === true, undefined, { timeout: 30_000 }).catch((error: unknown) => {
      throw new Error(`the matrix page did not load: ${pageErrors.join('\n') || String(error)}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const run = (backend: string): Promise<PageRun> =>
    page.evaluate(async (name) => (window as unknown as { runMatrix(n: string): Promise<PageRun> }).runMatrix(name), backend);

  // cpu in the page runs the kNN scenario through the selection module's quantized pass, compiled
  // and run by Chromium's own WebAssembly engine (the GPU backends keep their search on the device).
  for (const backend of ['webgl', 'webgpu', 'cpu'] as const) {
    it(`${backend}: every scenario agrees with Node cpu`, async () => {
      const started = performance.now();
      const { info, results } = await run(backend);
      console.log(summarize(results, performance.now() - started));
      expect(info.name).toBe(backend);
      expect(results.backend).toBe(backend);
      expect(info.isGpu).toBe(backend !== 'cpu');
      // tfjs-backend-webgl 4.22's own floatPrecision() answers 16 exactly when float32 render
      // targets ARE enabled; backendInfo() corrects that from the flag.
      if (backend === 'webgl') expect(info.float32Render).toBe(true);
      expect(info.floatPrecision).toBe(32);
      console.log(`[matrix] ${results.backend} vs Node cpu: max relative difference ${maxRelativeDifference(results, reference).toExponential(2)}`);
      expect(compareResults(results, reference)).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  }
});
