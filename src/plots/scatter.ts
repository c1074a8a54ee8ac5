// Scatter charts: points, optionally coloured by a continuous value with a colour bar, on linear,
// log or categorical axes.
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { okabeIto } from './colors.js';
import type { AxisScale } from './ticks.js';
import { categoryAxis, makeAxis, type Axis } from './_internal/axis.js';
import { checkCategoryIndices, checkLength, checkPositive, color, domain, numbers, requireOption, scale, size, strings } from './_internal/check.js';
import { colorScale, renderFrame } from './_internal/frame.js';
import { el, formatNumber, skippedText, title } from './_internal/svg.js';

/** Options of {@link scatterChart}. */
export interface ScatterChartOptions {
  /** x values (required); category indices when `xCategories` is given. NaN and ±Infinity are skipped. */
  readonly x: ArrayLike<number>;
  /** y values (required), as many as `x`; category indices when `yCategories` is given. */
  readonly y: ArrayLike<number>;
  /** A value per point mapped to viridis, with a colour bar (default: all points `pointColor`). Points whose value is not finite are skipped. */
  readonly color?: ArrayLike<number>;
  /** Label of the colour bar (default none). */
  readonly colorLabel?: string;
  /** The range the colour scale spans (default the range of `color`); share one across panels of a facet. */
  readonly colorDomain?: readonly [number, number];
  /** Draw the colour bar when `color` is given (default `true`). */
  readonly colorBar?: boolean;
  /** Colour of every point when `color` is not given (default the first Okabe–Ito colour). */
  readonly pointColor?: string;
  /** Hover text per point, as many as `x` (default `x, y`). */
  readonly hover?: readonly string[];
  /** Names of x categories: `x` then holds indices into it, shown as evenly spaced labels. */
  readonly xCategories?: readonly string[];
  /** Names of y categories, as for `xCategories`. */
  readonly yCategories?: readonly string[];
  /** `'linear'` (default) or `'log'`; not with `xCategories`. */
  readonly xScale?: AxisScale;
  /** `'linear'` (default) or `'log'`; not with `yCategories`. */
  readonly yScale?: AxisScale;
  /** A range the x axis must cover besides the data; default the data's range. */
  readonly xDomain?: readonly [number, number];
  /** A range the y axis must cover besides the data; default the data's range. */
  readonly yDomain?: readonly [number, number];
  /** Marker radius in px (default 3.5). */
  readonly radius?: number;
  /** Chart title (default none). */
  readonly title?: string;
  /** x-axis label (default none). */
  readonly xLabel?: string;
  /** y-axis label (default none). */
  readonly yLabel?: string;
  /** Width in px (default 640). */
  readonly width?: number;
  /** Height in px (default 400). */
  readonly height?: number;
}

/** Check one axis's values and build it over the values of the points drawn (`shown`). */
function axisFor(fn: string, which: 'x' | 'y', values: ArrayLike<number>, shown: readonly number[], s: AxisScale, categories: readonly string[] | undefined, d: readonly [number, number] | undefined): Axis {
  if (categories === undefined) {
    if (s === 'log') checkPositive(fn, `${which}Scale`, values, which);
    if (s === 'log' && d !== undefined && d[0] <= 0) throw invalidOption(fn, `${which}Domain`, 'a range of values > 0 on a log axis', d);
    return makeAxis(shown, s, d);
  }
  if (s === 'log') throw invalidOption(fn, `${which}Scale`, "'linear' or left out", s, `"${which}Categories" makes the axis categorical`);
  if (categories.length === 0) throw invalidOption(fn, `${which}Categories`, 'a non-empty array of strings', categories);
  checkCategoryIndices(fn, which, values, categories.length);
  return categoryAxis(categories);
}

