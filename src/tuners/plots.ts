// The study plots of Optuna's `optuna.visualization` (optimization history, parallel coordinate,
// slice, parameter importances) as dependency-free SVG strings, built on whetstone/plots.
import { InvalidArgumentError } from '../core/errors.js';
import { checkArgument, checkOptions, invalidArgument, invalidOption, is } from '../core/validate.js';
import { barChart } from '../plots/bar.js';
import { facetCharts } from '../plots/facet.js';
import { lineChart } from '../plots/line.js';
import { parallelCoordinatesChart, type ParallelAxis } from '../plots/parallel.js';
import { scatterChart } from '../plots/scatter.js';
import type { Direction, FrozenTrial, ParamValue, Study } from './types.js';

/**
 * What the plots read from a study: its trials and directions. A {@link Study} fits, and so does
 * a `StudyView`; or pass the trials alone (`readonly FrozenTrial[]`) with `directions` in the
 * options.
 */
export type PlotSource = Pick<Study, 'trials' | 'directions'> | readonly FrozenTrial[];

/** Options every study plot takes: which value to plot and how to name it. */
export interface StudyPlotOptions {
  /**
   * The value to plot: an objective index (default 0; required for multi-objective studies), or
   * a function of the trial (as Optuna's `target`).
   */
  readonly target?: number | ((trial: FrozenTrial) => number);
  /** Name of the plotted value on axes and hover text (default `'Objective value'`, or `'Objective <i>'` for multi-objective studies). */
  readonly targetName?: string;
  /** The study's directions when the source is an array of trials (default: one `'minimize'`). */
  readonly directions?: readonly Direction[];
  /** Chart title (each plot has its own default). */
  readonly title?: string;
}

/** Options of {@link plotOptimizationHistory}. */
export interface PlotOptimizationHistoryOptions extends StudyPlotOptions {
  /**
   * The direction in which the target improves, for the best-so-far line (default the study's
   * direction of the target objective; with a `target` function and no `direction`, no
   * best-so-far line is drawn, as Optuna does).
   */
  readonly direction?: Direction;
  /** `'linear'` (default) or `'log'` for the value axis. */
  readonly yScale?: 'linear' | 'log';
  /** Width in px (default 640). */
  readonly width?: number;
  /** Height in px (default 400). */
  readonly height?: number;
}

/** Options of {@link plotParallelCoordinate}. */
export interface PlotParallelCoordinateOptions extends StudyPlotOptions {
  /** The parameters to show, in this order (default every parameter of the complete trials, sorted by name). */
  readonly params?: readonly string[];
  /** Width in px (default 640, or wider for many parameters). */
  readonly width?: number;
  /** Height in px (default 400). */
  readonly height?: number;
}

/** Options of {@link plotSlice}. */
export interface PlotSliceOptions extends StudyPlotOptions {
  /** The parameters to show, one panel each, in this order (default every parameter, sorted by name). */
  readonly params?: readonly string[];
  /** Panels per row (default up to 3). */
  readonly columns?: number;
  /** Width of one panel in px (default 320). */
  readonly panelWidth?: number;
  /** Height of one panel in px (default 280). */
  readonly panelHeight?: number;
}

/** Options of {@link plotParamImportances}. */
export interface PlotParamImportancesOptions {
  /** Chart title (default `'Hyperparameter importances'`). */
  readonly title?: string;
  /** Label of the value axis (default `'Importance'`). */
  readonly xLabel?: string;
  /** Width in px (default 640). */
  readonly width?: number;
  /** Height in px (default: grows with the number of parameters). */
  readonly height?: number;
}

const direction = is.oneOf(['minimize', 'maximize'] as const);
const size = is.number({ min: 50, max: 100000 });
const COMMON = {
  target: is.anyOf(is.integer({ min: 0 }), is.func()),
  targetName: is.string(),
  directions: is.arrayOf(direction, { minLength: 1 }),
  title: is.string(),
};

const sourceConstraint = is.custom(
  'a Study (an object with `trials` and `directions`) or an array of FrozenTrial',
  (v) => Array.isArray(v) || (typeof v === 'object' && v !== null && Array.isArray((v as { trials?: unknown }).trials) && Array.isArray((v as { directions?: unknown }).directions)),
);

interface Target {
  /** Complete trials with a finite target value, in number order. */
  readonly trials: readonly FrozenTrial[];
  /** The target value of every complete trial, finite or not (non-finite ones are skipped and counted by the charts). */
  readonly all: readonly FrozenTrial[];
  readonly value: (t: FrozenTrial) => number;
  readonly name: string;
  /** Direction of improvement, from the study (`null` for a target function). */
  readonly direction: Direction | null;
}

