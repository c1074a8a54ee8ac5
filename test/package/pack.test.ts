// The published artifact, as a user gets it: `npm pack`, install the tarball into an empty project
// beside tfjs, then import every subpath with ESM `import` and CJS `require` in plain Node, through
// `npm:` specifiers in Deno, and type-check both kinds of type files with module "nodenext".
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENO, installedVersion, lastJson, requireBuild, ROOT, run } from './_tools.js';

interface CheckResult {
  exports: Record<string, number>;
  backend: string;
  product: number[][];
  uniform: number;
  sameClassAcrossSubpaths: boolean;
  errorFromBackendsIsCoreClass: boolean;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; exports: Record<string, unknown> };
const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? 'whetstone' : `whetstone/${k.slice(2)}`));
let dir = '';
let packedFiles: string[] = [];

beforeAll(() => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'whetstone-pack-'));
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed[0]!.files.map((f) => f.path);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const tf = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu'].map((n) => `${n}@${installedVersion(n)}`);
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${packed[0]!.filename}`, ...tf], dir);
  for (const f of readdirSync(join(ROOT, 'test', 'package', 'consumer'))) copyFileSync(join(ROOT, 'test', 'package', 'consumer', f), join(dir, f));
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function expectWorking(result: CheckResult, expectedSubpaths: readonly string[]): void {
  expect(Object.keys(result.exports).sort()).toEqual([...expectedSubpaths].sort());
  for (const [s, n] of Object.entries(result.exports)) expect(n, `${s} exports nothing`).toBeGreaterThan(0);
  expect(result.backend).toBe('cpu');
  expect(result.product).toEqual([[11]]);
  expect(result.uniform).toBe(0.09395752951382752);
  expect(result.sameClassAcrossSubpaths).toBe(true);
  expect(result.errorFromBackendsIsCoreClass).toBe(true);
}

describe('npm pack', () => {
  it('ships only dist/ plus package.json, README, LICENSE and CHANGELOG', () => {
    const outside = packedFiles.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(f));
    expect(outside).toEqual([]);
    for (const s of subpaths) {
      const base = s === 'whetstone' ? 'dist/index' : `dist/${s.slice('whetstone/'.length)}/index`;
      for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts']) expect(packedFiles, `${base}${ext}`).toContain(`${base}${ext}`);
    }
  });

  it('imports every subpath with ESM import in Node', () => {
    expectWorking(lastJson<CheckResult>(run('node', ['check.mjs', 'import'], dir)), subpaths);
  });

  it('requires every subpath with CJS require in Node', () => {
    expectWorking(lastJson<CheckResult>(run('node', ['check.mjs', 'require'], dir)), subpaths);
  });

  it('imports through npm: specifiers in Deno', () => {
    const out = run(DENO, ['run', '--allow-all', '--node-modules-dir=manual', 'check.deno.ts'], dir);
    expectWorking(lastJson<CheckResult>(out), subpaths);
  });

  it('type-checks against both the import and the require type files', () => {
    run('node', [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], dir);
  });
});
