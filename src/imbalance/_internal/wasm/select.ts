// JavaScript side of the candidate-selection module (knn-select.c): compiling it once, laying out
// its memory for one selection pass, and calling its two scans.
import { decodeBase64, HEAP_START, reserve, type ModuleExports } from '../../../core/_internal/wasm.js';
import { KNN_SELECT_WASM } from './knn-select-wasm.js';

interface SelectExports extends ModuleExports {
  scanSymmetric(D: number, i0: number, bI: number, j0: number, bJ: number, diagonal: number, includeSelf: number, ids: number, dist: number, worst: number, at: number, c: number, stride: number): void;
  scanRows(D: number, r0: number, bR: number, self: number, j0: number, bJ: number, ids: number, dist: number, worst: number, at: number, c: number, stride: number): void;
}

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * The compiled module, or `undefined` where WebAssembly (with SIMD) is unavailable; compiled once
 * per process, asynchronously (browsers refuse to compile modules over 4 KB synchronously on the
 * main thread).
 */
function compiledModule(): Promise<WebAssembly.Module | undefined> {
  compiled ??= (async () => {
    if (typeof WebAssembly === 'undefined' || typeof atob !== 'function') return undefined;
    try {
      return await WebAssembly.compile(decodeBase64(KNN_SELECT_WASM));
    } catch {
      return undefined;
    }
  })();
  return compiled;
}

/** Whether the selection module can run here (WebAssembly with SIMD). */
export async function selectionAvailable(): Promise<boolean> {
  return (await compiledModule()) !== undefined;
}

/**
 * Candidate lists for `rows` points with `count` slots each, and a staging area for one block of
 * at most `blockValues` distances, in a fresh instance's memory (dropped with this object, so a
 * large search holds no memory afterwards).
 */
export class SelectionLists {
  readonly rows: number;
  readonly count: number;
  /** Slots per list in memory: `count` rounded up to a multiple of 4 (the module reads four at a time). */
  readonly #stride: number;
  readonly #ex: SelectExports;
  readonly #ids: number;
  readonly #dist: number;
  readonly #worst: number;
  readonly #at: number;
  readonly #self: number;
  readonly #block: number;

  private constructor(ex: SelectExports, rows: number, count: number, blockValues: number) {
    this.#ex = ex;
    this.rows = rows;
    this.count = count;
    this.#stride = Math.ceil(count / 4) * 4;
    this.#ids = HEAP_START;
    this.#dist = this.#ids + 4 * rows * this.#stride;
    this.#worst = this.#dist + 4 * rows * this.#stride;
    this.#at = this.#worst + 4 * rows;
    this.#self = this.#at + 4 * rows;
    this.#block = this.#self + 4 * rows;
    reserve(ex.memory, this.#block + 4 * blockValues);
    new Float32Array(ex.memory.buffer, this.#dist, rows * this.#stride).fill(-Infinity);
    new Float32Array(ex.memory.buffer, this.#worst, rows).fill(Infinity);
    new Int32Array(ex.memory.buffer, this.#self, rows).fill(-1);
  }

  /** New lists; only where {@link selectionAvailable} said yes. */
  static async create(rows: number, count: number, blockValues: number): Promise<SelectionLists> {
    const module = await compiledModule();
    if (module === undefined) throw new Error('whetstone kNN: the selection module cannot run here.');
    const instance = await WebAssembly.instantiate(module, {});
    return new SelectionLists(instance.exports as unknown as SelectExports, rows, count, blockValues);
  }

  /** Per list, the reference row it must never hold (-1: none). */
  setSelf(self: Int32Array): void {
    new Int32Array(this.#ex.memory.buffer, this.#self, this.rows).set(self);
  }

  /** Copy one block of distances into the staging area (views of the memory are taken afresh). */
  #stage(D: Float32Array): void {
    new Float32Array(this.#ex.memory.buffer, this.#block, D.length).set(D);
  }

  /** See `scanSymmetric` in knn-select.c. */
  scanSymmetric(D: Float32Array, i0: number, bI: number, j0: number, bJ: number, diagonal: boolean, includeSelf: boolean): void {
    this.#stage(D);
    this.#ex.scanSymmetric(this.#block, i0, bI, j0, bJ, diagonal ? 1 : 0, includeSelf ? 1 : 0, this.#ids, this.#dist, this.#worst, this.#at, this.count, this.#stride);
  }

  /** See `scanRows` in knn-select.c. */
  scanRows(D: Float32Array, r0: number, bR: number, j0: number, bJ: number): void {
    this.#stage(D);
    this.#ex.scanRows(this.#block, r0, bR, this.#self, j0, bJ, this.#ids, this.#dist, this.#worst, this.#at, this.count, this.#stride);
  }

  /** Reset every list to empty (to reuse the memory for another block of rows). */
  clear(): void {
    new Float32Array(this.#ex.memory.buffer, this.#dist, this.rows * this.#stride).fill(-Infinity);
    new Float32Array(this.#ex.memory.buffer, this.#worst, this.rows).fill(Infinity);
    new Int32Array(this.#ex.memory.buffer, this.#at, this.rows).fill(0);
  }

  /** Candidate indices, `rows × count` (a copy). */
  ids(): Int32Array {
    const all = new Int32Array(this.#ex.memory.buffer, this.#ids, this.rows * this.#stride);
    if (this.#stride === this.count) return all.slice();
    const out = new Int32Array(this.rows * this.count);
    for (let r = 0; r < this.rows; r++) out.set(all.subarray(r * this.#stride, r * this.#stride + this.count), r * this.count);
    return out;
  }

  /** Per list, the largest value kept (a copy). */
  worst(): Float32Array {
    return new Float32Array(this.#ex.memory.buffer, this.#worst, this.rows).slice();
  }
}
