// Shared by the SMOTE-family tests (helper I2): typed access to test/fixtures/imbalance_smote.json
// (written by scripts/fixtures/imbalance_smote.py, imbalanced-learn 0.10) and checks on outputs.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { WhetstoneError } from '../../src/core/index.js';
import type { SamplingStrategy } from '../../src/imbalance/types.js';

export interface StrategyCase {
  y: number[];
  form: 'ratio' | 'name' | 'dict' | 'callable';
  strategy: unknown;
  kind: string;
  ok?: [number, number][];
  error?: true;
}

export interface Dataset {
  name: string;
  x: number[][];
  y: number[];
  k: number;
  m: number;
  /** label → per class row, indices (within the class) of its k nearest same-class rows. */
  nn: Record<string, number[][]>;
  counts: Record<string, Record<'smote' | 'borderline-1' | 'adasyn', [number, number][] | 'error'>>;
  danger: Record<string, boolean[]>;
  adasyn: Record<string, { n: number; ratio: number[]; counts: number[] } | 'error'>;
}

export interface SmoteFixtures {
  strategy: StrategyCase[];
  datasets: Dataset[];
  smotenc: {
    x: number[][];
    y: number[];
    categorical: number[];
    k: number;
    medianStd: number;
    nn: Record<string, number[][]>;
    counts: [number, number][];
    encoded: number[][];
  };
  smoten: { x: number[][]; y: number[]; k: number; vdm: Record<string, number[][]>; counts: [number, number][] };
}

const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = JSON.parse(readFileSync(join(here, '..', 'fixtures', 'imbalance_smote.json'), 'utf8')) as SmoteFixtures;

/** Labels → counts, ascending labels. */
export function counts(y: readonly number[]): [number, number][] {
  const m = new Map<number, number>();
  for (const v of y) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
}

/** Rows of `x` whose label is `label`, in order, with their original indices. */
export function classRows(x: readonly (readonly number[])[], y: readonly number[], label: number): { rows: number[][]; index: number[] } {
  const index = y.flatMap((v, i) => (v === label ? [i] : []));
  return { rows: index.map((i) => [...x[i]!]), index };
}

/**
 * Solve `p = a + g (b − a)` for g in least squares and return it with the largest residual
 * (relative to the segment's scale).
 */
export function gapOf(p: readonly number[], a: readonly number[], b: readonly number[]): { gap: number; residual: number } {
  let num = 0;
  let den = 0;
  for (let j = 0; j < a.length; j++) {
    const d = b[j]! - a[j]!;
    num += (p[j]! - a[j]!) * d;
    den += d * d;
  }
  const gap = den === 0 ? 0 : num / den;
  let residual = 0;
  let scale = 1;
  for (let j = 0; j < a.length; j++) {
    residual = Math.max(residual, Math.abs(a[j]! + gap * (b[j]! - a[j]!) - p[j]!));
    scale = Math.max(scale, Math.abs(a[j]!), Math.abs(b[j]!));
  }
  return { gap, residual: residual / scale };
}

/**
 * Whether `p` lies on a segment from some base row to one of its listed partners with a gap in
 * [0, maxGap) (up to float tolerance `tol`). Returns the matching (base, partner) or undefined.
 */
export function findSegment(
  p: readonly number[],
  bases: readonly (readonly number[])[],
  partners: (base: number) => readonly (readonly number[])[],
  maxGap = 1,
  tol = 1e-9,
): { base: number; partner: number; gap: number } | undefined {
  for (let i = 0; i < bases.length; i++) {
    const list = partners(i);
    for (let j = 0; j < list.length; j++) {
      const { gap, residual } = gapOf(p, bases[i]!, list[j]!);
      if (residual <= tol && gap >= -tol && gap < maxGap + tol) return { base: i, partner: j, gap };
    }
  }
  return undefined;
}

/** Exact brute-force float64 k nearest neighbours (ties by smaller index), a row never its own. */
export function bruteKnn(x: readonly (readonly number[])[], k: number, query?: readonly (readonly number[])[]): number[][] {
  const q = query ?? x;
  return q.map((row, qi) => {
    const d = x.map((other, i) => [other.reduce((s, v, j) => s + (v - row[j]!) ** 2, 0), i] as const);
    return d
      .filter(([, i]) => query !== undefined || i !== qi)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .slice(0, k)
      .map(([, i]) => i);
  });
}

/** Compare sets of neighbours row by row (order within a row ignored). */
export function expectSameSets(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[]): void {
  expect(actual.map((r) => [...r].sort((a, b) => a - b))).toEqual(expected.map((r) => [...r].sort((a, b) => a - b)));
}

/** A fixture key as a sampling strategy: numeric keys are ratios, others strategy names. */
export const strategyOf = (key: string): SamplingStrategy => (Number.isNaN(Number(key)) ? (key as SamplingStrategy) : Number(key));

/** Await `run`, expect a WhetstoneError (InvalidArgumentError, ShapeError, …), and return its message. */
export async function rejects(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(WhetstoneError);
    return (e as Error).message;
  }
  throw new Error('expected a rejection');
}

/** Neighbour lists as nested arrays (one per row) from the flat form the SMOTE core uses. */
export function nested(nn: { readonly indices: Int32Array; readonly k: number }): number[][] {
  return Array.from({ length: nn.indices.length / nn.k }, (_, r) => Array.from(nn.indices.subarray(r * nn.k, (r + 1) * nn.k)));
}
