// A dependency-free progress display: a live bar redrawn with carriage returns in terminals, one
// plain line per epoch elsewhere (CI logs, files).
import * as tfl from '@tensorflow/tfjs-layers';
import { checkOptions, is } from '../core/validate.js';
import { bindHooks, resolveLogs } from './_internal/common.js';
import type { CallbackLogs } from './_internal/common.js';

/** Where {@link progressBar} writes: `process.stdout`, a file stream, or any object with `write`. */
export interface ProgressStream {
  /** Write a chunk of text. */
  write(text: string): unknown;
  /** `true` for a terminal: then the bar is redrawn in place. */
  isTTY?: boolean;
}

/** Options of {@link progressBar}. */
export interface ProgressBarOptions {
  /** Where to write (default `process.stdout`; nothing is written when there is none). */
  stream?: ProgressStream;
  /** The bar's width in characters, an integer in [5, 200] (default 30). */
  width?: number;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - 60 * m)).padStart(2, '0')}s`;
}

function formatLogs(logs: Record<string, number>): string {
  return Object.entries(logs)
    .map(([k, v]) => `${k}=${Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(3)}`)
    .join(' ');
}

/** A tfjs-layers callback that shows training progress. Made by {@link progressBar}. */
export class ProgressBar extends tfl.Callback {
  readonly #stream: ProgressStream | undefined;
  readonly #width: number;
  #epochs = 0;
  #batches: number | undefined;
  #epochStart = 0;
  #current = 0;

  /** @internal Use {@link progressBar}. */
  constructor(stream: ProgressStream | undefined, width: number) {
    super();
    this.#stream = stream;
    this.#width = width;
    bindHooks(this);
  }

  /** Read the number of epochs and batches from `fit`'s parameters (called by `fit`). */
  override async onTrainBegin(): Promise<void> {
    const p = (this.params ?? {}) as { epochs?: number; steps?: number | null; samples?: number; batchSize?: number };
    this.#epochs = p.epochs ?? 0;
    this.#batches = p.steps != null && p.steps > 0 ? p.steps : p.samples != null && p.batchSize != null ? Math.ceil(p.samples / p.batchSize) : undefined;
  }

  /** Start the epoch's clock (called by `fit`). */
  override async onEpochBegin(epoch: number): Promise<void> {
    this.#epochStart = Date.now();
    this.#current = epoch + 1;
  }

  /** In a terminal, redraw the bar with the batch, ETA and batch logs (called by `fit`). */
  override async onBatchEnd(batch: number, logs?: CallbackLogs): Promise<void> {
    if (this.#stream?.isTTY !== true) return;
    const resolved = await resolveLogs(logs);
    const done = batch + 1;
    const elapsed = (Date.now() - this.#epochStart) / 1000;
    let bar = `${done}`;
    if (this.#batches !== undefined) {
      const filled = Math.min(this.#width, Math.round((this.#width * done) / this.#batches));
      const arrow = filled < this.#width ? '>' : '';
      bar = `[${'='.repeat(Math.max(0, filled - arrow.length))}${arrow}${' '.repeat(this.#width - filled)}] ${done}/${this.#batches} ETA ${formatSeconds((elapsed / done) * (this.#batches - done))}`;
    }
    const { batch: _b, size: _s, ...metrics } = resolved;
    this.#stream.write(`\r\x1b[2K${this.#prefix()} ${bar} ${formatLogs(metrics)}`);
  }

  #prefix(): string {
    return `Epoch ${this.#current}/${this.#epochs}`;
  }

  /** Write the epoch's line: final in a terminal, plain elsewhere (called by `fit`). */
  override async onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void> {
    this.#current = epoch + 1;
    if (this.#stream == null) return;
    const resolved = await resolveLogs(logs);
    const elapsed = formatSeconds((Date.now() - this.#epochStart) / 1000);
    const line = `${this.#prefix()} - ${elapsed} - ${formatLogs(resolved)}\n`;
    this.#stream.write(this.#stream.isTTY === true ? `\r\x1b[2K${line}` : line);
  }
}

function defaultStream(): ProgressStream | undefined {
  const p = (globalThis as { process?: { stdout?: ProgressStream } }).process;
  return p?.stdout;
}

/**
 * A tfjs-layers callback that shows training progress without any dependency: in a terminal (a
 * stream with `isTTY`), a bar redrawn after every batch with the epoch, the batch, an ETA and the
 * batch's metrics, then a final line per epoch; elsewhere (CI logs, files, browsers' consoles
 * through a custom stream) one plain line per epoch with its time and logs.
 *
 * @param options - the stream and the bar's width.
 * @returns the callback.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
 * @example
 * ```ts
 * await model.fit(x, y, { epochs: 20, verbose: 0, callbacks: [progressBar()] });
 * // Epoch 3/20 [==========>         ] 12/24 ETA 0.4s loss=0.3120
 * ```
 * @see https://keras.io/api/utils/python_utils/#progbar-class
 */
export function progressBar(options: ProgressBarOptions = {}): ProgressBar {
  checkOptions('progressBar', options, {
    stream: is.custom<ProgressStream>('a stream (an object with a write method)', (v) => typeof v === 'object' && v !== null && typeof (v as { write?: unknown }).write === 'function'),
    width: is.integer({ min: 5, max: 200 }),
  });
  return new ProgressBar(options.stream ?? defaultStream(), options.width ?? 30);
}
