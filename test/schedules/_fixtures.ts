// The PyTorch reference of scripts/fixtures/schedules.py, and a relative-error helper.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One recorded scheduler run: our factory's options and torch's rates at steps 0 … n − 1. */
export interface TorchCase {
  options: Record<string, unknown>;
  lrs: number[];
}

export interface SchedulesFixture {
  torch: string;
  cases: {
    stepLR: TorchCase[];
    exponentialLR: TorchCase[];
    cosineAnnealingWarmRestarts: TorchCase[];
    oneCycleLR: TorchCase[];
    cyclicLR: TorchCase[];
  };
}

export const fixture: SchedulesFixture = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'schedules.json'), 'utf8'),
) as SchedulesFixture;

/** JSON has no undefined: a null option means "not given". */
export function optionsOf(c: TorchCase): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c.options).filter(([, v]) => v !== null));
}

/** Largest relative difference |a − b| / max(|b|, tiny) over two equal-length series. */
export function maxRelativeError(ours: readonly number[], reference: readonly number[]): number {
  if (ours.length !== reference.length) throw new Error(`lengths differ: ${ours.length} vs ${reference.length}`);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) {
    const scale = Math.max(Math.abs(reference[i]!), 1e-300);
    worst = Math.max(worst, Math.abs(ours[i]! - reference[i]!) / scale);
  }
  return worst;
}

/** The schedule's values at steps 0 … n − 1. */
export function valuesOf(schedule: (step: number) => number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => schedule(i));
}
