// The reproducibility report of a study (seed 002 §6.7.12): every hyperparameter with its range,
// how configurations were selected, the metric and its best value, the runtime per trial and the
// environment, as JSON (for machines and archives) and Markdown (for papers and pull requests).
import { whetstoneVersion } from '../core/version.js';
import { paretoFront } from './_internal/shared.js';
import { InvalidArgumentError } from '../core/errors.js';
import { checkOptions, invalidArgument, is } from '../core/validate.js';
import { describeDistribution, sameDistribution } from './distributions.js';
import type { Direction, Distribution, FrozenTrial, JsonValue, ParamValue, Study, TrialState } from './types.js';

/** Options of {@link studyReport}. */
export interface StudyReportOptions {
  /** What the objective measures, e.g. `'validation loss'` (default: none given). */
  readonly metric?: string;
  /** Free text to keep with the report (data set, split, anything a reader needs). */
  readonly notes?: string;
}

/** One hyperparameter of a {@link StudyReport}. */
export interface ReportedParam {
  /** The parameter's name. */
  readonly name: string;
  /**
   * Every distinct distribution it was drawn from, described (`float [1e-5, 0.1] log`); more than
   * one when the search space changed during the study.
   */
  readonly ranges: readonly string[];
  /** The same distributions as data. */
  readonly distributions: readonly Distribution[];
  /** How many trials asked for it (fewer than all for a conditional parameter). */
  readonly trials: number;
  /** Smallest and largest value tried (numbers), or the choices tried (categoricals); `null` if none recorded. */
  readonly observed: ObservedRange | ObservedChoices | null;
}

/** The values a numeric parameter took. */
export interface ObservedRange {
  /** Smallest value tried. */
  readonly min: number;
  /** Largest value tried. */
  readonly max: number;
}

/** The values a categorical parameter took. */
export interface ObservedChoices {
  /** Distinct choices tried, in order of first use. */
  readonly choices: readonly ParamValue[];
}

/** Summary statistics of trial durations, in milliseconds (`null` when no trial finished). */
export interface ReportedRuntime {
  /** Finished trials with a start and an end time. */
  readonly trials: number;
  /** Sum of the trials' durations. */
  readonly totalMs: number | null;
  /** Mean duration. */
  readonly meanMs: number | null;
  /** Median duration. */
  readonly medianMs: number | null;
  /** Shortest duration. */
  readonly minMs: number | null;
  /** Longest duration. */
  readonly maxMs: number | null;
  /** From the first start to the last end (less than the total when trials ran in parallel). */
  readonly wallClockMs: number | null;
}

/** Where the study ran. */
export interface ReportedEnvironment {
  /** `'node'`, `'deno'`, `'bun'`, `'browser'` or `'unknown'`. */
  readonly runtime: string;
  /** The runtime's version (`'22.3.0'`; the user agent in browsers), or `'unknown'`. */
  readonly runtimeVersion: string;
  /** Operating system (`'linux'`, `'darwin'`, `'win32'`, …), or `'unknown'`. */
  readonly platform: string;
  /** CPU architecture (`'x64'`, `'arm64'`, …), or `'unknown'`. */
  readonly arch: string;
  /** Logical CPUs, or `null` when the runtime does not say. */
  readonly cpuCount: number | null;
  /** whetstone's version (built in at build time; from the working directory's package.json when running from sources), or `'unknown'`. */
  readonly whetstoneVersion: string;
  /**
   * TensorFlow.js when `@tensorflow/tfjs-core` is loaded in this process: its version (`'unknown'`
   * if it cannot be read) and the active backend (`null` before one is initialized); `null` when
   * tfjs is not loaded. Reading it never loads tfjs.
   */
  readonly tfjs: ReportedTfjs | null;
}

/** TensorFlow.js as loaded in the reporting process. */
export interface ReportedTfjs {
  /** `@tensorflow/tfjs-core`'s version (`'unknown'` if it cannot be read). */
  readonly version: string;
  /** The active backend (`'cpu'`, `'wasm'`, …), or `null` before one is initialized. */
  readonly backend: string | null;
}

/** The study a {@link StudyReport} is about. */
export interface ReportedStudy {
  /** The study's name. */
  readonly name: string;
  /** Its id in its storage. */
  readonly id: number;
  /** Its user attributes. */
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
}

