import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../src/core/index.js';
import type { Classifier, Regressor } from '../../src/estimators/protocol.js';
import { crossValPredict, kFold, selectItems, selectRows, stratifiedKFold } from '../../src/folds/index.js';
import type { Fold } from '../../src/folds/index.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { meanRegressor, nearestCentroid, nearestNeighbourRegressor, priorClassifier, recorder } from './_estimators.js';
import type { FitRecord } from './_estimators.js';
import { fixtures } from './_fixtures.js';

const cvp = fixtures.crossValPredict;

function expectClose(actual: unknown, expected: unknown, digits = 12): void {
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
  const a = flat(actual);
  const e = flat(expected);
  expect(a).toHaveLength(e.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(e[i]!, digits));
}

describe('crossValPredict matches sklearn cross_val_predict', () => {
  it.each(cvp.cases.map((c) => [`${c.estimator} cv=${c.cv} ${c.method}${c.weighted ? ' weighted' : ''}`, c] as const))('%s', async (_, c) => {
    const folds = c.cv === 'explicit' ? cvp.explicitFolds : Number(c.cv);
    const y = c.estimator === 'prior' ? cvp.yClass : cvp.yReg;
    const method = c.method === 'predict_proba' ? 'predictProba' : 'predict';
    const factory = c.estimator === 'prior' ? priorClassifier : meanRegressor;
    const options = { folds, method, sampleWeight: c.weighted ? cvp.sampleWeight : undefined } as const;
    const got = await crossValPredict(factory, cvp.x, y, options);
    if (c.method === 'predict' && c.estimator === 'prior') expect(got).toEqual(c.prediction);
    else expectClose(got, c.prediction);
  });
});

describe('crossValPredict types', () => {
  it('returns number[][] for predictProba and number[] otherwise; predictProba needs a classifier', async () => {
    const x = [[0], [1]];
    const y = [0, 1];
    expectTypeOf(() => crossValPredict(nearestCentroid, x, y, { method: 'predictProba' })).returns.resolves.toEqualTypeOf<number[][]>();
    expectTypeOf(() => crossValPredict(nearestCentroid, x, y)).returns.resolves.toEqualTypeOf<number[]>();
    expectTypeOf(() => crossValPredict(meanRegressor, x, y, { folds: 2 })).returns.resolves.toEqualTypeOf<number[]>();
    // @ts-expect-error a regressor has no probabilities: refused by tsc, and at run time.
    await expect(crossValPredict(meanRegressor, x, y, { method: 'predictProba' })).rejects.toThrow(/the estimator has no predictProba/);
  });
});

describe('crossValPredict fixtures', () => {
  it('leave label 7 out of the first explicit training set, so a zero column is exercised', () => {
    const c = cvp.cases.find((k) => k.cv === 'explicit' && k.method === 'predict_proba' && !k.weighted)!;
    const sevens = cvp.explicitFolds[0]!.test.filter((i) => cvp.yClass[i] === 7);
    expect(sevens.length).toBe(cvp.yClass.filter((v) => v === 7).length);
    expect(sevens.every((i) => (c.prediction as number[][])[i]![2] === 0)).toBe(true);
  });
});

/** Fit and predict fold by fold by hand: what crossValPredict must reproduce. */
async function manual(make: () => Classifier | Regressor, x: number[][], y: number[], folds: readonly Fold[], method: 'predict' | 'predictProba') {
  const labels = [...new Set(y)].sort((a, b) => a - b);
  const out: (number | number[])[] = new Array(y.length);
  for (const { train, test } of folds) {
    const est = make();
    await est.fit(selectRows(x, train), selectItems(y, train));
    if ('predictProba' in est) {
      const p = await est.predictProba(selectRows(x, test));
      test.forEach((row, r) => {
        const full = labels.map((label) => {
          const j = est.classes.indexOf(label);
          return j === -1 ? 0 : p[r]![j]!;
        });
        out[row] = method === 'predictProba' ? full : labels[full.indexOf(Math.max(...full))]!;
      });
    } else {
      const p = await (est as Regressor).predict(selectRows(x, test));
      test.forEach((row, r) => (out[row] = p[r]!));
    }
  }
  return out;
}

