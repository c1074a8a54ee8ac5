// Hyperband over asynchronous successive halving, after Optuna 3.1's HyperbandPruner
// (optuna/pruners/_hyperband.py and `_filter_study` in optuna/pruners/__init__.py).
import { InvalidArgumentError } from '../../core/errors.js';
import { checkOptions, is } from '../../core/validate.js';
import type { FrozenTrial, JsonValue, Pruner, StudyView } from '../types.js';
import { perStudyCache } from './_internal/cache.js';
import { bracketOf, makeBrackets, type Brackets } from './_internal/brackets.js';
import { halvingDecision } from './_internal/halving.js';
import { lastStep, singleDirection } from './_internal/intermediate.js';

/** Options of {@link hyperbandPruner}. */
export interface HyperbandPrunerOptions {
  /** The steps a trial of the most aggressive bracket gets before its first judgement (default 1). */
  readonly minResource?: number;
  /**
   * The most steps a trial runs (your number of epochs), or `'auto'` (default): one more than the
   * last step of the complete trials seen when the pruner first finds one (fixed from then on, in
   * this process, as in Optuna). Nothing is pruned before it is known.
   */
  readonly maxResource?: number | 'auto';
  /** η (default 3): each rung keeps the best 1/η; also sets the number of brackets. */
  readonly reductionFactor?: number;
  /**
   * Prune every trial at a rung until more than this many trials of its bracket have reached it
   * (default 0). Needs a numeric `maxResource`.
   */
  readonly bootstrapCount?: number;
}

/** A study's brackets, and each trial number's bracket once computed (one crc32 per trial). */
interface StudyBrackets {
  readonly brackets: Brackets;
  readonly ids: Map<number, number>;
}

/**
 * A Hyperband pruner: several successive-halving runs ("brackets") side by side, from an
 * aggressive one that judges trials after `minResource` steps to a patient one that lets them run
 * to `maxResource`. Bracket b is asynchronous successive halving with min early-stopping rate b;
 * a trial's bracket is fixed by its number (crc32 of `${studyName}_${number}`) so that brackets
 * fill in proportion to Hyperband's budgets (so a study created without `studyName`, which gets a
 * random name, puts its trials in different brackets on every run: name the study to repeat a
 * run). Trials compete only with their bracket (rung values
 * are system attributes `completed_rung_<rung>`), and `samplerTrials` gives samplers only the
 * trial's bracket to learn from, as Optuna does for TPE.
 *
 * Before the brackets exist (`maxResource: 'auto'` and no complete trial, or before the pruner's
 * first judgement in this process) nothing is pruned and samplers see every trial, as in Optuna.
 * An 'auto' maximum below `minResource` gives no brackets: nothing is ever pruned.
 *
 * @param options - see {@link HyperbandPrunerOptions}.
 * @returns a frozen pruner.
 * @throws InvalidArgumentError for a `minResource` below 1, a `maxResource` that is neither
 *   `'auto'` nor an integer >= `minResource`, a `reductionFactor` below 2, a negative
 *   `bootstrapCount`, `bootstrapCount > 0` with `maxResource: 'auto'`, or an unknown option. Its
 *   `prune` throws it for a multi-objective study.
 * @see optuna/pruners/_hyperband.py (Optuna 3.1 HyperbandPruner); Li et al., "Hyperband: A Novel
 *   Bandit-Based Approach to Hyperparameter Optimization", JMLR 18 (2018).
 * @example
 * ```ts
 * const study = await createStudy({ studyName: 'mlp', pruner: hyperbandPruner({ maxResource: 81 }) });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function hyperbandPruner(options: HyperbandPrunerOptions = {}): Pruner {
  const fn = 'hyperbandPruner';
  checkOptions(fn, options, {
    minResource: is.integer({ min: 1 }),
    maxResource: is.anyOf(is.oneOf(['auto']), is.integer({ min: 1 })),
    reductionFactor: is.integer({ min: 2 }),
    bootstrapCount: is.integer({ min: 0 }),
  });
  const minResource = options.minResource ?? 1;
  const maxResource = options.maxResource ?? 'auto';
  const reductionFactor = options.reductionFactor ?? 3;
  const bootstrapCount = options.bootstrapCount ?? 0;
  if (maxResource !== 'auto' && maxResource < minResource) {
    // Optuna accepts this and then never prunes; a silent no-op is worse than an error.
    throw new InvalidArgumentError(
      `${fn}: option "maxResource" must be 'auto' or an integer >= minResource (${minResource}); got ${maxResource}.`,
    );
  }
  if (bootstrapCount > 0 && maxResource === 'auto') {
    throw new InvalidArgumentError(
      `${fn}: option "bootstrapCount" must be 0 when "maxResource" is 'auto' (set maxResource to a number); got ${bootstrapCount}.`,
    );
  }
  // Every judgement filters the whole study by bracket, so bracket ids are remembered.
  const cache = perStudyCache<StudyBrackets>();

  function idOf(entry: StudyBrackets, studyName: string, number: number): number {
    let id = entry.ids.get(number);
    if (id === undefined) {
      id = bracketOf(entry.brackets, studyName, number);
      entry.ids.set(number, id);
    }
    return id;
  }

  function bracketsFor(study: StudyView): StudyBrackets | undefined {
    const known = cache.get(study);
    if (known !== undefined) return known;
    let max: number;
    if (maxResource === 'auto') {
      let last: number | null = null;
      for (const t of study.trials) {
        if (t.state !== 'complete') continue;
        const s = lastStep(t);
        if (s !== null && (last === null || s > last)) last = s;
      }
      if (last === null) return undefined;
      max = last + 1;
    } else {
      max = maxResource;
    }
    const entry = { brackets: makeBrackets(minResource, max, reductionFactor), ids: new Map<number, number>() };
    cache.set(study, entry);
    return entry;
  }

  return Object.freeze({
    name: 'hyperband',
    options: Object.freeze<Record<string, JsonValue>>({ minResource, maxResource, reductionFactor, bootstrapCount }),
    prune(context, trial) {
      const direction = singleDirection(fn, context.study);
      const entry = bracketsFor(context.study);
      if (entry === undefined || entry.brackets.count === 0) return false;
      const name = context.study.studyName;
      const bracket = idOf(entry, name, trial.number);
      const pool = context.study.trials.filter((t) => idOf(entry, name, t.number) === bracket);
      return halvingDecision(
        { minResource, reductionFactor, minEarlyStoppingRate: bracket, bootstrapCount },
        direction,
        context,
        pool,
        trial,
      );
    },
    samplerTrials(study: StudyView, trial: FrozenTrial): readonly FrozenTrial[] {
      // Only brackets already made by `prune` (Optuna's `_filter_study` does not create them).
      const entry = cache.get(study);
      if (entry === undefined || entry.brackets.count === 0) return study.trials;
      const bracket = idOf(entry, study.studyName, trial.number);
      return study.trials.filter((t) => idOf(entry, study.studyName, t.number) === bracket);
    },
  } satisfies Pruner);
}