/** A trial of the Pareto front. */
export interface ReportedParetoTrial {
  /** The trial's number. */
  readonly trial: number;
  /** Its objective values, one per direction. */
  readonly values: readonly number[];
}

/** What was optimized and the best result. */
export interface ReportedMetric {
  /** The metric's name (option `metric`), or `null`. */
  readonly name: string | null;
  /** One direction per objective. */
  readonly directions: readonly Direction[];
  /** Best value (one objective), `null` without complete trials or with several objectives. */
  readonly bestValue: number | null;
  /** Number of the best trial (one objective), or `null`. */
  readonly bestTrial: number | null;
  /** Parameters of the best trial (one objective), or `null`. */
  readonly bestParams: Readonly<Record<string, ParamValue>> | null;
  /** The Pareto front (several objectives; for one, the trials tied for best), in trial order. */
  readonly paretoFront: readonly ReportedParetoTrial[];
}

/** A sampler or pruner as reported. */
export interface ReportedComponent {
  /** Its name (`'tpe'`, `'median'`, …). */
  readonly name: string;
  /** The options it was built with. */
  readonly options: Readonly<Record<string, JsonValue>>;
}

/** How configurations were chosen and stopped. */
export interface ReportedSelection {
  /** The sampler, with its own seed (`null`: it takes the study's). */
  readonly sampler: ReportedComponent & {
    /** The sampler's own seed, or `null`. */
    readonly seed: number | string | null;
  };
  /** The pruner. */
  readonly pruner: ReportedComponent;
  /** The study's seed (`null`: unseeded). */
  readonly seed: number | string | null;
  /** The storage kind (`'memory'`, `'journal-file'`, …). */
  readonly storage: string;
  /** Number of trials. */
  readonly trials: number;
  /** Trials per state. */
  readonly trialsByState: Readonly<Record<TrialState, number>>;
}

/** The reproducibility report of a study: JSON-serializable; render it with {@link studyReportMarkdown}. */
export interface StudyReport {
  /** Identifies the document (`'whetstone.studyReport'`). */
  readonly format: 'whetstone.studyReport';
  /** Version of this layout. */
  readonly version: 1;
  /** ISO-8601 time the report was made. */
  readonly createdAt: string;
  /** The study's name, storage id and user attributes. */
  readonly study: ReportedStudy;
  /** What was optimized and the best result. */
  readonly metric: ReportedMetric;
  /** Every hyperparameter any trial asked for, sorted by name. */
  readonly hyperparameters: readonly ReportedParam[];
  /** How configurations were chosen and stopped. */
  readonly selection: ReportedSelection;
  /** Duration of finished trials. */
  readonly runtime: ReportedRuntime;
  /** Where it ran (the process making the report). */
  readonly environment: ReportedEnvironment;
  /** The `notes` option, or `null`. */
  readonly notes: string | null;
}

const FN = 'studyReport';
const STATES: readonly TrialState[] = ['complete', 'pruned', 'fail', 'running', 'waiting'];

function isStudy(v: unknown): v is Study {
  const s = v as Partial<Study> | null;
  return typeof s === 'object' && s !== null && Array.isArray(s.trials) && Array.isArray(s.directions) && typeof s.sampler === 'object' && typeof s.pruner === 'object' && typeof s.storage === 'object';
}

function collectParams(trials: readonly FrozenTrial[]): ReportedParam[] {
  const byName = new Map<string, { dists: Distribution[]; count: number; values: ParamValue[] }>();
  for (const t of trials) {
    for (const [name, d] of Object.entries(t.distributions)) {
      let entry = byName.get(name);
      if (entry === undefined) byName.set(name, (entry = { dists: [], count: 0, values: [] }));
      entry.count++;
      if (!entry.dists.some((e) => sameDistribution(e, d))) entry.dists.push(d);
      if (name in t.params) entry.values.push(t.params[name]!);
    }
  }
  return [...byName.keys()].sort().map((name) => {
    const { dists, count, values } = byName.get(name)!;
    const numeric = dists.every((d) => d.type !== 'categorical');
    let observed: ReportedParam['observed'] = null;
    if (values.length > 0) {
      if (numeric) {
        const nums = values as number[];
        observed = { min: Math.min(...nums), max: Math.max(...nums) };
      } else {
        observed = { choices: [...new Set(values)] };
      }
    }
    return { name, ranges: dists.map(describeDistribution), distributions: dists, trials: count, observed };
  });
}

