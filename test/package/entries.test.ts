// The exports map, the tsup entries, the typedoc entry points and src/index.ts all come from
// scripts/entries.mjs; this fails when any of them has drifted from the folders under src/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drift, moduleNames, tsupEntries } from '../../scripts/entries.mjs';
import { ROOT } from './_tools.js';

describe('generated entry points', () => {
  it('match the folders under src/ (run `npm run entries` when this fails)', () => {
    expect(drift()).toEqual([]);
  });

  it('list exactly the public module folders, core first', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('_') && existsSync(join(ROOT, 'src', d.name, 'index.ts')))
      .map((d) => d.name);
    expect([...moduleNames()].sort()).toEqual(folders.sort());
    expect(moduleNames()[0]).toBe('core');
    expect(Object.keys(tsupEntries())).toEqual(['index', ...moduleNames().map((n) => `${n}/index`)]);
  });

  it('give every module an import and a require condition with its own types, and no placeholder entries', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    expect(Object.keys(pkg.exports)).toEqual(['.', ...moduleNames().map((n) => `./${n}`), './package.json']);
    expect(pkg.exports['./core']).toEqual({
      import: { types: './dist/core/index.d.ts', default: './dist/core/index.js' },
      require: { types: './dist/core/index.d.cts', default: './dist/core/index.cjs' },
    });
    const typedoc = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };
    expect(typedoc.entryPoints).toEqual(moduleNames().map((n) => `src/${n}/index.ts`));
  });
});
