// Each transformation's own semantics, on small hand-made inputs.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import {
  adam,
  addDecayedWeights,
  addL2Penalty,
  applyIfFinite,
  chain,
  clipByGlobalNorm,
  clipByValue,
  gradientAccumulation,
  lookahead,
  scale,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRadam,
  scaleByRms,
  sgd,
  trace,
  type GradientTransformation,
  type ScaleByAdamState,
  type TensorMap,
  type TransformState,
} from '../../src/optimizers/index.js';
import { exponentialDecay } from '../../src/schedules/index.js';
import type { Schedule } from '../../src/schedules/index.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { disposeExcept, step, tensors, trajectory, valuesOf, type Values } from './_support.js';

// Every test cleans up after itself as an owner must: nothing may remain.
afterEach(() => {
  expect(tf.memory().numTensors).toBe(0);
});

const params0 = { w: [[0.5, -1], [2, 0.25]], b: [0.1, -0.3, 0.7] };
const gradSeq = [
  { w: [[0.3, -0.2], [0.1, 0.4]], b: [1, -2, 0.5] },
  { w: [[-0.1, 0.6], [0.2, -0.3]], b: [0.25, 0.5, -1] },
  { w: [[0.7, 0.1], [-0.5, 0.2]], b: [-0.4, 1.5, 0.3] },
  { w: [[0.2, -0.8], [0.3, 0.1]], b: [0.9, -0.1, -0.6] },
  { w: [[-0.6, 0.3], [0.4, -0.2]], b: [-0.3, 0.2, 1.1] },
  { w: [[0.1, 0.1], [-0.1, 0.5]], b: [0.5, -0.5, 0.2] },
];

/** One update of `transform` from a fresh state: the updates as plain values; everything disposed. */
function firstUpdate(transform: GradientTransformation, grads: Record<string, unknown>, params: Record<string, unknown> = params0): Values {
  const p = tensors(params);
  const g = tensors(grads);
  const state = transform.init(p);
  try {
    const r = step(transform, state, g, p, 0);
    const out = valuesOf(r.updates);
    disposeExcept(r.updates, g, p);
    disposeExcept(r.state);
    return out;
  } finally {
    disposeExcept([p, g]);
  }
}

