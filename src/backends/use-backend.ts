import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, WhetstoneError } from '../core/errors.js';
import { checkArgument, checkOptions, formatValue, is } from '../core/validate.js';
import { TRAINING_KERNELS } from './kernels.js';
import { installWasmKernels, uninstallWasmKernels } from './wasm/install.js';

/** The tfjs backends whetstone knows how to load. `'tensorflow'` is tfjs-node / tfjs-node-gpu. */
export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu' | 'tensorflow';

/** The backends in the order {@link autoBackend} prefers them: fastest first. */
export const BACKEND_PREFERENCE: readonly BackendName[] = Object.freeze(['tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu']);

/** Options of {@link useBackend}. */
export interface UseBackendOptions {
  /**
   * wasm only: where the `.wasm` binaries are served from, passed to tfjs-backend-wasm's
   * `setWasmPaths` (a URL prefix ending in `/`, or a map of file name to URL). Default: next to
   * the package, which is right in Node and Deno; browsers usually need it.
   */
  wasmPaths?: string | Record<string, string>;
  /** wasm only: number of threads, where the runtime allows threads (default: tfjs decides). */
  threads?: number;
  /**
   * wasm only: install whetstone's wasm kernels (default `true`; see {@link installWasmKernels}):
   * flagged matMuls 20–30× faster, and the convolution and segment-sum gradients tfjs-wasm lacks.
   * `false` leaves (or restores) the stock tfjs-wasm kernels.
   */
  fastKernels?: boolean;
  /**
   * tensorflow only: which package provides it. Default: `@tensorflow/tfjs-node-gpu` (CUDA) if
   * installed, else `@tensorflow/tfjs-node`.
   */
  package?: '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';
}

/** wasm features as detected by tfjs-backend-wasm (see {@link BackendInfo}). */
export interface WasmInfo {
  /** WebAssembly SIMD is available (tfjs-wasm then uses its SIMD kernels). */
  readonly simd: boolean;
  /** WebAssembly threads are available (needs cross-origin isolation in browsers; never in Node). */
  readonly threads: boolean;
}

/** What {@link backendInfo} reports about the active backend. */
export interface BackendInfo {
  /** The tfjs backend name (`'cpu'`, `'wasm'`, `'webgl'`, `'webgpu'`, `'tensorflow'`, or a custom one). */
  readonly name: string;
  /** Whether tensors live on a GPU (WebGL, WebGPU, or tfjs-node-gpu with a CUDA device). */
  readonly isGpu: boolean;
  /** Bits of float precision the backend computes with (16 on some WebGL devices, else 32). */
  readonly floatPrecision: 16 | 32;
  /** wasm only: SIMD and threads support as detected by tfjs-backend-wasm. */
  readonly wasm?: WasmInfo;
  /** The package that provides a `'tensorflow'` backend, when whetstone loaded it. */
  readonly package?: string;
  /**
   * Kernels needed to train tfjs-layers models (see {@link TRAINING_KERNELS}) that this backend
   * does not implement; empty when everything is there.
   */
  readonly missingKernels: readonly string[];
}

const PACKAGES: Record<Exclude<BackendName, 'tensorflow'>, string> = {
  cpu: '@tensorflow/tfjs-backend-cpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
  webgl: '@tensorflow/tfjs-backend-webgl',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
};
const TENSORFLOW_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/** Modules whetstone imported, kept so later calls (`setWasmPaths`, thread count) can reach them. */
const loaded = new Map<string, Record<string, unknown>>();
let tensorflowPackage: string | undefined;

function isModuleNotFound(error: unknown, specifier: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e !== 'object' || e === null) return false;
  const msg = typeof e.message === 'string' ? e.message : '';
  // Node: ERR_MODULE_NOT_FOUND (ESM) / MODULE_NOT_FOUND (CJS); the specifier must be the missing one,
  // not some dependency of it that failed to resolve. Deno and bundlers only give a message.
  if (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') {
    return msg.includes(`'${specifier}'`) || msg.includes(`"${specifier}"`);
  }
  return msg.includes(specifier) && /not found|cannot find|could not (find|resolve)|failed to resolve/i.test(msg);
}