describe('crossValPredict: out-of-fold predictions', () => {
  const x = cvp.x;
  const y = cvp.yClass;
  const folds = stratifiedKFold(y, { k: 4 });

  it('equals fitting each fold by hand (nearest-centroid classifier)', async () => {
    for (const method of ['predict', 'predictProba'] as const) {
      const expected = await manual(nearestCentroid, x, y, folds, method);
      expect(await crossValPredict(nearestCentroid, x, y, { folds, method })).toEqual(expected);
      // A number of folds means the same unshuffled stratified folds.
      expect(await crossValPredict(nearestCentroid, x, y, { folds: 4, method })).toEqual(expected);
    }
  });

  it('equals fitting each fold by hand (nearest-neighbour regressor), with k-fold for a number', async () => {
    const expected = await manual(nearestNeighbourRegressor, x, cvp.yReg, kFold(x.length, { k: 3 }), 'predict');
    expect(await crossValPredict(nearestNeighbourRegressor, x, cvp.yReg, { folds: 3 })).toEqual(expected);
  });

  it('gives the same predictions for number[][], { data, shape } and tensors, and leaks no tensor', async () => {
    const expected = await crossValPredict(nearestCentroid, x, y, { folds, method: 'predictProba' });
    const shaped = { data: x.flat(), shape: [x.length, 2] as [number, number] };
    expect(await crossValPredict(nearestCentroid, shaped, new Float64Array(y), { folds, method: 'predictProba' })).toEqual(expected);
    const xt = tf.tensor2d(x, undefined, 'float32');
    const yt = tf.tensor1d(y, 'float32');
    const wt = tf.ones([x.length]) as tf.Tensor1D;
    try {
      const got = await expectNoLeaks(() => crossValPredict(nearestCentroid, xt, yt, { folds, method: 'predictProba', sampleWeight: wt }));
      // float32 features: equal up to float32 rounding of x.
      expectClose(got, expected, 5);
      expect(xt.isDisposed || yt.isDisposed || wt.isDisposed).toBe(false);
    } finally {
      xt.dispose();
      yt.dispose();
      wt.dispose();
    }
  });

  it('passes each fold its data in the kind it was given (tensors in, tensors out)', async () => {
    const log: FitRecord[] = [];
    const xt = tf.tensor2d(x);
    try {
      await crossValPredict(recorder(nearestCentroid, log), xt, y, { folds });
      expect(log.every((r) => r.x instanceof tf.Tensor)).toBe(true);
      expect(log.every((r) => (r.x as tf.Tensor).isDisposed)).toBe(true);
    } finally {
      xt.dispose();
    }
    log.length = 0;
    await crossValPredict(recorder(nearestCentroid, log), x, y, { folds });
    expect(log.every((r) => Array.isArray(r.x))).toBe(true);
  });

  it('trains each fold on exactly its training rows', async () => {
    const log: FitRecord[] = [];
    await crossValPredict(recorder(nearestCentroid, log), x, y, { folds });
    expect(log.map((r) => r.xRows)).toEqual(folds.map((f) => f.train.map((i) => x[i])));
    expect(log.map((r) => r.y)).toEqual(folds.map((f) => f.train.map((i) => y[i])));
  });

  it('uses shuffled stratified folds when given a seed, the same as stratifiedKFold with that seed', async () => {
    const log: FitRecord[] = [];
    await crossValPredict(recorder(nearestCentroid, log), x, y, { folds: 3, seed: 11 });
    const expected = stratifiedKFold(y, { k: 3, shuffle: true, seed: 11 });
    expect(log.map((r) => r.y)).toEqual(expected.map((f) => f.train.map((i) => y[i])));
    expect(expected).not.toEqual(stratifiedKFold(y, { k: 3 }));
  });

  it('falls back to plain k-fold for a classifier with non-integer labels (as check_cv)', async () => {
    const log: FitRecord[] = [];
    const halves = y.map((v) => v + 0.5);
    await crossValPredict(recorder(nearestCentroid, log), x, halves, { folds: 3 });
    expect(log.map((r) => r.y)).toEqual(kFold(x.length, { k: 3 }).map((f) => f.train.map((i) => halves[i])));
  });
});

