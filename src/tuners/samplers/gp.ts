// Gaussian-process Bayesian optimization (Snoek, Larochelle & Adams 2012), the design of
// Optuna's GPSampler (Optuna >= 3.6, optuna/samplers/_gp/sampler.py; not in Optuna 3.1): a GP
// with a Matérn-5/2 ARD kernel fitted to the complete trials in a normalized space, and the next
// point chosen by maximizing log expected improvement.
import { InvalidArgumentError } from '../../core/errors.js';
import { checkOptions, is } from '../../core/validate.js';
import { contains, intersectionSearchSpace, isSingle } from '../distributions.js';
import { createRng } from '../../core/rng.js';
import type { FrozenTrial, JsonValue, Sampler, SamplerContext, SearchSpace } from '../types.js';
import { maximizeLogEI } from './_internal/gp-acquisition.js';
import { fitHyperparameters, gpPosterior, type GpData, type GpHyperparameters } from './_internal/gp-model.js';
import { denormalizeValue, encodeSpace, normalizeValue } from './_internal/gp-space.js';
import { sampleUniform } from './_internal/uniform.js';

/** Options of {@link gpSampler}. */
export interface GpSamplerOptions {
  /** Seed of the sampler's stream (default: the study's seed). */
  readonly seed?: number | string;
  /**
   * Complete trials sampled uniformly at random before the GP takes over (default 10; at least
   * 2 are needed to fit a GP, fewer act as 2).
   */
  readonly startupTrials?: number;
  /**
   * Treat other workers' running trials as if they had returned the best value so far, so that
   * parallel suggestions spread out instead of piling onto one optimum (default `false`).
   */
  readonly constantLiar?: boolean;
  /**
   * The objective returns the same value for the same parameters: fix the noise variance at its
   * floor (1e-6 of the standardized scale) instead of fitting it (default `false`).
   */
  readonly deterministicObjective?: boolean;
  /** Random points at which log EI is scored before local refinement (default 2048). */
  readonly candidates?: number;
  /** Best-scoring points refined by local search (L-BFGS-B and coordinate search; default 10). */
  readonly restarts?: number;
}

