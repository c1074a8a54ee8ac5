// Invariants over random inputs (fast-check).
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as opt from '../../src/optimizers/index.js';
import type { GradientTransformation } from '../../src/optimizers/index.js';
import { disposeExcept, step, tensors, trajectory, valuesOf, type Values } from './_support.js';

afterEach(() => {
  expect(tf.memory().numTensors).toBe(0);
});

const value = fc.float({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true });
const grads = fc.record({ w: fc.array(value, { minLength: 1, maxLength: 6 }), b: fc.array(value, { minLength: 1, maxLength: 4 }) });

function updatesOf(t: GradientTransformation, g: Record<string, number[]>, p: Record<string, number[]> = g): Values {
  const pt = tensors(p);
  const gt = tensors(g);
  const r = step(t, t.init(pt), gt, pt);
  const out = valuesOf(r.updates);
  disposeExcept([r.updates, r.state], pt, gt);
  disposeExcept([pt, gt]);
  return out;
}

const norm = (v: Values): number => Math.sqrt(Object.values(v).flat().reduce((s, x) => s + x * x, 0));

describe('properties', () => {
  it('clipByGlobalNorm: the result norm is min(norm, maxNorm), the direction is kept, small updates are untouched', () => {
    fc.assert(
      fc.property(grads, fc.double({ min: 0.01, max: 20, noNaN: true }), (g, maxNorm) => {
        const u = updatesOf(opt.clipByGlobalNorm(maxNorm), g);
        const n = norm(valuesOfPlain(g));
        expect(norm(u)).toBeLessThanOrEqual(maxNorm * (1 + 1e-5));
        if (n <= maxNorm * (1 - 1e-6)) expect(u).toEqual(valuesOfPlain(g));
        else {
          const c = maxNorm / n;
          Object.entries(valuesOfPlain(g)).forEach(([k, xs]) => xs.forEach((x, i) => expect(u[k]![i]!).toBeCloseTo(x * c, 4)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('clipByValue: every coordinate ends in [−δ, δ], and those inside are untouched', () => {
    fc.assert(
      fc.property(grads, fc.double({ min: 0.01, max: 12, noNaN: true }), (g, delta) => {
        const u = updatesOf(opt.clipByValue(delta), g);
        const f = valuesOfPlain(g);
        Object.entries(f).forEach(([k, xs]) =>
          xs.forEach((x, i) => {
            const y = u[k]![i]!;
            expect(Math.abs(y)).toBeLessThanOrEqual(Math.fround(delta));
            if (Math.abs(x) < Math.fround(delta)) expect(y).toBe(x);
          }),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('adam: the first step moves each coordinate by at most lr, against the gradient\'s sign', () => {
    fc.assert(
      fc.property(grads, fc.double({ min: 1e-4, max: 1, noNaN: true }), (g, lr) => {
        const u = updatesOf(opt.adam({ learningRate: lr }), g);
        Object.entries(valuesOfPlain(g)).forEach(([k, xs]) =>
          xs.forEach((x, i) => {
            const y = u[k]![i]!;
            expect(Math.abs(y)).toBeLessThanOrEqual(lr * (1 + 1e-6));
            // (Subnormal gradients underflow to a zero step in float32.)
            if (Math.abs(x) > 1e-30) expect(Math.sign(y)).toBe(-Math.sign(x));
          }),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('lion: every update coordinate is −lr·sign(·), so in {−lr, 0, lr}', () => {
    fc.assert(
      fc.property(grads, (g) => {
        const u = updatesOf(opt.lion({ learningRate: 0.5 }), g);
        for (const y of Object.values(u).flat()) expect([-0.5, 0, 0.5]).toContain(y);
      }),
      { numRuns: 40 },
    );
  });

  it('every named optimizer without weight decay leaves parameters alone when the gradients are zero', () => {
    const named = [
      opt.sgd({ learningRate: 0.1, momentum: 0.9 }),
      opt.momentum({ learningRate: 0.1 }),
      opt.nesterov({ learningRate: 0.1 }),
      opt.rmsprop({ centered: true, momentum: 0.5 }),
      opt.adagrad(),
      opt.adadelta(),
      opt.adam({ amsgrad: true }),
      opt.adamw({ weightDecay: 0 }),
      opt.adamax(),
      opt.nadam(),
      opt.radam(),
      opt.lion(),
    ];
    fc.assert(
      fc.property(grads, fc.integer({ min: 0, max: named.length - 1 }), (p, which) => {
        const zeros = { w: p.w.map(() => 0), b: p.b.map(() => 0) };
        const u = updatesOf(named[which]!, zeros, p);
        for (const y of Object.values(u).flat()) expect(Math.abs(y)).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('gradientAccumulation(scale(1), k) emits the mean of each k gradients, zeros in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 9 }), (k, seq) => {
        const p0 = { b: [0, 0, 0] };
        const traj = trajectory(opt.gradientAccumulation(opt.scale(1), k), p0, seq.map((b) => ({ b })));
        const f = seq.map((b) => Array.from(new Float32Array(b)));
        let expected = [0, 0, 0];
        traj.forEach((v, s) => {
          if ((s + 1) % k === 0) {
            const part = f.slice(s + 1 - k, s + 1);
            expected = expected.map((x, i) => x + part.reduce((acc, g) => acc + g[i]!, 0) / k);
          }
          v.b!.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 4));
        });
      }),
      { numRuns: 40 },
    );
  });
});

function valuesOfPlain(g: Record<string, number[]>): Values {
  const t = tensors(g);
  const v = valuesOf(t);
  disposeExcept(t);
  return v;
}
