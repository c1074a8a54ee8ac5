// The GP sampler's view of a search space: every parameter mapped to [0, 1] (log-scaled ones in
// log space; integer and stepped ones over cells padded by half a step on each side, so every
// grid value owns an equal share of the box, as optuna/_transform.py does), categorical ones kept
// as their index for the kernel's Hamming term.
import type { Distribution, SearchSpace } from '../../types.js';
import { isSingle } from '../../distributions.js';
import type { AcquisitionDim } from './gp-acquisition.js';

/** Grids longer than this are optimized as continuous and rounded when decoded. */
const MAX_GRID = 1000;

/** A search space ready for the GP. */
export interface EncodedSpace {
  /** Parameter names, in the order of the dimensions. */
  readonly names: readonly string[];
  /** Their distributions. */
  readonly distributions: readonly Distribution[];
  /** How the acquisition optimizer treats each dimension. */
  readonly dims: readonly AcquisitionDim[];
  /** 1 for categorical dimensions. */
  readonly categorical: Uint8Array;
}

function bounds(d: Exclude<Distribution, { type: 'categorical' }>): [number, number] {
  if (d.type === 'int') {
    if (d.log) return [Math.log(d.low - 0.5), Math.log(d.high + 0.5)];
    return [d.low - 0.5 * d.step, d.high + 0.5 * d.step];
  }
  if (d.log) return [Math.log(d.low), Math.log(d.high)];
  if (d.step !== null) return [d.low - 0.5 * d.step, d.high + 0.5 * d.step];
  return [d.low, d.high];
}

function gridSize(d: Distribution): number {
  if (d.type === 'categorical') return d.choices.length;
  if (d.type === 'int') return d.log ? d.high - d.low + 1 : Math.round((d.high - d.low) / d.step) + 1;
  return d.step === null ? Infinity : Math.round((d.high - d.low) / d.step) + 1;
}

function gridValue(d: Distribution, i: number): number {
  if (d.type === 'categorical') return i;
  if (d.type === 'int') return d.log ? d.low + i : d.low + i * d.step;
  return Math.min(d.low + i * d.step!, d.high);
}

/**
 * The normalized coordinate of an internal value.
 *
 * @param d - the distribution.
 * @param v - an internal value of it.
 * @returns a number in [0, 1] (categorical: the index itself).
 */
export function normalizeValue(d: Distribution, v: number): number {
  if (d.type === 'categorical') return v;
  const [lo, hi] = bounds(d);
  const t = d.log ? Math.log(v) : v;
  return hi > lo ? Math.min(Math.max((t - lo) / (hi - lo), 0), 1) : 0.5;
}

/**
 * The internal value for a normalized coordinate: rounded to the grid for integer and stepped
 * parameters, clipped into the distribution.
 *
 * @param d - the distribution.
 * @param u - a coordinate (numeric: in [0, 1]; categorical: an index).
 * @returns an internal value that the distribution contains.
 */
export function denormalizeValue(d: Distribution, u: number): number {
  if (d.type === 'categorical') return Math.min(Math.max(Math.round(u), 0), d.choices.length - 1);
  const [lo, hi] = bounds(d);
  const t = lo + Math.min(Math.max(u, 0), 1) * (hi - lo);
  const v = d.log ? Math.exp(t) : t;
  if (d.type === 'int') {
    if (d.log) return Math.min(Math.max(Math.round(v), d.low), d.high);
    const i = Math.min(Math.max(Math.round((v - d.low) / d.step), 0), gridSize(d) - 1);
    return d.low + i * d.step;
  }
  if (d.step !== null) {
    const i = Math.min(Math.max(Math.round((v - d.low) / d.step), 0), gridSize(d) - 1);
    return gridValue(d, i);
  }
  return Math.min(Math.max(v, d.low), d.high);
}

/**
 * Encode a search space; single-valued parameters are left out (the study never samples them).
 *
 * @param space - name → distribution.
 * @returns the encoded space (dimensions in the space's key order).
 */
export function encodeSpace(space: SearchSpace): EncodedSpace {
  const names: string[] = [];
  const distributions: Distribution[] = [];
  const dims: AcquisitionDim[] = [];
  for (const [name, d] of Object.entries(space)) {
    if (isSingle(d)) continue;
    names.push(name);
    distributions.push(d);
    if (d.type === 'categorical') {
      dims.push({ kind: 'categorical', count: d.choices.length });
      continue;
    }
    const size = gridSize(d);
    if (size <= MAX_GRID) {
      const values = new Float64Array(size);
      for (let i = 0; i < size; i++) values[i] = normalizeValue(d, gridValue(d, i));
      dims.push({ kind: 'discrete', values });
    } else {
      dims.push({ kind: 'continuous' });
    }
  }
  const categorical = new Uint8Array(names.length);
  distributions.forEach((d, j) => (categorical[j] = d.type === 'categorical' ? 1 : 0));
  return { names, distributions, dims, categorical };
}
