// gridSampler: grid order as Optuna 3.1's GridSampler (fixture of scripts/fixtures/tuners_qmc.py),
// every point exactly once, exhaustion, seed determinism, bad input; on hand-made histories and in
// a real study.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../../../src/core/rng.js';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../../src/tuners/distributions.js';
import { gridSampler } from '../../../src/tuners/samplers/grid.js';
import { createStudy } from '../../../src/tuners/study.js';
import { memoryStorage } from '../../../src/tuners/storages/memory.js';
import type { FrozenTrial, JsonValue, ParamValue, Sampler, TrialState } from '../../../src/tuners/types.js';
import { frozenTrial, studyView } from '../_support.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/tuners_qmc.json', import.meta.url), 'utf8')) as {
  grid: { space: Record<string, ParamValue[]>; grids: ParamValue[][] };
};

/** Start a trial as the study does: beforeTrial under the lock, then a trial carrying its attributes. */
function start(sampler: Sampler, trials: readonly FrozenTrial[], seed: number | string = 0, state: TrialState = 'complete'): FrozenTrial {
  const number = trials.length;
  const rng = createRng(sampler.seed ?? seed).child('sampler').child(number);
  const r = sampler.beforeTrial!({ study: studyView(trials), rng }, trials);
  expect(r?.fixedParams).toBeDefined();
  return frozenTrial({ number, state, systemAttrs: { ...(r!.systemAttrs as Record<string, JsonValue>), fixed_params: { ...r!.fixedParams } as JsonValue } });
}

function run(sampler: Sampler, n: number, seed: number | string = 0): FrozenTrial[] {
  const trials: FrozenTrial[] = [];
  for (let i = 0; i < n; i++) trials.push(start(sampler, trials, seed));
  return trials;
}

const ids = (trials: readonly FrozenTrial[]): number[] => trials.map((t) => t.systemAttrs['grid_id'] as number);
const points = (trials: readonly FrozenTrial[]): JsonValue[] => trials.map((t) => t.systemAttrs['fixed_params']!);

