// The tfjs bridge's bookkeeping of a transformation's state, keyed by variable name.
//
// A transformation's state is one tree for all parameters (Optax style): some nodes are maps
// from parameter name to that parameter's state ("per-parameter maps", e.g. Adam's `mu`), the rest
// is global to the transformation (step counts, …). tfjs calls the optimizer with whichever
// variables a model or `minimize` call trains, and variables come and go, so the bridge splits
// the tree into a *template* (the global part, with a `Slot` marker where each per-parameter map
// was) and per-variable *entries* (slot → that variable's value in the map). A step assembles a
// state tree for exactly its variables, runs `update`, and splits the result again.
import type { Tensor } from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../../core/errors.js';
import { isTensor } from '../../core/tensor.js';
import type { TransformState } from '../types.js';

/** Marks where a per-parameter map sits in the template; `id` is the JSON of its path. */
export class Slot {
  constructor(
    readonly id: string,
    readonly path: readonly string[],
  ) {}
}

/** A variable's state: slot id → its value in that slot's per-parameter map. */
export type Entry = Map<string, unknown>;

/** Whether `v` is a plain object (the only objects a state tree is made of, besides arrays). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || isTensor(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A new plain object with the same own keys as `obj` and values `fn(key)`. Built with
 * `Object.fromEntries`, so that a key such as `__proto__` stays an ordinary own property.
 */
export function mapKeys(obj: object, fn: (key: string) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.keys(obj).map((k) => [k, fn(k)]));
}

function slotFor(path: readonly string[]): Slot {
  return new Slot(JSON.stringify(path), path);
}

/**
 * Split a state tree made by `init(params)` (or returned by `update`) for the variables `names`:
 * a plain object whose keys are all among `names` is a per-parameter map. Real variable names
 * ('dense_Dense1/kernel') do not look like state fields ('mu', 'count'), which is what makes the
 * test safe; masks may leave a map with only some of the names, which still counts.
 */
export function splitInit(tree: unknown, names: ReadonlySet<string>): { template: unknown; entries: Map<string, Entry> } {
  const entries = new Map<string, Entry>();
  for (const n of names) entries.set(n, new Map());
  const walk = (node: unknown, path: string[]): unknown => {
    if (isTensor(node)) return node;
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, String(i)]));
    if (isPlainObject(node)) {
      const keys = Object.keys(node);
      if (keys.length > 0 && keys.every((k) => names.has(k))) {
        const slot = slotFor(path);
        for (const k of keys) entries.get(k)!.set(slot.id, node[k]);
        return slot;
      }
      const out = mapKeys(node, (k) => walk(node[k], [...path, k]));
      return out;
    }
    return node;
  };
  return { template: walk(tree, []), entries };
}

/** Whether a template subtree holds a slot. */
export function containsSlot(node: unknown): boolean {
  if (node instanceof Slot) return true;
  if (Array.isArray(node)) return node.some(containsSlot);
  if (isPlainObject(node)) return Object.values(node).some(containsSlot);
  return false;
}

/**
 * Merge the template of a fresh `init` (for variables seen for the first time) into the existing
 * one: the existing global state wins (a step count keeps counting), slots found only in the new
 * template are added. Returns the merged template; tensors of `incoming` that it does not use
 * are the caller's to dispose.
 */
export function mergeTemplates(existing: unknown, incoming: unknown): unknown {
  if (existing instanceof Slot) return existing;
  if (incoming instanceof Slot) {
    // An empty map in the existing template (every variable masked out so far) becomes a slot.
    if (existing === undefined || (isPlainObject(existing) && Object.keys(existing).length === 0)) return incoming;
    return existing;
  }
  if (Array.isArray(existing) && Array.isArray(incoming)) {
    const n = Math.max(existing.length, incoming.length);
    return Array.from({ length: n }, (_, i) => (i < existing.length ? mergeTemplates(existing[i], incoming[i]) : incoming[i]));
  }
  if (isPlainObject(existing) && isPlainObject(incoming)) {
    const keys = [...Object.keys(existing), ...Object.keys(incoming).filter((k) => !Object.hasOwn(existing, k))];
    return Object.fromEntries(keys.map((k) => [k, !Object.hasOwn(incoming, k) ? existing[k] : Object.hasOwn(existing, k) ? mergeTemplates(existing[k], incoming[k]) : incoming[k]]));
  }
  return existing;
}

