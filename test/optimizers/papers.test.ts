// Lion and Lookahead have no PyTorch reference: their steps are checked against the papers'
// update rules, computed here in float64.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { lion, lookahead, momentum, sgd } from '../../src/optimizers/index.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { fixtures } from './_fixtures.js';
import { trajectory, type Values } from './_support.js';

afterEach(() => {
  expect(tf.memory().numTensors).toBe(0);
});

const STEPS = 5;
const p0: Values = { w: fixtures.params0.w.flat(), b: fixtures.params0.b };
const grads: Values[] = fixtures.grads.slice(0, 8).map((g) => ({ w: g.w.flat(), b: g.b }));

function expectClose(ours: Values, expected: Values, tol = 1e-6): void {
  for (const name of Object.keys(expected)) {
    expected[name]!.forEach((e, i) => {
      const a = ours[name]![i]!;
      expect(Math.abs(a - e), `${name}[${i}]: ${a} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
    });
  }
}

describe('lion follows Chen et al. (2023), Algorithm 2', () => {
  // θ ← θ − η·(sign(β₁·m + (1 − β₁)·g) + λ·θ);  m ← β₂·m + (1 − β₂)·g
  function paper(lr: number, b1: number, b2: number, wd: number, decayed: (name: string) => boolean): Values[] {
    const theta: Values = { w: [...p0.w!], b: [...p0.b!] };
    const m: Values = { w: p0.w!.map(() => 0), b: p0.b!.map(() => 0) };
    const out: Values[] = [];
    for (const g of grads.slice(0, STEPS)) {
      for (const name of ['w', 'b']) {
        theta[name] = theta[name]!.map((x, i) => {
          const c = b1 * m[name]![i]! + (1 - b1) * g[name]![i]!;
          return x - lr * (Math.sign(c) + (decayed(name) ? wd * x : 0));
        });
        m[name] = m[name]!.map((x, i) => b2 * x + (1 - b2) * g[name]![i]!);
      }
      out.push({ w: [...theta.w!], b: [...theta.b!] });
    }
    return out;
  }

  it('with the paper\'s defaults (β₁ 0.9, β₂ 0.99) and decoupled weight decay', async () => {
    const ours = await expectNoLeaks(() => trajectory(lion({ learningRate: 0.01, weightDecay: 0.5 }), fixtures.params0, fixtures.grads.slice(0, STEPS)));
    paper(0.01, 0.9, 0.99, 0.5, () => true).forEach((e, s) => expectClose(ours[s]!, e));
  });

  it('with other betas and a mask that exempts the bias', async () => {
    const ours = await expectNoLeaks(() =>
      trajectory(lion({ learningRate: 0.003, b1: 0.95, b2: 0.98, weightDecay: 1, mask: /^w$/ }), fixtures.params0, fixtures.grads.slice(0, STEPS)),
    );
    paper(0.003, 0.95, 0.98, 1, (n) => n === 'w').forEach((e, s) => expectClose(ours[s]!, e));
  });

  it('moves every coordinate by exactly ±lr when there is no weight decay', () => {
    const ours = trajectory(lion({ learningRate: 0.01 }), fixtures.params0, fixtures.grads.slice(0, 1));
    ours[0]!.w!.forEach((x, i) => expect(Math.abs(Math.abs(x - p0.w![i]!) - 0.01)).toBeLessThan(1e-6));
  });
});

describe('lookahead follows Zhang et al. (2019), Algorithm 1', () => {
  // k fast steps of the inner optimizer A; then φ ← φ + α(θ − φ) for the slow weights φ, θ ← φ.
  function paper(k: number, alpha: number, steps: number, inner: (theta: number[], g: number[], name: string) => number[]): Values[] {
    const fast: Values = { w: [...p0.w!], b: [...p0.b!] };
    const slow: Values = { w: [...p0.w!], b: [...p0.b!] };
    const out: Values[] = [];
    grads.slice(0, steps).forEach((g, s) => {
      for (const name of ['w', 'b']) {
        fast[name] = inner(fast[name]!, g[name]!, name);
        if ((s + 1) % k === 0) {
          slow[name] = slow[name]!.map((x, i) => x + alpha * (fast[name]![i]! - x));
          fast[name] = [...slow[name]!];
        }
      }
      out.push({ w: [...fast.w!], b: [...fast.b!] });
    });
    return out;
  }

  it('around plain SGD (k = 3, α = 0.5)', async () => {
    const ours = await expectNoLeaks(() => trajectory(lookahead(sgd({ learningRate: 0.1 }), { k: 3, alpha: 0.5 }), fixtures.params0, fixtures.grads.slice(0, 7)));
    paper(3, 0.5, 7, (theta, g) => theta.map((x, i) => x - 0.1 * g[i]!)).forEach((e, s) => expectClose(ours[s]!, e));
  });

  it('around SGD with momentum, whose buffer carries over the synchronizations (k = 2, α = 0.8)', async () => {
    const buffers: Record<string, number[] | undefined> = {};
    const inner = (theta: number[], g: number[], name: string): number[] => {
      const prev = buffers[name];
      const buf = prev === undefined ? [...g] : prev.map((b, i) => 0.9 * b + g[i]!);
      buffers[name] = buf;
      return theta.map((x, i) => x - 0.05 * buf[i]!);
    };
    const ours = await expectNoLeaks(() =>
      trajectory(lookahead(momentum({ learningRate: 0.05, momentum: 0.9 }), { k: 2, alpha: 0.8 }), fixtures.params0, fixtures.grads.slice(0, 8)),
    );
    paper(2, 0.8, 8, inner).forEach((e, s) => expectClose(ours[s]!, e));
  });
});
