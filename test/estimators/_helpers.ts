// Shared by the estimator tests: the reference fixture and the data preparation it assumes.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../../examples/data/load.js';

/** One case of test/fixtures/estimators.json (see scripts/fixtures/estimators.py). */
export interface LogisticCase {
  name: string;
  data: 'breast_cancer' | 'iris' | 'wine' | 'diabetes';
  options: Record<string, unknown>;
  sampleWeight: number[] | null;
  classes: number[];
  coef: number[][];
  intercept: number[];
  probaRows: number[];
  proba: number[][];
  maxGradientAtOptimum: number;
}

export interface EstimatorsFixture {
  sklearn: string;
  logisticRegression: LogisticCase[];
}

export const fixture: EstimatorsFixture = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'estimators.json'), 'utf8'),
) as EstimatorsFixture;

/** Columns scaled to mean 0 and population standard deviation 1 (scikit-learn's StandardScaler). */
export function standardize(x: readonly (readonly number[])[]): number[][] {
  const n = x.length;
  const p = x[0]!.length;
  const mean = new Array<number>(p).fill(0);
  for (const row of x) row.forEach((v, j) => (mean[j]! += v));
  for (let j = 0; j < p; j++) mean[j]! /= n;
  const sq = new Array<number>(p).fill(0);
  for (const row of x) row.forEach((v, j) => (sq[j]! += (v - mean[j]!) ** 2));
  const scale = sq.map((s) => (s > 0 ? Math.sqrt(s / n) : 1));
  return x.map((row) => row.map((v, j) => (v - mean[j]!) / scale[j]!));
}

/** A fixture case's data, prepared as the fixture script prepared it. */
export function caseData(c: Pick<LogisticCase, 'data'>): { x: number[][]; y: number[] } {
  const d = loadDataset(c.data);
  const y = c.data === 'diabetes' ? d.y.map((v) => (v > 140 ? 1 : 0)) : d.y;
  return { x: standardize(d.x), y };
}

/** Largest absolute difference between two equally shaped nested arrays. */
export function maxDiff(a: readonly (readonly number[])[] | readonly number[], b: readonly (readonly number[])[] | readonly number[]): number {
  const fa = (a as unknown[]).flat(2) as number[];
  const fb = (b as unknown[]).flat(2) as number[];
  if (fa.length !== fb.length) throw new Error(`shapes differ: ${fa.length} vs ${fb.length} values`);
  let m = 0;
  for (let i = 0; i < fa.length; i++) m = Math.max(m, Math.abs(fa[i]! - fb[i]!));
  return m;
}
