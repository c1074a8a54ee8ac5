// Exact agreement with scikit-learn 1.2 on the fixtures of scripts/fixtures/folds.py.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import { numpyArgsort } from '../../src/folds/_internal/numpy.js';
import { groupKFold, kFold, stratifiedGroupKFold, stratifiedKFold, timeSeriesSplit, trainTestSplit } from '../../src/folds/index.js';
import type { Fold } from '../../src/folds/index.js';
import { complement, fixtures, opt } from './_fixtures.js';

/** Compare with scikit-learn's test sets; its train sets are their complements. */
function expectTests(folds: Fold[], n: number, tests: number[][]): void {
  expect(folds.map((f) => f.test)).toEqual(tests);
  expect(folds.map((f) => f.train)).toEqual(tests.map((t) => complement(n, t)));
}

describe('fixtures', () => {
  it('come from scikit-learn 1.2', () => {
    expect(fixtures.sklearn).toMatch(/^1\.2\./);
  });
});

describe('kFold matches sklearn KFold', () => {
  it.each(fixtures.kFold.map((c) => [`n=${c.n} k=${c.k}`, c] as const))('%s', (_, c) => {
    expectTests(kFold(c.n, { k: c.k }), c.n, c.tests);
  });
});

describe('stratifiedKFold matches sklearn StratifiedKFold', () => {
  it.each(fixtures.stratifiedKFold.map((c) => [`${c.name} k=${c.k} (${c.status})`, c] as const))('%s', (_, c) => {
    if (c.status === 'error') {
      expect(() => stratifiedKFold(c.y, { k: c.k })).toThrow(InvalidArgumentError);
      expect(() => stratifiedKFold(c.y, { k: c.k })).toThrow(/cannot be greater than the number of members in each class/);
    } else {
      // 'warn' cases (a class smaller than k) give scikit-learn's folds without complaint.
      expectTests(stratifiedKFold(c.y, { k: c.k }), c.y.length, c.tests!);
    }
  });

  it('errs exactly where scikit-learn errs, and accepts where it only warns', () => {
    for (const c of fixtures.stratifiedConditions) {
      const run = (): Fold[] => stratifiedKFold(c.y, { k: c.k });
      if (c.stratifiedKFold === 'error') expect(run).toThrow(InvalidArgumentError);
      else expect(run).not.toThrow();
    }
  });
});

describe('groupKFold matches sklearn GroupKFold, ties included', () => {
  it.each(fixtures.groupKFold.map((c) => [`${c.name} k=${c.k}`, c] as const))('%s', (_, c) => {
    expectTests(groupKFold(c.groups, { k: c.k }), c.groups.length, c.tests);
  });

  it("reproduces numpy's default (unstable) argsort, which orders equal-sized groups", () => {
    for (const c of fixtures.numpyArgsort) expect(Array.from(numpyArgsort(c.values))).toEqual(c.order);
  });
});

describe('stratifiedGroupKFold matches sklearn StratifiedGroupKFold (unshuffled)', () => {
  it.each(fixtures.stratifiedGroupKFold.map((c) => [`${c.name} k=${c.k} (${c.status})`, c] as const))('%s', (_, c) => {
    if (c.status === 'error') expect(() => stratifiedGroupKFold(c.y, c.groups, { k: c.k })).toThrow(InvalidArgumentError);
    else expectTests(stratifiedGroupKFold(c.y, c.groups, { k: c.k }), c.y.length, c.tests!);
  });

  it('errs exactly where scikit-learn errs', () => {
    for (const c of fixtures.stratifiedConditions) {
      const groups = c.y.map((_, i) => i);
      const run = (): Fold[] => stratifiedGroupKFold(c.y, groups, { k: c.k });
      if (c.stratifiedGroupKFold === 'error') expect(run).toThrow(InvalidArgumentError);
      else expect(run).not.toThrow();
    }
  });
});

describe('timeSeriesSplit matches sklearn TimeSeriesSplit with every option', () => {
  const cases = fixtures.timeSeriesSplit;
  it(`agrees on ${cases.length} option combinations, errors included`, () => {
    for (const c of cases) {
      const options = { k: c.k, gap: c.gap, maxTrainSize: opt(c.maxTrainSize), testSize: opt(c.testSize) };
      const label = JSON.stringify({ n: c.n, ...options });
      if (c.error) expect(() => timeSeriesSplit(c.n, options), label).toThrow(InvalidArgumentError);
      else expect(timeSeriesSplit(c.n, options), label).toEqual(c.folds);
    }
  });
});

describe('trainTestSplit matches sklearn train_test_split', () => {
  const cases = fixtures.trainTestSplit;
  it(`agrees unshuffled on ${cases.length} size combinations, errors included`, () => {
    for (const c of cases) {
      const options = { testSize: opt(c.testSize), trainSize: opt(c.trainSize), shuffle: false };
      const label = JSON.stringify({ n: c.n, ...options });
      if (c.error) expect(() => trainTestSplit(c.n, options), label).toThrow(InvalidArgumentError);
      else expect(trainTestSplit(c.n, options), label).toEqual({ train: c.train, test: c.test });
    }
  });

  it('shuffled, gives the same set sizes as unshuffled', () => {
    for (const c of cases.filter((c) => !c.error)) {
      const split = trainTestSplit(c.n, { testSize: opt(c.testSize), trainSize: opt(c.trainSize), seed: c.n });
      expect([split.train.length, split.test.length]).toEqual([c.train!.length, c.test!.length]);
    }
  });

  it('stratified, draws per-class counts that scikit-learn also draws', () => {
    for (const c of fixtures.stratifiedTrainTestSplit) {
      const seen = new Set(c.outcomes.map((o) => JSON.stringify(o)));
      for (let seed = 0; seed < 30; seed++) {
        const { train, test } = trainTestSplit(c.y.length, { testSize: c.testSize, trainSize: opt(c.trainSize), stratify: c.y, seed });
        const count = (rows: number[]): number[] => c.classes.map((label) => rows.filter((r) => c.y[r] === label).length);
        expect(seen.has(JSON.stringify({ train: count(train), test: count(test) })), JSON.stringify({ ...c, seed })).toBe(true);
      }
    }
  });

  it('stratified, errs exactly where scikit-learn errs', () => {
    for (const c of fixtures.stratifiedTrainTestSplitErrors) {
      const run = (): Fold => trainTestSplit(c.y.length, { testSize: c.testSize, stratify: c.y, seed: 0 });
      if (c.error) expect(run).toThrow(InvalidArgumentError);
      else expect(run).not.toThrow();
    }
  });
});
