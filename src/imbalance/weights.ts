import { InvalidArgumentError } from '../core/errors.js';
import { fromVector, toVector } from '../core/convert.js';
import type { Vector } from '../core/convert.js';
import type { VectorLike, VectorOf } from '../core/types.js';
import { formatValue, invalidArgument, is } from '../core/validate.js';
import { isTensor } from '../core/tensor.js';

/**
 * How to weight classes:
 *
 * - `'balanced'`: class k weighs `n / (K · n_k)` (n rows, K classes, n_k rows of class k), as
 *   scikit-learn's `compute_class_weight('balanced', …)`;
 * - `{ label: weight }`: the given weights (finite, >= 0); labels left out weigh 1; every label
 *   named must occur in `y`;
 * - `{ effectiveNumber: { beta } }`: the class-balanced weights of Cui et al. 2019,
 *   `(1 − β) / (1 − β^n_k)` (the inverse of the class's "effective number" of rows), scaled so
 *   the K weights sum to K; `beta` in [0, 1): 0 gives equal weights, values near 1 approach
 *   inverse frequency (`0.9`, `0.99`, `0.999` are the paper's choices).
 */
export type ClassWeighting = 'balanced' | Readonly<Record<number, number>> | EffectiveNumberWeighting;

/** The effective-number weighting of Cui et al. 2019 (see {@link ClassWeighting}). */
export interface EffectiveNumberWeighting {
  /** Its one parameter. */
  readonly effectiveNumber: {
    /** β in [0, 1): 0 gives equal weights; towards 1, weights approach inverse class frequency. */
    readonly beta: number;
  };
}

/**
 * Class weights keyed by class index, as tfjs-layers' `model.fit({ classWeight })` takes them
 * (its `ClassWeight` type, `{ [classIndex: number]: number }`).
 */
export type ClassWeightMap = Record<number, number>;

interface Counted {
  readonly classes: number[];
  readonly counts: number[];
  readonly index: Int32Array;
}

