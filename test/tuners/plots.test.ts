import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { viridis } from '../../src/plots/colors.js';
import { plotOptimizationHistory, plotParallelCoordinate, plotParamImportances, plotSlice } from '../../src/tuners/plots.js';
import type { Distribution, FrozenTrial } from '../../src/tuners/types.js';
import { byClass, byName, parseXml, textContent, type XmlElement } from '../plots/_xml.js';
import { frozenTrial, studyView } from './_support.js';

const EVIL = '<script>alert(1)</script>';
const DISTS: Record<string, Distribution> = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true, step: null },
  units: { type: 'int', low: 8, high: 64, log: false, step: 8 },
  act: { type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
};

/** 8 trials: complete ones with values 5, 3, 4, 1, 2; a pruned, a failed and a running one. */
function history(): FrozenTrial[] {
  const p = (lr: number, units: number, act: number) => ({ params: { lr, units, act }, distributions: DISTS });
  return [
    frozenTrial({ number: 0, value: 5, ...p(1e-2, 8, 0) }),
    frozenTrial({ number: 1, value: 3, ...p(1e-3, 16, 1) }),
    frozenTrial({ number: 2, state: 'pruned', intermediate: [9], ...p(1e-4, 24, 2) }),
    frozenTrial({ number: 3, value: 4, ...p(1e-4, 32, 2) }),
    frozenTrial({ number: 4, state: 'fail', ...p(1e-5, 40, 0) }),
    frozenTrial({ number: 5, value: 1, ...p(3e-5, 48, 1) }),
    frozenTrial({ number: 6, value: 2, ...p(1e-1, 64, 0) }),
    frozenTrial({ number: 7, state: 'running', ...p(1e-2, 8, 0) }),
  ];
}

function expectError(f: () => unknown, fn: string, pattern: RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as Error).message.startsWith(`${fn}: `), (error as Error).message).toBe(true);
  expect((error as Error).message).toMatch(pattern);
}

const pointsOf = (root: XmlElement) => byClass(root, 'ws-point').map((c) => [Number(c.attrs.cx), Number(c.attrs.cy)] as const);

describe('plotOptimizationHistory', () => {
  it('plots complete trials only, with a best-so-far line', () => {
    const root = parseXml(plotOptimizationHistory(history()));
    expect(byClass(root, 'ws-point')).toHaveLength(5);
    expect(byClass(root, 'ws-point').map(textContent)).toEqual([
      'trial 0: Objective value 5', 'trial 1: Objective value 3', 'trial 3: Objective value 4',
      'trial 5: Objective value 1', 'trial 6: Objective value 2',
    ]);
    const lines = byClass(root, 'ws-line');
    expect(lines).toHaveLength(1);
    // Best so far (minimize): 5, 3, 3, 1, 1 — its y never goes up on screen... i.e. never down in value.
    const ys = [...lines[0]!.attrs.d!.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => Number(m[2]));
    expect(ys).toHaveLength(5);
    for (let i = 1; i < ys.length; i++) expect(ys[i]!).toBeGreaterThanOrEqual(ys[i - 1]!);
    const pts = pointsOf(root);
    expect(ys[0]).toBeCloseTo(pts[0]![1], 5);
    expect(ys[2]).toBeCloseTo(pts[1]![1], 5);
    expect(ys[4]).toBeCloseTo(pts[3]![1], 5);
    expect(textContent(byClass(root, 'ws-legend')[0]!)).toBe('Objective valueBest value');
  });

  it('follows the direction: maximize keeps the largest so far', () => {
    const root = parseXml(plotOptimizationHistory(studyView(history(), ['maximize'])));
    const ys = [...byClass(root, 'ws-line')[0]!.attrs.d!.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => Number(m[2]));
    expect(new Set(ys).size).toBe(1);
    const override = parseXml(plotOptimizationHistory(studyView(history(), ['maximize']), { direction: 'minimize' }));
    expect(new Set([...byClass(override, 'ws-line')[0]!.attrs.d!.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => m[2])).size).toBe(3);
  });

  it('accepts a Study-like object, an array of trials with directions, and gives the same SVG', () => {
    const a = plotOptimizationHistory(studyView(history(), ['minimize']));
    expect(plotOptimizationHistory(history())).toBe(a);
    expect(plotOptimizationHistory(history(), { directions: ['minimize'] })).toBe(a);
    expect(plotOptimizationHistory(studyView(history()))).toBe(a);
  });

  it('needs a target for multi-objective studies', () => {
    const trials = [frozenTrial({ number: 0, values: [1, 10] }), frozenTrial({ number: 1, values: [2, 5] })];
    const view = studyView(trials, ['minimize', 'maximize']);
    expectError(() => plotOptimizationHistory(view), 'plotOptimizationHistory', /option "target".*the study has 2 objectives/);
    expectError(() => plotOptimizationHistory(view, { target: 2 }), 'plotOptimizationHistory', /option "target" must be an objective index in \[0, 1\]/);
    const root = parseXml(plotOptimizationHistory(view, { target: 1 }));
    expect(byClass(root, 'ws-point').map(textContent)).toEqual(['trial 0: Objective 1 10', 'trial 1: Objective 1 5']);
    // Objective 1 is maximized: the best stays at 10.
    const ys = [...byClass(root, 'ws-line')[0]!.attrs.d!.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => m[2]);
    expect(new Set(ys).size).toBe(1);
  });

  it('takes a target function (no best line unless a direction is given) and a target name', () => {
    const f = (t: FrozenTrial) => t.values![0]! * 2;
    const root = parseXml(plotOptimizationHistory(history(), { target: f, targetName: EVIL }));
    expect(byClass(root, 'ws-line')).toHaveLength(0);
    expect(textContent(byClass(root, 'ws-point')[0]!)).toBe(`trial 0: ${EVIL} 10`);
    expect(byName(root, 'script')).toHaveLength(0);
    expect(byClass(parseXml(plotOptimizationHistory(history(), { target: f, direction: 'minimize' })), 'ws-line')).toHaveLength(1);
  });

  it('draws an empty chart for a study without complete trials', () => {
    const root = parseXml(plotOptimizationHistory([frozenTrial({ number: 0, state: 'running' })]));
    expect(byClass(root, 'ws-point')).toHaveLength(0);
  });

  it('counts complete trials with non-finite values as skipped', () => {
    const root = parseXml(plotOptimizationHistory([frozenTrial({ number: 0, value: 1 }), frozenTrial({ number: 1, value: Infinity })]));
    expect(byClass(root, 'ws-point')).toHaveLength(1);
    expect(textContent(byName(root, 'desc')[0]!)).toMatch(/skipped/);
  });

  it('rejects bad input', () => {
    expectError(() => plotOptimizationHistory(42 as never), 'plotOptimizationHistory', /argument "study"/);
    expectError(() => plotOptimizationHistory(history(), { direction: 'up' } as never), 'plotOptimizationHistory', /option "direction"/);
    expectError(() => plotOptimizationHistory(history(), { trget: 0 } as never), 'plotOptimizationHistory', /unknown option "trget"/);
    expectError(() => plotOptimizationHistory([frozenTrial({ number: 0, value: -1 })], { yScale: 'log' }), 'plotOptimizationHistory', /log/);
  });
});

