// Axis ticks: Heckbert's "nice numbers" for linear axes, powers of ten for log axes.
import { checkOptions, invalidArgument, is } from '../core/validate.js';

/** Whether an axis is linear or logarithmic (base 10). */
export type AxisScale = 'linear' | 'log';

/** Tick positions for an axis, and the range the axis should span to include them all. */
export interface Ticks {
  /** Lower end of the axis (the first tick; at most the data's minimum). */
  readonly min: number;
  /** Upper end of the axis (the last tick; at least the data's maximum). */
  readonly max: number;
  /** Spacing of linear ticks, or `null` for log ticks (which are not evenly spaced). */
  readonly step: number | null;
  /** Tick values, increasing. */
  readonly values: readonly number[];
}

/** Options of {@link niceTicks}. */
export interface NiceTicksOptions {
  /** About how many intervals to aim for, an integer >= 1 (default 5); the result may have a few more or fewer. */
  readonly count?: number;
}

/** Heckbert's nice number: 1, 2 or 5 times a power of ten, rounded to nearest or up, as [mantissa, exponent]. */
function niceNumber(x: number, round: boolean): [number, number] {
  const e = Math.floor(Math.log10(x));
  const f = x / decimal(1, e);
  let nice: number;
  if (round) nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice === 10 ? [1, e + 1] : [nice, e];
}

/**
 * `n · 10^e` for an integer `n`, as the double closest to the decimal value: one multiplication
 * or division of exact operands (powers of ten up to 1e22 are exact) rounds once, so tick values
 * come out as written (0.3, not 0.30000000000000004) at any magnitude.
 */
function decimal(n: number, e: number): number {
  const r = e >= 0 ? n * Number(`1e${e}`) : n / Number(`1e${-e}`);
  return Object.is(r, -0) ? 0 : r;
}

function checkRange(fn: string, min: number, max: number): void {
  if (typeof min !== 'number' || !Number.isFinite(min)) throw invalidArgument(fn, 'min', 'a finite number', min);
  if (typeof max !== 'number' || !Number.isFinite(max)) throw invalidArgument(fn, 'max', 'a finite number', max);
  if (max < min) throw invalidArgument(fn, 'max', `a number >= min (${min})`, max);
  if (!Number.isFinite(max - min)) throw invalidArgument(fn, 'max', `a number with max − min finite (min is ${min})`, max);
}

/**
 * Linear axis ticks by Heckbert's loose labeling: the spacing is a "nice" number (1, 2 or 5 times
 * a power of ten) close to `(max − min) / count`, and the axis is widened outward to the nearest
 * multiples of it, so the ends are labeled. A zero-width range (or one narrower than float64 can step through) is widened around its
 * middle first.
 *
 * @param min - smallest data value (finite).
 * @param max - largest data value (finite, `>= min`).
 * @param options - `count`, the number of intervals to aim for.
 * @returns the ticks and the axis range they span.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for non-finite bounds, `max < min` or a bad `count`.
 * @example
 * ```ts
 * niceTicks(0, 1).values;      // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * niceTicks(3.2, 97.1).values; // [0, 20, 40, 60, 80, 100]
 * ```
 * @see Paul S. Heckbert, "Nice numbers for graph labels", Graphics Gems (1990), pp. 61–63.
 */
export function niceTicks(min: number, max: number, options?: NiceTicksOptions): Ticks {
  const fn = 'niceTicks';
  checkRange(fn, min, max);
  checkOptions(fn, options, { count: is.integer({ min: 1, max: 1000 }) });
  const count = options?.count ?? 5;
  let lo = min;
  let hi = max;
  // A range too narrow for float64 to step through (or empty) is widened around its middle:
  // beyond ~1e-10 of the magnitude, tick values would no longer be distinct numbers.
  if (hi - lo <= Math.max(Math.abs(lo), Math.abs(hi)) * 1e-10) {
    const mid = lo + (hi - lo) / 2;
    const half = mid === 0 ? 1 : Math.abs(mid) * 0.1;
    lo = mid - half;
    hi = mid + half;
  }
  const [rm, re] = niceNumber(hi - lo, false);
  const [m, e] = niceNumber(decimal(rm, re) / count, true);
  const step = decimal(m, e);
  // The tolerance keeps 0.6 / 0.2 = 2.9999999999999996 from adding a tick below 0.6.
  const k0 = Math.floor(lo / step + 1e-9);
  const k1 = Math.ceil(hi / step - 1e-9);
  const values: number[] = [];
  for (let k = k0; k <= k1; k++) values.push(decimal(k * m, e));
  return Object.freeze({ min: values[0]!, max: values[values.length - 1]!, step, values: Object.freeze(values) });
}

/**
 * Log axis ticks. Over more than two decades the axis is widened to whole decades and labeled at
 * powers of ten (every k-th power when there would be more than 9 labels); over two decades or
 * fewer it is widened only to the nearest 1, 2 or 5 times a power of ten and labeled at each of
 * those, so that short ranges still fill the axis and get several labels.
 *
 * @param min - smallest data value (finite, > 0).
 * @param max - largest data value (finite, `>= min`).
 * @returns the ticks (`step` is `null`) and the axis range.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for non-positive or non-finite bounds or `max < min`.
 * @example
 * ```ts
 * logTicks(1e-5, 1e-1).values; // [0.00001, 0.0001, 0.001, 0.01, 0.1]
 * logTicks(0.08, 1.05).values; // [0.05, 0.1, 0.2, 0.5, 1, 2]
 * ```
 * @see matplotlib's `LogLocator` (ticks at powers of the base, with `subs` 1, 2, 5 on short ranges).
 */
export function logTicks(min: number, max: number): Ticks {
  const fn = 'logTicks';
  checkRange(fn, min, max);
  if (min <= 0) throw invalidArgument(fn, 'min', 'a number > 0', min, 'a log axis cannot show zero or negative values');
  // Whole decades around the data must stay normal float64 numbers.
  if (min < 1e-300) throw invalidArgument(fn, 'min', 'a number >= 1e-300', min);
  if (max > 1e300) throw invalidArgument(fn, 'max', 'a number <= 1e300', max);
  const e0 = Math.floor(Math.log10(min) + 1e-9);
  const e1 = Math.ceil(Math.log10(max) - 1e-9);
  if (Math.log10(max / min) > 2) {
    const every = Math.ceil((e1 - e0) / 8);
    // Align the labeled powers to multiples of `every` so that both ends are labeled powers.
    const k0 = Math.floor(e0 / every) * every;
    const k1 = Math.ceil(e1 / every) * every;
    const values: number[] = [];
    for (let k = k0; k <= k1; k += every) values.push(decimal(1, k));
    return Object.freeze({ min: values[0]!, max: values[values.length - 1]!, step: null, values: Object.freeze(values) });
  }
  const candidates: number[] = [];
  for (let k = e0 - 1; k <= e1 + 1; k++) for (const m of [1, 2, 5]) candidates.push(decimal(m, k));
  let lo = candidates.filter((v) => v <= min * (1 + 1e-9)).pop()!;
  let hi = candidates.find((v) => v >= max * (1 - 1e-9))!;
  if (lo === hi) {
    lo = candidates[candidates.indexOf(lo) - 1]!;
    hi = candidates[candidates.indexOf(hi) + 1]!;
  }
  const values = candidates.filter((v) => v >= lo && v <= hi);
  return Object.freeze({ min: lo, max: hi, step: null, values: Object.freeze(values) });
}
