// Turning the bridge's state and its transformation's config into what tfjs saves: a list of
// named tensors plus a JSON skeleton (the state's non-tensor parts and where each tensor goes),
// and a config string that survives tfjs-layers' loader.
import type { Tensor } from '@tensorflow/tfjs-core';
import { isTensor } from '../../core/tensor.js';
import { isPlainObject, mapKeys, Slot, type Entry } from './bridge-state.js';

/** The key of the marker objects in the JSON skeleton; a real object with this key is wrapped. */
const MARK = '$ws';

/** Whether a value can go into JSON after {@link encodeValue} (plain data, no cycles). */
export function isJsonLike(value: unknown, seen: Set<unknown> = new Set()): boolean {
  if (value === null || value === undefined) return true;
  const t = typeof value;
  if (t === 'string' || t === 'boolean' || t === 'number') return true;
  if (t !== 'object' || seen.has(value)) return false;
  seen.add(value);
  let ok: boolean;
  if (Array.isArray(value)) ok = value.every((v) => isJsonLike(v, seen));
  else if (isPlainObject(value)) ok = Object.values(value).every((v) => isJsonLike(v, seen));
  else ok = false;
  seen.delete(value);
  return ok;
}

/**
 * Encode plain data for JSON without loss: non-finite numbers, -0 and `undefined` (which JSON
 * would turn into null or drop) become marker objects; tensors and slots go through `leaf`.
 */
export function encodeValue(value: unknown, leaf: (v: Tensor | Slot) => unknown = () => {
  throw new Error('encodeValue: unexpected tensor');
}): unknown {
  const walk = (v: unknown): unknown => {
    if (isTensor(v) || v instanceof Slot) return leaf(v);
    if (v === undefined) return { [MARK]: 'undefined' };
    if (typeof v === 'number') {
      if (Number.isFinite(v) && !Object.is(v, -0)) return v;
      return { [MARK]: 'number', value: Object.is(v, -0) ? '-0' : String(v) };
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return v.map(walk);
    if (isPlainObject(v)) {
      const out = mapKeys(v, (k) => walk(v[k]));
      return Object.hasOwn(v, MARK) ? { [MARK]: 'object', value: out } : out;
    }
    throw new TypeError(`cannot save a ${typeof v} (${Object.prototype.toString.call(v)}) in an optimizer state or config`);
  };
  return walk(value);
}

/** Undo {@link encodeValue}; `leaf` resolves the markers it wrote for tensors and slots. */
export function decodeValue(json: unknown, leaf: (marker: Record<string, unknown>) => unknown = () => {
  throw new Error('decodeValue: unexpected tensor marker');
}): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isPlainObject(v)) return v;
    if (Object.hasOwn(v, MARK)) {
      const kind = v[MARK];
      if (kind === 'undefined') return undefined;
      if (kind === 'number') return v.value === '-0' ? -0 : Number(v.value);
      if (kind === 'object') {
        const inner = v.value as Record<string, unknown>;
        const out = mapKeys(inner, (k) => walk(inner[k]));
        return out;
      }
      return leaf(v);
    }
    const out = mapKeys(v, (k) => walk(v[k]));
    return out;
  };
  return walk(json);
}

/**
 * A JSON string of `value` without underscores: tfjs-layers' loader camel-cases every string in
 * an optimizer's config that contains one (`'exp_range'` would come back as `'expRange'`), so each
 * `_` is written as the JSON escape `\u005f`, which `JSON.parse` reads back as `_`.
 */
export function toLoaderSafeJson(value: unknown): string {
  return JSON.stringify(encodeValue(value)).replace(/_/g, '\\u005f');
}

/** Parse what {@link toLoaderSafeJson} wrote. */
export function fromLoaderSafeJson(text: string): unknown {
  return decodeValue(JSON.parse(text));
}

/** Identifies the skeleton written by {@link serializeState}. */
export const STATE_FORMAT = 'whetstone.Optimizer/state';
/** Bump when the skeleton's layout changes; {@link parseSkeleton} rejects versions it does not know. */
export const STATE_VERSION = 1;
/** The weight name of the skeleton (a string scalar) in `getWeights`. */
export const SKELETON_NAME = 'whetstone/state';

/** The JSON skeleton saved beside the state tensors. */
export interface Skeleton {
  readonly format: string;
  readonly version: number;
  /** The transformation's config name, to refuse weights saved from another transformation. */
  readonly transform: string;
  readonly template: unknown;
  /** Variable name → slot id → encoded value. */
  readonly params: Record<string, Record<string, unknown>>;
}

