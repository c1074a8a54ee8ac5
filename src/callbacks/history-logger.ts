// Keras's CSVLogger, plus JSON lines: one row per epoch with every log value, to a file, a stream
// or memory.
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../core/errors.js';
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { bindHooks, resolveLogs } from './_internal/common.js';
import type { CallbackLogs } from './_internal/common.js';

/** Where {@link historyLogger} writes besides memory: any object with `write` (a Node stream, a test double). */
export interface HistoryStream {
  /** Write a chunk of text (a promise, if returned, is awaited). */
  write(text: string): unknown;
}

/** Options of {@link historyLogger}. */
export interface HistoryLoggerOptions {
  /** A file to write (Node only; truncated at the start of `fit` unless `append`). */
  path?: string;
  /** `'csv'` (default; header from the first epoch's keys, as Keras's CSVLogger) or `'jsonl'` (one JSON object a line). */
  format?: 'csv' | 'jsonl';
  /** A stream to write to instead of a file. */
  stream?: HistoryStream;
  /** Append to the file instead of truncating it, without repeating the CSV header (default `false`). */
  append?: boolean;
  /** The CSV separator, one character other than a quote or a newline (default `','`). */
  separator?: string;
}

/** One epoch in {@link HistoryLogger.rows}: `epoch` and every value of the epoch logs. */
export interface HistoryRow {
  /** The epoch index, as `fit` counts it. */
  readonly epoch: number;
  /** Every value of the epoch logs (losses, metrics, `lr`…). */
  readonly [key: string]: number;
}

/** The settings of a {@link HistoryLogger}: its options with defaults resolved. */
export type HistoryLoggerSettings = Required<Pick<HistoryLoggerOptions, 'format' | 'append' | 'separator'>> & Pick<HistoryLoggerOptions, 'path' | 'stream'>;

/** A tfjs-layers callback that logs every epoch. Made by {@link historyLogger}. */
export class HistoryLogger extends tfl.Callback {
  /** Every epoch of the last `fit`, in memory. */
  rows: HistoryRow[] = [];
  readonly #options: HistoryLoggerSettings;
  #header: string[] | null = null;
  #written = false;

  /** @internal Use {@link historyLogger}. */
  constructor(options: HistoryLoggerSettings) {
    super();
    this.#options = options;
    bindHooks(this);
  }

  /** Clear the rows; a file is truncated at the first row unless `append` (called by `fit`). */
  override async onTrainBegin(): Promise<void> {
    this.rows = [];
    this.#header = null;
    this.#written = false;
  }

  /** Add the epoch's row and write it (called by `fit`); write errors propagate. */
  override async onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void> {
    const resolved = await resolveLogs(logs);
    const row = { epoch, ...resolved } as HistoryRow;
    this.rows.push(row);
    const { format, separator } = this.#options;
    let text: string;
    if (format === 'jsonl') {
      text = `${JSON.stringify(row, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}\n`;
    } else {
      let header = '';
      if (this.#header == null) {
        this.#header = Object.keys(row);
        header = `${this.#header.join(separator)}\n`;
      }
      text = header + `${this.#header.map((k) => (typeof row[k] === 'number' ? String(row[k]) : '')).join(separator)}\n`;
    }
    await this.#write(text);
  }

  async #write(text: string): Promise<void> {
    const { path, stream, append } = this.#options;
    if (stream != null) {
      await stream.write(text);
    } else if (path != null) {
      const fs = await import('node:fs/promises');
      if (!this.#written && !append) await fs.writeFile(path, text);
      else {
        // Appending to an existing CSV: its header is already there.
        if (!this.#written && this.#options.format === 'csv') text = text.slice(text.indexOf('\n') + 1);
        await fs.appendFile(path, text);
      }
    }
    this.#written = true;
  }
}

/**
 * A tfjs-layers callback that records one row per epoch with `epoch` and every value of the epoch
 * logs (losses, metrics, `lr` from whetstone's schedules…): in memory (`rows`), and as CSV (header
 * from the first epoch's keys, Keras's `CSVLogger`) or JSON lines to a file (`node:fs`, imported only
 * when used) or any stream. Non-finite values are written as `NaN` / `Infinity` (strings in JSON).
 *
 * @param options - where and how to write.
 * @returns the callback.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options, or both `path` and
 *   `stream`; during `fit`, errors from writing propagate.
 * @example
 * ```ts
 * const log = historyLogger({ path: 'training.csv' });
 * await model.fit(x, y, { epochs: 10, callbacks: [log] });
 * log.rows[9]!.loss;
 * ```
 * @see https://keras.io/api/callbacks/csv_logger/
 */
export function historyLogger(options: HistoryLoggerOptions = {}): HistoryLogger {
  const fn = 'historyLogger';
  checkOptions(fn, options, {
    path: is.string({ nonEmpty: true }),
    format: is.oneOf(['csv', 'jsonl'] as const),
    stream: is.custom<HistoryStream>('a stream (an object with a write method)', (v) => typeof v === 'object' && v !== null && typeof (v as { write?: unknown }).write === 'function'),
    append: is.boolean(),
    separator: is.custom<string>('one character other than a quote or a newline', (v) => typeof v === 'string' && v.length === 1 && !'"\n\r'.includes(v)),
  });
  if (options.path !== undefined && options.stream !== undefined) {
    throw invalidOption(fn, 'stream', 'absent when "path" is given (write to one place)', options.stream);
  }
  if (options.append === true && options.path === undefined) {
    throw new InvalidArgumentError(`${fn}: option "append" needs option "path".`);
  }
  return new HistoryLogger({
    format: options.format ?? 'csv',
    append: options.append ?? false,
    separator: options.separator ?? ',',
    path: options.path,
    stream: options.stream,
  });
}
