import { takeItems, takeRows } from '../core/_internal/take.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import { checkSameLength, fromVector, toMatrixAsync, toSampleWeight, toVectorAsync, type Matrix, type Vector } from '../core/convert.js';
import { InvalidArgumentError, NotFittedError, ShapeError } from '../core/errors.js';
import { isTensor } from '../core/tensor.js';
import type { MatrixLike, Rng, VectorLike } from '../core/types.js';
import { checkOptions, formatValue, invalidArgument, invalidOption, is } from '../core/validate.js';
import { isClassifier } from '../estimators/guards.js';
import type { Classifier, Factory, FitOptions } from '../estimators/protocol.js';
import { crossValPredict } from '../folds/cross-val-predict.js';
import { stratifiedKFold } from '../folds/stratified-k-fold.js';
import type { Fold } from '../folds/types.js';
import { plattProbability } from './_internal/logistic.js';
import { isotonicRegression } from './isotonic.js';
import { plattScaling } from './platt.js';
import { temperatureScaling, type TemperatureScaling } from './temperature.js';
import type { ScoreCalibrator } from './types.js';

/** How {@link calibratedClassifier} maps a classifier's probabilities to calibrated ones. */
export type CalibrationMethod = 'platt' | 'isotonic' | 'temperature';

/** Options of {@link calibratedClassifier}; every field is optional and documents its default. */
export interface CalibratedClassifierOptions {
  /**
   * `'platt'` (default; scikit-learn's `'sigmoid'`): a sigmoid per class, fitted with
   * `plattScaling()`. `'isotonic'`: a monotone step-and-ramp map per class,
   * `isotonicRegression({ outOfBounds: 'clip' })`; needs more calibration rows (scikit-learn advises
   * against it below about a thousand). Both are one-vs-rest, renormalized for more than two
   * classes. `'temperature'` (not in scikit-learn 1.2; its issue #28574): one temperature for all
   * classes, fitted with `temperatureScaling({ bounds: [0.05, 20] })` on the classifier's
   * log-probabilities (T at a bound when the calibration rows are separable, see the `bounds`
   * option); it keeps each row's ranking of the classes, so labels predicted do not change.
   */
  method?: CalibrationMethod;
  /**
   * Where the calibration rows come from.
   *
   * - a number k >= 2 (default 5): stratified k-fold on `y`, unshuffled as scikit-learn's
   *   `check_cv(k, y, classifier=True)` (the first rows of each class go to fold 0), or shuffled
   *   with `seed`. Every class needs at least k rows.
   * - a list of folds (e.g. from `whetstone/folds`): used as given; with `ensemble: false` their
   *   test sets must partition the rows.
   * - `'prefit'`: the classifier passed to {@link calibratedClassifier} is already fitted; `fit`
   *   only fits the calibrators, on all the rows it is given. Keep those rows apart from the
   *   ones the classifier was trained on.
   */
  cv?: number | readonly Fold[] | 'prefit';
  /**
   * With folds (not `'prefit'`): `true` (default) keeps one classifier–calibrator pair per fold
   * (classifier fitted on the fold's training rows, calibrators on its test rows) and averages
   * their calibrated probabilities; `false` fits the calibrators once, on out-of-fold
   * probabilities for every row (`crossValPredict`), and predicts with one classifier fitted on
   * all rows. Not allowed with `'prefit'`.
   */
  ensemble?: boolean;
  /**
   * Shuffle the folds made from a number `cv` with this seed (default: unshuffled, as
   * scikit-learn). Only allowed when `cv` is a number (or left out).
   */
  seed?: number | string | Rng;
}

/**
 * A fitted calibrator of a {@link CalibratedPair}: a {@link ScoreCalibrator} for `'platt'` and
 * `'isotonic'`, a {@link TemperatureScaling} for `'temperature'`.
 */
export type PairCalibrator = ScoreCalibrator | TemperatureScaling;

/** One fitted classifier and the calibrators fitted on its predictions (scikit-learn's `_CalibratedClassifier`). */
export interface CalibratedPair {
  /** The fitted classifier (the one given, for `cv: 'prefit'`). */
  readonly classifier: Classifier;
  /**
   * Its calibrators. `'platt'` / `'isotonic'` with two classes: one, for the probability of the
   * second class. With more: one per class the classifier knows, in the order of its `classes`.
   * `'temperature'`: one, for all classes.
   */
  readonly calibrators: readonly PairCalibrator[];
}

