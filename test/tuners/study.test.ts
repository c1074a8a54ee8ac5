import { describe, expect, it } from 'vitest';
import { createStudy, loadStudy } from '../../src/tuners/study.js';
import { TrialPruned } from '../../src/tuners/errors.js';
import { memoryStorage } from '../../src/tuners/storages/memory.js';
import { randomSampler } from '../../src/tuners/samplers/random.js';
import { nopPruner } from '../../src/tuners/pruners/nop.js';
import type { FrozenTrial, Pruner, Sampler, SearchSpace, Trial } from '../../src/tuners/types.js';

const quiet = { progress: false } as const;

function sphere(trial: Trial): number {
  const x = trial.float('x', -5, 5);
  const y = trial.float('y', -5, 5);
  return x * x + y * y;
}

describe('createStudy: options', () => {
  it('rejects an unknown direction, both direction and directions, and bad parts', async () => {
    await expect(createStudy({ direction: 'up' as never })).rejects.toThrow(/createStudy: option "direction" must be one of 'minimize', 'maximize'; got 'up'/);
    await expect(createStudy({ direction: 'minimize', directions: ['minimize'] })).rejects.toThrow(/not both/);
    await expect(createStudy({ directions: [] })).rejects.toThrow(/directions/);
    await expect(createStudy({ sampler: {} as never })).rejects.toThrow(/option "sampler" must be a sampler/);
    await expect(createStudy({ pruner: 3 as never })).rejects.toThrow(/option "pruner"/);
    await expect(createStudy({ storage: {} as never })).rejects.toThrow(/option "storage"/);
    await expect(createStudy({ seed: 1.5 })).rejects.toThrow(/option "seed"/);
    await expect(createStudy({ trials: 3 } as never)).rejects.toThrow(/unknown option "trials"/);
  });

  it('keeps names unique in a storage and resumes with loadIfExists', async () => {
    const storage = memoryStorage();
    const a = await createStudy({ storage, studyName: 's', sampler: randomSampler({ seed: 1 }) });
    await a.optimize(sphere, { trials: 3, ...quiet });
    await expect(createStudy({ storage, studyName: 's' })).rejects.toThrow(/already exists/);
    await expect(createStudy({ storage, studyName: 's', direction: 'maximize', loadIfExists: true })).rejects.toThrow(/directions/);
    const b = await createStudy({ storage, studyName: 's', loadIfExists: true, sampler: randomSampler({ seed: 2 }) });
    expect(b.trials).toHaveLength(3);
    await b.optimize(sphere, { trials: 2, ...quiet });
    const c = await loadStudy({ storage, studyName: 's' });
    expect(c.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4]);
    await expect(loadStudy({ storage, studyName: 'nope' })).rejects.toThrow(/no study named 'nope'/);
    await expect(loadStudy({ studyName: 's' } as never)).rejects.toThrow(/loadStudy: option "storage"/);
  });
});

