// Typed access to test/fixtures/folds.json, written by scripts/fixtures/folds.py (scikit-learn 1.2).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FoldJson {
  train: number[];
  test: number[];
}

export interface FoldsFixtures {
  sklearn: string;
  numpy: string;
  kFold: { n: number; k: number; tests: number[][] }[];
  stratifiedKFold: { name: string; y: number[]; k: number; status: 'ok' | 'warn' | 'error'; tests: number[][] | null }[];
  groupKFold: { name: string; groups: number[]; k: number; tests: number[][] }[];
  numpyArgsort: { values: number[]; order: number[] }[];
  stratifiedGroupKFold: { name: string; y: number[]; groups: number[]; k: number; status: 'ok' | 'warn' | 'error'; tests: number[][] | null }[];
  stratifiedConditions: { y: number[]; k: number; stratifiedKFold: string; stratifiedGroupKFold: string }[];
  timeSeriesSplit: {
    n: number;
    k: number;
    gap: number;
    maxTrainSize: number | null;
    testSize: number | null;
    error: boolean;
    folds: FoldJson[] | null;
  }[];
  trainTestSplit: { n: number; testSize: number | null; trainSize: number | null; error: boolean; train: number[] | null; test: number[] | null }[];
  stratifiedTrainTestSplit: {
    y: number[];
    testSize: number;
    trainSize: number | null;
    classes: number[];
    outcomes: { train: number[]; test: number[] }[];
  }[];
  stratifiedTrainTestSplitErrors: { y: number[]; testSize: number; error: boolean }[];
  crossValPredict: {
    x: number[][];
    yClass: number[];
    yReg: number[];
    sampleWeight: number[];
    explicitFolds: FoldJson[];
    cases: { estimator: 'prior' | 'mean'; cv: '3' | '5' | 'explicit'; method: 'predict' | 'predict_proba'; weighted: boolean; prediction: number[] | number[][] }[];
  };
}

const here = dirname(fileURLToPath(import.meta.url));

/** The fixtures, parsed once per test file. */
export const fixtures: FoldsFixtures = JSON.parse(readFileSync(join(here, '..', 'fixtures', 'folds.json'), 'utf8')) as FoldsFixtures;

/** Train sets of splitters whose train set is the complement of the test set. */
export function complement(n: number, test: readonly number[]): number[] {
  const inTest = new Uint8Array(n);
  for (const i of test) inTest[i] = 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!inTest[i]) out.push(i);
  return out;
}

/** `nulls` in the JSON mean "option not given". */
export function opt<T>(v: T | null): T | undefined {
  return v === null ? undefined : v;
}
