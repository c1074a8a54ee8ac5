// toTfjsOptimizer in tfjs's training paths (minimize, compile + fit, fitDataset), its state by
// variable name, its learning rate, getWeights / setWeights, errors and memory, on each backend.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../../src/core/index.js';
import { adam, momentum, sgd, toTfjsOptimizer, WhetstoneOptimizer } from '../../../src/optimizers/index.js';
import type { GradientTransformation } from '../../../src/optimizers/index.js';
import { exponentialDecay, learningRateScheduler, linearWarmup, reduceLROnPlateau } from '../../../src/schedules/index.js';
import { describeEachBackend } from '../../_support/backends.js';
import { expectNoLeaks } from '../../_support/leaks.js';
import { countingSgd, heavyBall, plainSgd, type HeavyBallState } from './_transforms.js';
import { disposeAfterEach, mlp, namedValues, weightsOf } from './_models.js';

const own = disposeAfterEach();

/** A small regression problem, the same every time. */
function data(rows = 24, inputs = 3, seed = 5): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const x = tf.tidy(() => tf.randomNormal([rows, inputs], 0, 1, 'float32', seed)) as tf.Tensor2D;
  const y = tf.tidy(() => tf.sum(tf.mul(x, tf.tensor1d([0.5, -1, 2].slice(0, inputs))), 1, true)) as tf.Tensor2D;
  return { x: own(x), y: own(y) };
}

