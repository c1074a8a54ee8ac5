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

type Exports = SelectExports & QuantizedExports;

/** The first `count` ids of each of `rows` lists laid out `stride` slots apart at `at`, packed (a copy). */
function copyIds(buffer: ArrayBuffer, at: number, rows: number, stride: number, count: number): Int32Array {
  const all = new Int32Array(buffer, at, rows * stride);
  if (stride === count) return all.slice();
  const out = new Int32Array(rows * count);
  for (let r = 0; r < rows; r++) out.set(all.subarray(r * stride, r * stride + count), r * count);
  return out;
}

/**
 * The instance the last search gave back, held weakly: its memory goes back to the collector when
 * nothing needs it, and the next search reuses it (a new instance per search allocated a new
 * WebAssembly.Memory each time, whose address-space reservations V8 reclaims with full
 * collections: 4 ms of every 15 ms search on 1797 × 64).
 */
let spare: WeakRef<Exports> | undefined;

/** An instance for one search, used by nobody else until {@link giveBack}. */
async function borrowInstance(): Promise<Exports> {
  const module = await compiledModule();
  if (module === undefined) throw new Error('whetstone kNN: the selection module cannot run here.');
  const ready = spare?.deref();
  spare = undefined;
  if (ready !== undefined) return ready;
  return (await WebAssembly.instantiate(module, {})).exports as unknown as Exports;
}

/** Return an instance from {@link borrowInstance} once a search is over. */
function giveBack(ex: Exports): void {
  spare = new WeakRef(ex);
}

