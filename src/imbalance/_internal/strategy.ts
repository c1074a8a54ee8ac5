import { InvalidArgumentError } from '../../core/errors.js';
import { formatValue, invalidOption, is } from '../../core/validate.js';
import type { Constraint } from '../../core/validate.js';
import type { SamplingStrategy } from '../types.js';

/** What a resampler does with the classes it targets (imblearn's `sampling_type`). */
export type SamplingKind = 'over-sampling' | 'under-sampling' | 'clean-sampling';

const STRATEGY_NAMES = ['auto', 'minority', 'not majority', 'not minority', 'all'] as const;
type StrategyName = (typeof STRATEGY_NAMES)[number];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The shape check of the `samplingStrategy` option, for `checkOptions` tables: a number, one of
 * the strategy names, a plain `{ label: count }` object or a function. Values that depend on the
 * data (the range of a ratio, unknown labels, counts) are checked by
 * {@link resolveSamplingStrategy}.
 */
export const samplingStrategyConstraint: Constraint<SamplingStrategy> = is.custom<SamplingStrategy>(
  `a number in (0, 1], one of ${STRATEGY_NAMES.map((s) => `'${s}'`).join(', ')}, a { label: count } object or a function`,
  (v) =>
    (typeof v === 'number' && !Number.isNaN(v)) ||
    (typeof v === 'string' && (STRATEGY_NAMES as readonly string[]).includes(v)) ||
    typeof v === 'function' ||
    isPlainObject(v),
);

/**
 * Count each label, keys in ascending label order (as numpy's `np.unique(y, return_counts=True)`,
 * which imblearn's `_count_class_sample` uses). The order matters: the majority / minority class
 * on a tie is the first of the tied labels in this order (Python's `max(d, key=d.get)`).
 */
export function countClasses(y: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  // Count runs of one label, then add them to the map: one lookup per run, not per row.
  for (let i = 0; i < y.length; ) {
    const label = y[i]!;
    let end = i + 1;
    while (end < y.length && y[end] === label) end++;
    counts.set(label, (counts.get(label) ?? 0) + end - i);
    i = end;
  }
  return new Map([...counts.entries()].sort((a, b) => a[0] - b[0]));
}

function majorityOf(stats: Map<number, number>): [label: number, count: number] {
  let best: [number, number] | undefined;
  // Strict comparison keeps the first (smallest) label on a tie.
  for (const [label, count] of stats) if (best === undefined || count > best[1]) best = [label, count];
  return best!;
}

function minorityOf(stats: Map<number, number>): [label: number, count: number] {
  let best: [number, number] | undefined;
  for (const [label, count] of stats) if (best === undefined || count < best[1]) best = [label, count];
  return best!;
}

function fromNamed(name: StrategyName, stats: Map<number, number>, kind: SamplingKind): Map<number, number> {
  const [majorityLabel, majorityCount] = majorityOf(stats);
  const [minorityLabel, minorityCount] = minorityOf(stats);
  // imblearn/utils/_validation.py: 'auto' is 'not majority' for over-samplers and 'not minority'
  // for under-samplers and cleaning methods.
  const effective: Exclude<StrategyName, 'auto'> =
    name === 'auto' ? (kind === 'over-sampling' ? 'not majority' : 'not minority') : name;
  const keep = (label: number): boolean => {
    switch (effective) {
      case 'all':
        return true;
      case 'minority':
        return label === minorityLabel;
      case 'not majority':
        return label !== majorityLabel;
      case 'not minority':
        return label !== minorityLabel;
    }
  };
  const out = new Map<number, number>();
  for (const [label, count] of stats) {
    if (!keep(label)) continue;
    out.set(label, kind === 'over-sampling' ? majorityCount - count : minorityCount);
  }
  return out;
}

function parseLabel(fn: string, key: string, stats: Map<number, number>, where: string): number {
  const label = key.trim() === '' ? Number.NaN : Number(key);
  if (!stats.has(label)) {
    const present = [...stats.keys()];
    throw new InvalidArgumentError(
      `${fn}: option "samplingStrategy"${where} names class ${formatValue(key)}, which is not present in "y" (classes: ${formatValue(present)}).`,
    );
  }
  return label;
}

