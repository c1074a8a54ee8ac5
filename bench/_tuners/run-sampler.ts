// Runs whetstone samplers through real studies for bench/tuners.bench.ts: regret on the test
// functions, and the cost of a trial (suggestions + study bookkeeping) at 100 trials × 10 params.
import { createRng } from '../../src/core/rng.js';
import { createStudy } from '../../src/tuners/study.js';
import type { Sampler, Trial } from '../../src/tuners/types.js';
import type { TestFunction } from './functions.js';

/** Builds a sampler for a seed. */
export type SamplerFactory = (seed: number) => Sampler;

/**
 * Best value found minus the known minimum, for one study of `trials` trials per seed.
 *
 * @returns one regret per seed (`seed0`, `seed0 + 1`, …), in seed order.
 */
export async function regrets(make: SamplerFactory, fn: TestFunction, seeds: number, trials: number, seed0 = 0): Promise<number[]> {
  const out: number[] = [];
  for (let seed = seed0; seed < seed0 + seeds; seed++) {
    const study = await createStudy({ sampler: make(seed), seed });
    await study.optimize((t) => fn.f(fn.bounds.map(([lo, hi], i) => t.float(`x${i}`, lo, hi))), { trials, progress: false });
    out.push(study.bestValue - fn.minimum);
  }
  return out;
}

/**
 * Milliseconds per trial of a whole `trials`-trial study of a `params`-dimensional sphere (so the
 * objective costs nothing): the mean over the study, median over `seeds` studies, after one
 * unmeasured study so that the JIT has compiled the sampler (the steady state of a long-running
 * process). The same protocol as bench/_tuners/optuna_peer.py's `cost`, which needs no warm-up.
 */
export async function costPerTrial(make: SamplerFactory, seeds: number, trials = 100, params = 10): Promise<number> {
  const objective = (t: Trial): number => {
    let s = 0;
    for (let i = 0; i < params; i++) s += t.float(`x${i}`, -5, 5) ** 2;
    return s;
  };
  const perTrial: number[] = [];
  for (let seed = -1; seed < seeds; seed++) {
    const study = await createStudy({ sampler: make(seed), seed });
    const t0 = performance.now();
    await study.optimize(objective, { trials, progress: false });
    if (seed >= 0) perTrial.push((performance.now() - t0) / trials);
  }
  return median(perTrial);
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * A bootstrap 90% interval of median(ours) / median(theirs) (each sample resampled with
 * replacement, seeded): how far the ratio moves with the seeds alone.
 */
export function ratioInterval(ours: readonly number[], theirs: readonly number[], resamples = 2000): [number, number] {
  const rng = createRng('bench-bootstrap');
  const draw = (xs: readonly number[]): number[] => Array.from({ length: xs.length }, () => xs[rng.integer(0, xs.length)]!);
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) ratios.push(median(draw(ours)) / median(draw(theirs)));
  ratios.sort((a, b) => a - b);
  return [ratios[Math.floor(0.05 * resamples)]!, ratios[Math.floor(0.95 * resamples)]!];
}
