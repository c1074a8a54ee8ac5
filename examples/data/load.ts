// Dataset loader shared by the examples, tests and benchmarks.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the datasets copied from shared/datasets (see README.md beside this file). */
export const DATA_DIR = dirname(fileURLToPath(import.meta.url));

/** A dataset read from examples/data: features and target (last column). */
export interface Dataset {
  readonly columns: readonly string[];
  readonly x: number[][];
  readonly y: number[];
}

/** Read one of examples/data/*.csv (header row, numeric cells, last column the target). */
export function loadDataset(name: 'breast_cancer' | 'digits' | 'wine' | 'iris' | 'diabetes'): Dataset {
  const [header, ...lines] = readFileSync(join(DATA_DIR, `${name}.csv`), 'utf8').trim().split(/\r?\n/);
  const columns = header!.split(',');
  const rows = lines.map((l) => l.split(',').map(Number));
  return { columns: columns.slice(0, -1), x: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]!) };
}
