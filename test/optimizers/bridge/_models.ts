// Small tfjs-layers models and in-memory save handlers shared by the bridge's tests.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach } from 'vitest';

/**
 * `own(x)` marks `x` (a model or an optimizer) for disposal after the current test. Call once at a
 * test file's top level: it registers the afterEach hook of that file.
 */
export function disposeAfterEach(): <T extends { dispose(): void }>(x: T) => T {
  const owned: { dispose(): void }[] = [];
  afterEach(() => {
    for (const d of owned.splice(0)) d.dispose();
  });
  return (x) => {
    owned.push(x);
    return x;
  };
}

/** A seeded MLP `inputs → hidden (relu) → outputs`; the same seed builds the same weights. */
export function mlp(inputs: number, hidden: number, outputs: number, seed = 1, outputActivation: 'linear' | 'softmax' = 'linear'): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [inputs], units: hidden, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
      tfl.layers.dense({ units: outputs, activation: outputActivation, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** A copy of `model` (same architecture, same weight values). */
export function cloneModel(model: tfl.LayersModel, seed = 1): tfl.Sequential {
  const [inputs, hidden] = [model.inputs[0]!.shape[1]!, (model.layers[0] as tfl.layers.Layer & { units: number }).units];
  const outputs = model.outputs[0]!.shape[1]!;
  const copy = mlp(inputs, hidden, outputs, seed);
  copy.setWeights(model.getWeights());
  return copy;
}

/** Every weight of a model as plain arrays. */
export function weightsOf(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

/** The values of named tensors (an optimizer's getWeights), by name. */
export async function namedValues(weights: readonly { name: string; tensor: tf.Tensor }[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const w of weights) out[w.name] = Array.from(await w.tensor.data());
  return out;
}

/**
 * A save handler that keeps what it is given as a file system would: the JSON parts through
 * `JSON.stringify` and the weights as a copied buffer. `load()` hands them back.
 */
export function memoryFiles(): tf.io.IOHandler & { saved(): boolean; json(): string } {
  let stored: { json: string; weights: ArrayBuffer } | undefined;
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const { weightData, ...rest } = artifacts;
      const data = tf.io.concatenateArrayBuffers(Array.isArray(weightData) ? weightData : weightData === undefined ? [] : [weightData]);
      stored = { json: JSON.stringify(rest), weights: data.slice(0) };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      if (stored === undefined) throw new Error('nothing saved');
      return { ...(JSON.parse(stored.json) as tf.io.ModelArtifacts), weightData: stored.weights.slice(0) };
    },
    saved: () => stored !== undefined,
    json: () => stored?.json ?? '',
  };
}
