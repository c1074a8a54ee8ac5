import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The Deno binary from the `deno` dev dependency. */
export const DENO = join(ROOT, 'node_modules', '.bin', 'deno');

/** Fail early, with the fix, when the tests that use dist/ run before a build. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'core', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does).');
  }
}

/** Run a command, returning stdout; throws with stdout and stderr when it fails. */
export function run(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): string {
  const r: SpawnSyncReturns<string> = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp', NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
  return r.stdout;
}

/** The last line of output that parses as JSON (tfjs prints banners before it). */
export function lastJson<T>(output: string): T {
  const line = output.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`no JSON line in output:\n${output}`);
  return JSON.parse(line) as T;
}

/** The exact installed version of a package in the repository's node_modules. */
export function installedVersion(name: string): string {
  return (JSON.parse(execFileSync('node', ['-p', `JSON.stringify(require('${name}/package.json'))`], { cwd: ROOT, encoding: 'utf8' })) as { version: string }).version;
}

/**
 * Run a Deno script that needs WebGPU (from ROOT, with node_modules, no type check), turning
 * Deno's "found no GPU adapter" into a message that says which package provides one.
 */
export function runDenoWithWebgpu(subcommand: 'run' | 'test', script: string): string {
  try {
    return run(DENO, [subcommand, '--allow-all', '--node-modules-dir=manual', '--no-check', script], ROOT);
  } catch (error) {
    const message = String((error as Error).message);
    if (/found no GPU adapter/.test(message)) {
      throw new Error(`No WebGPU adapter in Deno: install Mesa's software driver (apt-get install mesa-vulkan-drivers).\n${message}`);
    }
    throw error;
  }
}
