import { checkArgument, createRng, formatValue, InvalidArgumentError, invalidOption, is } from '../../core/index.js';
import type { Rng } from '../../core/index.js';
import type { Fold } from '../types.js';

/** Labels recoded as dense integers `0 … classes.length - 1`. */
export interface Encoded {
  /** One code per row. */
  readonly codes: Int32Array;
  /** The label each code stands for. */
  readonly classes: number[];
  /** How many rows carry each code. */
  readonly counts: Int32Array;
}

// Labels that are small integers (the usual case: class ids, group ids) are looked up in a flat
// table instead of a Map: several times faster on a million rows.
const TABLE_LIMIT = 1 << 22;

/**
 * Codes in order of first appearance (0 is the first label seen), as StratifiedKFold's
 * `class_perm[y_inv]`, so results do not depend on the label values, only on their pattern.
 */
export function encodeByAppearance(values: Float64Array): Encoded {
  const n = values.length;
  const codes = new Int32Array(n);
  const classes: number[] = [];
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && !Number.isInteger(v)) integral = false;
  }
  if (n > 0 && integral && max - min < Math.min(TABLE_LIMIT, 4 * n + 64)) {
    const table = new Int32Array(max - min + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      const slot = values[i]! - min;
      let c = table[slot]!;
      if (c < 0) {
        c = table[slot] = classes.length;
        // `+ 0` folds -0 into 0, as numpy's unique does.
        classes.push(values[i]! + 0);
      }
      codes[i] = c;
    }
  } else {
    const seen = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      let c = seen.get(v);
      if (c === undefined) {
        c = classes.length;
        seen.set(v, c);
        classes.push(v + 0);
      }
      codes[i] = c;
    }
  }
  const counts = new Int32Array(classes.length);
  for (let i = 0; i < n; i++) counts[codes[i]!]!++;
  return { codes, classes, counts };
}

/** Codes in ascending label order, as `np.unique(values, return_inverse=True)`. */
export function encodeSorted(values: Float64Array): Encoded {
  const first = encodeByAppearance(values);
  const order = first.classes.map((_, c) => c).sort((a, b) => first.classes[a]! - first.classes[b]!);
  const rank = new Int32Array(order.length);
  order.forEach((c, r) => (rank[c] = r));
  const codes = new Int32Array(first.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = rank[first.codes[i]!]!;
  const counts = new Int32Array(order.length);
  for (let r = 0; r < order.length; r++) counts[r] = first.counts[order[r]!]!;
  return { codes, classes: order.map((c) => first.classes[c]!), counts };
}

/**
 * Turn a fold number per row into `k` folds: test = the rows of that fold, train = every other
 * row, both ascending (as BaseCrossValidator.split builds them from boolean masks). Test sets come
 * from one counting pass; each train set fills the gaps between its test rows. Arrays are
 * preallocated: on a million rows this is about twice as fast as pushing.
 */
export function foldsFromAssignment(foldOf: Int32Array, k: number): Fold[] {
  const n = foldOf.length;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[foldOf[i]!]!++;
  const tests: number[][] = [];
  for (let f = 0; f < k; f++) tests.push(new Array<number>(sizes[f]!));
  const filled = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const f = foldOf[i]!;
    tests[f]![filled[f]!++] = i;
  }
  return tests.map((test) => {
    const train = new Array<number>(n - test.length);
    let b = 0;
    let from = 0;
    for (let j = 0; j < test.length; j++) {
      const stop = test[j]!;
      for (let i = from; i < stop; i++) train[b++] = i;
      from = stop + 1;
    }
    for (let i = from; i < n; i++) train[b++] = i;
    return { train, test };
  });
}

/**
 * Fisher–Yates shuffle in place, drawing from `rng` (unbiased integers). Used instead of
 * `rng.permutation` on hot paths: it works on typed arrays and skips a copy.
 */
export function shuffleInPlace(rng: Rng, a: Int32Array): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.integer(0, i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** The number of rows must allow `k ≥ 2` folds. */
export function checkRowCount(fn: string, name: string, n: number): void {
  if (n < 2) throw new InvalidArgumentError(`${fn}: argument "${name}" must have at least 2 rows (splitting needs two); got ${n}.`);
}

/** `nRows` as a splitter's first argument: an integer ≥ 2. */
export function checkRows(fn: string, nRows: unknown): asserts nRows is number {
  checkArgument(fn, 'nRows', nRows, is.integer({ min: 2 }), 'splitting needs at least two rows');
}

/** `k` may not exceed `limit` (rows, groups, …); `why` completes the reason. */
export function checkFoldLimit(fn: string, option: string, k: number, limit: number, why: string): void {
  if (k > limit) throw invalidOption(fn, option, `an integer in [2, ${limit}]`, k, why);
}

/** A seed only means something when rows are shuffled (scikit-learn raises the same way). */
export function checkSeedUsed(fn: string, seed: unknown, shuffle: boolean): void {
  if (seed !== undefined && !shuffle) {
    throw invalidOption(fn, 'seed', 'left out unless "shuffle" is true', seed, 'a seed has no effect on an unshuffled split');
  }
}

/** Reject labels that are not integers, as scikit-learn's `type_of_target` rejects "continuous" y. */
export function checkClassLabels(fn: string, name: string, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) {
      throw new InvalidArgumentError(
        `${fn}: argument "${name}" must contain integer class labels (a continuous target cannot be stratified); got ${formatValue(v)} at index ${i}.`,
      );
    }
  }
}

/** The rng for a shuffled split; `undefined` when rows keep their order. */
export function rngIf(shuffle: boolean, seed: number | string | Rng | undefined): Rng | undefined {
  return shuffle ? createRng(seed) : undefined;
}
