// Reads test/fixtures/metrics.json (written by scripts/fixtures/metrics.py with scikit-learn) and
// resolves its shared inputs.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** One reference case: arguments, options, and sklearn's result or the fact that it failed. */
export interface FixtureCase {
  readonly name: string;
  readonly args: unknown[];
  readonly options: Record<string, unknown>;
  /** sklearn's result, when it returned a finite one. */
  readonly expected?: unknown;
  /** sklearn's error message, when it raised. */
  readonly error?: string;
  /** Set when sklearn returned NaN or infinity (with a warning): whetstone throws instead. */
  readonly undefined?: true;
}

interface FixtureFile {
  readonly sklearn: string;
  readonly data: Record<string, unknown>;
  readonly cases: Record<string, FixtureCase[]>;
}

const file = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'metrics.json'), 'utf8')) as FixtureFile;

function resolve(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && '$ref' in value) {
    return structuredClone(file.data[(value as { $ref: string }).$ref]);
  }
  return value;
}

/** The scikit-learn version the fixtures were made with. */
export const sklearnVersion = file.sklearn;

/** The cases of one function, with shared inputs resolved (fresh copies each call). */
export function casesOf(fn: string): FixtureCase[] {
  const list = file.cases[fn];
  if (list === undefined) throw new Error(`no fixtures for ${fn}`);
  return list.map((c) => ({
    ...c,
    args: c.args.map(resolve),
    options: Object.fromEntries(Object.entries(c.options).map(([k, v]) => [k, resolve(v)])),
  }));
}

/** The largest difference seen by {@link expectMatches}, scaled as it compares (for the report). */
export const worst = { error: 0, where: '' };

/**
 * Deep comparison with the fixture tolerance: numbers agree when `|a − b| ≤ 1e-9 · max(1, |b|)`
 * (absolute for values up to 1, relative above); arrays must have the same lengths, objects the
 * same keys.
 */
export function expectMatches(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, `${where}: type`).toBe('number');
    const a = actual as number;
    const scaled = Math.abs(a - expected) / Math.max(1, Math.abs(expected));
    if (scaled > worst.error) {
      worst.error = scaled;
      worst.where = where;
    }
    expect(scaled, `${where}: got ${a}, sklearn ${expected}`).toBeLessThanOrEqual(1e-9);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${where}: an array`).toBe(true);
    expect((actual as unknown[]).length, `${where}: length`).toBe(expected.length);
    expected.forEach((e, i) => expectMatches((actual as unknown[])[i], e, `${where}[${i}]`));
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    expect(Object.keys(actual as object).sort(), `${where}: keys`).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) expectMatches((actual as Record<string, unknown>)[k], e, `${where}.${k}`);
    return;
  }
  expect(actual, where).toEqual(expected);
}
