import { InvalidArgumentError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import type { MatrixLike, MatrixOf, VectorLike, VectorOf } from '../core/types.js';
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { checkClassSizes, gatherRows, indicesByClass, oversampleResult, readResamplerInput } from './_internal/resample.js';
import type { SyntheticBlock } from './_internal/resample.js';
import { interpolate, neighboursWithin } from './_internal/smote-core.js';
import { encodeNominal, smotencMedianStd, vdmNeighbours, vdmTables } from './_internal/smote-nominal.js';
import { resolveSamplingStrategy, samplingStrategyConstraint } from './_internal/strategy.js';
import type { ResampleResult, SamplingStrategy, SeededOptions } from './types.js';

/** Options of {@link smoteNC}. */
export interface SmoteNCOptions extends SeededOptions {
  /**
   * Which columns are categorical (required): their indices, or one boolean per column. At least
   * one column must be categorical and at least one continuous (all categorical: use
   * {@link smoteN}). Categorical values are any numbers (category codes).
   */
  readonly categoricalFeatures: readonly number[] | readonly boolean[];
  /**
   * Same-class neighbours each synthetic row may move towards and whose categories vote
   * (default 5); must be smaller than the size of every class to oversample.
   */
  readonly k?: number;
  /**
   * How many rows each class should end with (default `'auto'`: every class but the majority is
   * brought up to the majority's count). See {@link SamplingStrategy}.
   */
  readonly samplingStrategy?: SamplingStrategy;
}

/** Options of {@link smoteN}. */
export interface SmoteNOptions extends SeededOptions {
  /**
   * Neighbours (by the value difference metric, the row itself counted as its own nearest) whose
   * most frequent category per feature makes a new row: `k + 1` rows vote (default 5); must be
   * smaller than the size of every class to oversample.
   */
  readonly k?: number;
  /**
   * How many rows each class should end with (default `'auto'`: every class but the majority is
   * brought up to the majority's count). See {@link SamplingStrategy}.
   */
  readonly samplingStrategy?: SamplingStrategy;
}

const categoricalConstraint = is.anyOf(
  is.arrayOf(is.integer({ min: 0 }), { minLength: 1 }),
  is.arrayOf(is.boolean(), { minLength: 1 }),
);

function resolveCategorical(fn: string, spec: readonly number[] | readonly boolean[], cols: number): { categorical: number[]; continuous: number[] } {
  let categorical: number[];
  if (typeof spec[0] === 'boolean') {
    if (spec.length !== cols) {
      throw invalidOption(fn, 'categoricalFeatures', `an array of ${cols} booleans (one per column of "x") or column indices`, spec, `a boolean mask has one flag per column`);
    }
    categorical = (spec as readonly boolean[]).flatMap((b, i) => (b ? [i] : []));
  } else {
    categorical = [...(spec as readonly number[])];
    const bad = categorical.find((c) => c >= cols);
    if (bad !== undefined) {
      throw invalidOption(fn, 'categoricalFeatures', `an array of column indices in [0, ${cols - 1}]`, spec, `index ${bad} is out of range: "x" has ${cols} columns`);
    }
    if (new Set(categorical).size !== categorical.length) {
      throw invalidOption(fn, 'categoricalFeatures', 'an array of distinct column indices', spec);
    }
    categorical.sort((a, b) => a - b);
  }
  if (categorical.length === 0) {
    throw invalidOption(fn, 'categoricalFeatures', 'a mask with at least one true', spec, 'no column is categorical: use smote');
  }
  if (categorical.length === cols) {
    throw invalidOption(fn, 'categoricalFeatures', 'a strict subset of the columns', spec, `every column is categorical: use smoteN, which is made for nominal data`);
  }
  const isCat = new Set(categorical);
  const continuous = Array.from({ length: cols }, (_, i) => i).filter((i) => !isCat.has(i));
  return { categorical, continuous };
}

/**
 * SMOTE for data with continuous and categorical columns (SMOTE-NC, Chawla et al. 2002 §6.1), as
 * imbalanced-learn 0.10's `SMOTENC`. Neighbours are found (on the active tfjs backend) in a space
 * where continuous columns keep their values and each categorical column becomes a one-hot block
 * scaled by half the median of the continuous columns' standard deviations within the minority
 * class, so a category mismatch costs about as much as a typical continuous difference. A new
 * row's continuous columns interpolate as in {@link smote}; each categorical column takes the most
 * frequent category among the base row's `k` neighbours (ties broken uniformly at random, as
 * imblearn does).
 *
 * @typeParam X - the kind of `x`, which decides the kind of the returned rows.
 * @typeParam Y - the kind of `y`.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`), finite numbers, with
 *   categorical columns holding category codes; not modified.
 * @param y - one label per row (any finite numbers); not modified.
 * @param options - `categoricalFeatures` (required), `k` (default 5), `samplingStrategy` (default
 *   `'auto'`), `seed`.
 * @returns the original rows in order, then the synthetic rows class by class (ascending labels),
 *   columns in their original order, in the kinds `x` and `y` came in (returned tensors belong to
 *   the caller), with `sampleIndices` (-1 for synthetic rows) and `synthetic`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, categorical indices out of
 *   range, repeated or not integers, a mask of the wrong length, no or only categorical columns
 *   (use {@link smoteN}), NaN/±Infinity, a single class, a strategy that cannot be met, a class to
 *   oversample with a single row, or `k` not smaller than the size of a class to oversample;
 *   {@link "whetstone/core"!ShapeError} when `x` and `y` differ in length.
 * @example
 * ```ts
 * // column 1 is a category code
 * const x = [[0.1, 0], [0.3, 1], [0.2, 0], [1.1, 2], [1.4, 2], [1.2, 1], [1.3, 2], [1.0, 2]];
 * const y = [1, 1, 1, 0, 0, 0, 0, 0];
 * const out = await smoteNC(x, y, { categoricalFeatures: [1], k: 2, seed: 3 });
 * // two new class-1 rows; their column 1 is 0 or 1
 * ```
 * @see Chawla, Bowyer, Hall & Kegelmeyer (2002), "SMOTE", JAIR 16, §6.1; imbalanced-learn 0.10
 *   `imblearn/over_sampling/_smote/base.py` (`SMOTENC`).
 */
export async function smoteNC<X extends MatrixLike, Y extends VectorLike>(
  x: X,
  y: Y,
  options: SmoteNCOptions,
): Promise<ResampleResult<MatrixOf<X>, VectorOf<Y>>> {
  const fn = 'smoteNC';
  checkOptions(fn, options, {
    categoricalFeatures: categoricalConstraint,
    k: is.integer({ min: 1 }),
    samplingStrategy: samplingStrategyConstraint,
    seed: is.seed(),
  });
  if (options === undefined || options.categoricalFeatures === undefined) {
    throw invalidOption(fn, 'categoricalFeatures', `${categoricalConstraint.description} (it is required)`, undefined);
  }
  const k = options.k ?? 5;
  const input = await readResamplerInput(fn, x, y);
  const { m, labels } = input;
  const { rows, cols } = m;
  const { categorical, continuous } = resolveCategorical(fn, options.categoricalFeatures, cols);
  const targets = resolveSamplingStrategy(fn, labels, options.samplingStrategy, 'over-sampling');
  const byClass = indicesByClass(labels);
  checkClassSizes(fn, 'k', k, targets, byClass, 'SMOTE-NC');

  const medianStd = smotencMedianStd(m.data, rows, cols, labels, continuous);
  // With a zero median std the one-hot blocks vanish from distances (as in imblearn), but the
  // categories still vote: they are read from the codes, not from the scaled encoding.
  const enc = encodeNominal(m.data, rows, cols, continuous, categorical, medianStd / 2);
  const rng = createRng(options.seed);
  const nCat = categorical.length;
  const blocks: SyntheticBlock[] = [];
  for (const [label, count] of targets) {
    if (count === 0) continue;
    const members = byClass.get(label)!;
    const classEnc = gatherRows(enc.data, enc.width, members);
    const nn = await neighboursWithin(classEnc, members.length, enc.width, k);
    const classRows = gatherRows(m.data, cols, members);
    // Interpolating the original rows moves the continuous columns exactly as interpolating
    // the encoded ones would; the categorical columns are overwritten below.
    const made = interpolate(rng, classRows, nn, classRows, cols, count, 1);
    const values = made.values;
    for (let s = 0; s < count; s++) {
      const neighbours = nn.indices.subarray(made.base[s]! * k, (made.base[s]! + 1) * k);
      for (let j = 0; j < nCat; j++) {
        const votes = new Map<number, number>();
        for (const p of neighbours) {
          const code = enc.codes[members[p]! * nCat + j]!;
          votes.set(code, (votes.get(code) ?? 0) + 1);
        }
        let best = 0;
        for (const v of votes.values()) best = Math.max(best, v);
        const tied = [...votes.entries()].filter(([, v]) => v === best).map(([code]) => code).sort((a, b) => a - b);
        const code = tied.length === 1 ? tied[0]! : tied[rng.integer(0, tied.length)]!;
        values[s * cols + categorical[j]!] = enc.categories[j]![code]!;
      }
    }
    blocks.push({ label, values, count });
  }
  return oversampleResult<X, Y>(input, blocks);
}

/**
 * SMOTE for all-categorical data (SMOTE-N, Chawla et al. 2002 §6.2), as imbalanced-learn 0.10's
 * `SMOTEN`. Rows of a class are compared with the value difference metric (per feature, the L1
 * distance between the class distributions of the two values, squared, summed over features;
 * class distributions are estimated on the whole data). Each new row is made from a class row
 * drawn uniformly with replacement: per feature, the most frequent category among that row's
 * `k + 1` nearest rows (itself included); ties go to the smallest category (scipy's `mode`).
 *
 * Neighbours are exact and computed on the CPU (the metric is not a Euclidean distance, so the
 * backend's matMul search does not apply), in O(n²·features) time per class of n rows and O(n)
 * memory. Ties in distance are broken by the smaller row index; imblearn's brute-force search
 * leaves them to numpy's partition, so on data with many equal distances the neighbour sets (and
 * hence the new rows) may differ from imblearn's while following the same rule.
 *
 * @typeParam X - the kind of `x`, which decides the kind of the returned rows.
 * @typeParam Y - the kind of `y`.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`): every column holds
 *   category codes (any finite numbers); not modified.
 * @param y - one label per row (any finite numbers); not modified.
 * @param options - `k` (default 5), `samplingStrategy` (default `'auto'`), `seed`.
 * @returns the original rows in order, then the synthetic rows class by class (ascending labels),
 *   in the kinds `x` and `y` came in (returned tensors belong to the caller), with
 *   `sampleIndices` (-1 for synthetic rows) and `synthetic`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, NaN/±Infinity, a single
 *   class, a strategy that cannot be met, a class to oversample with a single row, or `k` not
 *   smaller than the size of a class to oversample; {@link "whetstone/core"!ShapeError} when `x`
 *   and `y` differ in length.
 * @example
 * ```ts
 * const x = [[0, 1], [0, 1], [0, 2], [1, 2], [1, 3], [1, 3], [1, 2], [2, 3]];
 * const y = [1, 1, 1, 0, 0, 0, 0, 0];
 * const out = await smoteN(x, y, { k: 2, seed: 0 });
 * // two new class-1 rows, e.g. [0, 1]
 * ```
 * @see Chawla, Bowyer, Hall & Kegelmeyer (2002), "SMOTE", JAIR 16, §6.2; Stanfill & Waltz (1986),
 *   "Toward memory-based reasoning" (value difference metric); imbalanced-learn 0.10
 *   `imblearn/over_sampling/_smote/base.py` (`SMOTEN`) and `imblearn/metrics/pairwise.py`.
 */
export async function smoteN<X extends MatrixLike, Y extends VectorLike>(
  x: X,
  y: Y,
  options: SmoteNOptions = {},
): Promise<ResampleResult<MatrixOf<X>, VectorOf<Y>>> {
  const fn = 'smoteN';
  checkOptions(fn, options, { k: is.integer({ min: 1 }), samplingStrategy: samplingStrategyConstraint, seed: is.seed() });
  const k = options.k ?? 5;
  const input = await readResamplerInput(fn, x, y);
  const { m, labels } = input;
  const { rows, cols } = m;
  if (cols === 0) throw new InvalidArgumentError(`${fn}: argument "x" must have at least one column; got 0.`);
  const targets = resolveSamplingStrategy(fn, labels, options.samplingStrategy, 'over-sampling');
  const byClass = indicesByClass(labels);
  checkClassSizes(fn, 'k', k, targets, byClass, 'SMOTE-N');

  const all = Array.from({ length: cols }, (_, i) => i);
  const enc = encodeNominal(m.data, rows, cols, [], all, 0);
  const sizes = enc.categories.map((c) => c.length);
  const classList = [...byClass.keys()].sort((a, b) => a - b);
  const classIndex = new Map(classList.map((l, i) => [l, i]));
  const classOf = Int32Array.from(labels, (l) => classIndex.get(l)!);
  const tables = vdmTables(enc.codes, sizes, classOf, classList.length);
  const rng = createRng(options.seed);
  const blocks: SyntheticBlock[] = [];
  for (const [label, count] of targets) {
    if (count === 0) continue;
    const members = byClass.get(label)!;
    const nn = vdmNeighbours(enc.codes, cols, sizes, tables, members, k + 1);
    const values = new Float64Array(count * cols);
    const bases = Array.from({ length: count }, () => rng.integer(0, members.length));
    const votes = new Int32Array(Math.max(...sizes));
    for (let s = 0; s < count; s++) {
      const voters = nn[bases[s]!]!;
      for (let f = 0; f < cols; f++) {
        votes.fill(0, 0, sizes[f]!);
        for (const p of voters) votes[enc.codes[members[p]! * cols + f]!]!++;
        // The first maximum is the smallest category: scipy's mode breaks ties that way.
        let best = 0;
        for (let c = 1; c < sizes[f]!; c++) if (votes[c]! > votes[best]!) best = c;
        values[s * cols + f] = enc.categories[f]![best]!;
      }
    }
    blocks.push({ label, values, count });
  }
  return oversampleResult<X, Y>(input, blocks);
}