async function importOptional(specifier: string): Promise<Record<string, unknown> | undefined> {
  const cached = loaded.get(specifier);
  if (cached) return cached;
  try {
    // A computed specifier keeps bundlers from requiring every optional backend at build time; a
    // bundled app imports its backend itself (`import '@tensorflow/tfjs-backend-webgl'`), and
    // useBackend then finds it already registered and imports nothing.
    const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as Record<string, unknown>;
    loaded.set(specifier, mod);
    return mod;
  } catch (error) {
    if (isModuleNotFound(error, specifier)) return undefined;
    throw new BackendUnavailableError(`useBackend: ${specifier} is installed but failed to load: ${(error as Error)?.message ?? formatValue(error)}`, { cause: error });
  }
}

function duplicateCoreError(what: string): WhetstoneError {
  return new BackendUnavailableError(
    `useBackend: ${what} loaded, but registered with a different copy of @tensorflow/tfjs-core than the one whetstone uses. ` +
      'Two copies mean two engines whose tensors cannot mix; run `npm ls @tensorflow/tfjs-core` and dedupe to one version.',
  );
}

/**
 * Make sure gradients are registered with tfjs-core. tfjs-core alone registers none; importing
 * `@tensorflow/tfjs-layers` (a peer dependency of whetstone) registers them all.
 */
async function ensureGradients(): Promise<void> {
  if (tf.getGradient(tf.Square) !== undefined) return;
  const layers = await importOptional('@tensorflow/tfjs-layers');
  if (layers === undefined) {
    throw new BackendUnavailableError('useBackend: gradients need @tensorflow/tfjs-layers, a peer dependency of whetstone; install it with `npm install @tensorflow/tfjs-layers`.');
  }
  if (tf.getGradient(tf.Square) === undefined) throw duplicateCoreError('@tensorflow/tfjs-layers');
}

async function loadTensorflow(options: UseBackendOptions): Promise<void> {
  if (tf.findBackendFactory('tensorflow')) return;
  const candidates = options.package !== undefined ? [options.package] : TENSORFLOW_PACKAGES;
  for (const pkg of candidates) {
    if ((await importOptional(pkg)) !== undefined) {
      tensorflowPackage = pkg;
      return;
    }
  }
  throw new BackendUnavailableError(
    options.package !== undefined
      ? `useBackend: backend 'tensorflow' needs ${options.package}; install it with \`npm install ${options.package}\`.`
      : "useBackend: backend 'tensorflow' needs @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (CUDA); " +
          'install one with `npm install @tensorflow/tfjs-node` or `npm install @tensorflow/tfjs-node-gpu`.',
  );
}

async function checkRuntime(name: BackendName): Promise<void> {
  const g = globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } }; document?: unknown; OffscreenCanvas?: unknown };
  if (name === 'webgpu') {
    const gpu = g.navigator?.gpu;
    if (gpu === undefined) {
      throw new BackendUnavailableError("useBackend: backend 'webgpu' needs WebGPU (navigator.gpu), which this runtime lacks; use Deno, or a browser with WebGPU enabled.");
    }
    if ((await gpu.requestAdapter()) === null) {
      throw new BackendUnavailableError("useBackend: backend 'webgpu' found no GPU adapter; on Linux without a GPU, install a software one (Debian: `apt-get install mesa-vulkan-drivers`).");
    }
  }
  if (name === 'webgl' && g.document === undefined && g.OffscreenCanvas === undefined) {
    throw new BackendUnavailableError("useBackend: backend 'webgl' needs a browser (document or OffscreenCanvas), which this runtime lacks.");
  }
}

async function configureWasm(options: UseBackendOptions): Promise<void> {
  const mod = loaded.get(PACKAGES.wasm);
  if (options.wasmPaths !== undefined) {
    if (mod === undefined || typeof mod.setWasmPaths !== 'function') {
      throw new BackendUnavailableError('useBackend: option "wasmPaths" needs @tensorflow/tfjs-backend-wasm to be loaded by useBackend, not imported elsewhere first.');
    }
    (mod.setWasmPaths as (p: unknown) => void)(options.wasmPaths);
  }
  if (options.threads !== undefined && mod !== undefined && typeof mod.setThreadsCount === 'function') {
    (mod.setThreadsCount as (n: number) => void)(options.threads);
  }
}

