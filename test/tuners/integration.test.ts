import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../src/core/errors.js';
import { TrialPruned } from '../../src/tuners/errors.js';
import { fixedTrial, searchModel, tunerCallback, type SearchModelOptions } from '../../src/tuners/integration.js';
import { nopPruner } from '../../src/tuners/pruners/nop.js';
import { createStudy } from '../../src/tuners/study.js';
import { randomSampler } from '../../src/tuners/samplers/random.js';
import type { JsonValue, ParamValue, Pruner, Trial } from '../../src/tuners/types.js';
import { expectNoLeaks } from '../_support/leaks.js';

/** A Trial double: records reports; prunes once `pruneAt` (a step) has been reported. */
function fakeTrial(pruneAt: number | null = null): Trial & { reports: [number, number][]; checks: number } {
  const reports: [number, number][] = [];
  const self = {
    number: 7,
    id: 70,
    params: {},
    distributions: {},
    intermediateValues: {},
    userAttrs: {},
    reports,
    checks: 0,
    int: () => 0,
    float: () => 0,
    categorical: <T,>(_n: string, c: readonly T[]) => c[0]!,
    boolean: () => false,
    report(value: number, step: number) {
      reports.push([step, value]);
    },
    shouldPrune() {
      self.checks++;
      const last = reports[reports.length - 1];
      return pruneAt !== null && last !== undefined && last[0] >= pruneAt;
    },
    setUserAttr: (_k: string, _v: JsonValue) => undefined,
  };
  return self as unknown as Trial & { reports: [number, number][]; checks: number };
}

// 40 rows, 2 features, a noiseless linear target: a tiny regression any dense layer can learn.
function data(rows = 40): { x: number[][]; y: number[] } {
  const x = Array.from({ length: rows }, (_, i) => [((i * 7) % 13) / 13, ((i * 5) % 11) / 11]);
  return { x, y: x.map(([a, b]) => 2 * a! - b!) };
}

function tinyModel(units = 4, lr = 0.05): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [2], units, activation: 'tanh', kernelInitializer: tfl.initializers.glorotUniform({ seed: 11 }) }));
  m.add(tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: 12 }) }));
  m.compile({ optimizer: tf.train.adam(lr), loss: 'meanSquaredError' });
  return m;
}

function disposeAll(model: tfl.LayersModel): void {
  const opt = model.optimizer;
  model.dispose();
  opt.dispose();
}

