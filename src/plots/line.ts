// Line charts: one or more series of (x, y) pairs, drawn as lines, markers or both.
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { okabeIto } from './colors.js';
import type { AxisScale } from './ticks.js';
import { makeAxis } from './_internal/axis.js';
import { checkLength, checkNested, checkPositive, color, domain, numbers, requireOption, scale, size, strings } from './_internal/check.js';
import { renderFrame, type LegendItem } from './_internal/frame.js';
import { el, formatNumber, px, skippedText, title } from './_internal/svg.js';

/** One series of a {@link lineChart}. */
export interface LineSeries {
  /** Shown in the legend and the hover text. */
  readonly name: string;
  /** x values. NaN and ±Infinity are skipped (the line breaks there). */
  readonly x: ArrayLike<number>;
  /** y values, as many as `x`. */
  readonly y: ArrayLike<number>;
  /** Any CSS colour (default: the next {@link okabeIto} colour). */
  readonly color?: string;
  /** Draw the line dashed (default `false`). */
  readonly dash?: boolean;
  /** Draw the connecting line (default `true`). */
  readonly line?: boolean;
  /** Draw a marker at each point, with hover text (default `false`). */
  readonly markers?: boolean;
  /** Hover text per point, as many as `x` (default `name: x, y`); used with `markers`. */
  readonly hover?: readonly string[];
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  /** The series (required, at least one). */
  readonly series: readonly LineSeries[];
  /** Chart title (default none; also the SVG's accessible name). */
  readonly title?: string;
  /** x-axis label (default none). */
  readonly xLabel?: string;
  /** y-axis label (default none). */
  readonly yLabel?: string;
  /** `'linear'` (default) or `'log'` (every finite x must then be > 0). */
  readonly xScale?: AxisScale;
  /** `'linear'` (default) or `'log'` (every finite y must then be > 0). */
  readonly yScale?: AxisScale;
  /** A range the x axis must cover besides the data (e.g. `[0, 1]`); default the data's range. */
  readonly xDomain?: readonly [number, number];
  /** A range the y axis must cover besides the data; default the data's range. */
  readonly yDomain?: readonly [number, number];
  /** Show the legend (default: when there are two series or more). */
  readonly legend?: boolean;
  /** Width in px (default 640). */
  readonly width?: number;
  /** Height in px (default 400). */
  readonly height?: number;
}

const SERIES_SPEC = {
  name: is.string(),
  x: numbers,
  y: numbers,
  color,
  dash: is.boolean(),
  line: is.boolean(),
  markers: is.boolean(),
  hover: strings,
};

