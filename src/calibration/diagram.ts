// The reliability diagram: reliability curves of one or more models over the diagonal, and under
// them a histogram of the predicted probabilities (Niculescu-Mizil & Caruana 2005, Fig. 1;
// Guo et al. 2017, Fig. 1), as one SVG string in the look of whetstone/plots.
import { checkArgument, checkOptions, invalidOption, is } from '../core/validate.js';
import type { Constraint } from '../core/validate.js';
import type { MatrixLike, VectorLike } from '../core/types.js';
import { okabeIto } from '../plots/colors.js';
import { makeAxis } from '../plots/_internal/axis.js';
import type { Axis } from '../plots/_internal/axis.js';
import { checkNested, color, size } from '../plots/_internal/check.js';
import { el, FONT_SIZE, formatNumber, px, svgDocument, text, textWidth, title, truncate } from '../plots/_internal/svg.js';
import { assignBins, binnedCurve, binnedError, uniformEdges } from './_internal/binning.js';
import type { BinnedCurve } from './_internal/binning.js';
import { isMatrixInput, readBinary, readMulticlass, topLabel } from './_internal/reliability-inputs.js';
import type { ReliabilityStrategy } from './reliability.js';

/** One model of a {@link reliabilityDiagram}. */
export interface ReliabilityDiagramModel {
  /** Shown in the legend and the hover texts. */
  readonly name: string;
  /** True labels. */
  readonly yTrue: VectorLike;
  /**
   * Predicted probabilities: a vector of probabilities of the positive class (binary), or a
   * matrix with one column per class in sorted label order (multiclass: the diagram then shows
   * top-label confidence against accuracy, as Guo et al.).
   */
  readonly yProb: VectorLike | MatrixLike;
  /** One non-negative weight per row (default: all 1); curves, ECE and histogram are then weighted. */
  readonly sampleWeight?: VectorLike;
  /** Binary only: the positive class (default 1, for labels in {0, 1} or {-1, 1}). */
  readonly posLabel?: number;
  /** Multiclass only: the classes naming the columns of `yProb`, sorted (default: the labels in `yTrue`). */
  readonly labels?: readonly number[];
  /** Any CSS colour (default: the next Okabe–Ito colour). */
  readonly color?: string;
}

/** Options of {@link reliabilityDiagram}. */
export interface ReliabilityDiagramOptions {
  /** Number of bins of the curves and of the histogram, an integer >= 1 (default 10). */
  readonly bins?: number;
  /**
   * Bins of the curves: `'uniform'` (default) or `'quantile'` (per model), as in
   * {@link reliabilityCurve}. The histogram always uses `bins` uniform bins over [0, 1], so that
   * models share its bars.
   */
  readonly strategy?: ReliabilityStrategy;
  /** Append each model's expected calibration error (same bins) to its legend entry (default `true`). */
  readonly showEce?: boolean;
  /** Chart title (default none; also the SVG's accessible name). */
  readonly title?: string;
  /** Width in px (default 640). */
  readonly width?: number;
  /** Height in px (default 600); the curves get 70% of the plotting height, the histogram 30%. */
  readonly height?: number;
}

const INK = '#333333';
const GRID = '#e6e6e6';
const DIAGONAL = '#888888';
const MAX_NAME = 40;

const MODEL_SPEC: Readonly<Record<string, Constraint>> = {
  name: is.string(),
  yTrue: is.custom('a vector (an array, a typed array or a rank-1 tensor)', (v) => v !== null && typeof v === 'object'),
  yProb: is.custom('a vector or a matrix of probabilities', (v) => v !== null && typeof v === 'object'),
  sampleWeight: is.vector(),
  posLabel: is.number(),
  labels: is.arrayOf(is.number(), { minLength: 2 }),
  color,
};

interface Prepared {
  readonly name: string;
  readonly color: string;
  readonly multiclass: boolean;
  readonly curve: BinnedCurve;
  readonly ece: number;
  /** Total weight per uniform histogram bin. */
  readonly histogram: Float64Array;
}

