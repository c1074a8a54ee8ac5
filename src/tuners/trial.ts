import { InvalidArgumentError } from '../core/errors.js';
import { formatValue, invalidArgument } from '../core/validate.js';
import type { Rng } from '../core/types.js';
import { checkReport, userAttrCopy } from './_internal/shared.js';
import {
  categoricalDistribution,
  compatibleDistributions,
  contains,
  describeDistribution,
  floatDistribution,
  intDistribution,
  isSingle,
  sameDistribution,
  toExternal,
  toInternal,
} from './distributions.js';
import type {
  CategoricalChoice,
  Distribution,
  FrozenTrial,
  JsonValue,
  ParamValue,
  Pruner,
  Sampler,
  SamplerContext,
  SearchSpace,
  Storage,
  StudyView,
  SuggestOptions,
  Trial,
} from './types.js';

/** What a running trial needs from its study. Internal. */
export interface TrialHost {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly import('./types.js').Direction[];
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  readonly storage: Storage;
  /** The latest trials this process knows (refreshed by the host). */
  latestTrials(): readonly FrozenTrial[];
  /** Ask the host to re-read other workers' trials in the background (after a report). */
  requestRefresh(): void;
  /** Queue a storage write for this trial; awaited before the trial is finished. */
  write(run: () => Promise<unknown>): void;
}

/**
 * The running trial handed to an objective (see {@link Trial}). Suggestions are synchronous:
 * values come from the fixed parameters (enqueued or grid), the sampler's joint (relative)
 * sample made when the trial started, or the sampler's independent draw; writes to the storage
 * are queued on the host.
 * @internal
 */
export class RunningTrial implements Trial {
  readonly number: number;
  readonly id: number;
  readonly #host: TrialHost;
  readonly #start: FrozenTrial;
  readonly #rng: Rng;
  readonly #internal: Record<string, number> = {};
  readonly #distributions: Record<string, Distribution> = {};
  readonly #intermediate: Record<number, number> = {};
  readonly #userAttrs: Record<string, JsonValue>;
  readonly #systemAttrs: Record<string, JsonValue>;
  #relative: Readonly<Record<string, number>> = {};
  #relativeSpace: SearchSpace = {};
  #snapshot: FrozenTrial | undefined;
  #pruneCalls = 0;

  constructor(host: TrialHost, start: FrozenTrial, rng: Rng) {
    this.#host = host;
    this.#start = start;
    this.#rng = rng;
    this.number = start.number;
    this.id = start.id;
    this.#userAttrs = { ...start.userAttrs };
    this.#systemAttrs = { ...start.systemAttrs };
  }

  /** Run the sampler's joint sampling once, at the start. */
  sampleRelative(): void {
    const sampler = this.#host.sampler;
    if (sampler.inferRelativeSearchSpace === undefined || sampler.sampleRelative === undefined) return;
    const context = this.samplerContext();
    const trial = this.snapshot();
    const space = sampler.inferRelativeSearchSpace(context, trial);
    if (Object.keys(space).length === 0) return;
    this.#relativeSpace = space;
    this.#relative = sampler.sampleRelative(context, trial, space);
  }