describe('gridSampler', () => {
  it('numbers the grid as Optuna does (names sorted, the last varying fastest)', () => {
    const { space, grids } = fixture.grid;
    const trials = run(gridSampler(space, { seed: 1 }), grids.length);
    const names = Object.keys(space).sort();
    for (const t of trials) {
      const id = t.systemAttrs['grid_id'] as number;
      const fixed = t.systemAttrs['fixed_params'] as Record<string, ParamValue>;
      expect(Object.keys(fixed)).toEqual(names);
      expect(names.map((n) => fixed[n])).toEqual(grids[id]);
    }
    expect(trials[0]!.systemAttrs['search_space']).toEqual({ a: [true, null], b: [1, 2.5, 'x'], c: [-1, 0] });
  });

  it('visits every point exactly once in |grid| trials, then says it is exhausted', () => {
    const sampler = gridSampler({ x: [1, 2, 3, 4], y: ['a', 'b', 'c'], z: [true, false] }, { seed: 5 });
    const trials: FrozenTrial[] = [];
    for (let i = 0; i < 24; i++) {
      expect(sampler.isExhausted!(trials)).toBe(false);
      trials.push(start(sampler, trials));
    }
    expect(new Set(ids(trials)).size).toBe(24);
    expect(new Set(points(trials).map((p) => JSON.stringify(p))).size).toBe(24);
    expect(sampler.isExhausted!(trials)).toBe(true);
  });

  it('counts trials in every state as taking their point (failed points are not retried)', () => {
    const sampler = gridSampler({ x: [1, 2, 3, 4, 5] }, { seed: 2 });
    const trials: FrozenTrial[] = [];
    const states: TrialState[] = ['running', 'complete', 'pruned', 'fail', 'waiting'];
    for (const state of states) trials.push(start(sampler, trials, 0, state));
    expect(new Set(ids(trials)).size).toBe(5);
    expect(sampler.isExhausted!(trials)).toBe(true);
  });

  it('after exhaustion re-runs a random point of the grid', () => {
    const sampler = gridSampler({ x: [1, 2, 3] }, { seed: 3 });
    const trials = run(sampler, 3);
    const extra = [start(sampler, trials), start(sampler, [...trials, frozenTrial({ number: 3 })])];
    for (const t of extra) expect([0, 1, 2]).toContain(t.systemAttrs['grid_id']);
    const seen = new Set<number>();
    for (let k = 0; k < 30; k++) seen.add(start(sampler, [...trials, ...Array.from({ length: k }, (_, i) => frozenTrial({ number: 3 + i }))]).systemAttrs['grid_id'] as number);
    expect(seen.size).toBe(3);
  });

  it('ignores trials of another grid (a different search_space) and trials without a grid id', () => {
    const sampler = gridSampler({ x: [1, 2] }, { seed: 1 });
    const other = gridSampler({ x: [1, 2, 3] }, { seed: 1 });
    const foreign = run(other, 3);
    const enqueued = frozenTrial({ number: 3, systemAttrs: { fixed_params: { x: 1 } } });
    expect(sampler.isExhausted!([...foreign, enqueued])).toBe(false);
    const mine = run(sampler, 2);
    expect(new Set(ids(mine))).toEqual(new Set([0, 1]));
  });

  it('is deterministic given its seed or the study\'s, and the seed changes the order', () => {
    const space = { a: [0, 1, 2, 3, 4, 5, 6, 7], b: ['u', 'v', 'w', 'x'] };
    const a = ids(run(gridSampler(space, { seed: 9 }), 32));
    expect(ids(run(gridSampler(space, { seed: 9 }), 32))).toEqual(a);
    expect(ids(run(gridSampler(space, { seed: 10 }), 32))).not.toEqual(a);
    expect(ids(run(gridSampler(space), 32, 'study'))).toEqual(ids(run(gridSampler(space), 32, 'study')));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 32 }, (_, i) => i));
  });

  it('picks uniformly among untaken points', () => {
    // The first point of a 4-point grid, over many seeds: each id about a quarter of the time.
    const counts = [0, 0, 0, 0];
    const n = 4000;
    for (let s = 0; s < n; s++) counts[start(gridSampler({ x: [1, 2, 3, 4] }, { seed: s }), []).systemAttrs['grid_id'] as number]!++;
    for (const c of counts) expect(Math.abs(c / n - 0.25)).toBeLessThan(4.5 * Math.sqrt((0.25 * 0.75) / n));
  });

  it('handles grids too large to list, by rejection', () => {
    const big: Record<string, number[]> = {};
    for (let i = 0; i < 8; i++) big[`p${i}`] = Array.from({ length: 10 }, (_, k) => k);
    const sampler = gridSampler(big, { seed: 1 });
    const trials = run(sampler, 50);
    expect(new Set(ids(trials)).size).toBe(50);
    for (const id of ids(trials)) expect(id >= 0 && id < 1e8).toBe(true);
    expect(sampler.isExhausted!(trials)).toBe(false);
  });

  it('visits each point once for any small grid and history order (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.uniqueArray(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('a', 'b', true, false, null)), { minLength: 1, maxLength: 3 }), { minKeys: 1, maxKeys: 3 }),
        fc.integer(),
        (space, seed) => {
          const sampler = gridSampler(space, { seed });
          const size = Object.values(space).reduce((p, v) => p * v.length, 1);
          const trials = run(sampler, size);
          return new Set(ids(trials)).size === size && sampler.isExhausted!(trials);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('throws for a parameter outside the grid, and for an enqueued trial missing a grid parameter', () => {
    const sampler = gridSampler({ x: [1, 2], y: ['a'] }, { seed: 1 });
    const t = start(sampler, []);
    const ctx = { study: studyView([t]), rng: createRng(1) };
    expect(() => sampler.sampleIndependent(ctx, t, 'z', floatDistribution('z', 0, 1))).toThrow(/parameter 'z' is not in the grid \(its parameters are 'x', 'y'\)/);
    const enqueued = frozenTrial({ number: 1, state: 'running', systemAttrs: { fixed_params: { x: 1 } } });
    expect(() => sampler.sampleIndependent(ctx, enqueued, 'y', categoricalDistribution('y', ['a']))).toThrow(/no grid point/);
    // A grid trial whose study did not apply fixed_params still gets the grid value.
    const id = t.systemAttrs['grid_id'] as number;
    expect(sampler.sampleIndependent(ctx, t, 'x', intDistribution('x', 0, 5))).toBe(id === 0 ? 1 : 2);
  });

  it('takes any parameter name, __proto__ and toString included', () => {
    const space = JSON.parse('{"__proto__": [1, 2], "toString": ["a"]}') as Record<string, ParamValue[]>;
    const sampler = gridSampler(space, { seed: 1 });
    const trials = run(sampler, 2);
    expect(trials.map((t) => Object.keys(t.systemAttrs['fixed_params'] as object))).toEqual([
      ['__proto__', 'toString'],
      ['__proto__', 'toString'],
    ]);
    expect(new Set(trials.map((t) => (t.systemAttrs['fixed_params'] as Record<string, unknown>)['__proto__']))).toEqual(new Set([1, 2]));
    expect(sampler.isExhausted!(trials)).toBe(true);
    const ctx = { study: studyView(trials), rng: createRng(1) };
    expect(() => sampler.sampleIndependent(ctx, trials[0]!, 'constructor', floatDistribution('c', 0, 1))).toThrow(/not in the grid/);
  });

  it('rejects bad search spaces and options when built', () => {
    const bad: unknown[] = [
      {},
      null,
      [1, 2],
      'x',
      { x: [] },
      { x: 3 },
      { x: [1, NaN] },
      { x: [Infinity] },
      { x: [1, 1] },
      { x: ['a', 'b', 'a'] },
      { x: [0, -0] },
      { x: [{ a: 1 }] },
      { x: [[1]] },
      { x: [undefined] },
      { x: [1n] },
    ];
    for (const space of bad) expect(() => gridSampler(space as never), String(space)).toThrow(InvalidArgumentError);
    expect(() => gridSampler({ x: [1, 1] })).toThrow(/without duplicates; got 1 twice/);
    const huge: Record<string, number[]> = {};
    for (let i = 0; i < 17; i++) huge[`p${i}`] = Array.from({ length: 10 }, (_, k) => k);
    expect(() => gridSampler(huge)).toThrow(/at most 9007199254740991 points/);
    for (const options of [{ seed: 1.5 }, { seed: {} }, { sed: 1 }, 5] as unknown[]) {
      expect(() => gridSampler({ x: [1] }, options as never), JSON.stringify(options)).toThrow(InvalidArgumentError);
    }
  });

  it('describes itself, is frozen, and does not keep or change its input', () => {
    const space = { b: [2, 1], a: ['x'] };
    const copy = JSON.parse(JSON.stringify(space)) as typeof space;
    const s = gridSampler(space, { seed: 4 });
    space.b.push(3);
    expect(s.name).toBe('grid');
    expect(s.seed).toBe(4);
    expect(s.options).toEqual({ searchSpace: { a: ['x'], b: [2, 1] }, seed: 4 });
    expect(Object.isFrozen(s)).toBe(true);
    expect(gridSampler({ x: [1] }).seed).toBeNull();
    expect(run(s, 2).every((t) => (t.systemAttrs['search_space'] as Record<string, unknown[]>)['b']!.length === 2)).toBe(true);
    expect(copy).toEqual({ b: [2, 1], a: ['x'] });
  });
});