/**
 * A classifier whose probabilities are calibrated (see {@link calibratedClassifier}). It fits the
 * estimator protocol, so it can itself be stacked, cross-validated or tuned.
 */
export interface CalibratedClassifier extends Classifier {
  /**
   * Fit the classifier(s) and their calibrators on rows `x` and integer labels `y` (at least two
   * classes). Refitting starts again from scratch: once the arguments are checked, the classifiers
   * of the previous fit are disposed; a fit that throws after that leaves the model unfitted (one
   * rejected for its arguments leaves the previous fit in place).
   *
   * @param x - features, one row per sample.
   * @param y - class labels, integers, one per row.
   * @param options - `sampleWeight`: one weight >= 0 per row, passed to every classifier's `fit`
   *   (for the rows it trains on) and to every calibrator (for the rows it calibrates on).
   * @throws {@link "whetstone/core"!InvalidArgumentError} for NaN/±Infinity, non-integer labels, a
   *   single class, negative or all-zero weights, a number of folds above the size of the smallest
   *   class, folds naming rows that do not exist, labels the prefit classifier does not know;
   *   {@link "whetstone/core"!ShapeError} for mismatched lengths or probability rows of the wrong
   *   shape; {@link "whetstone/core"!NotFittedError} for a `'prefit'` classifier that is not
   *   fitted; {@link "whetstone/core"!ConvergenceError} from temperature scaling when no finite
   *   temperature is optimal (a classifier that ranks every calibration row's label first).
   *   Errors from the classifiers pass through.
   */
  fit(x: MatrixLike, y: VectorLike, options?: FitOptions): Promise<void>;
  /**
   * Calibrated probabilities: the mean over the pairs of each pair's calibrated probabilities.
   *
   * @param x - rows with as many columns as the rows fitted on.
   * @returns one row per input row, columns in `classes` order, each row summing to 1.
   * @throws {@link "whetstone/core"!NotFittedError} before `fit` or after `dispose`;
   *   {@link "whetstone/core"!ShapeError} for a wrong number of columns.
   */
  predictProba(x: MatrixLike): Promise<number[][]>;
  /**
   * The most probable class of each row under the calibrated probabilities (the first on ties),
   * which can differ from the uncalibrated classifier's.
   *
   * @param x - rows to label.
   * @returns one label per row, from `classes`.
   * @throws as {@link CalibratedClassifier.predictProba}.
   */
  predict(x: MatrixLike): Promise<number[]>;
  /** The labels seen by `fit` (for `'prefit'`: the prefit classifier's), sorted; empty before. */
  readonly classes: readonly number[];
  /** The calibration method. */
  readonly method: CalibrationMethod;
  /**
   * The fitted pairs (scikit-learn's `calibrated_classifiers_`): one per fold with `ensemble: true`,
   * else one. A fresh array; the objects in it are the live fitted ones.
   * @throws {@link "whetstone/core"!NotFittedError} before `fit`.
   */
  readonly calibratedClassifiers: readonly CalibratedPair[];
  /**
   * Dispose the classifiers this model made from the factory (their tfjs models), and forget the
   * fit. A `'prefit'` classifier belongs to the caller and is not disposed.
   */
  dispose(): void;
}

type Source = { readonly kind: 'factory'; readonly factory: Factory<Classifier> } | { readonly kind: 'prefit'; readonly classifier: Classifier };

interface Resolved {
  readonly source: Source;
  readonly method: CalibrationMethod;
  /** Number of folds, or explicit folds (copied); unused for 'prefit'. */
  readonly cv: number | readonly Fold[];
  readonly ensemble: boolean;
  readonly seed: number | string | Rng | undefined;
}

/** A pair as kept inside: the global column of each of the classifier's columns, for prediction. */
interface Pair extends CalibratedPair {
  readonly columns: readonly number[];
}

/** What `fit` was given, passed on as it came (crossValPredict and the final fit read it themselves). */
interface Given {
  readonly x: MatrixLike;
  readonly y: VectorLike;
  readonly sampleWeight: VectorLike | undefined;
}

interface State {
  readonly classes: readonly number[];
  readonly nFeatures: number;
  readonly pairs: readonly Pair[];
  /** Whether the pairs' classifiers are ours to dispose. */
  readonly owned: boolean;
}

const NAME = 'CalibratedClassifier';
const FN = 'calibratedClassifier';
// Temperature scaling takes log(max(p, LOG_FLOOR)): a classifier may say exactly 0 (a saturated
// softmax, a tree), whose log would be -Infinity. 1e-15 is the clip of scikit-learn 1.2's log_loss.
const TEMPERATURE_BOUNDS: readonly [number, number] = [0.05, 20];
const LOG_FLOOR = 1e-15;

