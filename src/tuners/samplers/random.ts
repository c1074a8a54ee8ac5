// Independent uniform sampling, after Optuna's RandomSampler (optuna/samplers/_random.py).
import { checkOptions, is } from '../../core/validate.js';
import type { JsonValue, Sampler } from '../types.js';
import { sampleUniform } from './_internal/uniform.js';

/** Options of {@link randomSampler}. */
export interface RandomSamplerOptions {
  /** Seed of the sampler's stream (default: the study's seed). */
  readonly seed?: number | string;
}

/**
 * A sampler that draws every parameter independently and uniformly: floats uniform (log floats
 * uniform in log space, stepped floats a uniform grid point), integers a uniform grid point (log
 * integers uniform in log space, then rounded), categoricals a uniform choice.
 *
 * @param options - see {@link RandomSamplerOptions}.
 * @returns a frozen sampler.
 * @throws InvalidArgumentError for an unknown option or a seed that is not an integer or a string.
 * @see optuna/samplers/_random.py (Optuna 3.1 RandomSampler), Bergstra & Bengio, "Random Search for
 *   Hyper-Parameter Optimization", JMLR 13 (2012).
 * @example
 * ```ts
 * const study = await createStudy({ sampler: randomSampler({ seed: 7 }) });
 * await study.optimize((t) => (t.float('x', -5, 5) - 1) ** 2, { trials: 50 });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function randomSampler(options: RandomSamplerOptions = {}): Sampler {
  checkOptions('randomSampler', options, { seed: is.anyOf(is.integer(), is.string()) });
  const seed = options.seed ?? null;
  return Object.freeze({
    name: 'random',
    options: Object.freeze<Record<string, JsonValue>>(seed === null ? {} : { seed }),
    seed,
    sampleIndependent(context, _trial, name, distribution) {
      // A child per parameter name: a parameter's draw does not depend on which others were asked first.
      return sampleUniform(context.rng.child(`param:${name}`), distribution);
    },
  } satisfies Sampler);
}