function prepare(fn: string, m: ReliabilityDiagramModel, i: number, bins: number, strategy: ReliabilityStrategy): Prepared {
  const prefix = `models[${i}].`;
  let predicted: Float64Array;
  let observed: Float64Array;
  let w: Float64Array | undefined;
  const multiclass = isMatrixInput(m.yProb);
  if (multiclass) {
    const read = readMulticlass(fn, m.yTrue, m.yProb as MatrixLike, m, prefix);
    const top = topLabel(read);
    predicted = top.confidence;
    observed = top.correct;
    w = read.w;
  } else {
    const read = readBinary(fn, m.yTrue, m.yProb as VectorLike, m, prefix);
    predicted = read.p;
    observed = read.outcome;
    w = read.w;
  }
  const histogram = new Float64Array(bins);
  const ids = assignBins(predicted, uniformEdges(bins));
  for (let r = 0; r < ids.length; r++) histogram[ids[r]!]! += w === undefined ? 1 : w[r]!;
  return {
    name: m.name,
    color: m.color ?? okabeIto[i % okabeIto.length]!,
    multiclass,
    curve: binnedCurve(predicted, observed, w, bins, strategy),
    ece: binnedError(predicted, observed, w, bins, strategy, 'l1'),
    histogram,
  };
}

function binText(lo: number, hi: number, first: boolean): string {
  return `${first ? '[' : '('}${formatNumber(lo)}, ${formatNumber(hi)}]`;
}

/** Grid lines and tick labels of a y axis over a panel. */
function yAxis(axis: Axis, left: number, width: number, Y: (v: number) => number): { grid: string; labels: string } {
  let grid = '';
  let labels = '';
  for (const t of axis.ticks) {
    const y = Y(t.value);
    grid += el('line', { x1: left, x2: left + width, y1: y, y2: y, stroke: GRID });
    labels += text(left - 6, y + 4, t.label, { 'text-anchor': 'end' });
  }
  return { grid, labels };
}

function rotatedLabel(x: number, y: number, label: string): string {
  return text(x, y, label, { 'text-anchor': 'middle', class: 'ws-axis-label', transform: `rotate(-90 ${x.toFixed(2)} ${y.toFixed(2)})` });
}

/**
 * A reliability diagram as an SVG string: each model's reliability curve (mean predicted
 * probability against the observed fraction of positives, per bin) over the dashed diagonal of
 * perfect calibration, and below it, on the same probability axis, a histogram of each model's
 * predicted probabilities (bars side by side within each bin). Curves below the diagonal mean
 * over-confidence, above it under-confidence; the histogram shows how much data each point
 * rests on. Each point and bar has hover text (bin, rows, values); the legend gives each
 * model's ECE. Multiclass models (a probability matrix) are drawn as top-label confidence
 * against accuracy. Labels are XML-escaped; the same input always gives the same string.
 *
 * @param models - one model `{ name, yTrue, yProb }` or an array of them (at least one).
 * @param options - bins, strategy, title and size.
 * @returns a standalone `<svg>` document (a string ending in a newline).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for an empty list, a malformed model, bad
 *   probabilities or labels (as {@link reliabilityCurve} and {@link expectedCalibrationError},
 *   naming the model: `models[1].yProb`), or a bad option; {@link "whetstone/core"!ShapeError}
 *   when a model's lengths differ.
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * const yTest = [0, 0, 1, 1, 0, 1, 1, 0];
 * const svg = reliabilityDiagram(
 *   [
 *     { name: 'MLP', yTrue: yTest, yProb: [0.02, 0.4, 0.97, 0.99, 0.9, 0.6, 0.98, 0.05] },
 *     { name: 'MLP + isotonic', yTrue: yTest, yProb: [0.1, 0.3, 0.8, 0.9, 0.6, 0.5, 0.85, 0.15] },
 *   ],
 *   { bins: 5, title: 'Calibration on the test split' },
 * );
 * writeFileSync('reliability.svg', svg);
 * ```
 * @see A. Niculescu-Mizil and R. Caruana, "Predicting good probabilities with supervised
 *   learning", ICML 2005; C. Guo et al., "On calibration of modern neural networks", ICML 2017;
 *   scikit-learn's `CalibrationDisplay` (1.2).
 */
