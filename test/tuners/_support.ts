// Builders for hand-made trials and study views, so samplers and pruners can be tested without a
// study. Shared by every test under test/tuners.
import type { Direction, Distribution, FrozenTrial, JsonValue, PrunerContext, StudyView, TrialState } from '../../src/tuners/types.js';

let nextId = 1;

/** A FrozenTrial with sensible defaults; `params` given as internal values. */
export function frozenTrial(p: {
  number: number;
  state?: TrialState;
  values?: readonly number[] | null;
  value?: number;
  params?: Record<string, number>;
  distributions?: Record<string, Distribution>;
  intermediate?: Record<number, number> | readonly number[];
  systemAttrs?: Record<string, JsonValue>;
  userAttrs?: Record<string, JsonValue>;
}): FrozenTrial {
  const state = p.state ?? 'complete';
  const distributions = p.distributions ?? {};
  const internal = p.params ?? {};
  const params: Record<string, number | string | boolean | null> = {};
  for (const [k, v] of Object.entries(internal)) {
    const d = distributions[k];
    params[k] = d !== undefined && d.type === 'categorical' ? d.choices[v]! : v;
  }
  const inter: Record<number, number> = {};
  if (Array.isArray(p.intermediate)) (p.intermediate as number[]).forEach((v, i) => (inter[i] = v));
  else Object.assign(inter, p.intermediate ?? {});
  const values = p.values !== undefined ? p.values : p.value !== undefined ? [p.value] : state === 'complete' ? [0] : null;
  return {
    id: nextId++,
    number: p.number,
    state,
    values,
    params,
    internalParams: { ...internal },
    distributions,
    intermediateValues: inter,
    userAttrs: p.userAttrs ?? {},
    systemAttrs: p.systemAttrs ?? {},
    datetimeStart: '2026-01-01T00:00:00.000Z',
    datetimeComplete: state === 'running' || state === 'waiting' ? null : '2026-01-01T00:00:01.000Z',
    error: state === 'fail' ? { name: 'Error', message: 'failed' } : null,
  };
}

/** A StudyView over the given trials. */
export function studyView(trials: readonly FrozenTrial[], directions: readonly Direction[] = ['minimize']): StudyView {
  return { studyId: 1, studyName: 'test-study', directions, trials };
}

/** A PrunerContext over the given trials whose setTrialSystemAttr records writes in `writes`. */
export function prunerContext(trials: FrozenTrial[], directions: readonly Direction[] = ['minimize']): PrunerContext & { writes: [number, string, JsonValue][] } {
  const writes: [number, string, JsonValue][] = [];
  return {
    study: studyView(trials, directions),
    writes,
    setTrialSystemAttr(trialId, key, value) {
      writes.push([trialId, key, value]);
      const i = trials.findIndex((t) => t.id === trialId);
      if (i >= 0) trials[i] = { ...trials[i]!, systemAttrs: { ...trials[i]!.systemAttrs, [key]: value } };
    },
  };
}