describe('gridSampler in a study', () => {
  it('runs every point exactly once and stops by itself', async () => {
    const space = { lr: [0.001, 0.01, 0.1], layers: [1, 2], act: ['relu', 'tanh'] };
    const study = await createStudy({ sampler: gridSampler(space, { seed: 3 }), storage: memoryStorage() });
    await study.optimize((t) => t.float('lr', 1e-4, 1, { log: true }) * t.int('layers', 1, 4) + (t.categorical('act', ['relu', 'tanh', 'gelu']) === 'relu' ? 0 : 1), {
      trials: 100,
    });
    expect(study.trials).toHaveLength(12);
    const seen = new Set(study.trials.map((t) => JSON.stringify([t.params['act'], t.params['layers'], t.params['lr']])));
    expect(seen.size).toBe(12);
    expect(study.trials.every((t) => t.state === 'complete')).toBe(true);
    expect(study.sampler.isExhausted!(study.trials)).toBe(true);
  });

  it('runs each point once with concurrent trials, and the same order for the same seed', async () => {
    const order = async (): Promise<number[]> => {
      const study = await createStudy({ sampler: gridSampler({ x: [0, 1, 2, 3, 4, 5, 6, 7] }, { seed: 8 }), storage: memoryStorage() });
      await study.optimize(async (t) => {
        await new Promise((r) => setTimeout(r, 1));
        return t.int('x', 0, 7);
      }, { trials: 8, concurrency: 3 });
      return study.trials.map((t) => t.params['x'] as number);
    };
    const a = await order();
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await order()).toEqual(a);
  });

  it('fails a trial whose objective asks for a parameter outside the grid', async () => {
    const study = await createStudy({ sampler: gridSampler({ x: [1, 2] }, { seed: 1 }), storage: memoryStorage() });
    await expect(study.optimize((t) => t.int('x', 0, 3) + t.float('y', 0, 1), { trials: 1 })).rejects.toThrow(/parameter 'y' is not in the grid/);
    expect(study.trials[0]!.state).toBe('fail');
  });
});