describe('crossValPredict: a class missing from a fold', () => {
  const x = [[0], [0.1], [0.2], [5], [5.1], [5.2], [9], [9.1]];
  const y = [0, 0, 0, 1, 1, 1, 2, 2];
  // Fold 0 tests on every row of class 2, so its model never sees class 2.
  const folds: Fold[] = [
    { train: [0, 1, 3, 4], test: [2, 5, 6, 7] },
    { train: [2, 5, 6, 7], test: [0, 1, 3, 4] },
  ];

  it('gets probability 0 in that column, and is never predicted by that fold', async () => {
    const proba = await crossValPredict(nearestCentroid, x, y, { folds, method: 'predictProba' });
    for (const r of folds[0]!.test) {
      expect(proba[r]).toHaveLength(3);
      expect(proba[r]![2]).toBe(0);
      expect(proba[r]![0]! + proba[r]![1]!).toBeCloseTo(1, 12);
    }
    const predicted = await crossValPredict(nearestCentroid, x, y, { folds });
    expect(folds[0]!.test.map((r) => predicted[r])).toEqual([0, 1, 1, 1]);
  });
});

describe('crossValPredict: estimator lifecycle', () => {
  const x = cvp.x;
  const y = cvp.yClass;

  it('disposes every estimator, one per fold', async () => {
    const log: FitRecord[] = [];
    const counters = { made: 0, disposed: 0 };
    await crossValPredict(recorder(nearestCentroid, log, counters), x, y, { folds: 5 });
    expect(counters).toEqual({ made: 5, disposed: 5 });
    expect(log.every((r) => r.disposed)).toBe(true);
  });

  it('disposes the estimator whose fit throws, and stops there', async () => {
    const counters = { made: 0, disposed: 0 };
    let fits = 0;
    const failing = (): Classifier => {
      const inner = nearestCentroid();
      return {
        get classes() {
          return inner.classes;
        },
        predictProba: (xx) => inner.predictProba(xx),
        async fit(xx, yy) {
          if (++fits === 2) throw new Error('boom');
          await inner.fit(xx, yy);
        },
      };
    };
    await expect(crossValPredict(recorder(failing, [], counters), x, y, { folds: 4 })).rejects.toThrow('boom');
    expect(counters).toEqual({ made: 2, disposed: 2 });
  });

  it('disposes the probe estimator when the folds are rejected', async () => {
    const counters = { made: 0, disposed: 0 };
    await expect(crossValPredict(recorder(nearestCentroid, [], counters), x, y, { folds: 31 })).rejects.toThrow(InvalidArgumentError);
    expect(counters).toEqual({ made: 1, disposed: 1 });
  });
});

describe('crossValPredict: sample weights', () => {
  const x = cvp.x;
  const y = cvp.yClass;
  const w = cvp.sampleWeight;

  it("passes each fold its training rows' weights", async () => {
    const log: FitRecord[] = [];
    const folds = stratifiedKFold(y, { k: 3 });
    await crossValPredict(recorder(priorClassifier, log), x, y, { folds, sampleWeight: w });
    expect(log.map((r) => r.sampleWeight)).toEqual(folds.map((f) => f.train.map((i) => w[i])));
  });

  it('passes no options object when there are no weights', async () => {
    const log: FitRecord[] = [];
    await crossValPredict(recorder(priorClassifier, log), x, y, { folds: 3 });
    expect(log.every((r) => !r.optionsGiven && r.sampleWeight === undefined)).toBe(true);
  });

  it('changes the predictions of an estimator that uses them', async () => {
    const plain = await crossValPredict(priorClassifier, x, y, { folds: 3, method: 'predictProba' });
    const weighted = await crossValPredict(priorClassifier, x, y, { folds: 3, method: 'predictProba', sampleWeight: w });
    expect(weighted).not.toEqual(plain);
  });
});