function countLabels(v: Vector): Counted {
  const classes = [...new Set(v.data)].sort((a, b) => a - b);
  const lookup = new Map(classes.map((c, i) => [c, i]));
  const counts = new Array<number>(classes.length).fill(0);
  const index = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const k = lookup.get(v.data[i]!)!;
    index[i] = k;
    counts[k]!++;
  }
  return { classes, counts, index };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v) || isTensor(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const EXPECTED = "'balanced', a { label: weight } object (finite weights >= 0) or { effectiveNumber: { beta } }";

/** One weight per class, in ascending label order. */
function weightsPerClass(fn: string, name: string, spec: unknown, counted: Counted): Float64Array {
  const { classes, counts } = counted;
  const k = classes.length;
  const n = counts.reduce((a, b) => a + b, 0);
  const out = new Float64Array(k).fill(1);
  if (spec === 'balanced') {
    for (let c = 0; c < k; c++) out[c] = n / (k * counts[c]!);
    return out;
  }
  if (!isPlainObject(spec)) throw invalidArgument(fn, name, EXPECTED, spec);
  if ('effectiveNumber' in spec) {
    const en = spec.effectiveNumber;
    if (Object.keys(spec).length !== 1 || !isPlainObject(en) || Object.keys(en).some((key) => key !== 'beta')) {
      throw invalidArgument(fn, name, '{ effectiveNumber: { beta } } with nothing else', spec);
    }
    const beta = en.beta;
    if (!is.number({ min: 0, max: 1, maxExclusive: true }).test(beta)) {
      throw invalidArgument(fn, `${name}.effectiveNumber.beta`, 'a finite number in [0, 1)', beta);
    }
    // 1 − β^n as −expm1(n·ln β) keeps its precision when β^n is close to 1 (β near 1, small n).
    let total = 0;
    for (let c = 0; c < k; c++) {
      const w = beta === 0 ? 1 : (1 - beta) / -Math.expm1(counts[c]! * Math.log(beta));
      out[c] = w;
      total += w;
    }
    for (let c = 0; c < k; c++) out[c] = (out[c]! * k) / total;
    return out;
  }
  const lookup = new Map(classes.map((c, i) => [c, i]));
  for (const [key, w] of Object.entries(spec)) {
    const label = key.trim() === '' ? Number.NaN : Number(key);
    const at = lookup.get(label);
    if (at === undefined) {
      throw new InvalidArgumentError(`${fn}: argument "${name}" names class ${formatValue(key)}, which is not present in "y" (classes: ${formatValue(classes)}).`);
    }
    if (!is.number({ min: 0 }).test(w)) throw invalidArgument(fn, `${name}[${key}]`, 'a finite number >= 0', w);
    out[at] = w;
  }
  return out;
}

function readLabels(fn: string, y: VectorLike, v: Vector): Counted {
  if (v.length === 0) throw invalidArgument(fn, 'y', 'a non-empty vector of labels', y);
  return countLabels(v);
}

/**
 * Weights per class for tfjs-layers' `model.fit(x, y, { classWeight })`, or for any loss that
 * weights classes: `'balanced'` (scikit-learn's `compute_class_weight`), explicit weights, or the
 * effective-number weights of Cui et al. 2019.
 *
 * The result is keyed by **class index**, 0 … K−1, the position of each label among the distinct
 * labels of `y` sorted ascending (the one-hot column tfjs sees): with labels `[-1, 1]`, key 0 is
 * label −1 and key 1 is label 1. When the labels are already 0 … K−1 the keys are the labels.
 *
 * @param y - the labels (any finite numbers; a tensor is read, not disposed).
 * @param weighting - `'balanced'`, `{ label: weight }` or `{ effectiveNumber: { beta } }` (see
 *   {@link ClassWeighting}).
 * @returns `{ classIndex: weight }` for every class of `y`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for an empty `y`, NaN/±Infinity, an unknown weighting, a
 *   label absent from `y`, a negative or non-finite weight, `beta` outside [0, 1).
 * @example
 * ```ts
 * classWeights([0, 0, 0, 1], 'balanced'); // { 0: 0.6666…, 1: 2 }
 * await model.fit(xs, ys, { classWeight: classWeights(labels, { effectiveNumber: { beta: 0.99 } }) });
 * ```
 * @see scikit-learn 1.2 `sklearn.utils.class_weight.compute_class_weight`; Y. Cui, M. Jia, T.-Y. Lin,
 *   Y. Song, S. Belongie, "Class-Balanced Loss Based on Effective Number of Samples", CVPR 2019.
 */
export function classWeights(y: VectorLike, weighting: ClassWeighting): ClassWeightMap {
  const fn = 'classWeights';
  const v = toVector(y, { fn, name: 'y' });
  const counted = readLabels(fn, y, v);
  const w = weightsPerClass(fn, 'weighting', weighting, counted);
  const out: ClassWeightMap = {};
  w.forEach((value, i) => {
    out[i] = value;
  });
  return out;
}

/**
 * One weight per row from class weights, as scikit-learn's `compute_sample_weight`: each row gets
 * its class's weight. Pass the result as `sampleWeight` to a whetstone estimator's `fit` (or
 * `crossValPredict`), which weights each row's loss by it.
 *
 * Explicit weights here are keyed by **label** (not class index): `{ [-1]: 1, 1: 10 }`.
 *
 * @typeParam Y - the kind of `y`: a tensor gives a float32 `Tensor1D` (owned by the caller),
 *   anything else a `number[]`.
 * @param y - the labels (any finite numbers; not modified or disposed).
 * @param weighting - `'balanced'`, `{ label: weight }` or `{ effectiveNumber: { beta } }` (see
 *   {@link ClassWeighting}).
 * @returns the weight of every row, in row order.
 * @throws as {@link classWeights}.
 * @example
 * ```ts
 * sampleWeights([0, 0, 0, 1], 'balanced'); // [0.6666…, 0.6666…, 0.6666…, 2]
 * await logisticRegression().fit(x, y, { sampleWeight: sampleWeights(y, 'balanced') });
 * ```
 * @see scikit-learn 1.2 `sklearn.utils.class_weight.compute_sample_weight`.
 */
export function sampleWeights<Y extends VectorLike>(y: Y, weighting: ClassWeighting): VectorOf<Y> {
  const fn = 'sampleWeights';
  const v = toVector(y, { fn, name: 'y' });
  const counted = readLabels(fn, y, v);
  const w = weightsPerClass(fn, 'weighting', weighting, counted);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = w[counted.index[i]!]!;
  return fromVector<Y>(v, out);
}
