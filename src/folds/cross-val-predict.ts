import { takeItems, takeRows } from '../core/_internal/take.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import {
  checkArgument,
  checkOptions,
  checkSameLength,
  createRng,
  formatValue,
  InvalidArgumentError,
  invalidArgument,
  invalidOption,
  is,
  ShapeError,
  toMatrixAsync,
  toSampleWeight,
  toVectorAsync,
} from '../core/index.js';
import type { MatrixLike, Rng, Vector, VectorLike } from '../core/index.js';
import type { Classifier, Factory, FitOptions, Regressor } from '../estimators/protocol.js';
import { checkFoldLimit, checkRowCount, encodeByAppearance, encodeSorted, foldsFromAssignment } from './_internal/shared.js';
import { kFoldAssignment } from './k-fold.js';
import { checkStratifiedK, stratifiedAssignment } from './stratified-k-fold.js';
import type { Fold } from './types.js';

/** What {@link crossValPredict} asks each fold's estimator for. */
export type CrossValPredictMethod = 'predict' | 'predictProba';

/** Options of {@link crossValPredict}. */
export interface CrossValPredictOptions<M extends CrossValPredictMethod = CrossValPredictMethod> {
  /**
   * The folds: a number `k` (default 5) for unshuffled {@link stratifiedKFold} when the estimator
   * is a classifier with integer labels, {@link kFold} otherwise (as scikit-learn's `cv=int`); or
   * an explicit list of folds whose test sets partition the rows (every row in exactly one test
   * set), e.g. from {@link groupKFold}.
   */
  folds?: number | readonly Fold[];
  /**
   * `'predict'` (default): labels for a classifier (the most probable class of its fold, first on
   * ties), values for a regressor. `'predictProba'`: class probabilities (classifiers only).
   */
  method?: M;
  /** One non-negative weight per row; each fold's estimator is fitted with its training rows' weights. */
  sampleWeight?: VectorLike;
  /**
   * Shuffle the folds made from a number `folds` with this seed (default: unshuffled, as
   * scikit-learn). Not allowed with an explicit fold list.
   */
  seed?: number | string | Rng;
}

/** The result of {@link crossValPredict} for a method: `number[][]` for `'predictProba'`, else `number[]`. */
export type CrossValPrediction<M extends CrossValPredictMethod> = M extends 'predictProba' ? number[][] : number[];

type Estimator = Classifier | Regressor;

const FOLDS = is.anyOf(
  is.integer({ min: 2 }),
  is.custom<readonly Fold[]>('an array of { train, test } folds', (v) => Array.isArray(v)),
);

function isIndexList(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * Check an explicit fold list before anything is fitted: indices in range, every row in exactly
 * one test set (scikit-learn: "cross_val_predict only works for partitions"), and, beyond what
 * scikit-learn checks, no row in both sets of a fold and no empty training set.
 */
function checkPartition(fn: string, folds: readonly Fold[], n: number): Fold[] {
  const bad = (reason: string): InvalidArgumentError =>
    invalidOption(fn, 'folds', 'folds whose test sets partition the rows (every row in exactly one test set)', folds, reason);
  if (folds.length === 0) throw bad('the list is empty');
  const owner = new Int32Array(n).fill(-1);
  const copies: Fold[] = [];
  folds.forEach((fold, f) => {
    if (typeof fold !== 'object' || fold === null) throw bad(`fold ${f} is ${formatValue(fold)}, not { train, test }`);
    const lists: number[][] = [];
    for (const key of ['train', 'test'] as const) {
      const list: unknown = (fold as unknown as Record<string, unknown>)[key];
      if (!isIndexList(list)) throw bad(`fold ${f}'s "${key}" is ${formatValue(list)}, not an array of row indices`);
      for (let i = 0; i < list.length; i++) {
        const r = list[i];
        if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r >= n) {
          throw bad(`fold ${f}'s "${key}" holds ${formatValue(r)}, not a row index in [0, ${n - 1}]`);
        }
      }
      lists.push(Array.from(list));
    }
    const [train, test] = lists as [number[], number[]];
    for (const r of test) {
      if (owner[r] !== -1) throw bad(`row ${r} is in the test sets of folds ${owner[r]} and ${f}`);
      owner[r] = f;
    }
    copies.push({ train, test });
  });
  const missing = owner.indexOf(-1);
  if (missing !== -1) throw bad(`row ${missing} is in no test set`);
  copies.forEach(({ train }, f) => {
    if (train.length === 0) throw bad(`fold ${f} has no training rows`);
    for (const r of train) if (owner[r] === f) throw bad(`row ${r} is in both the training and the test set of fold ${f}`);
  });
  return copies;
}

