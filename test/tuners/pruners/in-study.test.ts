// Each pruner inside a real study: trial.report / trial.shouldPrune / TrialPruned end in 'pruned'
// trials, and successive halving's rungs reach the storage.
import { describe, expect, it } from 'vitest';
import { TrialPruned } from '../../../src/tuners/errors.js';
import { hyperbandPruner } from '../../../src/tuners/pruners/hyperband.js';
import { medianPruner } from '../../../src/tuners/pruners/median.js';
import { nopPruner } from '../../../src/tuners/pruners/nop.js';
import { percentilePruner } from '../../../src/tuners/pruners/percentile.js';
import { successiveHalvingPruner } from '../../../src/tuners/pruners/successive-halving.js';
import { randomSampler } from '../../../src/tuners/samplers/random.js';
import { createStudy } from '../../../src/tuners/study.js';
import type { Pruner, Trial } from '../../../src/tuners/types.js';

const STEPS = 27;

// A learning curve whose level is set by x: bad x stays bad at every step, so pruners can tell
// early.
function objective(trial: Trial): number {
  const x = trial.float('x', 0, 1);
  let value = NaN;
  for (let step = 0; step < STEPS; step++) {
    value = x + 1 / (step + 1);
    trial.report(value, step);
    if (trial.shouldPrune()) throw new TrialPruned(`pruned at step ${step}`);
  }
  return value;
}

async function run(pruner: Pruner, trials = 30) {
  const study = await createStudy({ pruner, sampler: randomSampler({ seed: 3 }), studyName: `pruning-${pruner.name}` });
  await study.optimize(objective, { trials });
  return study.trials;
}

describe('pruners in a study', () => {
  const cases: [string, () => Pruner][] = [
    ['medianPruner', () => medianPruner()],
    ['percentilePruner', () => percentilePruner({ percentile: 25, startupTrials: 3 })],
    ['successiveHalvingPruner', () => successiveHalvingPruner({ minResource: 1, reductionFactor: 3 })],
    ['hyperbandPruner', () => hyperbandPruner({ maxResource: STEPS })],
  ];
  for (const [name, make] of cases) {
    it(`${name} prunes some trials, which end 'pruned' with fewer reports`, async () => {
      const trials = await run(make());
      const pruned = trials.filter((t) => t.state === 'pruned');
      const complete = trials.filter((t) => t.state === 'complete');
      expect(trials).toHaveLength(30);
      expect(pruned.length).toBeGreaterThan(0);
      expect(complete.length).toBeGreaterThan(0);
      for (const t of pruned) expect(Object.keys(t.intermediateValues).length).toBeLessThan(STEPS);
      for (const t of complete) expect(Object.keys(t.intermediateValues)).toHaveLength(STEPS);
      // Pruned trials were worse where they stopped than the best complete trial there.
      const best = Math.min(...complete.map((t) => t.values![0]!));
      for (const t of pruned) {
        const values = Object.values(t.intermediateValues);
        expect(values[values.length - 1]!).toBeGreaterThan(best);
      }
      if (name === 'successiveHalvingPruner' || name === 'hyperbandPruner') {
        // Rung values reached the storage (every trial past step 1 of bracket 0 has rung 0).
        expect(trials.some((t) => typeof t.systemAttrs.completed_rung_0 === 'number')).toBe(true);
      }
    });
  }

  it('nopPruner lets every trial complete', async () => {
    const trials = await run(nopPruner(), 10);
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
  });
});
