// `whetstone/core` must stand alone: importing it pulls in nothing from the other modules, from
// source (every input of the bundle lies under src/core/) and from the built package (the bundle
// holds no code of another module, and the root barrel tree-shakes down to what is used).
import { build, type Metafile } from 'esbuild';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, ROOT } from './_tools.js';

const external = ['@tensorflow/*', 'seedrandom', 'node:*'];

async function bundle(contents: string): Promise<{ code: string; metafile: Metafile }> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    minify: false,
    treeShaking: true,
    metafile: true,
    external,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, metafile: result.metafile };
}

// Strings that only the backends module contains; any of them in a core bundle means a leak.
const BACKENDS_MARKERS = ['useBackend', 'autoBackend', 'Conv2DBackpropFilter', 'tfjs-backend-wasm'];

describe('whetstone/core is independent of the other modules', () => {
  beforeAll(() => requireBuild());

  it('from source: every bundled input lies under src/core/', async () => {
    const { metafile } = await bundle(`export * from './src/core/index.ts';`);
    const inputs = Object.keys(metafile.inputs).filter((p) => p !== '<stdin>').map((p) => relative(ROOT, join(ROOT, p)));
    expect(inputs.length).toBeGreaterThan(1);
    expect(inputs.filter((p) => !p.startsWith('src/core/'))).toEqual([]);
  });

  it('from dist: the core entry bundles no code of another module', async () => {
    const { code } = await bundle(`export * from './dist/core/index.js';`);
    for (const marker of BACKENDS_MARKERS) expect(code, marker).not.toContain(marker);
    expect(code).toContain('createRng');
  });

  it('from dist: one function imported from the root barrel tree-shakes the rest away', async () => {
    const { code } = await bundle(`import { createRng } from './dist/index.js'; console.log(createRng(1).uniform());`);
    for (const marker of BACKENDS_MARKERS) expect(code, marker).not.toContain(marker);
    const full = await bundle(`export * from './dist/index.js';`);
    expect(code.length).toBeLessThan(full.code.length / 2);
  });
});
