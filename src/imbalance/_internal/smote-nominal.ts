// CPU helpers of smoteNC and smoteN (categorical features): imblearn 0.10's encodings and the
// value difference metric, in float64.

/** Sorted distinct values of one column (scikit-learn's OneHotEncoder / OrdinalEncoder categories). */
export function columnCategories(data: Float64Array, rows: number, cols: number, col: number): number[] {
  const seen = new Set<number>();
  for (let r = 0; r < rows; r++) seen.add(data[r * cols + col]!);
  return [...seen].sort((a, b) => a - b);
}

/** The median of a non-empty list (mean of the two middle values for an even count, as numpy). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * SMOTENC's scale for the one-hot columns (imblearn/over_sampling/_smote/base.py, `SMOTENC.
 * _fit_resample`): the median over the continuous features of their population standard
 * deviation within the minority class. The minority class is the first, in order of first
 * appearance in `y`, of the least frequent labels (Python's `min(Counter(y), key=...)`).
 */
export function smotencMedianStd(
  data: Float64Array,
  rows: number,
  cols: number,
  labels: readonly number[],
  continuous: readonly number[],
): number {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  let minority = labels[0]!;
  for (const [l, c] of counts) if (c < counts.get(minority)!) minority = l;
  const members: number[] = [];
  for (let r = 0; r < rows; r++) if (labels[r] === minority) members.push(r);
  const stds = continuous.map((col) => {
    let mean = 0;
    for (const r of members) mean += data[r * cols + col]!;
    mean /= members.length;
    let sq = 0;
    for (const r of members) sq += (data[r * cols + col]! - mean) ** 2;
    return Math.sqrt(sq / members.length);
  });
  return median(stds);
}

/** The layout of SMOTENC's encoded space: continuous columns first, then one block per categorical column. */
export interface NominalEncoding {
  /** Encoded rows, row-major, `rows × width`. */
  readonly data: Float64Array;
  /** Columns of the encoded space. */
  readonly width: number;
  /** Per categorical column (in the order given), its sorted categories. */
  readonly categories: readonly (readonly number[])[];
  /** Per categorical column, where its block starts in the encoded space. */
  readonly offsets: readonly number[];
  /** Per row and categorical column, the index of its category (row-major, rows × categoricals). */
  readonly codes: Int32Array;
}

/**
 * Encode rows as SMOTENC does: the continuous columns as they are, then each categorical column
 * one-hot with `value` in place of 1 (imblearn uses median std / 2, so that two rows differing in
 * one category are `median std / √2` apart on that feature).
 */
export function encodeNominal(
  data: Float64Array,
  rows: number,
  cols: number,
  continuous: readonly number[],
  categorical: readonly number[],
  value: number,
): NominalEncoding {
  const categories = categorical.map((c) => columnCategories(data, rows, cols, c));
  const offsets: number[] = [];
  let width = continuous.length;
  for (const cats of categories) {
    offsets.push(width);
    width += cats.length;
  }
  const out = new Float64Array(rows * width);
  const codes = new Int32Array(rows * categorical.length);
  const lookup = categories.map((cats) => new Map(cats.map((v, i) => [v, i])));
  for (let r = 0; r < rows; r++) {
    continuous.forEach((c, j) => (out[r * width + j] = data[r * cols + c]!));
    categorical.forEach((c, j) => {
      const code = lookup[j]!.get(data[r * cols + c]!)!;
      codes[r * categorical.length + j] = code;
      out[r * width + offsets[j]! + code] = value;
    });
  }
  return { data: out, width, categories, offsets, codes };
}

/**
 * The value difference metric of imblearn 0.10 (`imblearn/metrics/pairwise.py`,
 * `ValueDifferenceMetric` with its defaults k = 1, r = 2; Stanfill & Waltz 1986, Cost & Salzberg
 * 1993): per feature, the L1 distance between the class distributions P(class | value) of the two
 * values, squared, summed over the features. Returns one table per feature,
 * `table[f][a * n_f + b]` = that feature's term between categories a and b.
 *
 * @param codes - per row and feature, the category index (row-major, rows × features).
 * @param sizes - number of categories of each feature.
 * @param classOf - per row, the index of its class in `[0, classes)`.
 * @param classes - number of classes.
 */
export function vdmTables(codes: Int32Array, sizes: readonly number[], classOf: Int32Array, classes: number): Float64Array[] {
  const rows = classOf.length;
  const features = sizes.length;
  return sizes.map((n, f) => {
    const prob = new Float64Array(n * classes);
    for (let r = 0; r < rows; r++) prob[codes[r * features + f]! * classes + classOf[r]!]! += 1;
    for (let a = 0; a < n; a++) {
      let total = 0;
      for (let c = 0; c < classes; c++) total += prob[a * classes + c]!;
      // Every category occurs in the data it was fitted on, so total > 0.
      for (let c = 0; c < classes; c++) prob[a * classes + c]! /= total;
    }
    const table = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        let l1 = 0;
        for (let c = 0; c < classes; c++) l1 += Math.abs(prob[a * classes + c]! - prob[b * classes + c]!);
        table[a * n + b] = l1 * l1;
      }
    }
    return table;
  });
}

/** VDM distance between two rows of codes. */
export function vdmDistance(codes: Int32Array, features: number, sizes: readonly number[], tables: readonly Float64Array[], i: number, j: number): number {
  let d = 0;
  for (let f = 0; f < features; f++) d += tables[f]![codes[i * features + f]! * sizes[f]! + codes[j * features + f]!]!;
  return d;
}

/**
 * The `k` nearest members (by VDM) of each member of a class, the member itself included (SMOTEN
 * queries the rows it was fitted on, so each row is its own nearest neighbour), nearest first,
 * ties by smaller index. Exact, on the CPU: the VDM is not a Euclidean distance of a fixed
 * embedding, so the backend's matMul trick does not apply; memory is O(members).
 */
export function vdmNeighbours(
  codes: Int32Array,
  features: number,
  sizes: readonly number[],
  tables: readonly Float64Array[],
  members: readonly number[],
  k: number,
): number[][] {
  const n = members.length;
  const dist = new Float64Array(n);
  const order = Array.from({ length: n }, (_, i) => i);
  return members.map((ri) => {
    for (let j = 0; j < n; j++) dist[j] = vdmDistance(codes, features, sizes, tables, ri, members[j]!);
    order.sort((a, b) => dist[a]! - dist[b]! || a - b);
    return order.slice(0, k);
  });
}