describe('crossValPredict: refuses bad input before fitting anything', () => {
  const x = [[0], [1], [2], [3], [4], [5]];
  const y = [0, 1, 0, 1, 0, 1];

  async function rejects(options: Record<string, unknown>, pattern: RegExp, args: { x?: unknown; y?: unknown; factory?: unknown } = {}): Promise<number> {
    const counters = { made: 0, disposed: 0 };
    const log: FitRecord[] = [];
    const factory = args.factory ?? recorder(nearestCentroid, log, counters);
    await expect(crossValPredict(factory as () => Classifier, (args.x ?? x) as number[][], (args.y ?? y) as number[], options)).rejects.toThrow(pattern);
    expect(log).toHaveLength(0);
    expect(counters.made).toBe(counters.disposed);
    return counters.made;
  }

  it('fold lists that do not partition the rows (without even making an estimator)', async () => {
    const f = (train: number[], test: number[]): Fold => ({ train, test });
    const p = /must be folds whose test sets partition the rows/;
    expect(await rejects({ folds: [f([3, 4, 5], [0, 1, 2]), f([0, 1, 2], [3, 4])] }, /row 5 is in no test set/)).toBe(0);
    expect(await rejects({ folds: [f([3, 4, 5], [0, 1, 2]), f([0, 1], [2, 3, 4, 5])] }, /row 2 is in the test sets of folds 0 and 1/)).toBe(0);
    expect(await rejects({ folds: [f([2, 3, 4, 5], [0, 1, 2]), f([0, 1, 2], [3, 4, 5])] }, /row 2 is in both the training and the test set of fold 0/)).toBe(0);
    expect(await rejects({ folds: [f([], [0, 1, 2, 3, 4, 5])] }, /fold 0 has no training rows/)).toBe(0);
    expect(await rejects({ folds: [f([6], [0, 1, 2, 3, 4, 5])] }, /holds 6, not a row index in \[0, 5\]/)).toBe(0);
    expect(await rejects({ folds: [] }, p)).toBe(0);
    expect(await rejects({ folds: [{ train: [1] }] }, p)).toBe(0);
    expect(await rejects({ folds: [f([3, 4, 5], [0, 1, 2]), f([0, 1, 2], [3, 4, 5])], seed: 1 }, /option "seed"/)).toBe(0);
  });

  it('too many folds, for plain and stratified folds', async () => {
    await rejects({ folds: 7 }, /option "folds" must be an integer in \[2, 6\]/);
    await rejects({ folds: 4 }, /cannot be greater than the number of members in each class/);
    await rejects({ folds: 7 }, /option "folds"/, { factory: recorder(meanRegressor, []) });
  });

  it('predictProba on a regressor, and factories that make no estimator', async () => {
    await rejects({ method: 'predictProba' }, /option "method" must be 'predict' \(the estimator has no predictProba\)/, { factory: meanRegressor });
    await rejects({}, /argument "factory" must be a function returning a Classifier/, { factory: () => ({ fit: async () => undefined }) });
    await rejects({}, /argument "factory" must be a function/, { factory: 42 });
  });

  it('bad data and options', async () => {
    await rejects({}, /must have the same number of rows/, { y: [0, 1, 0] });
    await rejects({}, /argument "y" must contain only finite numbers; got NaN at index 2/, { y: [0, 1, Number.NaN, 1, 0, 1] });
    await rejects({ sampleWeight: [1, 1, -1, 1, 1, 1] }, /option "sampleWeight" must contain only weights >= 0; got -1 at index 2/);
    await rejects({ sampleWeight: [1, 1] }, /argument "x" and option "sampleWeight" must have the same number of rows/);
    await rejects({ method: 'decisionFunction' }, /option "method" must be one of 'predict', 'predictProba'/);
    await rejects({ folds: 1 }, /option "folds"/);
    await rejects({ fold: 3 }, /unknown option "fold" \(did you mean "folds"\?\)/);
  });
});

describe('crossValPredict: estimators that break the protocol', () => {
  const x = [[0], [1], [2], [3]];
  const y = [0, 1, 0, 1];
  const folds = 2;

  it('wrong number of probability rows or columns is a ShapeError', async () => {
    const short = (): Classifier => ({ classes: [0, 1], fit: async () => undefined, predictProba: async () => [[1, 0]] });
    await expect(crossValPredict(short, x, y, { folds })).rejects.toThrow(ShapeError);
    const narrow = (): Classifier => ({ classes: [0, 1], fit: async () => undefined, predictProba: async (m) => (m as number[][]).map(() => [1]) });
    await expect(crossValPredict(narrow, x, y, { folds })).rejects.toThrow(/2 probabilities per row/);
  });

  it('a class that is not a label of y is refused', async () => {
    const liar = (): Classifier => ({ classes: [0, 9], fit: async () => undefined, predictProba: async (m) => (m as number[][]).map(() => [0.5, 0.5]) });
    await expect(crossValPredict(liar, x, y, { folds })).rejects.toThrow(/reports class 9, which is not a label of "y"/);
  });

  it('a regressor returning the wrong number of predictions is a ShapeError', async () => {
    const bad = (): Regressor => ({ fit: async () => undefined, predict: async () => [1] });
    await expect(crossValPredict(bad, x, y, { folds })).rejects.toThrow(ShapeError);
  });
});
