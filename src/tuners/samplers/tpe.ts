// Tree-structured Parzen Estimator sampling (Bergstra et al., NeurIPS 2011), with the defaults and
// semantics of Optuna 3.1's TPESampler (optuna/samplers/_tpe/sampler.py): split the history into
// the γ(n) best trials and the rest, fit a Parzen mixture to each, draw candidates from the good
// mixture l(x) and keep the one that maximizes log l(x) − log g(x).
import { checkOptions, invalidOption, is } from '../../core/validate.js';
import { intersectionSearchSpace, isSingle } from '../distributions.js';
import type { Distribution, FrozenTrial, JsonValue, Sampler, SamplerContext, SearchSpace, StudyView } from '../types.js';
import type { ParzenParameters } from './_internal/parzen.js';
import { bestCandidate, groupDecomposedSpaces, sameHistory, tpeMixtures, tpeSplit, type TpeSplit } from './_internal/tpe-core.js';
import { sampleUniform } from './_internal/uniform.js';

/** Options of {@link tpeSampler}; defaults are Optuna 3.1's. */
export interface TpeSamplerOptions {
  /** Seed of the sampler's stream (default: the study's seed). */
  readonly seed?: number | string;
  /** Sample at random until this many trials have finished (complete or pruned; default 10). */
  readonly startupTrials?: number;
  /** Candidates drawn from l(x) per suggestion (default 24). */
  readonly eiCandidates?: number;
  /** How many of `n` finished trials form the "good" group (default `defaultGamma`: min(⌈0.1 n⌉, 25)). */
  readonly gamma?: (n: number) => number;
  /** Weights of `n` observations, oldest first (default `defaultWeights`: flat, with a ramp for the oldest past 25). */
  readonly weights?: (n: number) => ArrayLike<number>;
  /** Add a prior component to each mixture (default `true`). */
  readonly prior?: boolean;
  /** Weight of the prior component (default 1). */
  readonly priorWeight?: number;
  /** Floor the kernel widths at range / min(100, components + 1) (default `true`). */
  readonly magicClip?: boolean;
  /** Let the outermost kernels reach to the range ends (default `false`). */
  readonly endpoints?: boolean;
  /**
   * Sample the parameters every finished trial has jointly, with one mixture over all of them
   * (Falkner et al. 2018, BOHB), instead of one mixture per parameter (default `false`).
   */
  readonly multivariate?: boolean;
  /**
   * With `multivariate`: split the space into groups of parameters that always appear together
   * (conditional search spaces) and sample each group jointly (default `false`).
   */
  readonly group?: boolean;
  /**
   * Count running trials as observations worse than every finished one, so parallel workers
   * spread out instead of proposing the same point (default `false`; single objective only).
   */
  readonly constantLiar?: boolean;
}

/**
 * Optuna's default γ: the number of "good" trials among `n`, min(⌈0.1 n⌉, 25).
 *
 * @param n - the number of finished trials.
 * @returns how many of them form the good group.
 * @example
 * ```ts
 * defaultGamma(42); // 5
 * ```
 */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * Optuna's default observation weights: 1 for each of `n < 25` observations; past that the oldest
 * `n − 25` weigh linearly from 1/n up to 1 and the newest 25 weigh 1.
 *
 * @param n - the number of observations.
 * @returns `n` weights, oldest first.
 * @example
 * ```ts
 * defaultWeights(3); // [1, 1, 1]
 * ```
 */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n >= 25) {
    const m = n - 25;
    // numpy.linspace(1/n, 1, m): m evenly spaced values including both ends.
    for (let i = 0; i < m; i++) w[i] = m === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (m - 1);
  }
  return w;
}

