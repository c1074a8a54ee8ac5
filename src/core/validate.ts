import { InvalidArgumentError } from './errors.js';
import { isTensor } from './tensor.js';

/**
 * A named predicate over option values, as in scikit-learn's parameter-constraint tables
 * (`sklearn.utils._param_validation`): `test` says whether a value is allowed and `description`
 * completes the sentence "must be …" in the uniform error message.
 *
 * Build constraints with the factories on {@link is}; validate with {@link checkOptions},
 * {@link checkOption} or {@link checkArgument}.
 */
export interface Constraint<T = unknown> {
  /** Completes "must be …", e.g. `an integer in [1, 4]`. */
  readonly description: string;
  /** Whether `value` satisfies the constraint. */
  test(value: unknown): value is T;
}

/** Bounds for {@link is.number} and {@link is.integer}; both ends inclusive unless `…Exclusive`. */
export interface RangeBounds {
  /** Lower bound (default: no bound). */
  min?: number;
  /** Upper bound (default: no bound). */
  max?: number;
  /** Exclude `min` itself (default `false`). */
  minExclusive?: boolean;
  /** Exclude `max` itself (default `false`). */
  maxExclusive?: boolean;
}

function rangeText(b: RangeBounds): string {
  const hasMin = b.min !== undefined && b.min !== -Infinity;
  const hasMax = b.max !== undefined && b.max !== Infinity;
  if (hasMin && hasMax) {
    return ` in ${b.minExclusive ? '(' : '['}${b.min}, ${b.max}${b.maxExclusive ? ')' : ']'}`;
  }
  if (hasMin) return ` ${b.minExclusive ? '>' : '>='} ${b.min}`;
  if (hasMax) return ` ${b.maxExclusive ? '<' : '<='} ${b.max}`;
  return '';
}

function inRange(v: number, b: RangeBounds): boolean {
  if (b.min !== undefined && (b.minExclusive ? !(v > b.min) : !(v >= b.min))) return false;
  if (b.max !== undefined && (b.maxExclusive ? !(v < b.max) : !(v <= b.max))) return false;
  return true;
}

function constraint<T>(description: string, test: (v: unknown) => boolean): Constraint<T> {
  return { description, test: test as (v: unknown) => v is T };
}

/**
 * Factories for the common constraints. Each returns a frozen {@link Constraint}.
 *
 * @example
 * ```ts
 * checkOptions('smote', options, { k: is.integer({ min: 1 }), seed: is.seed() });
 * ```
 */