export function reliabilityDiagram(models: ReliabilityDiagramModel | readonly ReliabilityDiagramModel[], options?: ReliabilityDiagramOptions): string {
  const fn = 'reliabilityDiagram';
  checkOptions(fn, options, {
    bins: is.integer({ min: 1, max: 1000 }),
    strategy: is.oneOf(['uniform', 'quantile'] as const),
    showEce: is.boolean(),
    title: is.string(),
    width: size,
    height: size,
  });
  const list: readonly ReliabilityDiagramModel[] = Array.isArray(models) ? models : [models as ReliabilityDiagramModel];
  checkArgument(fn, 'models', list, is.arrayOf(is.custom('a model object', (v) => typeof v === 'object' && v !== null), { minLength: 1 }));
  list.forEach((m, i) => checkNested(fn, `models[${i}]`, m, MODEL_SPEC, ['name', 'yTrue', 'yProb']));
  const bins = options?.bins ?? 10;
  const strategy = options?.strategy ?? 'uniform';
  const showEce = options?.showEce ?? true;
  const width = options?.width ?? 640;
  const height = options?.height ?? 600;
  const chartTitle = options?.title ?? '';
  const prepared = list.map((m, i) => prepare(fn, m, i, bins, strategy));

  const anyBinary = prepared.some((p) => !p.multiclass);
  const anyMulti = prepared.some((p) => p.multiclass);
  const xLabel = anyMulti ? (anyBinary ? 'Predicted probability (binary) / confidence (multiclass)' : 'Confidence') : 'Mean predicted probability';
  const yLabel = anyMulti ? (anyBinary ? 'Fraction of positives / accuracy' : 'Accuracy') : 'Fraction of positives';
  const weighted = list.some((m) => m.sampleWeight !== undefined);
  const countLabel = weighted ? 'Weight' : 'Count';

  const unit = makeAxis([], 'linear', [0, 1]);
  let maxCount = 0;
  let allIntegers = true;
  for (const p of prepared) {
    for (const c of p.histogram) {
      maxCount = Math.max(maxCount, c);
      if (!Number.isInteger(c)) allIntegers = false;
    }
  }
  // Integer counts below 3 would get ticks at 0.5; widening to 3 keeps them whole.
  const countAxis = makeAxis([0, maxCount], 'linear', [0, allIntegers ? Math.max(3, maxCount) : maxCount], 4);

  const tickWidth = Math.max(...[...unit.ticks, ...countAxis.ticks].map((t) => textWidth(t.label)));
  const top = chartTitle ? 34 : 14;
  const left = 10 + FONT_SIZE + 10 + tickWidth + 8;
  const right = 16;
  const bottom = 26 + FONT_SIZE + 10;
  const gap = 14;
  const pw = width - left - right;
  const ph = height - top - bottom - gap;
  if (pw < 40) throw invalidOption(fn, 'width', `a number >= ${Math.ceil(width - pw + 40)}`, width, 'the plot area would be narrower than 40 px after the labels');
  const curveH = ph * 0.7;
  const histH = ph - curveH;
  if (histH < 20) throw invalidOption(fn, 'height', `a number >= ${Math.ceil(height - ph + 20 / 0.3)}`, height, 'the histogram would be shorter than 20 px');
  const histTop = top + curveH + gap;
  const X = (v: number): number => left + unit.pos(v) * pw;
  const Yc = (v: number): number => top + (1 - unit.pos(v)) * curveH;
  const Yh = (v: number): number => histTop + (1 - countAxis.pos(v)) * histH;

  // Upper panel: grid, diagonal, curves.
  let grid = '';
  let labels = '';
  for (const t of unit.ticks) {
    const x = X(t.value);
    grid += el('line', { x1: x, x2: x, y1: top, y2: top + curveH, stroke: GRID });
    grid += el('line', { x1: x, x2: x, y1: histTop, y2: histTop + histH, stroke: GRID });
    labels += text(x, histTop + histH + 16, t.label, { 'text-anchor': 'middle' });
  }
  const yc = yAxis(unit, left, pw, Yc);
  const yh = yAxis(countAxis, left, pw, Yh);
  grid += yc.grid + yh.grid;
  labels += yc.labels + yh.labels;
  labels += text(left + pw / 2, height - 8, xLabel, { 'text-anchor': 'middle', class: 'ws-axis-label' });
  labels += rotatedLabel(10 + FONT_SIZE, top + curveH / 2, yLabel);
  labels += rotatedLabel(10 + FONT_SIZE, histTop + histH / 2, countLabel);

  let curves = el('line', { class: 'ws-diagonal', x1: X(0), y1: Yc(0), x2: X(1), y2: Yc(1), stroke: DIAGONAL, 'stroke-width': 1.5, 'stroke-dasharray': '6 4' }, title('Perfectly calibrated'));
  for (const p of prepared) {
    const c = p.curve;
    let d = '';
    let points = '';
    c.probPred.forEach((x, j) => {
      const y = c.probTrue[j]!;
      d += `${j === 0 ? 'M' : 'L'}${px(X(x))} ${px(Yc(y))}`;
      const b = c.binIndices[j]!;
      const hover = `${p.name}: bin ${binText(c.edges[b]!, c.edges[b + 1]!, b === 0)}, ${formatNumber(c.counts[j]!)} ${weighted ? 'total weight' : 'rows'}; ` +
        `mean ${p.multiclass ? 'confidence' : 'predicted'} ${formatNumber(x, 4)}, ${p.multiclass ? 'accuracy' : 'fraction of positives'} ${formatNumber(y, 4)}`;
      points += el('circle', { class: 'ws-point', cx: X(x), cy: Yc(y), r: 3.5, fill: p.color }, title(hover));
    });
    const line = el('path', { class: 'ws-line', d, fill: 'none', stroke: p.color, 'stroke-width': 2, 'stroke-linejoin': 'round' }, title(p.name));
    curves += el('g', { class: 'ws-series' }, line + points);
  }

  // Lower panel: for each uniform bin, one bar per model side by side.
  const edges = uniformEdges(bins);
  let bars = '';
  const k = prepared.length;
  prepared.forEach((p, m) => {
    let g = '';
    for (let b = 0; b < bins; b++) {
      const count = p.histogram[b]!;
      if (count === 0) continue;
      const x0 = X(edges[b]!);
      const slot = (X(edges[b + 1]!) - x0) / k;
      // A pixel of space between bins (when there is room) keeps neighbouring bars apart.
      const pad = slot > 4 ? 0.5 : 0;
      const y = Yh(count);
      g += el('rect', { class: 'ws-bar', x: x0 + m * slot + pad, y, width: Math.max(0, slot - 2 * pad), height: Yh(0) - y, fill: p.color, 'fill-opacity': 0.8 },
        title(`${p.name}: ${binText(edges[b]!, edges[b + 1]!, b === 0)}, ${formatNumber(count)} ${weighted ? 'total weight' : 'rows'}`));
    }
    bars += el('g', { class: 'ws-histogram' }, g);
  });

  // Legend, top left of the upper panel (well-calibrated and over-confident curves stay near or
  // below the diagonal, leaving that corner empty).
  const entries = [
    { name: 'Perfectly calibrated', color: DIAGONAL, dash: true, full: 'Perfectly calibrated' },
    ...prepared.map((p) => {
      const full = showEce ? `${p.name} (ECE ${formatNumber(p.ece, 3)})` : p.name;
      return { name: truncate(full, MAX_NAME), color: p.color, dash: false, full };
    }),
  ];
  const lw = 36 + Math.max(...entries.map((e) => textWidth(e.name)));
  const lh = 8 + entries.length * 16;
  const lx = left + 6;
  const ly = top + 6;
  let legend = el('rect', { x: lx, y: ly, width: lw, height: lh, fill: '#ffffff', 'fill-opacity': 0.85, stroke: '#cccccc' });
  entries.forEach((e, i) => {
    const y = ly + 12 + i * 16;
    legend += el('line', { x1: lx + 6, x2: lx + 26, y1: y, y2: y, stroke: e.color, 'stroke-width': 2, 'stroke-dasharray': e.dash ? '6 4' : undefined });
    if (!e.dash) legend += el('circle', { cx: lx + 16, cy: y, r: 3.5, fill: e.color });
    const label = text(lx + 31, y + 4, e.name);
    // A shortened name keeps its full text as hover text.
    legend += e.name === e.full ? label : el('g', {}, title(e.full) + label);
  });

  const body =
    (chartTitle ? text(width / 2, 22, chartTitle, { 'text-anchor': 'middle', 'font-size': FONT_SIZE + 3, 'font-weight': 'bold', class: 'ws-title' }) : '') +
    el('g', { class: 'ws-grid' }, grid) +
    el('g', { class: 'ws-marks ws-curves' }, curves) +
    el('g', { class: 'ws-marks ws-histograms' }, bars) +
    el('rect', { x: left, y: top, width: pw, height: curveH, fill: 'none', stroke: INK }) +
    el('rect', { x: left, y: histTop, width: pw, height: histH, fill: 'none', stroke: INK }) +
    el('g', { class: 'ws-labels' }, labels) +
    el('g', { class: 'ws-legend' }, legend);
  const names = prepared.map((p) => p.name).filter((n) => n !== '');
  const eces = prepared.map((p) => `${p.name || 'unnamed'} ECE ${formatNumber(p.ece, 4)}`).join(', ');
  const desc = `Reliability diagram of ${k} model${k === 1 ? '' : 's'} (${names.join(', ') || 'unnamed'}), ${bins} ${strategy} bin${bins === 1 ? '' : 's'}` +
    `, with a histogram of predicted probabilities below (${eces}).`;
  return svgDocument({ width, height, title: chartTitle || desc, desc, kind: 'reliability-diagram' }, body);
}

