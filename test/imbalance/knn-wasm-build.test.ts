import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasToolchain = ['clang', 'wasm-ld'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);

describe('the kNN selection module', () => {
  // .ci/run installs clang and lld; elsewhere the test reports itself skipped.
  it.skipIf(!hasToolchain)('is exactly what scripts/build-knn-wasm.sh makes of knn-select.c', () => {
    const dir = mkdtempSync(join(tmpdir(), 'knn-wasm-'));
    try {
      const out = join(dir, 'knn-select-wasm.ts');
      execFileSync('sh', [join(root, 'scripts/build-knn-wasm.sh')], { env: { ...process.env, OUT: out }, stdio: ['ignore', 'ignore', 'pipe'] });
      const committed = readFileSync(join(root, 'src/imbalance/_internal/wasm/knn-select-wasm.ts'), 'utf8');
      expect(readFileSync(out, 'utf8')).toBe(committed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
