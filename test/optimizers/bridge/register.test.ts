// A process that loads a model before making any whetstone optimizer: importing whetstone
// registers nothing, loading fails until registerOptimizerClass() is called. (Each test file runs
// in its own process, so tfjs's serialization registry starts empty here.)
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { momentum, registerOptimizerClass, WhetstoneOptimizer } from '../../../src/optimizers/index.js';
import { memoryFiles, mlp, weightsOf } from './_models.js';

describe('registerOptimizerClass', () => {
  it('is what lets loadLayersModel rebuild a whetstone optimizer; importing whetstone registers nothing', async () => {
    const registry = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(registry[WhetstoneOptimizer.className]).toBeUndefined();
    // The constructor, unlike toTfjsOptimizer, does not register: this stands for a model saved
    // by another process.
    const optimizer = new WhetstoneOptimizer(momentum({ learningRate: 0.05 }));
    const model = mlp(2, 3, 1);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const [x, y] = [tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1], [0]])];
    await model.fit(x, y, { epochs: 2, verbose: 0 });
    const files = memoryFiles();
    await model.save(files, { includeOptimizer: true });
    expect(registry[WhetstoneOptimizer.className]).toBeUndefined();

    await expect(tfl.loadLayersModel(files)).rejects.toThrow(/whetstone\.Optimizer/);
    registerOptimizerClass();
    registerOptimizerClass(); // again: nothing more happens
    expect(registry[WhetstoneOptimizer.className]?.[0]).toBe(WhetstoneOptimizer);
    const loaded = await tfl.loadLayersModel(files);
    expect(loaded.optimizer).toBeInstanceOf(WhetstoneOptimizer);
    expect(loaded.optimizer.iterations).toBe(2);
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    await loaded.fit(x, y, { epochs: 1, verbose: 0 });
    expect(weightsOf(loaded)).toEqual(weightsOf(model));
    tf.dispose([x, y]);
    for (const m of [model, loaded]) {
      m.optimizer.dispose();
      m.dispose();
    }
  });
});