function close(actual: readonly number[], expected: readonly number[], tol = 1e-6): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!), `[${i}] ${a} vs ${expected[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]!))));
}

const flat = (v: Record<string, unknown>): Values => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, (x as number[]).flat() as number[]]));

describe('scale and scaleByLearningRate', () => {
  it('scale multiplies; scaleByLearningRate multiplies by −lr, or +lr without flipSign', async () => {
    const g = gradSeq[0]!;
    const u1 = await expectNoLeaks(() => firstUpdate(scale(-3), g));
    close(u1.b!, [-3, 6, -1.5]);
    const u2 = await expectNoLeaks(() => firstUpdate(scaleByLearningRate(0.1), g));
    close(u2.b!, [-0.1, 0.2, -0.05]);
    const u3 = firstUpdate(scaleByLearningRate(0.1, { flipSign: false }), g);
    close(u3.b!, [0.1, -0.2, 0.05]);
  });

  it('evaluates a schedule at the step passed to update, and exposes it as learningRate', () => {
    const lr = exponentialDecay({ initialValue: 0.1, gamma: 0.5 });
    const t = scaleByLearningRate(lr);
    expect(t.learningRate).toBe(lr);
    const p = tensors(params0);
    const g = tensors(gradSeq[0]!);
    const r = step(t, t.init(p), g, p, 3);
    close(Array.from(r.updates.b!.dataSync()), [-0.0125, 0.025, -0.00625]);
    disposeExcept([p, g, r.updates]);
  });

  it('refuses a schedule value that is NaN, infinite or negative, and a bad step, naming the schedule and step', () => {
    const start = tf.memory().numTensors;
    const bad = (value: number): Schedule => Object.assign((_: number) => value, { config: { name: 'custom', options: {} } });
    const p = tensors(params0);
    const g = tensors(gradSeq[0]!);
    try {
      for (const v of [Number.NaN, Number.POSITIVE_INFINITY, -0.1]) {
        const t = scaleByLearningRate(bad(v));
        expect(() => t.update(g, t.init(p), p, 4)).toThrow(new RegExp(`^scaleByLearningRate: the learning-rate schedule "custom" returned ${String(v).replace('+', '')} at step 4; a learning rate must be a finite number >= 0\\.$`));
      }
      const t = scaleByLearningRate(0.1);
      expect(() => t.update(g, {}, p, -1)).toThrow(/^scaleByLearningRate: argument "step" must be an integer >= 0 .*got -1\.$/);
      expect(() => t.update(g, {}, p, 1.5)).toThrow(InvalidArgumentError);
    } finally {
      disposeExcept([p, g]);
    }
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('clipByGlobalNorm and clipByValue', () => {
  // Global norm of gradSeq[0]: sqrt(0.09 + 0.04 + 0.01 + 0.16 + 1 + 4 + 0.25) = sqrt(5.55).
  const norm = Math.sqrt(5.55);

  it('leaves updates unchanged when the global norm is within the bound', () => {
    const u = firstUpdate(clipByGlobalNorm(norm + 1e-3), gradSeq[0]!);
    expect(u).toEqual(valuesOfArrays(gradSeq[0]!));
  });

  it('scales all updates by one factor when the norm exceeds the bound', () => {
    const u = firstUpdate(clipByGlobalNorm(1), gradSeq[0]!);
    const g = flat(gradSeq[0]!);
    close(u.w!, g.w!.map((x) => x / norm));
    close(u.b!, g.b!.map((x) => x / norm));
  });

  it('clips each coordinate to [−maxDelta, maxDelta]', () => {
    const u = firstUpdate(clipByValue(0.5), gradSeq[0]!);
    close(u.b!, [0.5, -0.5, 0.5]);
    close(u.w!, [0.3, -0.2, 0.1, 0.4]);
  });
});

function valuesOfArrays(v: Record<string, unknown>): Values {
  const p = tensors(v);
  const out = valuesOf(p);
  disposeExcept(p);
  return out;
}

describe('trace', () => {
  it('starts the buffer at the first gradient undampened, then dampens (PyTorch)', () => {
    const out = trajectory(chain(trace(0.8, { dampening: 0.3 }), scaleByLearningRate(1)), params0, gradSeq.slice(0, 2));
    const [g1, g2] = [flat(gradSeq[0]!), flat(gradSeq[1]!)];
    const p0 = flat(params0);
    const buf2 = g1.b!.map((x, i) => 0.8 * x + 0.7 * g2.b![i]!);
    close(out[0]!.b!, p0.b!.map((x, i) => x - g1.b![i]!));
    close(out[1]!.b!, out[0]!.b!.map((x, i) => x - buf2[i]!));
  });

  it('with nesterov, updates by g + decay·buf', () => {
    const out = trajectory(chain(trace(0.9, { nesterov: true }), scaleByLearningRate(1)), params0, gradSeq.slice(0, 2));
    const [g1, g2] = [flat(gradSeq[0]!), flat(gradSeq[1]!)];
    const buf2 = g1.b!.map((x, i) => 0.9 * x + g2.b![i]!);
    close(out[1]!.b!, out[0]!.b!.map((x, i) => x - (g2.b![i]! + 0.9 * buf2[i]!)));
  });

  it('never returns its buffer itself as the update (the owner disposes updates)', () => {
    const t = trace(0.9);
    const p = tensors(params0);
    const g = tensors(gradSeq[0]!);
    const r = step(t, t.init(p), g, p);
    expect(r.updates.w).not.toBe(r.state.trace.w);
    disposeExcept([p, g, r.updates, r.state]);
  });
});

describe('addDecayedWeights and addL2Penalty', () => {
  it('add weightDecay · param to the selected parameters only, passing the others through', () => {
    for (const make of [addDecayedWeights, addL2Penalty]) {
      for (const mask of [(n: string) => n === 'w', /^w$/, { w: true, b: false }]) {
        const t = make(0.5, { mask });
        const p = tensors(params0);
        const g = tensors(gradSeq[0]!);
        const r = step(t, t.init(p), g, p);
        close(Array.from(r.updates.w!.dataSync()), [0.3 + 0.25, -0.2 - 0.5, 0.1 + 1, 0.4 + 0.125]);
        expect(r.updates.b).toBe(g.b);
        disposeExcept([p, g, r.updates]);
      }
    }
  });

  it('decays everything without a mask; a record mask must name every parameter', () => {
    const u = firstUpdate(addDecayedWeights(0.1), gradSeq[0]!);
    close(u.b!, [1 + 0.01, -2 - 0.03, 0.5 + 0.07]);
    expect(() => firstUpdate(addDecayedWeights(0.1, { mask: { w: true } }), gradSeq[0]!)).toThrow(
      /^addDecayedWeights: option "mask" has no entry for parameter "b"; a record mask must name every parameter \(true or false\)\.$/,
    );
  });

  it('needs the parameters it decays', () => {
    const t = addDecayedWeights(0.1);
    const g = tensors(gradSeq[0]!);
    expect(() => t.update(g, {}, {}, 0)).toThrow(/^addDecayedWeights: update needs the current value of parameter "w" in argument "params"; got none\.$/);
    disposeExcept(g);
  });
});

describe('chain', () => {
  it('applies its members in order: the order matters', () => {
    const clipThenScale = firstUpdate(chain(clipByValue(0.5), scale(10)), gradSeq[0]!);
    const scaleThenClip = firstUpdate(chain(scale(10), clipByValue(0.5)), gradSeq[0]!);
    close(clipThenScale.b!, [5, -5, 5]);
    close(scaleThenClip.b!, [0.5, -0.5, 0.5]);
  });

  it('exposes the learning rate of its first member that has one; none without', () => {
    expect(chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(0.3)).learningRate).toBe(0.3);
    expect(chain(scaleByAdam()).learningRate).toBeUndefined();
    expect(adam({ learningRate: 0.02 }).learningRate).toBe(0.02);
    expect(applyIfFinite(sgd({ learningRate: 0.5 })).learningRate).toBe(0.5);
  });

  it('rejects a state that is not its own', () => {
    const t = chain(scale(1), scale(2));
    const g = tensors(gradSeq[0]!);
    expect(() => t.update(g, [{}], g, 0)).toThrow(/^chain: argument "state" must be the list of 2 states this chain's init\(\) made; got an array of length 1\.$/);
    disposeExcept(g);
  });
});

describe('scaleByAdam and scaleByRadam', () => {
  it('take a first step of ±1 per coordinate (bias-corrected moments)', () => {
    const u = firstUpdate(scaleByAdam(), gradSeq[0]!);
    close(u.b!, [1, -1, 1], 1e-6);
    const r = firstUpdate(scaleByRadam(), gradSeq[0]!);
    close(r.b!, [1, -2, 0.5]); // ρ_1 <= 5: plain bias-corrected momentum, m̂ = g
  });

  it('put epsRoot inside the square root: m̂ / (√(v̂ + epsRoot) + eps)', () => {
    const g = flat(gradSeq[0]!).b!;
    const u = firstUpdate(scaleByAdam({ epsRoot: 0.5, eps: 0.01 }), gradSeq[0]!);
    close(u.b!, g.map((x) => x / (Math.sqrt(x * x + 0.5) + 0.01)));
    const n = firstUpdate(scaleByAdam({ epsRoot: 0.5, eps: 0.01, nesterov: true }), gradSeq[0]!);
    // First NAdam step with constant μ = β₁: (1−β₁)g/(1−β₁) + β₁·(1−β₁)g/(1−β₁²) over the same root.
    close(n.b!, g.map((x) => (x + (0.9 * 0.1 * x) / (1 - 0.81)) / (Math.sqrt(x * x + 0.5) + 0.01)));
  });

  it('NAdam without momentumDecay is Optax\'s nadam: (1−β₁)g/(1−β₁^t) + β₁m/(1−β₁^(t+1)), over √v̂ + eps', () => {
    const b1 = 0.9;
    const b2 = 0.999;
    const eps = 1e-8;
    const out = trajectory(chain(scaleByAdam({ nesterov: true }), scaleByLearningRate(0.01)), params0, gradSeq.slice(0, 4));
    let p = flat(params0).b!;
    let m = [0, 0, 0];
    let v = [0, 0, 0];
    gradSeq.slice(0, 4).forEach((gs, s) => {
      const t = s + 1;
      const g = gs.b;
      m = m.map((x, i) => b1 * x + (1 - b1) * g[i]!);
      v = v.map((x, i) => b2 * x + (1 - b2) * g[i]! ** 2);
      p = p.map((x, i) => {
        const muHat = (b1 * m[i]!) / (1 - b1 ** (t + 1)) + ((1 - b1) * g[i]!) / (1 - b1 ** t);
        return x - (0.01 * muHat) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps);
      });
      close(out[s]!.b!, p);
    });
  });

  it('AMSGrad keeps the running maximum of the second moment', () => {
    const t = scaleByAdam({ amsgrad: true });
    const p = tensors(params0);
    let state: ScaleByAdamState = t.init(p);
    let previous = [0, 0, 0];
    for (const gs of gradSeq) {
      const g = tensors(gs);
      const r = step(t, state, g, p);
      state = r.state;
      const now = Array.from(state.nuMax!.b!.dataSync());
      now.forEach((x, i) => expect(x).toBeGreaterThanOrEqual(previous[i]!));
      const max = tf.maximum(state.nuMax!.b!, state.nu.b!);
      expect(now).toEqual(Array.from(max.dataSync()));
      max.dispose();
      previous = now;
      disposeExcept([g, r.updates]);
    }
    disposeExcept([p, state]);
  });

  it('passes the state of parameters without a gradient through untouched', () => {
    const t = scaleByAdam();
    const p = tensors(params0);
    const state = t.init(p);
    const g = tensors({ w: gradSeq[0]!.w });
    const r = step(t, state, g, p);
    expect(r.state.mu.b).toBe(state.mu.b);
    expect(r.state.mu.w).not.toBe(state.mu.w);
    expect(Object.keys(r.updates)).toEqual(['w']);
    disposeExcept([p, g, r.updates, r.state]);
  });

  it('says which parameter has no state', () => {
    const t = scaleByAdam();
    const p = tensors({ w: params0.w });
    const state = t.init(p);
    const g = tensors(gradSeq[0]!);
    expect(() => t.update(g, state, p, 0)).toThrow(/^scaleByAdam: the state has no first moment for parameter "b"; make the state with init\(\) for the same parameters as the gradients\.$/);
    disposeExcept([p, g, state]);
  });
});

describe('scaleByRms', () => {
  it('starts from initialScale and adds eps outside the root', () => {
    const g = flat(gradSeq[0]!).b!;
    const u = firstUpdate(scaleByRms({ decay: 0.9, eps: 0.1, initialScale: 2 }), gradSeq[0]!);
    close(u.b!, g.map((x) => x / (Math.sqrt(0.9 * 2 + 0.1 * x * x) + 0.1)));
  });

  it('centered: divides by √(E[g²] − E[g]²) + eps, and never by a NaN root for constant gradients', () => {
    const g = flat(gradSeq[0]!).b!;
    const u = firstUpdate(scaleByRms({ decay: 0.5, eps: 0.1, centered: true }), gradSeq[0]!);
    close(u.b!, g.map((x) => x / (Math.sqrt(0.5 * x * x - 0.25 * x * x) + 0.1)));
    const constant = trajectory(chain(scaleByRms({ centered: true, eps: 1e-3 }), scaleByLearningRate(1e-3)), params0, Array.from({ length: 30 }, () => gradSeq[0]!));
    for (const v of constant) expect(Object.values(v).flat().every(Number.isFinite)).toBe(true);
  });
});

describe('applyIfFinite', () => {
  it('skips a step with a non-finite gradient: zero updates, inner state unchanged, skips counted', async () => {
    const start = tf.memory().numTensors;
    const t = applyIfFinite(adam({ learningRate: 0.1 }));
    const p = tensors(params0);
    let state = t.init(p);
    const g1 = tensors(gradSeq[0]!);
    const r1 = step(t, state, g1, p);
    state = r1.state;
    const g2 = tensors({ w: gradSeq[1]!.w, b: [1, Number.NaN, 0] });
    const inner = state.inner;
    const before = tf.memory().numTensors;
    const r2 = step(t, state, g2, p);
    // Only the two zero updates are new: the inner state passes through.
    expect(tf.memory().numTensors - before).toBe(2);
    expect(valuesOf(r2.updates)).toEqual({ w: [0, 0, 0, 0], b: [0, 0, 0] });
    expect(r2.state.inner).toBe(inner);
    expect(r2.state).toMatchObject({ lastFinite: false, consecutiveSkips: 1, totalSkips: 1 });
    const g3 = tensors({ w: gradSeq[1]!.w, b: [Number.POSITIVE_INFINITY, 0, 0] });
    const r3 = step(t, r2.state, g3, p);
    expect(r3.state).toMatchObject({ lastFinite: false, consecutiveSkips: 2, totalSkips: 2 });
    const r4 = step(t, r3.state, g1, p);
    expect(r4.state).toMatchObject({ lastFinite: true, consecutiveSkips: 0, totalSkips: 2 });
    disposeExcept([p, g1, g2, g3, r1.updates, r2.updates, r3.updates, r4.updates, r4.state]);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('gives the same trajectory as the inner optimizer on the finite steps alone', () => {
    const poisoned = [gradSeq[0]!, { w: gradSeq[1]!.w, b: [Number.NaN, 0, 0] }, gradSeq[2]!, gradSeq[3]!];
    const guarded = trajectory(applyIfFinite(adam({ learningRate: 0.1 })), params0, poisoned);
    const plain = trajectory(adam({ learningRate: 0.1 }), params0, [gradSeq[0]!, gradSeq[2]!, gradSeq[3]!]);
    expect(guarded[1]).toEqual(guarded[0]);
    expect(guarded[3]).toEqual(plain[2]);
  });
});

describe('gradientAccumulation', () => {
  it('emits zero updates k − 1 times, then the inner update of the mean gradient: one big-batch step', () => {
    const k = 3;
    const micro = trajectory(gradientAccumulation(adam({ learningRate: 0.1 }), k), params0, gradSeq);
    const mean = (i: number): Record<string, number[]> => {
      const part = gradSeq.slice(i * k, i * k + k).map(flat);
      return { w: part[0]!.w!.map((_, j) => part.reduce((s, g) => s + g.w![j]!, 0) / k), b: part[0]!.b!.map((_, j) => part.reduce((s, g) => s + g.b![j]!, 0) / k) };
    };
    const big = trajectory(adam({ learningRate: 0.1 }), flat(params0), [mean(0), mean(1)]);
    const p0 = valuesOfArrays(params0);
    expect(micro[0]).toEqual(p0);
    expect(micro[1]).toEqual(p0);
    close(micro[2]!.w!, big[0]!.w!);
    close(micro[2]!.b!, big[0]!.b!);
    expect(micro[3]).toEqual(micro[2]);
    close(micro[5]!.w!, big[1]!.w!);
    close(micro[5]!.b!, big[1]!.b!);
  });

  it('with k = 1 is the inner transformation', () => {
    const a = trajectory(gradientAccumulation(sgd({ learningRate: 0.1, momentum: 0.9 }), 1), params0, gradSeq);
    const b = trajectory(sgd({ learningRate: 0.1, momentum: 0.9 }), params0, gradSeq);
    expect(a).toEqual(b);
  });
});

describe('lookahead', () => {
  it('with k = 1 and alpha = 1 is the inner optimizer', () => {
    const a = trajectory(lookahead(adam({ learningRate: 0.1 }), { k: 1, alpha: 1 }), params0, gradSeq);
    const b = trajectory(adam({ learningRate: 0.1 }), params0, gradSeq);
    a.forEach((v, i) => {
      close(v.w!, b[i]!.w!);
      close(v.b!, b[i]!.b!);
    });
  });

  it('with alpha = 0 returns the parameters to where they started every k steps', () => {
    const a = trajectory(lookahead(sgd({ learningRate: 0.1 }), { k: 2, alpha: 0 }), params0, gradSeq);
    const p0 = valuesOfArrays(params0);
    for (const i of [1, 3, 5]) {
      close(a[i]!.w!, p0.w!, 1e-7);
      close(a[i]!.b!, p0.b!, 1e-7);
    }
    expect(Math.abs(a[2]!.b![0]! - p0.b![0]!)).toBeGreaterThan(0.01);
  });
});

describe('transformations are values', () => {
  it('have frozen configs', () => {
    const t = adam();
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.config.options)).toBe(true);
  });

  it('type their state', () => {
    const t = chain(scaleByAdam(), scaleByLearningRate(1));
    const p = tensors(params0) as TensorMap;
    const s: readonly TransformState[] = t.init(p);
    expect((s[0] as ScaleByAdamState).count).toBe(0);
    disposeExcept([p, s]);
  });
});
