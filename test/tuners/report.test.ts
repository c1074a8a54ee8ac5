import { describe, it, expect } from 'vitest';
import { studyReport, studyReportMarkdown, type StudyReport } from '../../src/tuners/report.js';
import { createStudy } from '../../src/tuners/study.js';
import { randomSampler } from '../../src/tuners/samplers/random.js';
import { nopPruner } from '../../src/tuners/pruners/nop.js';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../src/tuners/distributions.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import type { Direction, FrozenTrial, Study } from '../../src/tuners/types.js';
import { frozenTrial } from './_support.js';

const lr = floatDistribution('lr', 1e-5, 0.1, { log: true });
const units = intDistribution('units', 8, 128, { step: 8 });
const opt = categoricalDistribution('opt', ['adam', 'sgd']);

function timed(t: FrozenTrial, startMs: number, durationMs: number): FrozenTrial {
  return {
    ...t,
    datetimeStart: new Date(startMs).toISOString(),
    datetimeComplete: t.state === 'running' ? null : new Date(startMs + durationMs).toISOString(),
  };
}

// A study object with the read-only parts of the Study interface, over hand-made trials.
function handMadeStudy(trials: FrozenTrial[], directions: Direction[] = ['minimize']): Study {
  return {
    studyId: 7,
    studyName: 'hand-made',
    directions,
    trials,
    seed: 42,
    userAttrs: { dataset: 'digits' },
    sampler: { name: 'tpe', options: { startupTrials: 10, seed: 3 }, seed: 3, sampleIndependent: () => 0 },
    pruner: { name: 'median', options: { startupTrials: 5 }, prune: () => false },
    storage: { kind: 'memory' },
  } as unknown as Study;
}

const t0 = Date.parse('2026-01-01T00:00:00.000Z');
const trials: FrozenTrial[] = [
  timed(frozenTrial({ number: 0, value: 0.5, params: { lr: 0.01, units: 16, opt: 0 }, distributions: { lr, units, opt } }), t0, 1000),
  timed(frozenTrial({ number: 1, value: 0.2, params: { lr: 0.001, units: 64, opt: 1 }, distributions: { lr, units, opt } }), t0 + 1000, 3000),
  timed(frozenTrial({ number: 2, state: 'pruned', params: { lr: 0.05, units: 8 }, distributions: { lr, units } }), t0 + 4000, 500),
  timed(frozenTrial({ number: 3, state: 'fail', params: { lr: 1e-5 }, distributions: { lr } }), t0 + 4500, 100),
  timed(frozenTrial({ number: 4, value: 0.2, params: { lr: 0.002, units: 32, opt: 0 }, distributions: { lr, units: intDistribution('units', 8, 256, { step: 8 }), opt } }), t0 + 4600, 2000),
  timed(frozenTrial({ number: 5, state: 'running', params: { lr: 0.003 }, distributions: { lr } }), t0 + 6600, 0),
];

