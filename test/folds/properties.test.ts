// Invariants every splitter must keep, on random inputs (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  groupKFold,
  kFold,
  repeatedKFold,
  repeatedStratifiedKFold,
  stratifiedGroupKFold,
  stratifiedKFold,
  timeSeriesSplit,
  trainTestSplit,
} from '../../src/folds/index.js';
import type { Fold } from '../../src/folds/index.js';

const isAscending = (a: readonly number[]): boolean => a.every((v, i) => i === 0 || a[i - 1]! < v);

/** Test sets disjoint and covering 0…n-1; each train set the ascending complement of its test set. */
function expectPartition(folds: readonly Fold[], n: number): void {
  const seen = new Int32Array(n);
  for (const { train, test } of folds) {
    expect(isAscending(test) && isAscending(train)).toBe(true);
    for (const i of test) seen[i]!++;
    const inTest = new Set(test);
    expect(train.length + test.length).toBe(n);
    expect(train.every((i) => !inTest.has(i) && i >= 0 && i < n)).toBe(true);
  }
  expect(Array.from(seen).every((c) => c === 1)).toBe(true);
}

function countsIn(rows: readonly number[], y: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of rows) m.set(y[r]!, (m.get(y[r]!) ?? 0) + 1);
  return m;
}

function classCounts(y: readonly number[]): Map<number, number> {
  return countsIn(
    y.map((_, i) => i),
    y,
  );
}

/** Labels from a small set with at least one class of `minLargest` rows, plus a `k` they allow. */
const labelsAndK = fc
  .tuple(fc.array(fc.constantFrom(-1, 0, 3, 7, 12), { minLength: 2, maxLength: 60 }), fc.integer({ min: 2, max: 10 }))
  .filter(([y, k]) => k <= y.length && Math.max(...classCounts(y).values()) >= k);

const seed = fc.integer({ min: 0, max: 1_000_000 });

describe('kFold', () => {
  it('partitions the rows into folds whose sizes differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 2, max: 20 }), fc.boolean(), seed, (n, k, shuffle, s) => {
        fc.pre(k <= n);
        const folds = kFold(n, { k, shuffle, seed: shuffle ? s : undefined });
        expect(folds).toHaveLength(k);
        expectPartition(folds, n);
        const sizes = folds.map((f) => f.test.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('same seed, same folds; different seeds, different shuffles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 300 }), seed, seed, (n, a, b) => {
        const run = (s: number): Fold[] => kFold(n, { k: 3, shuffle: true, seed: s });
        expect(run(a)).toEqual(run(a));
        if (a !== b) expect(run(a)).not.toEqual(run(b));
      }),
      { numRuns: 50 },
    );
  });
});

