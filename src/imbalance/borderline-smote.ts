import { createRng } from '../core/rng.js';
import type { MatrixLike, MatrixOf, VectorLike, VectorOf } from '../core/types.js';
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { checkClassSizes, gatherRows, indicesByClass, oversampleResult, readResamplerInput } from './_internal/resample.js';
import type { SyntheticBlock } from './_internal/resample.js';
import { dangerMask, flatNeighbours, interpolate, neighboursOfMembers, sampleBeta } from './_internal/smote-core.js';
import { kNeighbors } from './neighbors.js';
import { resolveSamplingStrategy, samplingStrategyConstraint } from './_internal/strategy.js';
import type { ResampleResult, SamplingStrategy, SeededOptions } from './types.js';

/** Options of {@link borderlineSmote}. */
export interface BorderlineSmoteOptions extends SeededOptions {
  /**
   * `'borderline-1'` (default): interpolate from each DANGER row towards its same-class
   * neighbours; `'borderline-2'`: also towards its nearest rows of the other classes, with gaps
   * in [0, 0.5) so that new rows stay nearer the class being grown.
   */
  readonly kind?: 'borderline-1' | 'borderline-2';
  /**
   * Same-class neighbours each synthetic row may move towards (default 5); must be smaller than
   * the size of every class to oversample (borderline-2: also at most the number of rows of the
   * other classes).
   */
  readonly k?: number;
  /**
   * Neighbours, among all rows, that decide whether a row is in DANGER (default 10); at most the
   * number of rows minus one.
   */
  readonly m?: number;
  /**
   * How many rows each class should end with (default `'auto'`: every class but the majority is
   * brought up to the majority's count). See {@link SamplingStrategy}.
   */
  readonly samplingStrategy?: SamplingStrategy;
}

const FN = 'borderlineSmote';

/**
 * Borderline-SMOTE (Han, Wang & Mao 2005), as imbalanced-learn 0.10's `BorderlineSMOTE`: only
 * the rows of a class near the class boundary seed new rows. A row is in DANGER when at least half,
 * but not all, of its `m` nearest rows in the whole data belong to other classes (all of them: it
 * is noise and left alone). New rows are drawn as in {@link smote}, with DANGER rows as bases and
 * their `k` nearest same-class rows as partners; `'borderline-2'` splits the rows to make by a
 * Beta(10, 10) fraction between that and interpolation towards each DANGER row's `k` nearest
 * rows of other classes with gaps in [0, 0.5).
 *
 * A class with no DANGER row gets no new rows (as in imbalanced-learn), so a class can end below
 * its target.
 *
 * Differences from imbalanced-learn 0.10, both deliberate: borderline-2 makes exactly the number
 * of rows asked (imblearn's two `int()` truncations can make one fewer), and its other-class
 * partners are each DANGER row's nearest other-class rows, as in the paper (imblearn 0.10 indexes
 * the other-class rows with same-class neighbour indices, which picks unrelated rows: its issues
 * #846 and #861, changed in 0.11 by pull request #1023).
 *
 * @typeParam X - the kind of `x`, which decides the kind of the returned rows.
 * @typeParam Y - the kind of `y`.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`), finite numbers; not
 *   modified.
 * @param y - one label per row (any finite numbers); not modified.
 * @param options - `kind` (default `'borderline-1'`), `k` (default 5), `m` (default 10),
 *   `samplingStrategy` (default `'auto'`), `seed`.
 * @returns the original rows in order, then the synthetic rows class by class (ascending labels),
 *   in the kinds `x` and `y` came in (returned tensors belong to the caller), with `sampleIndices`
 *   (-1 for synthetic rows) and `synthetic`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, NaN/±Infinity, a single
 *   class, a strategy that cannot be met, a class to oversample with a single row, `k` not
 *   smaller than the size of a class to oversample, `m` not smaller than the number of rows, or
 *   (borderline-2) `k` above the number of rows of other classes; {@link "whetstone/core"!ShapeError}
 *   when `x` and `y` differ in length.
 * @example
 * ```ts
 * const x = [[0, 0], [0.5, 0.5], [1, 1], [1.2, 0.8], [1.5, 1.5], [2, 2], [2.5, 2.5], [3, 3], [0.8, 1.2], [1, 0.6]];
 * const y = [0, 0, 0, 1, 0, 0, 0, 0, 1, 1];
 * const out = await borderlineSmote(x, y, { k: 2, m: 3, seed: 0 });
 * // out.y.length is 10 + the rows made from class 1's DANGER rows.
 * ```
 * @see Han, Wang & Mao (2005), "Borderline-SMOTE: A New Over-Sampling Method in Imbalanced Data
 *   Sets Learning", ICIC, LNCS 3644; imbalanced-learn 0.10
 *   `imblearn/over_sampling/_smote/filter.py` (`BorderlineSMOTE`).
 */
