// 100 steps of every named optimizer that PyTorch has, on the same gradients, against torch 1.13
// in float64 (fixtures), on every test backend (the benchmark runs on wasm).
import { describe, expect, it } from 'vitest';
import { transformFromConfig, type GradientTransformation } from '../../src/optimizers/index.js';
import * as optimizers from '../../src/optimizers/index.js';
import { scheduleFromConfig } from '../../src/schedules/registry.js';
import type { ScheduleConfig } from '../../src/schedules/types.js';
import { describeEachBackend } from '../_support/backends.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { fixtures, type ParamValues, type TorchRun } from './_fixtures.js';
import { trajectory, type Values } from './_support.js';

// Tolerance rule: |ours − torch| <= 1e-5 · max(|torch|, 1) for every parameter after every step.
// Parameters start ~N(0, 1), where float32 resolves ~6e-8; the floor of 1 keeps parameters that
// cross zero from demanding more than float32 holds. A systematic error of 1e-4 in the updates
// would show after 100 steps of these learning rates (0.002–1).
const TOL = 1e-5;

function flat(p: ParamValues): Values {
  return { w: p.w.flat(), b: p.b };
}

function build(run: TorchRun): GradientTransformation {
  const options: Record<string, unknown> = { ...run.options };
  if (typeof options.learningRate === 'object') options.learningRate = scheduleFromConfig(options.learningRate as ScheduleConfig);
  const factory = (optimizers as unknown as Record<string, (o: unknown) => GradientTransformation>)[run.factory!]!;
  return factory(options);
}

/** The largest violation of the tolerance rule over a trajectory (<= 1 passes), and where. */
function worst(ours: Values[], theirs: ParamValues[]): { ratio: number; at: string } {
  let ratio = 0;
  let at = '';
  theirs.forEach((expected, s) => {
    const e = flat(expected);
    for (const name of Object.keys(e)) {
      e[name]!.forEach((b, i) => {
        const a = ours[s]![name]![i]!;
        const r = Math.abs(a - b) / (TOL * Math.max(Math.abs(b), 1));
        if (!(r <= ratio)) {
          ratio = r;
          at = `step ${s + 1}, ${name}[${i}]: ${a} vs torch ${b}`;
        }
      });
    }
  });
  return { ratio, at };
}

const matched = fixtures.runs.filter((r) => r.factory !== null);

describe('torch fixtures', () => {
  it('cover every named optimizer that PyTorch has, with non-default hyperparameters too', () => {
    const factories = new Set(matched.map((r) => r.factory));
    for (const name of ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'adamw', 'adamax', 'nadam', 'radam']) {
      expect(factories.has(name), name).toBe(true);
    }
    expect(fixtures.torch).toMatch(/^1\.13/);
    expect(fixtures.grads).toHaveLength(100);
  });

  it('record PyTorch 1.13\'s own NAdam apart, which the upstream fix (#92699) changes measurably', () => {
    const fixed = fixtures.runs.find((r) => r.name === 'nadam')!;
    const original = fixtures.runs.find((r) => r.name === 'nadam_torch113')!;
    expect(worst(original.trajectory.map(flat), fixed.trajectory).ratio).toBeGreaterThan(5);
  });
});

describeEachBackend('named optimizers match torch.optim over 100 steps', () => {
  it.each(matched.map((r) => [r.name, r] as const))('%s', async (_, run) => {
    const ours = await expectNoLeaks(() => trajectory(build(run), fixtures.params0, fixtures.grads));
    const { ratio, at } = worst(ours, run.trajectory);
    expect(ratio, at).toBeLessThanOrEqual(1);
  });

  it('the same after a JSON round trip of the config', async () => {
    for (const run of matched.filter((r) => ['adamw_options', 'adam_exponential_lr', 'nadam_options', 'rmsprop_centered_momentum'].includes(r.name))) {
      const rebuilt = transformFromConfig(JSON.parse(JSON.stringify(build(run).config)));
      const ours = await expectNoLeaks(() => trajectory(rebuilt, fixtures.params0, fixtures.grads));
      expect(worst(ours, run.trajectory).ratio, run.name).toBeLessThanOrEqual(1);
    }
  });
});
