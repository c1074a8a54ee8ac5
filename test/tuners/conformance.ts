import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createStudy,
  createTrialProgress,
  fixedTrial,
  gpSampler,
  gridSampler,
  hyperbandPruner,
  journalFileStorage,
  medianPruner,
  memoryStorage,
  nopPruner,
  paramImportances,
  percentilePruner,
  plotOptimizationHistory,
  plotParallelCoordinate,
  plotParamImportances,
  plotSlice,
  qmcSampler,
  randomSampler,
  studyReport,
  successiveHalvingPruner,
  tpeSampler,
  tunerCallback,
  type FrozenTrial,
  type Sampler,
  type Trial,
} from '../../src/tuners/index.js';
import { defineCases, type ConformanceCase } from '../conformance/registry.js';
import { frozenTrial } from './_support.js';

// Samplers are exercised through a short real study, so a case checks the factory's options and
// that the same seed proposes the same parameters end to end.
function objective(trial: Trial): number {
  const x = trial.float('x', -2, 2);
  const lr = trial.float('lr', 1e-4, 1, { log: true });
  const n = trial.int('n', 1, 8);
  const act = trial.categorical('act', ['relu', 'tanh']);
  return x * x + Math.log10(lr) ** 2 / 10 + n / 10 + (act === 'relu' ? 0 : 0.1);
}

async function runSampler(sampler: Sampler, trials = 14): Promise<unknown> {
  const study = await createStudy({ sampler });
  await study.optimize(objective, { trials, progress: false });
  return study.trials.map((t) => t.params);
}

function samplerCase(name: string, make: (o: Record<string, unknown>) => Sampler, options: Record<string, unknown>, badOptions: Record<string, unknown>[], trials?: number): ConformanceCase {
  return { name, call: (_a, o) => runSampler(make(o), trials), args: () => [], options, badOptions, seeded: true };
}

function history(): FrozenTrial[] {
  const x = { type: 'float', low: -2, high: 2, log: false, step: null } as const;
  const lr = { type: 'float', low: 1e-4, high: 1, log: true, step: null } as const;
  return Array.from({ length: 12 }, (_, i) =>
    frozenTrial({ number: i, params: { x: -2 + i / 3, lr: Math.min(1, Math.max(1e-4, 10 ** (-4 + i / 3))) }, distributions: { x, lr }, value: (i - 6) ** 2 + i / 10 }),
  );
}

const pruners: ConformanceCase[] = [
  { name: 'medianPruner', call: (_a, o) => medianPruner(o), args: () => [], options: { warmupSteps: 2 }, badOptions: [{ startupTrials: -1 }, { warmupSteps: 1.5 }, { intervalSteps: 0 }, { minTrials: 0 }, { percentile: 30 }] },
  { name: 'percentilePruner', call: (_a, o) => percentilePruner(o as never), args: () => [], options: { percentile: 25 }, badOptions: [{ percentile: 101 }, { percentile: -1 }, { percentile: Number.NaN }, { percentile: '50' }, { intervalSteps: 0 }, { warmup: 3 }] },
  { name: 'successiveHalvingPruner', call: (_a, o) => successiveHalvingPruner(o), args: () => [], options: { minResource: 1, reductionFactor: 3 }, badOptions: [{ minResource: 0 }, { minResource: 'fast' }, { reductionFactor: 1 }, { reductionFactor: 2.5 }, { minEarlyStoppingRate: -1 }, { eta: 3 }] },
  { name: 'hyperbandPruner', call: (_a, o) => hyperbandPruner(o), args: () => [], options: { maxResource: 27 }, badOptions: [{ minResource: 0 }, { maxResource: 'max' }, { minResource: 10, maxResource: 9 }, { reductionFactor: 1 }, { maxResources: 9 }] },
  { name: 'nopPruner', call: (_a, o) => nopPruner(o as never), args: () => [], badOptions: [{ percentile: 3 }] },
];

