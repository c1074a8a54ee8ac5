// One axis: its ticks with labels and the map from a data value to a fraction of the axis length.
import { logTicks, niceTicks } from '../ticks.js';
import { formatNumber } from './svg.js';

/** A tick: its data value and its printed label. */
export interface Tick {
  readonly value: number;
  readonly label: string;
}

/** A built axis. `pos` maps a data value to [0, 1] (0 = bottom or left). */
export interface Axis {
  readonly kind: 'linear' | 'log' | 'category';
  readonly ticks: readonly Tick[];
  pos(v: number): number;
}

/**
 * Label linear ticks with the decimals their spacing needs (0.0, 0.2, … rather than 0, 0.2, …),
 * switching to exponent form for very large or very small values.
 */
function linearLabel(v: number, step: number, maxAbs: number): string {
  if (maxAbs >= 1e6 || step < 1e-4) return formatNumber(v);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(decimals);
}

/**
 * Build an axis over the finite `values` (already checked positive for log), widened to cover
 * `domain` when given. With no values and no domain the axis shows [0, 1].
 */
export function makeAxis(values: ArrayLike<number>, scale: 'linear' | 'log', domain?: readonly [number, number], count = 5): Axis {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (domain !== undefined) {
    lo = Math.min(lo, domain[0]);
    hi = Math.max(hi, domain[1]);
  }
  if (lo > hi) [lo, hi] = scale === 'log' ? [1, 10] : [0, 1];
  if (scale === 'log') {
    const t = logTicks(lo, hi);
    const a = Math.log10(t.min);
    const span = Math.log10(t.max) - a;
    return {
      kind: 'log',
      ticks: t.values.map((v) => ({ value: v, label: formatNumber(v) })),
      pos: (v) => (Math.log10(v) - a) / span,
    };
  }
  const t = niceTicks(lo, hi, { count });
  const maxAbs = Math.max(Math.abs(t.min), Math.abs(t.max));
  const span = t.max - t.min;
  return {
    kind: 'linear',
    ticks: t.values.map((v) => ({ value: v, label: linearLabel(v, t.step!, maxAbs) })),
    pos: (v) => (v - t.min) / span,
  };
}

/** A categorical axis: category `i` sits at the middle of the `i`-th of `k` equal bands. */
export function categoryAxis(categories: readonly string[]): Axis {
  const k = Math.max(1, categories.length);
  return {
    kind: 'category',
    ticks: categories.map((c, i) => ({ value: i, label: c })),
    pos: (v) => (v + 0.5) / k,
  };
}