describe('stratifiedKFold', () => {
  it("partitions the rows and gives each test fold the floor or ceiling of each class's share", () => {
    fc.assert(
      fc.property(labelsAndK, fc.boolean(), seed, ([y, k], shuffle, s) => {
        const folds = stratifiedKFold(y, { k, shuffle, seed: shuffle ? s : undefined });
        expect(folds).toHaveLength(k);
        expectPartition(folds, y.length);
        const total = classCounts(y);
        for (const { test } of folds) {
          const inFold = countsIn(test, y);
          for (const [label, count] of total) {
            const got = inFold.get(label) ?? 0;
            expect(got).toBeGreaterThanOrEqual(Math.floor(count / k));
            expect(got).toBeLessThanOrEqual(Math.ceil(count / k));
          }
        }
        const sizes = folds.map((f) => f.test.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('depends only on the pattern of labels, not their values', () => {
    fc.assert(
      fc.property(labelsAndK, ([y, k]) => {
        const relabelled = y.map((v) => 1000 - 3 * v);
        expect(stratifiedKFold(relabelled, { k })).toEqual(stratifiedKFold(y, { k }));
      }),
    );
  });

  it('same seed, same folds; different seeds, different shuffles', () => {
    const y = Array.from({ length: 60 }, (_, i) => i % 3);
    fc.assert(
      fc.property(seed, seed, (a, b) => {
        const run = (s: number): Fold[] => stratifiedKFold(y, { k: 4, shuffle: true, seed: s });
        expect(run(a)).toEqual(run(a));
        if (a !== b) expect(run(a)).not.toEqual(run(b));
      }),
      { numRuns: 50 },
    );
  });
});

/** Group ids of random sizes, shuffled over the rows, and a `k` no larger than the group count. */
const groupsAndK = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 25 }), fc.integer({ min: 2, max: 6 }), seed)
  .filter(([sizes, k]) => k <= sizes.length)
  .map(([sizes, k, s]) => {
    const groups = sizes.flatMap((size, g) => Array.from({ length: size }, () => g * 10 - 7));
    // A deterministic scramble so that groups are not contiguous.
    const order = groups.map((_, i) => (i * 7919 + s) % 104729).map((key, i) => [key, i] as const);
    order.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    return [order.map(([, i]) => groups[i]!), k] as const;
  });

function expectGroupsWhole(folds: readonly Fold[], groups: readonly number[]): void {
  for (const { train, test } of folds) {
    const testGroups = new Set(test.map((i) => groups[i]!));
    expect(train.some((i) => testGroups.has(groups[i]!))).toBe(false);
  }
}

describe('groupKFold', () => {
  it('partitions the rows and never splits a group between train and test', () => {
    fc.assert(
      fc.property(groupsAndK, ([groups, k]) => {
        const folds = groupKFold(groups, { k });
        expectPartition(folds, groups.length);
        expectGroupsWhole(folds, groups);
        // The greedy placement leaves no test fold empty when there are at least k groups.
        expect(folds.every((f) => f.test.length > 0)).toBe(true);
      }),
    );
  });
});

describe('stratifiedGroupKFold', () => {
  it('partitions the rows and never splits a group, shuffled or not', () => {
    fc.assert(
      fc.property(groupsAndK, fc.boolean(), seed, ([groups, k], shuffle, s) => {
        // Labels that vary within groups; the largest class must have at least k rows.
        const y = groups.map((g, i) => (g + i) % 3);
        fc.pre(Math.max(...classCounts(y).values()) >= k);
        const folds = stratifiedGroupKFold(y, groups, { k, shuffle, seed: shuffle ? s : undefined });
        expect(folds).toHaveLength(k);
        expectPartition(folds, groups.length);
        expectGroupsWhole(folds, groups);
      }),
    );
  });

  it('same seed, same folds; the shuffle changes which equally-spread groups go first', () => {
    // 40 single-class groups of 3 rows: all have the same class spread, so only the shuffle orders them.
    const groups = Array.from({ length: 120 }, (_, i) => Math.floor(i / 3));
    const y = groups.map((g) => g % 2);
    const run = (s: number): Fold[] => stratifiedGroupKFold(y, groups, { k: 4, shuffle: true, seed: s });
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
    expectGroupsWhole(run(3), groups);
  });
});

describe('timeSeriesSplit', () => {
  it('trains only on rows before each test block, minus the gap, within maxTrainSize', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 0, max: 5 }),
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
        (n, k, gap, maxTrainSize, testSize) => {
          const size = testSize ?? Math.floor(n / (k + 1));
          const feasible = k + 1 <= n && n - gap - k * size > 0;
          if (!feasible) {
            expect(() => timeSeriesSplit(n, { k, gap, maxTrainSize, testSize })).toThrow();
            return;
          }
          const folds = timeSeriesSplit(n, { k, gap, maxTrainSize, testSize });
          expect(folds).toHaveLength(k);
          let previousEnd = -1;
          for (const { train, test } of folds) {
            expect(test).toEqual(Array.from({ length: size }, (_, i) => test[0]! + i));
            expect(test[0]).toBeGreaterThan(previousEnd);
            previousEnd = test[test.length - 1]!;
            expect(train.length).toBeGreaterThan(0);
            expect(isAscending(train)).toBe(true);
            // Contiguous and ending exactly `gap` rows before the test block.
            expect(train[train.length - 1]).toBe(test[0]! - gap - 1);
            expect(train[train.length - 1]! - train[0]! + 1).toBe(train.length);
            if (maxTrainSize !== undefined) expect(train.length).toBeLessThanOrEqual(maxTrainSize);
            else expect(train[0]).toBe(0);
          }
          expect(previousEnd).toBe(n - 1);
        },
      ),
    );
  });
});