describe('studyReport', () => {
  it('reports hyperparameters with their ranges, the selection method, the best value and runtimes', async () => {
    const snapshot = JSON.stringify(trials);
    const r = await studyReport(handMadeStudy(trials), { metric: 'val_loss', notes: 'digits, 5-fold' });
    expect(JSON.stringify(trials)).toBe(snapshot);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.format).toBe('whetstone.studyReport');
    expect(Number.isFinite(Date.parse(r.createdAt))).toBe(true);
    expect(r.study).toEqual({ name: 'hand-made', id: 7, userAttrs: { dataset: 'digits' } });
    expect(r.metric).toEqual({
      name: 'val_loss',
      directions: ['minimize'],
      bestValue: 0.2,
      bestTrial: 1,
      bestParams: { lr: 0.001, units: 64, opt: 'sgd' },
      paretoFront: [
        { trial: 1, values: [0.2] },
        { trial: 4, values: [0.2] },
      ],
    });
    expect(r.hyperparameters.map((p) => p.name)).toEqual(['lr', 'opt', 'units']);
    const [pLr, pOpt, pUnits] = r.hyperparameters;
    expect(pLr).toMatchObject({ ranges: ['float [0.00001, 0.1] log'], trials: 6, observed: { min: 1e-5, max: 0.05 } });
    expect(pOpt).toMatchObject({ ranges: ["categorical ['adam', 'sgd']"], trials: 3, observed: { choices: ['adam', 'sgd'] } });
    expect(pUnits!.ranges).toEqual(['int [8, 128] step 8', 'int [8, 256] step 8']);
    expect(pUnits!.trials).toBe(4);
    expect(r.selection).toEqual({
      sampler: { name: 'tpe', options: { startupTrials: 10, seed: 3 }, seed: 3 },
      pruner: { name: 'median', options: { startupTrials: 5 } },
      seed: 42,
      storage: 'memory',
      trials: 6,
      trialsByState: { complete: 3, pruned: 1, fail: 1, running: 1, waiting: 0 },
    });
    // Finished trials: 1000, 3000, 500, 100, 2000 ms.
    expect(r.runtime).toEqual({ trials: 5, totalMs: 6600, meanMs: 1320, medianMs: 1000, minMs: 100, maxMs: 3000, wallClockMs: 6600 });
    expect(r.notes).toBe('digits, 5-fold');
  });

  it('describes the environment without loading tfjs', async () => {
    const before = (globalThis as { _tfengine?: unknown })._tfengine;
    const { environment: e } = await studyReport(handMadeStudy(trials));
    expect(e.runtime).toBe('node');
    expect(e.runtimeVersion).toBe(process.versions.node);
    expect(e.platform).toBe(process.platform);
    expect(e.arch).toBe(process.arch);
    expect(e.cpuCount).toBeGreaterThanOrEqual(1);
    expect(e.whetstoneVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect((globalThis as { _tfengine?: unknown })._tfengine).toBe(before);
    if (before === undefined) expect(e.tfjs).toBeNull();
  });

  it('reports the tfjs version and active backend once tfjs-core is loaded', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    const { environment: e } = await studyReport(handMadeStudy(trials));
    expect(e.tfjs).toEqual({ version: tf.version_core, backend: 'cpu' });
  });

  it('multi-objective: the Pareto front, no single best', async () => {
    const multi = [
      frozenTrial({ number: 0, values: [1, 5] }),
      frozenTrial({ number: 1, values: [2, 2] }),
      frozenTrial({ number: 2, values: [3, 3] }),
      frozenTrial({ number: 3, values: [0.5, 9] }),
    ];
    const r = await studyReport(handMadeStudy(multi, ['minimize', 'minimize']));
    expect(r.metric.bestValue).toBeNull();
    expect(r.metric.bestParams).toBeNull();
    expect(r.metric.paretoFront.map((p) => p.trial)).toEqual([0, 1, 3]);
    const md = studyReportMarkdown(r);
    expect(md).toContain('| trial | value 0 (minimize) | value 1 (minimize) |');
    expect(md).toContain('| #1 | 2 | 2 |');
  });

  it('a study without trials gives empty sections, not errors', async () => {
    const r = await studyReport(handMadeStudy([]));
    expect(r.metric.bestValue).toBeNull();
    expect(r.hyperparameters).toEqual([]);
    expect(r.runtime).toEqual({ trials: 0, totalMs: null, meanMs: null, medianMs: null, minMs: null, maxMs: null, wallClockMs: null });
    expect(studyReportMarkdown(r)).toContain('No parameters were suggested.');
  });

  it('works on a real study', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 1 }), pruner: nopPruner(), direction: 'maximize', studyName: 'real' });
    await study.optimize(
      (t) => {
        const x = t.float('x', -2, 2);
        const kind = t.categorical('kind', ['a', 'b']);
        if (kind === 'b') t.int('depth', 1, 4);
        return -(x * x) + (kind === 'a' ? 1 : 0);
      },
      { trials: 12, progress: false },
    );
    const r = await studyReport(study, { metric: 'score' });
    expect(r.study.name).toBe('real');
    expect(r.metric.directions).toEqual(['maximize']);
    expect(r.metric.bestValue).toBe(study.bestValue);
    expect(r.metric.bestTrial).toBe(study.bestTrial.number);
    expect(r.metric.bestParams).toEqual(study.bestParams);
    expect(r.selection.sampler.name).toBe('random');
    expect(r.selection.sampler.seed).toBe(1);
    expect(r.selection.pruner.name).toBe('nop');
    expect(r.selection.storage).toBe('memory');
    expect(r.selection.trialsByState.complete).toBe(12);
    expect(r.runtime.trials).toBe(12);
    expect(r.hyperparameters.find((p) => p.name === 'x')!.ranges).toEqual(['float [-2, 2]']);
    expect(r.hyperparameters.find((p) => p.name === 'x')!.trials).toBe(12);
    const md = studyReportMarkdown(r);
    expect(md).toContain('# Study report: real');
    expect(md).toContain('| score | maximize |');
  });

  it('rejects what is not a study, and bad options', async () => {
    await expect(studyReport({} as Study)).rejects.toThrow(InvalidArgumentError);
    await expect(studyReport(null as unknown as Study)).rejects.toThrow(/argument "study"/);
    for (const o of [{ metric: '' }, { metric: 3 }, { notes: 1 }, { metrics: 'x' }, 'x']) {
      await expect(studyReport(handMadeStudy(trials), o as never)).rejects.toThrow(InvalidArgumentError);
    }
  });
});

