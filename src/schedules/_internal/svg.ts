// A dependency-free SVG of an LR range test: loss against log10(learning rate), raw and smoothed,
// with the suggested rates marked. Deterministic output (fixed decimals), so it can be snapshotted.

/** What the plot needs from a range test. */
export interface RangeTestCurve {
  readonly learningRates: readonly number[];
  readonly losses: readonly number[];
  readonly smoothedLosses: readonly number[];
  readonly suggestion: { readonly steepest: number; readonly minLossOver10: number };
}

/** Size and title of the plot. */
export interface PlotSettings {
  readonly width: number;
  readonly height: number;
  readonly title: string | undefined;
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

// Clamped so that a diverged point far off the plot still gives a plain coordinate.
const f = (v: number): string => (Math.round(Math.max(-1e6, Math.min(1e6, v)) * 10) / 10).toFixed(1);

function formatRate(exponent: number): string {
  return exponent >= -3 && exponent <= 3 ? String(Number((10 ** exponent).toPrecision(1))) : `1e${exponent}`;
}

function formatNumber(v: number): string {
  return String(Number(v.toPrecision(3)));
}

function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo;
  const raw = span / (count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** The SVG document for a range-test curve. */
export function rangeTestSvg(curve: RangeTestCurve, settings: PlotSettings): string {
  const { width, height, title } = settings;
  const left = 64;
  const right = 16;
  const top = title === undefined ? 16 : 36;
  const bottom = 48;
  const plotW = width - left - right;
  const plotH = height - top - bottom;

  const logs = curve.learningRates.map((lr) => Math.log10(lr));
  let xLo = Math.min(...logs);
  let xHi = Math.max(...logs);
  if (!(xHi > xLo)) [xLo, xHi] = [xLo - 0.5, xHi + 0.5];
  // The smoothed curve without its last 5 points (where it diverges, fastai's trim) sets the
  // vertical range, so that a blow-up does not flatten the interesting part; the rest is clipped.
  const smoothed = curve.smoothedLosses;
  const shown = smoothed.length > 7 ? smoothed.slice(0, -5) : smoothed;
  let yLo = Math.min(...smoothed);
  let yHi = Math.max(...shown);
  if (!(yHi > yLo)) [yLo, yHi] = [yLo - 0.5, yHi + 0.5];
  const pad = (yHi - yLo) * 0.05;
  yLo -= pad;
  yHi += pad;

  const sx = (logLr: number): number => left + ((logLr - xLo) / (xHi - xLo)) * plotW;
  const sy = (loss: number): number => top + (1 - (loss - yLo) / (yHi - yLo)) * plotH;
  const points = (values: readonly number[]): string => values.map((v, i) => `${f(sx(logs[i]!))},${f(sy(v))}`).join(' ');

  const curvePoints = points(smoothed);
  // An id unique to this curve, so that several plots can be inlined in one page.
  let hash = 0;
  for (let i = 0; i < curvePoints.length; i++) hash = (Math.imul(hash, 31) + curvePoints.charCodeAt(i)) >>> 0;
  const clipId = `lr-range-${hash.toString(36)}`;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<title>${escapeXml(title ?? 'Learning-rate range test')}</title>`);
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  if (title !== undefined) parts.push(`<text x="${f(width / 2)}" y="22" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`);
  parts.push(`<defs><clipPath id="${clipId}"><rect x="${left}" y="${top}" width="${plotW}" height="${plotH}"/></clipPath></defs>`);

  // Axes and ticks: powers of ten along x, round numbers along y.
  parts.push(`<g stroke="#ccc" stroke-width="1">`);
  const xTicks: number[] = [];
  for (let e = Math.ceil(xLo - 1e-9); e <= xHi + 1e-9; e++) xTicks.push(e);
  for (const e of xTicks) parts.push(`<line x1="${f(sx(e))}" y1="${top}" x2="${f(sx(e))}" y2="${top + plotH}"/>`);
  const yTicks = niceTicks(yLo, yHi);
  for (const v of yTicks) parts.push(`<line x1="${left}" y1="${f(sy(v))}" x2="${left + plotW}" y2="${f(sy(v))}"/>`);
  parts.push(`</g>`);
  parts.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  for (const e of xTicks) parts.push(`<text x="${f(sx(e))}" y="${top + plotH + 16}" text-anchor="middle">${formatRate(e)}</text>`);
  for (const v of yTicks) parts.push(`<text x="${left - 6}" y="${f(sy(v) + 4)}" text-anchor="end">${formatNumber(v)}</text>`);
  parts.push(`<text x="${f(left + plotW / 2)}" y="${height - 10}" text-anchor="middle">learning rate (log scale)</text>`);
  parts.push(`<text x="14" y="${f(top + plotH / 2)}" text-anchor="middle" transform="rotate(-90 14 ${f(top + plotH / 2)})">loss</text>`);

  // Curves, then the suggestions on top.
  parts.push(`<g clip-path="url(#${clipId})" fill="none">`);
  parts.push(`<polyline points="${points(curve.losses)}" stroke="#999" stroke-opacity="0.6" stroke-width="1"/>`);
  parts.push(`<polyline points="${curvePoints}" stroke="#1f77b4" stroke-width="2"/>`);
  const marks: [number, string, string][] = [
    [curve.suggestion.steepest, '#d62728', 'steepest'],
    [curve.suggestion.minLossOver10, '#ff7f0e', 'min loss / 10'],
  ];
  for (const [lr, color] of marks) {
    const x = f(sx(Math.log10(lr)));
    parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + plotH}" stroke="${color}" stroke-dasharray="4 3" stroke-width="1.5"/>`);
  }
  parts.push(`</g>`);
  const steepIndex = curve.learningRates.indexOf(curve.suggestion.steepest);
  if (steepIndex >= 0) {
    parts.push(`<circle cx="${f(sx(logs[steepIndex]!))}" cy="${f(sy(curve.smoothedLosses[steepIndex]!))}" r="4" fill="#d62728"/>`);
  }
  marks.forEach(([lr, color, label], i) => {
    parts.push(`<text x="${left + plotW - 6}" y="${top + 14 + 14 * i}" text-anchor="end" fill="${color}">${label}: ${formatNumber(lr)}</text>`);
  });
  parts.push(`</svg>`);
  return parts.join('\n');
}
