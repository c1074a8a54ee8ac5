// Horizontal bar charts with labels (importances, per-class scores).
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { okabeIto } from './colors.js';
import { makeAxis } from './_internal/axis.js';
import { color, domain, requireOption, size } from './_internal/check.js';
import { el, FONT_SIZE, formatNumber, skippedText, svgDocument, text, textWidth, title, truncate } from './_internal/svg.js';

/** One bar of a {@link barChart}. */
export interface Bar {
  /** The label left of the bar (long labels are shortened on screen; the hover text has it in full). */
  readonly label: string;
  /** The bar's length; negative values extend left of zero. NaN and ±Infinity are skipped. */
  readonly value: number;
  /** Any CSS colour (default the chart's `color`). */
  readonly color?: string;
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  /** The bars, drawn top to bottom in this order (required, at least one). */
  readonly bars: readonly Bar[];
  /** Chart title (default none). */
  readonly title?: string;
  /** Label of the value axis (default none). */
  readonly xLabel?: string;
  /** A range the value axis must cover besides 0 and the data (e.g. `[0, 1]`). */
  readonly xDomain?: readonly [number, number];
  /** Colour of bars without their own (default the first Okabe–Ito colour). */
  readonly color?: string;
  /** Print each bar's value at its end, to 3 significant digits (default `true`; the hover text has 6). */
  readonly showValues?: boolean;
  /** Width in px (default 640). */
  readonly width?: number;
  /** Height in px (default 80 px plus 28 px per bar, at least 160). */
  readonly height?: number;
}

const MAX_LABEL = 32;

const barConstraint = is.custom<Bar>(
  'a bar object { label: string, value: number, color?: string }',
  (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const b = v as Record<string, unknown>;
    const known = Object.keys(b).every((k) => k === 'label' || k === 'value' || k === 'color');
    return known && typeof b.label === 'string' && typeof b.value === 'number' && (b.color === undefined || (typeof b.color === 'string' && b.color !== ''));
  },
);

/**
 * A horizontal bar chart as an SVG string: one labeled bar per entry, top to bottom in the order
 * given, on a value axis with nice ticks that always includes zero. Each bar carries hover text
 * with its label and value. Bars with a non-finite value are skipped and counted in the `<desc>`.
 *
 * @param options - bars, labels, colours and size.
 * @returns a standalone `<svg>` document.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for no bars, a malformed bar, or another bad option.
 * @example
 * ```ts
 * const svg = barChart({ bars: [{ label: 'lr', value: 0.7 }, { label: 'units', value: 0.2 }], xLabel: 'importance' });
 * ```
 * @see Optuna's `plot_param_importances` (optuna/visualization/_param_importances.py).
 */
export function barChart(options: BarChartOptions): string {
  const fn = 'barChart';
  const bars = is.arrayOf(barConstraint, { minLength: 1 });
  checkOptions(fn, options, {
    bars, title: is.string(), xLabel: is.string(), xDomain: domain, color, showValues: is.boolean(), width: size, height: size,
  });
  requireOption(fn, options, 'bars', bars);
  const all = options.bars;
  const shown = all.filter((b) => Number.isFinite(b.value));
  const values = shown.map((b) => b.value);
  const axis = makeAxis([0, ...values], 'linear', options.xDomain);
  const width = options.width ?? 640;
  const height = options.height ?? Math.max(160, 80 + 28 * all.length);
  const showValues = options.showValues ?? true;
  const labels = all.map((b) => truncate(b.label, MAX_LABEL));
  const left = 12 + Math.max(...labels.map((l) => textWidth(l))) + 8;
  const valueWidth = showValues ? Math.max(0, ...values.map((v) => textWidth(formatNumber(v, 3)))) + 8 : 0;
  const right = 16 + valueWidth;
  const top = options.title ? 34 : 14;
  const bottom = 26 + (options.xLabel ? FONT_SIZE + 10 : 0);
  const pw = width - left - right;
  const ph = height - top - bottom;
  if (pw < 20) throw invalidOption(fn, 'width', `a number >= ${Math.ceil(width - pw + 20)}`, width, 'the bars would get less than 20 px after the labels');
  if (ph < 8 * all.length) throw invalidOption(fn, 'height', `a number >= ${Math.ceil(height - ph + 8 * all.length)}`, height, `${all.length} bars need at least 8 px each`);
  const X = (v: number): number => left + axis.pos(v) * pw;
  const band = ph / all.length;

  let grid = '';
  let ticks = '';
  for (const t of axis.ticks) {
    grid += el('line', { x1: X(t.value), x2: X(t.value), y1: top, y2: top + ph, stroke: '#e6e6e6' });
    ticks += text(X(t.value), top + ph + 16, t.label, { 'text-anchor': 'middle' });
  }
  let marks = '';
  const fallback = options.color ?? okabeIto[0]!;
  all.forEach((b, i) => {
    const cy = top + band * (i + 0.5);
    marks += text(left - 8, cy + 4, labels[i]!, { 'text-anchor': 'end' });
    if (!Number.isFinite(b.value)) return;
    const x0 = X(0);
    const x1 = X(b.value);
    const h = Math.min(band * 0.7, 40);
    marks += el('rect', { class: 'ws-bar', x: Math.min(x0, x1), y: cy - h / 2, width: Math.abs(x1 - x0), height: h, fill: b.color ?? fallback }, title(`${b.label}: ${formatNumber(b.value)}`));
    if (showValues) {
      const neg = b.value < 0;
      marks += text(neg ? x1 - 4 : x1 + 4, cy + 4, formatNumber(b.value, 3), { 'text-anchor': neg ? 'end' : 'start', class: 'ws-value' });
    }
  });
  const body =
    (options.title ? text(width / 2, 22, options.title, { 'text-anchor': 'middle', 'font-size': FONT_SIZE + 3, 'font-weight': 'bold', class: 'ws-title' }) : '') +
    el('g', { class: 'ws-grid' }, grid) +
    el('g', { class: 'ws-marks' }, marks) +
    el('line', { x1: X(0), x2: X(0), y1: top, y2: top + ph, stroke: '#333333' }) +
    el('line', { x1: left, x2: left + pw, y1: top + ph, y2: top + ph, stroke: '#333333' }) +
    el('g', { class: 'ws-labels' }, ticks + (options.xLabel ? text(left + pw / 2, height - 8, options.xLabel, { 'text-anchor': 'middle', class: 'ws-axis-label' }) : ''));
  const desc = `Bar chart of ${shown.length} bars.${skippedText(all.length - shown.length, 'bar')}`;
  return svgDocument({ width, height, title: options.title || desc, desc, kind: 'bar-chart' }, body);
}
