// Parallel-coordinates charts: one vertical axis per variable, one polyline per record.
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { okabeIto } from './colors.js';
import type { AxisScale } from './ticks.js';
import { categoryAxis, makeAxis, type Axis } from './_internal/axis.js';
import { checkCategoryIndices, checkLength, checkNested, checkPositive, domain, numbers, requireOption, scale, size, strings } from './_internal/check.js';
import { colorBar, colorBarWidth, colorScale } from './_internal/frame.js';
import { el, FONT_SIZE, formatNumber, skippedText, svgDocument, text, textWidth, title, truncate } from './_internal/svg.js';

/** One axis of a {@link parallelCoordinatesChart}. */
export interface ParallelAxis {
  /** Shown above the axis. */
  readonly name: string;
  /** One value per record; category indices when `categories` is given. A record with a non-finite value on any axis is skipped. */
  readonly values: ArrayLike<number>;
  /** `'linear'` (default) or `'log'` (values must then be > 0); not with `categories`. */
  readonly scale?: AxisScale;
  /** Names of the categories: `values` then hold indices into it, evenly spaced on the axis. */
  readonly categories?: readonly string[];
}

/** Options of {@link parallelCoordinatesChart}. */
export interface ParallelCoordinatesOptions {
  /** The axes, left to right (required, at least two, all with the same number of values). */
  readonly axes: readonly ParallelAxis[];
  /** A value per record mapped to viridis, with a colour bar (default: one colour for all). */
  readonly color?: ArrayLike<number>;
  /** Label of the colour bar (default none). */
  readonly colorLabel?: string;
  /** The range the colour scale spans (default the range of `color`). */
  readonly colorDomain?: readonly [number, number];
  /** Hover text per record (default each axis's name and value). */
  readonly hover?: readonly string[];
  /** Chart title (default none). */
  readonly title?: string;
  /** Width in px (default 640). */
  readonly width?: number;
  /** Height in px (default 400). */
  readonly height?: number;
}

const axisConstraint = is.custom('an axis object { name, values, scale?, categories? }', (v) => typeof v === 'object' && v !== null && !Array.isArray(v));

/**
 * A parallel-coordinates chart as an SVG string: one vertical axis per variable (linear, log or
 * categorical, each with its own ticks), one polyline per record across them, coloured by a value
 * on the viridis scale with a colour bar. Records with a non-finite value on any axis (or colour)
 * are skipped and counted in the `<desc>`. Labels are XML-escaped; no DOM is needed.
 *
 * @param options - axes, colours and size.
 * @returns a standalone `<svg>` document.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for fewer than two axes, axes of different
 *   lengths, a value <= 0 on a log axis, a category index out of range, or another bad option.
 * @example
 * ```ts
 * const svg = parallelCoordinatesChart({
 *   axes: [{ name: 'loss', values: [0.3, 0.2] }, { name: 'lr', values: [1e-3, 1e-2], scale: 'log' },
 *          { name: 'act', values: [0, 1], categories: ['relu', 'tanh'] }],
 *   color: [0.3, 0.2], colorLabel: 'loss',
 * });
 * ```
 * @see Inselberg, "The plane with parallel coordinates" (1985); Optuna's `plot_parallel_coordinate`.
 */
