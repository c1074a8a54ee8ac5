// Parameter distributions, after optuna/distributions.py: constructors that validate and
// normalize (a stepped range's high is lowered to its last grid point), and the conversion
// between the values an objective sees and the internal numbers samplers and storages hold
// (categorical → index).
import { invalidArgument, formatValue } from '../core/validate.js';
import { InvalidArgumentError } from '../core/errors.js';
import type {
  CategoricalChoice,
  CategoricalDistribution,
  Distribution,
  FloatDistribution,
  IntDistribution,
  ParamValue,
  SuggestOptions,
} from './types.js';

// Stepped highs are snapped in decimal, as Optuna does with Python's Decimal
// (optuna/distributions.py, _adjust_discrete_uniform_high): 0 + 3 × 0.3 is 0.9, not
// 0.8999999999999999. Numbers whose shortest decimal form has at most 15 digits after the point
// are scaled to integers; others fall back to floating point.
function decimals(x: number): number | undefined {
  const text = String(x);
  if (/e/i.test(text)) return undefined;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function snapHigh(low: number, high: number, step: number): number {
  const d = Math.max(decimals(low) ?? 99, decimals(step) ?? 99, decimals(high) ?? 99);
  const scale = 10 ** d;
  if (d <= 15 && Number.isSafeInteger(Math.round(Math.abs(low) * scale)) && Number.isSafeInteger(Math.round(Math.abs(high) * scale))) {
    const l = Math.round(low * scale);
    const s = Math.round(step * scale);
    const h = Math.round(high * scale);
    return (l + Math.floor((h - l) / s) * s) / scale;
  }
  const k = Math.floor((high - low) / step + 1e-9);
  return Math.min(high, low + k * step);
}

function checkBounds(fn: string, name: string, low: unknown, high: unknown, integer: boolean): void {
  const what = integer ? 'an integer' : 'a finite number';
  const ok = (v: unknown): v is number => typeof v === 'number' && (integer ? Number.isSafeInteger(v) : Number.isFinite(v));
  if (!ok(low)) throw invalidArgument(fn, 'low', what, low, `parameter '${name}'`);
  if (!ok(high)) throw invalidArgument(fn, 'high', what, high, `parameter '${name}'`);
  if (low > high) {
    throw new InvalidArgumentError(`${fn}: parameter '${name}' has an empty range: low (${low}) must be <= high (${high}).`);
  }
}

/**
 * A validated float distribution (see {@link FloatDistribution}).
 *
 * @param name - the parameter's name (for messages).
 * @param low - lower bound.
 * @param high - upper bound (`>= low`).
 * @param options - `step` or `log`.
 * @param fn - the public function to name in errors (default `'trial.float'`).
 * @returns a frozen distribution.
 * @throws InvalidArgumentError for non-finite bounds, `low > high`, `log` with `low <= 0`, a
 *   non-positive step, or `step` with `log`.
 */
export function floatDistribution(name: string, low: number, high: number, options: SuggestOptions = {}, fn = 'trial.float'): FloatDistribution {
  checkBounds(fn, name, low, high, false);
  const { step, log = false } = options;
  if (typeof log !== 'boolean') throw invalidArgument(fn, 'options.log', 'a boolean', log, `parameter '${name}'`);
  if (step !== undefined && !(typeof step === 'number' && Number.isFinite(step) && step > 0)) {
    throw invalidArgument(fn, 'options.step', 'a finite number > 0', step, `parameter '${name}'`);
  }
  if (log && step !== undefined) {
    throw new InvalidArgumentError(`${fn}: parameter '${name}' cannot have both "step" and "log"; got step ${step} with log true.`);
  }
  if (log && !(low > 0)) {
    throw new InvalidArgumentError(`${fn}: parameter '${name}' is on a log scale, so low must be > 0; got ${formatValue(low)}.`);
  }
  return Object.freeze({ type: 'float', low, high: step === undefined ? high : snapHigh(low, high, step), log, step: step ?? null });
}

/**
 * A validated integer distribution (see {@link IntDistribution}).
 *
 * @param name - the parameter's name (for messages).
 * @param low - lower bound (integer).
 * @param high - upper bound (integer, `>= low`).
 * @param options - `step` (positive integer, default 1) or `log`.
 * @param fn - the public function to name in errors (default `'trial.int'`).
 * @returns a frozen distribution.
 * @throws InvalidArgumentError for non-integer bounds, `low > high`, `log` with `low < 1`, a
 *   non-positive or non-integer step, or `step` other than 1 with `log`.
 */
export function intDistribution(name: string, low: number, high: number, options: SuggestOptions = {}, fn = 'trial.int'): IntDistribution {
  checkBounds(fn, name, low, high, true);
  const { step, log = false } = options;
  if (typeof log !== 'boolean') throw invalidArgument(fn, 'options.log', 'a boolean', log, `parameter '${name}'`);
  if (step !== undefined && !(typeof step === 'number' && Number.isSafeInteger(step) && step > 0)) {
    throw invalidArgument(fn, 'options.step', 'an integer > 0', step, `parameter '${name}'`);
  }
  if (log && step !== undefined && step !== 1) {
    throw new InvalidArgumentError(`${fn}: parameter '${name}' cannot have both "step" and "log"; got step ${step} with log true.`);
  }
  if (log && !(low >= 1)) {
    throw new InvalidArgumentError(`${fn}: parameter '${name}' is on a log scale, so low must be >= 1; got ${formatValue(low)}.`);
  }
  const s = step ?? 1;
  return Object.freeze({ type: 'int', low, high: low + Math.floor((high - low) / s) * s, log, step: s });
}

/**
 * A validated categorical distribution.
 *
 * @param name - the parameter's name (for messages).
 * @param choices - at least one JSON primitive (string, finite number, boolean, null), no duplicates.
 * @param fn - the public function to name in errors (default `'trial.categorical'`).
 * @returns a frozen distribution (the choices are copied).
 * @throws InvalidArgumentError for an empty list, a non-primitive or NaN choice, or duplicates.
 */
export function categoricalDistribution(name: string, choices: readonly CategoricalChoice[], fn = 'trial.categorical'): CategoricalDistribution {
  if (!Array.isArray(choices) || choices.length === 0) {
    throw invalidArgument(fn, 'choices', 'a non-empty array', choices, `parameter '${name}'`);
  }
  for (const c of choices as readonly unknown[]) {
    const ok = c === null || typeof c === 'string' || typeof c === 'boolean' || (typeof c === 'number' && Number.isFinite(c));
    if (!ok) throw invalidArgument(fn, 'choices', 'an array of strings, finite numbers, booleans or null', c, `parameter '${name}'`);
  }
  if (new Set(choices).size !== choices.length) {
    throw invalidArgument(fn, 'choices', 'an array without duplicates', choices, `parameter '${name}'`);
  }
  return Object.freeze({ type: 'categorical', choices: Object.freeze([...choices]) });
}

/** The value an objective sees for an internal value (categorical index → choice). */
export function toExternal(distribution: Distribution, internal: number): ParamValue {
  if (distribution.type === 'categorical') {
    const v = distribution.choices[internal];
    if (v === undefined) throw new InvalidArgumentError(`toExternal: index ${internal} is out of range for ${distribution.choices.length} choices.`);
    return v;
  }
  return internal;
}

/** The internal value of an external one (choice → index); throws when it is not in the distribution. */
export function toInternal(distribution: Distribution, external: ParamValue): number {
  if (distribution.type === 'categorical') {
    const i = distribution.choices.indexOf(external as CategoricalChoice);
    if (i < 0) throw new InvalidArgumentError(`toInternal: ${formatValue(external)} is not one of the choices ${formatValue(distribution.choices)}.`);
    return i;
  }
  if (typeof external !== 'number' || !contains(distribution, external)) {
    throw new InvalidArgumentError(`toInternal: ${formatValue(external)} is not in [${distribution.low}, ${distribution.high}]${distribution.step !== null ? ` on steps of ${distribution.step}` : ''}.`);
  }
  return external;
}

/** Whether an internal value belongs to the distribution (in range, on the grid, a valid index). */
export function contains(distribution: Distribution, internal: number): boolean {
  if (distribution.type === 'categorical') return Number.isInteger(internal) && internal >= 0 && internal < distribution.choices.length;
  if (!Number.isFinite(internal) || internal < distribution.low || internal > distribution.high) return false;
  if (distribution.type === 'int') return Number.isInteger(internal) && (internal - distribution.low) % distribution.step === 0;
  if (distribution.step === null) return true;
  const k = (internal - distribution.low) / distribution.step;
  // The subtraction loses up to an ulp of the larger operand, which a small step magnifies.
  const rounding = (4 * Number.EPSILON * Math.max(Math.abs(internal), Math.abs(distribution.low))) / distribution.step;
  return Math.abs(k - Math.round(k)) < 1e-8 * Math.max(1, Math.abs(k)) + rounding;
}

/** Whether a distribution has one possible value (samplers skip those). */
export function isSingle(distribution: Distribution): boolean {
  if (distribution.type === 'categorical') return distribution.choices.length === 1;
  if (distribution.type === 'int' || distribution.step !== null) return distribution.low === distribution.high;
  return distribution.low === distribution.high;
}

/** Whether two distributions are the same (type, bounds, log, step, choices). */
export function sameDistribution(a: Distribution, b: Distribution): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'categorical') {
    const bc = (b as CategoricalDistribution).choices;
    return a.choices.length === bc.length && a.choices.every((c, i) => c === bc[i]);
  }
  const bn = b as FloatDistribution | IntDistribution;
  return a.low === bn.low && a.high === bn.high && a.log === bn.log && a.step === bn.step;
}

