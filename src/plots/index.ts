/**
 * Dependency-free SVG charts, returned as strings: no DOM, no canvas, no fonts to load, so they
 * work the same in Node, Deno, browsers and notebooks (write the string to a `.svg` file, or
 * display it as HTML). Line charts (with markers, dashes and legends), scatter charts (with a
 * viridis colour bar and categorical axes), horizontal bar charts, parallel-coordinates charts,
 * and a grid helper that puts several charts in one SVG. Linear axes get Heckbert's "nice
 * number" ticks, log axes powers of ten; series colours come from the colour-blind-safe
 * Okabe–Ito palette. Every label is XML-escaped; every chart has a `<title>` and a `<desc>` for
 * screen readers (the `<desc>` counts NaN and infinite points, which are skipped), and every
 * point, bar and line carries hover text. The same input always gives the same string.
 *
 * The tuner plots (`plotOptimizationHistory`, `plotParallelCoordinate`, `plotSlice`,
 * `plotParamImportances` in `whetstone/tuners`) are built on these.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { lineChart } from 'whetstone/plots';
 * const svg = lineChart({
 *   series: [{ name: 'train', x: [1, 2, 3], y: [0.9, 0.5, 0.4] }, { name: 'val', x: [1, 2, 3], y: [1, 0.7, 0.6], dash: true }],
 *   xLabel: 'epoch', yLabel: 'loss',
 * });
 * writeFileSync('loss.svg', svg);
 * ```
 * @module whetstone/plots
 */
export { barChart } from './bar.js';
export type { Bar, BarChartOptions } from './bar.js';
export { okabeIto, viridis } from './colors.js';
export { facetCharts } from './facet.js';
export type { FacetOptions } from './facet.js';
export { lineChart } from './line.js';
export type { LineChartOptions, LineSeries } from './line.js';
export { parallelCoordinatesChart } from './parallel.js';
export type { ParallelAxis, ParallelCoordinatesOptions } from './parallel.js';
export { scatterChart } from './scatter.js';
export type { ScatterChartOptions } from './scatter.js';
export { logTicks, niceTicks } from './ticks.js';
export type { AxisScale, NiceTicksOptions, Ticks } from './ticks.js';
