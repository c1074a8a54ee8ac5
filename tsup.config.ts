import { defineConfig } from 'tsup';
import { readFileSync } from 'node:fs';
import { tsupEntries } from './scripts/entries.mjs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// Entries come from scripts/entries.mjs, which also writes the exports map and typedoc entry
// points, so the three cannot drift apart.
export default defineConfig({
  entry: tsupEntries(),
  format: ['esm', 'cjs'],
  dts: true,
  // One shared chunk per piece of shared code, in both formats: `whetstone/core` and
  // `whetstone/backends` must see the same error classes (instanceof works across subpaths).
  splitting: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  // tfjs-core and tfjs-layers are peers: bundling them would give users a second engine.
  external: [/^@tensorflow\//, 'pg', 'seedrandom', /^node:/],
  // Keep `node:fs/promises` as written: without the prefix, bundlers take it for a package.
  removeNodeProtocol: false,
  outDir: 'dist',
  // whetstone/core's `whetstoneVersion`.
  define: { __WHETSTONE_VERSION__: JSON.stringify(version) },
});