describe('define-by-run trials', () => {
  it('suggests values inside their distributions, conditionally', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 3 }), pruner: nopPruner() });
    await study.optimize((trial) => {
      const kind = trial.categorical('kind', ['linear', 'mlp'] as const);
      const lr = trial.float('lr', 1e-5, 1e-1, { log: true });
      const wd = trial.float('wd', 0, 0.1, { step: 0.025 });
      const units = kind === 'mlp' ? trial.int('units', 8, 128, { log: true }) : 0;
      const layers = kind === 'mlp' ? trial.int('layers', 1, 7, { step: 2 }) : 0;
      const bias = trial.boolean('bias');
      expect(lr).toBeGreaterThanOrEqual(1e-5);
      expect(lr).toBeLessThanOrEqual(1e-1);
      expect([0, 0.025, 0.05, 0.075, 0.1].some((v) => Math.abs(v - wd) < 1e-12)).toBe(true);
      expect([1, 3, 5, 7]).toContain(kind === 'mlp' ? layers : 1);
      expect(Number.isInteger(units)).toBe(true);
      expect(typeof bias).toBe('boolean');
      // Asking again returns the same value.
      expect(trial.float('lr', 1e-5, 1e-1, { log: true })).toBe(lr);
      return lr + units;
    }, { trials: 30, ...quiet });
    const kinds = new Set(study.trials.map((t) => t.params['kind']));
    expect(kinds).toEqual(new Set(['linear', 'mlp']));
    for (const t of study.trials) {
      expect(t.state).toBe('complete');
      expect('units' in t.params).toBe(t.params['kind'] === 'mlp');
      expect(t.internalParams['kind']).toBe(t.params['kind'] === 'linear' ? 0 : 1);
    }
  });

  it('rejects empty ranges, bad log ranges and redefinitions with clear errors', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 1 }), pruner: nopPruner() });
    const trial = await study.ask();
    expect(() => trial.float('x', 1, 0)).toThrow(/trial\.float: parameter 'x' has an empty range: low \(1\) must be <= high \(0\)/);
    expect(() => trial.int('n', 5, 4)).toThrow(/trial\.int: parameter 'n' has an empty range/);
    expect(() => trial.float('lr', 0, 1, { log: true })).toThrow(/log scale, so low must be > 0; got 0/);
    expect(() => trial.int('k', 0, 10, { log: true })).toThrow(/low must be >= 1; got 0/);
    expect(() => trial.float('s', 0, 1, { step: 0 })).toThrow(/option.*step.*> 0/);
    expect(() => trial.float('s', 0, 1, { step: 0.1, log: true })).toThrow(/both "step" and "log"/);
    expect(() => trial.int('i', 0.5, 3)).toThrow(/argument "low" must be an integer/);
    expect(() => trial.float('f', Number.NaN, 3)).toThrow(/argument "low" must be a finite number/);
    expect(() => trial.categorical('c', [])).toThrow(/non-empty array/);
    expect(() => trial.categorical('c', [1, 1])).toThrow(/without duplicates/);
    expect(() => trial.categorical('c', [{}] as never)).toThrow(/strings, finite numbers/);
    expect(() => trial.float('', 0, 1)).toThrow(/argument "name"/);
    trial.float('x', 0, 1);
    expect(() => trial.float('x', 0, 2)).toThrow(/parameter 'x' was already suggested in this trial as float \[0, 1\]; got float \[0, 2\]/);
    expect(() => trial.int('x', 0, 1)).toThrow(/already suggested/);
    await study.tell(trial, 1);
    const next = await study.ask();
    // Across trials a range may change (Optuna allows dynamic spaces) but the kind may not.
    expect(next.float('x', 0, 3)).toBeLessThanOrEqual(3);
    const third = await study.ask();
    expect(() => third.int('x', 0, 3)).toThrow(/parameter 'x' was float \[0, 1\] in trial 0; got int \[0, 3\]/);
    expect(() => third.float('x', 0.1, 3, { log: true })).toThrow(/cannot change kind, scale or choices/);
  });

  it('lowers a stepped high to its last grid point', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 1 }) });
    await study.optimize((t) => t.float('x', 0, 1, { step: 0.3 }) + t.int('n', 1, 10, { step: 4 }), { trials: 40, ...quiet });
    const xs = new Set(study.trials.map((t) => Math.round((t.params['x'] as number) * 10) / 10));
    const ns = new Set(study.trials.map((t) => t.params['n']));
    expect([...xs].every((v) => [0, 0.3, 0.6, 0.9].includes(v))).toBe(true);
    expect([...ns].sort()).toEqual([1, 5, 9]);
    expect(study.trials[0]!.distributions['x']).toEqual({ type: 'float', low: 0, high: 0.9, log: false, step: 0.3 });
  });
});

describe('outcomes of trials', () => {
  it('records a NaN objective as failed and goes on', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 5 }) });
    let calls = 0;
    await study.optimize((t) => (calls++ % 2 === 0 ? Number.NaN : t.float('x', 0, 1)), { trials: 6, ...quiet });
    expect(study.trials.map((t) => t.state)).toEqual(['fail', 'complete', 'fail', 'complete', 'fail', 'complete']);
    expect(study.trials[0]!.error).toMatchObject({ name: 'NaNObjective' });
    expect(study.trials[0]!.values).toBeNull();
  });

  it('records a thrown error with the trial, then rethrows it unless caught', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 5 }) });
    await expect(study.optimize(() => { throw new RangeError('boom'); }, { trials: 5, ...quiet })).rejects.toThrow('boom');
    expect(study.trials).toHaveLength(1);
    expect(study.trials[0]!.state).toBe('fail');
    expect(study.trials[0]!.error).toMatchObject({ name: 'RangeError', message: 'boom' });
    await study.optimize(() => { throw new RangeError('again'); }, { trials: 3, catch: [RangeError], ...quiet });
    expect(study.trials.filter((t) => t.state === 'fail')).toHaveLength(4);
    await study.optimize(() => { throw new TypeError('x'); }, { trials: 2, catch: (e) => e instanceof TypeError, ...quiet });
    expect(study.trials).toHaveLength(6);
    expect(() => study.bestTrial).toThrow(/no trial is complete yet \(6 trial\(s\) so far\)\. The first failure \(trial 0\): RangeError: boom/);
  });

  it('fails trials whose objective returns the wrong thing, with the reason', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'], sampler: randomSampler({ seed: 1 }) });
    await study.optimize(() => 3, { trials: 1, ...quiet });
    await study.optimize(() => 'x' as never, { trials: 1, ...quiet });
    expect(study.trials.map((t) => t.state)).toEqual(['fail', 'fail']);
    expect(study.trials[0]!.error!.message).toMatch(/2 direction\(s\) but the objective returned 1 value/);
    expect(study.trials[1]!.error!.message).toMatch(/must return 2 numbers; got 'x'/);
  });

  it('records TrialPruned as pruned, with its intermediate values', async () => {
    const pruneAfterTwo: Pruner = { name: 'test', options: {}, prune: (_c, t) => Object.keys(t.intermediateValues).length >= 2 };
    const study = await createStudy({ sampler: randomSampler({ seed: 1 }), pruner: pruneAfterTwo });
    await study.optimize((trial) => {
      for (let step = 0; step < 5; step++) {
        trial.report(10 - step, step);
        if (trial.shouldPrune()) throw new TrialPruned();
      }
      return 0;
    }, { trials: 2, ...quiet });
    expect(study.trials.map((t) => t.state)).toEqual(['pruned', 'pruned']);
    expect(study.trials[0]!.intermediateValues).toEqual({ 0: 10, 1: 9 });
  });

  it('keeps the first value reported for a step (as Optuna) and validates reports', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 1 }) });
    const trial = await study.ask();
    trial.report(1, 0);
    trial.report(2, 0);
    expect(() => trial.report(1, -1)).toThrow(/trial\.report: argument "step" must be an integer >= 0; got -1/);
    expect(() => trial.report('a' as never, 1)).toThrow(/argument "value" must be a number/);
    const done = await study.tell(trial, 0.5);
    expect(done.intermediateValues).toEqual({ 0: 1 });
    const multi = await createStudy({ directions: ['minimize', 'minimize'], sampler: randomSampler({ seed: 1 }) });
    const t2 = await multi.ask();
    expect(() => t2.report(1, 0)).toThrow(/multi-objective/);
    expect(() => t2.shouldPrune()).toThrow(/multi-objective/);
  });
});