/** Whether `est` is a classifier (has `predictProba`); throws when it fits neither protocol or `method`. */
function checkEstimator(fn: string, est: unknown, method: CrossValPredictMethod): est is Estimator {
  const e = est as Partial<Classifier & Regressor> | null;
  const isObject = typeof e === 'object' && e !== null;
  const classifier = isObject && typeof e.predictProba === 'function';
  if (!isObject || typeof e.fit !== 'function' || (!classifier && typeof e.predict !== 'function')) {
    throw invalidArgument(fn, 'factory', 'a function returning a Classifier (fit, predictProba, classes) or a Regressor (fit, predict)', est, 'what the factory returned');
  }
  if (method === 'predictProba' && !classifier) {
    throw invalidOption(fn, 'method', "'predict'", method, 'the estimator has no predictProba');
  }
  return true;
}

function isClassifier(est: Estimator): est is Classifier {
  return typeof (est as Partial<Classifier>).predictProba === 'function';
}

function disposeEstimator(est: unknown): void {
  const d = (est as { dispose?: unknown } | null)?.dispose;
  if (typeof d === 'function') d.call(est);
}

/** The folds a number `k` stands for, as scikit-learn's `check_cv(k, y, classifier)`. */
function foldsFromNumber(fn: string, k: number, y: Vector, classifier: boolean, rng: Rng | undefined): Fold[] {
  const n = y.length;
  checkFoldLimit(fn, 'folds', k, n, `cannot have more folds than the ${n} rows`);
  // A classifier with integer labels (sklearn's "binary"/"multiclass" targets) gets stratified
  // folds; continuous labels fall back to plain k-fold, as in check_cv.
  if (classifier && y.data.every((v) => Number.isInteger(v))) {
    const labels = encodeByAppearance(y.data);
    checkStratifiedK(fn, 'folds', k, labels.counts);
    return foldsFromAssignment(stratifiedAssignment(labels, k, rng), k);
  }
  return foldsFromAssignment(kFoldAssignment(n, k, rng), k);
}