export default defineCases([
  {
    name: 'createStudy',
    call: async (_a, o) => {
      const study = await createStudy(o);
      await study.optimize(objective, { trials: 5, progress: false });
      return study.trials.map((t) => t.params);
    },
    args: () => [],
    options: { direction: 'minimize', sampler: randomSampler() },
    badOptions: [{ direction: 'up' }, { directions: [] }, { directions: ['minimize'] }, { sampler: {} }, { pruner: 1 }, { storage: {} }, { studyName: '' }, { loadIfExists: 1 }, { seed: 1.5 }, { samplr: 1 }],
    seeded: true,
  },
  samplerCase('randomSampler', (o) => randomSampler(o), {}, [{ seed: 1.5 }, { seed: {} }, { sed: 1 }]),
  samplerCase('tpeSampler', (o) => tpeSampler(o as never), { startupTrials: 5, multivariate: true }, [{ startupTrials: -1 }, { eiCandidates: 0 }, { gamma: 0.1 }, { weights: [1] }, { priorWeight: 0 }, { magicClip: 1 }, { multivariate: 'yes' }, { constantLiar: 0 }, { nStartupTrials: 10 }]),
  samplerCase('gpSampler', (o) => gpSampler(o as never), { startupTrials: 4, candidates: 256, restarts: 2 }, [{ startupTrials: -1 }, { candidates: 0 }, { restarts: -1 }, { constantLiar: 'yes' }, { deterministicObjective: 1 }, { kernel: 'rbf' }], 8),
  samplerCase('qmcSampler', (o) => qmcSampler(o as never), { type: 'halton' }, [{ type: 'lhs' }, { scramble: 1 }, { seed: 1.5 }, { qmcType: 'sobol' }]),
  {
    name: 'gridSampler',
    call: async ([space], o) => {
      const study = await createStudy({ sampler: gridSampler(space as never, o) });
      await study.optimize((t) => t.float('x', 0, 1) + t.int('n', 1, 3), { trials: 10, progress: false });
      return study.trials.map((t) => t.params);
    },
    args: () => [{ x: [0, 0.5, 1], n: [1, 2] }],
    badOptions: [{ seed: 1.5 }, { sed: 1 }],
    badArgs: [() => [{}], () => [{ x: [] }], () => [{ x: [1, 1] }], () => [{ x: [Number.NaN] }], () => [{ x: [{ a: 1 }] }], () => [null]],
    seeded: true,
  },
  ...pruners,
  { name: 'memoryStorage', call: (_a, o) => memoryStorage(o as never), args: () => [], badOptions: [{ path: 'x' }] },
  {
    name: 'journalFileStorage',
    call: async ([path], o) => {
      const storage = journalFileStorage(path as string, o);
      const study = await createStudy({ storage, sampler: randomSampler({ seed: 1 }) });
      await study.optimize(objective, { trials: 2, progress: false });
      await storage.close?.();
      return study.trials.length;
    },
    args: () => [join(mkdtempSync(join(tmpdir(), 'whetstone-conformance-')), 'study.jsonl')],
    badOptions: [{ lockTimeoutMs: -1 }, { staleLockMs: 'x' }, { lockTimeout: 5 }],
    badArgs: [() => [''], () => [3]],
  },
  {
    name: 'paramImportances',
    call: ([trials], o) => paramImportances(trials as FrozenTrial[], o),
    args: () => [history()],
    options: { trees: 8 },
    badOptions: [{ evaluator: 'permutation' }, { trees: 0 }, { trees: 1.5 }, { maxDepth: 0 }, { normalize: 'yes' }, { params: 'x' }, { params: [1] }, { target: 3 }, { tree: 3 }],
    badArgs: [() => [[]], () => [history().slice(0, 1)]],
    seeded: true,
  },
  {
    name: 'studyReport',
    call: async (_a, o) => {
      const study = await createStudy({ sampler: randomSampler({ seed: 1 }) });
      await study.optimize(objective, { trials: 3, progress: false });
      const report = await studyReport(study, o);
      return report.metric;
    },
    args: () => [],
    options: { metric: 'loss' },
    badOptions: [{ metric: '' }, { metric: 3 }, { notes: 1 }, { metrics: 'x' }],
  },
  {
    name: 'createTrialProgress',
    call: (_a, o) => {
      const progress = createTrialProgress(o as never);
      progress.close();
      return null;
    },
    args: () => [],
    options: { direction: 'minimize', total: 5 },
    badOptions: [{ direction: 'up' }, { total: -1 }, { total: 1.5 }, { timeoutMs: 0 }, { stream: {} }, { totl: 5 }],
  },
  {
    name: 'tunerCallback',
    call: (_a, o) => tunerCallback(fixedTrial({}), o).history,
    args: () => [],
    options: { monitor: 'loss', intervalEpochs: 2 },
    badOptions: [{ monitor: '' }, { intervalEpochs: 0 }, { intervalEpochs: 1.5 }, { throwOnPrune: 1 }, { monitr: 'loss' }],
  },
  {
    name: 'fixedTrial',
    call: ([params], o) => fixedTrial(params as never, o).params,
    args: () => [{ a: 1, b: 'x' }],
    options: { number: 2 },
    badOptions: [{ number: -1 }, { number: 1.5 }, { id: 1 }],
    badArgs: [() => [null], () => [[1]], () => [{ a: Number.NaN }], () => [{ a: { b: 1 } }]],
  },
  { name: 'plotOptimizationHistory', call: ([t], o) => plotOptimizationHistory(t as FrozenTrial[], o), args: () => [history()], badOptions: [{ nope: 1 }, { target: -1 }, { direction: 'up' }, { yScale: 'sqrt' }, { width: 10 }], badArgs: [() => [5]] },
  { name: 'plotParallelCoordinate', call: ([t], o) => plotParallelCoordinate(t as FrozenTrial[], o), args: () => [history()], badOptions: [{ nope: 1 }, { params: [] }, { params: ['nope'] }, { width: 100 }] },
  { name: 'plotSlice', call: ([t], o) => plotSlice(t as FrozenTrial[], o), args: () => [history()], badOptions: [{ nope: 1 }, { params: ['nope'] }, { columns: 0 }, { panelWidth: 10 }], badArgs: [() => [[]]] },
  { name: 'plotParamImportances', call: ([r], o) => plotParamImportances(r as Record<string, number>, o), args: () => [{ x: 0.7, lr: 0.3 }], badOptions: [{ nope: 1 }, { width: 10 }, { title: 1 }], badArgs: [() => [{}], () => [{ a: Number.NaN }]] },
]);
