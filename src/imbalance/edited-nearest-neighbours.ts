import type { MatrixLike, MatrixOf, VectorLike, VectorOf } from '../core/types.js';
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { resolveSamplingStrategy, samplingStrategyConstraint } from './_internal/strategy.js';
import { kNeighbors } from './neighbors.js';
import { readResamplerInput, resultFromIndices } from './_internal/resample.js';
import type { ResampleResult, SamplingStrategy } from './types.js';

/** Options of {@link editedNearestNeighbours}. */
export interface EditedNearestNeighboursOptions {
  /** Number of neighbours that vote on each row, an integer >= 1 (default 3; imblearn's `n_neighbors`). */
  readonly k?: number;
  /**
   * `'all'` (default): a row is kept only when all its `k` neighbours share its class;
   * `'mode'`: when the most common class among them (the smallest label on a tie) is its class.
   */
  readonly kindSel?: 'all' | 'mode';
  /**
   * Which classes are edited (default `'auto'`, which for a cleaning method is `'not minority'`,
   * as imbalanced-learn 0.10); rows of the other classes are all kept. Counts and ratios are not
   * allowed.
   */
  readonly samplingStrategy?: SamplingStrategy;
}

/** The constraint table of {@link EditedNearestNeighboursOptions} (also used by smoteENN up front). @internal */
export const EDITED_NEAREST_NEIGHBOURS_OPTIONS = {
  k: is.integer({ min: 1 }),
  kindSel: is.oneOf(['all', 'mode']),
  samplingStrategy: samplingStrategyConstraint,
} as const;

/**
 * Edited nearest neighbours (Wilson 1972): remove the rows of the targeted classes that disagree
 * with their `k` nearest neighbours. Deterministic: the same rows as imbalanced-learn 0.10's
 * `EditedNearestNeighbours`.
 *
 * As imbalanced-learn, the neighbours of a row are found among all rows with `k + 1` neighbours
 * and the first (the row itself, for distinct rows) is dropped; the search is {@link kNeighbors}
 * on the active tfjs backend.
 *
 * @typeParam X - the kind of `x`, which decides the kind of the returned rows.
 * @typeParam Y - the kind of `y`.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`); not modified.
 * @param y - one label per row (any finite numbers); not modified.
 * @param options - `k` (default 3), `kindSel` (default `'all'`), `samplingStrategy` (default `'auto'`).
 * @returns the kept rows in their original order, in the kinds `x` and `y` came in (returned
 *   tensors belong to the caller), with `sampleIndices` giving each one's input row.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, `k + 1` above the number of rows,
 *   NaN/±Infinity, a single class, `'minority'`, a count or ratio strategy;
 *   {@link "whetstone/core"!ShapeError} for mismatched lengths.
 * @example
 * ```ts
 * const { sampleIndices } = await editedNearestNeighbours(x, y, { k: 3, kindSel: 'mode' });
 * ```
 * @see D. L. Wilson, "Asymptotic properties of nearest neighbor rules using edited data", IEEE
 *   Trans. SMC 2, 1972; imbalanced-learn 0.10
 *   `imblearn/under_sampling/_prototype_selection/_edited_nearest_neighbours.py`.
 */
export async function editedNearestNeighbours<X extends MatrixLike, Y extends VectorLike>(
  x: X,
  y: Y,
  options: EditedNearestNeighboursOptions = {},
): Promise<ResampleResult<MatrixOf<X>, VectorOf<Y>>> {
  const fn = 'editedNearestNeighbours';
  checkOptions(fn, options, EDITED_NEAREST_NEIGHBOURS_OPTIONS);
  const k = options.k ?? 3;
  const kindSel = options.kindSel ?? 'all';
  const input = await readResamplerInput(fn, x, y);
  const { m, labels } = input;
  const targeted = resolveSamplingStrategy(fn, labels, options.samplingStrategy, 'clean-sampling');
  if (k + 1 > m.rows) {
    throw invalidOption(fn, 'k', `an integer in [1, ${m.rows - 1}]`, k, `k + 1 neighbours, the row itself included, are searched among ${m.rows} rows`);
  }
  const queryRows: number[] = [];
  for (let i = 0; i < m.rows; i++) if (targeted.has(labels[i]!)) queryRows.push(i);
  const keep = new Uint8Array(m.rows).fill(1);
  if (queryRows.length > 0) {
    const all = queryRows.length === m.rows;
    const query = new Float64Array(queryRows.length * m.cols);
    if (!all) queryRows.forEach((r, q) => query.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), q * m.cols));
    const { indices } = await kNeighbors(
      { data: m.data, shape: [m.rows, m.cols] },
      { k: k + 1, query: all ? { data: m.data, shape: [m.rows, m.cols] } : { data: query, shape: [queryRows.length, m.cols] }, excludeSelf: false },
    );
    queryRows.forEach((r, q) => {
      const neighbours = indices[q]!.slice(1).map((j) => labels[j]!);
      const own = labels[r]!;
      keep[r] = kindSel === 'all' ? Number(neighbours.every((label) => label === own)) : Number(modeOf(neighbours) === own);
    });
  }
  const kept: number[] = [];
  for (let i = 0; i < m.rows; i++) if (keep[i] === 1) kept.push(i);
  return resultFromIndices<X, Y>(input, kept);
}

/** The most common value, the smallest on a tie (as scipy.stats.mode, which imblearn uses). */
function modeOf(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = Number.POSITIVE_INFINITY;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}