/**
 * A sampler that fits a Gaussian process to the complete trials and suggests the point of largest
 * log expected improvement.
 *
 * - Relative sampling over the intersection search space of complete trials; parameters outside
 *   it (conditional ones) are drawn uniformly. Trials numbered below `startupTrials` form a
 *   Latin hypercube: each parameter's range (in the normalized space below) is cut into
 *   `startupTrials` equal strata and each of those trials takes a different one.
 * - Inputs are mapped to [0, 1] (log parameters in log space; integer and stepped parameters
 *   over half-step-padded cells, rounded back to their grid); categorical parameters enter the
 *   kernel as a Hamming term. Objective values are standardized (maximized ones negated first).
 * - Kernel: Matérn-5/2 with one lengthscale per dimension, times a signal variance, plus noise
 *   (floored at 1e-6). Hyperparameters maximize the log marginal likelihood plus weak priors
 *   (lengthscales near the box width, signal Gamma(2, 1), noise Gamma(1.1, 30)) by L-BFGS on
 *   their logarithms, warm-started from the previous fit.
 * - Acquisition: log EI (Ament et al. 2023), maximized from `candidates` random points plus
 *   points around the incumbent; the best `restarts` are refined by L-BFGS-B on continuous
 *   dimensions and coordinate search on integer, stepped and categorical ones.
 * - Pruned and failed trials are not used (as in Optuna's GPSampler).
 * - Multi-objective studies are not supported: the sampler throws when a trial starts.
 *
 * The previous fit is kept inside the sampler as a warm start, so two samplers with the same
 * seed driven through the same history suggest the same points, but a sampler that has seen a
 * different sequence of fits may (rarely) settle on a different likelihood optimum.
 *
 * @param options - see {@link GpSamplerOptions}.
 * @returns a frozen sampler.
 * @throws InvalidArgumentError for an unknown option or an invalid value; sampling throws
 *   InvalidArgumentError in a multi-objective study.
 * @see Snoek, Larochelle & Adams, "Practical Bayesian Optimization of Machine Learning
 *   Algorithms", NeurIPS 2012; Ament et al., "Unexpected Improvements to Expected Improvement for
 *   Bayesian Optimization", NeurIPS 2023; Optuna's GPSampler (optuna.samplers.GPSampler, >= 3.6).
 * @example
 * ```ts
 * const study = await createStudy({ sampler: gpSampler({ seed: 1 }) });
 * await study.optimize((t) => (t.float('x', -5, 5) - 1) ** 2 + t.float('y', 0, 1), { trials: 30 });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function gpSampler(options: GpSamplerOptions = {}): Sampler {
  checkOptions('gpSampler', options, {
    seed: is.anyOf(is.integer(), is.string()),
    startupTrials: is.integer({ min: 0 }),
    constantLiar: is.boolean(),
    deterministicObjective: is.boolean(),
    candidates: is.integer({ min: 1, max: 1_000_000 }),
    restarts: is.integer({ min: 0, max: 10_000 }),
  });
  const seed = options.seed ?? null;
  const startupTrials = options.startupTrials ?? 10;
  const constantLiar = options.constantLiar ?? false;
  const deterministic = options.deterministicObjective ?? false;
  const candidates = options.candidates ?? 2048;
  const restarts = options.restarts ?? 10;

  const recorded: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined) recorded[k] = v as JsonValue;

  // Warm start for the next fit, per encoded space.
  let cache: { key: string; hp: GpHyperparameters } | undefined;

  const checkSingleObjective = (context: SamplerContext): void => {
    if (context.study.directions.length !== 1) {
      throw new InvalidArgumentError(
        `gpSampler: multi-objective studies are not supported (the study has ${context.study.directions.length} directions); use tpeSampler or randomSampler.`,
      );
    }
  };

  const completeTrials = (trials: readonly FrozenTrial[]): FrozenTrial[] =>
    trials.filter((t) => t.state === 'complete' && t.values !== null && t.values.length > 0 && !Number.isNaN(t.values[0]!));

  return Object.freeze({
    name: 'gp',
    options: Object.freeze(recorded),
    seed,
    inferRelativeSearchSpace(context: SamplerContext): SearchSpace {
      checkSingleObjective(context);
      const complete = completeTrials(context.study.trials);
      if (complete.length < Math.max(startupTrials, 1)) return {};
      const space = intersectionSearchSpace(complete);
      const enc = encodeSpace(space);
      const out: Record<string, (typeof space)[string]> = {};
      for (let j = 0; j < enc.names.length; j++) out[enc.names[j]!] = enc.distributions[j]!;
      return out;
    },
    sampleRelative(context: SamplerContext, trial: FrozenTrial, space: SearchSpace): Readonly<Record<string, number>> {
      checkSingleObjective(context);
      const enc = encodeSpace(space);
      const dims = enc.names.length;
      if (dims === 0) return {};
      const inSpace = (t: FrozenTrial): boolean =>
        enc.names.every((name, j) => {
          const v = t.internalParams[name];
          return v !== undefined && contains(enc.distributions[j]!, v);
        });
      const complete = completeTrials(context.study.trials).filter(inSpace);
      if (complete.length < Math.max(startupTrials, 2)) return {};

      const sign = context.study.directions[0] === 'maximize' ? 1 : -1;
      const raw = complete.map((t) => sign * t.values![0]!);
      // ±Infinity values are clipped to the finite range so they still rank (Optuna warns and clips).
      const finite = raw.filter(Number.isFinite);
      const fmax = finite.length > 0 ? Math.max(...finite) : 0;
      const fmin = finite.length > 0 ? Math.min(...finite) : 0;
      const scores = raw.map((v) => (v === Infinity ? fmax : v === -Infinity ? fmin : v));
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length);
      const scale = std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1;
      const standardized = scores.map((v) => (v - mean) / scale);
      let bestIndex = 0;
      for (let i = 1; i < standardized.length; i++) if (standardized[i]! > standardized[bestIndex]!) bestIndex = i;
      const best = standardized[bestIndex]!;

      const lies = constantLiar
        ? context.study.trials.filter((t) => t.state === 'running' && t.number !== trial.number && inSpace(t))
        : [];
      const n = complete.length + lies.length;
      const x = new Float64Array(n * dims);
      const y = new Float64Array(n);
      const rows = [...complete, ...lies];
      rows.forEach((t, i) => {
        for (let j = 0; j < dims; j++) x[i * dims + j] = normalizeValue(enc.distributions[j]!, t.internalParams[enc.names[j]!]!);
        y[i] = i < complete.length ? standardized[i]! : best;
      });
      const data: GpData = { n, dims, x, y, categorical: enc.categorical };

      const key = enc.names.map((name, j) => `${name}:${enc.categorical[j]}`).join('|');
      const start = cache !== undefined && cache.key === key ? cache.hp : undefined;
      const fit = fitHyperparameters(data, { deterministic, ...(start !== undefined ? { start } : {}) });
      const posterior = gpPosterior(data, fit.hyperparameters);
      // A kernel matrix that cannot be factorized even with jitter: leave the trial to uniform sampling.
      if (posterior === null) return {};
      cache = { key, hp: fit.hyperparameters };

      const incumbent = x.slice(bestIndex * dims, (bestIndex + 1) * dims);
      const { x: chosen } = maximizeLogEI(posterior, best, enc.dims, context.rng.child('gp-acquisition'), {
        candidates,
        restarts,
        incumbent,
      });
      const params: Record<string, number> = {};
      for (let j = 0; j < dims; j++) params[enc.names[j]!] = denormalizeValue(enc.distributions[j]!, chosen[j]!);
      return params;
    },
    sampleIndependent(context, trial, name, distribution) {
      const rng = context.rng.child(`param:${name}`);
      if (trial.number < startupTrials && !isSingle(distribution)) {
        // Latin-hypercube start (as in Jones, Schonlau & Welch's EGO, 1998): trial k takes the
        // stratum perm(k) of each parameter, perm drawn per name from the stream the per-trial
        // streams are children of (rebuilt from the seed and path, so the design depends only on
        // the seed, not on which trials this process has seen).
        let parent = createRng(context.rng.seed);
        for (const key of context.rng.path.slice(0, -1)) parent = parent.child(key);
        const stratum = parent.child(`startup:${name}`).permutation(startupTrials)[trial.number]!;
        const u = (stratum + rng.uniform()) / startupTrials;
        if (distribution.type === 'categorical') return Math.min(Math.floor(u * distribution.choices.length), distribution.choices.length - 1);
        return denormalizeValue(distribution, u);
      }
      return sampleUniform(rng, distribution);
    },
  } satisfies Sampler);
}