export const is = {
  /** A finite number (no NaN, no ±Infinity) within optional bounds. */
  number(bounds: RangeBounds = {}): Constraint<number> {
    return constraint(
      `a finite number${rangeText(bounds)}`,
      (v) => typeof v === 'number' && Number.isFinite(v) && inRange(v, bounds),
    );
  },
  /** A safe integer within optional bounds. */
  integer(bounds: RangeBounds = {}): Constraint<number> {
    return constraint(
      `an integer${rangeText(bounds)}`,
      (v) => typeof v === 'number' && Number.isSafeInteger(v) && inRange(v, bounds),
    );
  },
  /** `true` or `false`. */
  boolean(): Constraint<boolean> {
    return constraint('a boolean', (v) => typeof v === 'boolean');
  },
  /** Any string, optionally non-empty. */
  string({ nonEmpty = false }: { nonEmpty?: boolean } = {}): Constraint<string> {
    return constraint(nonEmpty ? 'a non-empty string' : 'a string', (v) => typeof v === 'string' && (!nonEmpty || v.length > 0));
  },
  /** One of a fixed list of literal values (compared with `===`). */
  oneOf<const T extends readonly (string | number | boolean | null)[]>(values: T): Constraint<T[number]> {
    const text = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
    return constraint(values.length === 1 ? text : `one of ${text}`, (v) => values.includes(v as T[number]));
  },
  /** A function. */
  func(): Constraint<(...args: never[]) => unknown> {
    return constraint('a function', (v) => typeof v === 'function');
  },
  /** A seed for {@link createRng}: a safe integer, a string, or an existing `Rng`. */
  seed(): Constraint<number | string | object> {
    return constraint(
      'an integer, a string or an Rng',
      (v) =>
        (typeof v === 'number' && Number.isSafeInteger(v)) ||
        typeof v === 'string' ||
        (typeof v === 'object' && v !== null && typeof (v as { uniform?: unknown }).uniform === 'function' &&
          typeof (v as { child?: unknown }).child === 'function'),
    );
  },
  /** An array (or typed array) whose every element satisfies `item`, with an optional minimum length. */
  arrayOf<T>(item: Constraint<T>, { minLength = 0 }: { minLength?: number } = {}): Constraint<readonly T[]> {
    const len = minLength > 0 ? ` of at least ${minLength} element${minLength === 1 ? '' : 's'}` : '';
    return constraint(`an array${len} whose elements are each ${item.description}`, (v) => {
      if (!Array.isArray(v) && !ArrayBuffer.isView(v)) return false;
      const arr = v as ArrayLike<unknown>;
      if (arr.length < minLength) return false;
      for (let i = 0; i < arr.length; i++) if (!item.test(arr[i])) return false;
      return true;
    });
  },
  /** A value satisfying at least one of the given constraints. */
  anyOf<T extends readonly Constraint[]>(...options: T): Constraint<T[number] extends Constraint<infer U> ? U : never> {
    const parts = options.map((c) => c.description);
    const text = parts.length <= 2 ? parts.join(' or ') : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
    return constraint(text, (v) => options.some((c) => c.test(v)));
  },
  /**
   * Something {@link toVector} can read: an array, a typed array or a rank-1 tensor (contents are
   * checked when it is read).
   */
  vector(): Constraint<object> {
    return constraint(
      'a vector (an array, a typed array or a rank-1 tensor)',
      (v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)) || (isTensor(v) && v.rank === 1),
    );
  },
  /**
   * A plain object whose every key satisfies `key` (keys are strings; pass e.g. a numeric-string
   * check for class labels) and every value satisfies `value`.
   */
  record(key: Constraint, value: Constraint): Constraint<Readonly<Record<string, unknown>>> {
    return constraint(`an object whose keys are each ${key.description} and whose values are each ${value.description}`, (v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v) || isTensor(v)) return false;
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      return Object.entries(v).every(([k, val]) => key.test(k) && value.test(val));
    });
  },
  /** A tfjs tensor, optionally of a given rank. */
  tensor({ rank }: { rank?: number } = {}): Constraint<object> {
    return constraint(
      rank === undefined ? 'a tensor' : `a rank-${rank} tensor`,
      (v) => isTensor(v) && (rank === undefined || v.rank === rank),
    );
  },
  /** A custom predicate with its own description. */
  custom<T = unknown>(description: string, test: (v: unknown) => boolean): Constraint<T> {
    return constraint(description, test);
  },
} as const;

const MAX_LISTED = 6;

/**
 * Render any value for an error message: short, unambiguous, never huge (arrays and objects are
 * summarized), and with NaN, Infinity, `-0` and `undefined` spelled out.
 *
 * @param value - anything.
 * @returns a one-line description such as `7`, `'auto'`, `NaN`, `an array of length 1000`.
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return value.length > 60 ? `'${value.slice(0, 57)}…'` : `'${value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean' || typeof value === 'symbol') return String(value);
  if (typeof value === 'function') return value.name ? `function ${value.name}` : 'a function';
  if (isTensor(value)) return `a ${value.dtype} tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) {
    if (value.length <= MAX_LISTED && value.every((v) => v === null || typeof v !== 'object')) {
      return `[${value.map(formatValue).join(', ')}]`;
    }
    return `an array of length ${value.length}`;
  }
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor?.name ?? 'typed array';
    return `a ${name} of length ${(value as unknown as ArrayLike<unknown>).length ?? value.byteLength}`;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== null && proto !== Object.prototype) {
      const name = (proto as { constructor?: { name?: string } }).constructor?.name;
      return name ? `an instance of ${name}` : 'an object';
    }
    const keys = Object.keys(value);
    const shown = keys.slice(0, MAX_LISTED).join(', ');
    return keys.length === 0 ? 'an empty object' : `an object with keys {${shown}${keys.length > MAX_LISTED ? ', …' : ''}}`;
  }
  return String(value);
}

function message(fn: string, what: string, expected: string, got: unknown, reason?: string): string {
  return `${fn}: ${what} must be ${expected}${reason ? ` (${reason})` : ''}; got ${formatValue(got)}.`;
}

/**
 * Build the uniform error for an option that failed a check done by hand (when the bound depends
 * on the data, say).
 *
 * @param fn - the public function's name.
 * @param option - the option's name (dotted for nested options).
 * @param expected - completes "must be …".
 * @param got - the offending value.
 * @param reason - optional, why the bound is what it is; shown in parentheses.
 * @returns the error, for the caller to throw.
 * @example
 * ```ts
 * throw invalidOption('smote', 'k', 'an integer in [1, 4]', 7, 'the smallest class has 5 rows');
 * // smote: option "k" must be an integer in [1, 4] (the smallest class has 5 rows); got 7.
 * ```
 */
