/**
 * Freeze an object and everything reachable from it (plain objects and arrays; tensors and other
 * class instances are frozen too, so keep them out of what you freeze). Used for configs, which
 * are values: changing one could not change what it describes.
 *
 * @param value - the object to freeze (returned as is when not an object or already frozen).
 * @returns `value`, frozen all the way down.
 * @example
 * ```ts
 * const config = deepFreeze({ name: 'adam', options: { b1: 0.9 } });
 * Object.isFrozen(config.options); // true
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