describe('ask and tell, enqueue', () => {
  it('runs trials by hand and refuses to finish one twice', async () => {
    const study = await createStudy({ direction: 'maximize', sampler: randomSampler({ seed: 9 }) });
    for (let i = 0; i < 4; i++) {
      const t = await study.ask();
      const x = t.float('x', 0, 1);
      await study.tell(t, x);
    }
    const t = await study.ask();
    t.float('x', 0, 1);
    await study.tell(t.number, 'pruned');
    await expect(study.tell(t, 1)).rejects.toThrow(/study\.tell: trial 4 is already pruned/);
    await expect(study.tell(99, 1)).rejects.toThrow(/study\.tell: argument "trial" must be the number of a trial/);
    const best = Math.max(...study.trials.filter((x) => x.state === 'complete').map((x) => x.values![0]!));
    expect(study.bestValue).toBe(best);
    expect(study.bestParams['x']).toBe(best);
  });

  it('runs enqueued parameters first, skips duplicates when asked, and checks them against the range', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 2 }) });
    await study.enqueue({ x: 0.25, act: 'relu' });
    await study.enqueue({ x: 0.25, act: 'relu' }, { skipIfExists: true });
    await study.enqueue({ x: 0.75 });
    expect(study.trials.map((t) => t.state)).toEqual(['waiting', 'waiting']);
    await study.optimize((t) => t.float('x', 0, 1) + (t.categorical('act', ['relu', 'tanh']) === 'relu' ? 0 : 1), { trials: 3, ...quiet });
    expect(study.trials[0]!.params).toEqual({ x: 0.25, act: 'relu' });
    expect(study.trials[1]!.params['x']).toBe(0.75);
    expect(study.trials).toHaveLength(3);
    await study.enqueue({ x: 3 });
    await expect(study.optimize((t) => t.float('x', 0, 1), { trials: 1, ...quiet })).rejects.toThrow(/fixed value 3 of parameter 'x' \(enqueued or from the grid\) is not in float \[0, 1\]/);
    await expect(study.enqueue({ x: [1] as never })).rejects.toThrow(/params\.x/);
  });
});