describe('tunerCallback', () => {
  it('reports the monitored value of every epoch and does not stop when the pruner says no', async () => {
    const { x, y } = data();
    await expectNoLeaks(async () => {
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y, [y.length, 1]);
      const model = tinyModel();
      const trial = fakeTrial(null);
      const cb = tunerCallback(trial);
      const h = await model.fit(xs, ys, { epochs: 5, batchSize: 8, validationSplit: 0.25, callbacks: [cb], verbose: 0 });
      expect(trial.reports.map((r) => r[0])).toEqual([0, 1, 2, 3, 4]);
      expect(trial.reports.map((r) => r[1])).toEqual(h.history.val_loss);
      expect(trial.checks).toBe(5);
      expect(cb.pruned).toBe(false);
      expect(cb.prunedEpoch).toBeNull();
      expect(cb.history.map((r) => r.reported)).toEqual([true, true, true, true, true]);
      tf.dispose([xs, ys]);
      disposeAll(model);
    });
  });

  it('stops training when the pruner says so, and fit rejects with TrialPruned; the model stays usable', async () => {
    const { x, y } = data();
    await expectNoLeaks(async () => {
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y, [y.length, 1]);
      const model = tinyModel();
      const trial = fakeTrial(2);
      const cb = tunerCallback(trial, { monitor: 'loss' });
      await expect(model.fit(xs, ys, { epochs: 10, batchSize: 8, callbacks: [cb], verbose: 0 })).rejects.toThrow(TrialPruned);
      expect(trial.reports.map((r) => r[0])).toEqual([0, 1, 2]);
      expect(cb.pruned).toBe(true);
      expect(cb.prunedEpoch).toBe(2);
      // tfjs reset its training flag: the model trains and predicts again.
      const h = await model.fit(xs, ys, { epochs: 2, batchSize: 8, verbose: 0 });
      expect(h.history.loss).toHaveLength(2);
      tf.dispose(model.predict(xs));
      tf.dispose([xs, ys]);
      disposeAll(model);
    });
  });

  it('with throwOnPrune false, fit resolves, later callbacks still end, and throwIfPruned throws', async () => {
    const { x, y } = data();
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y, [y.length, 1]);
    const model = tinyModel();
    const cb = tunerCallback(fakeTrial(1), { monitor: 'loss', throwOnPrune: false });
    let ended = false;
    const after = new (class extends tfl.Callback {
      override async onTrainEnd(): Promise<void> {
        ended = true;
      }
    })();
    const h = await model.fit(xs, ys, { epochs: 10, batchSize: 8, callbacks: [cb, after], verbose: 0 });
    expect(h.history.loss).toHaveLength(2);
    expect(ended).toBe(true);
    expect(() => cb.throwIfPruned()).toThrow(TrialPruned);
    expect(() => cb.throwIfPruned()).toThrow(/trial 7 was pruned at epoch 1/);
    tf.dispose([xs, ys]);
    disposeAll(model);
  });

  it('reports every intervalEpochs epochs (the interval\'s last epoch), as Optuna\'s KerasPruningCallback', async () => {
    const { x, y } = data();
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y, [y.length, 1]);
    const model = tinyModel();
    const trial = fakeTrial(null);
    const cb = tunerCallback(trial, { monitor: 'loss', intervalEpochs: 2 });
    await model.fit(xs, ys, { epochs: 5, batchSize: 8, callbacks: [cb], verbose: 0 });
    expect(trial.reports.map((r) => r[0])).toEqual([1, 3]);
    expect(cb.history).toHaveLength(5);
    tf.dispose([xs, ys]);
    disposeAll(model);
  });

  it('names the values the logs have when the monitor is missing, without leaking', async () => {
    const { x, y } = data();
    const trial = fakeTrial(null);
    await expectNoLeaks(async () => {
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y, [y.length, 1]);
      const model = tinyModel();
      await expect(model.fit(xs, ys, { epochs: 2, callbacks: [tunerCallback(trial)], verbose: 0 })).rejects.toThrow(
        /option "monitor" must be the name of a value in the epoch logs \('loss'\).*validationData or validationSplit\); got 'val_loss'/,
      );
      tf.dispose([xs, ys]);
      disposeAll(model);
    });
    expect(trial.reports).toEqual([]);
  });

  it('reports NaN as it is (the pruner decides)', async () => {
    const trial = fakeTrial(null);
    const cb = tunerCallback(trial);
    await cb.onTrainBegin();
    await cb.onEpochEnd(0, { val_loss: Number.NaN, loss: 1 });
    expect(trial.reports).toEqual([[0, Number.NaN]]);
  });

  it('inside study.optimize, a pruned fit makes the trial pruned with no code in the objective', async () => {
    const { x, y } = data();
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y, [y.length, 1]);
    const pruner: Pruner = { name: 'second', options: {}, prune: (_c, t) => t.number === 1 && Object.keys(t.intermediateValues).length >= 2 };
    const study = await createStudy({ sampler: randomSampler({ seed: 1 }), pruner });
    await expectNoLeaks(() =>
      study.optimize(
        async (trial) => {
          const model = tinyModel(trial.int('units', 2, 6));
          try {
            const h = await model.fit(xs, ys, { epochs: 4, batchSize: 10, callbacks: [tunerCallback(trial, { monitor: 'loss' })], verbose: 0 });
            return (h.history.loss as number[]).at(-1)!;
          } finally {
            disposeAll(model);
          }
        },
        { trials: 3 },
      ),
    );
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'pruned', 'complete']);
    expect(study.trials.map((t) => Object.keys(t.intermediateValues).length)).toEqual([4, 2, 4]);
    tf.dispose([xs, ys]);
  });

  it('rejects bad arguments and options', () => {
    expect(() => tunerCallback(null as unknown as Trial)).toThrow(/tunerCallback: argument "trial" must be a trial/);
    for (const bad of [{ monitor: '' }, { intervalEpochs: 0 }, { intervalEpochs: 1.5 }, { throwOnPrune: 1 }, { monitr: 'loss' }]) {
      expect(() => tunerCallback(fakeTrial(), bad as never)).toThrow(InvalidArgumentError);
    }
  });
});

