// Quasi-Monte Carlo sampling, after Optuna 3.1's QMCSampler (optuna/samplers/_qmc.py): the
// numeric parameters of the study's first finished trial form a fixed search space, and the k-th
// trial sampled in it takes the k-th point of a Sobol' or Halton sequence, mapped to each
// distribution the way optuna/_transform.py maps the unit cube (log scale, half-step padding,
// rounding to the grid).
import { createRng } from '../../core/rng.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { checkOptions, is } from '../../core/validate.js';
import type { Distribution, FloatDistribution, FrozenTrial, IntDistribution, JsonValue, Sampler, SearchSpace } from '../types.js';
import { haltonPoints } from './_internal/halton.js';
import type { PointSet } from './_internal/halton.js';
import { SOBOL_MAX_DIMENSION, sobolPoints } from './_internal/sobol.js';
import { nextDown, sampleUniform } from './_internal/uniform.js';

/** Options of {@link qmcSampler}. */
export interface QmcSamplerOptions {
  /** The low-discrepancy sequence: `'sobol'` (default) or `'halton'`. */
  readonly type?: 'sobol' | 'halton';
  /**
   * Randomize the sequence (default `true`): Sobol' by a linear matrix scramble plus a digital
   * shift, Halton by random digit permutations. The randomization is fixed by the seed, so every
   * worker of a study that shares the seed walks the same sequence. Optuna's default is `false`.
   */
  readonly scramble?: boolean;
  /**
   * Seed of the scrambling and of the independent (random) draws (default: the study's seed).
   * Parallel workers must share it, or their points do not come from one sequence.
   */
  readonly seed?: number | string;
}

/** System attribute names the sampler keeps on each trial it samples (all JSON). */
const ATTR_SEQUENCE = 'qmc:sequence';
const ATTR_SAMPLE_ID = 'qmc:sample_id';
const ATTR_SPACE = 'qmc:search_space';

const FINISHED_FOR_SPACE = new Set(['complete', 'pruned']);

// Optuna's initial search space: every non-categorical parameter of the first complete or pruned
// trial (by number), in the order the trial asked for them.
function initialSpace(trials: readonly FrozenTrial[]): [string, Distribution][] | undefined {
  let first: FrozenTrial | undefined;
  for (const t of trials) if (FINISHED_FOR_SPACE.has(t.state) && (first === undefined || t.number < first.number)) first = t;
  if (first === undefined) return undefined;
  return Object.entries(first.distributions).filter(([, d]) => d.type !== 'categorical');
}

function isDistribution(value: unknown): value is FloatDistribution | IntDistribution {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
  if (!(finite(d.low) && finite(d.high) && typeof d.log === 'boolean')) return false;
  if (d.type === 'int') return finite(d.step);
  return d.type === 'float' && (d.step === null || finite(d.step));
}

// The search space frozen on a trial, as [name, distribution] pairs: an array, because a JSON object
// would reorder integer-like names and the dimension order must not change.
function storedSpace(trial: FrozenTrial): [string, Distribution][] | undefined {
  const raw = trial.systemAttrs[ATTR_SPACE];
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || !raw.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && isDistribution(e[1]))) {
    throw new InvalidArgumentError(`qmcSampler: trial ${trial.number} has a malformed "${ATTR_SPACE}" system attribute.`);
  }
  return (raw as readonly (readonly [string, FloatDistribution | IntDistribution])[]).map(([name, d]) => [
    name,
    d.type === 'int'
      ? Object.freeze({ type: 'int', low: d.low, high: d.high, log: d.log, step: d.step })
      : Object.freeze({ type: 'float', low: d.low, high: d.high, log: d.log, step: d.step }),
  ]);
}

