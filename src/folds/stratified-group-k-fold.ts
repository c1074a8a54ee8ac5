import { checkOptions, checkSameLength, is, toVector } from '../core/index.js';
import type { Rng, VectorLike } from '../core/index.js';
import { numpyIsClose, numpyStd, pairwiseSum } from './_internal/numpy.js';
import { checkClassLabels, checkFoldLimit, checkRowCount, checkSeedUsed, encodeSorted, foldsFromAssignment, rngIf } from './_internal/shared.js';
import type { Encoded } from './_internal/shared.js';
import { readGroups } from './group-k-fold.js';
import { checkStratifiedK } from './stratified-k-fold.js';
import type { Fold } from './types.js';

/** Options of {@link stratifiedGroupKFold}. */
export interface StratifiedGroupKFoldOptions {
  /** Number of folds, at least 2 and at most the number of distinct groups (default 5). */
  k?: number;
  /**
   * Shuffle the order in which groups with equally spread class counts are placed (default
   * `false`). As in scikit-learn, only those ties are shuffled: the greedy placement is otherwise
   * fixed by the data.
   */
  shuffle?: boolean;
  /** Seed of the shuffle; only allowed with `shuffle: true` (default: a fresh random seed). */
  seed?: number | string | Rng;
}

/**
 * Fold number of every row, as StratifiedGroupKFold: groups, most class-skewed first (highest std
 * of their class counts; ties in group order, or shuffled order), each go to the fold that leaves
 * the per-class fold shares most even (lowest mean over classes of the std across folds of
 * `count in fold / count of class`); near-ties (`np.isclose`) go to the fold with fewer rows.
 * The std arithmetic copies numpy's summation order so that near-ties break as in scikit-learn.
 */
export function stratifiedGroupAssignment(labels: Encoded, groups: Encoded, k: number, rng: Rng | undefined): Int32Array {
  const nClasses = labels.classes.length;
  const nGroups = groups.classes.length;
  const yCnt = labels.counts;
  const perGroup = new Float64Array(nGroups * nClasses);
  for (let i = 0; i < labels.codes.length; i++) perGroup[groups.codes[i]! * nClasses + labels.codes[i]!]! += 1;

  // scikit-learn 1.2 shuffles the rows of its per-group count matrix but not the map from rows to
  // groups, so a shuffled split there tests on the wrong groups (scikit-learn issue #32478, fixed
  // by PR #32540). We shuffle the order in which groups are visited, which is what was meant.
  const visit = Array.from({ length: nGroups }, (_, g) => g);
  const order = rng === undefined ? visit : rng.shuffle(visit);
  const spread = new Float64Array(nGroups);
  for (const g of order) spread[g] = numpyStd(perGroup, g * nClasses, nClasses, 1, true);
  // Stable sort on -std (mergesort in scikit-learn): ties keep the visiting order.
  const position = new Int32Array(nGroups);
  order.forEach((g, p) => (position[g] = p));
  const sorted = order.slice().sort((a, b) => spread[b]! - spread[a]! || position[a]! - position[b]!);

  const perFold = new Float64Array(k * nClasses);
  const ratio = new Float64Array(k * nClasses);
  const baseStd = new Float64Array(nClasses);
  const trialStd = new Float64Array(nClasses);
  // A lone column is reduced as a contiguous run by numpy (pairwise); several columns sequentially.
  const pairwiseColumns = nClasses === 1;
  const groupFold = new Int32Array(nGroups);
  for (const g of sorted) {
    const offset = g * nClasses;
    for (let j = 0; j < k * nClasses; j++) ratio[j] = perFold[j]! / yCnt[j % nClasses]!;
    for (let c = 0; c < nClasses; c++) baseStd[c] = numpyStd(ratio, c, k, nClasses, pairwiseColumns);
    let best = -1;
    let minEval = Infinity;
    let minSamples = Infinity;
    for (let f = 0; f < k; f++) {
      // Only classes present in this group change their spread when it joins fold f.
      trialStd.set(baseStd);
      for (let c = 0; c < nClasses; c++) {
        const add = perGroup[offset + c]!;
        if (add === 0) continue;
        const j = f * nClasses + c;
        const saved = ratio[j]!;
        ratio[j] = (perFold[j]! + add) / yCnt[c]!;
        trialStd[c] = numpyStd(ratio, c, k, nClasses, pairwiseColumns);
        ratio[j] = saved;
      }
      const evaluation = pairwiseSum(trialStd, 0, nClasses) / nClasses;
      let samples = 0;
      for (let c = 0; c < nClasses; c++) samples += perFold[f * nClasses + c]!;
      if (evaluation < minEval || (numpyIsClose(evaluation, minEval) && samples < minSamples)) {
        minEval = evaluation;
        minSamples = samples;
        best = f;
      }
    }
    for (let c = 0; c < nClasses; c++) perFold[best * nClasses + c]! += perGroup[offset + c]!;
    groupFold[g] = best;
  }
  const foldOf = new Int32Array(labels.codes.length);
  for (let i = 0; i < foldOf.length; i++) foldOf[i] = groupFold[groups.codes[i]!]!;
  return foldOf;
}

/**
 * k-fold over groups that also keeps class shares even: no group is split between train and
 * test (as {@link groupKFold}), and groups are placed so that each class is spread over the test
 * folds as evenly as whole groups allow (a greedy heuristic; exact balance is not guaranteed).
 *
 * @param y - class labels, one per row (integers of any sign).
 * @param groups - one group id per row (any finite numbers).
 * @param options - `k` (default 5), `shuffle` (default `false`), `seed` (only with `shuffle`).
 * @returns `k` folds; every row is in exactly one test set; no group is split; indices ascending.
 *   A test fold can come out empty when groups are few and lopsided (as in scikit-learn).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for non-integer, NaN or infinite labels or
 *   ids, a bad option, `k` above the number of groups, `k` above the size of every class, or a
 *   `seed` without `shuffle`; {@link "whetstone/core"!ShapeError} when `y` and `groups` differ in
 *   length.
 * @see scikit-learn's `sklearn.model_selection.StratifiedGroupKFold` (identical indices when
 *   unshuffled). Unlike scikit-learn 1.2 it refuses `k` above the number of groups (which can only
 *   give empty test folds), and its shuffle keeps groups together (see the source for the bug).
 * @example
 * ```ts
 * const folds = stratifiedGroupKFold(y, patientIds, { k: 5 });
 * ```
 */
export function stratifiedGroupKFold(y: VectorLike, groups: VectorLike, options: StratifiedGroupKFoldOptions = {}): Fold[] {
  const fn = 'stratifiedGroupKFold';
  checkOptions(fn, options, { k: is.integer({ min: 2 }), shuffle: is.boolean(), seed: is.seed() });
  const k = options.k ?? 5;
  const shuffle = options.shuffle ?? false;
  checkSeedUsed(fn, options.seed, shuffle);
  const yv = toVector(y, { fn, name: 'y' });
  const gv = toVector(groups, { fn, name: 'groups' });
  checkSameLength(fn, [
    ['y', yv.length],
    ['groups', gv.length],
  ]);
  checkRowCount(fn, 'y', yv.length);
  checkClassLabels(fn, 'y', yv.data);
  checkFoldLimit(fn, 'k', k, yv.length, `cannot have more folds than the ${yv.length} rows`);
  const labels = encodeSorted(yv.data);
  checkStratifiedK(fn, 'k', k, labels.counts);
  const encodedGroups = readGroups(fn, gv.data, 'k', k);
  return foldsFromAssignment(stratifiedGroupAssignment(labels, encodedGroups, k, rngIf(shuffle, options.seed)), k);
}