function rowsOf(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * Out-of-fold predictions: for each fold, a fresh estimator from `factory` is fitted on the
 * training rows and predicts the test rows, so every row is predicted by a model that never saw
 * it. The result lines up with the rows of `x`: the honest input for stacking, calibration, or
 * an error analysis. Folds are fitted one after the other; each estimator's `dispose` (if any)
 * is called as soon as its fold is done, also when it fails.
 *
 * Each fold's data is passed to `fit` / `predict` in the kind `x`, `y` and `sampleWeight` came in
 * (tensors give tensors, disposed when the call returns: an estimator must not keep them).
 *
 * @typeParam M - the method, which decides the result type.
 * @param factory - makes a fresh, unfitted `Classifier` or `Regressor` (the estimator protocol of
 *   `whetstone/estimators`); called once per fold.
 * @param x - features, one row per sample.
 * @param y - labels (classifier) or targets (regressor), one per row.
 * @param options - `folds` (default 5), `method` (default `'predict'`), `sampleWeight`, `seed`.
 * @returns for `'predict'`, one prediction per row (`number[]`); for `'predictProba'`, one row of
 *   probabilities per row, with a column per label of `y` in ascending order; a class absent from
 *   a fold's training rows gets probability 0 in that fold's rows (scikit-learn also warns).
 * @throws {@link "whetstone/core"!InvalidArgumentError} before anything is fitted, for bad options
 *   or data (NaN, negative weights), a factory that returns neither kind of estimator,
 *   `'predictProba'` on a regressor, a number of folds the data cannot give, or a fold list that
 *   does not partition the rows or that tests on training rows; {@link "whetstone/core"!ShapeError}
 *   for mismatched lengths, or an estimator whose predictions have the wrong shape. Errors from the
 *   estimator pass through.
 * @see scikit-learn's `sklearn.model_selection.cross_val_predict`.
 * @example
 * ```ts
 * const oof = await crossValPredict(() => logisticRegression(), x, y, { folds: 5, method: 'predictProba' });
 * ```
 */
export async function crossValPredict<M extends CrossValPredictMethod = 'predict'>(
  factory: Factory<M extends 'predictProba' ? Classifier : Classifier | Regressor>,
  x: MatrixLike,
  y: VectorLike,
  options: CrossValPredictOptions<M> = {},
): Promise<CrossValPrediction<M>> {
  const fn = 'crossValPredict';
  checkArgument(fn, 'factory', factory, is.func());
  checkOptions(fn, options, {
    folds: FOLDS,
    method: is.oneOf(['predict', 'predictProba']),
    sampleWeight: is.vector(),
    seed: is.seed(),
  });
  const method: CrossValPredictMethod = options.method ?? 'predict';
  const m = await toMatrixAsync(x, { fn, name: 'x' });
  const yv = await toVectorAsync(y, { fn, name: 'y' });
  checkSameLength(fn, [
    ['x', m.rows],
    ['y', yv.length],
  ]);
  checkRowCount(fn, 'x', m.rows);
  let weights: Vector | undefined;
  if (options.sampleWeight !== undefined) {
    // Kept as a Vector (not just checked) so each fold gets its weights in the kind they came in.
    weights = await toVectorAsync(options.sampleWeight, { fn, name: 'sampleWeight', role: 'option' });
    toSampleWeight(weights.data, { fn, rows: m.rows });
  }
  const explicit = Array.isArray(options.folds) ? checkPartition(fn, options.folds as readonly Fold[], m.rows) : undefined;
  if (explicit !== undefined && options.seed !== undefined) {
    throw invalidOption(fn, 'seed', 'left out when "folds" is a list of folds', options.seed, 'only folds made from a number can be shuffled');
  }

  // One estimator is made up front to learn whether it is a classifier (which decides the kind of
  // folds a number stands for); it then serves the first fold.
  const first: unknown = factory();
  let folds: Fold[];
  let classifier: boolean;
  try {
    checkEstimator(fn, first, method);
    classifier = isClassifier(first as Estimator);
    const rng = options.seed === undefined ? undefined : createRng(options.seed);
    folds = explicit ?? foldsFromNumber(fn, (options.folds as number | undefined) ?? 5, yv, classifier, rng);
  } catch (error) {
    disposeEstimator(first);
    throw error;
  }

  const labels = classifier ? encodeSorted(yv.data).classes : [];
  const column = new Map(labels.map((label, j) => [label, j]));
  const proba: number[][] = method === 'predictProba' ? new Array<number[]>(m.rows) : [];
  const values: number[] = method === 'predict' ? new Array<number>(m.rows) : [];

  for (let f = 0; f < folds.length; f++) {
    const { train, test } = folds[f]!;
    const est: unknown = f === 0 ? first : factory();
    const owned: Tensor[] = [];
    try {
      checkEstimator(fn, est, method);
      const fitOptions: FitOptions | undefined = weights === undefined ? undefined : { sampleWeight: takeItems(weights, train, owned) };
      const xTrain = takeRows(m, train, owned);
      const yTrain = takeItems(yv, train, owned);
      if (fitOptions === undefined) await (est as Estimator).fit(xTrain, yTrain);
      else await (est as Estimator).fit(xTrain, yTrain, fitOptions);
      if (test.length === 0) continue;
      const xTest = takeRows(m, test, owned);
      if (classifier) {
        const c = est as Classifier;
        const p = await c.predictProba(xTest);
        const classes = c.classes;
        const cols = foldColumns(fn, f, classes, column);
        if (!rowsOf(p) || p.length !== test.length) {
          throw new ShapeError(`${fn}: the estimator of fold ${f} must return one row of probabilities per test row (${test.length}); got ${formatValue(p)}.`);
        }
        for (let r = 0; r < test.length; r++) {
          const row = p[r];
          if (!rowsOf(row) || row.length !== cols.length) {
            throw new ShapeError(`${fn}: the estimator of fold ${f} must return ${cols.length} probabilities per row (one per class); got ${formatValue(row)} in row ${r}.`);
          }
          if (method === 'predictProba') {
            const full = new Array<number>(labels.length).fill(0);
            for (let j = 0; j < cols.length; j++) full[cols[j]!] = row[j] as number;
            proba[test[r]!] = full;
          } else {
            let best = 0;
            for (let j = 1; j < cols.length; j++) if ((row[j] as number) > (row[best] as number)) best = j;
            values[test[r]!] = classes[best]!;
          }
        }
      } else {
        const p = await (est as Regressor).predict(xTest);
        if (!rowsOf(p) || p.length !== test.length) {
          throw new ShapeError(`${fn}: the estimator of fold ${f} must return one prediction per test row (${test.length}); got ${formatValue(p)}.`);
        }
        for (let r = 0; r < test.length; r++) values[test[r]!] = p[r] as number;
      }
    } finally {
      for (const t of owned) t.dispose();
      disposeEstimator(est);
    }
  }
  return (method === 'predictProba' ? proba : values) as CrossValPrediction<M>;
}

/** Column of the full (all labels of y) probability matrix for each of a fold's classes. */
function foldColumns(fn: string, f: number, classes: unknown, column: ReadonlyMap<number, number>): number[] {
  if (!rowsOf(classes)) throw new InvalidArgumentError(`${fn}: the estimator of fold ${f} must list its classes in "classes"; got ${formatValue(classes)}.`);
  const cols: number[] = [];
  for (let j = 0; j < classes.length; j++) {
    const col = typeof classes[j] === 'number' ? column.get(classes[j] as number) : undefined;
    if (col === undefined) {
      throw new InvalidArgumentError(`${fn}: the estimator of fold ${f} reports class ${formatValue(classes[j])}, which is not a label of "y".`);
    }
    cols.push(col);
  }
  return cols;
}
