import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../examples/data/load.js';
import { useBackend } from '../../src/backends/index.js';
import { InvalidArgumentError, ShapeError } from '../../src/core/index.js';
import { freezeLayers, glorotUniform, lsuv, transferWeights, unfreezeLayers } from '../../src/initializers/index.js';
import { expectNoLeaks } from '../_support/leaks.js';

const digits = loadDataset('digits');
const batch = digits.x.slice(0, 200);

function mlp(prefix: string, seed = 0): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ name: `${prefix}1`, units: 32, inputShape: [64], activation: 'relu', kernelInitializer: glorotUniform({ seed }) }),
      tfl.layers.dropout({ name: `${prefix}drop`, rate: 0.5 }),
      tfl.layers.dense({ name: `${prefix}2`, units: 16, activation: 'relu', kernelInitializer: glorotUniform({ seed: seed + 1 }) }),
      tfl.layers.dense({ name: `${prefix}3`, units: 10, kernelInitializer: glorotUniform({ seed: seed + 2 }) }),
    ],
  });
}

function outputVariance(model: tfl.LayersModel, name: string, x: tf.Tensor): number {
  const layer = model.getLayer(name);
  const probe = tfl.model({ inputs: model.inputs, outputs: layer.output as tfl.SymbolicTensor });
  return tf.tidy(() => tf.moments(probe.predict(x) as tf.Tensor).variance.dataSync()[0]!);
}

const values = (m: tfl.LayersModel, name: string): number[][] => m.getLayer(name).getWeights().map((w) => Array.from(w.dataSync()));

