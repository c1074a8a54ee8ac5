import { compiledModules } from '../../src/core/_internal/wasm.js';

/** Run `f` with the compiled WebAssembly modules switched off (their JavaScript twins run). */
export function withoutModules<T>(f: () => T): T {
  compiledModules.enabled = false;
  try {
    return f();
  } finally {
    compiledModules.enabled = true;
  }
}
