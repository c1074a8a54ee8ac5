// Bad input: each a clear, named error, raised before any work.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../src/core/index.js';
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

const message = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a throw');
};

describe('number of folds', () => {
  it('k < 2 is refused by every splitter', () => {
    expect(message(() => kFold(10, { k: 1 }))).toBe('kFold: option "k" must be an integer >= 2; got 1.');
    expect(() => stratifiedKFold([0, 1, 0, 1], { k: 1 })).toThrow(/option "k" must be an integer >= 2; got 1/);
    expect(() => groupKFold([0, 1, 2], { k: 0 })).toThrow(InvalidArgumentError);
    expect(() => stratifiedGroupKFold([0, 1], [0, 1], { k: 1 })).toThrow(InvalidArgumentError);
    expect(() => timeSeriesSplit(10, { k: 1 })).toThrow(InvalidArgumentError);
    expect(() => repeatedKFold(10, { k: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => repeatedStratifiedKFold([0, 1, 0, 1], { k: -3 })).toThrow(InvalidArgumentError);
  });

  it('k greater than the rows', () => {
    expect(message(() => kFold(4, { k: 5 }))).toBe('kFold: option "k" must be an integer in [2, 4] (cannot have more folds than the 4 rows); got 5.');
    expect(() => repeatedKFold(4, { k: 5 })).toThrow(/more folds than the 4 rows/);
    expect(() => stratifiedKFold([0, 0, 0, 0], { k: 5 })).toThrow(/more folds than the 4 rows/);
  });

  it('groups fewer than folds', () => {
    expect(message(() => groupKFold([1, 1, 2, 2, 3, 3], { k: 4 }))).toBe(
      'groupKFold: option "k" must be an integer in [2, 3] (cannot have number of splits k greater than the number of groups: 3); got 4.',
    );
    expect(() => stratifiedGroupKFold([0, 0, 0, 0, 0, 0, 1, 1], [1, 1, 2, 2, 3, 3, 3, 3], { k: 4 })).toThrow(/greater than the number of groups: 3/);
    expect(() => groupKFold([5, 5, 5])).toThrow(/at least 2 distinct groups/);
  });

  it('stratified: k above every class size is an error; above only some is allowed (scikit-learn warns)', () => {
    expect(message(() => stratifiedKFold([0, 0, 0, 1, 1, 1], { k: 4 }))).toBe(
      'stratifiedKFold: option "k" must be an integer in [2, 3] (k=4 cannot be greater than the number of members in each class; the largest class has 3 rows); got 4.',
    );
    expect(stratifiedKFold([0, 0, 0, 1, 1, 1, 1, 1], { k: 4 })).toHaveLength(4);
    expect(() => repeatedStratifiedKFold([0, 0, 1, 1], { k: 3 })).toThrow(/number of members in each class/);
    expect(() => stratifiedGroupKFold([0, 0, 1, 1, 2], [0, 1, 2, 3, 4], { k: 3 })).toThrow(/number of members in each class/);
  });
});

describe('labels and groups', () => {
  it('NaN or infinite labels and group ids', () => {
    expect(message(() => stratifiedKFold([0, 1, Number.NaN, 1]))).toBe('stratifiedKFold: argument "y" must contain only finite numbers; got NaN at index 2.');
    expect(() => groupKFold([0, Number.POSITIVE_INFINITY, 1])).toThrow(/argument "groups" must contain only finite numbers/);
    expect(() => stratifiedGroupKFold([0, 1], [Number.NaN, 1])).toThrow(/argument "groups"/);
    expect(() => trainTestSplit(4, { stratify: [0, 1, Number.NaN, 1] })).toThrow(/argument "stratify" must contain only finite numbers/);
  });

  it('continuous labels cannot be stratified (scikit-learn: "Supported target types are: binary, multiclass")', () => {
    expect(message(() => stratifiedKFold([0, 0.5, 1, 1], { k: 2 }))).toBe(
      'stratifiedKFold: argument "y" must contain integer class labels (a continuous target cannot be stratified); got 0.5 at index 1.',
    );
    expect(() => stratifiedGroupKFold([0, 1.5], [0, 1], { k: 2 })).toThrow(/integer class labels/);
  });

  it('y and groups of different lengths', () => {
    expect(message(() => stratifiedGroupKFold([0, 1, 0, 1], [0, 1, 2]))).toBe(
      'stratifiedGroupKFold: arguments "y" and "groups" must have the same number of rows; got 4 and 3.',
    );
    expect(() => stratifiedGroupKFold([0, 1, 0, 1], [0, 1, 2])).toThrow(ShapeError);
    expect(() => trainTestSplit(5, { stratify: [0, 1, 0, 1] })).toThrow(ShapeError);
  });

  it('labels that are not vectors, and too few rows', () => {
    expect(() => stratifiedKFold('0101' as unknown as number[])).toThrow(/argument "y" must be a vector/);
    const matrix = tf.tensor2d([[0], [1]]);
    try {
      expect(() => groupKFold(matrix as unknown as tf.Tensor1D)).toThrow(ShapeError);
    } finally {
      matrix.dispose();
    }
    expect(() => stratifiedKFold([1])).toThrow(/argument "y" must have at least 2 rows/);
    expect(() => kFold(1)).toThrow(/argument "nRows" must be an integer >= 2/);
    expect(() => kFold(Number.NaN)).toThrow(/argument "nRows"/);
  });
});

describe('shuffling options', () => {
  it('a seed without shuffle is refused (scikit-learn raises too)', () => {
    expect(message(() => kFold(10, { seed: 1 }))).toBe(
      'kFold: option "seed" must be left out unless "shuffle" is true (a seed has no effect on an unshuffled split); got 1.',
    );
    expect(() => stratifiedKFold([0, 1, 0, 1], { k: 2, seed: 1 })).toThrow(/option "seed"/);
    expect(() => stratifiedGroupKFold([0, 1, 0, 1], [0, 1, 2, 3], { k: 2, seed: 1 })).toThrow(/option "seed"/);
    expect(() => trainTestSplit(10, { shuffle: false, seed: 1 })).toThrow(/option "seed"/);
  });

  it('unknown and mistyped options', () => {
    expect(message(() => kFold(10, { kk: 3 } as never))).toBe('kFold: unknown option "kk" (did you mean "k"?); known options: k, shuffle, seed.');
    expect(() => kFold(10, { shuffle: 'yes' } as never)).toThrow(/option "shuffle" must be a boolean/);
    expect(() => repeatedKFold(10, { repeats: 0 })).toThrow(/option "repeats" must be an integer >= 1/);
    expect(() => groupKFold([0, 1], { shuffle: true } as never)).toThrow(/unknown option "shuffle"/);
  });
});

describe('timeSeriesSplit', () => {
  it('too many splits for the rows', () => {
    expect(message(() => timeSeriesSplit(5, { k: 5 }))).toBe(
      'timeSeriesSplit: option "k" must be an integer in [2, 4] (cannot have k + 1 = 6 blocks of rows with only 5 rows); got 5.',
    );
    expect(message(() => timeSeriesSplit(10, { k: 3, testSize: 3, gap: 1 }))).toBe(
      'timeSeriesSplit: option "testSize" must be small enough that nRows - gap - k × testSize stays positive (too many splits: k=3, testSize=3 and gap=1 leave no training rows among 10); got 3.',
    );
    expect(() => timeSeriesSplit(10, { k: 3, gap: 8 })).toThrow(/option "gap"/);
    expect(() => timeSeriesSplit(2, { k: 2 })).toThrow(/argument "nRows" must be an integer >= 3/);
  });

  it('bad option values', () => {
    expect(() => timeSeriesSplit(10, { gap: -1 })).toThrow(/option "gap" must be an integer >= 0/);
    expect(() => timeSeriesSplit(10, { maxTrainSize: 0 })).toThrow(/option "maxTrainSize" must be an integer >= 1/);
    expect(() => timeSeriesSplit(10, { testSize: 0 })).toThrow(/option "testSize" must be an integer >= 1/);
  });
});

describe('trainTestSplit sizes', () => {
  it('a test size of 0 rows, negative, or neither a fraction nor a whole number', () => {
    const expected = /option "testSize" must be a fraction in \(0, 1\) or a whole number of rows >= 1/;
    expect(() => trainTestSplit(10, { testSize: 0 })).toThrow(expected);
    expect(() => trainTestSplit(10, { testSize: -0.2 })).toThrow(expected);
    expect(() => trainTestSplit(10, { testSize: 1.5 })).toThrow(expected);
    expect(() => trainTestSplit(10, { trainSize: 0 })).toThrow(/option "trainSize"/);
  });

  it('testSize + trainSize above 1, or above the rows', () => {
    expect(message(() => trainTestSplit(10, { testSize: 0.6, trainSize: 0.5 }))).toBe(
      'trainTestSplit: option "trainSize" must be at most 1 - testSize = 0.4 as a fraction (testSize + trainSize = 1.1 exceeds 1); got 0.5.',
    );
    expect(() => trainTestSplit(10, { testSize: 6, trainSize: 5 })).toThrow(/6 test rows/);
    expect(() => trainTestSplit(10, { testSize: 10 })).toThrow(/whole number of rows in \[1, 9\]/);
  });

  it('sizes that leave no training row', () => {
    expect(() => trainTestSplit(2, { testSize: 0.9 })).toThrow(/option "testSize" must be small enough to leave at least one training row/);
    expect(() => trainTestSplit(10, { trainSize: 0.05 })).toThrow(/option "trainSize" must be large enough/);
  });

  it('stratify needs shuffling, two rows per class, and a row of every class in each set', () => {
    expect(() => trainTestSplit(4, { stratify: [0, 0, 1, 1], shuffle: false })).toThrow(/option "shuffle" must be true when "stratify" is given/);
    expect(() => trainTestSplit(4, { stratify: [0, 0, 0, 1] })).toThrow(/at least 2 rows of every class/);
    expect(() => trainTestSplit(6, { stratify: [0, 0, 1, 1, 2, 2], testSize: 2 })).toThrow(/option "testSize" must be at least the number of classes, 3/);
    expect(() => trainTestSplit(6, { stratify: [0, 0, 1, 1, 2, 2], testSize: 4 })).toThrow(/option "trainSize" must be at least the number of classes, 3/);
  });
});