/**
 * A scatter chart as an SVG string: one marker per point with hover text, optionally coloured by
 * a value on the viridis scale (with a colour bar), on linear, log or categorical axes. Points
 * with a non-finite coordinate or colour value are skipped and counted in the `<desc>`. Labels are
 * XML-escaped; no DOM is needed.
 *
 * @param options - points, colours, axes and size.
 * @returns a standalone `<svg>` document.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for missing `x`/`y`, arrays of different
 *   lengths, a value <= 0 on a log axis, a category index out of range, or another bad option.
 * @example
 * ```ts
 * const svg = scatterChart({ x: [0.1, 0.01, 0.001], y: [0.3, 0.2, 0.25], color: [0, 1, 2],
 *   colorLabel: 'trial', xScale: 'log', xLabel: 'learning rate', yLabel: 'loss' });
 * ```
 * @see Optuna's `plot_slice` (optuna/visualization/_slice.py), which this serves.
 */
export function scatterChart(options: ScatterChartOptions): string {
  const fn = 'scatterChart';
  checkOptions(fn, options, {
    x: numbers, y: numbers, color: numbers, colorLabel: is.string(), colorDomain: domain, colorBar: is.boolean(),
    pointColor: color, hover: strings, xCategories: strings, yCategories: strings, xScale: scale, yScale: scale,
    xDomain: domain, yDomain: domain, radius: is.number({ min: 0.5, max: 100 }), title: is.string(),
    xLabel: is.string(), yLabel: is.string(), width: size, height: size,
  });
  requireOption(fn, options, 'x', numbers);
  requireOption(fn, options, 'y', numbers);
  const { x: xs, y: ys, color: cs } = options;
  const n = xs.length;
  checkLength(fn, 'y', ys, n, 'x');
  if (cs !== undefined) checkLength(fn, 'color', cs, n, 'x');
  if (options.hover !== undefined) checkLength(fn, 'hover', options.hover, n, 'x');
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(xs[i]!) && Number.isFinite(ys[i]!) && (cs === undefined || Number.isFinite(cs[i]!))) keep.push(i);
  }
  const xAxis = axisFor(fn, 'x', xs, keep.map((i) => xs[i]!), options.xScale ?? 'linear', options.xCategories, options.xDomain);
  const yAxis = axisFor(fn, 'y', ys, keep.map((i) => ys[i]!), options.yScale ?? 'linear', options.yCategories, options.yDomain);
  // The colour scale spans the points drawn, not the skipped ones.
  const scaleOfColor = cs !== undefined ? colorScale(keep.map((i) => cs[i]!), options.colorLabel ?? '', options.colorDomain) : undefined;
  const fixed = options.pointColor ?? okabeIto[0]!;
  const r = options.radius ?? 3.5;
  const xName = (i: number): string => options.xCategories?.[xs[i]!] ?? formatNumber(xs[i]!);
  const yName = (i: number): string => options.yCategories?.[ys[i]!] ?? formatNumber(ys[i]!);

  return renderFrame({
    fn,
    kind: 'scatter-chart',
    width: options.width ?? 640,
    height: options.height ?? 400,
    title: options.title ?? '',
    desc: `Scatter chart of ${keep.length} points.${skippedText(n - keep.length)}`,
    xLabel: options.xLabel ?? '',
    yLabel: options.yLabel ?? '',
    x: xAxis,
    y: yAxis,
    inset: r + 2,
    colorBar: scaleOfColor !== undefined && (options.colorBar ?? true) ? scaleOfColor : undefined,
    marks(X, Y) {
      let s = '';
      for (const i of keep) {
        const fill = scaleOfColor !== undefined ? scaleOfColor.color(cs![i]!) : fixed;
        const hover = options.hover?.[i] ?? `${xName(i)}, ${yName(i)}${cs !== undefined ? ` (${options.colorLabel || 'colour'} ${formatNumber(cs[i]!)})` : ''}`;
        s += el('circle', { class: 'ws-point', cx: X(xs[i]!), cy: Y(ys[i]!), r, fill, stroke: '#ffffff', 'stroke-width': 0.5 }, title(hover));
      }
      return s;
    },
  });
}
