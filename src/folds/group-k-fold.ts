import { checkOptions, InvalidArgumentError, is, toVector } from '../core/index.js';
import type { VectorLike } from '../core/index.js';
import { numpyArgsort } from './_internal/numpy.js';
import { checkFoldLimit, checkRowCount, encodeSorted, foldsFromAssignment } from './_internal/shared.js';
import type { Encoded } from './_internal/shared.js';
import type { Fold } from './types.js';

/** Options of {@link groupKFold}. */
export interface GroupKFoldOptions {
  /** Number of folds, at least 2 and at most the number of distinct groups (default 5). */
  k?: number;
}

/** Read group ids (any finite numbers) and check there are enough groups for `k` folds. */
export function readGroups(fn: string, groups: VectorLike, option: string, k: number): Encoded {
  const g = toVector(groups, { fn, name: 'groups' });
  checkRowCount(fn, 'groups', g.length);
  const encoded = encodeSorted(g.data);
  const nGroups = encoded.classes.length;
  if (nGroups < 2) {
    throw new InvalidArgumentError(`${fn}: argument "groups" must hold at least 2 distinct groups (each fold tests on whole groups); got 1.`);
  }
  checkFoldLimit(fn, option, k, nGroups, `cannot have number of splits k greater than the number of groups: ${nGroups}`);
  return encoded;
}

/**
 * Fold number of every row, as GroupKFold: groups from largest to smallest (ties in the order
 * numpy's unstable argsort leaves them) each go to the fold holding the fewest rows so far.
 */
export function groupAssignment(groups: Encoded, k: number): Int32Array {
  const { codes, counts } = groups;
  const ascending = numpyArgsort(counts);
  const load = new Float64Array(k);
  const groupFold = new Int32Array(counts.length);
  for (let r = ascending.length - 1; r >= 0; r--) {
    const g = ascending[r]!;
    let lightest = 0;
    for (let f = 1; f < k; f++) if (load[f]! < load[lightest]!) lightest = f;
    load[lightest]! += counts[g]!;
    groupFold[g] = lightest;
  }
  const foldOf = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) foldOf[i] = groupFold[codes[i]!]!;
  return foldOf;
}

/**
 * k-fold over groups: all rows of a group (a patient, a user, a session) land in the same test
 * fold, so a model is never tested on a group it was trained on. Folds are balanced by row count
 * (greedily, largest group first), not by number of groups. Deterministic: there is no shuffle.
 *
 * @param groups - one group id per row (any finite numbers).
 * @param options - `k` (default 5), at most the number of distinct groups.
 * @returns `k` folds; every row is in exactly one test set; no group is split between train and
 *   test; indices ascending.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for NaN or infinite ids, fewer than 2 rows
 *   or groups, a bad option, or `k` above the number of groups ("cannot have number of splits k
 *   greater than the number of groups").
 * @see scikit-learn's `sklearn.model_selection.GroupKFold` (identical indices, ties included).
 * @example
 * ```ts
 * groupKFold([1, 1, 2, 2, 2, 3], { k: 2 }).map((f) => f.test);
 * // [[2, 3, 4], [0, 1, 5]]
 * ```
 */
export function groupKFold(groups: VectorLike, options: GroupKFoldOptions = {}): Fold[] {
  const fn = 'groupKFold';
  checkOptions(fn, options, { k: is.integer({ min: 2 }) });
  const k = options.k ?? 5;
  return foldsFromAssignment(groupAssignment(readGroups(fn, groups, 'k', k), k), k);
}
