// Replays the Optuna studies recorded by scripts/fixtures/tuners_pruners.py (Optuna 3.1) against a
// whetstone pruner, on hand-made trial histories, and reports every decision that differs.
import { readFileSync } from 'node:fs';
import type { Direction, FrozenTrial, JsonValue, Pruner, PrunerContext, StudyView } from '../../../src/tuners/types.js';
import { frozenTrial } from '../_support.js';

/** A number as the fixture writes it (non-finite ones as strings). */
export type Encoded = number | 'nan' | 'inf' | '-inf';

/** Decode a fixture number. */
export function dec(v: Encoded): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

/** One recorded event: ask, report (then maybe should_prune), tell. */
export type Event = 'a' | [number, number, Encoded, -1 | 0 | 1] | ['c' | 'p' | 'f', number];

/** One recorded Optuna study. */
export interface Scenario {
  readonly name: string;
  readonly pruner: 'median' | 'percentile' | 'successiveHalving' | 'hyperband';
  readonly opts: Record<string, unknown>;
  readonly direction: Direction;
  readonly studyName: string;
  readonly events: readonly Event[];
  /** Each trial's completed_rung_* attributes at the end. */
  readonly attrs: readonly Record<string, Encoded>[];
  /** Hyperband: each trial's bracket at the end (null before the brackets exist). */
  readonly brackets?: readonly (number | null)[];
}

/** The whole fixture file. */
export interface PrunerFixture {
  readonly optuna: string;
  readonly scenarios: readonly Scenario[];
  readonly nanpercentile: readonly [Encoded[], number, Encoded][];
  readonly log: readonly [number, number][];
  readonly logBase: readonly [number, number, number][];
  readonly brackets: readonly { minResource: number; maxResource: number; reductionFactor: number; studyName: string; count: number; budgets: number[]; ids: string }[];
  readonly crc32: readonly [string, number][];
}

let cached: PrunerFixture | undefined;

/** The parsed fixture (read once per test file). */
export function fixture(): PrunerFixture {
  cached ??= JSON.parse(readFileSync(new URL('../../fixtures/tuners_pruners.json', import.meta.url), 'utf8')) as PrunerFixture;
  return cached;
}

/** The scenarios recorded for one kind of pruner. */
export function scenariosOf(kind: Scenario['pruner']): Scenario[] {
  return fixture().scenarios.filter((s) => s.pruner === kind);
}

/** What a replay found. */
export interface ReplayResult {
  /** How many should_prune decisions were compared. */
  readonly decisions: number;
  /** How many of them were "prune". */
  readonly prunes: number;
  /** Differences, as readable lines (empty when the pruner agrees with Optuna everywhere). */
  readonly mismatches: string[];
  /** The trials at the end. */
  readonly trials: readonly FrozenTrial[];
  /** The view at the end (for samplerTrials). */
  readonly study: StudyView;
}

/**
 * Replay `scenario` against `pruner`: the same asks, reports, checks and tells, with the trial
 * history kept as FrozenTrials (system attributes written through the context land on the
 * trials at once, as a storage would). Compares every decision and the final rung attributes.
 */
export function replay(scenario: Scenario, pruner: Pruner, studyId = 1): ReplayResult {
  const trials: FrozenTrial[] = [];
  const study: StudyView = { studyId, studyName: scenario.studyName, directions: [scenario.direction], trials };
  const context: PrunerContext = {
    study,
    setTrialSystemAttr(trialId: number, key: string, value: JsonValue) {
      const i = trials.findIndex((t) => t.id === trialId);
      if (i < 0) throw new Error(`setTrialSystemAttr: unknown trial id ${trialId}`);
      trials[i] = { ...trials[i]!, systemAttrs: { ...trials[i]!.systemAttrs, [key]: value } };
    },
  };
  const mismatches: string[] = [];
  let decisions = 0;
  let prunes = 0;
  for (const [k, e] of scenario.events.entries()) {
    if (e === 'a') {
      trials.push(frozenTrial({ number: trials.length, state: 'running' }));
    } else if (typeof e[0] === 'number') {
      const [n, step, value, expected] = e as [number, number, Encoded, -1 | 0 | 1];
      const t = trials[n]!;
      trials[n] = { ...t, intermediateValues: { ...t.intermediateValues, [step]: dec(value) } };
      if (expected === -1) continue;
      const got = pruner.prune(context, trials[n]!);
      decisions++;
      if (expected === 1) prunes++;
      if (got !== (expected === 1)) {
        mismatches.push(`${scenario.name}: event ${k}, trial ${n} step ${step} value ${value}: Optuna ${expected === 1 ? 'prunes' : 'goes on'}, got ${got}`);
      }
    } else {
      const [state, n] = e as ['c' | 'p' | 'f', number];
      const t = trials[n]!;
      trials[n] = {
        ...t,
        state: state === 'c' ? 'complete' : state === 'p' ? 'pruned' : 'fail',
        values: state === 'c' ? [0.5] : null,
        datetimeComplete: '2026-01-01T00:00:01.000Z',
      };
    }
  }
  for (const [n, expected] of scenario.attrs.entries()) {
    const got: Record<string, JsonValue> = {};
    for (const [key, v] of Object.entries(trials[n]!.systemAttrs)) if (key.startsWith('completed_rung_')) got[key] = v;
    const want = Object.fromEntries(Object.entries(expected).map(([key, v]) => [key, dec(v)]));
    const same = Object.keys(want).length === Object.keys(got).length && Object.entries(want).every(([key, v]) => Object.is(got[key], v));
    if (!same) mismatches.push(`${scenario.name}: trial ${n} rungs: Optuna ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
  }
  return { decisions, prunes, mismatches, trials, study };
}