/** The `d` of a path through the finite points, starting a new sub-path after each gap. */
function pathData(xs: ArrayLike<number>, ys: ArrayLike<number>, X: (v: number) => number, Y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(X(x))} ${px(Y(y))}`;
    pen = true;
  }
  return d;
}

/**
 * A line chart as an SVG string: each series a polyline (optionally dashed, optionally with
 * markers that carry hover text), nice ticks on linear axes and powers of ten on log axes, a
 * legend when there are several series, colour-blind-safe default colours. Points with a NaN or
 * infinite coordinate are skipped (lines break there) and counted in the SVG's `<desc>`. Labels
 * are XML-escaped. Needs no DOM: works in Node, Deno and browsers.
 *
 * @param options - the series, labels, scales and size.
 * @returns a standalone `<svg>` document (a string ending in a newline).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for no series, `x` and `y` of different
 *   lengths, a value <= 0 on a log axis, or any other bad option.
 * @example
 * ```ts
 * const svg = lineChart({
 *   series: [{ name: 'train', x: [1, 2, 3], y: [0.9, 0.5, 0.4] }, { name: 'val', x: [1, 2, 3], y: [1, 0.7, 0.6], dash: true }],
 *   xLabel: 'epoch', yLabel: 'loss', yScale: 'log',
 * });
 * ```
 * @see Heckbert, "Nice numbers for graph labels" (tick placement), and Okabe & Ito's palette.
 */
export function lineChart(options: LineChartOptions): string {
  const fn = 'lineChart';
  const series = is.arrayOf(is.custom('a series object', (v) => typeof v === 'object' && v !== null && !Array.isArray(v)), { minLength: 1 });
  checkOptions(fn, options, {
    series, title: is.string(), xLabel: is.string(), yLabel: is.string(), xScale: scale, yScale: scale,
    xDomain: domain, yDomain: domain, legend: is.boolean(), width: size, height: size,
  });
  requireOption(fn, options, 'series', series);
  const xScale = options.xScale ?? 'linear';
  const yScale = options.yScale ?? 'linear';
  options.series.forEach((s, i) => {
    checkNested(fn, `series[${i}]`, s, SERIES_SPEC, ['x', 'y']);
    checkLength(fn, `series[${i}].y`, s.y, s.x.length, `series[${i}].x`);
    if (s.hover !== undefined) checkLength(fn, `series[${i}].hover`, s.hover, s.x.length, `series[${i}].x`);
    if (s.line === false && s.markers !== true) throw invalidOption(fn, `series[${i}].markers`, 'true when "line" is false', s.markers, 'the series would be invisible');
    if (xScale === 'log') checkPositive(fn, 'xScale', s.x, `series[${i}] x`);
    if (yScale === 'log') checkPositive(fn, 'yScale', s.y, `series[${i}] y`);
  });
  if (options.xDomain && xScale === 'log' && options.xDomain[0] <= 0) throw invalidOption(fn, 'xDomain', 'a range of values > 0 on a log axis', options.xDomain);
  if (options.yDomain && yScale === 'log' && options.yDomain[0] <= 0) throw invalidOption(fn, 'yDomain', 'a range of values > 0 on a log axis', options.yDomain);

  const allX: number[] = [];
  const allY: number[] = [];
  let points = 0;
  let skipped = 0;
  for (const s of options.series) {
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i]!;
      const y = s.y[i]!;
      if (Number.isFinite(x) && Number.isFinite(y)) {
        allX.push(x);
        allY.push(y);
        points++;
      } else skipped++;
    }
  }
  const colors = options.series.map((s, i) => s.color ?? okabeIto[i % okabeIto.length]!);
  const legendItems: LegendItem[] = options.series.map((s, i) => ({
    name: s.name ?? '', color: colors[i]!, dash: s.dash ?? false, line: s.line ?? true, marker: s.markers ?? false,
  }));
  const names = options.series.map((s) => s.name ?? '').filter((n) => n !== '');
  const desc = `Line chart of ${options.series.length} series (${names.join(', ') || 'unnamed'}), ${points} points.${skippedText(skipped)}`;

  return renderFrame({
    fn,
    kind: 'line-chart',
    width: options.width ?? 640,
    height: options.height ?? 400,
    title: options.title ?? '',
    desc,
    xLabel: options.xLabel ?? '',
    yLabel: options.yLabel ?? '',
    x: makeAxis(allX, xScale, options.xDomain),
    y: makeAxis(allY, yScale, options.yDomain),
    inset: options.series.some((s) => s.markers === true) ? 6 : 0,
    legend: (options.legend ?? options.series.length > 1) ? legendItems : undefined,
    marks(X, Y) {
      let s = '';
      options.series.forEach((series, k) => {
        const c = colors[k]!;
        const name = series.name ?? '';
        let g = '';
        if (series.line ?? true) {
          g += el('path', {
            class: 'ws-line', d: pathData(series.x, series.y, X, Y), fill: 'none', stroke: c, 'stroke-width': 2,
            'stroke-linejoin': 'round', 'stroke-dasharray': series.dash ? '6 4' : undefined,
          }, title(name));
        }
        if (series.markers) {
          for (let i = 0; i < series.x.length; i++) {
            const x = series.x[i]!;
            const y = series.y[i]!;
            if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
            const hover = series.hover?.[i] ?? `${name ? `${name}: ` : ''}${formatNumber(x)}, ${formatNumber(y)}`;
            g += el('circle', { class: 'ws-point', cx: X(x), cy: Y(y), r: 3.5, fill: c }, title(hover));
          }
        }
        s += el('g', { class: 'ws-series' }, g);
      });
      return s;
    },
  });
}
