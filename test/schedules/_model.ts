// Small seeded tfjs-layers models and data shared by the callback and range-test tests.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng } from '../../src/core/index.js';

/** A noisy linear regression: 3 features, y = x·w + 0.5 + noise, seeded. */
export function regressionData(rows = 64, seed = 1): { x: number[][]; y: number[] } {
  const rng = createRng(seed);
  const w = [1.5, -2, 0.7];
  const x = Array.from({ length: rows }, () => w.map(() => rng.normal()));
  const y = x.map((r) => r.reduce((s, v, j) => s + v * w[j]!, 0.5) + 0.1 * rng.normal());
  return { x, y };
}

/** A seeded 3-8-1 dense regressor (uncompiled). */
export function denseRegressor(seed = 3, hidden = 8): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [3], units: hidden, activation: 'tanh', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }));
  model.add(tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }));
  return model;
}

/** An optimizer's learning rate, a protected field in tfjs's typings but public at runtime (contract 4). */
export function rateOf(optimizer: tf.Optimizer): number {
  return (optimizer as unknown as { learningRate: number }).learningRate;
}

/** Every weight of `model` as plain numbers. */
export function weightValues(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

/**
 * An optimizer that exposes `learningRate` only through an accessor (as whetstone's bridge does),
 * with no `setLearningRate`: plain SGD whose rate is base × multiplier.
 */
export class AccessorSgd extends tf.Optimizer {
  /** tfjs's serialization name. */
  static get className(): string {
    return 'WhetstoneTestAccessorSgd';
  }
  multiplier = 1;
  constructor(readonly base: number) {
    super();
  }
  get learningRate(): number {
    return this.base * this.multiplier;
  }
  set learningRate(v: number) {
    this.multiplier = v / this.base;
  }
  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const list = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    for (const { name, tensor } of list) {
      const variable = tf.engine().registeredVariables[name]!;
      tf.tidy(() => variable.assign(tf.sub(variable, tf.mul(tensor, this.learningRate))));
    }
    this.incrementIterations();
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { base: this.base };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config.base as number);
  }
}