/** Build the state tree for the variables `names` (in that order) from the template and entries. */
export function assemble(template: unknown, entries: ReadonlyMap<string, Entry>, names: readonly string[]): TransformState {
  const build = (node: unknown): unknown => {
    if (node instanceof Slot) {
      const map: Record<string, unknown> = {};
      for (const n of names) {
        const e = entries.get(n);
        if (e !== undefined && e.has(node.id)) map[n] = e.get(node.id);
      }
      return map;
    }
    if (Array.isArray(node)) return node.map(build);
    if (isPlainObject(node)) {
      const out = mapKeys(node, (k) => build(node[k]));
      return out;
    }
    return node;
  };
  return build(template) as TransformState;
}

/** One change to an entry: set (or, with `undefined`, delete) `name`'s value in a slot. */
export type EntryChange = readonly [name: string, slotId: string, value: unknown, remove: boolean];

/**
 * Split the state returned by `update` for the variables `names` back into a template and entry
 * changes, following the current template's slots. Nothing is mutated, so a transformation whose
 * state changed shape leaves the bridge as it was.
 *
 * @throws {@link InvalidArgumentError} when a per-parameter map went missing or holds other names.
 */
export function splitUpdate(fn: string, template: unknown, next: unknown, names: readonly string[]): { template: unknown; changes: EntryChange[] } {
  const nameSet = new Set(names);
  const changes: EntryChange[] = [];
  const fail = (path: readonly string[], what: string): never => {
    throw new InvalidArgumentError(
      `${fn}: the transformation's update must return a state shaped like its init; at ${path.length === 0 ? 'the root' : `"${path.join('/')}"`} ${what}.`,
    );
  };
  const walk = (tpl: unknown, node: unknown, path: string[]): unknown => {
    if (tpl instanceof Slot) {
      if (!isPlainObject(node)) return fail(path, 'a per-parameter map became something else');
      for (const k of Object.keys(node)) if (!nameSet.has(k)) fail(path, `the per-parameter map has an entry "${k}" for no variable of this step`);
      for (const n of names) changes.push(Object.hasOwn(node, n) ? [n, tpl.id, node[n], false] : [n, tpl.id, undefined, true]);
      return tpl;
    }
    if (Array.isArray(tpl) && Array.isArray(node)) {
      if (node.length < tpl.length && tpl.slice(node.length).some(containsSlot)) fail(path, 'a per-parameter map went missing');
      return node.map((item, i) => (i < tpl.length ? walk(tpl[i], item, [...path, String(i)]) : item));
    }
    if (isPlainObject(tpl) && isPlainObject(node)) {
      for (const k of Object.keys(tpl)) if (!Object.hasOwn(node, k) && containsSlot(tpl[k])) fail([...path, k], 'a per-parameter map went missing');
      const out = mapKeys(node, (k) => Object.hasOwn(tpl, k) ? walk(tpl[k], node[k], [...path, k]) : node[k]);
      return out;
    }
    if (containsSlot(tpl)) fail(path, 'a per-parameter map went missing');
    return node;
  };
  return { template: walk(template, next, []), changes };
}

/** Every tensor in a template (global state), each once. */
export function templateTensors(template: unknown, into: Set<Tensor> = new Set()): Set<Tensor> {
  const walk = (node: unknown): void => {
    if (isTensor(node)) into.add(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (isPlainObject(node)) Object.values(node).forEach(walk);
  };
  walk(template);
  return into;
}

/** Every tensor in a value (an entry's value or any state subtree), each once. */
export function valueTensors(value: unknown, into: Set<Tensor> = new Set()): Set<Tensor> {
  return templateTensors(value, into);
}

/**
 * Map every tensor in a tree through `fn`, copying the arrays and plain objects on the way.
 * Used to clone tensors a transformation passed into its state from its inputs.
 */
export function mapTensors<T>(tree: T, fn: (t: Tensor) => Tensor): T {
  const walk = (node: unknown): unknown => {
    if (isTensor(node)) return fn(node);
    if (node instanceof Slot) return node;
    if (Array.isArray(node)) return node.map(walk);
    if (isPlainObject(node)) {
      const out = mapKeys(node, (k) => walk(node[k]));
      return out;
    }
    return node;
  };
  return walk(tree) as T;
}

/**
 * The name a tfjs-layers variable had before tfjs-layers made it unique: it appends `_1`, `_2`, …
 * when a model with the same layer names is built again in one process (a loaded model, say).
 */
export function canonicalName(name: string): string {
  return name.replace(/_\d+$/, '');
}