function fromRecord(
  fn: string,
  record: unknown,
  stats: Map<number, number>,
  kind: SamplingKind,
  where: string,
): Map<number, number> {
  if (!isPlainObject(record)) {
    throw invalidOption(fn, 'samplingStrategy', 'a function returning a { label: count } object', record, `the function returned ${formatValue(record)}`);
  }
  if (kind === 'clean-sampling') {
    throw invalidOption(
      fn,
      'samplingStrategy',
      `one of ${STRATEGY_NAMES.map((s) => `'${s}'`).join(', ')}`,
      record,
      'a cleaning method removes rows it finds noisy rather than reaching a count, so counts per class cannot be given',
    );
  }
  const entries: [number, number][] = [];
  for (const [key, value] of Object.entries(record)) {
    const label = parseLabel(fn, key, stats, where);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw invalidOption(fn, `samplingStrategy[${key}]`, 'a non-negative integer (a number of rows)', value);
    }
    entries.push([label, value]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  const out = new Map<number, number>();
  for (const [label, wanted] of entries) {
    const current = stats.get(label)!;
    if (kind === 'over-sampling') {
      if (wanted < current) {
        throw invalidOption(
          fn,
          `samplingStrategy[${label}]`,
          `an integer >= ${current}`,
          wanted,
          `an over-sampler only adds rows and class ${label} already has ${current}`,
        );
      }
      out.set(label, wanted - current);
    } else {
      if (wanted > current) {
        throw invalidOption(
          fn,
          `samplingStrategy[${label}]`,
          `an integer in [0, ${current}]`,
          wanted,
          `an under-sampler only removes rows and class ${label} has ${current}`,
        );
      }
      out.set(label, wanted);
    }
  }
  return out;
}

function fromRatio(fn: string, ratio: number, stats: Map<number, number>, kind: SamplingKind): Map<number, number> {
  if (!(ratio > 0 && ratio <= 1)) {
    throw invalidOption(fn, 'samplingStrategy', 'a number in (0, 1] when it is a ratio', ratio);
  }
  if (stats.size !== 2) {
    throw invalidOption(
      fn,
      'samplingStrategy',
      'a strategy name, a { label: count } object or a function',
      ratio,
      `a ratio is only defined for two classes and "y" has ${stats.size}`,
    );
  }
  if (kind === 'clean-sampling') {
    throw invalidOption(
      fn,
      'samplingStrategy',
      `one of ${STRATEGY_NAMES.map((s) => `'${s}'`).join(', ')}`,
      ratio,
      'a cleaning method cannot aim at a ratio',
    );
  }
  const out = new Map<number, number>();
  if (kind === 'over-sampling') {
    const [majorityLabel, majorityCount] = majorityOf(stats);
    for (const [label, count] of stats) {
      if (label === majorityLabel) continue;
      // Python's int() truncates towards zero, as Math.trunc.
      const add = Math.trunc(majorityCount * ratio - count);
      if (add <= 0) {
        throw invalidOption(
          fn,
          'samplingStrategy',
          `a ratio > ${count / majorityCount}`,
          ratio,
          `class ${label} already has ${count} rows against ${majorityCount} in class ${majorityLabel}, so this ratio would remove rows, not add them`,
        );
      }
      out.set(label, add);
    }
  } else {
    const [minorityLabel, minorityCount] = minorityOf(stats);
    for (const [label, count] of stats) {
      if (label === minorityLabel) continue;
      const keep = Math.trunc(minorityCount / ratio);
      if (keep > count) {
        throw invalidOption(
          fn,
          'samplingStrategy',
          `a ratio >= ${minorityCount / count}`,
          ratio,
          `class ${label} has ${count} rows against ${minorityCount} in class ${minorityLabel}, so this ratio would add rows, not remove them`,
        );
      }
      out.set(label, keep);
    }
  }
  return out;
}

/**
 * Turn a {@link SamplingStrategy} into per-class numbers, with imbalanced-learn 0.10's semantics
 * (`imblearn/utils/_validation.py`, `check_sampling_strategy`) and whetstone's error messages.
 *
 * @param fn - the public function's name, for messages.
 * @param y - the labels (not modified).
 * @param strategy - the option as given (`undefined` → `'auto'`).
 * @param kind - `'over-sampling'`: the values are the numbers of rows to ADD per class;
 *   `'under-sampling'`: the numbers of rows to KEEP; `'clean-sampling'`: the keys are the classes
 *   to clean (the values, the minority count, mean nothing).
 * @returns label → count, in ascending label order; classes not targeted are absent.
 * @throws {@link InvalidArgumentError} when `y` has fewer than two classes; for an unknown name;
 *   a ratio outside (0, 1], with more than two classes, for a cleaning method, or that would go
 *   the wrong way; an object naming a class absent from `y`, holding a negative or non-integer
 *   count, a count below the current one for an over-sampler (above it for an under-sampler), or
 *   given to a cleaning method; `'minority'` for an under-sampler or cleaning method.
 * @example
 * ```ts
 * resolveSamplingStrategy('smote', [0, 0, 0, 1], 'auto', 'over-sampling'); // Map { 1 => 2 }
 * ```
 * @see imbalanced-learn 0.10 `check_sampling_strategy`.
 */
export function resolveSamplingStrategy(
  fn: string,
  y: readonly number[],
  strategy: SamplingStrategy | undefined,
  kind: SamplingKind,
): Map<number, number> {
  const stats = countClasses(y);
  if (stats.size <= 1) {
    throw new InvalidArgumentError(`${fn}: argument "y" must hold at least 2 classes to resample; got ${stats.size}.`);
  }
  const s = strategy ?? 'auto';
  if (typeof s === 'string') {
    if (!(STRATEGY_NAMES as readonly string[]).includes(s)) {
      throw invalidOption(fn, 'samplingStrategy', `one of ${STRATEGY_NAMES.map((n) => `'${n}'`).join(', ')}`, s);
    }
    if (s === 'minority' && kind !== 'over-sampling') {
      throw invalidOption(
        fn,
        'samplingStrategy',
        `one of ${STRATEGY_NAMES.filter((n) => n !== 'minority').map((n) => `'${n}'`).join(', ')}`,
        s,
        `${kind === 'under-sampling' ? 'an under-sampler' : 'a cleaning method'} cannot target the minority class alone`,
      );
    }
    return fromNamed(s as StrategyName, stats, kind);
  }
  if (typeof s === 'number') return fromRatio(fn, s, stats, kind);
  if (typeof s === 'function') {
    // The callback gets its own copy so that it cannot change the labels being resampled.
    return fromRecord(fn, s(y.slice()), stats, kind, ' (through its function)');
  }
  if (isPlainObject(s)) return fromRecord(fn, s, stats, kind, '');
  throw invalidOption(fn, 'samplingStrategy', samplingStrategyConstraint.description, s);
}