export async function borderlineSmote<X extends MatrixLike, Y extends VectorLike>(
  x: X,
  y: Y,
  options: BorderlineSmoteOptions = {},
): Promise<ResampleResult<MatrixOf<X>, VectorOf<Y>>> {
  checkOptions(FN, options, {
    kind: is.oneOf(['borderline-1', 'borderline-2'] as const),
    k: is.integer({ min: 1 }),
    m: is.integer({ min: 1 }),
    samplingStrategy: samplingStrategyConstraint,
    seed: is.seed(),
  });
  const kind = options.kind ?? 'borderline-1';
  const k = options.k ?? 5;
  const mNeighbours = options.m ?? 10;
  const input = await readResamplerInput(FN, x, y);
  const { m: mat, labels } = input;
  const { cols } = mat;
  const targets = resolveSamplingStrategy(FN, labels, options.samplingStrategy, 'over-sampling');
  const byClass = indicesByClass(labels);
  checkClassSizes(FN, 'k', k, targets, byClass, 'Borderline-SMOTE');
  if (mNeighbours >= mat.rows) {
    throw invalidOption(FN, 'm', `an integer in [1, ${mat.rows - 1}]`, mNeighbours, `argument "x" has ${mat.rows} rows and a row is not its own neighbour`);
  }
  if (kind === 'borderline-2') {
    for (const [label, count] of targets) {
      const others = mat.rows - byClass.get(label)!.length;
      if (count > 0 && k > others) {
        throw invalidOption(FN, 'k', `an integer in [1, ${others}]`, k, `with kind 'borderline-2', class ${label} interpolates towards its k nearest rows of other classes, and they have ${others} row${others === 1 ? '' : 's'}`);
      }
    }
  }
  const rng = createRng(options.seed);
  const blocks: SyntheticBlock[] = [];
  for (const [label, count] of targets) {
    if (count === 0) continue;
    const members = byClass.get(label)!;
    const danger = await dangerMask(mat.data, mat.rows, cols, labels, members, label, mNeighbours);
    const dangerPositions = danger.flatMap((d, i) => (d ? [i] : []));
    if (dangerPositions.length === 0) continue;
    const classRows = gatherRows(mat.data, cols, members);
    const dangerRows = gatherRows(classRows, cols, dangerPositions);
    const nnSame = flatNeighbours(await neighboursOfMembers(classRows, members.length, cols, dangerRows, dangerPositions, k));
    if (kind === 'borderline-1') {
      blocks.push({ label, values: interpolate(rng, dangerRows, nnSame, classRows, cols, count, 1).values, count });
      continue;
    }
    const fraction = sampleBeta(rng, 10, 10);
    const towardsSame = Math.min(count, Math.floor(fraction * (count + 1)));
    const towardsOthers = count - towardsSame;
    const otherIdx = labels.flatMap((l, i) => (l !== label ? [i] : []));
    const otherRows = gatherRows(mat.data, cols, otherIdx);
    const { indices: nnOther } = await kNeighbors(
      { data: otherRows, shape: [otherIdx.length, cols] },
      { k, query: { data: dangerRows, shape: [dangerPositions.length, cols] } },
    );
    blocks.push({ label, values: interpolate(rng, dangerRows, nnSame, classRows, cols, towardsSame, 1).values, count: towardsSame });
    blocks.push({ label, values: interpolate(rng, dangerRows, flatNeighbours(nnOther), otherRows, cols, towardsOthers, 0.5).values, count: towardsOthers });
  }
  return oversampleResult<X, Y>(input, blocks);
}
