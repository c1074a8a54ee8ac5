import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasToolchain = ['clang', 'wasm-ld'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);
const modules = ['src/imbalance/_internal/wasm/knn-select-wasm.ts', 'src/calibration/_internal/wasm/isotonic-fit-wasm.ts'];

describe('the committed WebAssembly modules', () => {
  // .ci/run installs clang and lld; elsewhere the test reports itself skipped.
  it.skipIf(!hasToolchain)('are exactly what scripts/build-wasm.sh makes of their C sources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasm-build-'));
    try {
      execFileSync('sh', [join(root, 'scripts/build-wasm.sh')], { env: { ...process.env, OUT: dir }, stdio: ['ignore', 'ignore', 'pipe'] });
      for (const file of modules) {
        const name = file.split('/').pop()!;
        expect(readFileSync(join(dir, name), 'utf8'), file).toBe(readFileSync(join(root, file), 'utf8'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