function isIndexList(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function isRowIndexList(v: unknown): boolean {
  if (!isIndexList(v) || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const r = v[i];
    if (typeof r !== 'number' || !Number.isSafeInteger(r) || r < 0) return false;
  }
  return true;
}

const FOLD_LIST = is.custom<readonly Fold[]>(
  'a non-empty array of folds { train, test }, each a non-empty list of row indices',
  (v) => Array.isArray(v) && v.length > 0 && v.every((f) => typeof f === 'object' && f !== null && isRowIndexList((f as Fold).train) && isRowIndexList((f as Fold).test)),
);

const SPEC = {
  method: is.oneOf(['platt', 'isotonic', 'temperature']),
  cv: is.anyOf(is.integer({ min: 2 }), is.oneOf(['prefit']), FOLD_LIST),
  ensemble: is.boolean(),
  seed: is.seed(),
};

function disposeClassifier(c: unknown): void {
  const d = (c as { dispose?: unknown } | null)?.dispose;
  if (typeof d === 'function') d.call(c);
}

/** Labels must be class labels: integers (scikit-learn's check_classification_targets rejects continuous y). */
function checkLabels(fn: string, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) {
    if (!Number.isInteger(y[i]!)) {
      throw new InvalidArgumentError(`${fn}: argument "y" must contain class labels (integers); got ${formatValue(y[i])} at index ${i}.`);
    }
  }
}

function sortedClasses(y: Float64Array): number[] {
  // `+ 0` folds -0 into 0, as numpy's unique does.
  return [...new Set(Array.from(y, (v) => v + 0))].sort((a, b) => a - b);
}

/** The global column of each of a classifier's classes; every one must be a label of y. */
function columnsOf(fn: string, classes: unknown, index: ReadonlyMap<number, number>, who: string): number[] {
  if (!isIndexList(classes)) throw new InvalidArgumentError(`${fn}: ${who} must list its classes in "classes"; got ${formatValue(classes)}.`);
  const cols: number[] = [];
  for (let j = 0; j < classes.length; j++) {
    const c = classes[j];
    const col = typeof c === 'number' ? index.get(c) : undefined;
    if (col === undefined) throw new InvalidArgumentError(`${fn}: ${who} reports class ${formatValue(c)}, which is not a label of "y".`);
    cols.push(col);
  }
  return cols;
}

/** Ask a classifier for probabilities and check their shape; the rows are read into float64. */
async function probabilities(fn: string, clf: Classifier, x: MatrixLike, rows: number, cols: number, who: string): Promise<Float64Array[]> {
  const p: unknown = await clf.predictProba(x);
  if (!isIndexList(p) || p.length !== rows) {
    throw new ShapeError(`${fn}: ${who} must return one row of probabilities per row (${rows}); got ${formatValue(p)}.`);
  }
  const out: Float64Array[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = p[i];
    if (!isIndexList(row) || row.length !== cols) {
      throw new ShapeError(`${fn}: ${who} must return ${cols} probabilities per row (one per class it knows); got ${formatValue(row)} in row ${i}.`);
    }
    const r = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
        throw new InvalidArgumentError(`${fn}: ${who} must return probabilities in [0, 1]; got ${formatValue(v)} in row ${i}, column ${j}.`);
      }
      r[j] = v;
    }
    out[i] = r;
  }
  return out;
}

/**
 * Platt scaling on labels of one class only, which `plattScaling` rejects but scikit-learn 1.2
 * fits: its BFGS starts at a = 0, b = log((N₋ + 1) / (N₊ + 1)), where the gradient is already zero
 * (the sigmoid equals the smoothed target there), and stays. One class can happen one-vs-rest,
 * when the calibration rows hold no row of some class.
 */
function oneClassPlatt(prior0: number, prior1: number): ScoreCalibrator & { readonly a: number; readonly b: number } {
  const b = Math.log((prior0 + 1) / (prior1 + 1));
  const p = plattProbability(b);
  return {
    method: 'platt',
    fitted: true,
    a: 0,
    b,
    fit(): never {
      throw new InvalidArgumentError(`${FN}: this calibrator stands for a one-class Platt fit and cannot be refitted; use plattScaling() instead.`);
    },
    predict<V extends VectorLike>(scores: V) {
      const n = isTensor(scores) ? scores.shape[0]! : scores.length;
      return fromVector<V>(isTensor(scores) ? 'tensor' : 'array', new Float64Array(n).fill(p));
    },
  };
}

