// Constraints and checks the chart functions share, so that every chart words the same mistake
// the same way.
import { InvalidArgumentError } from '../../core/errors.js';
import { formatValue, invalidOption, is, type Constraint } from '../../core/validate.js';

/** An array or typed array of numbers (NaN and ±Infinity allowed: charts skip and count them). */
export const numbers: Constraint<ArrayLike<number>> = is.custom<ArrayLike<number>>(
  'an array or typed array of numbers',
  (v) =>
    (Array.isArray(v) && v.every((n) => typeof n === 'number')) ||
    (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array)),
);

/** An array of strings. */
export const strings: Constraint<readonly string[]> = is.arrayOf(is.string());

/** `'linear'` or `'log'`. */
export const scale = is.oneOf(['linear', 'log'] as const);

/** `[min, max]` with finite `min <= max`. */
export const domain: Constraint<readonly [number, number]> = is.custom<readonly [number, number]>(
  'a [min, max] pair of finite numbers with min <= max',
  (v) =>
    Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number' &&
    Number.isFinite(v[0]) && Number.isFinite(v[1]) && v[0] <= v[1],
);

/** Chart width or height in px. */
export const size = is.number({ min: 50, max: 100000 });

/** A CSS colour (any non-empty string; it is escaped, not interpreted). */
export const color = is.string({ nonEmpty: true });

/** Throw the uniform "missing option" error when a required option is absent. */
export function requireOption(fn: string, options: unknown, key: string, c: Constraint): void {
  const v = typeof options === 'object' && options !== null ? (options as Record<string, unknown>)[key] : undefined;
  if (v === undefined) throw invalidOption(fn, key, c.description, undefined, 'it is required');
}

/**
 * Throw when a log axis would get a finite value <= 0 (non-finite values are skipped anyway).
 * `where` names the data (`series 'loss' y`) for the message.
 */
export function checkPositive(fn: string, option: string, values: ArrayLike<number>, where: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && v <= 0) {
      throw invalidOption(fn, option, "'linear'", 'log', `${where} has the value ${v} at index ${i}; a log axis needs values > 0`);
    }
  }
}

/** Throw when `values` and `reference` differ in length. */
export function checkLength(fn: string, option: string, values: ArrayLike<unknown>, length: number, reference: string): void {
  if (values.length !== length) {
    throw invalidOption(fn, option, `an array of length ${length}, the length of ${reference}`, values, `its length is ${values.length}`);
  }
}

/** Throw unless every finite value is a valid category index. */
export function checkCategoryIndices(fn: string, option: string, values: ArrayLike<number>, count: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && !(Number.isInteger(v) && v >= 0 && v < count)) {
      throw invalidOption(fn, option, `category indices (integers in [0, ${count - 1}])`, v, `at index ${i}; there are ${count} categories`);
    }
  }
}

/**
 * {@link checkOptions} for an object nested in the options (`series[0]`, `axes[2]`): same rules,
 * messages that start with the function's name and name the nested option in full
 * (`lineChart: option "series[0].x" must be …`).
 */
export function checkNested(fn: string, path: string, value: unknown, spec: Readonly<Record<string, Constraint>>, required: readonly string[] = []): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(`${fn}: option "${path}" must be an object; got ${formatValue(value)}.`);
  }
  const known = Object.keys(spec);
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(spec, key)) {
      throw new InvalidArgumentError(`${fn}: unknown option "${path}.${key}"; known options of "${path}": ${known.join(', ')}.`);
    }
  }
  for (const key of known) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) {
      if (required.includes(key)) throw invalidOption(fn, `${path}.${key}`, spec[key]!.description, undefined, 'it is required');
    } else if (!spec[key]!.test(v)) throw invalidOption(fn, `${path}.${key}`, spec[key]!.description, v);
  }
}
