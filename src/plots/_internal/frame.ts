// The layout shared by x–y charts (line, scatter): title, plot area with grid and frame, tick
// labels, axis labels, an optional legend and an optional colour bar. Also the colour bar itself,
// which the parallel-coordinates chart reuses.
import { invalidOption } from '../../core/validate.js';
import { viridis } from '../colors.js';
import { niceTicks } from '../ticks.js';
import type { Axis } from './axis.js';
import { el, FONT_SIZE, formatNumber, svgDocument, text, textWidth, title, truncate } from './svg.js';

/** A rectangle in px. */
export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** A continuous colour scale (viridis) over `[min, max]`. */
export interface ColorScale {
  readonly min: number;
  readonly max: number;
  readonly label: string;
  color(v: number): string;
}

/** A legend entry. */
export interface LegendItem {
  readonly name: string;
  readonly color: string;
  readonly dash: boolean;
  readonly line: boolean;
  readonly marker: boolean;
}

const GRID = '#e6e6e6';
const INK = '#333333';
const BAR_WIDTH = 12;
const BAR_STEPS = 32;

/** The colour scale over the finite `values`, or over `domain` when given. */
export function colorScale(values: ArrayLike<number>, label: string, domain?: readonly [number, number]): ColorScale {
  let lo = Infinity;
  let hi = -Infinity;
  if (domain !== undefined) [lo, hi] = domain;
  else {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo > hi) [lo, hi] = [0, 1];
  }
  const span = hi - lo;
  return { min: lo, max: hi, label, color: (v) => viridis(span > 0 ? (v - lo) / span : 0.5) };
}

function colorBarTicks(cs: ColorScale): { value: number; label: string }[] {
  if (cs.max === cs.min) return [{ value: cs.min, label: formatNumber(cs.min) }];
  const t = niceTicks(cs.min, cs.max, { count: 4 });
  const eps = (cs.max - cs.min) * 1e-9;
  return t.values.filter((v) => v >= cs.min - eps && v <= cs.max + eps).map((v) => ({ value: v, label: formatNumber(v) }));
}

/** Horizontal space a colour bar with its labels takes, in px. */
export function colorBarWidth(cs: ColorScale): number {
  const labels = Math.max(0, ...colorBarTicks(cs).map((t) => textWidth(t.label)));
  return 14 + BAR_WIDTH + 6 + labels + (cs.label ? FONT_SIZE + 10 : 0);
}

/** A vertical colour bar at `(x, top)` of height `h`: the minimum at the bottom. */
export function colorBar(cs: ColorScale, x: number, top: number, h: number): string {
  let s = '';
  const x0 = x + 14;
  for (let i = 0; i < BAR_STEPS; i++) {
    const t = (i + 0.5) / BAR_STEPS;
    s += el('rect', { x: x0, y: top + h * (1 - (i + 1) / BAR_STEPS), width: BAR_WIDTH, height: h / BAR_STEPS + 0.5, fill: viridis(t) });
  }
  s += el('rect', { x: x0, y: top, width: BAR_WIDTH, height: h, fill: 'none', stroke: INK, 'stroke-width': 0.5 });
  const span = cs.max - cs.min;
  let labelsWidth = 0;
  for (const t of colorBarTicks(cs)) {
    const y = top + h * (1 - (span > 0 ? (t.value - cs.min) / span : 0.5));
    s += el('line', { x1: x0 + BAR_WIDTH, x2: x0 + BAR_WIDTH + 3, y1: y, y2: y, stroke: INK });
    s += text(x0 + BAR_WIDTH + 5, y + 4, t.label);
    labelsWidth = Math.max(labelsWidth, textWidth(t.label));
  }
  if (cs.label) {
    const lx = x0 + BAR_WIDTH + 6 + labelsWidth + FONT_SIZE;
    const ly = top + h / 2;
    s += text(lx, ly, cs.label, { 'text-anchor': 'middle', transform: `rotate(90 ${lx.toFixed(2)} ${ly.toFixed(2)})` });
  }
  return el('g', { class: 'ws-colorbar' }, title(`colour scale: ${cs.label || 'value'} from ${formatNumber(cs.min)} to ${formatNumber(cs.max)}`) + s);
}

/** The legend box, anchored at the top-right corner of `plot`. */
function legend(items: readonly LegendItem[], plot: Rect): string {
  const w = 36 + Math.max(...items.map((i) => textWidth(i.name)));
  const h = 8 + items.length * 16;
  const x = plot.left + plot.width - w - 6;
  let s = el('rect', { x, y: plot.top + 6, width: w, height: h, fill: '#ffffff', 'fill-opacity': 0.85, stroke: '#cccccc' });
  items.forEach((item, i) => {
    const y = plot.top + 6 + 12 + i * 16;
    if (item.line) {
      s += el('line', { x1: x + 6, x2: x + 26, y1: y, y2: y, stroke: item.color, 'stroke-width': 2, 'stroke-dasharray': item.dash ? '6 4' : undefined });
    }
    if (item.marker) s += el('circle', { cx: x + 16, cy: y, r: 3.5, fill: item.color });
    s += text(x + 31, y + 4, item.name);
  });
  return el('g', { class: 'ws-legend' }, s);
}