/** Resolve which trials and which value a plot shows (Optuna's `_check_plot_args` rules). */
function resolveTarget(fn: string, source: PlotSource, options: StudyPlotOptions | undefined): Target {
  checkArgument(fn, 'study', source, sourceConstraint);
  const list: readonly FrozenTrial[] = Array.isArray(source) ? source : (source as Pick<Study, 'trials'>).trials;
  const directions: readonly Direction[] = options?.directions ?? (Array.isArray(source) ? ['minimize'] : (source as Pick<Study, 'directions'>).directions);
  const complete = list.filter((t) => t.state === 'complete' && t.values !== null).slice().sort((a, b) => a.number - b.number);
  const k = directions.length;
  const target = options?.target;
  let value: (t: FrozenTrial) => number;
  let name: string;
  let dir: Direction | null;
  if (typeof target === 'function') {
    value = (t) => target(t);
    name = options?.targetName ?? 'Objective value';
    dir = null;
  } else {
    if (target === undefined && k > 1) {
      throw invalidOption(fn, 'target', `an objective index in [0, ${k - 1}] or a function of the trial`, undefined, `the study has ${k} objectives; say which one to plot`);
    }
    const i = target ?? 0;
    if (i >= k) throw invalidOption(fn, 'target', `an objective index in [0, ${k - 1}]`, i, `the study has ${k} objective${k === 1 ? '' : 's'}`);
    value = (t) => t.values?.[i] ?? NaN;
    name = options?.targetName ?? (k > 1 ? `Objective ${i}` : 'Objective value');
    dir = directions[i]!;
  }
  return { trials: complete.filter((t) => Number.isFinite(value(t))), all: complete, value, name, direction: dir };
}

function paramLabel(v: ParamValue): string {
  return typeof v === 'string' ? v : String(v);
}

/** How one parameter is drawn: on a log, linear or categorical axis. */
interface ParamAxis {
  readonly kind: 'log' | 'linear' | 'category';
  readonly categories: readonly string[];
  /** The plotted number for a trial (a category index for categorical parameters); NaN when absent. */
  readonly value: (t: FrozenTrial) => number;
}

/**
 * Optuna's rules (optuna/visualization/_utils.py `_is_log_scale`, `_is_categorical`): log when
 * any trial drew the parameter on a log scale, categorical when any drew it from choices or a
 * value is not a number. Numeric categories are sorted by value, others keep the order of the
 * distribution's choices, so the axis does not depend on which trial came first.
 */
function paramAxis(trials: readonly FrozenTrial[], name: string): ParamAxis {
  const withParam = trials.filter((t) => name in t.params);
  const dists = withParam.map((t) => t.distributions[name]).filter((d) => d !== undefined);
  const categorical = dists.some((d) => d.type === 'categorical') || withParam.some((t) => typeof t.params[name] !== 'number');
  if (!categorical) {
    const log = dists.some((d) => d.type !== 'categorical' && d.log);
    return { kind: log ? 'log' : 'linear', categories: [], value: (t) => (name in t.params ? (t.params[name] as number) : NaN) };
  }
  const seen: ParamValue[] = [];
  for (const d of dists) if (d.type === 'categorical') for (const c of d.choices) if (!seen.includes(c)) seen.push(c);
  for (const t of withParam) if (!seen.includes(t.params[name]!)) seen.push(t.params[name]!);
  const observed = seen.filter((c) => withParam.some((t) => t.params[name] === c));
  const ordered = observed.every((c) => typeof c === 'number') ? [...observed].sort((a, b) => (a as number) - (b as number)) : observed;
  return {
    kind: 'category',
    categories: ordered.map(paramLabel),
    value: (t) => (name in t.params ? ordered.indexOf(t.params[name]!) : NaN),
  };
}

function selectParams(fn: string, trials: readonly FrozenTrial[], requested: readonly string[] | undefined): string[] {
  const all = new Set<string>();
  for (const t of trials) for (const p of Object.keys(t.params)) all.add(p);
  if (requested === undefined) return [...all].sort();
  for (const p of requested) {
    if (!all.has(p)) throw invalidOption(fn, 'params', `names of parameters of the complete trials (${[...all].sort().join(', ') || 'none'})`, requested, `'${p}' is not one`);
  }
  return [...requested];
}

/**
 * Run a chart function on behalf of `fn`: an option the plot passed on that the chart rejects (a
 * width too small for the labels, say) is reported under the plot's name, as the user called it.
 */
function asCaller(fn: string, draw: () => string, rename: Readonly<Record<string, string>> = {}): string {
  try {
    return draw();
  } catch (e) {
    if (e instanceof InvalidArgumentError) {
      const rest = e.message.slice(e.message.indexOf(': ') + 2).replace(/^option "(\w+)"/, (m, o: string) => (rename[o] ? `option "${rename[o]}"` : m));
      throw new InvalidArgumentError(`${fn}: ${rest}`, { cause: e });
    }
    throw e;
  }
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}

