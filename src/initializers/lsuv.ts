// Layer-sequential unit-variance initialization (Mishkin & Matas, 2016).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { toMatrix } from '../core/convert.js';
import { InvalidArgumentError } from '../core/errors.js';
import { isTensor } from '../core/tensor.js';
import type { MatrixLike } from '../core/types.js';
import { checkArgument, checkOptions, invalidArgument, invalidOption, is } from '../core/validate.js';
import { Orthogonal } from './initializers.js';

/** Options of {@link lsuv}. */
export interface LsuvOptions {
  /** Tolerance on the output variance: stop when `|var − 1| < tol` (default 0.1, as the paper). */
  tol?: number;
  /** Most rescalings per layer (default 10, as the paper's T_max). */
  maxIterations?: number;
  /** Start each kernel from an orthonormal matrix (default `true`, the paper's step 1). */
  orthogonalInit?: boolean;
  /** Only these layers (by name); default every layer with a `kernel` weight, in model order. */
  layers?: readonly string[];
  /** Seed of the orthogonal pre-initialization (layer `i` of the list uses child stream `i`). */
  seed?: number;
}

/** What {@link lsuv} did to one layer. */
export interface LsuvLayerReport {
  /** The layer's name. */
  readonly name: string;
  /** Output variance on the batch after the orthogonal pre-initialization (before rescaling). */
  readonly initialVariance: number;
  /** Output variance on the batch at the end. */
  readonly variance: number;
  /** How many times the kernel was rescaled. */
  readonly iterations: number;
  /** Whether `|variance − 1| < tol` was reached within `maxIterations`. */
  readonly converged: boolean;
}

type LayersModel = tfl.LayersModel;
type Layer = LayersModel['layers'][number];

const isModel = is.custom<LayersModel>('a tfjs-layers LayersModel', (v) => v instanceof tfl.LayersModel);

function kernelIndex(layer: Layer): number {
  // `kernel`, not `recurrent_kernel` or `depthwise_kernel`: those follow other variance rules.
  return layer.weights.findIndex((w) => /(^|\/)kernel$/.test(w.originalName) && w.shape.length >= 2);
}

/**
 * LSUV initialization: pre-initialize each kernel with an orthonormal matrix, then, layer by layer
 * in model order, divide the kernel by the standard deviation of the layer's output on `batch`
 * until that output's variance is within `tol` of 1 (or `maxIterations` is reached). Only the
 * kernels of the selected layers change; biases and everything else are left as they are.
 *
 * The variance is that of what the layer outputs (after its own `activation`, if it has one;
 * give layers `activation: 'linear'` and separate activation layers to normalize
 * pre-activations as the paper's Caffe models do; a bounded activation such as tanh may never reach
 * unit variance, which the report shows as `converged: false`). Dropout is off (inference mode).
 *
 * @param model - a built model (changed in place).
 * @param batch - a batch of inputs: a tensor of the model's input shape, or a matrix
 *   (`number[][]`, `{ data, shape }`) for models with flat input; at least 2 samples.
 * @param options - see {@link LsuvOptions}.
 * @returns one report per layer, in the order they were processed.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a non-model, a bad batch, bad options,
 *   unknown layer names, or no layer with a kernel.
 * @example
 * ```ts
 * const report = await lsuv(model, xTrainBatch, { seed: 0 });
 * report.every((r) => r.converged); // true
 * ```
 * @see Mishkin & Matas (2016), "All you need is a good init", ICLR.
 */
export async function lsuv(model: LayersModel, batch: tf.Tensor | MatrixLike, options: LsuvOptions = {}): Promise<LsuvLayerReport[]> {
  const fn = 'lsuv';
  checkArgument(fn, 'model', model, isModel);
  checkOptions(fn, options, {
    tol: is.number({ min: 0, minExclusive: true }),
    maxIterations: is.integer({ min: 0 }),
    orthogonalInit: is.boolean(),
    layers: is.arrayOf(is.string({ nonEmpty: true }), { minLength: 1 }),
    seed: is.integer(),
  });
  const tol = options.tol ?? 0.1;
  const maxIterations = options.maxIterations ?? 10;
  let layers: Layer[];
  if (options.layers !== undefined) {
    layers = options.layers.map((name) => {
      const layer = model.layers.find((l) => l.name === name);
      if (layer === undefined) throw invalidOption(fn, 'layers', 'names of layers of the model', name);
      if (kernelIndex(layer) < 0) throw invalidOption(fn, 'layers', 'names of layers with a kernel', name);
      return layer;
    });
    layers = model.layers.filter((l) => layers.includes(l));
  } else {
    layers = model.layers.filter((l) => kernelIndex(l) >= 0);
  }
  if (layers.length === 0) throw new InvalidArgumentError(`${fn}: the model has no layer with a kernel (dense or convolution) to initialize.`);

  let input: tf.Tensor;
  let owned = false;
  if (isTensor(batch)) {
    const inputShape = model.inputs[0]?.shape ?? [];
    if (model.inputs.length !== 1 || batch.rank !== inputShape.length || batch.shape.some((d, i) => i > 0 && inputShape[i] !== null && inputShape[i] !== d)) {
      throw invalidArgument(fn, 'batch', `a tensor of shape [n, ${inputShape.slice(1).join(', ')}]`, batch);
    }
    input = batch;
  } else {
    const m = toMatrix(batch, { fn, name: 'batch' });
    input = tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols], 'float32');
    owned = true;
  }
  try {
    if (input.shape[0]! < 2) throw invalidArgument(fn, 'batch', 'a batch of at least 2 samples', input);
    if (!isTensor(batch)) {
      const expected = model.inputs[0]?.shape ?? [];
      if (model.inputs.length !== 1 || expected.length !== 2 || (expected[1] !== null && expected[1] !== input.shape[1])) {
        throw invalidArgument(fn, 'batch', `inputs of shape [n, ${expected.slice(1).join(', ')}]`, batch);
      }
    }
    const init = new Orthogonal(options.seed === undefined ? {} : { seed: options.seed });
    const reports: LsuvLayerReport[] = [];
    for (const layer of layers) {
      const k = kernelIndex(layer);
      const probe = tfl.model({ inputs: model.inputs, outputs: layer.output as tfl.SymbolicTensor });
      const variance = (): number => {
        const out = probe.predict(input) as tf.Tensor;
        try {
          return tf.tidy(() => tf.moments(out).variance.dataSync()[0]!);
        } finally {
          out.dispose();
        }
      };
      const setKernel = (next: tf.Tensor): void => {
        const weights = layer.getWeights();
        weights[k] = next;
        layer.setWeights(weights);
        next.dispose();
      };
      if (options.orthogonalInit ?? true) setKernel(init.apply(layer.weights[k]!.shape));
      const initialVariance = variance();
      let v = initialVariance;
      let iterations = 0;
      while (!(Math.abs(v - 1) < tol) && iterations < maxIterations) {
        // A dead layer (variance 0) cannot be rescaled to unit variance; leave it for the report.
        if (!(v > 0) || !Number.isFinite(v)) break;
        const scale = 1 / Math.sqrt(v);
        setKernel(tf.tidy(() => tf.mul(layer.getWeights()[k]!, scale)));
        v = variance();
        iterations++;
      }
      reports.push({ name: layer.name, initialVariance, variance: v, iterations, converged: Math.abs(v - 1) < tol });
    }
    return reports;
  } finally {
    if (owned) input.dispose();
  }
}