function runtimeOf(trials: readonly FrozenTrial[]): ReportedRuntime {
  const durations: number[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (const t of trials) {
    if (t.datetimeStart === null || t.datetimeComplete === null) continue;
    const a = Date.parse(t.datetimeStart);
    const b = Date.parse(t.datetimeComplete);
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    durations.push(b - a);
    first = Math.min(first, a);
    last = Math.max(last, b);
  }
  if (durations.length === 0) return { trials: 0, totalMs: null, meanMs: null, medianMs: null, minMs: null, maxMs: null, wallClockMs: null };
  const sorted = [...durations].sort((x, y) => x - y);
  const n = sorted.length;
  const total = sorted.reduce((s, v) => s + v, 0);
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { trials: n, totalMs: total, meanMs: total / n, medianMs: median, minMs: sorted[0]!, maxMs: sorted[n - 1]!, wallClockMs: last - first };
}

type NodeRequire = (id: string) => unknown;

// node:module through a computed specifier, so that browser bundlers do not try to resolve it.
async function nodeRequire(): Promise<NodeRequire | null> {
  const proc = (globalThis as { process?: { cwd?: () => string } }).process;
  if (typeof proc?.cwd !== 'function') return null;
  try {
    const mod = (await import(/* @vite-ignore */ ['node', 'module'].join(':'))) as { createRequire(path: string): NodeRequire };
    return mod.createRequire(`${proc.cwd()}/`);
  } catch {
    return null;
  }
}

function packageVersion(req: NodeRequire | null, name: string): string {
  if (req === null) return 'unknown';
  try {
    const v = (req(`${name}/package.json`) as { version?: unknown }).version;
    return typeof v === 'string' ? v : 'unknown';
  } catch {
    return 'unknown';
  }
}

async function environment(): Promise<ReportedEnvironment> {
  const g = globalThis as {
    Deno?: { version?: { deno?: string }; build?: { os?: string; arch?: string } };
    Bun?: { version?: string };
    process?: { versions?: { node?: string }; platform?: string; arch?: string };
    navigator?: { hardwareConcurrency?: number; userAgent?: string; platform?: string };
    document?: unknown;
    // tfjs-core keeps its engine here (engine.ts getOrMakeEngine); the UMD bundle defines `tf`.
    _tfengine?: { backendName?: string | null };
    tf?: { version_core?: string };
  };
  let runtime = 'unknown';
  let runtimeVersion = 'unknown';
  let platform = 'unknown';
  let arch = 'unknown';
  if (g.Deno?.version?.deno !== undefined) {
    runtime = 'deno';
    runtimeVersion = g.Deno.version.deno;
    platform = g.Deno.build?.os ?? 'unknown';
    arch = g.Deno.build?.arch ?? 'unknown';
  } else if (g.Bun?.version !== undefined) {
    runtime = 'bun';
    runtimeVersion = g.Bun.version;
    platform = g.process?.platform ?? 'unknown';
    arch = g.process?.arch ?? 'unknown';
  } else if (g.process?.versions?.node !== undefined) {
    runtime = 'node';
    runtimeVersion = g.process.versions.node;
    platform = g.process.platform ?? 'unknown';
    arch = g.process.arch ?? 'unknown';
  } else if (g.document !== undefined && g.navigator !== undefined) {
    runtime = 'browser';
    runtimeVersion = g.navigator.userAgent ?? 'unknown';
    platform = g.navigator.platform || 'unknown';
  }
  let cpuCount: number | null = typeof g.navigator?.hardwareConcurrency === 'number' ? g.navigator.hardwareConcurrency : null;
  if (cpuCount === null && runtime !== 'browser' && runtime !== 'unknown') {
    try {
      const os = (await import(/* @vite-ignore */ ['node', 'os'].join(':'))) as { availableParallelism?: () => number; cpus(): unknown[] };
      cpuCount = os.availableParallelism?.() ?? os.cpus().length;
    } catch {
      cpuCount = null;
    }
  }
  const req = await nodeRequire();
  let tfjs: ReportedEnvironment['tfjs'] = null;
  if (g._tfengine !== undefined && g._tfengine !== null) {
    const version = typeof g.tf?.version_core === 'string' ? g.tf.version_core : packageVersion(req, '@tensorflow/tfjs-core');
    tfjs = { version, backend: g._tfengine.backendName ?? null };
  }
  return { runtime, runtimeVersion, platform, arch, cpuCount, whetstoneVersion: whetstoneVersion === 'unknown' ? packageVersion(req, 'whetstone') : whetstoneVersion, tfjs };
}

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The reproducibility report of a study, as a JSON-serializable object: every hyperparameter with
 * the range(s) it was searched over, the selection method (sampler and pruner with their options,
 * seeds, storage, trials per state), the metric with its direction and best value (and best
 * parameters and trial, or the Pareto front), the runtime per trial (total, mean, median, min,
 * max) and the environment (runtime and version, platform, CPUs, whetstone and tfjs versions,
 * active tfjs backend). It reads `study.trials` as they are: call `await study.refresh()` first to
 * include other workers' latest trials.
 *
 * @param study - the study.
 * @param options - the metric's name and free notes.
 * @returns the report (a fresh object; the study is not changed). Render it with
 *   {@link studyReportMarkdown}; `JSON.stringify` it to archive it.
 * @throws InvalidArgumentError for something that is not a study, or bad options.
 * @see Seed 002 §6.7.12 (what a tuning report must state); Optuna's study summaries and
 *   `Study.trials_dataframe` for the trial data it draws on.
 * @example
 * ```ts
 * const report = await studyReport(study, { metric: 'validation accuracy', notes: 'digits, 5-fold' });
 * await writeFile('tuning.md', studyReportMarkdown(report));
 * ```
 */
export async function studyReport(study: Study, options: StudyReportOptions = {}): Promise<StudyReport> {
  if (!isStudy(study)) throw invalidArgument(FN, 'study', 'a study (from createStudy or loadStudy)', study);
  checkOptions(FN, options, { metric: is.string({ nonEmpty: true }), notes: is.string() });
  const trials = study.trials;
  const directions = [...study.directions];
  const complete = trials.filter((t) => t.state === 'complete' && t.values !== null && t.values.length === directions.length);

  const front = paretoFront(complete, directions).sort((a, b) => a.number - b.number);
  const single = directions.length === 1;
  const best = single ? front[0] : undefined;

  const byState = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<TrialState, number>;
  for (const t of trials) byState[t.state]++;

  const report: StudyReport = {
    format: 'whetstone.studyReport',
    version: 1,
    createdAt: new Date().toISOString(),
    study: { name: study.studyName, id: study.studyId, userAttrs: jsonCopy(study.userAttrs ?? {}) },
    metric: {
      name: options.metric ?? null,
      directions,
      bestValue: best === undefined ? null : best.values![0]!,
      bestTrial: best === undefined ? null : best.number,
      bestParams: best === undefined ? null : { ...best.params },
      paretoFront: front.map((t) => ({ trial: t.number, values: [...t.values!] })),
    },
    hyperparameters: jsonCopy(collectParams(trials)),
    selection: {
      sampler: { name: study.sampler.name, options: jsonCopy(study.sampler.options ?? {}), seed: study.sampler.seed ?? null },
      pruner: { name: study.pruner.name, options: jsonCopy(study.pruner.options ?? {}) },
      seed: study.seed ?? null,
      storage: study.storage.kind,
      trials: trials.length,
      trialsByState: byState,
    },
    runtime: runtimeOf(trials),
    environment: await environment(),
    notes: options.notes ?? null,
  };
  return report;
}

function cell(value: unknown): string {
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '–' : JSON.stringify(value);
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

function ms(v: number | null): string {
  if (v === null) return '–';
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 120_000) return `${(v / 1000).toFixed(2)} s`;
  return `${(v / 60_000).toFixed(1)} min`;
}

/**
 * Render a {@link StudyReport} as a Markdown document: a title, then tables for the result, the
 * hyperparameters and their ranges, the selection method, the runtime per trial and the
 * environment, and the notes.
 *
 * @param report - a report from {@link studyReport} (or its JSON read back).
 * @returns the Markdown text (ends with a newline).
 * @throws InvalidArgumentError when `report` is not a study report.
 * @see {@link studyReport}.
 * @example
 * ```ts
 * console.log(studyReportMarkdown(await studyReport(study, { metric: 'val_loss' })));
 * ```
 */
export function studyReportMarkdown(report: StudyReport): string {
  if (typeof report !== 'object' || report === null || (report as { format?: unknown }).format !== 'whetstone.studyReport') {
    throw invalidArgument('studyReportMarkdown', 'report', 'a report from studyReport()', report);
  }
  if (report.version !== 1) throw new InvalidArgumentError(`studyReportMarkdown: report version ${String(report.version)} is not supported; this version of whetstone renders version 1.`);
  const m = report.metric;
  const out: string[] = [];
  out.push(`# Study report: ${report.study.name}`, '');
  out.push(`Created ${report.createdAt}.${report.notes === null ? '' : ` ${report.notes.replace(/\r?\n/g, ' ')}`}`, '');

  out.push('## Result', '');
  const metricName = m.name ?? 'objective';
  if (m.directions.length === 1) {
    out.push(table(['metric', 'direction', 'best value', 'best trial'], [[metricName, m.directions[0], m.bestValue, m.bestTrial === null ? null : `#${m.bestTrial}`]]), '');
    if (m.bestParams !== null && Object.keys(m.bestParams).length > 0) {
      out.push('Best parameters:', '', table(['parameter', 'value'], Object.entries(m.bestParams).map(([k, v]) => [k, JSON.stringify(v)])), '');
    }
  } else {
    out.push(table(['metric', 'directions', 'Pareto-optimal trials'], [[metricName, m.directions.join(', '), m.paretoFront.length]]), '');
    if (m.paretoFront.length > 0) {
      out.push(table(['trial', ...m.directions.map((d, i) => `value ${i} (${d})`)], m.paretoFront.map((p) => [`#${p.trial}`, ...p.values])), '');
    }
  }

  out.push('## Hyperparameters', '');
  if (report.hyperparameters.length === 0) out.push('No parameters were suggested.', '');
  else {
    const observed = (o: ReportedParam['observed']): string =>
      o === null ? '–' : 'choices' in o ? o.choices.map((c) => JSON.stringify(c)).join(', ') : `${o.min} … ${o.max}`;
    out.push(table(['parameter', 'range', 'trials', 'values tried'], report.hyperparameters.map((p) => [p.name, p.ranges.join('; '), p.trials, observed(p.observed)])), '');
  }

  const s = report.selection;
  out.push('## Selection method', '');
  out.push(
    table(
      ['role', 'name', 'options'],
      [
        ['sampler', s.sampler.name, s.sampler.options],
        ['pruner', s.pruner.name, s.pruner.options],
      ],
    ),
    '',
  );
  out.push(
    table(
      ['study seed', 'sampler seed', 'storage', 'trials', ...STATES],
      [[s.seed ?? 'none', s.sampler.seed ?? 'study seed', s.storage, s.trials, ...STATES.map((st) => s.trialsByState[st] ?? 0)]],
    ),
    '',
  );

  const r = report.runtime;
  out.push('## Runtime per trial', '');
  out.push(table(['finished trials', 'total', 'mean', 'median', 'min', 'max', 'wall clock'], [[r.trials, ms(r.totalMs), ms(r.meanMs), ms(r.medianMs), ms(r.minMs), ms(r.maxMs), ms(r.wallClockMs)]]), '');

  const e = report.environment;
  out.push('## Environment', '');
  out.push(
    table(
      ['item', 'value'],
      [
        ['runtime', `${e.runtime} ${e.runtimeVersion}`],
        ['platform', `${e.platform} ${e.arch}`],
        ['CPUs', e.cpuCount],
        ['whetstone', e.whetstoneVersion],
        ['tfjs-core', e.tfjs === null ? 'not loaded' : `${e.tfjs.version} (backend ${e.tfjs.backend ?? 'not initialized'})`],
      ],
    ),
    '',
  );
  return out.join('\n');
}
