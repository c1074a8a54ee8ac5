import { spawnSync } from 'node:child_process';
// Small timing harness shared by the benchmarks: warm up, then take the median of repeated runs.

/** Median wall time in milliseconds of `fn` over `runs` runs, after `warmup` unmeasured runs. */
export async function timeIt(fn: () => unknown, { runs = 7, warmup = 2 }: { runs?: number; warmup?: number } = {}): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** One row of a comparison: whetstone's time, the peer's time, and their ratio. */
export interface Row {
  task: string;
  ours: number;
  peer: number;
  peerName: string;
  target?: number;
}

/** Print rows as a table; ratio = ours / peer (below 1 is faster than the peer). */
export function printTable(rows: readonly Row[]): void {
  console.log(`${'task'.padEnd(44)}${'whetstone ms'.padStart(14)}${'peer ms'.padStart(10)}  ${'ratio'.padStart(6)}  peer`);
  for (const r of rows) {
    const ratio = r.ours / r.peer;
    const target = r.target === undefined ? '' : `  (target ≤ ${r.target}${ratio <= r.target ? ', met' : ', MISSED'})`;
    console.log(`${r.task.padEnd(44)}${r.ours.toFixed(2).padStart(14)}${r.peer.toFixed(2).padStart(10)}  ${ratio.toFixed(2).padStart(6)}  ${r.peerName}${target}`);
  }
}

/**
 * Python source defining `median(f, runs)`: `warmup` unmeasured calls (default 1), then the
 * median wall time in ms of `runs` calls — the same protocol as {@link timeIt}, for peers timed in
 * Python.
 */
export function pythonMedian(runs: number, warmup = 1): string {
  return `
def median(f, runs=${runs}):
    for _ in range(${warmup}):
        f()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter(); f(); times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2]
`;
}


/**
 * Run a peer's timing script with Debian's Python (`/usr/bin/python3`, where scikit-learn, torch
 * and friends come from), feeding `input` on stdin.
 *
 * @returns its stdout lines, or `undefined` (after saying why) when Python or a module is missing,
 *   so that the caller can fall back to recorded figures.
 */
export function runPythonPeer(source: string, input?: Buffer): string[] | undefined {
  const run = spawnSync('/usr/bin/python3', ['-c', source], { input, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status === 0) return run.stdout.trim().split('\n');
  console.log(`the Python peer did not run (${(run.stderr || run.error?.message || '').trim().split('\n').pop()}); printing the recorded figures.`);
  return undefined;
}
