// A model using every whetstone initializer and regularizer saves and loads back with the same
// config and weights: through memory with a JSON round trip, and through file:// on disk.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backends/index.js';
import { registerFileSystemRouter } from '../../src/callbacks/index.js';
import * as init from '../../src/initializers/index.js';
import * as reg from '../../src/regularizers/index.js';

function build(): tfl.LayersModel {
  const dense = (units: number, config: Record<string, unknown>, inputShape?: number[]) =>
    tfl.layers.dense({ units, ...(inputShape ? { inputShape } : {}), ...config });
  const model = tfl.sequential({
    layers: [
      dense(6, { kernelInitializer: init.glorotUniform({ seed: 0 }), biasInitializer: init.zeros(), kernelRegularizer: reg.l1({ l1: 0.001 }) }, [5]),
      dense(6, { kernelInitializer: init.glorotNormal({ seed: 1 }), biasInitializer: init.ones(), kernelRegularizer: reg.l2({ l2: 0.002 }) }),
      dense(6, { kernelInitializer: init.heNormal({ seed: 2 }), biasInitializer: init.constant({ value: 0.3 }), kernelRegularizer: reg.l1l2({ l1: 0.001, l2: 0.003 }) }),
      dense(6, { kernelInitializer: init.heUniform({ seed: 3 }), biasInitializer: init.randomNormal({ seed: 4, mean: 0.1, stddev: 0.2 }), kernelRegularizer: reg.orthogonalRegularizer({ factor: 0.01, mode: 'columns' }) }),
      dense(6, { kernelInitializer: init.lecunNormal({ seed: 5 }), biasInitializer: init.randomUniform({ seed: 6, minval: -1, maxval: 1 }), kernelRegularizer: reg.orthogonalRegularizer(), biasRegularizer: reg.l1() }),
      dense(6, { kernelInitializer: init.lecunUniform({ seed: 7 }), biasInitializer: init.truncatedNormal({ seed: 8 }), biasRegularizer: reg.l2() }),
      dense(6, { kernelInitializer: init.orthogonal({ seed: 9, gain: 1.2 }) }),
      dense(3, { kernelInitializer: init.varianceScaling({ seed: 10, scale: 2, mode: 'fanOut', distribution: 'untruncatedNormal' }) }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  return model;
}

function configs(model: tfl.LayersModel): unknown {
  return JSON.parse(JSON.stringify(model.layers.map((l) => l.getConfig())));
}

function weights(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

async function expectSameModel(model: tfl.LayersModel, loaded: tfl.LayersModel): Promise<void> {
  expect(configs(loaded)).toEqual(configs(model));
  expect(weights(loaded)).toEqual(weights(model));
  const cls = (m: tfl.LayersModel, i: number, key: string): unknown => (m.layers[i]!.getConfig()[key] as { className?: string } | null)?.className;
  expect(cls(loaded, 0, 'kernelInitializer')).toBe('whetstone.VarianceScaling');
  expect(cls(loaded, 3, 'kernelRegularizer')).toBe('whetstone.OrthogonalRegularizer');
  expect(cls(loaded, 2, 'biasInitializer')).toBe('whetstone.Constant');
  // The loaded layers hold whetstone's classes again, with their options.
  const layer = loaded.layers[3] as unknown as { kernelRegularizer: unknown; kernelInitializer: unknown };
  expect(layer.kernelRegularizer).toBeInstanceOf(reg.OrthogonalRegularizer);
  expect((layer.kernelRegularizer as reg.OrthogonalRegularizer).options).toEqual({ factor: 0.01, mode: 'columns' });
  expect(layer.kernelInitializer).toBeInstanceOf(init.VarianceScaling);
  expect((layer.kernelInitializer as init.VarianceScaling).seed).toBe(3);
  // Training still works (the regularizers are applied) after loading.
  loaded.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  const x = tf.ones([4, 5]);
  const y = tf.zeros([4, 3]);
  const h = await loaded.fit(x, y, { epochs: 1, verbose: 0 });
  expect(Number.isFinite(h.history.loss![0] as number)).toBe(true);
  tf.dispose([x, y]);
}

describe('save and load with every initializer and regularizer', () => {
  let dir: string;
  beforeAll(async () => {
    await useBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'whetstone-initreg-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('through memory, with the topology going through JSON text', async () => {
    const model = build();
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const text = JSON.stringify(artifacts!.modelTopology);
    expect(text).toContain('whetstone.L1L2');
    const loaded = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: JSON.parse(text) as object, weightSpecs: artifacts!.weightSpecs, weightData: artifacts!.weightData }),
    );
    await expectSameModel(model, loaded);
    model.dispose();
    loaded.dispose();
  });

  it('through file:// on disk', async () => {
    registerFileSystemRouter();
    const model = build();
    await model.save(`file://${dir}/m`);
    const loaded = await tfl.loadLayersModel(`file://${dir}/m/model.json`);
    await expectSameModel(model, loaded);
    model.dispose();
    loaded.dispose();
  });

  it('registering again does nothing', () => {
    expect(() => {
      init.registerInitializers();
      reg.registerRegularizers();
    }).not.toThrow();
  });
});