describe('fixedTrial', () => {
  it('answers suggestions from the fixed values and records what was asked', () => {
    const t = fixedTrial({ units: 64, lr: 0.003, act: 'relu', bn: true, extra: 1 }, { number: 3 });
    expect(t.number).toBe(3);
    expect(t.int('units', 16, 256, { log: true })).toBe(64);
    expect(t.float('lr', 1e-4, 1e-1, { log: true })).toBe(0.003);
    expect(t.categorical('act', ['relu', 'tanh'])).toBe('relu');
    expect(t.boolean('bn')).toBe(true);
    expect(t.int('units', 16, 256, { log: true })).toBe(64);
    expect(t.params).toEqual({ units: 64, lr: 0.003, act: 'relu', bn: true });
    expect(Object.keys(t.distributions)).toEqual(['units', 'lr', 'act', 'bn']);
    t.report(0.5, 0);
    t.report(0.7, 0);
    expect(t.intermediateValues).toEqual({ 0: 0.5 });
    expect(t.shouldPrune()).toBe(false);
    t.setUserAttr('note', { a: [1, 2] });
    expect(t.userAttrs).toEqual({ note: { a: [1, 2] } });
  });

  it('errors on unknown names, values outside the range, and redefined parameters', () => {
    const t = fixedTrial({ units: 300, lr: 0.5, act: 'elu', half: 2.5 });
    expect(() => t.int('depth', 1, 3)).toThrow(/trial\.int: parameter 'depth' has no fixed value; this fixedTrial has 'units', 'lr', 'act', 'half'/);
    expect(() => t.int('units', 16, 256)).toThrow(/fixed value 300 of parameter 'units' is not in int \[16, 256\]/);
    expect(() => t.int('half', 0, 5)).toThrow(/fixed value 2\.5 of parameter 'half' is not in int/);
    expect(() => t.categorical('act', ['relu', 'tanh'])).toThrow(/fixed value 'elu' of parameter 'act' is not in categorical/);
    expect(() => t.float('lr', 0.1, 0.01)).toThrow(/empty range/);
    expect(t.float('lr', 0.1, 1)).toBe(0.5);
    expect(() => t.float('lr', 0.1, 2)).toThrow(/already suggested in this trial as float \[0\.1, 1\]/);
    expect(() => t.float('', 0, 1)).toThrow(InvalidArgumentError);
    expect(() => t.report(1, -1)).toThrow(/step/);
  });

  it('rejects params that are not JSON primitives, and bad options', () => {
    for (const bad of [null, [1], { a: Number.NaN }, { a: { b: 1 } }, { a: [1] }, { a: undefined }]) {
      expect(() => fixedTrial(bad as unknown as Record<string, ParamValue>)).toThrow(InvalidArgumentError);
    }
    expect(() => fixedTrial({}, { number: -1 })).toThrow(InvalidArgumentError);
    expect(() => fixedTrial({}, { id: 1 } as never)).toThrow(/unknown option "id"/);
  });
});

