// Agreement with PyTorch 1.13's schedulers on the fixtures of scripts/fixtures/schedules.py.
import { describe, expect, it } from 'vitest';
import { cosineWarmRestarts, cyclic, exponentialDecay, oneCycle, stepDecay } from '../../src/schedules/index.js';
import type { Schedule } from '../../src/schedules/index.js';
import { fixture, maxRelativeError, optionsOf, valuesOf, type TorchCase } from './_fixtures.js';

const TOLERANCE = 1e-9;

function agree(name: string, cases: readonly TorchCase[], make: (c: TorchCase) => Schedule): void {
  describe(name, () => {
    it.each(cases.map((c) => [JSON.stringify(c.options), c] as const))('%s', (_, c) => {
      const schedule = make(c);
      expect(maxRelativeError(valuesOf(schedule, c.lrs.length), c.lrs)).toBeLessThan(TOLERANCE);
    });
  });
}

describe('fixtures', () => {
  it('come from PyTorch 1.13', () => {
    expect(fixture.torch).toMatch(/^1\.13\./);
  });
});

agree('stepDecay({ offset: 0 }) matches torch StepLR', fixture.cases.stepLR, (c) => stepDecay({ ...(optionsOf(c) as object), offset: 0 } as never));
agree('exponentialDecay({ gamma }) matches torch ExponentialLR', fixture.cases.exponentialLR, (c) => exponentialDecay(optionsOf(c) as never));
agree('cosineWarmRestarts matches torch CosineAnnealingWarmRestarts', fixture.cases.cosineAnnealingWarmRestarts, (c) => cosineWarmRestarts(optionsOf(c) as never));
agree('oneCycle matches torch OneCycleLR', fixture.cases.oneCycleLR, (c) => oneCycle(optionsOf(c) as never));
agree('cyclic matches torch CyclicLR', fixture.cases.cyclicLR, (c) => {
  const o = optionsOf(c);
  // torch takes gamma in every mode and ignores it outside exp_range; whetstone rejects it there.
  if (o.mode !== 'exp_range') delete o.gamma;
  return cyclic(o as never);
});

describe('exactness', () => {
  it('exponentialDecay with decay = −ln γ is the same curve as the γ form', () => {
    const a = exponentialDecay({ initialValue: 0.3, gamma: 0.9 });
    const b = exponentialDecay({ initialValue: 0.3, decay: -Math.log(0.9) });
    expect(maxRelativeError(valuesOf(b, 300), valuesOf(a, 300))).toBeLessThan(1e-12);
  });

  it('oneCycle holds the final value past totalSteps (where torch raises)', () => {
    const c = fixture.cases.oneCycleLR[0]!;
    const s = oneCycle(optionsOf(c) as never);
    const last = c.lrs[c.lrs.length - 1]!;
    expect(s(c.lrs.length)).toBe(last);
    expect(s(10 * c.lrs.length)).toBe(last);
  });
});