/**
 * Candidate lists for `rows` points with `count` slots each, and a staging area for one block of
 * at most `blockValues` distances, in the memory of an instance borrowed for the search (call
 * {@link SelectionLists.release} when done).
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
    this.clear();
    new Int32Array(ex.memory.buffer, this.#self, rows).fill(-1);
  }

  /** New lists; only where {@link selectionAvailable} said yes. */
  static async create(rows: number, count: number, blockValues: number): Promise<SelectionLists> {
    return new SelectionLists(await borrowInstance(), rows, count, blockValues);
  }

  /** Give the instance back for the next search; these lists are unusable afterwards. */
  release(): void {
    giveBack(this.#ex as Exports);
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
    return copyIds(this.#ex.memory.buffer, this.#ids, this.rows, this.#stride, this.count);
  }

  /** Per list, the largest value kept (a copy). */
  worst(): Float32Array {
    return new Float32Array(this.#ex.memory.buffer, this.#worst, this.rows).slice();
  }
}

interface QuantizedExports extends ModuleExports {
  qScanSymmetric(rows: number, panels: number, norms: number, pairs: number, i0: number, i1: number, j0: number, j1: number, diagonal: number, includeSelf: number, ids: number, dist: number, worst: number, at: number, c: number, stride: number): void;
  qScanRows(rows: number, rowNorms: number, bR: number, self: number, panels: number, colNorms: number, pairs: number, n: number, ids: number, dist: number, worst: number, at: number, c: number, stride: number): void;
}

/** Squared norms of padding points: far from everything, yet their distances stay below 2³¹. */
const PAD_NORM = 2 ** 30;

/** `n` rounded up to a multiple of 8 (the module's tiles are 4 rows by 8 columns). */
const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

/**
 * Quantized points for the module: int16 coordinates, `pairs` pairs a point (columns padded with
 * zeros), and their exact integer squared norms.
 */
export interface QuantizedPoints {
  /** Row-major, `2 · pairs` values a point. */
  readonly values: Int16Array;
  /** Squared norms, each below 2²⁹ (the caller's scale guarantees it). */
  readonly norms: Int32Array;
  /** Number of points. */
  readonly count: number;
}

/**
 * The quantized first pass of the kNN search (`qScanSymmetric` / `qScanRows` in knn-select.c):
 * the reference points laid out in panels, candidate lists of `count` slots for `rows` points,
 * and room for one block of query points.
 */
export class QuantizedLists {
  readonly rows: number;
  readonly count: number;
  readonly #stride: number;
  readonly #ex: QuantizedExports;
  readonly #pairs: number;
  readonly #n: number;
  readonly #panels: number;
  readonly #colNorms: number;
  readonly #rowsAt: number;
  readonly #rowNorms: number;
  readonly #ids: number;
  readonly #dist: number;
  readonly #worst: number;
  readonly #at: number;
  readonly #self: number;

  private constructor(ex: QuantizedExports, reference: QuantizedPoints, pairs: number, rows: number, count: number, symmetric: boolean) {
    this.#ex = ex;
    this.rows = rows;
    this.count = count;
    this.#stride = Math.ceil(count / 4) * 4;
    this.#pairs = pairs;
    const n = reference.count;
    this.#n = n;
    const nPad = pad8(n);
    const rPad = pad8(rows);
    const width = 2 * pairs;
    // panels | column norms | row-major rows (the reference points themselves for a symmetric
    // search, a block of query points otherwise) | row norms (queries only) | lists.
    const rowSlots = symmetric ? nPad : rPad;
    this.#panels = HEAP_START;
    this.#colNorms = this.#panels + 2 * width * nPad;
    this.#rowsAt = this.#colNorms + 4 * nPad;
    this.#rowNorms = symmetric ? this.#colNorms : this.#rowsAt + 2 * width * rowSlots;
    this.#ids = this.#rowsAt + 2 * width * rowSlots + (symmetric ? 0 : 4 * rPad);
    this.#dist = this.#ids + 4 * rows * this.#stride;
    this.#worst = this.#dist + 4 * rows * this.#stride;
    this.#at = this.#worst + 4 * rPad;
    this.#self = this.#at + 4 * rPad;
    const buffer = reserve(ex.memory, this.#self + 4 * rPad);
    if (symmetric) {
      const rowValues = new Int16Array(buffer, this.#rowsAt, width * nPad);
      rowValues.set(reference.values.subarray(0, width * n));
      rowValues.fill(0, width * n);
    }
    const panels = new Int16Array(buffer, this.#panels, width * nPad);
    // The last panel's padding points: zeros (the memory may hold an earlier search's values).
    panels.fill(0, (n >> 2) * 4 * width);
    const src = reference.values;
    for (let j = 0; j < n; j++) {
      const base = (j >> 2) * 4 * width + (j & 3) * 2;
      const from = j * width;
      for (let t = 0; t < pairs; t++) {
        panels[base + 8 * t] = src[from + 2 * t]!;
        panels[base + 8 * t + 1] = src[from + 2 * t + 1]!;
      }
    }
    const colNorms = new Int32Array(buffer, this.#colNorms, nPad);
    colNorms.set(reference.norms.subarray(0, n));
    colNorms.fill(PAD_NORM, n);
    this.clear();
  }

  /**
   * Lists for `rows` query points (a block, or every reference point when `symmetric`) against
   * the `reference` points; only where {@link selectionAvailable} said yes.
   */
  static async create(reference: QuantizedPoints, pairs: number, rows: number, count: number, symmetric: boolean): Promise<QuantizedLists> {
    return new QuantizedLists(await borrowInstance(), reference, pairs, rows, count, symmetric);
  }

  /** Give the instance back for the next search; these lists are unusable afterwards. */
  release(): void {
    giveBack(this.#ex as Exports);
  }

  /** Reset every list to empty; padding lists never take anything. */
  clear(): void {
    const buffer = this.#ex.memory.buffer;
    new Int32Array(buffer, this.#dist, this.rows * this.#stride).fill(-0x80000000);
    const worst = new Int32Array(buffer, this.#worst, pad8(this.rows));
    worst.fill(0x7fffffff, 0, this.rows);
    worst.fill(-0x80000000, this.rows);
    new Int32Array(buffer, this.#at, this.rows).fill(0);
  }

  /** See `qScanSymmetric` in knn-select.c (rows and columns: the reference points). */
  scanSymmetric(i0: number, i1: number, j0: number, j1: number, diagonal: boolean, includeSelf: boolean): void {
    this.#ex.qScanSymmetric(this.#rowsAt, this.#panels, this.#colNorms, this.#pairs, i0, i1, j0, j1, diagonal ? 1 : 0, includeSelf ? 1 : 0, this.#ids, this.#dist, this.#worst, this.#at, this.count, this.#stride);
  }

  /**
   * See `qScanRows` in knn-select.c: `query` (at most `rows` points) against every reference
   * point; `self[r]` is the reference point query r must skip (-1: none).
   */
  scanRows(query: QuantizedPoints, self: Int32Array): void {
    const buffer = this.#ex.memory.buffer;
    const width = 2 * this.#pairs;
    const bR = query.count;
    const rPad = pad8(bR);
    const values = new Int16Array(buffer, this.#rowsAt, width * rPad);
    values.set(query.values.subarray(0, width * bR));
    values.fill(0, width * bR);
    const norms = new Int32Array(buffer, this.#rowNorms, rPad);
    norms.set(query.norms.subarray(0, bR));
    norms.fill(PAD_NORM, bR);
    new Int32Array(buffer, this.#self, bR).set(self.subarray(0, bR));
    // Lists past the block's last point take nothing.
    new Int32Array(buffer, this.#worst + 4 * bR, rPad - bR).fill(-0x80000000);
    this.#ex.qScanRows(this.#rowsAt, this.#rowNorms, bR, this.#self, this.#panels, this.#colNorms, this.#pairs, this.#n, this.#ids, this.#dist, this.#worst, this.#at, this.count, this.#stride);
  }

  /** Candidate indices of the first `rows` lists, `rows × count` (a copy). */
  ids(rows = this.rows): Int32Array {
    return copyIds(this.#ex.memory.buffer, this.#ids, rows, this.#stride, this.count);
  }

  /** Per list, the largest quantized squared distance kept (a copy). */
  worst(rows = this.rows): Int32Array {
    return new Int32Array(this.#ex.memory.buffer, this.#worst, rows).slice();
  }
}
