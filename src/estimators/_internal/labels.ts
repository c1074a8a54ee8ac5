// Label encoding and class weights shared by the estimators.
import { InvalidArgumentError } from '../../core/errors.js';
import { formatValue, is, type Constraint } from '../../core/validate.js';

/** Labels mapped to indices 0 … K−1 of the sorted distinct labels. */
export interface EncodedLabels {
  readonly classes: number[];
  readonly index: Int32Array;
  /** Rows per class. */
  readonly counts: number[];
}

export function encodeLabels(y: Float64Array): EncodedLabels {
  const classes = [...new Set(y)].sort((a, b) => a - b);
  const lookup = new Map(classes.map((c, i) => [c, i]));
  const index = new Int32Array(y.length);
  const counts = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < y.length; i++) {
    const k = lookup.get(y[i]!)!;
    index[i] = k;
    counts[k]!++;
  }
  return { classes, index, counts };
}

/** Class weights as the options take them. */
export type ClassWeightOption = 'balanced' | Readonly<Record<number, number>>;

/** The constraint on a `classWeight` option. */
export const classWeightConstraint: Constraint<ClassWeightOption> = is.custom<ClassWeightOption>(
  "'balanced' or an object mapping labels to finite weights >= 0",
  (v) => {
    if (v === 'balanced') return true;
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
    return Object.entries(v).every(([k, w]) => k.trim() !== '' && Number.isFinite(Number(k)) && typeof w === 'number' && Number.isFinite(w) && w >= 0);
  },
);

/**
 * One weight per class, in `classes` order, as scikit-learn's `compute_class_weight`: 'balanced'
 * gives n / (K · count_k) from unweighted counts; a mapping gives its value, 1 for labels it does
 * not name. As there, a mapping that leaves some classes out may not name labels absent from y
 * (that is most likely a typo).
 */
export function classWeightVector(fn: string, option: ClassWeightOption | undefined, labels: EncodedLabels): Float64Array {
  const k = labels.classes.length;
  const out = new Float64Array(k).fill(1);
  if (option === undefined) return out;
  if (option === 'balanced') {
    const n = labels.index.length;
    for (let c = 0; c < k; c++) out[c] = n / (k * labels.counts[c]!);
    return out;
  }
  const present = new Set(labels.classes);
  const named = Object.keys(option).map(Number);
  const unweighted = labels.classes.filter((c) => !(String(c) in option));
  const absent = named.filter((c) => !present.has(c));
  if (unweighted.length > 0 && absent.length > 0) {
    throw new InvalidArgumentError(
      `${fn}: option "classWeight" must give weights for labels found in y; got weights for ${formatValue(absent)}, which y lacks, and none for ${formatValue(unweighted)}.`,
    );
  }
  labels.classes.forEach((c, i) => {
    const w = option[c];
    if (w !== undefined) out[i] = w;
  });
  return out;
}