interface CalibrationRows {
  /** Probabilities, one row per calibration row, one column per class the classifier knows. */
  readonly proba: readonly Float64Array[];
  /** Global class index of the classifier's columns. */
  readonly columns: readonly number[];
  /** Global class index of each row's label. */
  readonly label: Int32Array;
  readonly weight: Float64Array | undefined;
}

/** Fit the calibrators of one pair, as scikit-learn's `_fit_calibrator` (plus temperature). */
function fitCalibrators(fn: string, method: CalibrationMethod, nClasses: number, rows: CalibrationRows, classes: readonly number[], who: string): PairCalibrator[] {
  const { proba, columns, label, weight } = rows;
  const n = proba.length;
  if (weight !== undefined && !(weight.reduce((s, w) => s + w, 0) > 0)) {
    throw new InvalidArgumentError(`${fn}: option "sampleWeight" must give the calibration rows of ${who} a positive total weight; they weigh 0.`);
  }
  if (method === 'temperature') {
    const position = new Map(columns.map((c, j) => [c, j]));
    const logits = proba.map((row) => Array.from(row, (p) => Math.log(Math.max(p, LOG_FLOOR))));
    const target = Array.from(label, (c, i) => {
      const j = position.get(c);
      if (j === undefined) {
        throw new InvalidArgumentError(`${fn}: ${who} never saw class ${formatValue(classes[c])}, which row ${i} of its calibration rows holds; temperature scaling needs every calibration label among the classifier's classes.`);
      }
      return j;
    });
    // On log-probabilities T = 1 leaves the classifier as it is; the bounds keep separable
    // calibration rows (every label ranked first, common with accurate models) from sending T to 0.
    const t = temperatureScaling({ bounds: TEMPERATURE_BOUNDS });
    t.fit(logits, target, weight === undefined ? undefined : { sampleWeight: weight });
    return [t];
  }
  const fitOne = (scores: Float64Array, positive: (c: number) => boolean): ScoreCalibrator => {
    const y = new Float64Array(n);
    let prior0 = 0;
    let prior1 = 0;
    for (let i = 0; i < n; i++) {
      const w = weight === undefined ? 1 : weight[i]!;
      if (positive(label[i]!)) {
        y[i] = 1;
        prior1 += w;
      } else prior0 += w;
    }
    const options = weight === undefined ? undefined : { sampleWeight: weight };
    if (method === 'isotonic') return isotonicRegression({ outOfBounds: 'clip' }).fit(scores, y, options);
    if (prior0 === 0 || prior1 === 0) return oneClassPlatt(prior0, prior1);
    return plattScaling().fit(scores, y, options);
  };
  if (nClasses === 2) {
    // As scikit-learn: one calibrator, on the probability of the second class.
    if (columns.length !== 2) {
      throw new InvalidArgumentError(`${fn}: ${who} knows only the class ${formatValue(classes[columns[0]!])}; with two classes its training rows need both.`);
    }
    return [fitOne(Float64Array.from(proba, (r) => r[1]!), (c) => c === columns[1])];
  }
  return columns.map((col, j) => fitOne(Float64Array.from(proba, (r) => r[j]!), (c) => c === col));
}

/** One pair's calibrated probabilities, as scikit-learn's `_CalibratedClassifier.predict_proba`. */
function pairProbabilities(method: CalibrationMethod, nClasses: number, pair: Pair, proba: readonly Float64Array[]): Float64Array[] {
  const n = proba.length;
  const out = Array.from({ length: n }, () => new Float64Array(nClasses));
  if (method === 'temperature') {
    const q = (pair.calibrators[0] as TemperatureScaling).predict(proba.map((row) => Array.from(row, (p) => Math.log(Math.max(p, LOG_FLOOR)))));
    for (let i = 0; i < n; i++) pair.columns.forEach((col, j) => (out[i]![col] = q[i]![j]!));
  } else if (nClasses === 2) {
    const p1 = (pair.calibrators[0] as ScoreCalibrator).predict(Array.from(proba, (r) => r[1]!));
    const [negative, positive] = pair.columns as [number, number];
    for (let i = 0; i < n; i++) {
      out[i]![positive] = p1[i]!;
      out[i]![negative] = 1 - p1[i]!;
    }
  } else {
    pair.columns.forEach((col, j) => {
      const p = (pair.calibrators[j] as ScoreCalibrator).predict(Array.from(proba, (r) => r[j]!));
      for (let i = 0; i < n; i++) out[i]![col] = p[i]!;
    });
    for (const row of out) {
      let total = 0;
      for (let c = 0; c < nClasses; c++) total += row[c]!;
      // Every one-vs-rest calibrator said 0: scikit-learn falls back to the uniform distribution.
      if (total === 0) row.fill(1 / nClasses);
      else for (let c = 0; c < nClasses; c++) row[c] = row[c]! / total;
    }
  }
  // As scikit-learn: round a probability that exceeds 1 by rounding error alone down to 1.
  for (const row of out) for (let c = 0; c < nClasses; c++) if (row[c]! > 1 && row[c]! <= 1 + 1e-5) row[c] = 1;
  return out;
}

