import { createRng } from '../core/rng.js';
import type { MatrixLike, MatrixOf, VectorLike, VectorOf } from '../core/types.js';
import { checkOptions, is } from '../core/validate.js';
import { checkClassSizes, gatherRows, indicesByClass, oversampleBuffer, oversampleResultFrom, readResamplerInput } from './_internal/resample.js';
import { interpolate, neighboursWithin } from './_internal/smote-core.js';
import { resolveSamplingStrategy, samplingStrategyConstraint } from './_internal/strategy.js';
import type { ResampleResult, SamplingStrategy, SeededOptions } from './types.js';

/** Options of {@link smote}. */
export interface SmoteOptions extends SeededOptions {
  /**
   * Number of same-class nearest neighbours each synthetic row may move towards (default 5); must
   * be smaller than the size of every class to oversample.
   */
  readonly k?: number;
  /**
   * How many rows each class should end with (default `'auto'`: every class but the majority is
   * brought up to the majority's count). See {@link SamplingStrategy}.
   */
  readonly samplingStrategy?: SamplingStrategy;
}

const FN = 'smote';

/**
 * Synthetic Minority Over-sampling TEchnique: grow each class to oversample with new rows on the
 * segments between a row and one of its `k` nearest same-class neighbours, as imbalanced-learn
 * 0.10's `SMOTE`. For each class (ascending labels), the neighbours are found within the class by
 * `kNeighbors`' exact search (on the device for GPU backends, in WebAssembly on wasm and cpu);
 * then `n` (row, neighbour) pairs are drawn uniformly over all pairs and `n` gaps uniformly in
 * [0, 1), and each new row is `row + gap · (neighbour − row)`.
 *
 * @typeParam X - the kind of `x`, which decides the kind of the returned rows.
 * @typeParam Y - the kind of `y`.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`), finite numbers; not
 *   modified.
 * @param y - one label per row (any finite numbers); not modified.
 * @param options - `k` (default 5), `samplingStrategy` (default `'auto'`), `seed`.
 * @returns the original rows in order, then the synthetic rows class by class (ascending
 *   labels), in the kinds `x` and `y` came in (returned tensors belong to the caller), with
 *   `sampleIndices` (-1 for synthetic rows) and `synthetic`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, NaN/±Infinity, a single
 *   class, a strategy that cannot be met (a count below the current one, an unknown label, a ratio
 *   with more than two classes …), a class to oversample with a single row, or `k` not smaller
 *   than the size of a class to oversample; {@link "whetstone/core"!ShapeError} when `x` and `y`
 *   differ in length.
 * @example
 * ```ts
 * const x = [[0, 0], [1, 0], [0, 1], [5, 5], [5, 6], [6, 5], [6, 6], [7, 7]];
 * const y = [1, 1, 1, 0, 0, 0, 0, 0];
 * const out = await smote(x, y, { k: 2, seed: 42 });
 * // out.y: [1, 1, 1, 0, 0, 0, 0, 0, 1, 1]; out.synthetic.slice(-2): [true, true]
 * ```
 * @see Chawla, Bowyer, Hall & Kegelmeyer (2002), "SMOTE: Synthetic Minority Over-sampling
 *   Technique", JAIR 16; imbalanced-learn 0.10 `imblearn/over_sampling/_smote/base.py` (`SMOTE`).
 */
export async function smote<X extends MatrixLike, Y extends VectorLike>(
  x: X,
  y: Y,
  options: SmoteOptions = {},
): Promise<ResampleResult<MatrixOf<X>, VectorOf<Y>>> {
  checkOptions(FN, options, { k: is.integer({ min: 1 }), samplingStrategy: samplingStrategyConstraint, seed: is.seed() });
  const k = options.k ?? 5;
  const input = await readResamplerInput(FN, x, y);
  const { m, labels } = input;
  const targets = resolveSamplingStrategy(FN, labels, options.samplingStrategy, 'over-sampling');
  const classes = [...targets].filter(([, count]) => count > 0).map(([label, count]) => ({ label, count }));
  const byClass = indicesByClass(
    labels,
    classes.map((c) => c.label),
  );
  checkClassSizes(FN, 'k', k, targets, byClass, 'SMOTE');
  const rng = createRng(options.seed);
  // The synthetic rows are written straight into the output, after the original rows.
  const data = oversampleBuffer(
    input,
    classes.reduce((s, c) => s + c.count, 0),
  );
  let row = m.rows;
  for (const { label, count } of classes) {
    const members = byClass.get(label)!;
    const rows = gatherRows(m.data, m.cols, members);
    const nn = await neighboursWithin(rows, members.length, m.cols, k);
    interpolate(rng, rows, nn, rows, m.cols, count, 1, { data, row });
    row += count;
  }
  return oversampleResultFrom<X, Y>(input, data, classes);
}
