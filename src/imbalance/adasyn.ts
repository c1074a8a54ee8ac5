import { InvalidArgumentError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import type { MatrixLike, MatrixOf, VectorLike, VectorOf } from '../core/types.js';
import { checkOptions, is } from '../core/validate.js';
import { checkClassSizes, gatherRows, indicesByClass, oversampleResult, readResamplerInput } from './_internal/resample.js';
import type { SyntheticBlock } from './_internal/resample.js';
import { adasynPlan, moveTowardsNeighbours, neighboursWithin } from './_internal/smote-core.js';
import { resolveSamplingStrategy, samplingStrategyConstraint } from './_internal/strategy.js';
import type { ResampleResult, SamplingStrategy, SeededOptions } from './types.js';

/** Options of {@link adasyn}. */
export interface AdasynOptions extends SeededOptions {
  /**
   * Neighbours used both to weigh rows (among all rows) and to interpolate (within the class)
   * (default 5); must be smaller than the size of every class to oversample.
   */
  readonly k?: number;
  /**
   * How many rows each class should end with, before ADASYN's rounding (default `'auto'`: every
   * class but the majority is brought up to about the majority's count). See
   * {@link SamplingStrategy}.
   */
  readonly samplingStrategy?: SamplingStrategy;
}

const FN = 'adasyn';

/**
 * ADAptive SYNthetic sampling (He, Bai, Garcia & Li 2008), as imbalanced-learn 0.10's `ADASYN`:
 * like {@link smote}, but each row of a class seeds a number of new rows proportional to the
 * share of other-class rows among its `k` nearest rows in the whole data, so hard regions get
 * more. Per class: weights `r_i` = other-class neighbours / k, normalised to sum to 1; row i
 * seeds `rint(r_i · n)` rows (round half to even; the total may differ from `n` by the rounding,
 * as in imbalanced-learn); each moves towards a uniformly drawn one of its `k` same-class
 * neighbours by a gap uniform in [0, 1).
 *
 * @typeParam X - the kind of `x`, which decides the kind of the returned rows.
 * @typeParam Y - the kind of `y`.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`), finite numbers; not
 *   modified.
 * @param y - one label per row (any finite numbers); not modified.
 * @param options - `k` (default 5), `samplingStrategy` (default `'auto'`), `seed`.
 * @returns the original rows in order, then the synthetic rows class by class (ascending labels)
 *   and, within a class, by base row, in the kinds `x` and `y` came in (returned tensors belong
 *   to the caller), with `sampleIndices` (-1 for synthetic rows) and `synthetic`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, NaN/±Infinity, a single
 *   class, a strategy that cannot be met, a class to oversample with a single row, `k` not
 *   smaller than the size of a class to oversample, a class none of whose rows has a neighbour of
 *   another class (ADASYN's weights are undefined; use {@link smote}), or rounding that leaves
 *   nothing to make; {@link "whetstone/core"!ShapeError} when `x` and `y` differ in length.
 * @example
 * ```ts
 * const x = [[0], [1], [2], [3], [4], [5], [6], [2.5], [3.5], [6.5]];
 * const y = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
 * const out = await adasyn(x, y, { k: 2, seed: 1 });
 * // class 1 grows by about 4 rows, mostly around 2.5 and 3.5
 * ```
 * @see He, Bai, Garcia & Li (2008), "ADASYN: Adaptive Synthetic Sampling Approach for Imbalanced
 *   Learning", IJCNN; imbalanced-learn 0.10 `imblearn/over_sampling/_adasyn.py` (`ADASYN`).
 */
export async function adasyn<X extends MatrixLike, Y extends VectorLike>(
  x: X,
  y: Y,
  options: AdasynOptions = {},
): Promise<ResampleResult<MatrixOf<X>, VectorOf<Y>>> {
  checkOptions(FN, options, { k: is.integer({ min: 1 }), samplingStrategy: samplingStrategyConstraint, seed: is.seed() });
  const k = options.k ?? 5;
  const input = await readResamplerInput(FN, x, y);
  const { m, labels } = input;
  const { cols } = m;
  const targets = resolveSamplingStrategy(FN, labels, options.samplingStrategy, 'over-sampling');
  const byClass = indicesByClass(labels);
  checkClassSizes(FN, 'k', k, targets, byClass, 'ADASYN');
  const rng = createRng(options.seed);
  const blocks: SyntheticBlock[] = [];
  for (const [label, wanted] of targets) {
    if (wanted === 0) continue;
    const members = byClass.get(label)!;
    const plan = await adasynPlan(m.data, m.rows, cols, labels, members, label, k, wanted);
    if (plan === undefined) {
      throw new InvalidArgumentError(
        `${FN}: no row of class ${label} has a row of another class among its ${k} nearest neighbours, so ADASYN's weights are undefined (0 / 0); use smote for this data.`,
      );
    }
    const count = plan.counts.reduce((a, b) => a + b, 0);
    if (count === 0) {
      throw new InvalidArgumentError(
        `${FN}: class ${label} would get no new rows: each row's share of ${wanted} rounds to 0; ask for more rows in option "samplingStrategy".`,
      );
    }
    const classRows = gatherRows(m.data, cols, members);
    const nn = await neighboursWithin(classRows, members.length, cols, k);
    // Bases are fixed by the plan (row i repeated counts[i] times); only the neighbour and the
    // gap are drawn, all neighbours first, then all gaps, as imblearn draws them.
    const base = new Int32Array(count);
    let at = 0;
    plan.counts.forEach((c, i) => {
      base.fill(i, at, at + c);
      at += c;
    });
    const column = new Int32Array(count);
    for (let s = 0; s < count; s++) column[s] = rng.integer(0, k);
    const gaps = new Float64Array(count);
    for (let s = 0; s < count; s++) gaps[s] = rng.uniform();
    const values = new Float64Array(count * cols);
    moveTowardsNeighbours(values, classRows, base, column, gaps, nn, classRows, cols);
    blocks.push({ label, values, count });
  }
  return oversampleResult<X, Y>(input, blocks);
}
