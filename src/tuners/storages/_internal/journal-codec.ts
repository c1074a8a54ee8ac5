// The line format of journalFileStorage's log. Internal.
//
// A journal is UTF-8 JSON lines: a header line, then one line per transaction, each a JSON array
// of the StorageOps that one `transact` wrote. One line per transaction (rather than one per op,
// as Optuna's JournalFileStorage writes, optuna/storages/_journal/file.py `append_logs`) makes a
// transaction all-or-nothing: a line counts only once its trailing newline is on disk, and
// JSON.stringify escapes every newline inside strings, so a newline can only end a line.
//
// Each line also carries a checksum of its operations as its first element:
// `["<fnv1a-32 hex>",{op},{op}]`. A line is trusted only when the checksum matches, so bytes that a
// reader caught half-replaced (a reader racing the writer that cuts off a torn tail, see
// journal-file.ts) can never be taken for a transaction.
//
// JSON has no NaN, ±Infinity or -0, yet objective values and intermediate values may be any of
// them (a NaN objective is recorded; a study may report Infinity). Every number that JSON cannot
// hold is written as a tagged string (`"~NaN"`, `"~Infinity"`, `"~-Infinity"`, `"~-0"`), and every
// genuine string that starts with `~` gets one more `~` in front, so that decoding is exact for
// any JSON value anywhere in an op (user attributes included).
import type { StorageOp } from './state.js';

/** The `format` field of the header line. */
export const JOURNAL_FORMAT = 'whetstone-journal';
/** The format version this code writes and reads. */
export const JOURNAL_VERSION = 1;

const TAG = '~';

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '~NaN';
    if (value === Infinity) return '~Infinity';
    if (value === -Infinity) return '~-Infinity';
    if (Object.is(value, -0)) return '~-0';
    return value;
  }
  if (typeof value === 'string' && value.startsWith(TAG)) return TAG + value;
  return value;
}

const TAGGED: Readonly<Record<string, number>> = { '~NaN': NaN, '~Infinity': Infinity, '~-Infinity': -Infinity, '~-0': -0 };

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith(TAG)) return value;
  if (value.startsWith(TAG + TAG)) return value.slice(1);
  const n = TAGGED[value];
  // A lone `~word` is never written by encodeTransaction, so it means the file was edited by hand.
  if (n === undefined) throw new SyntaxError(`unknown tagged value ${JSON.stringify(value)}`);
  return n;
}

/** The header line (with its newline) that starts every journal. */
export function headerLine(): string {
  return `${JSON.stringify({ format: JOURNAL_FORMAT, version: JOURNAL_VERSION })}\n`;
}

/**
 * Check a journal's first line; returns an explanation of what is wrong, or `null` when it is a
 * header this code can read.
 */
export function headerProblem(line: string): string | null {
  let header: unknown;
  try {
    header = JSON.parse(line);
  } catch {
    return 'its first line is not JSON';
  }
  if (typeof header !== 'object' || header === null || (header as { format?: unknown }).format !== JOURNAL_FORMAT) {
    return `its first line is not a ${JOURNAL_FORMAT} header`;
  }
  const version = (header as { version?: unknown }).version;
  if (version !== JOURNAL_VERSION) return `it has format version ${JSON.stringify(version)}; this version of whetstone reads version ${JOURNAL_VERSION}`;
  return null;
}

// 32-bit FNV-1a over UTF-16 code units: a checksum against torn and mixed lines, not a MAC.
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

// `["` + 8 hex digits + `",`: where the operations start in a line.
const BODY_START = 12;

/** One transaction as a line, newline included. Throws a TypeError for values JSON cannot hold (BigInt). */
export function encodeTransaction(ops: readonly StorageOp[]): string {
  const body = ops.map((op) => JSON.stringify(op, replacer)).join(',');
  return `["${fnv1a(body)}",${body}]\n`;
}

/**
 * The ops of one line (without its newline). Throws a SyntaxError when the line is not a
 * transaction or its checksum does not match.
 */
export function decodeTransaction(line: string): StorageOp[] {
  if (!/^\["[0-9a-f]{8}",/.test(line) || !line.endsWith(']')) throw new SyntaxError('a transaction line must be ["<checksum>", operations…]');
  const body = line.slice(BODY_START, -1);
  if (fnv1a(body) !== line.slice(2, 10)) throw new SyntaxError('checksum mismatch');
  const ops = (JSON.parse(line, reviver) as unknown[]).slice(1);
  if (ops.length === 0 || !ops.every((op) => typeof op === 'object' && op !== null && !Array.isArray(op) && typeof (op as { op?: unknown }).op === 'string')) {
    throw new SyntaxError('a transaction line must hold operations');
  }
  return ops as StorageOp[];
}

