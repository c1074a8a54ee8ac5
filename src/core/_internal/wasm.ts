// The committed WebAssembly modules (built by scripts/build-wasm.sh, bytes in `*-wasm.ts` as
// base64): decoding them, and, for the calibration modules, loading them synchronously (fits are
// synchronous; each module stays under the 4 KB that browsers compile on the main thread) with
// the instance held weakly, so that its memory (tens of bytes a row of the largest input so far)
// goes back to the collector when nothing needs it.

/** Tests turn the modules off to compare the JavaScript paths with them. */
export const compiledModules = { enabled: true };

/** A module's bytes from the base64 the generated `*-wasm.ts` files hold. */
export function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The exports every module has. */
export interface ModuleExports {
  readonly memory: WebAssembly.Memory;
}

/**
 * A getter for a module's live instance, or `undefined` where WebAssembly is missing or refuses
 * to compile it (callers then run their JavaScript versions).
 *
 * @param base64 - the module's bytes, as the generated `*-wasm.ts` files hold them.
 */
export function weakModule<T extends ModuleExports>(base64: string): () => T | undefined {
  let compiled: WebAssembly.Module | null | undefined;
  let held: WeakRef<T> | undefined;
  return () => {
    if (!compiledModules.enabled) return undefined;
    const live = held?.deref();
    if (live !== undefined) return live;
    if (compiled === undefined) {
      try {
        compiled = new WebAssembly.Module(decodeBase64(base64));
      } catch {
        compiled = null;
      }
    }
    if (compiled === null) return undefined;
    const exports = new WebAssembly.Instance(compiled, {}).exports as unknown as T;
    held = new WeakRef(exports);
    return exports;
  };
}

/** The live instance of a getter from {@link weakModule} if `arrays` are all views of its memory. */
export function holding<T extends ModuleExports>(instance: T | undefined, ...arrays: ArrayBufferView[]): T | undefined {
  return instance !== undefined && arrays.every((a) => a.buffer === instance.memory.buffer) ? instance : undefined;
}

/** Grow a module's memory to at least `bytes` (before any view of it is taken: growing detaches them). */
export function reserve(memory: WebAssembly.Memory, bytes: number): ArrayBuffer {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
  return memory.buffer;
}

/** Where each module's stack ends (8 KB, placed first by the linker): the caller's layout starts here. */
export const HEAP_START = 65536;
