import { barChart, facetCharts, lineChart, logTicks, niceTicks, parallelCoordinatesChart, scatterChart, viridis } from '../../src/plots/index.js';
import { defineCases } from '../conformance/registry.js';

type Options = Record<string, unknown>;

// Options shared by the x–y charts: each of these must be rejected by every one of them.
const commonBad: Options[] = [
  { nope: 1 },
  { width: 10 },
  { height: Number.NaN },
  { title: 3 },
  { xLabel: null },
  { xScale: 'sqrt' },
  { xDomain: [1, 0] },
];

export default defineCases([
  {
    name: 'lineChart',
    call: (_args, o) => lineChart(o as never),
    args: () => [],
    options: { series: [{ name: 'a', x: [1, 2, 3], y: [3, 1, 2] }] },
    badOptions: [
      ...commonBad,
      { series: [] },
      { series: undefined },
      { series: [{ name: 'a', x: [1, 2], y: [1] }] },
      { series: [{ name: 'a', x: [1, 2], y: [1, 0] }], yScale: 'log' },
      { series: [{ name: 'a', x: [1], y: [1], colour: 'red' }] },
      { series: [{ name: 'a', x: [1], y: [1], line: false }] },
      { legend: 'yes' },
    ],
  },
  {
    name: 'scatterChart',
    call: ([x, y, color], o) => scatterChart({ x, y, color, ...o } as never),
    args: () => [[1, 2, 3], [3, 1, 2], new Float64Array([0, 1, 2])],
    badOptions: [
      ...commonBad,
      { y: [1] },
      { color: [1] },
      { xScale: 'log', x: [0, 1, 2] },
      { xCategories: ['a'] },
      { xCategories: ['a', 'b', 'c', 'd'], xScale: 'log' },
      { radius: 0 },
      { hover: ['only one'] },
    ],
  },
  {
    name: 'barChart',
    call: (_args, o) => barChart(o as never),
    args: () => [],
    options: { bars: [{ label: 'lr', value: 0.6 }, { label: 'units', value: 0.3 }] },
    badOptions: [
      { nope: 1 },
      { bars: [] },
      { bars: [{ label: 'a' }] },
      { bars: [{ label: 'a', value: 1, extra: true }] },
      { width: 10 },
      { showValues: 1 },
      { xDomain: [2, 1] },
    ],
  },
  {
    name: 'parallelCoordinatesChart',
    call: (_args, o) => parallelCoordinatesChart(o as never),
    args: () => [],
    options: {
      axes: [{ name: 'loss', values: [0.3, 0.2] }, { name: 'lr', values: [1e-3, 1e-2], scale: 'log' }, { name: 'act', values: [0, 1], categories: ['relu', 'tanh'] }],
      color: [0.3, 0.2],
    },
    badOptions: [
      { nope: 1 },
      { axes: [{ name: 'a', values: [1] }] },
      { axes: [{ name: 'a', values: [1] }, { name: 'b', values: [1, 2] }] },
      { axes: [{ name: 'a', values: [1] }, { name: 'b', values: [0], scale: 'log' }] },
      { axes: [{ name: 'a', values: [1] }, { name: 'b', values: [3], categories: ['x'] }] },
      { color: [1] },
      { width: 100 },
    ],
  },
  {
    name: 'facetCharts',
    call: ([charts], o) => facetCharts(charts as string[], o),
    args: () => [[scatterChart({ x: [1], y: [1], width: 200, height: 150 }), scatterChart({ x: [2], y: [2], width: 200, height: 150 })]],
    options: { columns: 2 },
    badOptions: [{ nope: 1 }, { columns: 0 }, { gap: -1 }, { title: 1 }],
    badArgs: [() => [[]], () => [['<div/>']], () => ['<svg/>']],
  },
  {
    name: 'niceTicks',
    call: ([min, max], o) => niceTicks(min as number, max as number, o),
    args: () => [0, 1],
    badOptions: [{ nope: 1 }, { count: 0 }, { count: 2.5 }],
    badArgs: [() => [Number.NaN, 1], () => [2, 1], () => [0, Number.POSITIVE_INFINITY]],
  },
  {
    name: 'logTicks',
    call: ([min, max]) => logTicks(min as number, max as number),
    args: () => [1e-5, 1e-1],
    badOptions: [],
    badArgs: [() => [0, 1], () => [-1, 1], () => [1, 0.5]],
  },
  {
    name: 'viridis',
    call: ([t]) => viridis(t as number),
    args: () => [0.5],
    badOptions: [],
    badArgs: [() => [Number.NaN], () => ['0.5']],
  },
]);