class CalibratedClassifierModel implements CalibratedClassifier {
  readonly #options: Resolved;
  #state: State | undefined;

  constructor(options: Resolved) {
    this.#options = options;
  }

  get method(): CalibrationMethod {
    return this.#options.method;
  }

  get classes(): readonly number[] {
    return this.#state?.classes ?? [];
  }

  get calibratedClassifiers(): readonly CalibratedPair[] {
    return this.#need('calibratedClassifiers').pairs.map(({ classifier, calibrators }) => ({ classifier, calibrators }));
  }

  #need(what: string): State {
    if (this.#state === undefined) throw new NotFittedError(`${NAME}.${what}: this estimator is not fitted yet; call fit(x, y) first.`);
    return this.#state;
  }

  dispose(): void {
    const state = this.#state;
    this.#state = undefined;
    if (state?.owned) for (const pair of state.pairs) disposeClassifier(pair.classifier);
  }

  async fit(x: MatrixLike, y: VectorLike, options?: FitOptions): Promise<void> {
    const fn = `${NAME}.fit`;
    checkOptions(fn, options, { sampleWeight: is.vector() });
    const m = await toMatrixAsync(x, { fn, name: 'x' });
    const yv = await toVectorAsync(y, { fn, name: 'y' });
    checkSameLength(fn, [['x', m.rows], ['y', yv.length]]);
    if (m.rows === 0) throw new ShapeError(`${fn}: argument "x" must have at least one row; got 0 rows.`);
    let wv: Vector | undefined;
    if (options?.sampleWeight !== undefined) {
      // Kept as a Vector so that each classifier gets its weights in the kind they came in.
      wv = await toVectorAsync(options.sampleWeight, { fn, name: 'sampleWeight', role: 'option' });
      toSampleWeight(wv.data, { fn, rows: m.rows, positiveSum: true });
    }
    checkLabels(fn, yv.data);
    this.dispose();
    const o = this.#options;
    this.#state =
      o.source.kind === 'prefit'
        ? await this.#fitPrefit(fn, o.source.classifier, x, m, yv, wv)
        : await this.#fitFolds(fn, o.source.factory, { x, y, sampleWeight: options?.sampleWeight }, m, yv, wv);
  }

  async #fitPrefit(fn: string, clf: Classifier, x: MatrixLike, m: Matrix, yv: Vector, wv: Vector | undefined): Promise<State> {
    const who = "the prefit classifier";
    const classes = clf.classes;
    if (!isIndexList(classes) || classes.length === 0) {
      throw new NotFittedError(`${fn}: the classifier given with cv 'prefit' is not fitted (its "classes" is ${formatValue(classes)}); fit it first, or pass a factory and folds.`);
    }
    const known = Array.from(classes as ArrayLike<number>);
    if (known.length < 2) throw new InvalidArgumentError(`${fn}: ${who} must know at least 2 classes; it knows only ${formatValue(known)}.`);
    const index = new Map(known.map((c, j) => [c, j]));
    const columns = columnsOf(fn, known, index, who);
    // scikit-learn's label_binarize silently gives an unknown label no class; that is surely a
    // mistake (the wrong rows, or labels coded differently), so it is an error here.
    const label = Int32Array.from(yv.data, (v, i) => {
      const c = index.get(v);
      if (c === undefined) throw new InvalidArgumentError(`${fn}: argument "y" must contain only the prefit classifier's classes ${formatValue(known)}; got ${formatValue(v)} at index ${i}.`);
      return c;
    });
    const proba = await probabilities(fn, clf, x, m.rows, known.length, who);
    const calibrators = fitCalibrators(fn, this.#options.method, known.length, { proba, columns, label, weight: wv?.data }, known, who);
    return { classes: known, nFeatures: m.cols, pairs: [{ classifier: clf, calibrators, columns }], owned: false };
  }