export function invalidOption(fn: string, option: string, expected: string, got: unknown, reason?: string): InvalidArgumentError {
  return new InvalidArgumentError(message(fn, `option "${option}"`, expected, got, reason));
}

/**
 * Like {@link invalidOption}, for a positional argument.
 *
 * @param fn - the public function's name.
 * @param argument - the argument's name.
 * @param expected - completes "must be …".
 * @param got - the offending value.
 * @param reason - optional explanation.
 * @returns the error, for the caller to throw.
 */
export function invalidArgument(fn: string, argument: string, expected: string, got: unknown, reason?: string): InvalidArgumentError {
  return new InvalidArgumentError(message(fn, `argument "${argument}"`, expected, got, reason));
}

/**
 * Check one option value against a constraint. `undefined` means "use the default" and passes.
 *
 * @param fn - the public function's name.
 * @param option - the option's name.
 * @param value - the value given.
 * @param c - the constraint.
 * @param reason - optional explanation of the bound, shown in parentheses.
 * @throws {@link InvalidArgumentError} when the value is present and fails the constraint.
 */
export function checkOption(fn: string, option: string, value: unknown, c: Constraint, reason?: string): void {
  if (value !== undefined && !c.test(value)) throw invalidOption(fn, option, c.description, value, reason);
}

/**
 * Check a required positional argument against a constraint (`undefined` fails unless the
 * constraint allows it).
 *
 * @param fn - the public function's name.
 * @param argument - the argument's name.
 * @param value - the value given.
 * @param c - the constraint.
 * @param reason - optional explanation.
 * @throws {@link InvalidArgumentError} when the value fails the constraint.
 */
export function checkArgument(fn: string, argument: string, value: unknown, c: Constraint, reason?: string): void {
  if (!c.test(value)) throw invalidArgument(fn, argument, c.description, value, reason);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * Validate an options object against a table of constraints, the one validator every public
 * function uses. Unknown keys are rejected (a misspelt option must not be silently ignored), with
 * a suggestion when one known name is close. `undefined` values mean "default" and pass.
 *
 * @param fn - the public function's name, which starts the message.
 * @param options - the options object as given (may be `undefined`).
 * @param spec - one constraint per known option.
 * @throws {@link InvalidArgumentError} for a non-object, an unknown key or a failed constraint.
 * @example
 * ```ts
 * checkOptions('kFold', { k: 0 }, { k: is.integer({ min: 2 }) });
 * // InvalidArgumentError: kFold: option "k" must be an integer >= 2; got 0.
 * ```
 */
export function checkOptions(fn: string, options: unknown, spec: Readonly<Record<string, Constraint>>): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options) || isTensor(options)) {
    throw new InvalidArgumentError(`${fn}: options must be an object; got ${formatValue(options)}.`);
  }
  const known = Object.keys(spec);
  for (const key of Object.keys(options)) {
    if (!Object.prototype.hasOwnProperty.call(spec, key)) {
      const close = known.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
      const hint = close.length === 1 ? ` (did you mean "${close[0]}"?)` : '';
      const list = known.length > 0 ? `known options: ${known.join(', ')}` : 'it takes no options';
      throw new InvalidArgumentError(`${fn}: unknown option "${key}"${hint}; ${list}.`);
    }
  }
  for (const key of known) checkOption(fn, key, (options as Record<string, unknown>)[key], spec[key]!);
}
