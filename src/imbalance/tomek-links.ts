import { InvalidArgumentError } from '../core/errors.js';
import type { MatrixLike, MatrixOf, VectorLike, VectorOf } from '../core/types.js';
import { checkOptions } from '../core/validate.js';
import { resolveSamplingStrategy, samplingStrategyConstraint } from './_internal/strategy.js';
import { kNeighbors } from './neighbors.js';
import { readResamplerInput, resultFromIndices } from './_internal/resample.js';
import type { ResampleResult, SamplingStrategy } from './types.js';

/** Options of {@link tomekLinks}. */
export interface TomekLinksOptions {
  /**
   * Which classes lose the member of a link they are part of (default `'auto'`, which for a
   * cleaning method is `'not minority'`: every class but the minority, as imbalanced-learn 0.10).
   * `'all'` removes both ends of every link. Counts and ratios are not allowed: cleaning removes
   * what it finds, it does not aim at a count.
   */
  readonly samplingStrategy?: SamplingStrategy;
}

/** The constraint table of {@link TomekLinksOptions} (also used by smoteTomek to check them up front). @internal */
export const TOMEK_LINKS_OPTIONS = { samplingStrategy: samplingStrategyConstraint } as const;

/**
 * Remove Tomek links: pairs of rows of different classes that are each other's nearest neighbour
 * (Tomek 1976). The member of each link whose class is targeted is removed, so the class
 * boundary gets cleaner. Deterministic: the same rows as imbalanced-learn 0.10's `TomekLinks`.
 *
 * The nearest neighbour of each row is the second column of its 2 nearest neighbours among all
 * rows, itself included (scikit-learn's `NearestNeighbors(n_neighbors=2).kneighbors(X)[:, 1]`),
 * computed by {@link kNeighbors} on the active tfjs backend; so exact duplicates behave as in
 * imbalanced-learn.
 *
 * @typeParam X - the kind of `x`, which decides the kind of the returned rows.
 * @typeParam Y - the kind of `y`.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`); not modified.
 * @param y - one label per row (any finite numbers); not modified.
 * @param options - `samplingStrategy` (default `'auto'`).
 * @returns the kept rows in their original order, in the kinds `x` and `y` came in (returned
 *   tensors belong to the caller), with `sampleIndices` giving each one's input row.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, NaN/±Infinity, fewer than 2 rows or
 *   classes, `'minority'`, a count or ratio strategy; {@link "whetstone/core"!ShapeError} for
 *   mismatched lengths.
 * @example
 * ```ts
 * const { sampleIndices } = await tomekLinks([[0], [1], [1.2], [5]], [0, 0, 1, 0]);
 * // [0, 2, 3]: rows 1 (class 0) and 2 (class 1) are a link; class 0 is not the minority
 * ```
 * @see I. Tomek, "Two modifications of CNN", IEEE Trans. SMC 6, 1976; imbalanced-learn 0.10
 *   `imblearn/under_sampling/_prototype_selection/_tomek_links.py`.
 */
export async function tomekLinks<X extends MatrixLike, Y extends VectorLike>(
  x: X,
  y: Y,
  options: TomekLinksOptions = {},
): Promise<ResampleResult<MatrixOf<X>, VectorOf<Y>>> {
  const fn = 'tomekLinks';
  checkOptions(fn, options, TOMEK_LINKS_OPTIONS);
  const input = await readResamplerInput(fn, x, y);
  const { m, labels } = input;
  const targeted = resolveSamplingStrategy(fn, labels, options.samplingStrategy, 'clean-sampling');
  if (m.rows < 2) throw new InvalidArgumentError(`${fn}: argument "x" must have at least 2 rows; got ${m.rows}.`);
  const { indices } = await kNeighbors({ data: m.data, shape: [m.rows, m.cols] }, { k: 2, excludeSelf: false });
  const nearest = indices.map((row) => row[1]!);
  const kept: number[] = [];
  for (let i = 0; i < m.rows; i++) {
    const j = nearest[i]!;
    const link = targeted.has(labels[i]!) && labels[j] !== labels[i] && nearest[j] === i;
    if (!link) kept.push(i);
  }
  return resultFromIndices<X, Y>(input, kept);
}