  async #fitFolds(fn: string, factory: Factory<Classifier>, given: Given, m: Matrix, yv: Vector, wv: Vector | undefined): Promise<State> {
    const o = this.#options;
    const classes = sortedClasses(yv.data);
    if (classes.length < 2) {
      throw new InvalidArgumentError(`${fn}: argument "y" must hold at least 2 classes; got only the class ${formatValue(classes[0])}.`);
    }
    const index = new Map(classes.map((c, j) => [c, j]));
    const label = Int32Array.from(yv.data, (v) => index.get(v + 0)!);
    const folds = this.#folds(fn, classes, label, yv);
    const created: Classifier[] = [];
    const make = (who: string): Classifier => {
      const clf: unknown = factory();
      if (!isClassifier(clf)) {
        disposeClassifier(clf);
        throw new InvalidArgumentError(`${fn}: the factory must return a Classifier (fit, predictProba and classes); for ${who} it returned ${formatValue(clf)}.`);
      }
      created.push(clf);
      return clf;
    };
    try {
      const pairs = o.ensemble ? await this.#fitEnsemble(fn, make, folds, m, yv, wv, classes, index, label) : await this.#fitOutOfFold(fn, make, factory, folds, given, classes, index, label, wv?.data);
      return { classes, nFeatures: m.cols, pairs, owned: true };
    } catch (error) {
      for (const c of created) disposeClassifier(c);
      throw error;
    }
  }

  #folds(fn: string, classes: readonly number[], label: Int32Array, yv: Vector): readonly Fold[] {
    const { cv, ensemble, seed } = this.#options;
    const n = label.length;
    if (typeof cv === 'number') {
      // scikit-learn's check, before check_cv: every class needs a row in every test fold.
      const counts = new Array<number>(classes.length).fill(0);
      for (const c of label) counts[c]!++;
      const smallest = counts.indexOf(Math.min(...counts));
      if (counts[smallest]! < cv) {
        throw invalidOption(fn, 'cv', `at most ${counts[smallest]}`, cv, `${cv}-fold cross-validation needs at least ${cv} rows of every class; class ${formatValue(classes[smallest])} has ${counts[smallest]}`);
      }
      return stratifiedKFold(yv.data, { k: cv, shuffle: seed !== undefined, ...(seed === undefined ? {} : { seed }) });
    }
    const owner = new Int32Array(n).fill(-1);
    cv.forEach((fold, f) => {
      for (const key of ['train', 'test'] as const) {
        for (const r of fold[key]) {
          if (r >= n) throw invalidOption(fn, 'cv', `folds of row indices in [0, ${n - 1}]`, cv, `fold ${f}'s "${key}" holds ${r}, beyond the ${n} rows given to fit`);
        }
      }
      if (!ensemble) {
        for (const r of fold.test) {
          if (owner[r] !== -1) throw invalidOption(fn, 'cv', 'folds whose test sets partition the rows (with ensemble: false)', cv, `row ${r} is in the test sets of folds ${owner[r]} and ${f}`);
          owner[r] = f;
        }
      }
    });
    if (!ensemble) {
      const missing = owner.indexOf(-1);
      if (missing !== -1) throw invalidOption(fn, 'cv', 'folds whose test sets partition the rows (with ensemble: false)', cv, `row ${missing} is in no test set`);
    }
    return cv;
  }

  async #fitEnsemble(
    fn: string,
    make: (who: string) => Classifier,
    folds: readonly Fold[],
    m: Matrix,
    yv: Vector,
    wv: Vector | undefined,
    classes: readonly number[],
    index: ReadonlyMap<number, number>,
    label: Int32Array,
  ): Promise<Pair[]> {
    const pairs: Pair[] = [];
    for (let f = 0; f < folds.length; f++) {
      const { train, test } = folds[f]!;
      const who = `the classifier of fold ${f}`;
      const clf = make(who);
      const owned: Tensor[] = [];
      try {
        const xTrain = takeRows(m, train, owned);
        const yTrain = takeItems(yv, train, owned);
        if (wv === undefined) await clf.fit(xTrain, yTrain);
        else await clf.fit(xTrain, yTrain, { sampleWeight: takeItems(wv, train, owned) });
        const columns = columnsOf(fn, clf.classes, index, who);
        const proba = await probabilities(fn, clf, takeRows(m, test, owned), test.length, columns.length, who);
        const weight = wv === undefined ? undefined : Float64Array.from(test, (r) => wv.data[r]!);
        const calibrators = fitCalibrators(fn, this.#options.method, classes.length, { proba, columns, label: Int32Array.from(test, (r) => label[r]!), weight }, classes, who);
        pairs.push({ classifier: clf, calibrators, columns });
      } finally {
        for (const t of owned) t.dispose();
      }
    }
    return pairs;
  }

  async #fitOutOfFold(
    fn: string,
    make: (who: string) => Classifier,
    factory: Factory<Classifier>,
    folds: readonly Fold[],
    given: Given,
    classes: readonly number[],
    index: ReadonlyMap<number, number>,
    label: Int32Array,
    weight: Float64Array | undefined,
  ): Promise<Pair[]> {
    const who = 'the classifier fitted on all rows';
    // Made first so that a factory returning something else fails with this function's message;
    // fitted after the out-of-fold predictions, in scikit-learn's order.
    const clf = make(who);
    const { x, y, sampleWeight } = given;
    const oof = await crossValPredict(factory, x, y, { folds: folds as Fold[], method: 'predictProba', ...(sampleWeight === undefined ? {} : { sampleWeight }) });
    const proba = oof.map((row) => Float64Array.from(row));
    const allColumns = classes.map((_, j) => j);
    const calibrators = fitCalibrators(fn, this.#options.method, classes.length, { proba, columns: allColumns, label, weight }, classes, 'the out-of-fold predictions');
    if (sampleWeight === undefined) await clf.fit(x, y);
    else await clf.fit(x, y, { sampleWeight });
    const columns = columnsOf(fn, clf.classes, index, who);
    if (columns.length !== classes.length || columns.some((c, j) => c !== j)) {
      throw new InvalidArgumentError(`${fn}: ${who} must report the classes of "y", ${formatValue(classes)}; got ${formatValue(Array.from(clf.classes))}.`);
    }
    return [{ classifier: clf, calibrators, columns }];
  }

  predictProba(x: MatrixLike): Promise<number[][]> {
    return this.#predictProba(`${NAME}.predictProba`, x);
  }

  async #predictProba(fn: string, x: MatrixLike): Promise<number[][]> {
    const state = this.#need(fn.slice(NAME.length + 1));
    const m = await toMatrixAsync(x, { fn, name: 'x' });
    if (m.cols !== state.nFeatures && !(m.rows === 0 && m.cols === 0)) {
      throw new ShapeError(`${fn}: argument "x" must have ${state.nFeatures} columns, as the rows fitted on; got ${m.cols}.`);
    }
    const k = state.classes.length;
    const mean = Array.from({ length: m.rows }, () => new Float64Array(k));
    for (let p = 0; p < state.pairs.length; p++) {
      const pair = state.pairs[p]!;
      const who = state.pairs.length === 1 ? 'the classifier' : `the classifier of fold ${p}`;
      const proba = await probabilities(fn, pair.classifier, x, m.rows, pair.columns.length, who);
      const calibrated = pairProbabilities(this.#options.method, k, pair, proba);
      for (let i = 0; i < m.rows; i++) for (let c = 0; c < k; c++) mean[i]![c]! += calibrated[i]![c]!;
    }
    const pairs = state.pairs.length;
    return mean.map((row) => Array.from(row, (v) => v / pairs));
  }

  async predict(x: MatrixLike): Promise<number[]> {
    const classes = this.#need('predict').classes;
    const proba = await this.#predictProba(`${NAME}.predict`, x);
    return proba.map((row) => {
      let best = 0;
      for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c;
      return classes[best]!;
    });
  }
}