/**
 * The optimization history of a study as an SVG line chart: the target value of every complete
 * trial against its number (markers with hover text), and the best value so far as a line.
 * Pruned, failed, running and waiting trials are left out; complete trials with a non-finite
 * value are skipped and counted in the SVG's `<desc>`.
 *
 * @param study - a {@link Study}, anything with `trials` and `directions`, or an array of trials.
 * @param options - `target` (objective index or function; required for multi-objective studies),
 *   `targetName`, `direction`, `directions` (for an array of trials), `yScale`, size, title.
 * @returns a standalone `<svg>` document (an empty chart when there is no complete trial).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a multi-objective study without
 *   `target`, an out-of-range `target`, a log axis with values <= 0, or another bad option.
 * @example
 * ```ts
 * await study.optimize(objective, { trials: 50 });
 * writeFileSync('history.svg', plotOptimizationHistory(study));
 * ```
 * @see Optuna's `plot_optimization_history` (optuna/visualization/_optimization_history.py).
 */
export function plotOptimizationHistory(study: PlotSource, options?: PlotOptimizationHistoryOptions): string {
  const fn = 'plotOptimizationHistory';
  checkOptions(fn, options, { ...COMMON, direction, yScale: is.oneOf(['linear', 'log'] as const), width: size, height: size });
  const target = resolveTarget(fn, study, options);
  const dir = options?.direction ?? target.direction;
  const x = target.all.map((t) => t.number);
  const y = target.all.map((t) => target.value(t));
  const series = [{
    name: target.name, x, y, line: false, markers: true,
    hover: target.all.map((t, i) => `trial ${t.number}: ${target.name} ${fmt(y[i]!)}`),
  }];
  const best: number[] = [];
  if (dir !== null) {
    let b = NaN;
    for (const v of y) {
      if (Number.isFinite(v) && (Number.isNaN(b) || (dir === 'minimize' ? v < b : v > b))) b = v;
      best.push(b);
    }
  }
  if (options?.yScale === 'log') {
    const bad = target.all.find((t) => { const v = target.value(t); return Number.isFinite(v) && v <= 0; });
    if (bad !== undefined) throw invalidOption(fn, 'yScale', "'linear'", 'log', `trial ${bad.number} has the value ${target.value(bad)}; a log axis needs values > 0`);
  }
  return asCaller(fn, () => lineChart({
    series: dir === null ? series : [...series, { name: 'Best value', x, y: best, color: '#D55E00' }],
    title: options?.title ?? 'Optimization history',
    xLabel: 'Trial',
    yLabel: target.name,
    yScale: options?.yScale ?? 'linear',
    legend: true,
    width: options?.width ?? 640,
    height: options?.height ?? 400,
  }));
}

/**
 * A parallel-coordinate plot of a study as SVG: the target value on the first axis, then one axis
 * per parameter (log axes for log-scale parameters, categorical axes for choices), one line per
 * complete trial coloured by its target value. Trials lacking one of the shown parameters are
 * skipped (as Optuna does), and so are non-finite values; the `<desc>` counts them.
 *
 * @param study - a {@link Study}, anything with `trials` and `directions`, or an array of trials.
 * @param options - `params` to show (default all, sorted), `target`, `targetName`, `directions`, size, title.
 * @returns a standalone `<svg>` document.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when no complete trial has parameters, for
 *   an unknown name in `params`, a multi-objective study without `target`, or another bad option.
 * @example
 * ```ts
 * writeFileSync('parallel.svg', plotParallelCoordinate(study, { params: ['lr', 'units'] }));
 * ```
 * @see Optuna's `plot_parallel_coordinate` (optuna/visualization/_parallel_coordinate.py).
 */
export function plotParallelCoordinate(study: PlotSource, options?: PlotParallelCoordinateOptions): string {
  const fn = 'plotParallelCoordinate';
  checkOptions(fn, options, { ...COMMON, params: is.arrayOf(is.string(), { minLength: 1 }), width: size, height: size });
  const target = resolveTarget(fn, study, options);
  const params = selectParams(fn, target.all, options?.params);
  if (params.length === 0) throw invalidArgument(fn, 'study', 'a study with complete trials that have parameters', study, 'there is nothing to plot');
  // Trials without one of the parameters have no place on its axis: Optuna leaves them out too.
  const rows = target.all.filter((t) => params.every((p) => p in t.params));
  const axes: ParallelAxis[] = [{ name: target.name, values: rows.map(target.value) }];
  for (const p of params) {
    const a = paramAxis(rows, p);
    const values = rows.map(a.value);
    axes.push(a.kind === 'category' ? { name: p, values, categories: a.categories } : { name: p, values, scale: a.kind });
  }
  const hover = rows.map((t) => `trial ${t.number}: ${params.map((p) => `${p}=${paramLabel(t.params[p]!)}`).join(', ')}; ${target.name} ${fmt(target.value(t))}`);
  return asCaller(fn, () => parallelCoordinatesChart({
    axes,
    color: rows.map(target.value),
    colorLabel: target.name,
    hover,
    title: options?.title ?? 'Parallel coordinate plot',
    width: options?.width ?? Math.max(640, 140 + 110 * axes.length),
    height: options?.height ?? 400,
  }));
}