function compiled(optimizer: tf.Optimizer, seed = 1): tfl.Sequential {
  const model = own(mlp(3, 6, 1, seed));
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

describeEachBackend('toTfjsOptimizer', () => {
  it('is a tf.Optimizer that model.compile accepts, and whetstone sgd trains exactly as tf.train.sgd', async () => {
    const { x, y } = data();
    const ours = own(toTfjsOptimizer(sgd({ learningRate: 0.05 })));
    expect(ours).toBeInstanceOf(tf.Optimizer);
    expect(ours).toBeInstanceOf(WhetstoneOptimizer);
    const a = compiled(ours);
    const b = compiled(own(tf.train.sgd(0.05)));
    const ha = await a.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
    const hb = await b.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
    // Same arithmetic (w + (−lr)·g), so the same float32 results, bit for bit.
    expect(ha.history.loss).toEqual(hb.history.loss);
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(ours.iterations).toBe(9);
  });

  it('works in fitDataset with a minimal dataset object (iterator of { xs, ys } batches)', async () => {
    const { x, y } = data();
    const batches = (): { xs: tf.Tensor; ys: tf.Tensor }[] => [0, 8, 16].map((s) => ({ xs: tf.slice(x, [s, 0], [8, 3]), ys: tf.slice(y, [s, 0], [8, 1]) }));
    const dataset = {
      size: 3,
      async iterator() {
        const items = batches();
        let i = 0;
        return { next: async () => (i < items.length ? { value: items[i++]!, done: false } : { value: undefined, done: true }) };
      },
    };
    const viaDataset = compiled(own(toTfjsOptimizer(momentum({ learningRate: 0.02 }))));
    const viaFit = compiled(own(toTfjsOptimizer(momentum({ learningRate: 0.02 }))));
    const h1 = await viaDataset.fitDataset(dataset as unknown as Parameters<tfl.LayersModel['fitDataset']>[0], { epochs: 2, verbose: 0 });
    await viaFit.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    const losses = h1.history.loss as number[];
    expect(losses).toHaveLength(2);
    expect(losses[1]!).toBeLessThan(losses[0]!);
    for (const [p, q] of weightsOf(viaDataset).map((w, i) => [w, weightsOf(viaFit)[i]!] as const)) {
      p.forEach((v, j) => expect(v).toBeCloseTo(q[j]!, 5));
    }
  });

  it('works with optimizer.minimize, with and without a variable list, and returns the cost when asked', () => {
    const w = own(tf.tidy(() => tf.variable(tf.tensor1d([3, -2]))));
    const target = own(tf.tensor1d([1, 1]));
    const opt = own(toTfjsOptimizer(sgd({ learningRate: 0.25 })));
    const loss = () => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar;
    const cost = opt.minimize(loss, true, [w]);
    expect(cost!.dataSync()[0]).toBeCloseTo(13, 5);
    cost!.dispose();
    // w − 0.25·2(w − t) = (w + t)/2
    expect(Array.from(w.dataSync())).toEqual([2, -0.5]);
    expect(opt.minimize(loss)).toBeNull();
    expect(Array.from(w.dataSync())).toEqual([1.5, 0.25]);
  });

  it('keeps state by variable name: variables given in any order get their own state', async () => {
    // Property: permuting the gradients of each step changes nothing, bit for bit.
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 1, maxLength: 6 }), async (steps) => {
        const run = (reorder: boolean): number[][] => {
          const vars = tf.tidy(() => [tf.variable(tf.tensor1d([1, 2])), tf.variable(tf.tensor2d([[1], [-1]])), tf.variable(tf.scalar(0.5))]);
          const opt = toTfjsOptimizer(adam({ learningRate: 0.1 }));
          try {
            steps.forEach(([rotation, reverse], s) => {
              const grads = vars.map((v, i) => ({ name: v.name, tensor: tf.fill(v.shape, (i + 1) * (s % 2 === 0 ? 1 : -0.5)) }));
              let order = grads;
              if (reorder) {
                order = [...grads.slice(rotation % 3), ...grads.slice(0, rotation % 3)];
                if (reverse) order.reverse();
              }
              opt.applyGradients(order);
              tf.dispose(grads.map((g) => g.tensor));
            });
            return vars.map((v) => Array.from(v.dataSync()));
          } finally {
            opt.dispose();
            tf.dispose(vars);
          }
        };
        expect(run(true)).toEqual(run(false));
      }),
      { numRuns: 15 },
    );
  });

  it('two models sharing one optimizer train as with one optimizer each', async () => {
    const { x, y } = data();
    const shared = own(toTfjsOptimizer(momentum({ learningRate: 0.02 })));
    const [a, b] = [compiled(shared, 1), compiled(shared, 3)];
    const [a2, b2] = [compiled(own(toTfjsOptimizer(momentum({ learningRate: 0.02 }))), 1), compiled(own(toTfjsOptimizer(momentum({ learningRate: 0.02 }))), 3)];
    for (let round = 0; round < 2; round++) {
      for (const m of [a, b, a2, b2]) await m.fit(x, y, { epochs: 1, batchSize: 12, shuffle: false, verbose: 0 });
    }
    expect(weightsOf(a)).toEqual(weightsOf(a2));
    expect(weightsOf(b)).toEqual(weightsOf(b2));
    // One entry per variable of both models (2 dense layers × kernel, bias × 2 models).
    const names = (await shared.getWeights()).map((w) => w.name).filter((n) => n.endsWith('/trace'));
    expect(new Set(names).size).toBe(8);
  });

  it('a variable seen for the first time gets fresh state; the others keep theirs', () => {
    const u = own(tf.tidy(() => tf.variable(tf.tensor1d([0, 0]))));
    const v = own(tf.tidy(() => tf.variable(tf.tensor1d([0, 0]))));
    const opt = own(toTfjsOptimizer(heavyBall(1, 0.5)));
    const g = own(tf.tensor1d([1, 1]));
    opt.applyGradients({ [u.name]: g });
    opt.applyGradients({ [u.name]: g, [v.name]: g });
    // u: velocity 1 then 1.5 → −2.5; v: fresh, velocity 1 → −1.
    expect(Array.from(u.dataSync())).toEqual([-2.5, -2.5]);
    expect(Array.from(v.dataSync())).toEqual([-1, -1]);
  });

  it('a tensor that init shares between variables lives as long as one of them holds it', () => {
    const u = own(tf.tidy(() => tf.variable(tf.scalar(0))));
    const v = own(tf.tidy(() => tf.variable(tf.scalar(0))));
    const base = heavyBall(1, 0.5);
    // One zero for every velocity, passed through unchanged by the first step.
    const shared: GradientTransformation<HeavyBallState> = {
      ...base,
      init: (params) => {
        const zero = tf.scalar(0);
        return { velocity: Object.fromEntries(Object.keys(params).map((k) => [k, zero])) };
      },
      update: (grads, state, params, step) =>
        step === 0 ? { updates: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.neg(g)])), state } : base.update(grads, state, params, step),
    };
    const opt = own(toTfjsOptimizer(shared));
    const g = own(tf.scalar(1));
    opt.applyGradients({ [u.name]: g, [v.name]: g });
    opt.applyGradients({ [u.name]: g }); // replaces u's velocity: the zero v still holds must live
    opt.applyGradients({ [v.name]: g });
    expect([u.dataSync()[0], v.dataSync()[0]]).toEqual([-2, -2]);
  });

  it('copies gradients and parameters that a state passes through, and handles global tensor state and masks', () => {
    const u = own(tf.tidy(() => tf.variable(tf.tensor1d([1, 2]))));
    const v = own(tf.tidy(() => tf.variable(tf.tensor1d([3]))));
    const opt = own(toTfjsOptimizer(countingSgd(0.5, [v.name])));
    const before = tf.memory().numTensors;
    for (let s = 0; s < 3; s++) {
      const grads = { [u.name]: tf.tensor1d([2, 2]), [v.name]: tf.tensor1d([2]) };
      opt.applyGradients(grads);
      tf.dispose(Object.values(grads)); // as minimize does: the state must not hold these
    }
    expect(Array.from(u.dataSync())).toEqual([-2, -1]);
    expect(Array.from(v.dataSync())).toEqual([0]);
    // count (1) + u's last gradient (1); v is masked out of `last`.
    expect(tf.memory().numTensors - before).toBe(2);
  });

  it('learningRate: reads the constant rate, and setting it rescales the updates', () => {
    const w = own(tf.tidy(() => tf.variable(tf.tensor1d([0]))));
    const opt = own(toTfjsOptimizer(sgd({ learningRate: 0.1 })));
    expect(opt.learningRate).toBeCloseTo(0.1, 12);
    const g = own(tf.tensor1d([1]));
    opt.applyGradients({ [w.name]: g });
    opt.learningRate = 0.025;
    expect(opt.learningRate).toBeCloseTo(0.025, 12);
    opt.applyGradients({ [w.name]: g });
    expect(w.dataSync()[0]).toBeCloseTo(-0.125, 6);
    expect(opt.getConfig().learningRateMultiplier).toBeCloseTo(0.25, 12);
  });

  it('learningRate: follows a schedule per step, and a set rate scales the schedule from then on', () => {
    const schedule = exponentialDecay({ initialValue: 0.2, gamma: 0.5 });
    const w = own(tf.tidy(() => tf.variable(tf.tensor1d([0]))));
    const opt = own(toTfjsOptimizer(plainSgd(schedule)));
    const g = own(tf.tensor1d([1]));
    const expected: number[] = [];
    let m = 1;
    for (let step = 0; step < 6; step++) {
      expect(opt.iterations).toBe(step);
      expect(opt.learningRate).toBeCloseTo(schedule(step) * m, 12);
      if (step === 3) {
        opt.learningRate = opt.learningRate / 4; // what reduceLROnPlateau does
        m = 0.25;
      }
      expected.push(schedule(step) * m);
      opt.applyGradients({ [w.name]: g });
    }
    expect(w.dataSync()[0]).toBeCloseTo(-expected.reduce((s, v) => s + v, 0), 6);
  });

  it('learningRate: a transformation without a rate reports the multiplier; a zero rate can only be set to zero', () => {
    const bare: GradientTransformation = { ...plainSgd(1), learningRate: undefined };
    const opt = own(toTfjsOptimizer(bare, { learningRateMultiplier: 0.5 }));
    expect(opt.learningRate).toBe(0.5);
    opt.learningRate = 2;
    expect(opt.learningRate).toBe(2);
    const warm = own(toTfjsOptimizer(sgd({ learningRate: linearWarmup({ schedule: 0.1, warmupSteps: 10 }) })));
    expect(warm.learningRate).toBe(0);
    warm.learningRate = 0;
    expect(() => (warm.learningRate = 0.01)).toThrow(InvalidArgumentError);
    expect(() => (warm.learningRate = 0.01)).toThrow(/learning rate is 0 at this step/);
    expect(() => (opt.learningRate = -1)).toThrow(/WhetstoneOptimizer.learningRate: argument "value" must be a finite number >= 0; got -1\./);
    expect(() => (opt.learningRate = Number.NaN)).toThrow(InvalidArgumentError);
  });

  it('whetstone/schedules\' callbacks drive its learning rate through the accessor', async () => {
    const { x, y } = data();
    const opt = own(toTfjsOptimizer(adam({ learningRate: 0.01 })));
    const model = compiled(opt);
    await model.fit(x, y, { epochs: 3, batchSize: 24, verbose: 0, callbacks: [learningRateScheduler(exponentialDecay({ initialValue: 0.02, gamma: 0.5 }), { per: 'epoch' })] });
    expect(opt.learningRate).toBeCloseTo(0.005, 12);
    // In 'max' mode a falling loss never improves: each epoch after the first halves the rate.
    opt.learningRate = 0.004;
    const plateau = reduceLROnPlateau({ monitor: 'loss', mode: 'max', factor: 0.5, patience: 0 });
    await model.fit(x, y, { epochs: 3, batchSize: 24, verbose: 0, callbacks: [plateau] });
    expect(opt.learningRate).toBeCloseTo(0.001, 12);
  });

  it('getWeights / setWeights: a copy of the state continues exactly like the original', async () => {
    const { x, y } = data();
    const first = own(toTfjsOptimizer(adam({ learningRate: 0.01 })));
    const model = compiled(first);
    await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    const weightsThen = model.getWeights().map((w) => own(tf.clone(w)));
    const saved = await first.getWeights();
    expect(saved[0]!.name).toBe('iter');
    expect(saved[1]!.name).toBe('whetstone/state');
    // Named `<variable>/<path in the state>`: the chain [scaleByAdam, scaleByLearningRate].
    expect(saved.map((w) => w.name)).toContain(`${model.weights[0]!.name}/0/mu`);
    const copy = own(toTfjsOptimizer(adam({ learningRate: 0.01 })));
    await copy.setWeights(saved);
    expect(copy.iterations).toBe(6);
    expect(await namedValues(await copy.getWeights())).toEqual(await namedValues(await first.getWeights()));
    const h1 = await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    const after1 = weightsOf(model);
    model.setWeights(weightsThen);
    model.compile({ optimizer: copy, loss: 'meanSquaredError' });
    const h2 = await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    expect(h2.history.loss).toEqual(h1.history.loss);
    expect(weightsOf(model)).toEqual(after1);
  });

  it('setWeights refuses weights that are not this transformation\'s state, changing nothing', async () => {
    const { x, y } = data();
    const tfAdam = own(tf.train.adam(0.01));
    const m = compiled(tfAdam);
    await m.fit(x, y, { epochs: 1, batchSize: 24, verbose: 0 });
    const opt = own(toTfjsOptimizer(adam()));
    const foreign = await tfAdam.getWeights();
    await expect(opt.setWeights(foreign)).rejects.toThrow(/not a whetstone optimizer's: there is no "whetstone\/state" string tensor/);
    const fromSgd = own(toTfjsOptimizer(sgd({ learningRate: 0.1 })));
    await expect(opt.setWeights(await fromSgd.getWeights())).rejects.toThrow(/saved from a 'sgd' transformation; this optimizer runs 'adam'/);
    await expect(opt.setWeights([])).rejects.toThrow(InvalidArgumentError);
    const mine = compiled(own(toTfjsOptimizer(adam())));
    await mine.fit(x, y, { epochs: 1, batchSize: 24, verbose: 0 });
    const full = await mine.optimizer.getWeights();
    await expect(opt.setWeights(full.slice(0, 1))).rejects.toThrow(/no "whetstone\/state"/);
    await expect(opt.setWeights(full.slice(0, -1))).rejects.toThrow(/lack tensors the state refers to: \[.*\/0\/nu'\]/);
    expect(opt.iterations).toBe(0);
    expect((await opt.getWeights()).length).toBe(2);
  });

  it('applyGradients rejects unknown variables, duplicates and wrong shapes before changing anything', () => {
    const w = own(tf.tidy(() => tf.variable(tf.tensor1d([1, 2]))));
    const opt = own(toTfjsOptimizer(adam()));
    const g = own(tf.tensor1d([1, 1]));
    expect(() => opt.applyGradients({ 'no such variable': g })).toThrow(/no variable is named "no such variable"/);
    expect(() => opt.applyGradients([{ name: w.name, tensor: g }, { name: w.name, tensor: g }])).toThrow(/appears twice/);
    expect(() => opt.applyGradients({ [w.name]: own(tf.tensor1d([1])) })).toThrow(ShapeError);
    expect(() => opt.applyGradients(5 as never)).toThrow(InvalidArgumentError);
    expect(Array.from(w.dataSync())).toEqual([1, 2]);
    expect(opt.iterations).toBe(0);
    // null gradients (variables the loss does not reach) are skipped; none at all is no step.
    opt.applyGradients({ [w.name]: null as unknown as tf.Tensor });
    expect(opt.iterations).toBe(0);
  });

  it('a transformation whose update breaks the contract fails the step cleanly', () => {
    const w = own(tf.tidy(() => tf.variable(tf.tensor1d([1, 2]))));
    const g = own(tf.tensor1d([1, 1]));
    const base = heavyBall(0.1);
    const broken: [GradientTransformation, RegExp][] = [
      [{ ...base, update: (grads, state, params, step) => ({ ...base.update(grads, state as never, params, step), state: {} as never }) }, /at "velocity" a per-parameter map went missing/],
      [{ ...base, update: (_g, state) => ({ updates: {}, state }) }, /returned no update for variable/],
      [{ ...base, update: (grads, state) => ({ updates: { [w.name]: tf.zeros([3]) }, state }) }, /the update of ".*" must have its variable's shape \[2\]; got \[3\]/],
    ];
    for (const [transform, message] of broken) {
      const opt = toTfjsOptimizer(transform);
      const before = tf.memory().numTensors;
      expect(() => opt.applyGradients({ [w.name]: g })).toThrow(message);
      // Only the fresh state init made (one velocity) remains, owned by the optimizer.
      expect(tf.memory().numTensors - before).toBe(1);
      expect(Array.from(w.dataSync())).toEqual([1, 2]);
      expect(opt.iterations).toBe(0);
      opt.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('no tensor leaks across thousands of steps, and dispose() frees all state', async () => {
    const w = own(tf.tidy(() => tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 1))));
    const b = own(tf.tidy(() => tf.variable(tf.zeros([3]))));
    const xs = own(tf.randomNormal([8, 4], 0, 1, 'float32', 2));
    const baseline = tf.memory().numTensors;
    const opt = toTfjsOptimizer(adam({ learningRate: exponentialDecay({ initialValue: 0.01, gamma: 0.999 }) }));
    const loss = () => tf.mean(tf.square(tf.add(tf.matMul(xs, w), b))) as tf.Scalar;
    opt.minimize(loss);
    opt.learningRate = 0.005; // the multiplier's cached scalar counts as state too
    opt.minimize(loss);
    await expectNoLeaks(() => {
      for (let i = 0; i < 2000; i++) opt.minimize(loss);
    });
    expect(opt.iterations).toBe(2002);
    await opt.getWeights();
    opt.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
