// Child processes for the journal tests: `node --import tsx _workers/<script>` runs the script in
// the spawned process itself (tsx's CLI would run it in a grandchild), so the pid a test kills is
// the pid the worker writes on its trials and lock.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WORKERS = fileURLToPath(new URL('./_workers/', import.meta.url));

/** A running worker script. */
export interface Worker {
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  out(): string;
  /** Its exit code (`null` when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves once its output matches `re`; rejects if it exits first. */
  waitFor(re: RegExp): Promise<void>;
}

const started = new Set<ChildProcess>();

/** Start `_workers/<script>` with `args`. */
export function worker(script: string, args: readonly string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', join(WORKERS, script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  child.on('exit', () => started.delete(child));
  let out = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const onData = (chunk: Buffer): void => {
    out += chunk.toString();
    for (const w of [...waiters]) {
      if (w.re.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    out: () => out,
    exited,
    waitFor: (re) =>
      new Promise<void>((resolve, reject) => {
        if (re.test(out)) return resolve();
        waiters.push({ re, resolve });
        void exited.then(() => setTimeout(() => reject(new Error(`worker ${script} exited before printing ${re}; output:\n${out}`)), 50));
      }),
  };
}

/** Kill the workers this file started that are still running (after a failed test). */
export function killWorkers(): void {
  for (const child of started) child.kill('SIGKILL');
}

/** The pid of a process that has exited and been reaped (so probing it gives ESRCH). */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}