/**
 * Calibrate a classifier's probabilities with cross-validation, as scikit-learn 1.2's
 * `CalibratedClassifierCV`: the classifier is fitted on some rows and a calibrator learns, on rows
 * the classifier never saw, to map its probabilities to calibrated ones. The result is itself a
 * {@link "whetstone/estimators"!Classifier}.
 *
 * - `cv: k` or a fold list, `ensemble: true` (default): for each fold, a fresh classifier from
 *   the factory is fitted on the training rows and calibrators on its probabilities for the test
 *   rows; predictions average the k calibrated pairs.
 * - `ensemble: false`: out-of-fold probabilities for every row (`crossValPredict`) train one set
 *   of calibrators; one classifier fitted on all rows predicts.
 * - `cv: 'prefit'`: the classifier given is already fitted; `fit` calibrates it on the rows it is
 *   given.
 *
 * With two classes one calibrator maps the probability of the second class, p₁, and the other
 * class gets 1 − p₁. With more, Platt and isotonic calibrate each class's probability one-vs-rest
 * and divide each row by its sum (a row all of whose calibrators say 0 becomes uniform, 1/K, as in
 * scikit-learn); a class that a fold's classifier never saw gets probability 0 from that pair.
 * Temperature scaling fits one temperature T on the log-probabilities (each p floored at 1e-15)
 * and predicts softmax(log p / T).
 *
 * Differences from scikit-learn, on purpose: scikit-learn calibrates a classifier's
 * `decision_function` when it has one; the estimator protocol has only `predictProba`, so the
 * probabilities themselves are calibrated (for Platt, p₁, not its logit: the same input scikit-learn
 * uses for classifiers without `decision_function`). Platt's sigmoid is solved to the optimum
 * (scikit-learn's BFGS stops near it; predictions differ by ~1e-7). Sample weights always go to the
 * classifiers' `fit` (the protocol takes them; scikit-learn skips classifiers whose `fit` has no
 * `sample_weight`). Labels the prefit classifier does not know are an error (scikit-learn ignores
 * them). Only `cv` numbers are checked against the class sizes, as there.
 *
 * @param classifier - a factory making fresh, unfitted classifiers (`() => logisticRegression()`),
 *   called once per fold (and once more with `ensemble: false`); or, with `cv: 'prefit'`, one
 *   fitted classifier.
 * @param options - `method` (default `'platt'`), `cv` (default 5), `ensemble` (default `true`),
 *   `seed`; checked here.
 * @returns an unfitted {@link CalibratedClassifier}: call `fit(x, y, { sampleWeight })`, then
 *   `predictProba` or `predict`; inspect `calibratedClassifiers`; `dispose` when done.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for unknown or bad options, a factory
 *   given with `cv: 'prefit'` or a classifier object without it, `ensemble` with `'prefit'`, or
 *   `seed` without a number `cv`.
 * @see scikit-learn 1.2's `sklearn.calibration.CalibratedClassifierCV` (sklearn/calibration.py);
 *   J. Platt, "Probabilistic outputs for support vector machines" (1999); B. Zadrozny & C. Elkan,
 *   "Transforming classifier scores into accurate multiclass probability estimates", KDD 2002;
 *   C. Guo et al., "On calibration of modern neural networks", ICML 2017;
 *   https://github.com/scikit-learn/scikit-learn/issues/28574.
 * @example
 * ```ts
 * const model = calibratedClassifier(() => logisticRegression(), { method: 'isotonic', cv: 5 });
 * await model.fit(x, y);
 * const proba = await model.predictProba(xNew);
 * model.dispose();
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function calibratedClassifier(classifier: Factory<Classifier> | Classifier, options?: CalibratedClassifierOptions): CalibratedClassifier {
  checkOptions(FN, options, SPEC);
  const cv = options?.cv ?? 5;
  let source: Source;
  if (cv === 'prefit') {
    if (!isClassifier(classifier)) {
      const hint = typeof classifier === 'function' ? 'cv is \'prefit\'; to calibrate a factory, give cv a number of folds' : undefined;
      throw invalidArgument(FN, 'classifier', 'a fitted Classifier (fit, predictProba and classes)', classifier, hint);
    }
    if (options?.ensemble !== undefined) {
      throw invalidOption(FN, 'ensemble', "left out when cv is 'prefit'", options.ensemble, 'a prefit classifier is calibrated once; there is nothing to average');
    }
    source = { kind: 'prefit', classifier };
  } else {
    if (typeof classifier !== 'function') {
      const hint = isClassifier(classifier) ? "to calibrate an already fitted classifier, pass cv: 'prefit'" : undefined;
      throw invalidArgument(FN, 'classifier', 'a factory returning a fresh Classifier (() => classifier)', classifier, hint);
    }
    source = { kind: 'factory', factory: classifier };
  }
  if (options?.seed !== undefined && typeof cv !== 'number') {
    throw invalidOption(FN, 'seed', 'left out unless cv is a number of folds', options.seed, 'only folds made from a number can be shuffled');
  }
  return new CalibratedClassifierModel({
    source,
    method: options?.method ?? 'platt',
    // Copied, so that changing the caller's folds later cannot change this model.
    cv: cv === 'prefit' ? 5 : typeof cv === 'number' ? cv : cv.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) })),
    ensemble: options?.ensemble ?? true,
    seed: options?.seed,
  });
}
