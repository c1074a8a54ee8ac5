// Hyperparameter importances, after Optuna 3.1's get_param_importances
// (optuna/importance/__init__.py, _base.py, _fanova/_evaluator.py, _mean_decrease_impurity.py):
// a random forest is fitted to the complete trials (parameters → objective) and either fANOVA or
// the forest's mean decrease in impurity says how much of the objective each parameter explains.
import { checkOptions, formatValue, invalidArgument, is } from '../core/validate.js';
import { InvalidArgumentError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { intersectionSearchSpace, isSingle, sameDistribution, toInternal } from './distributions.js';
import type { Distribution, FrozenTrial, Study } from './types.js';
import { fitRegressionForest, forestFeatureImportances } from './_internal/forest.js';
import { fanovaImportances } from './_internal/fanova.js';

/** Options of {@link paramImportances}. */
export interface ParamImportancesOptions {
  /**
   * How importance is measured (default `'fanova'`): `'fanova'`, the fraction of the forest's
   * variance each parameter's marginal explains (Hutter et al. 2014); or
   * `'meanDecreaseImpurity'`, the forest's impurity decrease from splits on the parameter.
   */
  readonly evaluator?: 'fanova' | 'meanDecreaseImpurity';
  /**
   * The parameters to assess (default: those every complete trial has, with one distribution).
   * When given, only complete trials that have all of them are used, and their distributions must
   * agree across those trials. An empty list gives an empty result.
   */
  readonly params?: readonly string[];
  /**
   * The number to explain (default: the objective value). Required for multi-objective studies,
   * e.g. `(t) => t.values![0]!`. Trials where it is not finite are left out.
   */
  readonly target?: (trial: FrozenTrial) => number;
  /** Trees in the random forest (default 64). */
  readonly trees?: number;
  /** Maximum depth of each tree (default 64). */
  readonly maxDepth?: number;
  /** Seed of the forest's bootstrap samples (default: a fresh random seed). */
  readonly seed?: number | string;
  /**
   * Scale the importances to sum to 1 (default `true`; all equal when they are all 0). With
   * `false`, fANOVA gives each parameter's raw fraction of variance explained, averaged over
   * trees (Optuna 3.1 renormalizes fANOVA either way).
   */
  readonly normalize?: boolean;
}

const FN = 'paramImportances';

function trialsOf(studyOrTrials: unknown): { trials: readonly FrozenTrial[]; multiObjective: boolean } {
  if (Array.isArray(studyOrTrials)) {
    const trials = studyOrTrials as readonly FrozenTrial[];
    const multiObjective = trials.some((t) => t.state === 'complete' && t.values !== null && t.values.length > 1);
    return { trials, multiObjective };
  }
  const s = studyOrTrials as Partial<Study> | null;
  if (typeof s === 'object' && s !== null && Array.isArray(s.trials) && Array.isArray(s.directions)) {
    return { trials: s.trials, multiObjective: s.directions.length > 1 };
  }
  throw invalidArgument(FN, 'studyOrTrials', 'a study or an array of trials', studyOrTrials);
}

// Optuna's _get_distributions: the intersection space, or the given params' distributions over
// the complete trials that have all of them (which must agree).
function distributionsOf(completed: readonly FrozenTrial[], params: readonly string[] | undefined): Record<string, Distribution> {
  if (params === undefined) return intersectionSearchSpace(completed);
  let space: Record<string, Distribution> | undefined;
  for (const t of completed) {
    if (!params.every((p) => t.distributions[p] !== undefined)) continue;
    if (space === undefined) {
      space = {};
      for (const p of params) space[p] = t.distributions[p]!;
      continue;
    }
    for (const p of params) {
      if (!sameDistribution(space[p]!, t.distributions[p]!)) {
        throw new InvalidArgumentError(
          `${FN}: parameter '${p}' has different distributions across the complete trials (trial ${t.number}), so its importance cannot be assessed; leave option "params" out to use the parameters every trial shares with one distribution.`,
        );
      }
    }
  }
  const out: Record<string, Distribution> = {};
  for (const p of [...params].sort()) if (space !== undefined) out[p] = space[p]!;
  return out;
}

// Optuna's _SearchSpaceTransform(transform_log=False, transform_step=False): numbers stay as
// they are with their [low, high] bounds; a categorical becomes one 0/1 column per choice.
function encode(space: Record<string, Distribution>, trials: readonly FrozenTrial[]): { x: number[][]; bounds: [number, number][]; groups: number[][] } {
  const bounds: [number, number][] = [];
  const groups: number[][] = [];
  for (const d of Object.values(space)) {
    const start = bounds.length;
    if (d.type === 'categorical') for (let c = 0; c < d.choices.length; c++) bounds.push([0, 1]);
    else bounds.push([d.low, d.high]);
    groups.push(Array.from({ length: bounds.length - start }, (_, k) => start + k));
  }
  const names = Object.keys(space);
  const x = trials.map((t) => {
    const row = new Array<number>(bounds.length).fill(0);
    names.forEach((name, j) => {
      const d = space[name]!;
      const col = groups[j]![0]!;
      // Read the external value through the distribution: the internal index of a categorical is
      // only meaningful for the choices this trial was given, which may differ from `d`'s.
      const v = toInternal(d, t.params[name]!);
      if (d.type === 'categorical') row[col + v] = 1;
      else row[col] = v;
    });
    return row;
  });
  return { x, bounds, groups };
}

// Optuna's _sort_dict_by_importance: descending; ties in reverse insertion order (it reverses an
// ascending stable sort).
function sortDescending(entries: [string, number][]): Record<string, number> {
  const indexed = entries.map((e, i) => [e, i] as const);
  indexed.sort((a, b) => b[0][1] - a[0][1] || b[1] - a[1]);
  const out: Record<string, number> = {};
  for (const [[k, v]] of indexed) out[k] = v;
  return out;
}

/**
 * How much each hyperparameter matters to the objective, from the complete trials of a study:
 * fits a random forest (CART regression trees on bootstrap samples) that predicts the objective
 * from the parameters, then measures each parameter's share with fANOVA (default) or the mean
 * decrease in impurity. Categorical parameters are one-hot encoded and their columns assessed
 * together. Parameters with a single possible value get importance 0 (fANOVA; as Optuna).
 *
 * Plain float64 arithmetic, no tensors. Cost grows with trials × trees × depth; a few hundred
 * trials take well under a second.
 *
 * @param studyOrTrials - a study, or its trials (e.g. `study.trials` or trials from a storage).
 * @param options - see {@link ParamImportancesOptions}.
 * @returns parameter name → importance, in descending order of importance (summing to 1 unless
 *   `normalize` is `false`). Parameter names that look like array indices (`'0'`) are listed first
 *   by JavaScript objects whatever their importance: use `Object.entries(...).sort(...)` if you
 *   name parameters that way.
 * @throws InvalidArgumentError for bad options, a study without complete trials or with only one,
 *   a multi-objective study without `target`, `params` no complete trial has all of, `params`
 *   whose distributions differ across trials, fewer than 2 trials with a finite target, or (fANOVA)
 *   a forest that explains no variance at all (e.g. every target equal).
 * @see Hutter, Hoos & Leyton-Brown 2014, "An efficient approach for assessing hyperparameter
 *   importance", ICML (fANOVA); Optuna 3.1 `optuna.importance.get_param_importances` with
 *   `FanovaImportanceEvaluator` / `MeanDecreaseImpurityImportanceEvaluator` (same forest
 *   settings: 64 trees, depth 64, min 2 samples to split, 1 per leaf, bootstrap).
 * @example
 * ```ts
 * const study = await createStudy({ seed: 1 });
 * await study.optimize((t) => t.float('x', -10, 10) ** 2 + 0.1 * t.float('y', -10, 10), { trials: 50 });
 * paramImportances(study, { seed: 0 }); // { x: 0.97…, y: 0.02… }
 * ```
 */
export function paramImportances(studyOrTrials: Study | readonly FrozenTrial[], options: ParamImportancesOptions = {}): Record<string, number> {
  checkOptions(FN, options, {
    evaluator: is.oneOf(['fanova', 'meanDecreaseImpurity']),
    params: is.arrayOf(is.string()),
    target: is.func(),
    trees: is.integer({ min: 1 }),
    maxDepth: is.integer({ min: 1 }),
    seed: is.anyOf(is.integer(), is.string()),
    normalize: is.boolean(),
  });
  const evaluator = options.evaluator ?? 'fanova';
  const trees = options.trees ?? 64;
  const maxDepth = options.maxDepth ?? 64;
  const normalize = options.normalize ?? true;
  const { target, params } = options;
  const { trials, multiObjective } = trialsOf(studyOrTrials);

  if (target === undefined && multiObjective) {
    throw new InvalidArgumentError(`${FN}: the study has several objectives, so option "target" is required, e.g. { target: (t) => t.values[0] } for the first one.`);
  }
  const completed = trials.filter((t) => t.state === 'complete');
  if (completed.length === 0) throw new InvalidArgumentError(`${FN}: the study has no complete trials, so there is nothing to assess.`);
  if (completed.length === 1) throw new InvalidArgumentError(`${FN}: the study has a single complete trial; importances need at least 2.`);
  if (params !== undefined && params.length > 0 && !completed.some((t) => params.every((p) => t.distributions[p] !== undefined))) {
    throw new InvalidArgumentError(`${FN}: no complete trial has all of the parameters ${formatValue(params)} given in option "params".`);
  }

  const space = distributionsOf(completed, params);
  const names = Object.keys(space);
  const assessed = evaluator === 'fanova' ? names.filter((n) => !isSingle(space[n]!)) : names;
  // Optuna's fANOVA returns nothing at all when every parameter is single-valued.
  if (assessed.length === 0) return {};

  const valueOf = (t: FrozenTrial): number => {
    if (target === undefined) return t.values?.[0] ?? NaN;
    const v = target(t);
    if (typeof v !== 'number') throw badTarget(v, t.number);
    return v;
  };
  const used: FrozenTrial[] = [];
  const y: number[] = [];
  for (const t of completed) {
    if (!names.every((n) => n in t.params)) continue;
    const v = valueOf(t);
    if (!Number.isFinite(v)) continue;
    used.push(t);
    y.push(v);
  }
  if (used.length < 2) {
    throw new InvalidArgumentError(`${FN}: only ${used.length} complete trial${used.length === 1 ? ' has' : 's have'} all the assessed parameters and a finite target; importances need at least 2.`);
  }

  const assessedSpace: Record<string, Distribution> = {};
  for (const n of assessed) assessedSpace[n] = space[n]!;
  const { x, bounds, groups } = encode(assessedSpace, used);
  const forest = fitRegressionForest(x, y, { trees, maxDepth, rng: createRng(options.seed).child('forest') });

  let scores: number[];
  if (evaluator === 'fanova') {
    const fractions = fanovaImportances(forest, bounds, groups);
    if (fractions === null) {
      throw new InvalidArgumentError(`${FN}: the random forest explains no variance (every tree predicts a constant, e.g. all ${used.length} targets are equal), so fANOVA cannot rank the parameters; try evaluator 'meanDecreaseImpurity' or more trials.`);
    }
    scores = fractions;
  } else {
    const perColumn = forestFeatureImportances(forest, bounds.length);
    scores = groups.map((g) => g.reduce((s, c) => s + perColumn[c]!, 0));
  }
  const entries: [string, number][] = assessed.map((n, i) => [n, scores[i]!]);
  if (evaluator === 'fanova') for (const n of names) if (!assessed.includes(n)) entries.push([n, 0]);
  return finish(entries, normalize);
}

function badTarget(got: unknown, trialNumber: number): InvalidArgumentError {
  return new InvalidArgumentError(`${FN}: option "target" must return a number; got ${formatValue(got)} for trial ${trialNumber}.`);
}

function finish(entries: [string, number][], normalize: boolean): Record<string, number> {
  if (!normalize || entries.length === 0) return sortDescending(entries);
  const total = entries.reduce((s, [, v]) => s + v, 0);
  return sortDescending(entries.map(([k, v]) => [k, total === 0 ? 1 / entries.length : v / total]));
}
