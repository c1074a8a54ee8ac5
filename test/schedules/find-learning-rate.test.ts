// The LR range test on a small dense regressor: the ramp, the smoothing, the suggestions, the model
// left exactly as it was (weights and optimizer state), no leaks, and the SVG.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConvergenceError, ShapeError } from '../../src/core/index.js';
import { findLearningRate } from '../../src/schedules/index.js';
import type { LearningRateFinderResult } from '../../src/schedules/index.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { denseRegressor, rateOf, regressionData, weightValues } from './_model.js';

const { x, y } = regressionData(128, 5);


function sgdModel(): tfl.Sequential {
  const model = denseRegressor(11, 16);
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  return model;
}

async function optimizerState(model: tfl.LayersModel): Promise<{ name: string; values: number[] }[]> {
  const weights = await model.optimizer.getWeights();
  const out = weights.map((w) => ({ name: w.name, values: Array.from(w.tensor.dataSync()) }));
  // getWeights returns a fresh iterations scalar alongside the live state.
  weights[0]!.tensor.dispose();
  return out;
}

describe('findLearningRate', () => {
  let model: tfl.Sequential;
  let result: LearningRateFinderResult;

  beforeAll(async () => {
    model = sgdModel();
    result = await findLearningRate(model, x, y, { minLR: 1e-4, maxLR: 10, numSteps: 80, batchSize: 64, seed: 1 });
  });

  it('ramps the rate exponentially from minLR and stops when the smoothed loss diverges', () => {
    const lrs = result.learningRates;
    expect(lrs[0]).toBe(1e-4);
    for (let i = 1; i < lrs.length; i++) expect(lrs[i]! / lrs[i - 1]!).toBeCloseTo((10 / 1e-4) ** (1 / 79), 10);
    expect(result.stopReason).toBe('diverged');
    expect(lrs.length).toBeLessThan(80);
    const best = Math.min(...result.smoothedLosses);
    expect(result.smoothedLosses[result.smoothedLosses.length - 1]).toBeGreaterThan(4 * best);
  });

  it("smooths with fastai's bias-corrected moving average (β = 0.98)", () => {
    let average = 0;
    result.losses.forEach((loss, i) => {
      average = 0.98 * average + 0.02 * loss;
      expect(result.smoothedLosses[i]).toBeCloseTo(average / (1 - 0.98 ** (i + 1)), 10);
    });
  });

  it('suggests rates in the descending part of the curve', () => {
    const { learningRates: lrs, smoothedLosses: s, suggestion } = result;
    const steep = lrs.indexOf(suggestion.steepest);
    const min = s.indexOf(Math.min(...s.slice(8, s.length - 5)));
    expect(steep).toBeGreaterThanOrEqual(8);
    expect(steep).toBeLessThan(min);
    expect(s[steep + 1]!).toBeLessThan(s[steep]!);
    expect(s[steep]!).toBeLessThan(0.8 * s[8]!);
    expect(suggestion.minLossOver10).toBeCloseTo(lrs[min]! / 10, 15);
    expect(suggestion.minLossOver10).toBeLessThan(lrs[min]!);
  });

  it('gives the same curve for the same seed', async () => {
    const again = await findLearningRate(model, x, y, { minLR: 1e-4, maxLR: 10, numSteps: 80, batchSize: 64, seed: 1 });
    expect(again.losses).toEqual(result.losses);
    expect(again.suggestion).toEqual(result.suggestion);
  });

  it('draws an SVG of loss against log rate with both suggestions marked', () => {
    const svg = result.toSvg({ title: 'LR <range> & test' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('LR &lt;range&gt; &amp; test');
    expect(svg).toContain('steepest: ');
    expect(svg).toContain('min loss / 10: ');
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(result.toSvg({ title: 'LR <range> & test' })).toBe(svg);
    expect(() => result.toSvg({ width: 10 })).toThrow(/^toSvg: option "width" must be an integer >= 200; got 10\.$/);
  });
});

describe('findLearningRate leaves the model as it was', () => {
  it('restores weights exactly and leaves the optimizer (state, rate, ownership) untouched, leaking nothing', async () => {
    const model = denseRegressor(21, 8);
    const optimizer = tf.train.adam(0.003);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y, [y.length, 1]);
    await model.fit(xs, ys, { epochs: 1, batchSize: 32, verbose: 0 });
    const weights = weightValues(model);
    const state = await optimizerState(model);
    const iterations = optimizer.iterations;
    const owned = (model as unknown as { isOptimizerOwned: boolean }).isOptimizerOwned;

    const out = await expectNoLeaks(() => findLearningRate(model, xs, ys, { numSteps: 40, seed: 2 }));
    expect(out.learningRates.length).toBeGreaterThan(10);
    expect(weightValues(model)).toEqual(weights);
    expect(model.optimizer).toBe(optimizer);
    expect(rateOf(optimizer)).toBe(0.003);
    expect(optimizer.iterations).toBe(iterations);
    expect(await optimizerState(model)).toEqual(state);
    expect((model as unknown as { isOptimizerOwned: boolean }).isOptimizerOwned).toBe(owned);
    expect(xs.isDisposed || ys.isDisposed).toBe(false);

    // Training afterwards continues from the same state as if the test had not run.
    await model.fit(xs, ys, { epochs: 1, batchSize: 32, verbose: 0 });
    xs.dispose();
    ys.dispose();
    model.dispose();
  });

  it('restores the weights when training blows up (infinite loss, NaN weights)', async () => {
    const model = sgdModel();
    const weights = weightValues(model);
    // Targets whose squared error overflows float32: the very first loss is infinite.
    const huge = y.map((v) => v * 1e30);
    await expect(expectNoLeaks(() => findLearningRate(model, x, huge, { numSteps: 10, seed: 1 }))).rejects.toThrow(ConvergenceError);
    await expect(findLearningRate(model, x, huge, { numSteps: 10, seed: 1 })).rejects.toThrow(
      /^findLearningRate: only 0 batches gave a finite loss before the test stopped \(nonFinite\); lower option "minLR" \(1e-7\) or check the data and model\.$/,
    );
    expect(weightValues(model)).toEqual(weights);
    model.dispose();
  });
});

describe('findLearningRate input checks', () => {
  it('reads a vector or a rank-1 tensor of targets as one column, leaving tensors undisposed', async () => {
    const model = sgdModel();
    const xs = tf.tensor2d(x);
    const ys = tf.tensor1d(y);
    const fromTensors = await expectNoLeaks(() => findLearningRate(model, xs, ys, { numSteps: 6, seed: 4 }));
    const fromArrays = await findLearningRate(model, x, y, { numSteps: 6, seed: 4 });
    expect(fromTensors.losses).toEqual(fromArrays.losses);
    expect(xs.isDisposed || ys.isDisposed).toBe(false);
    xs.dispose();
    ys.dispose();
    model.dispose();
  });

  it('rejects an uncompiled model, bad ranges and mismatched data before training', async () => {
    const bare = denseRegressor();
    await expect(findLearningRate(bare, x, y)).rejects.toThrow(/^findLearningRate: argument "model" must be a compiled model \(call model\.compile first\); got an instance of Sequential\.$/);
    const model = sgdModel();
    await expect(findLearningRate(model, x, y, { minLR: 1, maxLR: 0.1 })).rejects.toThrow(/option "maxLR" must be a finite number > minLR \(1\); got 0\.1\./);
    await expect(findLearningRate(model, x, y.slice(1))).rejects.toThrow(ShapeError);
    await expect(findLearningRate(model, [[1, Number.NaN, 2]], [1])).rejects.toThrow(/argument "x" must contain only finite numbers; got NaN at row 0, column 1\./);
    await expect(findLearningRate({} as never, x, y)).rejects.toThrow(/argument "model" must be a tfjs-layers LayersModel/);
    bare.dispose();
    model.dispose();
  });
});