// numpy.round: halves go to the even neighbour (Optuna rounds with it, and QMC points are dyadic
// rationals, so exact halves do occur).
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const frac = x - f;
  if (frac < 0.5) return f;
  if (frac > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

function clip(v: number, low: number, high: number): number {
  return v < low ? low : v > high ? high : v;
}

/**
 * Map `u` in `[0, 1)` to an internal value of a numeric distribution, as Optuna's QMCSampler does
 * through `_SearchSpaceTransform` (log and step transforms on): scale to the transformed bounds
 * (log scale for `log`, bounds padded by half a step for ints and stepped floats), then map back
 * (exponentiate, round half to even onto the grid, clip).
 */
function fromUnit(u: number, d: FloatDistribution | IntDistribution): number {
  if (d.type === 'int') {
    if (d.log) {
      const lo = Math.log(d.low - 0.5 * d.step);
      const hi = Math.log(d.high + 0.5 * d.step);
      return clip(roundHalfEven(Math.exp(lo + u * (hi - lo))), d.low, d.high);
    }
    const lo = d.low - 0.5 * d.step;
    const hi = d.high + 0.5 * d.step;
    const t = lo + u * (hi - lo);
    return clip(roundHalfEven((t - d.low) / d.step) * d.step + d.low, d.low, d.high);
  }
  if (d.step !== null) {
    const lo = d.low - 0.5 * d.step;
    const hi = d.high + 0.5 * d.step;
    const t = lo + u * (hi - lo);
    return clip(roundHalfEven((t - d.low) / d.step) * d.step + d.low, d.low, d.high);
  }
  if (d.low === d.high) return d.low;
  // Floats stay in [low, high): Optuna caps at nextafter(high, -inf); the floor at low guards the
  // last ulp of exp(log(low)), which Optuna leaves alone.
  if (d.log) {
    const lo = Math.log(d.low);
    const hi = Math.log(d.high);
    return clip(Math.exp(lo + u * (hi - lo)), d.low, nextDown(d.high));
  }
  return Math.min(d.low + u * (d.high - d.low), nextDown(d.high));
}

/**
 * A quasi-Monte Carlo sampler: the numeric parameters of the study's first complete (or pruned)
 * trial form a fixed search space, and each later trial takes the next point of a scrambled (by
 * default) Sobol' or Halton sequence in it, so the trials cover the space more evenly than random
 * ones. Before any trial has finished, trials are sampled at random; categorical parameters, and
 * parameters outside the fixed space, are always sampled at random (uniformly, as
 * `randomSampler`).
 *
 * Parallel and resumed studies: the sample id (the index in the sequence) and the search space are
 * kept on each trial as system attributes (`qmc:sample_id`, `qmc:sequence`, `qmc:search_space`)
 * and assigned in `beforeTrial`, under the storage's lock, so every id is used exactly once across
 * workers (Optuna counts in a study attribute without a lock). Workers must share the seed when
 * scrambling; ids are counted per sequence (type, scramble, seed), as Optuna does, so a scrambled
 * study with no seed at all (neither the sampler's nor the study's) starts a new sequence in every
 * process that resumes it. Enqueued trials
 * (`study.enqueue`) take no id: their free parameters are sampled at random.
 *
 * Sobol' points come in balanced blocks of 2^m: prefer a power of two for the number of trials.
 * Sobol' supports up to 1111 numeric parameters (Joe & Kuo's direction numbers; use `'halton'`
 * beyond) and 2^30 points.
 *
 * @param options - see {@link QmcSamplerOptions}.
 * @returns a frozen sampler.
 * @throws InvalidArgumentError for an unknown option, a `type` other than `'sobol'` or `'halton'`,
 *   a non-boolean `scramble`, or a seed that is not an integer or a string. While sampling: for a
 *   Sobol' search space above 1111 dimensions.
 * @see optuna/samplers/_qmc.py (Optuna 3.1 QMCSampler), scipy.stats.qmc.Sobol and
 *   scipy.stats.qmc.Halton (SciPy 1.10); Bergstra & Bengio, "Random Search for Hyper-Parameter
 *   Optimization", JMLR 13 (2012); Joe & Kuo, SIAM J. Sci. Comput. 30 (2008); Owen, "A randomized
 *   Halton algorithm in R", arXiv:1706.02808.
 * @example
 * ```ts
 * const study = await createStudy({ sampler: qmcSampler({ type: 'sobol', seed: 1 }) });
 * await study.optimize((t) => (t.float('x', -5, 5) - 1) ** 2 + t.int('n', 1, 8), { trials: 64 });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function qmcSampler(options: QmcSamplerOptions = {}): Sampler {
  const fn = 'qmcSampler';
  checkOptions(fn, options, {
    type: is.oneOf(['sobol', 'halton']),
    scramble: is.boolean(),
    seed: is.anyOf(is.integer(), is.string()),
  });
  const type = options.type ?? 'sobol';
  const scramble = options.scramble ?? true;
  const seed = options.seed ?? null;

  // Point sets are pure functions of (seed, dimension); keep the last few, since building a
  // scrambled Sobol' set costs O(d · 30²) and a study asks for the same one on every trial.
  const cache = new Map<string, PointSet>();
  function pointSet(scrambleSeed: number | string, dimension: number): PointSet {
    const key = JSON.stringify([scrambleSeed, dimension]);
    let set = cache.get(key);
    if (set === undefined) {
      // The randomization comes from a stream of its own, not from the per-trial context.rng, so
      // that every trial of the study (and every worker sharing the seed) sees the same sequence.
      const rng = scramble ? createRng(scrambleSeed).child(`qmc:${type}`) : null;
      set = type === 'sobol' ? sobolPoints(dimension, rng) : haltonPoints(dimension, rng);
      if (cache.size >= 8) cache.delete(cache.keys().next().value!);
      cache.set(key, set);
    }
    return set;
  }

  // Optuna's id key: unscrambled sequences do not depend on the seed.
  const sequenceKey = (scrambleSeed: number | string): string =>
    scramble ? `${type} (scramble=true, seed=${JSON.stringify(scrambleSeed)})` : `${type} (scramble=false)`;

  const optionsRecord: Record<string, JsonValue> = { type, scramble };
  if (seed !== null) optionsRecord.seed = seed;

  return Object.freeze({
    name: 'qmc',
    options: Object.freeze(optionsRecord),
    seed,
    beforeTrial(context, trials) {
      let space: [string, Distribution][] | undefined;
      for (const t of trials) {
        space = storedSpace(t);
        if (space !== undefined) break;
      }
      space ??= initialSpace(trials);
      if (space === undefined || space.length === 0) return undefined;
      const key = sequenceKey(context.rng.seed);
      let last = -1;
      for (const t of trials) {
        const id = t.systemAttrs[ATTR_SAMPLE_ID];
        if (t.systemAttrs[ATTR_SEQUENCE] === key && typeof id === 'number' && id > last) last = id;
      }
      const spaceJson = space.map(([name, d]) => [name, { ...d }]) as unknown as JsonValue;
      return { systemAttrs: { [ATTR_SEQUENCE]: key, [ATTR_SAMPLE_ID]: last + 1, [ATTR_SPACE]: spaceJson } };
    },
    inferRelativeSearchSpace(_context, trial) {
      const space = storedSpace(trial);
      if (space === undefined || typeof trial.systemAttrs[ATTR_SAMPLE_ID] !== 'number') return {};
      if (type === 'sobol' && space.length > SOBOL_MAX_DIMENSION) {
        throw new InvalidArgumentError(
          `${fn}: Sobol' points are available in up to ${SOBOL_MAX_DIMENSION} dimensions, but the search space has ${space.length} numeric parameters; use type 'halton'.`,
        );
      }
      return Object.fromEntries(space) as SearchSpace;
    },
    sampleRelative(context, trial, space) {
      const id = trial.systemAttrs[ATTR_SAMPLE_ID];
      // The study may hand back a subset of the space; the dimension order is the stored one.
      const stored = storedSpace(trial);
      if (typeof id !== 'number' || stored === undefined) return {};
      const u = pointSet(context.rng.seed, stored.length).point(id);
      const out: [string, number][] = [];
      stored.forEach(([name, d], j) => {
        if (Object.hasOwn(space, name)) out.push([name, fromUnit(u[j]!, d as FloatDistribution | IntDistribution)]);
      });
      return Object.fromEntries(out);
    },
    sampleIndependent(context, _trial, name, distribution) {
      // The same per-name child stream as randomSampler: a draw does not depend on call order.
      return sampleUniform(context.rng.child(`param:${name}`), distribution);
    },
  } satisfies Sampler);
}
