// The steps of one TPE suggestion, apart from the sampler's plumbing so that tests can compare
// each against Optuna 3.1 (optuna/samplers/_tpe/sampler.py, `_sample_relative` and
// `sample_independent`): rank the history, pick each group's observations of the parameters,
// fit l(x) and g(x).
import { InvalidArgumentError } from '../../../core/errors.js';
import { compatibleDistributions } from '../../distributions.js';
import type { Distribution, FrozenTrial, SearchSpace, StudyView } from '../../types.js';
import { parzenEstimator, type ParzenEstimator, type ParzenParameters } from './parzen.js';
import { hypervolumeWeights } from './tpe-multiobjective.js';
import { finishedCount, splitObservations, tpeObservations, type TpeObservation } from './tpe-split.js';

/** A ranked history: observations and their split (empty during startup). */
export interface TpeSplit {
  readonly observations: readonly TpeObservation[];
  /** Finished observations (complete and pruned): the startup count and γ's argument. */
  readonly n: number;
  /** Positions into `observations` of the good group (trial order; selection order for several objectives). */
  readonly below: readonly number[];
  /** Positions of the rest, in trial order. */
  readonly above: readonly number[];
  /** Multi-objective weights of `below`, in its order; `null` for one objective. */
  readonly belowWeights: Float64Array | null;
}

/**
 * Rank the study's history and split it with γ; during startup (`n < startupTrials`) the split is
 * left empty.
 *
 * @param study - the view the sampler got.
 * @param options - `constantLiar`, `gamma`, `startupTrials`.
 * @returns the split.
 * @throws InvalidArgumentError when `gamma` returns something other than a non-negative integer.
 */
export function tpeSplit(
  study: StudyView,
  options: { readonly constantLiar: boolean; readonly gamma: (n: number) => number; readonly startupTrials: number },
): TpeSplit {
  const observations = tpeObservations(study.trials, study.directions, options.constantLiar);
  const n = finishedCount(observations);
  if (n < options.startupTrials) return { observations, n, below: [], above: [], belowWeights: null };
  const nBelow = options.gamma(n);
  if (!Number.isSafeInteger(nBelow) || nBelow < 0) {
    throw new InvalidArgumentError(`tpeSampler: option "gamma" must return a non-negative integer; got ${String(nBelow)} for n = ${n}.`);
  }
  const { below, above } = splitObservations(observations, nBelow);
  const belowWeights = study.directions.length > 1 ? hypervolumeWeights(below.map((i) => observations[i]!.losses)) : null;
  return { observations, n, below, above, belowWeights };
}

/**
 * Whether `b` is the history `a` was, for ranking purposes: the same trial objects in the same
 * positions, except running trials, whose snapshots change as they gain parameters but which rank
 * the same while they run. (The study hands samplers a fresh array for every suggestion; this
 * lets the ten parameters of one trial share one ranking.)
 */
export function sameHistory(a: readonly FrozenTrial[], b: readonly FrozenTrial[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && !(x.id === y.id && x.state === 'running' && y.state === 'running')) return false;
  }
  return true;
}

/** The internal value of `name` in a trial, or NaN when it has none usable for `distribution`. */
function valueOf(trial: FrozenTrial, name: string, distribution: Distribution): number {
  const d = trial.distributions[name];
  const v = trial.internalParams[name];
  if (d === undefined || v === undefined || !compatibleDistributions(d, distribution)) return NaN;
  return v;
}

function gather(
  split: TpeSplit,
  trials: readonly FrozenTrial[] | undefined,
  positions: readonly number[],
  weights: Float64Array | null,
  space: readonly (readonly [string, Distribution])[],
): { observations: Float64Array[]; weights: Float64Array | undefined } {
  const m = positions.length;
  const columns = space.map(() => new Float64Array(m));
  const kept = weights === null ? undefined : new Float64Array(m);
  let count = 0;
  for (let i = 0; i < m; i++) {
    const o = split.observations[positions[i]!]!;
    const trial = trials?.[o.index] ?? o.trial;
    // A trial lacking any of the parameters (a conditional branch it did not take, a running
    // trial not yet that far) is left out of this mixture.
    let ok = true;
    for (let j = 0; j < space.length && ok; j++) {
      const v = valueOf(trial, space[j]![0], space[j]![1]);
      if (Number.isNaN(v)) ok = false;
      else columns[j]![count] = v;
    }
    if (!ok) continue;
    if (kept !== undefined) kept[count] = weights![i]!;
    count++;
  }
  return { observations: columns.map((c) => c.subarray(0, count)), weights: kept?.subarray(0, count) };
}

/**
 * Fit l(x) to the good group and g(x) to the rest, over `space` (one parameter, or several jointly).
 *
 * @param split - from {@link tpeSplit} (not in startup).
 * @param space - `[name, distribution]` pairs.
 * @param parameters - the Parzen options.
 * @param trials - the current snapshot of the trials the split was made from (same trials, in the
 *   same positions; running ones may have gained parameters since); default: the split's own.
 * @returns both mixtures.
 */
export function tpeMixtures(
  split: TpeSplit,
  space: readonly (readonly [string, Distribution])[],
  parameters: ParzenParameters,
  trials?: readonly FrozenTrial[],
): { l: ParzenEstimator; g: ParzenEstimator } {
  const below = gather(split, trials, split.below, split.belowWeights, space);
  const above = gather(split, trials, split.above, null, space);
  return {
    l: parzenEstimator(below.observations, space, parameters, below.weights),
    g: parzenEstimator(above.observations, space, parameters),
  };
}

/**
 * The candidate with the largest log l − log g (the first on ties; NaN never wins).
 *
 * @param logL - log l(x) of each candidate.
 * @param logG - log g(x) of each candidate.
 * @returns the winner's position.
 */
export function bestCandidate(logL: ArrayLike<number>, logG: ArrayLike<number>): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < logL.length; i++) {
    const s = logL[i]! - logG[i]!;
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  return best;
}

/**
 * Optuna's group-decomposed search space: starting from no groups, each complete or pruned
 * trial's parameter set splits every group into the part it shares with the trial and the rest,
 * and its new parameters form a group of their own. A group keeps the first distribution seen.
 */
export function groupDecomposedSpaces(trials: readonly FrozenTrial[]): SearchSpace[] {
  let groups: Record<string, Distribution>[] = [];
  for (const t of trials) {
    if (t.state !== 'complete' && t.state !== 'pruned') continue;
    let fresh = new Set(Object.keys(t.distributions));
    const next: Record<string, Distribution>[] = [];
    for (const g of groups) {
      const shared: Record<string, Distribution> = {};
      const rest: Record<string, Distribution> = {};
      for (const [k, d] of Object.entries(g)) (fresh.has(k) ? shared : rest)[k] = d;
      next.push(shared, rest);
      fresh = new Set([...fresh].filter((k) => !(k in g)));
    }
    const own: Record<string, Distribution> = {};
    for (const k of fresh) own[k] = t.distributions[k]!;
    next.push(own);
    groups = next.filter((g) => Object.keys(g).length > 0);
  }
  return groups;
}