describe('studyReportMarkdown', () => {
  it('renders every section as tables, escaping pipes', async () => {
    const study = handMadeStudy(trials);
    const r = await studyReport(study, { metric: 'loss | val', notes: 'line one\nline two' });
    const md = studyReportMarkdown(r);
    for (const heading of ['# Study report: hand-made', '## Result', '## Hyperparameters', '## Selection method', '## Runtime per trial', '## Environment']) {
      expect(md).toContain(`\n${heading}\n`.trimStart());
    }
    expect(md).toContain('| loss \\| val | minimize | 0.2 | #1 |');
    expect(md).toContain('| units | int [8, 128] step 8; int [8, 256] step 8 | 4 | 8 … 64 |');
    expect(md).toContain('| lr | float [0.00001, 0.1] log | 6 | 0.00001 … 0.05 |');
    expect(md).toContain('| opt | "sgd" |');
    expect(md).toContain('| sampler | tpe | {"startupTrials":10,"seed":3} |');
    expect(md).toContain('| 42 | 3 | memory | 6 | 3 | 1 | 1 | 1 | 0 |');
    expect(md).toContain('| 5 | 6.60 s | 1.32 s | 1.00 s | 100 ms | 3.00 s | 6.60 s |');
    expect(md).toContain('line one line two');
    expect(md.endsWith('\n')).toBe(true);
    // Every table row has the same number of cells as its header.
    const blocks = md.split('\n\n').filter((b) => b.startsWith('|'));
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const b of blocks) {
      const counts = b.split('\n').filter((l) => l !== '').map((l) => l.replace(/\\\|/g, '').split('|').length);
      expect(new Set(counts).size, b).toBe(1);
    }
  });

  it('renders a report read back from JSON', async () => {
    const r = await studyReport(handMadeStudy(trials));
    expect(studyReportMarkdown(JSON.parse(JSON.stringify(r)) as StudyReport)).toBe(studyReportMarkdown(r));
  });

  it('rejects other objects', () => {
    expect(() => studyReportMarkdown({} as StudyReport)).toThrow(InvalidArgumentError);
    expect(() => studyReportMarkdown({ format: 'whetstone.studyReport', version: 2 } as unknown as StudyReport)).toThrow(/version 2/);
  });
});