/** What {@link renderFrame} draws around the marks. */
export interface FrameSpec {
  readonly fn: string;
  readonly kind: string;
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly desc: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x: Axis;
  readonly y: Axis;
  readonly legend?: readonly LegendItem[];
  readonly colorBar?: ColorScale;
  /** Space in px between the frame and the data area, so markers at the ends are not cut (default 0). */
  readonly inset?: number;
  /** The marks, given the data → px maps and the plot area. */
  marks(X: (v: number) => number, Y: (v: number) => number, plot: Rect): string;
}

/** Lay out and draw an x–y chart. */
export function renderFrame(spec: FrameSpec): string {
  const yTickWidth = Math.max(0, ...spec.y.ticks.map((t) => textWidth(truncate(t.label, 16))));
  const top = spec.title ? 34 : 14;
  const left = 10 + (spec.yLabel ? FONT_SIZE + 10 : 0) + yTickWidth + 8;
  const bottom = 26 + (spec.xLabel ? FONT_SIZE + 10 : 0);
  const right = 16 + (spec.colorBar ? colorBarWidth(spec.colorBar) : 0);
  const plot: Rect = { left, top, width: spec.width - left - right, height: spec.height - top - bottom };
  if (plot.width < 20) throw invalidOption(spec.fn, 'width', `a number >= ${Math.ceil(spec.width - plot.width + 20)}`, spec.width, 'the plot area would be narrower than 20 px after the labels');
  if (plot.height < 20) throw invalidOption(spec.fn, 'height', `a number >= ${Math.ceil(spec.height - plot.height + 20)}`, spec.height, 'the plot area would be shorter than 20 px after the labels');
  const inset = spec.inset ?? 0;
  const X = (v: number): number => plot.left + inset + spec.x.pos(v) * (plot.width - 2 * inset);
  const Y = (v: number): number => plot.top + inset + (1 - spec.y.pos(v)) * (plot.height - 2 * inset);
  const bottomY = plot.top + plot.height;

  let grid = '';
  let labels = '';
  const xBand = spec.x.kind === 'category' ? plot.width / Math.max(1, spec.x.ticks.length) : Infinity;
  for (const t of spec.x.ticks) {
    const x = X(t.value);
    grid += el('line', { x1: x, x2: x, y1: plot.top, y2: bottomY, stroke: GRID });
    const label = truncate(t.label, Math.max(3, Math.floor(xBand / (FONT_SIZE * 0.6))));
    labels += text(x, bottomY + 16, label, { 'text-anchor': 'middle' });
  }
  for (const t of spec.y.ticks) {
    const y = Y(t.value);
    grid += el('line', { x1: plot.left, x2: plot.left + plot.width, y1: y, y2: y, stroke: GRID });
    labels += text(plot.left - 6, y + 4, truncate(t.label, 16), { 'text-anchor': 'end' });
  }
  if (spec.xLabel) labels += text(plot.left + plot.width / 2, spec.height - 8, spec.xLabel, { 'text-anchor': 'middle', class: 'ws-axis-label' });
  if (spec.yLabel) {
    const lx = 10 + FONT_SIZE;
    const ly = plot.top + plot.height / 2;
    labels += text(lx, ly, spec.yLabel, { 'text-anchor': 'middle', class: 'ws-axis-label', transform: `rotate(-90 ${lx.toFixed(2)} ${ly.toFixed(2)})` });
  }

  const body =
    (spec.title ? text(spec.width / 2, 22, spec.title, { 'text-anchor': 'middle', 'font-size': FONT_SIZE + 3, 'font-weight': 'bold', class: 'ws-title' }) : '') +
    el('g', { class: 'ws-grid' }, grid) +
    el('g', { class: 'ws-marks' }, spec.marks(X, Y, plot)) +
    el('rect', { x: plot.left, y: plot.top, width: plot.width, height: plot.height, fill: 'none', stroke: INK }) +
    el('g', { class: 'ws-labels' }, labels) +
    (spec.legend && spec.legend.length > 0 ? legend(spec.legend, plot) : '') +
    (spec.colorBar ? colorBar(spec.colorBar, plot.left + plot.width, plot.top, plot.height) : '');
  return svgDocument({ width: spec.width, height: spec.height, title: spec.title || spec.desc, desc: spec.desc, kind: spec.kind }, body);
}