const BACKEND_NAMES = ['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow'] as const;

const USE_BACKEND_OPTIONS = {
  wasmPaths: is.anyOf(
    is.string({ nonEmpty: true }),
    is.custom('an object mapping file names to URLs', (v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
  ),
  threads: is.integer({ min: 1 }),
  fastKernels: is.boolean(),
  package: is.oneOf(['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']),
};

/**
 * Switch tfjs to a backend, loading its package on demand: imports the optional peer package
 * (`@tensorflow/tfjs-backend-<name>`, or tfjs-node(-gpu) for `'tensorflow'`) unless it is already
 * registered, makes sure gradients are registered, sets the backend and waits until it is ready.
 * The backend is global to tfjs, as `tf.setBackend` is.
 *
 * In bundled browser apps, import the backend package yourself first
 * (`import '@tensorflow/tfjs-backend-webgl'`); useBackend then finds it registered.
 *
 * @param name - `'cpu' | 'wasm' | 'webgl' | 'webgpu' | 'tensorflow'`.
 * @param options - wasm paths, threads and whether to install whetstone's faster wasm kernels
 *   (`fastKernels`, default true); which tensorflow package.
 * @returns what {@link backendInfo} reports once the backend is active.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for an unknown name or bad options;
 *   {@link "whetstone/core"!BackendUnavailableError} naming the package to install when it is missing, or why the
 *   runtime cannot run it (no WebGPU adapter, no WebGL context), or when the backend registered
 *   with a second copy of tfjs-core.
 * @example
 * ```ts
 * import { useBackend } from 'whetstone/backends';
 * const info = await useBackend('wasm');
 * console.log(info.name, info.wasm?.simd, info.missingKernels);
 * ```
 */
export async function useBackend(name: BackendName, options: UseBackendOptions = {}): Promise<BackendInfo> {
  checkArgument('useBackend', 'name', name, is.oneOf(BACKEND_NAMES));
  checkOptions('useBackend', options, USE_BACKEND_OPTIONS);
  await checkRuntime(name);
  if (name === 'tensorflow') {
    await loadTensorflow(options);
  } else if (!tf.findBackendFactory(name)) {
    const pkg = PACKAGES[name];
    if ((await importOptional(pkg)) === undefined) {
      throw new BackendUnavailableError(`useBackend: backend '${name}' needs ${pkg}; install it with \`npm install ${pkg}\`.`);
    }
  }
  if (!tf.findBackendFactory(name)) throw duplicateCoreError(name === 'tensorflow' ? (tensorflowPackage ?? 'tfjs-node') : PACKAGES[name]);
  if (name === 'wasm') await configureWasm(options);
  await ensureGradients();
  if (!(await tf.setBackend(name))) {
    throw new BackendUnavailableError(`useBackend: backend '${name}' is installed but failed to initialize here (tfjs logged the reason above).`);
  }
  await tf.ready();
  if (name === 'wasm') {
    // Evaluate the async feature flags now so that backendInfo() can read them synchronously.
    await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    if (options.fastKernels ?? true) installWasmKernels();
    else uninstallWasmKernels();
  }
  return backendInfo();
}

function readFlag(flag: string): boolean {
  try {
    return tf.env().getBool(flag);
  } catch {
    return false; // flag not registered or not yet evaluated
  }
}

/**
 * Describe the active tfjs backend: its name, whether it is a GPU, its float precision, wasm SIMD
 * and threads, and which kernels that training needs it lacks.
 *
 * @returns a plain, frozen description (no tensors).
 * @throws {@link "whetstone/core"!BackendUnavailableError} when no backend is registered at all.
 * @example
 * ```ts
 * const { name, missingKernels } = backendInfo();
 * if (missingKernels.includes('Conv2DBackpropFilter')) console.warn(`${name} cannot train CNNs`);
 * ```
 */
export function backendInfo(): BackendInfo {
  if (tf.engine().backendNames().length === 0) {
    throw new BackendUnavailableError("backendInfo: no tfjs backend is registered; call `await useBackend('cpu')` (or another backend) first.");
  }
  const name = tf.getBackend();
  const backend = tf.backend() as unknown as { floatPrecision(): number; isUsingGpuDevice?: boolean };
  const isGpu = name === 'webgl' || name === 'webgpu' || (name === 'tensorflow' && backend.isUsingGpuDevice === true);
  const info: BackendInfo = {
    name,
    isGpu,
    floatPrecision: precisionOf(name, backend),
    missingKernels: Object.freeze(TRAINING_KERNELS.filter((k) => tf.getKernel(k, name) === undefined)),
    ...(name === 'wasm' ? { wasm: Object.freeze({ simd: readFlag('WASM_HAS_SIMD_SUPPORT'), threads: readFlag('WASM_HAS_MULTITHREAD_SUPPORT') }) } : {}),
    ...(name === 'tensorflow' && tensorflowPackage !== undefined ? { package: tensorflowPackage } : {}),
  };
  return Object.freeze(info);
}

// tfjs-backend-webgl 4.x's floatPrecision() runs its underflow probe only when float32 rendering
// is off and otherwise returns 16, so with WEBGL_RENDER_FLOAT32_ENABLED (float32 textures, results
// equal to cpu's to ~1e-7) it reports the opposite of the truth.
function precisionOf(name: string, backend: { floatPrecision(): number }): 16 | 32 {
  if (name === 'webgl' && readFlag('WEBGL_RENDER_FLOAT32_ENABLED')) return 32;
  return backend.floatPrecision() === 16 ? 16 : 32;
}

/** Options of {@link autoBackend}. */
export interface AutoBackendOptions extends UseBackendOptions {
  /** Backends to try, in order (default {@link BACKEND_PREFERENCE}: tensorflow, webgpu, webgl, wasm, cpu). */
  candidates?: readonly BackendName[];
}

/** A backend that {@link autoBackend} tried and could not use. */
export interface SkippedBackend {
  /** The backend's name. */
  readonly name: BackendName;
  /** The message of the error that ruled it out (which package to install, what the runtime lacks). */
  readonly reason: string;
}

/** What {@link autoBackend} returns: the chosen backend's info, and why the better ones were skipped. */
export interface AutoBackendResult extends BackendInfo {
  /** Backends tried before the chosen one, each with the reason it could not be used. */
  readonly skipped: readonly SkippedBackend[];
}

/**
 * Use the fastest backend available here: tries `tensorflow > webgpu > webgl > wasm > cpu` (or
 * your own order) with {@link useBackend} and keeps the first that loads.
 *
 * @param options - the candidate order, plus options passed to {@link useBackend}.
 * @returns the chosen backend's info, with the skipped backends and their reasons.
 * @throws {@link "whetstone/core"!BackendUnavailableError} when no candidate can be used (listing every reason).
 * @example
 * ```ts
 * const { name, skipped } = await autoBackend();
 * console.log(`training on ${name}`, skipped.map((s) => s.name));
 * ```
 */
export async function autoBackend(options: AutoBackendOptions = {}): Promise<AutoBackendResult> {
  checkOptions('autoBackend', options, { ...USE_BACKEND_OPTIONS, candidates: is.arrayOf(is.oneOf(BACKEND_NAMES), { minLength: 1 }) });
  const { candidates = BACKEND_PREFERENCE, ...useOptions } = options;
  const skipped: SkippedBackend[] = [];
  for (const name of candidates) {
    try {
      const info = await useBackend(name, useOptions);
      return Object.freeze({ ...info, skipped: Object.freeze(skipped) });
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      skipped.push({ name, reason: error.message });
    }
  }
  throw new BackendUnavailableError(`autoBackend: no backend could be used:\n${skipped.map((s) => `  ${s.name}: ${s.reason}`).join('\n')}`);
}