describe('repeated variants', () => {
  it('repeatedKFold: each repetition partitions the rows, and repetitions differ', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 120 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 4 }), seed, (n, k, repeats, s) => {
        const folds = repeatedKFold(n, { k, repeats, seed: s });
        expect(folds).toHaveLength(k * repeats);
        const reps = Array.from({ length: repeats }, (_, r) => folds.slice(r * k, (r + 1) * k));
        for (const rep of reps) expectPartition(rep, n);
        for (let r = 1; r < repeats; r++) expect(reps[r]).not.toEqual(reps[0]);
        expect(repeatedKFold(n, { k, repeats, seed: s })).toEqual(folds);
      }),
      { numRuns: 50 },
    );
  });

  it('repeatedStratifiedKFold: each repetition partitions and stratifies, and repetitions differ', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 120 }), fc.integer({ min: 2, max: 5 }), seed, (n, k, s) => {
        const y = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0));
        const folds = repeatedStratifiedKFold(y, { k, repeats: 3, seed: s });
        expect(folds).toHaveLength(3 * k);
        const reps = [0, 1, 2].map((r) => folds.slice(r * k, (r + 1) * k));
        const ones = y.filter((v) => v === 1).length;
        for (const rep of reps) {
          expectPartition(rep, n);
          for (const { test } of rep) {
            const got = test.filter((i) => y[i] === 1).length;
            expect(got === Math.floor(ones / k) || got === Math.ceil(ones / k)).toBe(true);
          }
        }
        expect(reps[1]).not.toEqual(reps[0]);
        expect(reps[2]).not.toEqual(reps[1]);
      }),
      { numRuns: 50 },
    );
  });
});

describe('trainTestSplit', () => {
  it('gives disjoint sets of the sizes scikit-learn computes (test rounded up, train down)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 300 }),
        fc.double({ min: 0.05, max: 0.45, noNaN: true }),
        fc.option(fc.double({ min: 0.05, max: 0.5, noNaN: true }), { nil: undefined }),
        fc.boolean(),
        seed,
        (n, testSize, trainSize, shuffle, s) => {
          const options = { testSize, trainSize, shuffle, seed: shuffle ? s : undefined };
          const nTest = Math.ceil(testSize * n);
          const nTrain = trainSize === undefined ? n - nTest : Math.floor(trainSize * n);
          if (nTrain === 0) {
            expect(() => trainTestSplit(n, options)).toThrow(/at least one training row/);
            return;
          }
          const { train, test } = trainTestSplit(n, options);
          expect(test).toHaveLength(nTest);
          expect(train).toHaveLength(nTrain);
          const all = new Set([...train, ...test]);
          expect(all.size).toBe(nTrain + nTest);
          expect([...all].every((i) => Number.isInteger(i) && i >= 0 && i < n)).toBe(true);
        },
      ),
    );
  });

  it("stratified: each class's training count is the floor or ceiling of its share", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(-1, 3, 7), { minLength: 12, maxLength: 120 }), fc.double({ min: 0.2, max: 0.5, noNaN: true }), seed, (y, testSize, s) => {
        const total = classCounts(y);
        const n = y.length;
        const nTest = Math.ceil(testSize * n);
        fc.pre([...total.values()].every((c) => c >= 2) && nTest >= total.size && n - nTest >= total.size);
        const { train, test } = trainTestSplit(n, { testSize, stratify: y, seed: s });
        expect(train.length + test.length).toBe(n);
        expect(new Set([...train, ...test]).size).toBe(n);
        const inTrain = countsIn(train, y);
        for (const [label, count] of total) {
          const share = (count / n) * (n - nTest);
          const got = inTrain.get(label) ?? 0;
          expect(got).toBeGreaterThanOrEqual(Math.floor(share));
          expect(got).toBeLessThanOrEqual(Math.ceil(share));
        }
      }),
    );
  });

  it('same seed, same split; different seeds, different splits', () => {
    fc.assert(
      fc.property(seed, seed, (a, b) => {
        expect(trainTestSplit(100, { seed: a })).toEqual(trainTestSplit(100, { seed: a }));
        if (a !== b) expect(trainTestSplit(100, { seed: a })).not.toEqual(trainTestSplit(100, { seed: b }));
      }),
      { numRuns: 50 },
    );
  });
});
