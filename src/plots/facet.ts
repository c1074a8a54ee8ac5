// Several charts in one SVG, on a grid (small multiples).
import { checkArgument, checkOptions, invalidArgument, is } from '../core/validate.js';
import { el, FONT_SIZE, svgDocument, text } from './_internal/svg.js';

/** Options of {@link facetCharts}. */
export interface FacetOptions {
  /** Charts per row, an integer >= 1 (default: up to 3, fewer when there are fewer charts). */
  readonly columns?: number;
  /** A title above the grid (default none). */
  readonly title?: string;
  /** Space between cells in px (default 8). */
  readonly gap?: number;
}

const ROOT = /^\s*(?:<\?xml[^>]*\?>\s*)?<svg\b([^>]*)>/;

function dimension(attrs: string, name: string): number | undefined {
  const m = new RegExp(`\\s${name}="([0-9]+(?:\\.[0-9]+)?)(?:px)?"`).exec(attrs);
  return m ? Number(m[1]) : undefined;
}

/**
 * Put several SVG charts (from {@link lineChart}, {@link scatterChart}, … or any `<svg>` with
 * numeric `width` and `height`) on a grid in one SVG document, row by row; each cell is as large
 * as the largest chart. The charts are nested `<svg>` elements, so each keeps its own
 * coordinates, title and hover texts.
 *
 * @param charts - SVG documents (at least one).
 * @param options - `columns`, `title`, `gap`.
 * @returns a standalone `<svg>` document.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when `charts` is empty or an entry is not
 *   an `<svg>` with numeric `width` and `height`, or for a bad option.
 * @example
 * ```ts
 * const grid = facetCharts([scatterChart({ x: [1, 2], y: [3, 4] }), scatterChart({ x: [1, 2], y: [4, 3] })], { columns: 2 });
 * ```
 * @see Tufte's small multiples; Optuna's `plot_slice` (one panel per parameter).
 */
export function facetCharts(charts: readonly string[], options?: FacetOptions): string {
  const fn = 'facetCharts';
  checkArgument(fn, 'charts', charts, is.arrayOf(is.string(), { minLength: 1 }));
  checkOptions(fn, options, { columns: is.integer({ min: 1 }), title: is.string(), gap: is.number({ min: 0, max: 1000 }) });
  const parsed = charts.map((c, i) => {
    const m = ROOT.exec(c);
    const w = m ? dimension(m[1]!, 'width') : undefined;
    const h = m ? dimension(m[1]!, 'height') : undefined;
    if (!m || w === undefined || h === undefined) {
      throw invalidArgument(fn, `charts[${i}]`, 'an <svg> document with numeric width and height attributes', c);
    }
    // Drop an XML declaration: it may only start a document, not a nested element.
    return { body: c.slice(c.search(/<svg\b/)).trimEnd(), w, h };
  });
  const columns = options?.columns ?? Math.min(3, charts.length);
  const gap = options?.gap ?? 8;
  const titleText = options?.title ?? '';
  const cellW = Math.max(...parsed.map((p) => p.w));
  const cellH = Math.max(...parsed.map((p) => p.h));
  const rows = Math.ceil(charts.length / columns);
  const top = titleText ? 34 : 0;
  const width = columns * cellW + (columns - 1) * gap;
  const height = top + rows * cellH + (rows - 1) * gap;
  let body = titleText ? text(width / 2, 22, titleText, { 'text-anchor': 'middle', 'font-size': FONT_SIZE + 3, 'font-weight': 'bold', class: 'ws-title' }) : '';
  parsed.forEach((p, i) => {
    const x = (i % columns) * (cellW + gap);
    const y = top + Math.floor(i / columns) * (cellH + gap);
    body += el('g', { class: 'ws-facet-cell', transform: `translate(${x} ${y})` }, p.body);
  });
  const desc = `${charts.length} charts on a grid of ${rows} row${rows === 1 ? '' : 's'} and ${columns} column${columns === 1 ? '' : 's'}.`;
  return svgDocument({ width, height, title: titleText || desc, desc, kind: 'facet' }, body);
}