describe('plotParallelCoordinate', () => {
  it('draws the objective and one axis per parameter (sorted), one line per complete trial', () => {
    const root = parseXml(plotParallelCoordinate(history()));
    const axes = byClass(root, 'ws-axis');
    expect(axes.map((a) => textContent(a.children[0]!))).toEqual(['Objective value', 'act', 'lr', 'units']);
    const recs = byClass(root, 'ws-record');
    expect(recs).toHaveLength(5);
    expect(textContent(recs[0]!)).toBe('trial 0: act=relu, lr=0.01, units=8; Objective value 5');
    // Coloured by objective: 1 → viridis(0), 5 → viridis(1).
    expect(recs[0]!.attrs.stroke).toBe(viridis(1));
    expect(recs[3]!.attrs.stroke).toBe(viridis(0));
  });

  it('uses a log axis for log parameters and a categorical axis for choices', () => {
    const root = parseXml(plotParallelCoordinate(history()));
    const [, act, lr] = byClass(root, 'ws-axis');
    const labels = (g: XmlElement) => g.children.filter((c) => c.name === 'text').map(textContent).slice(0, -1);
    expect(labels(act!)).toEqual(['relu', 'tanh', 'gelu']);
    expect(labels(lr!)).toEqual(['0.00001', '0.0001', '0.001', '0.01', '0.1'].map((v) => (v === '0.00001' ? '1e-5' : v)));
  });

  it('shows the chosen params, and leaves out trials that lack one', () => {
    const trials = [...history(), frozenTrial({ number: 8, value: 0.5, params: { lr: 1e-3 }, distributions: { lr: DISTS.lr! } })];
    const root = parseXml(plotParallelCoordinate(trials, { params: ['units', 'lr'] }));
    expect(byClass(root, 'ws-axis').map((a) => textContent(a.children[0]!))).toEqual(['Objective value', 'units', 'lr']);
    expect(byClass(root, 'ws-record')).toHaveLength(5);
    expect(byClass(parseXml(plotParallelCoordinate(trials, { params: ['lr'] })), 'ws-record')).toHaveLength(6);
  });

  it('sorts numeric categories and escapes parameter names', () => {
    const d: Distribution = { type: 'categorical', choices: [32, 8, 16] };
    const trials = [0, 1, 2].map((i) => frozenTrial({ number: i, value: i, params: { [EVIL]: i }, distributions: { [EVIL]: d } }));
    const svg = plotParallelCoordinate(trials);
    const root = parseXml(svg);
    expect(byName(root, 'script')).toHaveLength(0);
    const axis = byClass(root, 'ws-axis')[1]!;
    expect(textContent(axis.children[0]!)).toBe(EVIL);
    expect(axis.children.filter((c) => c.name === 'text').map(textContent).slice(0, 3)).toEqual(['8', '16', '32']);
  });

  it('rejects what it cannot plot', () => {
    expectError(() => plotParallelCoordinate(history(), { params: ['nope'] }), 'plotParallelCoordinate', /option "params".*'nope' is not one/);
    expectError(() => plotParallelCoordinate([frozenTrial({ number: 0, value: 1 })]), 'plotParallelCoordinate', /nothing to plot/);
    expectError(() => plotParallelCoordinate([]), 'plotParallelCoordinate', /nothing to plot/);
  });
});

