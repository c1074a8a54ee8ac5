// A CART regression tree and a bagged forest of them, as scikit-learn 1.2's
// DecisionTreeRegressor / RandomForestRegressor grow them with the defaults Optuna's importance
// evaluators use (optuna/importance/_fanova/_fanova.py, _mean_decrease_impurity.py): squared
// error, best splitter, every feature considered at every node, min_samples_split 2,
// min_samples_leaf 1, bootstrap samples expressed as integer sample weights. The growth rules
// follow sklearn/tree/_tree.pyx (DepthFirstTreeBuilder) and _splitter.pyx (BestSplitter) so that
// the trees, and therefore the fANOVA numbers, agree with Optuna's on the same data.
import type { Rng } from '../../core/types.js';

/**
 * A fitted tree as flat arrays indexed by node id (root 0, pre-order, left child first), the
 * layout of scikit-learn's `Tree`: a leaf has `feature` -1 and children -1.
 */
export interface RegressionTree {
  /** Split feature per node, -1 for leaves. */
  readonly feature: readonly number[];
  /** Split threshold per node (`x[feature] <= threshold` goes left); -2 for leaves, as sklearn. */
  readonly threshold: readonly number[];
  /** Left child per node, -1 for leaves. */
  readonly left: readonly number[];
  /** Right child per node, -1 for leaves. */
  readonly right: readonly number[];
  /** Weighted mean target per node. */
  readonly value: readonly number[];
  /** Distinct training rows reaching the node (rows of weight 0 are not counted). */
  readonly nNodeSamples: readonly number[];
  /** Sum of the weights reaching the node. */
  readonly weightedNNodeSamples: readonly number[];
  /** Weighted variance of the target in the node (squared-error impurity). */
  readonly impurity: readonly number[];
}

/** How to grow a tree. */
export interface TreeOptions {
  /** Deepest level a node may sit at (root is depth 0); `Infinity` for none. */
  readonly maxDepth: number;
  /**
   * Visits the features in a random order at each node, so that features splitting the rows
   * equally well (common in small nodes: any feature separating two rows does) win equally often,
   * as in sklearn. Without it, the lowest feature index wins ties.
   */
  readonly rng?: Rng;
}

// sklearn/tree/_splitter.pyx: values closer than this are not split between.
const FEATURE_THRESHOLD = 1e-7;
// sklearn/tree/_tree.pyx: a node this pure is a leaf.
const EPSILON = 2.220446049250313e-16;

/**
 * Grow one regression tree on rows `x` (row-major, `nFeatures` columns) with targets `y` and
 * non-negative weights (a bootstrap's counts; rows of weight 0 are left out, as sklearn does).
 *
 * @param x - feature rows.
 * @param y - targets.
 * @param weights - one weight per row, or `null` for all 1.
 * @param options - depth limit.
 * @returns the fitted tree.
 */
export function fitRegressionTree(x: readonly (readonly number[])[], y: readonly number[], weights: readonly number[] | null, options: TreeOptions): RegressionTree {
  const nFeatures = x[0]?.length ?? 0;
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const nNodeSamples: number[] = [];
  const weightedNNodeSamples: number[] = [];
  const impurity: number[] = [];
  const w = (i: number): number => (weights === null ? 1 : weights[i]!);

  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (w(i) !== 0) rows.push(i);

  // Scratch buffers reused across nodes: a column of the node's rows sorted by one feature.
  const order = new Int32Array(rows.length);
  const identity = Array.from({ length: nFeatures }, (_, f) => f);
  const column = new Float64Array(rows.length);

  const grow = (idx: number[], depth: number): number => {
    const id = feature.length;
    let sw = 0;
    let swy = 0;
    let swyy = 0;
    for (const i of idx) {
      const wi = w(i);
      const yi = y[i]!;
      sw += wi;
      swy += wi * yi;
      swyy += wi * yi * yi;
    }
    const mean = swy / sw;
    const imp = swyy / sw - mean * mean;
    feature.push(-1);
    threshold.push(-2);
    left.push(-1);
    right.push(-1);
    value.push(mean);
    nNodeSamples.push(idx.length);
    weightedNNodeSamples.push(sw);
    impurity.push(imp);

    if (depth >= options.maxDepth || idx.length < 2 || imp <= EPSILON) return id;

    const n = idx.length;
    let bestProxy = -Infinity;
    let bestFeature = -1;
    let bestThreshold = 0;
    const features = options.rng === undefined ? identity : options.rng.permutation(nFeatures);
    for (const f of features) {
      for (let k = 0; k < n; k++) order[k] = k;
      for (let k = 0; k < n; k++) column[k] = x[idx[k]!]![f]!;
      const ord = order.subarray(0, n).sort((a, b) => column[a]! - column[b]!);
      if (column[ord[n - 1]!]! <= column[ord[0]!]! + FEATURE_THRESHOLD) continue;
      let wl = 0;
      let sl = 0;
      for (let p = 1; p < n; p++) {
        const i = idx[ord[p - 1]!]!;
        wl += w(i);
        sl += w(i) * y[i]!;
        const lo = column[ord[p - 1]!]!;
        const hi = column[ord[p]!]!;
        if (hi <= lo + FEATURE_THRESHOLD) continue;
        const wr = sw - wl;
        const sr = swy - sl;
        // sklearn's proxy for the impurity decrease of squared error (MSE.proxy_impurity_improvement).
        const proxy = (sl * sl) / wl + (sr * sr) / wr;
        if (proxy > bestProxy) {
          bestProxy = proxy;
          bestFeature = f;
          let t = lo / 2 + hi / 2;
          if (t === hi || !Number.isFinite(t)) t = lo;
          bestThreshold = t;
        }
      }
    }
    if (bestFeature < 0) return id;

    const li: number[] = [];
    const ri: number[] = [];
    for (const i of idx) (x[i]![bestFeature]! <= bestThreshold ? li : ri).push(i);
    feature[id] = bestFeature;
    threshold[id] = bestThreshold;
    left[id] = grow(li, depth + 1);
    right[id] = grow(ri, depth + 1);
    return id;
  };
  if (rows.length > 0) grow(rows, 0);
  return { feature, threshold, left, right, value, nNodeSamples, weightedNNodeSamples, impurity };
}