/**
 * A slice plot of a study as SVG: one panel per parameter with the target value of each complete
 * trial against the parameter's value (log axes for log-scale parameters, categorical axes for
 * choices), points coloured by trial number, panels sharing the value axis and the colour scale.
 *
 * @param study - a {@link Study}, anything with `trials` and `directions`, or an array of trials.
 * @param options - `params` (default all, sorted), `target`, `targetName`, `directions`,
 *   `columns`, `panelWidth`, `panelHeight`, title.
 * @returns a standalone `<svg>` document with the panels on a grid.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when no complete trial has parameters, for
 *   an unknown name in `params`, a multi-objective study without `target`, or another bad option.
 * @example
 * ```ts
 * writeFileSync('slice.svg', plotSlice(study, { params: ['lr', 'dropout'] }));
 * ```
 * @see Optuna's `plot_slice` (optuna/visualization/_slice.py).
 */
export function plotSlice(study: PlotSource, options?: PlotSliceOptions): string {
  const fn = 'plotSlice';
  checkOptions(fn, options, {
    ...COMMON, params: is.arrayOf(is.string(), { minLength: 1 }), columns: is.integer({ min: 1 }),
    panelWidth: size, panelHeight: size,
  });
  const target = resolveTarget(fn, study, options);
  const params = selectParams(fn, target.all, options?.params);
  if (params.length === 0) throw invalidArgument(fn, 'study', 'a study with complete trials that have parameters', study, 'there is nothing to plot');
  const ys = target.trials.map(target.value);
  const yDomain: [number, number] = ys.length > 0 ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  const numbers = target.all.map((t) => t.number);
  const colorDomain: [number, number] = numbers.length > 0 ? [Math.min(...numbers), Math.max(...numbers)] : [0, 1];
  const panels = params.map((p, i) => {
    const a = paramAxis(target.all, p);
    const rows = target.all.filter((t) => p in t.params);
    const last = i === params.length - 1;
    return asCaller(fn, () => scatterChart({
      x: rows.map(a.value),
      y: rows.map(target.value),
      color: rows.map((t) => t.number),
      colorDomain,
      colorLabel: 'Trial',
      colorBar: last,
      hover: rows.map((t) => `trial ${t.number}: ${p}=${paramLabel(t.params[p]!)}, ${target.name} ${fmt(target.value(t))}`),
      xCategories: a.kind === 'category' ? a.categories : undefined,
      xScale: a.kind === 'log' ? 'log' : 'linear',
      yDomain,
      title: p,
      xLabel: p,
      yLabel: target.name,
      width: options?.panelWidth ?? 320,
      height: options?.panelHeight ?? 280,
    }), { width: 'panelWidth', height: 'panelHeight' });
  });
  return facetCharts(panels, { columns: options?.columns ?? Math.min(3, panels.length), title: options?.title ?? 'Slice plot' });
}

/**
 * Parameter importances as an SVG horizontal bar chart, largest on top (ties by name), with the
 * value printed at each bar's end. Takes the record `paramImportances` returns.
 *
 * @param importances - parameter name → importance (finite numbers; at least one).
 * @param options - title, axis label, size.
 * @returns a standalone `<svg>` document.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for an empty record, a non-finite
 *   importance, or a bad option.
 * @example
 * ```ts
 * writeFileSync('importances.svg', plotParamImportances(paramImportances(study)));
 * ```
 * @see Optuna's `plot_param_importances` (optuna/visualization/_param_importances.py).
 */
export function plotParamImportances(importances: Readonly<Record<string, number>>, options?: PlotParamImportancesOptions): string {
  const fn = 'plotParamImportances';
  checkArgument(fn, 'importances', importances, is.record(is.string(), is.number()));
  checkOptions(fn, options, { title: is.string(), xLabel: is.string(), width: size, height: size });
  const entries = Object.entries(importances);
  if (entries.length === 0) throw invalidArgument(fn, 'importances', 'a record with at least one parameter', importances);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return asCaller(fn, () => barChart({
    bars: entries.map(([label, value]) => ({ label, value })),
    title: options?.title ?? 'Hyperparameter importances',
    xLabel: options?.xLabel ?? 'Importance',
    width: options?.width ?? 640,
    height: options?.height,
  }));
}