export function parallelCoordinatesChart(options: ParallelCoordinatesOptions): string {
  const fn = 'parallelCoordinatesChart';
  const axesC = is.arrayOf(axisConstraint, { minLength: 2 });
  checkOptions(fn, options, {
    axes: axesC, color: numbers, colorLabel: is.string(), colorDomain: domain, hover: strings,
    title: is.string(), width: size, height: size,
  });
  requireOption(fn, options, 'axes', axesC);
  const n = options.axes[0]!.values?.length ?? 0;
  options.axes.forEach((a, i) => {
    const where = `axes[${i}]`;
    checkNested(fn, where, a, { name: is.string(), values: numbers, scale, categories: strings }, ['values']);
    checkLength(fn, `${where}.values`, a.values, n, 'axes[0].values');
    if (a.categories !== undefined) {
      if (a.scale === 'log') throw invalidOption(fn, `${where}.scale`, "'linear' or left out", a.scale, '"categories" makes the axis categorical');
      if (a.categories.length === 0) throw invalidOption(fn, `${where}.categories`, 'a non-empty array of strings', a.categories);
      checkCategoryIndices(fn, `${where}.values`, a.values, a.categories.length);
    } else if (a.scale === 'log') checkPositive(fn, `${where}.scale`, a.values, `axis '${a.name}'`);
  });
  const cs = options.color;
  if (cs !== undefined) checkLength(fn, 'color', cs, n, 'axes[0].values');
  if (options.hover !== undefined) checkLength(fn, 'hover', options.hover, n, 'axes[0].values');

  const keep: number[] = [];
  for (let r = 0; r < n; r++) {
    if (options.axes.every((a) => Number.isFinite(a.values[r]!)) && (cs === undefined || Number.isFinite(cs[r]!))) keep.push(r);
  }
  // Axes span the records drawn, not the skipped ones.
  const axes: Axis[] = options.axes.map((a) =>
    a.categories !== undefined ? categoryAxis(a.categories) : makeAxis(keep.map((r) => a.values[r]!), a.scale ?? 'linear'));
  const scaleOfColor = cs !== undefined ? colorScale(keep.map((r) => cs[r]!), options.colorLabel ?? '', options.colorDomain) : undefined;
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const tickWidth = (a: Axis): number => Math.max(0, ...a.ticks.map((t) => textWidth(truncate(t.label, 14))));
  const top = (options.title ? 34 : 14) + 22;
  const bottom = 14;
  // Names are centred on their axes: the outer ones need half their width of margin.
  const nameWidth = (i: number): number => textWidth(truncate(options.axes[i]!.name ?? '', 24), FONT_SIZE) * 1.1;
  const left = Math.max(10 + tickWidth(axes[0]!) + 8, nameWidth(0) / 2 + 4);
  const lastHalf = nameWidth(axes.length - 1) / 2;
  const right = Math.max(lastHalf, 12) + 8 + (scaleOfColor ? colorBarWidth(scaleOfColor) : 0);
  const gap = (width - left - right) / (axes.length - 1);
  const ph = height - top - bottom;
  if (gap < 30) throw invalidOption(fn, 'width', `a number >= ${Math.ceil(width + (30 - gap) * (axes.length - 1))}`, width, `${axes.length} axes need at least 30 px between them`);
  if (ph < 40) throw invalidOption(fn, 'height', `a number >= ${Math.ceil(height - ph + 40)}`, height, 'the axes would be shorter than 40 px');
  const ax = (i: number): number => left + gap * i;
  const ay = (a: Axis, v: number): number => top + (1 - a.pos(v)) * ph;

  let lines = '';
  for (const r of keep) {
    const pts = axes.map((a, i) => `${ax(i).toFixed(2)},${ay(a, options.axes[i]!.values[r]!).toFixed(2)}`).join(' ');
    const hover = options.hover?.[r] ??
      options.axes.map((a, i) => `${a.name}=${a.categories?.[a.values[r]!] ?? formatNumber(a.values[r]!)}`).join(', ') +
      (cs !== undefined ? `; ${options.colorLabel || 'colour'} ${formatNumber(cs[r]!)}` : '');
    const stroke = scaleOfColor !== undefined ? scaleOfColor.color(cs![r]!) : okabeIto[0]!;
    lines += el('polyline', { class: 'ws-record', points: pts, fill: 'none', stroke, 'stroke-width': 1.5, 'stroke-opacity': 0.7 }, title(hover));
  }
  let axesSvg = '';
  const maxName = Math.min(24, Math.max(4, Math.floor(gap / (FONT_SIZE * 0.66))));
  axes.forEach((a, i) => {
    const x = ax(i);
    let s = el('line', { x1: x, x2: x, y1: top, y2: top + ph, stroke: '#333333' });
    for (const t of a.ticks) {
      const y = ay(a, t.value);
      s += el('line', { x1: x - 3, x2: x, y1: y, y2: y, stroke: '#333333' });
      s += text(x - 5, y + 4, truncate(t.label, 14), { 'text-anchor': 'end', stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke' });
    }
    const name = options.axes[i]!.name ?? '';
    s += text(x, top - 10, truncate(name, maxName), { 'text-anchor': 'middle', 'font-weight': 'bold' });
    axesSvg += el('g', { class: 'ws-axis' }, title(name) + s);
  });
  const body =
    (options.title ? text(width / 2, 22, options.title, { 'text-anchor': 'middle', 'font-size': FONT_SIZE + 3, 'font-weight': 'bold', class: 'ws-title' }) : '') +
    el('g', { class: 'ws-marks' }, lines) +
    axesSvg +
    (scaleOfColor ? colorBar(scaleOfColor, ax(axes.length - 1) + Math.max(lastHalf, 12) - 6, top, ph) : '');
  const desc = `Parallel-coordinates chart of ${keep.length} records on ${axes.length} axes (${options.axes.map((a) => a.name ?? '').join(', ')}).${skippedText(n - keep.length, 'record')}`;
  return svgDocument({ width, height, title: options.title || desc, desc, kind: 'parallel-coordinates-chart' }, body);
}
