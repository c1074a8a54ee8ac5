// Bad hyperparameters fail at factory time with uniform messages.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import * as opt from '../../src/optimizers/index.js';

function rejects(run: () => unknown, message: RegExp): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as Error).message).toMatch(message);
}

describe('factory validation', () => {
  it('rejects negative or non-finite learning rates', () => {
    rejects(() => opt.adam({ learningRate: -1e-3 }), /^adam: option "learningRate" must be a finite number >= 0 or a Schedule .*; got -0\.001\.$/);
    rejects(() => opt.scaleByLearningRate(Number.NaN), /^scaleByLearningRate: argument "learningRate" must be a finite number >= 0 or a Schedule .*; got NaN\.$/);
    rejects(() => opt.adamw({ learningRate: (() => 0.1) as never }), /^adamw: option "learningRate" must be .*; got function learningRate\.$/);
  });

  it('rejects β outside [0, 1) and eps <= 0', () => {
    rejects(() => opt.adam({ b1: 1 }), /^adam: option "b1" must be a finite number in \[0, 1\); got 1\.$/);
    rejects(() => opt.scaleByAdam({ b2: -0.1 }), /^scaleByAdam: option "b2" must be a finite number in \[0, 1\); got -0\.1\.$/);
    rejects(() => opt.lion({ b2: 1.5 }), /^lion: option "b2" must be a finite number in \[0, 1\); got 1\.5\.$/);
    rejects(() => opt.rmsprop({ alpha: 1 }), /^rmsprop: option "alpha" must be a finite number in \[0, 1\); got 1\.$/);
    rejects(() => opt.adam({ eps: 0 }), /^adam: option "eps" must be a finite number > 0; got 0\.$/);
    rejects(() => opt.scaleByAdagrad({ eps: -1 }), /^scaleByAdagrad: option "eps" must be a finite number > 0; got -1\.$/);
    rejects(() => opt.trace(1), /^trace: argument "decay" must be a finite number in \[0, 1\); got 1\.$/);
  });

  it('rejects negative decays, bad thresholds and misspelt options', () => {
    rejects(() => opt.addDecayedWeights(-0.1), /^addDecayedWeights: argument "weightDecay" must be a finite number >= 0; got -0\.1\.$/);
    rejects(() => opt.adamw({ weightDecay: -1 }), /^adamw: option "weightDecay" must be a finite number >= 0; got -1\.$/);
    rejects(() => opt.clipByGlobalNorm(0), /^clipByGlobalNorm: argument "maxNorm" must be a finite number > 0; got 0\.$/);
    rejects(() => opt.scaleByRadam({ threshold: 3 }), /^scaleByRadam: option "threshold" must be a finite number >= 4; got 3\.$/);
    rejects(() => opt.adam({ beta1: 0.9 } as never), /^adam: unknown option "beta1"; known options: learningRate, b1, b2, eps, weightDecay, amsgrad\.$/);
    rejects(() => opt.adam({ learningrate: 0.1 } as never), /^adam: unknown option "learningrate" \(did you mean "learningRate"\?\)/);
  });

  it('rejects combinations PyTorch rejects', () => {
    rejects(() => opt.sgd({} as never), /^sgd: option "learningRate" must be .* \(it has no default, as in PyTorch\); got undefined\.$/);
    rejects(() => opt.sgd({ learningRate: 0.1, nesterov: true }), /^sgd: option "nesterov" must be false unless momentum > 0 and dampening is 0 \(momentum is 0, dampening 0\); got true\.$/);
    rejects(() => opt.trace(0.9, { nesterov: true, dampening: 0.1 }), /^trace: option "dampening" must be 0 with nesterov/);
    rejects(() => opt.scaleByAdam({ momentumDecay: 0.004 }), /^scaleByAdam: option "momentumDecay" must be left out \(it is NAdam's momentum schedule and needs nesterov: true\); got 0\.004\.$/);
  });

  it('rejects things that are not transformations, and bad wrapper options', () => {
    rejects(() => opt.chain(opt.scale(1), {} as never), /^chain: argument "transforms\[1\]" must be a GradientTransformation .*; got an empty object\.$/);
    rejects(() => opt.applyIfFinite(undefined as never), /^applyIfFinite: argument "inner" must be a GradientTransformation/);
    rejects(() => opt.lookahead(opt.adam(), { k: 0 }), /^lookahead: option "k" must be an integer >= 1; got 0\.$/);
    rejects(() => opt.lookahead(opt.adam(), { alpha: 1.5 }), /^lookahead: option "alpha" must be a finite number in \[0, 1\]; got 1\.5\.$/);
    rejects(() => opt.gradientAccumulation(opt.adam(), 2.5), /^gradientAccumulation: argument "k" must be an integer >= 1; got 2\.5\.$/);
    rejects(() => opt.adamw({ mask: 'kernel' as never }), /^adamw: option "mask" must be a function, a RegExp or an object whose keys/);
    rejects(() => opt.addL2Penalty(0.1, { mask: { w: 1 } as never }), /^addL2Penalty: option "mask" must be/);
  });
});
