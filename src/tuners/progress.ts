// The progress display of study.optimize: a redrawn bar on terminals, one line per trial
// elsewhere (log files, CI), nothing without a stream. After Optuna's _ProgressBar
// (optuna/progress_bar.py), which shows trials done, the best value and the time left (from the
// trial count, or from the timeout when no count is given); written without tqdm.
import { checkOptions, invalidOption, is } from '../core/validate.js';
import type { Direction, FrozenTrial } from './types.js';

/** Where progress is written: `process.stderr` or anything with the same `write`. */
export interface TrialProgressStream {
  /** Write a chunk of text. */
  write(text: string): unknown;
  /** Whether the stream is a terminal (then one line is redrawn in place). */
  readonly isTTY?: boolean;
  /** The terminal width in characters (lines are cut to fit). */
  readonly columns?: number;
}

/** Options of {@link createTrialProgress}. */
export interface TrialProgressOptions {
  /** Trials this run will finish (default: unknown, then the bar follows `timeoutMs`). */
  readonly total?: number;
  /** The run's time limit in milliseconds (default: none); the ETA never exceeds what is left of it. */
  readonly timeoutMs?: number;
  /** Where to write (default: nowhere; every call is then a no-op). */
  readonly stream?: TrialProgressStream;
  /** The study's (first) direction, to keep the best value when the caller passes `null`. */
  readonly direction: Direction;
  /** Milliseconds since some epoch (default `Date.now`); tests pass a fake clock. */
  readonly clock?: () => number;
}

/** A live progress display; see {@link createTrialProgress}. */
export interface TrialProgress {
  /**
   * Record a finished trial and redraw. `best` is the study's best value so far (`null` when
   * unknown: the display then keeps the best complete value it has seen).
   */
  update(finished: FrozenTrial, best: number | null): void;
  /** End the display (a terminal gets its final newline). Later calls do nothing. */
  close(): void;
}

const BAR_WIDTH = 20;

/** `0.1234`, `12.35`, `1.235e+6`: four significant digits, exponent only when needed. */
function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

/** `45s`, `1m02s`, `2h05m`. */
function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function bar(fraction: number, width: number): string {
  const filled = Math.max(0, Math.min(width, Math.floor(fraction * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/**
 * A progress display for `study.optimize({ progress: true })`. On a terminal it redraws one line,
 * `trial 12/50 [####................] best 0.1234 · ETA 1m02s`; on other streams it writes one
 * line per finished trial (`trial 12/50 complete 0.2 · best 0.1234 · ETA 1m02s`). The ETA is the
 * mean wall time per finished trial times the trials left, capped by what is left of the timeout;
 * with a timeout and no trial count, the bar and ETA follow the clock. Writing never throws: a
 * broken stream only stops the display.
 *
 * @param options - see {@link TrialProgressOptions}.
 * @returns the display; `update` after each finished trial, `close` at the end.
 * @throws InvalidArgumentError for bad options.
 * @see Optuna 3.1 `optuna/progress_bar.py` (`show_progress_bar`), the behaviour followed.
 * @example
 * ```ts
 * const progress = createTrialProgress({ total: 50, stream: process.stderr, direction: 'minimize' });
 * progress.update(finishedTrial, study.bestValue);
 * progress.close();
 * ```
 */
export function createTrialProgress(options: TrialProgressOptions): TrialProgress {
  checkOptions('createTrialProgress', options, {
    total: is.integer({ min: 0 }),
    timeoutMs: is.number({ min: 0, minExclusive: true }),
    stream: is.custom('an object with a write method', (v) => typeof v === 'object' && v !== null && typeof (v as { write?: unknown }).write === 'function'),
    direction: is.oneOf(['minimize', 'maximize']),
    clock: is.func(),
  });
  if (options?.direction === undefined) throw invalidOption('createTrialProgress', 'direction', "given ('minimize' or 'maximize')", undefined);
  const { stream, total, timeoutMs, direction } = options;
  const clock = options.clock ?? Date.now;
  let closed = stream === undefined;
  const start = clock();
  let done = 0;
  let seenBest: number | null = null;
  let drawn = false;

  const write = (text: string): void => {
    try {
      stream!.write(text);
    } catch {
      closed = true;
    }
  };

  const status = (best: number | null, now: number): { head: string; tail: string; fraction: number | null } => {
    const elapsed = now - start;
    const left = timeoutMs === undefined ? Infinity : Math.max(0, timeoutMs - elapsed);
    let eta = Infinity;
    let fraction: number | null = null;
    if (total !== undefined && total > 0) {
      fraction = done / total;
      if (done > 0) eta = (elapsed / done) * Math.max(0, total - done);
    }
    if (timeoutMs !== undefined) {
      eta = Math.min(eta, left);
      if (fraction === null) fraction = elapsed / timeoutMs;
    }
    const head = `trial ${done}${total !== undefined ? `/${total}` : ''}`;
    const parts = [`best ${best === null ? '-' : formatNumber(best)}`];
    parts.push(Number.isFinite(eta) ? `ETA ${formatDuration(eta)}` : `elapsed ${formatDuration(elapsed)}`);
    return { head, tail: parts.join(' · '), fraction };
  };

  const fit = (line: string): string => {
    const columns = stream?.columns;
    return columns !== undefined && columns > 1 && line.length > columns - 1 ? line.slice(0, columns - 1) : line;
  };

  return Object.freeze({
    update(finished: FrozenTrial, best: number | null): void {
      if (closed) return;
      try {
        done++;
        const v = finished.state === 'complete' ? finished.values?.[0] : undefined;
        if (v !== undefined && Number.isFinite(v) && (seenBest === null || (direction === 'minimize' ? v < seenBest : v > seenBest))) seenBest = v;
        const shownBest = best ?? seenBest;
        const { head, tail, fraction } = status(shownBest, clock());
        if (stream!.isTTY === true) {
          const columns = stream!.columns;
          // Narrow terminals get a shorter bar before anything is cut.
          const room = columns === undefined ? BAR_WIDTH : columns - 1 - head.length - tail.length - 3;
          const width = Math.max(5, Math.min(BAR_WIDTH, room));
          const line = fraction === null ? `${head} ${tail}` : `${head} ${bar(fraction, width)} ${tail}`;
          write(`\r${fit(line)}\x1b[K`);
          drawn = true;
        } else {
          const what =
            finished.state === 'complete'
              ? `complete ${finished.values === null ? '' : finished.values.map(formatNumber).join(', ')}`.trimEnd()
              : finished.state === 'fail' && finished.error !== null
                ? `fail (${finished.error.name}: ${finished.error.message})`
                : finished.state;
          write(`${fit(`${head} #${finished.number} ${what} · ${tail}`)}\n`);
        }
      } catch {
        closed = true;
      }
    },
    close(): void {
      if (closed) return;
      closed = true;
      if (drawn) write('\n');
    },
  });
}
