// Functional ANOVA over the leaves of a regression tree (Hutter, Hoos & Leyton-Brown 2014, "An
// efficient approach for assessing hyperparameter importance", ICML): a tree is a piecewise
// constant function on the box `bounds`, so its variance over the box (uniform measure) and the
// variance of its marginal in a subset of features have closed forms as weighted sums over
// leaves. This is the same quantity Optuna 3.1 computes in optuna/importance/_fanova/_tree.py
// (marginals evaluated at the midpoints of the cells the tree's thresholds cut each feature into,
// weighted by cell size), written independently over our flat tree layout.
import type { RegressionTree } from './forest.js';

/** A tree prepared for marginal-variance queries. */
export interface FanovaTree {
  /** Variance of the tree's prediction over the whole box. */
  readonly variance: number;
  /** Variance of the marginal prediction in `features` (the other features averaged out). */
  marginalVariance(features: readonly number[]): number;
}

/** The tree structure fANOVA needs (a subset of {@link RegressionTree}). */
export type FanovaTreeStructure = Pick<RegressionTree, 'feature' | 'threshold' | 'left' | 'right' | 'value'>;

function weightedVariance(values: readonly number[], weights: readonly number[]): number {
  let sw = 0;
  let swv = 0;
  for (let i = 0; i < values.length; i++) {
    sw += weights[i]!;
    swv += weights[i]! * values[i]!;
  }
  const mean = swv / sw;
  let acc = 0;
  for (let i = 0; i < values.length; i++) acc += weights[i]! * (values[i]! - mean) ** 2;
  return acc / sw;
}

/**
 * Prepare a tree for fANOVA.
 *
 * @param tree - the tree (sklearn layout; children after their parent is not assumed).
 * @param bounds - `[low, high]` per feature: the box the tree's function is integrated over.
 * @returns the tree's total variance and a marginal-variance query.
 */