describe('results', () => {
  it('returns the Pareto front of a two-objective study', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'], sampler: randomSampler({ seed: 1 }) });
    const points: [number, number][] = [[1, 1], [2, 3], [3, 3], [0, 0], [2, 2], [1, 1]];
    for (const p of points) await study.tell(await study.ask(), p);
    // [1,1] (twice), [2,3] and [0,0] are not dominated; [3,3] by [2,3]; [2,2] by [2,3].
    expect(study.bestTrials.map((t) => t.number)).toEqual([0, 1, 3, 5]);
    expect(() => study.bestTrial).toThrow(/multi-objective/);
  });

  it('flattens trials into a table', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 1 }) });
    await study.optimize((t) => t.int('n', 1, 3), { trials: 3, ...quiet });
    const rows = study.trialsTable();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ number: 0, state: 'complete', value: rows[0]!['params.n'] });
    expect(rows[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe('optimize', () => {
  it('requires a stopping rule and validates its options', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 1 }) });
    await expect(study.optimize(sphere, {})).rejects.toThrow(/study\.optimize: option "trials" must be given/);
    await expect(study.optimize(sphere, { trials: 0 })).rejects.toThrow(/option "trials" must be an integer >= 1; got 0/);
    await expect(study.optimize(sphere, { trials: 1, timeout: -1 })).rejects.toThrow(/option "timeout"/);
    await expect(study.optimize(sphere, { trials: 1, tirals: 2 } as never)).rejects.toThrow(/did you mean "trials"/);
    await expect(study.optimize(3 as never, { trials: 1 })).rejects.toThrow(/argument "objective"/);
  });

  it('stops on timeout, on study.stop() from a callback, and calls callbacks with each trial', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 1 }) });
    const seen: number[] = [];
    await study.optimize(sphere, {
      trials: 100,
      callbacks: [(s, t: FrozenTrial) => { seen.push(t.number); if (t.number === 4) s.stop(); }],
      ...quiet,
    });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    const t0 = Date.now();
    await study.optimize(async (t) => { await new Promise((r) => setTimeout(r, 20)); return sphere(t); }, { timeout: 150, ...quiet });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(study.trials.length).toBeGreaterThan(5);
  });

  it('runs async trials concurrently', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 1 }) });
    let running = 0;
    let peak = 0;
    await study.optimize(async (t) => {
      running++;
      peak = Math.max(peak, running);
      const v = sphere(t);
      await new Promise((r) => setTimeout(r, 10));
      running--;
      return v;
    }, { trials: 8, concurrency: 3, ...quiet });
    expect(peak).toBe(3);
    expect(study.trials).toHaveLength(8);
    expect(new Set(study.trials.map((t) => t.number)).size).toBe(8);
    expect(study.trials.every((t) => t.state === 'complete')).toBe(true);
  });

  it('gives the same trials for the same seed, and different ones for another', async () => {
    const run = async (seed: number): Promise<unknown[]> => {
      const study = await createStudy({ sampler: randomSampler(), seed });
      await study.optimize(sphere, { trials: 5, ...quiet });
      return study.trials.map((t) => t.params);
    };
    expect(await run(1)).toEqual(await run(1));
    expect(await run(1)).not.toEqual(await run(2));
  });

  it('gives samplers a per-trial stream, the trials so far, and joint samples that are used', async () => {
    const calls: string[] = [];
    const sampler: Sampler = {
      name: 'scripted',
      options: {},
      seed: 1,
      inferRelativeSearchSpace: (_c, t): SearchSpace => (t.number > 0 ? { a: { type: 'float', low: 0, high: 1, log: false, step: null } } : {}),
      sampleRelative: (c) => {
        calls.push(`relative:${c.study.trials.length}`);
        return { a: 0.5 };
      },
      sampleIndependent: (c, t, name) => {
        calls.push(`independent:${t.number}:${name}`);
        return c.rng.uniform();
      },
    };
    const study = await createStudy({ sampler });
    await study.optimize((t) => t.float('a', 0, 1) + t.float('b', 0, 1), { trials: 2, ...quiet });
    expect(calls).toEqual(['independent:0:a', 'independent:0:b', 'relative:2', 'independent:1:b']);
    expect(study.trials[1]!.params['a']).toBe(0.5);
  });

  it('rejects a sampler value outside the distribution (a sampler bug) clearly', async () => {
    const bad: Sampler = { name: 'bad', options: {}, seed: null, sampleIndependent: () => 7 };
    const study = await createStudy({ sampler: bad });
    await expect(study.optimize((t) => t.float('x', 0, 1), { trials: 1, ...quiet })).rejects.toThrow(/sampler 'bad' returned 7 for 'x', outside float \[0, 1\]/);
    expect(study.trials[0]!.state).toBe('fail');
  });
});

describe('parameter names', () => {
  it('treats names like toString and constructor as ordinary parameters', async () => {
    const study = await createStudy({ sampler: randomSampler({ seed: 1 }) });
    await study.enqueue({ constructor: 0.5 });
    await study.optimize((t) => t.float('toString', 0, 1) + t.float('constructor', 0, 1) + t.int('hasOwnProperty', 0, 3), { trials: 2, ...quiet });
    expect(study.trials.every((t) => t.state === 'complete')).toBe(true);
    expect(study.trials[0]!.params['constructor']).toBe(0.5);
    expect(typeof study.trials[1]!.params['toString']).toBe('number');
    const trial = await study.ask();
    expect(() => trial.float('__proto__', 0, 1)).toThrow(/argument "name" must be a non-empty string other than '__proto__'/);
  });
});