/**
 * The prediction of a fitted tree for one row.
 *
 * @param tree - a fitted tree.
 * @param row - feature values.
 * @returns the value of the leaf the row falls in.
 */
export function predictTree(tree: RegressionTree, row: readonly number[]): number {
  let node = 0;
  while (tree.feature[node]! >= 0) node = row[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return tree.value[node]!;
}

/**
 * Mean decrease in impurity per feature of one tree (sklearn's `feature_importances_`): the
 * weighted impurity drop of every split, per split feature, normalized to sum to 1 (all zeros for
 * a tree that never split).
 *
 * @param tree - a fitted tree.
 * @param nFeatures - number of features.
 * @returns one importance per feature.
 */
export function treeFeatureImportances(tree: RegressionTree, nFeatures: number): number[] {
  const out = new Array<number>(nFeatures).fill(0);
  for (let node = 0; node < tree.feature.length; node++) {
    const f = tree.feature[node]!;
    if (f < 0) continue;
    const l = tree.left[node]!;
    const r = tree.right[node]!;
    out[f]! += tree.weightedNNodeSamples[node]! * tree.impurity[node]! - tree.weightedNNodeSamples[l]! * tree.impurity[l]! - tree.weightedNNodeSamples[r]! * tree.impurity[r]!;
  }
  const root = tree.weightedNNodeSamples[0] ?? 1;
  let total = 0;
  for (let f = 0; f < nFeatures; f++) {
    out[f]! /= root;
    total += out[f]!;
  }
  if (total > 0) for (let f = 0; f < nFeatures; f++) out[f]! /= total;
  return out;
}

/** Options of {@link fitRegressionForest}. */
export interface ForestOptions {
  /** Deepest level a node may sit at (root is depth 0). */
  readonly maxDepth: number;
  /** Number of trees. */
  readonly trees: number;
  /** The stream bootstrap samples come from (tree `t` draws from `rng.child(t)`). */
  readonly rng: Rng;
}

/**
 * A bagged forest of regression trees: tree `t` is grown on a bootstrap sample (`n` rows drawn
 * with replacement, as integer weights) from its own child stream, visiting features in random
 * order at each node.
 *
 * @param x - feature rows.
 * @param y - targets.
 * @param options - tree count, depth limit and random stream.
 * @returns the trees.
 */
export function fitRegressionForest(x: readonly (readonly number[])[], y: readonly number[], options: ForestOptions): RegressionTree[] {
  const n = y.length;
  const trees: RegressionTree[] = [];
  for (let t = 0; t < options.trees; t++) {
    const rng = options.rng.child(t);
    const counts = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) counts[rng.integer(0, n)]!++;
    trees.push(fitRegressionTree(x, y, counts, { maxDepth: options.maxDepth, rng: rng.child('features') }));
  }
  return trees;
}

/**
 * Mean decrease in impurity of a forest (sklearn's `RandomForestRegressor.feature_importances_`):
 * the mean over trees that split at least once of their normalized importances, renormalized.
 *
 * @param trees - fitted trees.
 * @param nFeatures - number of features.
 * @returns one importance per feature (all zeros when no tree split).
 */
export function forestFeatureImportances(trees: readonly RegressionTree[], nFeatures: number): number[] {
  const out = new Array<number>(nFeatures).fill(0);
  let used = 0;
  for (const tree of trees) {
    if (tree.feature.length <= 1) continue;
    used++;
    const imp = treeFeatureImportances(tree, nFeatures);
    for (let f = 0; f < nFeatures; f++) out[f]! += imp[f]!;
  }
  if (used === 0) return out;
  let total = 0;
  for (let f = 0; f < nFeatures; f++) {
    out[f]! /= used;
    total += out[f]!;
  }
  if (total > 0) for (let f = 0; f < nFeatures; f++) out[f]! /= total;
  return out;
}