/**
 * A sampler by the Tree-structured Parzen Estimator: after `startupTrials` random trials, each
 * parameter (or, with `multivariate`, the shared parameters jointly) is drawn from `eiCandidates`
 * candidates of the good trials' mixture l(x), keeping the candidate with the highest
 * log l(x) − log g(x) (g: the other trials' mixture), which maximizes expected improvement.
 *
 * Pruned trials count, ranked by how far they got and their last intermediate value; failed trials
 * do not. Several objectives: the good group is filled by non-domination rank and the cut front by
 * greedy hypervolume subset selection, and good trials are weighted by hypervolume contribution,
 * as Optuna 3.1 does (pruned and running trials are ignored then).
 *
 * @param options - see {@link TpeSamplerOptions}.
 * @returns a frozen sampler.
 * @throws InvalidArgumentError for an unknown or invalid option, or `group` without `multivariate`.
 *   While sampling: when `gamma` returns something other than a non-negative integer, or `weights`
 *   returns negative, non-finite or all-zero weights.
 * @see Bergstra, Bardenet, Bengio & Kégl, "Algorithms for Hyper-Parameter Optimization", NeurIPS
 *   2011; Falkner, Klein & Hutter, "BOHB", ICML 2018; Optuna 3.1 optuna/samplers/_tpe/sampler.py
 *   and parzen_estimator.py.
 * @example
 * ```ts
 * const study = await createStudy({ sampler: tpeSampler({ seed: 1, multivariate: true }) });
 * await study.optimize((t) => (t.float('x', -5, 5) - 1) ** 2 + t.float('y', 0, 1), { trials: 60 });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function tpeSampler(options: TpeSamplerOptions = {}): Sampler {
  const fn = 'tpeSampler';
  checkOptions(fn, options, {
    seed: is.anyOf(is.integer(), is.string()),
    startupTrials: is.integer({ min: 0 }),
    eiCandidates: is.integer({ min: 1 }),
    gamma: is.func(),
    weights: is.func(),
    prior: is.boolean(),
    priorWeight: is.number({ min: 0, minExclusive: true }),
    magicClip: is.boolean(),
    endpoints: is.boolean(),
    multivariate: is.boolean(),
    group: is.boolean(),
    constantLiar: is.boolean(),
  });
  const seed = options.seed ?? null;
  const startupTrials = options.startupTrials ?? 10;
  const eiCandidates = options.eiCandidates ?? 24;
  const gamma = options.gamma ?? defaultGamma;
  const multivariate = options.multivariate ?? false;
  const group = options.group ?? false;
  const constantLiar = options.constantLiar ?? false;
  if (group && !multivariate) throw invalidOption(fn, 'group', 'false unless "multivariate" is true', true);
  const parzen: ParzenParameters = Object.freeze({
    prior: options.prior ?? true,
    priorWeight: options.priorWeight ?? 1,
    magicClip: options.magicClip ?? true,
    endpoints: options.endpoints ?? false,
    weights: options.weights ?? defaultWeights,
    multivariate,
  });
  const reportOptions: Record<string, JsonValue> = {
    startupTrials,
    eiCandidates,
    gamma: options.gamma === undefined ? 'default' : 'custom',
    weights: options.weights === undefined ? 'default' : 'custom',
    prior: parzen.prior,
    priorWeight: parzen.priorWeight,
    magicClip: parzen.magicClip,
    endpoints: parzen.endpoints,
    multivariate,
    group,
    constantLiar,
  };
  if (seed !== null) reportOptions.seed = seed;

  // The ranking of the history does not depend on the parameter: the suggestions of one trial
  // share it (the last one is kept; a new trial's history differs).
  let last: { trials: readonly FrozenTrial[]; directions: StudyView['directions']; split: TpeSplit } | undefined;
  const splitOptions = { constantLiar, gamma, startupTrials };
  function splitFor(study: StudyView): TpeSplit {
    if (last === undefined || last.directions !== study.directions || !sameHistory(last.trials, study.trials)) {
      last = { trials: study.trials, directions: study.directions, split: tpeSplit(study, splitOptions) };
    }
    return last.split;
  }

  /** TPE over `space` (one parameter, or several jointly); `null` during startup. */
  function sampleSpace(context: SamplerContext, space: readonly (readonly [string, Distribution])[], rngKey: string): number[] | null {
    const split = splitFor(context.study);
    if (split.n < startupTrials) return null;
    const { l, g } = tpeMixtures(split, space, parzen, context.study.trials);
    const candidates = l.sample(context.rng.child(rngKey), eiCandidates);
    const best = bestCandidate(l.logPdf(candidates), g.logPdf(candidates));
    return candidates.map((c) => c[best]!);
  }

  const sampler: Sampler = {
    name: 'tpe',
    options: Object.freeze(reportOptions),
    seed,
    inferRelativeSearchSpace(context) {
      if (!multivariate) return {};
      const space: Record<string, Distribution> = {};
      if (group) {
        for (const sub of groupDecomposedSpaces(context.study.trials)) {
          for (const name of Object.keys(sub).sort()) if (!isSingle(sub[name]!)) space[name] = sub[name]!;
        }
        return space;
      }
      const inter = intersectionSearchSpace(context.study.trials, { includePruned: true });
      for (const [name, d] of Object.entries(inter)) if (!isSingle(d)) space[name] = d;
      return space;
    },
    sampleRelative(context, _trial, space) {
      const out: Record<string, number> = {};
      const subspaces: SearchSpace[] = group ? groupDecomposedSpaces(context.study.trials) : [space];
      subspaces.forEach((sub, gi) => {
        const names = (group ? Object.keys(sub).sort() : Object.keys(sub)).filter((k) => space[k] !== undefined && !isSingle(space[k]!));
        if (names.length === 0) return;
        const entries = names.map((k) => [k, space[k]!] as const);
        const values = sampleSpace(context, entries, group ? `tpe:relative:${gi}` : 'tpe:relative');
        if (values !== null) names.forEach((k, i) => (out[k] = values[i]!));
      });
      return out;
    },
    sampleIndependent(context, _trial, name, distribution) {
      if (isSingle(distribution)) return distribution.type === 'categorical' ? 0 : distribution.low;
      const values = sampleSpace(context, [[name, distribution]], `tpe:param:${name}`);
      return values !== null ? values[0]! : sampleUniform(context.rng.child(`tpe:param:${name}`), distribution);
    },
  };
  return Object.freeze(sampler);
}