/**
 * Whether values of `b` can be compared with values of `a` across trials (Optuna's
 * `check_distribution_compatibility`): same type and, for categoricals, the same choices; ranges
 * may differ (a search space may change between trials).
 */
export function compatibleDistributions(a: Distribution, b: Distribution): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'categorical') return sameDistribution(a, b);
  return a.log === (b as FloatDistribution | IntDistribution).log;
}

/** A one-line description for messages and reports: `float [1e-5, 0.1] log`, `int [1, 9] step 2`, `categorical ['a', 'b']`. */
export function describeDistribution(distribution: Distribution): string {
  if (distribution.type === 'categorical') return `categorical ${formatValue(distribution.choices)}`;
  const extra = distribution.log ? ' log' : distribution.step !== null && !(distribution.type === 'int' && distribution.step === 1) ? ` step ${distribution.step}` : '';
  return `${distribution.type} [${distribution.low}, ${distribution.high}]${extra}`;
}

/**
 * The intersection search space of complete trials (Optuna's `IntersectionSearchSpace`): the
 * parameters every complete (and, with `includePruned`, pruned) trial has, each with a
 * distribution all of them agree on. Relative samplers sample exactly these jointly.
 *
 * @param trials - the study's trials.
 * @param options - `includePruned` (default `false`).
 * @returns name → distribution, names sorted.
 */
export function intersectionSearchSpace(
  trials: readonly import('./types.js').FrozenTrial[],
  options: { readonly includePruned?: boolean } = {},
): Record<string, Distribution> {
  let space: Record<string, Distribution> | undefined;
  for (const t of trials) {
    if (!(t.state === 'complete' || (options.includePruned === true && t.state === 'pruned'))) continue;
    if (space === undefined) {
      space = { ...t.distributions };
      continue;
    }
    for (const k of Object.keys(space)) {
      const d = t.distributions[k];
      if (d === undefined || !sameDistribution(d, space[k]!)) delete space[k];
    }
  }
  const out: Record<string, Distribution> = {};
  for (const k of Object.keys(space ?? {}).sort()) out[k] = space![k]!;
  return out;
}