export function fanovaTree(tree: FanovaTreeStructure, bounds: readonly (readonly [number, number])[]): FanovaTree {
  const nNodes = tree.feature.length;
  const nFeatures = bounds.length;
  // Per node: mean prediction over its cell (volume-weighted over leaves below) and cell volume.
  const statValue = new Float64Array(nNodes);
  const statWeight = new Float64Array(nNodes);
  const lo = bounds.map((b) => b[0]);
  const hi = bounds.map((b) => b[1]);
  const leafValues: number[] = [];
  const leafWeights: number[] = [];
  const fill = (node: number): void => {
    const f = tree.feature[node]!;
    if (f < 0) {
      let vol = 1;
      for (let k = 0; k < nFeatures; k++) vol *= hi[k]! - lo[k]!;
      statValue[node] = tree.value[node]!;
      statWeight[node] = vol;
      leafValues.push(statValue[node]!);
      leafWeights.push(vol);
      return;
    }
    const t = tree.threshold[node]!;
    const l = tree.left[node]!;
    const r = tree.right[node]!;
    const saveHi = hi[f]!;
    hi[f] = t;
    fill(l);
    hi[f] = saveHi;
    const saveLo = lo[f]!;
    lo[f] = t;
    fill(r);
    lo[f] = saveLo;
    const wl = statWeight[l]!;
    const wr = statWeight[r]!;
    statWeight[node] = wl + wr;
    statValue[node] = (statValue[l]! * wl + statValue[r]! * wr) / (wl + wr);
  };
  if (nNodes > 0) fill(0);
  const variance = nNodes > 0 ? weightedVariance(leafValues, leafWeights) : 0;

  // The cells each feature is cut into: sorted distinct thresholds, with the bounds at the ends.
  const cuts: number[][] = Array.from({ length: nFeatures }, () => []);
  for (let node = 0; node < nNodes; node++) {
    const f = tree.feature[node]!;
    if (f >= 0) cuts[f]!.push(tree.threshold[node]!);
  }
  const midpoints: number[][] = [];
  const sizes: number[][] = [];
  for (let f = 0; f < nFeatures; f++) {
    const edges = [bounds[f]![0], ...[...new Set(cuts[f]!)].sort((a, b) => a - b), bounds[f]![1]];
    const m: number[] = [];
    const s: number[] = [];
    for (let k = 1; k < edges.length; k++) {
      m.push(0.5 * (edges[k]! + edges[k - 1]!));
      s.push(edges[k]! - edges[k - 1]!);
    }
    midpoints.push(m);
    sizes.push(s);
  }

  const marginalVariance = (features: readonly number[]): number => {
    const active = new Int32Array(nFeatures).fill(-1);
    features.forEach((f, k) => (active[f] = k));
    // Whether the subtree below each node splits on an active feature (else it is averaged whole).
    const splitsActive = new Uint8Array(nNodes);
    const mark = (node: number): boolean => {
      const f = tree.feature[node]!;
      if (f < 0) return false;
      const a = mark(tree.left[node]!);
      const b = mark(tree.right[node]!);
      const out = active[f]! >= 0 || a || b;
      splitsActive[node] = out ? 1 : 0;
      return out;
    };
    if (nNodes > 0) mark(0);

    const point = new Float64Array(features.length);
    const cellLo = new Float64Array(features.length);
    const cellHi = new Float64Array(features.length);
    const values: number[] = [];
    const weights: number[] = [];
    let sumW = 0;
    let sumVW = 0;
    // The marginal at `point`: average over the inactive features of the tree's prediction,
    // i.e. the leaves (or inactive-only subtrees) compatible with `point`, each weighted by its
    // volume divided by the volume of its cell along the active features.
    const visit = (node: number): void => {
      const f = tree.feature[node]!;
      if (f >= 0) {
        const k = active[f]!;
        if (k >= 0) {
          const t = tree.threshold[node]!;
          if (point[k]! <= t) {
            const save = cellHi[k]!;
            cellHi[k] = t;
            visit(tree.left[node]!);
            cellHi[k] = save;
          } else {
            const save = cellLo[k]!;
            cellLo[k] = t;
            visit(tree.right[node]!);
            cellLo[k] = save;
          }
          return;
        }
        if (splitsActive[node] === 1) {
          visit(tree.left[node]!);
          visit(tree.right[node]!);
          return;
        }
      }
      let card = 1;
      for (let k = 0; k < features.length; k++) card *= cellHi[k]! - cellLo[k]!;
      const w = statWeight[node]! / card;
      sumW += w;
      sumVW += w * statValue[node]!;
    };

    // Every combination of one cell per active feature (an odometer over the cells).
    const digits = new Int32Array(features.length);
    for (;;) {
      let size = 1;
      for (let k = 0; k < features.length; k++) {
        const f = features[k]!;
        point[k] = midpoints[f]![digits[k]!]!;
        size *= sizes[f]![digits[k]!]!;
        cellLo[k] = bounds[f]![0];
        cellHi[k] = bounds[f]![1];
      }
      sumW = 0;
      sumVW = 0;
      if (nNodes > 0) visit(0);
      values.push(sumVW / sumW);
      weights.push(sumW * size);
      let k = 0;
      while (k < features.length) {
        digits[k]!++;
        if (digits[k]! < midpoints[features[k]!]!.length) break;
        digits[k] = 0;
        k++;
      }
      if (k === features.length) break;
    }
    return weightedVariance(values, weights);
  };

  return { variance, marginalVariance };
}

/**
 * fANOVA importance of parameter groups over a forest (Optuna's `_Fanova.get_importance`): for
 * each group of encoded columns, the mean over trees with non-zero variance of the fraction of the
 * tree's variance that the group's marginal explains.
 *
 * @param trees - fitted trees.
 * @param bounds - `[low, high]` per encoded column.
 * @param groups - the encoded columns of each parameter (one for numbers, one per choice for categoricals).
 * @returns one fraction per group, or `null` when every tree has zero variance (nothing to explain).
 */
export function fanovaImportances(trees: readonly FanovaTreeStructure[], bounds: readonly (readonly [number, number])[], groups: readonly (readonly number[])[]): number[] | null {
  const prepared = trees.map((t) => fanovaTree(t, bounds));
  if (prepared.every((t) => t.variance === 0)) return null;
  return groups.map((g) => {
    let sum = 0;
    let count = 0;
    for (const t of prepared) {
      if (!(t.variance > 0)) continue;
      sum += Math.max(0, t.marginalVariance(g)) / t.variance;
      count++;
    }
    return sum / count;
  });
}
