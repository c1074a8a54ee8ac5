// Multi-objective TPE's split and weights (Optuna 3.1: optuna/samplers/_tpe/sampler.py,
// `_split_observation_pairs` and `_calculate_weights_below_for_multi_objective`, with
// optuna/_hypervolume/hssp.py): the "below" group is filled front by front in non-domination
// order; the front that does not fit whole is cut by greedy hypervolume subset selection; below
// points are weighted by their hypervolume contribution. All objectives are minimized here (the
// caller flips maximized ones).

const EPS = 1e-12;

/** Exact hypervolume dominated by `points` (minimization) up to `ref`; points are assumed ≤ ref. */
export function hypervolume(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const m = ref.length;
  const pts = points.filter((p) => p.every((v, i) => v < ref[i]!));
  if (pts.length === 0) return 0;
  if (m === 1) return ref[0]! - Math.min(...pts.map((p) => p[0]!));
  if (m === 2) {
    // Sweep in x: each point adds the strip between its y and the lowest y seen so far.
    const sorted = [...pts].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    let area = 0;
    let yTop = ref[1]!;
    for (const p of sorted) {
      if (p[1]! < yTop) {
        area += (ref[0]! - p[0]!) * (yTop - p[1]!);
        yTop = p[1]!;
      }
    }
    return area;
  }
  // Slice along the last objective: between consecutive levels, the dominated region is the
  // (m−1)-dimensional hypervolume of the points at or below the slice.
  const sorted = [...pts].sort((a, b) => a[m - 1]! - b[m - 1]!);
  const subRef = ref.slice(0, m - 1);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const top = i + 1 < sorted.length ? sorted[i + 1]![m - 1]! : ref[m - 1]!;
    const height = top - sorted[i]![m - 1]!;
    if (height <= 0) continue;
    volume += height * hypervolume(sorted.slice(0, i + 1).map((p) => p.slice(0, m - 1)), subRef);
  }
  return volume;
}

/** Non-domination rank of each point (0 = Pareto front); equal points share a rank. */
export function nondominationRanks(points: readonly (readonly number[])[]): Int32Array {
  const n = points.length;
  const ranks = new Int32Array(n).fill(-1);
  const dominates = (a: readonly number[], b: readonly number[]): boolean => {
    let strictly = false;
    for (let i = 0; i < a.length; i++) {
      if (a[i]! > b[i]!) return false;
      if (a[i]! < b[i]!) strictly = true;
    }
    return strictly;
  };
  let left = n;
  for (let rank = 0; left > 0; rank++) {
    const front: number[] = [];
    for (let i = 0; i < n; i++) {
      if (ranks[i] !== -1) continue;
      let dominated = false;
      for (let j = 0; j < n && !dominated; j++) if (ranks[j] === -1 && j !== i && dominates(points[j]!, points[i]!)) dominated = true;
      if (!dominated) front.push(i);
    }
    for (const i of front) ranks[i] = rank;
    left -= front.length;
  }
  return ranks;
}

function referencePoint(points: readonly (readonly number[])[]): number[] {
  const m = points[0]!.length;
  const ref: number[] = [];
  for (let j = 0; j < m; j++) {
    let worst = -Infinity;
    for (const p of points) worst = Math.max(worst, p[j]!);
    const r = Math.max(1.1 * worst, 0.9 * worst);
    ref.push(r === 0 ? EPS : r);
  }
  return ref;
}

/**
 * Greedy hypervolume subset selection (a 1 − 1/e approximation; Guerreiro et al., "Greedy
 * Hypervolume Subset Selection in Low Dimensions", 2016), with Optuna's update rule: returns the
 * positions (into `points`) of `k` points in selection order.
 */
export function greedyHssp(points: readonly (readonly number[])[], k: number, ref: readonly number[]): number[] {
  const contributions = points.map((p) => hypervolume([p], ref));
  const chosen: number[] = [];
  const chosenVecs: (readonly number[])[] = [];
  let hvChosen = 0;
  while (chosen.length < k) {
    let best = 0;
    for (let i = 1; i < contributions.length; i++) if (contributions[i]! > contributions[best]!) best = i;
    contributions[best] = -1;
    const v = points[best]!;
    for (let j = 0; j < points.length; j++) {
      if (contributions[j] === -1) continue;
      const joint = v.map((x, i) => Math.max(x, points[j]![i]!));
      contributions[j]! -= hypervolume([...chosenVecs, joint], ref) - hvChosen;
    }
    chosen.push(best);
    chosenVecs.push(v);
    hvChosen = hypervolume(chosenVecs, ref);
  }
  return chosen;
}

/**
 * The indices (into `losses`) of the `nBelow` best points: whole non-domination fronts in index
 * order, then a hypervolume subset of the first front that does not fit.
 */
export function splitMultiObjective(losses: readonly (readonly number[])[], nBelow: number): { below: number[]; above: number[] } {
  const ranks = nondominationRanks(losses);
  const below: number[] = [];
  let rank = 0;
  for (;;) {
    const front: number[] = [];
    for (let i = 0; i < losses.length; i++) if (ranks[i] === rank) front.push(i);
    if (below.length >= nBelow || front.length === 0) break;
    if (below.length + front.length <= nBelow) {
      below.push(...front);
      rank++;
      continue;
    }
    const frontLosses = front.map((i) => losses[i]!);
    for (const pos of greedyHssp(frontLosses, nBelow - below.length, referencePoint(frontLosses))) below.push(front[pos]!);
    break;
  }
  const inBelow = new Set(below);
  const above: number[] = [];
  for (let i = 0; i < losses.length; i++) if (!inBelow.has(i)) above.push(i);
  return { below, above };
}

/**
 * Weights of the below points: each one's exclusive hypervolume contribution (+EPS), divided by
 * the largest, so that points that extend the front most weigh most.
 */
export function hypervolumeWeights(losses: readonly (readonly number[])[]): Float64Array {
  const n = losses.length;
  if (n === 0) return new Float64Array(0);
  if (n === 1) return new Float64Array([1]);
  const ref = referencePoint(losses);
  const total = hypervolume(losses, ref);
  const w = new Float64Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    w[i] = total - hypervolume(losses.filter((_, j) => j !== i), ref) + EPS;
    max = Math.max(max, w[i]!);
  }
  for (let i = 0; i < n; i++) w[i] = Math.min(Math.max(w[i]! / max, 0), 1);
  return w;
}