/**
 * Name every state tensor and encode the rest: global tensors as `whetstone/<path in the state>`,
 * a variable's tensors as `<variable name>/<path of its per-parameter map>[/<path inside>]`, the
 * way tfjs's own optimizers name theirs (`dense_Dense1/kernel/m`).
 */
export function serializeState(
  transformName: string,
  template: unknown,
  entries: ReadonlyMap<string, Entry>,
): { skeleton: Skeleton; tensors: { name: string; tensor: Tensor }[] } {
  const tensors: { name: string; tensor: Tensor }[] = [];
  const used = new Set<string>([SKELETON_NAME, 'iter']);
  const unique = (base: string): string => {
    let name = base;
    for (let k = 1; used.has(name); k++) name = `${base}#${k}`;
    used.add(name);
    return name;
  };
  const encodeAt = (value: unknown, prefix: string, path: string[]): unknown => {
    const walk = (v: unknown, p: string[]): unknown => {
      if (isTensor(v)) {
        // A tensor at the very root of a variable's state still gets a suffix: the bare variable
        // name is the model weight's own name in the saved weights, which must not be shadowed.
        const name = unique(p.length === 0 ? `${prefix}/state` : [prefix, ...p].join('/'));
        tensors.push({ name, tensor: v });
        return { [MARK]: 'tensor', name };
      }
      if (v instanceof Slot) return { [MARK]: 'slot', path: v.path };
      if (Array.isArray(v)) return v.map((item, i) => walk(item, [...p, String(i)]));
      if (isPlainObject(v)) {
        const out = mapKeys(v, (k) => walk(v[k], [...p, k]));
        return Object.hasOwn(v, MARK) ? { [MARK]: 'object', value: out } : out;
      }
      return encodeValue(v);
    };
    return walk(value, path);
  };
  const templateJson = encodeAt(template, 'whetstone', []);
  const params: Record<string, Record<string, unknown>> = {};
  for (const [name, entry] of entries) {
    const slots: Record<string, unknown> = {};
    for (const [slotId, value] of entry) slots[slotId] = encodeAt(value, name, JSON.parse(slotId) as string[]);
    params[name] = slots;
  }
  return { skeleton: { format: STATE_FORMAT, version: STATE_VERSION, transform: transformName, template: templateJson, params }, tensors };
}

/** Check a parsed skeleton's outline; returns a description of what is wrong, or undefined. */
export function skeletonProblem(s: unknown): string | undefined {
  if (!isPlainObject(s) || s.format !== STATE_FORMAT) return `its "${SKELETON_NAME}" weight is not a whetstone optimizer state`;
  if (s.version !== STATE_VERSION) return `its state format version is ${String(s.version)}, this version of whetstone reads ${STATE_VERSION}`;
  if (typeof s.transform !== 'string' || !isPlainObject(s.params)) return 'its state skeleton is malformed';
  for (const slots of Object.values(s.params)) if (!isPlainObject(slots)) return 'its state skeleton is malformed';
  return undefined;
}

/**
 * Rebuild a template and entries from a skeleton, resolving tensor names through `lookup` (the
 * tensors found are used as they are; the caller copies them once nothing is missing). Every
 * referenced name must be present: `missing` collects the ones that are not.
 */
export function deserializeState(
  skeleton: Skeleton,
  lookup: (name: string) => Tensor | undefined,
): { template: unknown; entries: Map<string, Entry>; missing: string[] } {
  const missing: string[] = [];
  const leaf = (m: Record<string, unknown>): unknown => {
    if (m[MARK] === 'tensor' && typeof m.name === 'string') {
      const t = lookup(m.name);
      if (t === undefined) missing.push(m.name);
      return t;
    }
    if (m[MARK] === 'slot' && Array.isArray(m.path)) {
      const path = m.path.map(String);
      return new Slot(JSON.stringify(path), path);
    }
    throw new TypeError(`unknown marker ${JSON.stringify(m)}`);
  };
  const template = decodeValue(skeleton.template, leaf);
  const entries = new Map<string, Entry>();
  for (const [name, slots] of Object.entries(skeleton.params)) {
    const entry: Entry = new Map();
    for (const [slotId, value] of Object.entries(slots)) entry.set(slotId, decodeValue(value, leaf));
    entries.set(name, entry);
  }
  return { template, entries, missing };
}