describe('plotSlice', () => {
  it('draws one panel per parameter with its complete trials, coloured by trial number', () => {
    const root = parseXml(plotSlice(history()));
    const cells = byClass(root, 'ws-facet-cell');
    expect(cells).toHaveLength(3);
    expect(cells.map((c) => textContent(byClass(c, 'ws-title')[0]!))).toEqual(['act', 'lr', 'units']);
    for (const c of cells) expect(byClass(c, 'ws-point')).toHaveLength(5);
    // One shared colour bar (on the last panel); trial 0 darkest, trial 6 brightest.
    expect(byClass(root, 'ws-colorbar')).toHaveLength(1);
    const fills = byClass(cells[1]!, 'ws-point').map((p) => p.attrs.fill);
    expect(fills[0]).toBe(viridis(0));
    expect(fills[4]).toBe(viridis(1));
    expect(textContent(byClass(cells[1]!, 'ws-point')[0]!)).toBe('trial 0: lr=0.01, Objective value 5');
  });

  it('puts log parameters on a log axis and shares the value axis between panels', () => {
    const root = parseXml(plotSlice(history(), { params: ['lr', 'units'], columns: 1 }));
    const [lr, units] = byClass(root, 'ws-facet-cell');
    const lrLabels = byClass(lr!, 'ws-labels')[0]!.children.filter((c) => c.name === 'text' && c.attrs['text-anchor'] === 'middle' && c.attrs.class === undefined).map(textContent);
    expect(lrLabels).toEqual(['1e-5', '0.0001', '0.001', '0.01', '0.1']);
    // Same objective, same height on screen in every panel.
    expect(pointsOf(lr!).map((p) => p[1])).toEqual(pointsOf(units!).map((p) => p[1]));
    expect(byClass(root, 'ws-facet-cell').map((c) => c.attrs.transform)).toEqual(['translate(0 34)', 'translate(0 322)']);
  });

  it('rejects unknown params and multi-objective studies without target', () => {
    expectError(() => plotSlice(history(), { params: ['lr', 'x'] }), 'plotSlice', /'x' is not one/);
    expectError(() => plotSlice(studyView(history(), ['minimize', 'minimize'])), 'plotSlice', /option "target"/);
    expectError(() => plotSlice(history(), { panelWidth: 10 }), 'plotSlice', /option "panelWidth"/);
    // Too small for the labels: the chart's complaint is reported under the plot's own option.
    expectError(() => plotSlice(history(), { panelWidth: 60 }), 'plotSlice', /option "panelWidth" must be a number >= \d+/);
    expectError(() => plotParallelCoordinate(history(), { width: 100 }), 'plotParallelCoordinate', /option "width" must be a number >= \d+/);
  });
});

describe('plotParamImportances', () => {
  it('draws bars sorted by importance, largest on top', () => {
    const root = parseXml(plotParamImportances({ units: 0.1, lr: 0.6, [EVIL]: 0.3 }));
    const bars = byClass(root, 'ws-bar');
    expect(bars.map(textContent)).toEqual(['lr: 0.6', `${EVIL}: 0.3`, 'units: 0.1']);
    expect(byName(root, 'script')).toHaveLength(0);
    expect(textContent(byName(root, 'title')[0]!)).toBe('Hyperparameter importances');
  });

  it('orders ties by name, so the output does not depend on key order', () => {
    expect(plotParamImportances({ b: 0.5, a: 0.5 })).toBe(plotParamImportances({ a: 0.5, b: 0.5 }));
  });

  it('rejects empty or non-numeric importances', () => {
    expectError(() => plotParamImportances({}), 'plotParamImportances', /at least one parameter/);
    expectError(() => plotParamImportances({ a: NaN }), 'plotParamImportances', /argument "importances"/);
    expectError(() => plotParamImportances({ a: 1 }, { widht: 3 } as never), 'plotParamImportances', /unknown option "widht"/);
  });
});
