// fileSystemHandler and the file:// router: model.save / loadLayersModel round trips in Node.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import { fileSystemHandler, registerFileSystemRouter } from '../../src/callbacks/index.js';

const root = mkdtempSync(join(tmpdir(), 'whetstone-fs-'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

function model(): tfl.Sequential {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [3], units: 5, activation: 'tanh', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }));
  m.add(tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }));
  m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

function weightsOf(m: tfl.LayersModel): number[][] {
  return m.getWeights().map((w) => Array.from(w.dataSync()));
}

describe('fileSystemHandler', () => {
  it('round-trips topology, training config and weights through a directory', async () => {
    const dir = join(root, 'handler');
    const m = model();
    const result = await m.save(fileSystemHandler(dir));
    expect(result.modelArtifactsInfo.weightDataBytes).toBe((3 * 5 + 5 + 5 * 2 + 2) * 4);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    for (const path of [dir, join(dir, 'model.json'), `file://${dir}`]) {
      const back = await tfl.loadLayersModel(fileSystemHandler(path));
      expect(back.toJSON(null, false)).toEqual(m.toJSON(null, false));
      expect(weightsOf(back)).toEqual(weightsOf(m));
      const x = tf.tensor2d([[0.1, -0.2, 0.3]]);
      const [a, b] = [m.predict(x) as tf.Tensor, back.predict(x) as tf.Tensor];
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([x, a, b]);
      back.dispose();
    }
    m.dispose();
  });

  it('names the missing file when loading fails, and rejects bad paths up front', async () => {
    await expect(tfl.loadLayersModel(fileSystemHandler(join(root, 'nothing-here')))).rejects.toThrow(/cannot read the model file .*nothing-here/);
    expect(() => fileSystemHandler('')).toThrow(InvalidArgumentError);
    expect(() => fileSystemHandler('file://')).toThrow(InvalidArgumentError);
    expect(() => fileSystemHandler(3 as never)).toThrow(/fileSystemHandler: argument "path" must be a non-empty string/);
  });
});

describe('registerFileSystemRouter', () => {
  it('makes file:// URLs work for model.save and loadLayersModel, once', async () => {
    expect(registerFileSystemRouter()).toBe(true);
    expect(registerFileSystemRouter()).toBe(false);
    expect(tf.io.getSaveHandlers('file:///x')).toHaveLength(1);
    const dir = join(root, 'router');
    const m = model();
    await m.save(`file://${dir}`);
    const back = await tfl.loadLayersModel(`file://${dir}/model.json`);
    expect(back.toJSON(null, false)).toEqual(m.toJSON(null, false));
    expect(weightsOf(back)).toEqual(weightsOf(m));
    m.dispose();
    back.dispose();
  });
});
