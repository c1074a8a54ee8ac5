import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Whether `value` is a tfjs tensor. Duck-typed rather than `instanceof`, so that a tensor is
 * recognized whichever copy of the `Tensor` class made it (and the check cannot throw).
 *
 * @param value - anything.
 * @returns `true` for a tfjs `Tensor` (including `Variable`).
 * @example
 * ```ts
 * isTensor(tf.zeros([2])); // true
 * isTensor([0, 0]);        // false
 * ```
 */
export function isTensor(value: unknown): value is Tensor {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Partial<Tensor>;
  return t.dataId !== undefined && Array.isArray(t.shape) && typeof t.dtype === 'string' && typeof t.dataSync === 'function';
}

/**
 * Every distinct tensor reachable from `value` through arrays, plain objects, `Map`s and `Set`s
 * (cycles are followed once). Useful to dispose a whole result, or to count what a call returned.
 *
 * @param value - a tensor, or a structure containing tensors.
 * @returns the tensors found, each once, in discovery order. The caller still owns them.
 * @example
 * ```ts
 * collectTensors({ a: tf.scalar(1), b: [tf.scalar(2)] }).length; // 2
 * ```
 */
export function collectTensors(value: unknown): Tensor[] {
  const found = new Set<Tensor>();
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (isTensor(v)) {
      found.add(v);
      return;
    }
    if (ArrayBuffer.isView(v)) return;
    if (Array.isArray(v)) for (const item of v) visit(item);
    else if (v instanceof Map) for (const [k, item] of v) (visit(k), visit(item));
    else if (v instanceof Set) for (const item of v) visit(item);
    else if (Object.getPrototypeOf(v) === Object.prototype) for (const item of Object.values(v)) visit(item);
  };
  visit(value);
  return [...found];
}

/**
 * Dispose every tensor reachable from `value` (see {@link collectTensors}); already-disposed
 * tensors are skipped.
 *
 * @param value - a tensor or a structure containing tensors.
 */
export function disposeTensors(value: unknown): void {
  for (const t of collectTensors(value)) if (!t.isDisposed) t.dispose();
}
