// Typed access to test/fixtures/optimizers.json, written by scripts/fixtures/optimizers.py (PyTorch 1.13).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Parameters (or gradients) by name: `w` is 3×4, `b` has 5 entries. */
export type ParamValues = { w: number[][]; b: number[] };

export interface TorchRun {
  name: string;
  torch: { optimizer: string; kwargs: Record<string, unknown>; scheduler?: Record<string, unknown> };
  /** The whetstone factory that should match, or null for a record kept for comparison only. */
  factory: string | null;
  options: Record<string, unknown> | null;
  trajectory: ParamValues[];
}

export interface OptimizersFixtures {
  torch: string;
  numpy: string;
  seed: number;
  steps: number;
  params0: ParamValues;
  grads: ParamValues[];
  runs: TorchRun[];
}

const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = JSON.parse(readFileSync(join(here, '..', 'fixtures', 'optimizers.json'), 'utf8')) as OptimizersFixtures;