  /** The context samplers get: the trials the pruner lets them learn from, and this trial's stream. */
  samplerContext(): SamplerContext {
    const trials = this.#viewTrials();
    const view: StudyView = { studyId: this.#host.studyId, studyName: this.#host.studyName, directions: this.#host.directions, trials };
    const filtered = this.#host.pruner.samplerTrials?.(view, this.snapshot());
    return { study: filtered === undefined ? view : { ...view, trials: filtered }, rng: this.#rng };
  }

  get params(): Readonly<Record<string, ParamValue>> {
    return this.snapshot().params;
  }

  get distributions(): SearchSpace {
    return { ...this.#distributions };
  }

  get intermediateValues(): Readonly<Record<number, number>> {
    return { ...this.#intermediate };
  }

  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return { ...this.#userAttrs };
  }

  int(name: string, low: number, high: number, options?: SuggestOptions): number {
    this.#checkName('trial.int', name);
    return this.#suggest('trial.int', name, intDistribution(name, low, high, options)) as number;
  }

  float(name: string, low: number, high: number, options?: SuggestOptions): number {
    this.#checkName('trial.float', name);
    return this.#suggest('trial.float', name, floatDistribution(name, low, high, options)) as number;
  }

  categorical<const T extends CategoricalChoice>(name: string, choices: readonly T[]): T {
    this.#checkName('trial.categorical', name);
    return this.#suggest('trial.categorical', name, categoricalDistribution(name, choices)) as T;
  }

  boolean(name: string): boolean {
    this.#checkName('trial.boolean', name);
    return this.#suggest('trial.boolean', name, categoricalDistribution(name, [false, true], 'trial.boolean')) as boolean;
  }

  report(value: number, step: number): void {
    if (this.#host.directions.length > 1) {
      throw new InvalidArgumentError('trial.report: intermediate values are not supported in multi-objective studies (as in Optuna).');
    }
    checkReport(value, step);
    // Optuna keeps the first value reported for a step and ignores later ones.
    if (step in this.#intermediate) return;
    this.#intermediate[step] = value;
    this.#snapshot = undefined;
    this.#host.write(async () => {
      await this.#host.storage.setTrialIntermediateValue(this.id, step, value);
    });
    this.#host.requestRefresh();
  }

  shouldPrune(): boolean {
    if (this.#host.directions.length > 1) {
      throw new InvalidArgumentError('trial.shouldPrune: pruning is not supported in multi-objective studies (as in Optuna).');
    }
    this.#pruneCalls++;
    const me = this.snapshot();
    const trials = this.#viewTrials();
    const view: StudyView = { studyId: this.#host.studyId, studyName: this.#host.studyName, directions: this.#host.directions, trials };
    return this.#host.pruner.prune(
      {
        study: view,
        setTrialSystemAttr: (trialId, key, value) => {
          if (trialId === this.id) {
            this.#systemAttrs[key] = value;
            this.#snapshot = undefined;
          }
          this.#host.write(async () => {
            await this.#host.storage.setTrialSystemAttr(trialId, key, value);
          });
        },
      },
      me,
    );
  }

  setUserAttr(key: string, value: JsonValue): void {
    const copy = userAttrCopy(key, value);
    this.#userAttrs[key] = copy;
    this.#snapshot = undefined;
    this.#host.write(async () => {
      await this.#host.storage.setTrialUserAttr(this.id, key, copy);
    });
  }

  /** The trial as samplers and pruners see it now (running, with what was suggested and reported). */
  snapshot(): FrozenTrial {
    if (this.#snapshot !== undefined) return this.#snapshot;
    const params: Record<string, ParamValue> = {};
    for (const [k, v] of Object.entries(this.#internal)) params[k] = toExternal(this.#distributions[k]!, v);
    this.#snapshot = Object.freeze({
      ...this.#start,
      state: 'running' as const,
      params: Object.freeze(params),
      internalParams: Object.freeze({ ...this.#internal }),
      distributions: Object.freeze({ ...this.#distributions }),
      intermediateValues: Object.freeze({ ...this.#intermediate }),
      userAttrs: Object.freeze({ ...this.#userAttrs }),
      systemAttrs: Object.freeze({ ...this.#systemAttrs }),
    });
    return this.#snapshot;
  }

  /** How many times the objective asked `shouldPrune` (for the callback's diagnostics). */
  get pruneChecks(): number {
    return this.#pruneCalls;
  }

  #viewTrials(): FrozenTrial[] {
    const me = this.snapshot();
    const trials = [...this.#host.latestTrials()];
    const i = trials.findIndex((t) => t.id === this.id);
    if (i >= 0) trials[i] = me;
    else trials.push(me);
    trials.sort((a, b) => a.number - b.number);
    return trials;
  }

  #checkName(fn: string, name: unknown): void {
    // '__proto__' would rewrite the prototype of every record keyed by parameter name.
    if (typeof name !== 'string' || name.length === 0 || name === '__proto__') {
      throw invalidArgument(fn, 'name', "a non-empty string other than '__proto__'", name);
    }
  }

  #suggest(fn: string, name: string, distribution: Distribution): ParamValue {
    const old = Object.hasOwn(this.#distributions, name) ? this.#distributions[name] : undefined;
    if (old !== undefined) {
      if (!sameDistribution(old, distribution)) {
        throw new InvalidArgumentError(
          `${fn}: parameter '${name}' was already suggested in this trial as ${describeDistribution(old)}; got ${describeDistribution(distribution)}. ` +
            'A parameter keeps one distribution within a trial.',
        );
      }
      return toExternal(old, this.#internal[name]!);
    }
    for (const t of this.#host.latestTrials()) {
      const d = Object.hasOwn(t.distributions, name) ? t.distributions[name] : undefined;
      if (d !== undefined && !compatibleDistributions(d, distribution)) {
        throw new InvalidArgumentError(
          `${fn}: parameter '${name}' was ${describeDistribution(d)} in trial ${t.number}; got ${describeDistribution(distribution)}. ` +
            'A parameter cannot change kind, scale or choices within a study.',
        );
      }
    }
    const internal = this.#draw(fn, name, distribution);
    this.#internal[name] = internal;
    this.#distributions[name] = distribution;
    this.#snapshot = undefined;
    this.#host.write(async () => {
      await this.#host.storage.setTrialParam(this.id, name, internal, distribution);
    });
    return toExternal(distribution, internal);
  }

  #draw(fn: string, name: string, distribution: Distribution): number {
    const fixed = this.#systemAttrs['fixed_params'];
    if (fixed !== null && typeof fixed === 'object' && !Array.isArray(fixed) && Object.hasOwn(fixed, name)) {
      const value = (fixed as Record<string, JsonValue>)[name] as ParamValue;
      try {
        return toInternal(distribution, value);
      } catch {
        throw new InvalidArgumentError(`${fn}: the fixed value ${formatValue(value)} of parameter '${name}' (enqueued or from the grid) is not in ${describeDistribution(distribution)}.`);
      }
    }
    if (isSingle(distribution)) return distribution.type === 'categorical' ? 0 : distribution.low;
    const space = Object.hasOwn(this.#relativeSpace, name) ? this.#relativeSpace[name] : undefined;
    const rel = Object.hasOwn(this.#relative, name) ? this.#relative[name] : undefined;
    if (space !== undefined && rel !== undefined && sameDistribution(space, distribution) && contains(distribution, rel)) return rel;
    const value = this.#host.sampler.sampleIndependent(this.samplerContext(), this.snapshot(), name, distribution);
    if (!contains(distribution, value)) {
      throw new InvalidArgumentError(`${fn}: sampler '${this.#host.sampler.name}' returned ${formatValue(value)} for '${name}', outside ${describeDistribution(distribution)} (a sampler bug).`);
    }
    return value;
  }
}
