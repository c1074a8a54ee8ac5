// numpy's introsort hands deep partitions to `aheapsort_`, which ordinary inputs never reach, so
// the stand-in is checked directly against `np.argsort(kind='heapsort')` (unstable: ties included).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { heapArgsort } from '../../src/folds/_internal/numpy.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/numpy-heapsort.json', import.meta.url), 'utf8')) as {
  numpy: string;
  cases: { values: number[]; order: number[] }[];
};

describe('heapArgsort matches numpy', () => {
  it.each(fixture.cases.map((c, i) => [i, c.values.length, c] as const))('case %i (n = %i)', (_i, _n, c) => {
    const order = Int32Array.from(c.values, (_, k) => k);
    heapArgsort(c.values, order, 0, c.values.length);
    expect(Array.from(order)).toEqual(c.order);
  });

  it('sorts only the given slice', () => {
    const v = [5, 4, 3, 2, 1, 0];
    const order = Int32Array.from([0, 1, 2, 3, 4, 5]);
    heapArgsort(v, order, 2, 3);
    expect(Array.from(order)).toEqual([0, 1, 4, 3, 2, 5]);
  });
});
