// Colour-blind-safe colours: Okabe–Ito for categories, viridis for continuous values.
import { invalidArgument } from '../core/validate.js';

/**
 * The Okabe–Ito palette, ordered for series: blue, vermillion, bluish green, orange, sky blue,
 * reddish purple, yellow, black. Distinguishable under the common forms of colour blindness.
 * Charts cycle through it for series without their own colour.
 *
 * @example
 * ```ts
 * lineChart({ series: [{ name: 'train', x, y, color: okabeIto[1] }] });
 * ```
 * @see Okabe & Ito, "Color Universal Design" (2002), https://jfly.uni-koeln.de/color/
 */
export const okabeIto: readonly string[] = Object.freeze([
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#E69F00',
  '#56B4E9',
  '#CC79A7',
  '#F0E442',
  '#000000',
]);

// matplotlib's viridis (CC0) sampled at 17 evenly spaced points; linear interpolation between
// them stays within one or two levels of the 256-entry table.
const VIRIDIS = [
  0x440154, 0x48186a, 0x472d7b, 0x424086, 0x3b528b, 0x33638d, 0x2c728e, 0x26828e, 0x21918c,
  0x1fa088, 0x28ae80, 0x3fbc73, 0x5ec962, 0x84d44b, 0xaddc30, 0xd8e219, 0xfde725,
];

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/**
 * The viridis colour at `t` in [0, 1] (dark purple at 0, yellow at 1): perceptually uniform,
 * readable in greyscale and by colour-blind readers. Values outside [0, 1] are clamped.
 *
 * @param t - position on the scale (finite).
 * @returns a `#rrggbb` colour.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when `t` is not a finite number.
 * @example
 * ```ts
 * viridis(0); // '#440154'
 * viridis(1); // '#fde725'
 * ```
 * @see https://bids.github.io/colormap/ (van der Walt & Smith, matplotlib's default colormap)
 */
export function viridis(t: number): string {
  if (typeof t !== 'number' || !Number.isFinite(t)) throw invalidArgument('viridis', 't', 'a finite number', t);
  const u = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  let out = '#';
  for (const shift of [16, 8, 0]) {
    const ca = (a >> shift) & 255;
    const cb = (b >> shift) & 255;
    out += hex(Math.round(ca + (cb - ca) * f));
  }
  return out;
}
