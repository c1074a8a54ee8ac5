// String building for SVG: escaping, deterministic number formatting, elements and the document
// wrapper. Everything is a pure function of its input so that the same chart always serializes to
// the same string (tests compare outputs byte for byte).

/** Attribute values; `undefined` attributes are left out. */
export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** Font size of tick labels and legends, in px; titles and axis labels scale from it. */
export const FONT_SIZE = 11;

/**
 * Escape text for element content and attribute values. All five XML entities are escaped so the
 * same function serves both places; control characters other than tab and newlines are not
 * allowed in XML 1.0 at all (nor are unpaired surrogates), so they become U+FFFD rather than
 * making the document ill-formed.
 */
export function escapeXml(text: string): string {
  const chars = /[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  return text.replace(chars, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      case "'": return '&apos;';
      default: return '\ufffd';
    }
  });
}

/**
 * A coordinate with at most two decimals: sub-pixel precision beyond that is invisible, and fixed
 * rounding keeps output stable and short. `-0` prints as `0`.
 */
export function px(n: number): string {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A data value for labels and hover text: `digits` significant digits (default 6), exponent form outside [1e-4, 1e6). */
export function formatNumber(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const r = Number(v.toPrecision(digits));
  const a = Math.abs(r);
  return a >= 1e-4 && a < 1e6 ? String(r) : r.toExponential();
}

/** One element; numbers in attributes are rounded with {@link px}. */
export function el(tag: string, attrs: Attrs, content?: string): string {
  let s = `<${tag}`;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    s += ` ${k}="${typeof v === 'number' ? px(v) : escapeXml(v)}"`;
  }
  return content === undefined ? `${s}/>` : `${s}>${content}</${tag}>`;
}

/** A text element whose content is escaped. */
export function text(x: number, y: number, content: string, attrs: Attrs = {}): string {
  return el('text', { x, y, ...attrs }, escapeXml(content));
}

/** A `<title>` child: the accessible name of its parent and the browser's hover text. */
export function title(content: string): string {
  return `<title>${escapeXml(content)}</title>`;
}

/**
 * Rough rendered width of `content` in px. SVG strings cannot measure text; 0.6 em per character
 * is a slight overestimate for proportional sans-serif fonts, which errs on the side of margins
 * that are too wide rather than labels that are cut off.
 */
export function textWidth(content: string, size = FONT_SIZE): number {
  return content.length * size * 0.6;
}

/** Shorten a label to at most `max` characters with an ellipsis (full text goes in a `<title>`). */
export function truncate(content: string, max: number): string {
  return content.length <= max ? content : `${content.slice(0, Math.max(1, max - 1))}…`;
}

/**
 * The root `<svg>`: a `<title>` (accessible name), a `<desc>` (what is drawn and how many
 * non-finite values were skipped), a white background, then `body`.
 */
export function svgDocument(p: { width: number; height: number; title: string; desc: string; kind: string }, body: string): string {
  return (
    el(
      'svg',
      {
        xmlns: 'http://www.w3.org/2000/svg',
        width: p.width,
        height: p.height,
        viewBox: `0 0 ${px(p.width)} ${px(p.height)}`,
        role: 'img',
        class: `ws-chart ws-${p.kind}`,
        'font-family': 'Helvetica, Arial, sans-serif',
        'font-size': FONT_SIZE,
      },
      title(p.title) +
        `<desc>${escapeXml(p.desc)}</desc>` +
        el('rect', { width: p.width, height: p.height, fill: '#ffffff' }) +
        body,
    ) + '\n'
  );
}

/** The `<desc>` sentence about skipped values, or `''` when none were. */
export function skippedText(skipped: number, what = 'point'): string {
  if (skipped === 0) return '';
  return ` ${skipped} ${what}${skipped === 1 ? '' : 's'} with non-finite values (NaN or Infinity) skipped.`;
}