describe('lsuv', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("brings every kernel layer's output variance on a digits batch to 1 ± tol, biases untouched", async () => {
    const model = mlp('a');
    const biasBefore = model.getLayer('a2').getWeights()[1]!.dataSync().slice();
    const report = await expectNoLeaks(() => lsuv(model, batch, { seed: 0, tol: 0.05 }));
    expect(report.map((r) => r.name)).toEqual(['a1', 'a2', 'a3']);
    const x = tf.tensor2d(batch);
    for (const r of report) {
      expect(r.converged, r.name).toBe(true);
      expect(Math.abs(r.variance - 1)).toBeLessThan(0.05);
      // Measured independently, after all layers were processed.
      expect(Math.abs(outputVariance(model, r.name, x) - 1), r.name).toBeLessThan(0.05);
    }
    // Raw digits (pixel values 0–16) make the orthogonal pre-init far from unit variance.
    expect(Math.abs(report[0]!.initialVariance - 1)).toBeGreaterThan(0.05);
    expect(Array.from(model.getLayer('a2').getWeights()[1]!.dataSync())).toEqual(Array.from(biasBefore));
    x.dispose();
    model.dispose();
  });

  it('is deterministic for a seed, accepts a tensor batch, and leaves unlisted layers alone', async () => {
    const m1 = mlp('b');
    const m2 = mlp('c');
    const x = tf.tensor2d(batch);
    const before = values(m2, 'c1');
    await lsuv(m1, x, { seed: 3, layers: ['b2', 'b3'] });
    await lsuv(m2, batch, { seed: 3, layers: ['c3', 'c2'] });
    expect(values(m2, 'c1')).toEqual(before);
    expect(values(m2, 'c2')).toEqual(values(m1, 'b2'));
    expect(values(m2, 'c3')).toEqual(values(m1, 'b3'));
    x.dispose();
    m1.dispose();
    m2.dispose();
  });

  it('handles conv kernels (a digits batch as 8×8 images) and reports a bounded activation honestly', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ name: 'c1', inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
        tfl.layers.conv2d({ name: 'c2', filters: 6, kernelSize: 3 }),
        tfl.layers.flatten({ name: 'flat' }),
        tfl.layers.dense({ name: 'out', units: 10, activation: 'tanh' }),
      ],
    });
    const x = tf.tensor4d(batch.flat(), [batch.length, 8, 8, 1]);
    const report = await expectNoLeaks(() => lsuv(model, x, { seed: 0, maxIterations: 20 }));
    expect(report.map((r) => [r.name, r.converged])).toEqual([['c1', true], ['c2', true], ['out', false]]);
    for (const r of report.slice(0, 2)) expect(Math.abs(outputVariance(model, r.name, x) - 1)).toBeLessThan(0.1);
    // tanh's output variance stays below 1 however the kernel is scaled.
    expect(report[2]!.variance).toBeLessThan(1);
    x.dispose();
    model.dispose();
  });

  it('reports non-convergence with maxIterations 0 instead of looping', async () => {
    const model = mlp('d');
    const report = await lsuv(model, batch, { seed: 1, maxIterations: 0, orthogonalInit: false });
    expect(report.every((r) => r.iterations === 0)).toBe(true);
    expect(report[0]!.converged).toBe(false);
    model.dispose();
  });

  it('rejects bad input', async () => {
    const model = mlp('e');
    await expect(lsuv(model, [[1, 2]])).rejects.toThrow(/lsuv: argument "batch"/);
    await expect(lsuv(model, batch.slice(0, 1))).rejects.toThrow(/at least 2 samples/);
    await expect(lsuv(model, batch, { layers: ['nope'] })).rejects.toThrow(/option "layers"/);
    await expect(lsuv(model, batch, { layers: ['edrop'] })).rejects.toThrow(/layers with a kernel/);
    await expect(lsuv(model, batch, { tol: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(lsuv({} as never, batch)).rejects.toThrow(/lsuv: argument "model"/);
    const t = tf.zeros([4, 3]);
    await expect(expectNoLeaks(() => lsuv(model, t))).rejects.toThrow(/argument "batch"/);
    t.dispose();
    model.dispose();
  });
});

describe('transferWeights and freezeLayers', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('copies same-named layers by default, values not variables', () => {
    const a = mlp('t', 0);
    const b = mlp('t', 10);
    const done = transferWeights(a, b);
    expect(done).toEqual([
      { from: 't1', to: 't1', weights: 2 },
      { from: 't2', to: 't2', weights: 2 },
      { from: 't3', to: 't3', weights: 2 },
    ]);
    expect(values(b, 't2')).toEqual(values(a, 't2'));
    a.dispose();
    expect(values(b, 't1').length).toBe(2); // b's weights live on after a is disposed
    b.dispose();
  });

  it('copies a list or a mapping of layers; leaves the rest; leaks nothing', async () => {
    const a = mlp('s', 0);
    const b = mlp('u', 10);
    const before = values(b, 'u3');
    const done = await expectNoLeaks(() => transferWeights(a, b, { layers: { s1: 'u1', s2: 'u2' } }));
    expect(done.map((d) => d.to)).toEqual(['u1', 'u2']);
    expect(values(b, 'u1')).toEqual(values(a, 's1'));
    expect(values(b, 'u3')).toEqual(before);
    const c = mlp('s', 20);
    transferWeights(a, c, { layers: ['s3'] });
    expect(values(c, 's3')).toEqual(values(a, 's3'));
    expect(values(c, 's1')).not.toEqual(values(a, 's1'));
    a.dispose();
    b.dispose();
    c.dispose();
  });

  it('errors clearly, and changes nothing when one pair is wrong', () => {
    const a = mlp('v', 0);
    const b = mlp('w', 10);
    const wide = tfl.sequential({ layers: [tfl.layers.dense({ name: 'w1', units: 33, inputShape: [64] }), tfl.layers.dense({ name: 'w2', units: 16 })] });
    expect(() => transferWeights(a, b)).toThrow(/layer "w1" of the target model has no layer of the same name/);
    expect(() => transferWeights(a, b, { strict: false })).toThrow(/no layer of the target model matches/);
    expect(() => transferWeights(a, b, { layers: ['v1'] })).toThrow(/transferWeights: argument "to"/);
    const before = values(wide, 'w2');
    expect(() => transferWeights(a, wide, { layers: { v2: 'w2', v1: 'w1' } })).toThrow(ShapeError);
    expect(values(wide, 'w2')).toEqual(before);
    expect(() => transferWeights(a, wide, { layers: { v1: 'w1' } })).toThrow(/shape \[64, 32\] but .* shape \[64, 33\]/);
    expect(() => transferWeights(a, b, { layers: [] })).toThrow(/option "layers"/);
    expect(() => transferWeights(a, b, { strict: 'yes' as never })).toThrow(/option "strict"/);
    expect(() => transferWeights(a, 'b' as never)).toThrow(/argument "to"/);
    a.dispose();
    b.dispose();
    wide.dispose();
  });

  it('freezes up to a layer (inclusive) or by names, and unfreezes', () => {
    const m = mlp('f');
    expect(freezeLayers(m, { upTo: 'fdrop' })).toEqual(['f1', 'fdrop']);
    expect(m.layers.map((l) => l.trainable)).toEqual([false, false, true, true]);
    expect(m.trainableWeights.length).toBe(4);
    expect(unfreezeLayers(m, { names: ['f1'] })).toEqual(['f1']);
    expect(m.layers.map((l) => l.trainable)).toEqual([true, false, true, true]);
    expect(freezeLayers(m, { upTo: 0, names: ['f3'] })).toEqual(['f1', 'f3']);
    expect(unfreezeLayers(m)).toEqual(['f1', 'fdrop', 'f2', 'f3']);
    expect(m.trainableWeights.length).toBe(6);
    expect(() => freezeLayers(m, {})).toThrow(/must give "upTo" or "names"/);
    expect(() => freezeLayers(m, { upTo: 4 })).toThrow(/option "upTo"/);
    expect(() => freezeLayers(m, { upTo: 'nope' })).toThrow(/option "upTo"/);
    expect(() => freezeLayers(m, { names: ['nope'] })).toThrow(/option "names"/);
    expect(() => freezeLayers(m, { upto: 1 } as never)).toThrow(/did you mean "upTo"/);
    m.dispose();
  });

  it('a frozen layer does not change in training after recompiling', async () => {
    const m = mlp('g');
    freezeLayers(m, { names: ['g1'] });
    m.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const before = values(m, 'g1');
    const before3 = values(m, 'g3');
    const x = tf.tensor2d(batch.slice(0, 32));
    const y = tf.randomUniform([32, 10], 0, 1, 'float32', 1);
    await m.fit(x, y, { epochs: 2, verbose: 0 });
    expect(values(m, 'g1')).toEqual(before);
    expect(values(m, 'g3')).not.toEqual(before3);
    tf.dispose([x, y]);
    m.dispose();
  });
});
