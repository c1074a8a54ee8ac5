// Grid search, after Optuna 3.1's GridSampler (optuna/samplers/_grid.py): the grid is the product of
// the given values (parameters sorted by name, the last one varying fastest), and each new trial
// takes a uniformly random grid point no trial has taken yet. Unlike Optuna, the point is chosen
// in `beforeTrial`, under the storage's lock, so parallel workers never run the same point while
// untaken points remain.
import { InvalidArgumentError } from '../../core/errors.js';
import { checkOptions, formatValue, invalidArgument, is } from '../../core/validate.js';
import { toInternal } from '../distributions.js';
import type { FrozenTrial, JsonValue, ParamValue, Sampler } from '../types.js';

/** Options of {@link gridSampler}. */
export interface GridSamplerOptions {
  /** Seed of the order in which grid points are visited (default: the study's seed). */
  readonly seed?: number | string;
}

const ATTR_GRID_ID = 'grid_id';
const ATTR_SPACE = 'search_space';

// Above this many points the untaken ids are found by rejection instead of by listing the grid.
const LIST_LIMIT = 1 << 20;

function isGridValue(v: unknown): v is ParamValue {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function sameSpace(stored: JsonValue | undefined, names: readonly string[], values: Readonly<Record<string, readonly ParamValue[]>>): boolean {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return false;
  const record = stored as Readonly<Record<string, JsonValue>>;
  const keys = Object.keys(record);
  if (keys.length !== names.length) return false;
  for (const name of names) {
    if (!Object.hasOwn(record, name)) return false;
    const a = record[name];
    const b = values[name]!;
    if (!Array.isArray(a) || a.length !== b.length || !a.every((v, i) => v === b[i])) return false;
  }
  return true;
}

/**
 * A grid-search sampler: every combination of the given values, each run once, in a random order.
 * `beforeTrial` picks a uniformly random grid point that no trial of the study has taken (trials
 * in every state count: running, complete, pruned, failed and waiting ones alike, so a failed point
 * is not retried, as in Optuna 3.1; re-enqueue it to retry) and fixes the trial's parameters to it,
 * recording `grid_id` and `search_space` as system attributes. `isExhausted` turns true once every
 * point is taken, which stops `study.optimize`. A trial started after that (more `trials` asked for
 * than the grid holds, or `study.ask`) re-runs a uniformly random point of the grid, as Optuna does
 * (with a warning there).
 *
 * The objective must ask for every grid parameter, with a range or choices that hold the grid's
 * values, and may ask for nothing else: a parameter outside the grid throws. A grid value outside
 * the distribution the objective asks with (out of range, off its step, not among its choices)
 * fails the trial, since the study checks fixed values (Optuna warns and uses the value).
 *
 * @param searchSpace - parameter name → the values to try: non-empty arrays of distinct strings,
 *   finite numbers, booleans or `null`; at least one parameter.
 * @param options - see {@link GridSamplerOptions}.
 * @returns a frozen sampler.
 * @throws InvalidArgumentError for an empty or non-object search space, an empty or non-array value
 *   list, a value that is not a string, finite number, boolean or `null` (NaN and ±Infinity
 *   included), duplicate values (Optuna only warns), a grid of more than 2^53 − 1 points, or a bad
 *   option. While sampling: for a parameter that is not in the grid, or an enqueued trial that
 *   leaves a grid parameter unset.
 * @see optuna/samplers/_grid.py (Optuna 3.1 GridSampler).
 * @example
 * ```ts
 * const study = await createStudy({ sampler: gridSampler({ lr: [1e-3, 1e-2], layers: [1, 2, 3] }, { seed: 1 }) });
 * await study.optimize((t) => t.float('lr', 1e-4, 1, { log: true }) * t.int('layers', 1, 3), { trials: 100 }); // stops after 6
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function gridSampler(searchSpace: Readonly<Record<string, readonly ParamValue[]>>, options: GridSamplerOptions = {}): Sampler {
  const fn = 'gridSampler';
  checkOptions(fn, options, { seed: is.anyOf(is.integer(), is.string()) });
  if (typeof searchSpace !== 'object' || searchSpace === null || Array.isArray(searchSpace)) {
    throw invalidArgument(fn, 'searchSpace', 'an object mapping parameter names to arrays of values', searchSpace);
  }
  const names = Object.keys(searchSpace).sort();
  if (names.length === 0) throw invalidArgument(fn, 'searchSpace', 'an object with at least one parameter', searchSpace);
  // Built with defineProperty semantics (fromEntries) and read with hasOwn: a parameter may be
  // called '__proto__' or 'toString'.
  const lists: [string, readonly ParamValue[]][] = [];
  let size = 1;
  for (const name of names) {
    const list: unknown = searchSpace[name];
    if (!Array.isArray(list) || list.length === 0) {
      throw invalidArgument(fn, `searchSpace.${name}`, 'a non-empty array of values', list);
    }
    for (const v of list as unknown[]) {
      if (!isGridValue(v)) {
        throw invalidArgument(fn, `searchSpace.${name}`, 'an array of strings, finite numbers, booleans or null', v, 'the storage must hold every value as JSON');
      }
    }
    if (new Set(list).size !== list.length) {
      const dup = list.find((v, i) => list.indexOf(v) !== i) as ParamValue;
      throw new InvalidArgumentError(`${fn}: argument "searchSpace.${name}" must be an array without duplicates; got ${formatValue(dup)} twice.`);
    }
    lists.push([name, Object.freeze([...(list as ParamValue[])])]);
    size *= list.length;
  }
  if (!Number.isSafeInteger(size)) {
    throw invalidArgument(fn, 'searchSpace', `a grid of at most ${Number.MAX_SAFE_INTEGER} points`, searchSpace, `the product of the value counts is ${size}`);
  }
  const values: Readonly<Record<string, readonly ParamValue[]>> = Object.freeze(Object.fromEntries(lists));
  const seed = options.seed ?? null;

  /** The grid point `id` (mixed radix over the sorted names, the last name varying fastest). */
  function point(id: number): Record<string, ParamValue> {
    const picked = new Array<ParamValue>(names.length);
    let rest = id;
    for (let i = names.length - 1; i >= 0; i--) {
      const list = lists[i]![1];
      picked[i] = list[rest % list.length]!;
      rest = Math.floor(rest / list.length);
    }
    // Key order: sorted names, as the search_space attribute and the trial report show them.
    return Object.fromEntries(names.map((n, i) => [n, picked[i]!]));
  }

  function taken(trials: readonly FrozenTrial[]): Set<number> {
    const ids = new Set<number>();
    for (const t of trials) {
      const id = t.systemAttrs[ATTR_GRID_ID];
      if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 && id < size && sameSpace(t.systemAttrs[ATTR_SPACE], names, values)) {
        ids.add(id);
      }
    }
    return ids;
  }

  const spaceJson = values as unknown as JsonValue;
  const optionsRecord: Record<string, JsonValue> = { searchSpace: spaceJson };
  if (seed !== null) optionsRecord.seed = seed;

  return Object.freeze({
    name: 'grid',
    options: Object.freeze(optionsRecord),
    seed,
    beforeTrial(context, trials) {
      const used = taken(trials);
      const rng = context.rng.child('grid');
      let id: number;
      if (used.size >= size) {
        // Exhausted: re-run a random point rather than fail the trial (Optuna's behaviour).
        id = rng.integer(0, size);
      } else if (size <= LIST_LIMIT || used.size * 2 >= size) {
        const free: number[] = [];
        for (let i = 0; i < size; i++) if (!used.has(i)) free.push(i);
        id = free[rng.integer(0, free.length)]!;
      } else {
        // At most half the grid is taken: fewer than two draws on average, and still uniform.
        do id = rng.integer(0, size);
        while (used.has(id));
      }
      return { fixedParams: point(id), systemAttrs: { [ATTR_GRID_ID]: id, [ATTR_SPACE]: spaceJson } };
    },
    isExhausted(trials) {
      return taken(trials).size >= size;
    },
    sampleIndependent(_context, trial, name, distribution) {
      if (!Object.hasOwn(values, name)) {
        throw new InvalidArgumentError(
          `${fn}: parameter '${name}' is not in the grid (its parameters are ${names.map((n) => `'${n}'`).join(', ')}); every parameter the objective asks for must be in the grid.`,
        );
      }
      const id = trial.systemAttrs[ATTR_GRID_ID];
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0 || id >= size) {
        throw new InvalidArgumentError(
          `${fn}: trial ${trial.number} has no grid point (an enqueued trial?), so parameter '${name}' cannot be taken from the grid; enqueue every grid parameter.`,
        );
      }
      // Normally the study takes grid values from fixed_params; this covers a study that did not.
      return toInternal(distribution, point(id)[name]!);
    },
  } satisfies Sampler);
}
