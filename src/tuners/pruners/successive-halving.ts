// Asynchronous successive halving, after Optuna 3.1's SuccessiveHalvingPruner
// (optuna/pruners/_successive_halving.py).
import { InvalidArgumentError } from '../../core/errors.js';
import { checkOptions, is } from '../../core/validate.js';
import type { JsonValue, Pruner } from '../types.js';
import { estimateMinResource, halvingDecision } from './_internal/halving.js';
import { perStudyCache } from './_internal/cache.js';
import { singleDirection } from './_internal/intermediate.js';

/** Options of {@link successiveHalvingPruner}. */
export interface SuccessiveHalvingPrunerOptions {
  /**
   * The steps every trial gets before its first judgement (r in the ASHA paper), or `'auto'`
   * (default): fixed at the first judgement after a trial has completed, as a hundredth of the
   * largest last step among the complete trials (at least 1). Give a number when trials may stop
   * at different steps.
   */
  readonly minResource?: number | 'auto';
  /**
   * η in the paper (default 4): at the end of each rung (step `minResource * η^(s + rung)`) a
   * trial goes on only if it is in the best 1/η of the trials that reached that rung.
   */
  readonly reductionFactor?: number;
  /** s in the paper (default 0): the first rung ends at `minResource * η^s` steps. */
  readonly minEarlyStoppingRate?: number;
  /**
   * Prune every trial at a rung until more than this many trials have reached it (default 0).
   * Needs a numeric `minResource`.
   */
  readonly bootstrapCount?: number;
}

/**
 * A pruner running asynchronous successive halving (ASHA): rungs end at steps
 * `minResource * reductionFactor^(minEarlyStoppingRate + rung)`; a trial that reaches the end of
 * a rung records its value there (system attribute `completed_rung_<rung>`) and goes on only if
 * that value is in the best `1 / reductionFactor` of the values recorded at that rung by all
 * trials so far (with fewer than `reductionFactor` values: only if it is the best). Trials are
 * never paused, so no trial waits for a rung to fill. The value compared is the one reported at
 * the trial's latest step; a NaN there prunes once a rung is reached.
 *
 * With `minResource: 'auto'` nothing is pruned until a trial completes; then the resource is fixed
 * from the complete trials' last steps (a hundredth of the largest) for the rest of the study, in
 * this process, as Optuna does.
 *
 * @param options - see {@link SuccessiveHalvingPrunerOptions}.
 * @returns a frozen pruner.
 * @throws InvalidArgumentError for a `minResource` that is neither `'auto'` nor an integer >= 1, a
 *   `reductionFactor` below 2, a negative `minEarlyStoppingRate` or `bootstrapCount`,
 *   `bootstrapCount > 0` with `minResource: 'auto'`, or an unknown option. Its `prune` throws it
 *   for a multi-objective study.
 * @see optuna/pruners/_successive_halving.py (Optuna 3.1 SuccessiveHalvingPruner); Li et al., "A
 *   System for Massively Parallel Hyperparameter Tuning", MLSys 2020 (arXiv:1810.05934).
 * @example
 * ```ts
 * const study = await createStudy({ pruner: successiveHalvingPruner({ minResource: 1, reductionFactor: 3 }) });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function successiveHalvingPruner(options: SuccessiveHalvingPrunerOptions = {}): Pruner {
  const fn = 'successiveHalvingPruner';
  checkOptions(fn, options, {
    minResource: is.anyOf(is.oneOf(['auto']), is.integer({ min: 1 })),
    reductionFactor: is.integer({ min: 2 }),
    minEarlyStoppingRate: is.integer({ min: 0 }),
    bootstrapCount: is.integer({ min: 0 }),
  });
  const minResource = options.minResource ?? 'auto';
  const reductionFactor = options.reductionFactor ?? 4;
  const minEarlyStoppingRate = options.minEarlyStoppingRate ?? 0;
  const bootstrapCount = options.bootstrapCount ?? 0;
  if (bootstrapCount > 0 && minResource === 'auto') {
    // A bootstrap waits for rungs to fill, which needs the rungs fixed from the start.
    throw new InvalidArgumentError(
      `${fn}: option "bootstrapCount" must be 0 when "minResource" is 'auto' (set minResource to a number); got ${bootstrapCount}.`,
    );
  }
  const estimated = perStudyCache<number>();
  return Object.freeze({
    name: 'successiveHalving',
    options: Object.freeze<Record<string, JsonValue>>({ minResource, reductionFactor, minEarlyStoppingRate, bootstrapCount }),
    prune(context, trial) {
      const direction = singleDirection(fn, context.study);
      let resource = minResource === 'auto' ? estimated.get(context.study) : minResource;
      if (resource === undefined) {
        // Optuna estimates only once a trial has reported (`prune` returns before otherwise).
        if (Object.keys(trial.intermediateValues).length === 0) return false;
        const guess = estimateMinResource(context.study.trials);
        if (guess === null) return false;
        estimated.set(context.study, guess);
        resource = guess;
      }
      return halvingDecision({ minResource: resource, reductionFactor, minEarlyStoppingRate, bootstrapCount }, direction, context, context.study.trials, trial);
    },
  } satisfies Pruner);
}