describe('searchModel', () => {
  const seeded = (): NonNullable<SearchModelOptions['study']> => ({ sampler: randomSampler({ seed: 5 }), pruner: nopPruner() });

  const build = (calls: { trial: Trial; model: tfl.LayersModel; fitRows: number[]; fitEpochs: number[] }[]) => (trial: Trial): tfl.LayersModel => {
    const model = tinyModel(trial.int('units', 2, 8), trial.float('lr', 0.005, 0.1, { log: true }));
    const record = { trial, model, fitRows: [] as number[], fitEpochs: [] as number[] };
    const fit = model.fit.bind(model);
    model.fit = (x, y, args) => {
      record.fitRows.push((x as tf.Tensor).shape[0]!);
      record.fitEpochs.push(args?.epochs ?? 1);
      return fit(x, y, args);
    };
    calls.push(record);
    return model;
  };

  it('runs the trials, scores each by its best epoch, and retrains the best on every row', async () => {
    const { x, y } = data(40);
    const calls: Parameters<typeof build>[0] = [];
    const out = await expectNoLeaks(async () => {
      const r = await searchModel(build(calls), x.slice(0, 30), y.slice(0, 30), {
        fit: { epochs: 3, batchSize: 10, validationData: [x.slice(30), y.slice(30)], shuffle: false },
        trials: 4,
        study: seeded(),
      });
      const summary = { study: r.study, bestParams: r.bestParams, bestValue: r.bestValue, bestEpoch: r.bestEpoch, model: r.model };
      disposeAll(r.model!);
      return { ...summary, model: null };
    });
    const { study } = out;
    expect(study.trials).toHaveLength(4);
    expect(study.directions).toEqual(['minimize']);
    for (const t of study.trials) {
      expect(t.state).toBe('complete');
      const values = Object.values(t.intermediateValues);
      expect(values).toHaveLength(3);
      expect(t.values![0]).toBe(Math.min(...values));
      expect(t.intermediateValues[t.userAttrs.bestEpoch as number]).toBe(t.values![0]);
      expect(t.userAttrs.epochsTrained).toBe(3);
    }
    expect(out.bestValue).toBe(study.bestValue);
    expect(out.bestParams).toEqual(study.bestParams);
    expect(out.bestEpoch).toBe(study.bestTrial.userAttrs.bestEpoch);
    // Four trials on the 30 training rows, then the retrain: fixed trial, all 40 rows, bestEpoch + 1 epochs.
    expect(calls).toHaveLength(5);
    expect(calls.slice(0, 4).map((c) => c.fitRows)).toEqual([[30], [30], [30], [30]]);
    const last = calls[4]!;
    expect(last.trial.id).toBe(-1);
    expect(last.trial.number).toBe(study.bestTrial.number);
    expect(last.trial.params).toEqual(study.bestParams);
    expect(last.fitRows).toEqual([40]);
    expect(last.fitEpochs).toEqual([out.bestEpoch + 1]);
  });

  it('with validationSplit, retrains on x as given; pruned trials are recorded and their models freed', async () => {
    const { x, y } = data(40);
    const calls: Parameters<typeof build>[0] = [];
    // Prunes the odd trials after their second epoch.
    const pruner: Pruner = { name: 'odd', options: {}, prune: (_c, t) => t.number % 2 === 1 && Object.keys(t.intermediateValues).length >= 2 };
    const xs = tf.tensor2d(x);
    const ys = tf.tensor1d(y);
    const result = await expectNoLeaks(async () => {
      const r = await searchModel(build(calls), xs, ys, { fit: { epochs: 4, batchSize: 10, validationSplit: 0.25 }, trials: 4, study: { sampler: randomSampler({ seed: 2 }), pruner } });
      disposeAll(r.model!);
      return { study: r.study };
    });
    expect(result.study.trials.map((t) => t.state)).toEqual(['complete', 'pruned', 'complete', 'pruned']);
    expect(result.study.trials.map((t) => t.userAttrs.epochsTrained)).toEqual([4, 2, 4, 2]);
    expect(calls[4]!.fitRows).toEqual([40]);
    expect(xs.isDisposed || ys.isDisposed).toBe(false);
    tf.dispose([xs, ys]);
  });

  it('takes the direction from the monitor (acc → maximize) and can skip retraining', async () => {
    const x = Array.from({ length: 24 }, (_, i) => [i / 24, ((i * 5) % 7) / 7]);
    const y = x.map(([a]) => (a! > 0.5 ? 1 : 0));
    const r = await searchModel(
      (trial) => {
        const m = tfl.sequential();
        m.add(tfl.layers.dense({ inputShape: [2], units: 1, activation: 'sigmoid' }));
        m.compile({ optimizer: trial.categorical('opt', ['adam', 'sgd']), loss: 'binaryCrossentropy', metrics: ['acc'] });
        return m;
      },
      x,
      y,
      { fit: { epochs: 2, batchSize: 8 }, objective: { monitor: 'acc' }, trials: 2, retrain: false, study: seeded() },
    );
    expect(r.study.directions).toEqual(['maximize']);
    expect(r.model).toBeNull();
    expect(r.bestValue).toBe(Math.max(...r.study.trials.map((t) => t.values![0]!)));
  });

  it('repeats exactly with the same seed (seeded sampler and initializers, no tfjs shuffling)', async () => {
    const { x, y } = data(30);
    const once = async () => {
      const r = await searchModel(build([]), x, y, { fit: { epochs: 2, batchSize: 10, validationSplit: 0.3, shuffle: false }, trials: 3, retrain: false, study: seeded() });
      return r.study.trials.map((t) => [t.params, t.values]);
    };
    expect(await once()).toEqual(await once());
  });

  it('rejects bad data and options before any trial', async () => {
    const { x, y } = data(10);
    const b = () => tinyModel();
    const bad: [unknown, unknown, unknown, RegExp | typeof ShapeError][] = [
      [x, y, { fit: { epochs: 0, validationSplit: 0.2 } }, /searchModel: option "fit.epochs" must be an integer >= 1; got 0/],
      [x, y, { trial: 3 }, /unknown option "trial" \(did you mean "trials"\?\)/],
      [x, y, { fit: { epoch: 3, validationSplit: 0.2 } }, /unknown option "fit.epoch" \(did you mean "fit.epochs"\?\)/],
      [x, y, { fit: [] }, /option "fit" must be an object/],
      [x, y, { fit: { epochs: 2 } }, /option "fit.validationSplit" must be given.*monitors 'val_loss'/],
      [x, y, { fit: { validationSplit: 0.2, validationData: [x, y] } }, /choose one/],
      [x, y, { fit: { validationSplit: 1 } }, /validationSplit" must be a finite number in \(0, 1\)/],
      [x, y, { fit: { validationSplit: 0.95 } }, /leave at least one of the 10 rows for training/],
      [x, y, { fit: { validationSplit: 0.2 }, objective: { direction: 'up' } }, /direction/],
      [x, y, { fit: { validationSplit: 0.2 }, study: { direction: 'maximize' } }, /study.direction/],
      [x, y, { fit: { validationSplit: 0.2 }, study: { sampler: 1 } }, /sampler/],
      [x, y, { fit: { validationSplit: 0.2, callbacks: [{ onEpochEnd: () => undefined }] } }, /Callback instances/],
      [x, y.slice(1), { fit: { validationSplit: 0.2 } }, ShapeError],
      [[[1, Number.NaN]], [1], { fit: { validationSplit: 0.5 } }, /finite/],
      ['x', y, { fit: { validationSplit: 0.2 } }, /argument "x" must be a tensor/],
      [x, y, { fit: { validationData: [x, y.slice(1)] } }, ShapeError],
      [x, y, { fit: { validationData: [[[1, 2, 3]], [1]] } }, /rows shaped as x's/],
    ];
    for (const [xx, yy, opts, err] of bad) {
      await expect(expectNoLeaks(() => searchModel(b, xx as never, yy as never, opts as never)), JSON.stringify(opts)).rejects.toThrow(err);
    }
    await expect(searchModel(null as never, x, y)).rejects.toThrow(/argument "buildModel" must be a function/);
  });

  it('errors clearly when buildModel does not return a compiled model, or reuses a disposed optimizer', async () => {
    const { x, y } = data(10);
    const uncompiled = () => {
      const m = tfl.sequential();
      m.add(tfl.layers.dense({ inputShape: [2], units: 1 }));
      return m;
    };
    await expect(searchModel(uncompiled, x, y, { fit: { validationSplit: 0.2 }, trials: 1, study: seeded() })).rejects.toThrow(/must return a compiled model/);
    await expect(searchModel(() => ({}) as never, x, y, { fit: { validationSplit: 0.2 }, trials: 1, study: seeded() })).rejects.toThrow(/must return a tfjs-layers model/);
    const shared = tf.train.adam(0.01);
    const reusing = () => {
      const m = uncompiled();
      m.compile({ optimizer: shared, loss: 'meanSquaredError' });
      return m;
    };
    await expect(searchModel(reusing, x, y, { fit: { validationSplit: 0.2, epochs: 1 }, trials: 2, study: seeded() })).rejects.toThrow(/optimizer of an earlier trial/);
  });
});
