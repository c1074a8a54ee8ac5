// The learning-rate range test (Smith, 2015; as fastai's `lr_find`): train briefly while the rate
// grows exponentially, watch the smoothed loss, and suggest a rate from the curve.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkSameLength, toMatrix, toVector } from '../core/convert.js';
import { ConvergenceError, InvalidArgumentError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { isTensor } from '../core/tensor.js';
import type { MatrixLike, Rng, VectorLike } from '../core/types.js';
import { checkArgument, checkOptions, formatValue, invalidArgument, invalidOption, is } from '../core/validate.js';
import { readLearningRate, writeLearningRate } from './_internal/rate.js';
import { rangeTestSvg } from './_internal/svg.js';

/** Options of {@link findLearningRate} (fastai's `lr_find` defaults). */
export interface FindLearningRateOptions {
  /** The first learning rate of the ramp, a number > 0 (default 1e-7). */
  minLR?: number;
  /** The last learning rate of the ramp, a finite number > minLR (default 10). */
  maxLR?: number;
  /** Batches to train on, one per rate, an integer >= 2 (default 100). */
  numSteps?: number;
  /** Rows per batch, an integer >= 1 (default 32; at most the number of rows is used). */
  batchSize?: number;
  /** Smoothing of the loss, an exponential moving average with bias correction, in [0, 1) (default 0.98). */
  beta?: number;
  /** Stop once the smoothed loss exceeds this many times the best so far, a number > 1 (default 4). */
  divergeFactor?: number;
  /** Seed (integer, string or `Rng`) for the batch sampling (default: a fresh random seed). */
  seed?: number | string | Rng;
}

/** Suggested learning rates read from the range-test curve. */
export interface LearningRateSuggestion {
  /** The rate where the smoothed loss falls fastest against log(rate) (fastai's "steep"). */
  readonly steepest: number;
  /** The rate of the lowest smoothed loss, divided by 10 (fastai's "minimum"). */
  readonly minLossOver10: number;
}

/** Options of {@link LearningRateFinderResult.toSvg}. */
export interface LearningRatePlotOptions {
  /** Width in pixels, an integer >= 200 (default 640). */
  width?: number;
  /** Height in pixels, an integer >= 150 (default 400). */
  height?: number;
  /** A title above the plot (default: none). */
  title?: string;
}

/** What {@link findLearningRate} returns: the curve, the suggestions and a plot of them. */
export interface LearningRateFinderResult {
  /** The learning rate of each recorded batch, increasing. */
  readonly learningRates: number[];
  /** The training loss of each recorded batch (before its update). */
  readonly losses: number[];
  /** The smoothed loss (bias-corrected exponential moving average) at each recorded batch. */
  readonly smoothedLosses: number[];
  /** The suggested learning rates. */
  readonly suggestion: LearningRateSuggestion;
  /**
   * Why the ramp ended: `'completed'` (all `numSteps` batches), `'diverged'` (the smoothed loss
   * passed `divergeFactor` × its best) or `'nonFinite'` (a loss was NaN or infinite; that batch is
   * not recorded).
   */
  readonly stopReason: 'completed' | 'diverged' | 'nonFinite';
  /**
   * A self-contained SVG document: raw and smoothed loss against the learning rate on a log axis,
   * with the two suggestions marked.
   *
   * @param options - size and title.
   * @returns the SVG markup.
   * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options.
   */
  toSvg(options?: LearningRatePlotOptions): string;
}

type Data = { tensor: tf.Tensor; owned: boolean; rows: number };

function isNestedRows(v: unknown): boolean {
  if (!Array.isArray(v)) return typeof v === 'object' && v !== null && 'shape' in v && 'data' in v && !ArrayBuffer.isView(v);
  const first = v[0] as unknown;
  return typeof first === 'object' && first !== null;
}

// Validation only: read arrays (checking finiteness and raggedness) without creating tensors yet.
function checkData(fn: string, name: string, v: unknown, allowVector: boolean): number {
  if (isTensor(v)) {
    if (v.isDisposed) throw new InvalidArgumentError(`${fn}: argument "${name}" is a disposed tensor.`);
    if (v.rank < 1) throw invalidArgument(fn, name, 'a tensor of rank >= 1 (one row per sample)', v);
    const finite = tf.tidy(() => tf.all(tf.isFinite(v)).dataSync()[0]);
    if (finite !== 1) throw invalidArgument(fn, name, 'a tensor of finite values', v, 'it holds NaN or an infinity');
    return v.shape[0]!;
  }
  if (!allowVector || isNestedRows(v)) return toMatrix(v as MatrixLike, { fn, name }).rows;
  return toVector(v as VectorLike, { fn, name }).length;
}

function toTensor(fn: string, name: string, v: unknown, allowVector: boolean): Data {
  if (isTensor(v)) {
    // A rank-1 target tensor becomes one column, as a vector of targets does.
    if (allowVector && v.rank === 1) return { tensor: tf.reshape(v, [v.shape[0]!, 1]), owned: true, rows: v.shape[0]! };
    return { tensor: v, owned: false, rows: v.shape[0]! };
  }
  if (!allowVector || isNestedRows(v)) {
    const m = toMatrix(v as MatrixLike, { fn, name });
    return { tensor: tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]), owned: true, rows: m.rows };
  }
  // A vector of targets becomes one column, the shape a single-output model's targets have.
  const vec = toVector(v as VectorLike, { fn, name });
  return { tensor: tf.tensor2d(Float32Array.from(vec.data), [vec.length, 1]), owned: true, rows: vec.length };
}

interface OptimizerClass {
  fromConfig(cls: unknown, config: tf.serialization.ConfigDict): tf.Optimizer;
}

function copyOptimizer(fn: string, optimizer: tf.Optimizer): tf.Optimizer {
  try {
    const cls = optimizer.constructor as unknown as OptimizerClass;
    const copy = cls.fromConfig(cls, optimizer.getConfig());
    if (!(copy instanceof tf.Optimizer)) throw new Error(`fromConfig returned ${formatValue(copy)}`);
    return copy;
  } catch (error) {
    throw new InvalidArgumentError(
      `${fn}: argument "model" must have an optimizer that its class's fromConfig(getConfig()) can copy (the test runs on a copy, leaving the model's optimizer untouched); copying ${formatValue(optimizer)} failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** fastai's suggestions, on the curve without its first tenth of the planned steps and its last 5 points. */
function suggest(learningRates: readonly number[], smoothed: readonly number[], numSteps: number): LearningRateSuggestion {
  let lo = Math.floor(numSteps / 10);
  let hi = smoothed.length - 5;
  if (hi - lo < 2) [lo, hi] = [0, smoothed.length];
  let steepIndex = lo;
  let steepest = Number.POSITIVE_INFINITY;
  for (let i = lo; i < hi - 1; i++) {
    const slope = (smoothed[i + 1]! - smoothed[i]!) / (Math.log(learningRates[i + 1]!) - Math.log(learningRates[i]!));
    if (slope < steepest) [steepest, steepIndex] = [slope, i];
  }
  let minIndex = lo;
  for (let i = lo; i < hi; i++) if (smoothed[i]! < smoothed[minIndex]!) minIndex = i;
  return { steepest: learningRates[steepIndex]!, minLossOver10: learningRates[minIndex]! / 10 };
}

/**
 * The learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural Networks",
 * 2015/2017, as fastai's `lr_find`): train on `numSteps` seeded random batches while the learning
 * rate grows exponentially from `minLR` to `maxLR`, smooth the loss, stop when it diverges, and
 * suggest a rate: where the smoothed loss falls fastest, and a tenth of the rate at its minimum.
 *
 * The model is left as it was: its weights (trainable or not) are copied before and restored
 * exactly after, even when training throws, and its optimizer is not used — the test trains with
 * a fresh copy of it (same class and settings, via `fromConfig(getConfig())`), whose rate it sets
 * each step (through `setLearningRate` or `learningRate`), so the optimizer's state and rate are
 * untouched. The loss is the model's compiled loss (plus regularization), as `trainOnBatch`
 * reports it.
 *
 * @param model - a compiled tfjs-layers model, not currently in `fit`.
 * @param x - inputs: a matrix (`number[][]`, `{ data, shape }`, `Tensor2D`) or a tensor of any
 *   rank with one row per sample.
 * @param y - targets: a vector or rank-1 tensor (read as one column), a matrix or a tensor, one row
 *   per sample.
 * @param options - ramp, length, batch size, smoothing, divergence and seed.
 * @returns the curve and suggestions (plain numbers), with `toSvg()`. The inputs are not modified
 *   or disposed.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a model that is not a compiled
 *   LayersModel (or whose optimizer cannot be copied), non-finite data or bad options;
 *   {@link "whetstone/core"!ShapeError} for x and y of different lengths;
 *   {@link "whetstone/core"!ConvergenceError} when fewer than two batches gave a finite loss.
 * @example
 * ```ts
 * model.compile({ optimizer: tf.train.adam(), loss: 'categoricalCrossentropy' });
 * const test = await findLearningRate(model, x, y, { seed: 1 });
 * test.suggestion.steepest; // e.g. 0.003
 * writeFileSync('lr.svg', test.toSvg());
 * ```
 * @see https://arxiv.org/abs/1506.01186
 * @see https://docs.fast.ai/callback.schedule.html#lr_find
 */
export async function findLearningRate(
  model: tfl.LayersModel,
  x: MatrixLike | tf.Tensor,
  y: MatrixLike | VectorLike | tf.Tensor,
  options: FindLearningRateOptions = {},
): Promise<LearningRateFinderResult> {
  const fn = 'findLearningRate';
  checkOptions(fn, options, {
    minLR: is.number({ min: 0, minExclusive: true }),
    maxLR: is.number({ min: 0, minExclusive: true }),
    numSteps: is.integer({ min: 2 }),
    batchSize: is.integer({ min: 1 }),
    beta: is.number({ min: 0, max: 1, maxExclusive: true }),
    divergeFactor: is.number({ min: 1, minExclusive: true }),
    seed: is.seed(),
  });
  const minLR = options.minLR ?? 1e-7;
  const maxLR = options.maxLR ?? 10;
  const numSteps = options.numSteps ?? 100;
  const beta = options.beta ?? 0.98;
  const divergeFactor = options.divergeFactor ?? 4;
  if (!(maxLR > minLR)) throw invalidOption(fn, 'maxLR', `a finite number > minLR (${minLR})`, maxLR);
  checkArgument(fn, 'model', model, is.custom('a tfjs-layers LayersModel', (v) => v instanceof tfl.LayersModel));
  const original = model.optimizer as tf.Optimizer | undefined;
  if (original == null) throw invalidArgument(fn, 'model', 'a compiled model (call model.compile first)', model);
  if ((model as unknown as { isTraining?: unknown }).isTraining === true) throw invalidArgument(fn, 'model', 'a model that is not in the middle of fit', model);
  readLearningRate(fn, original);
  const rows = checkData(fn, 'x', x, false);
  checkSameLength(fn, [['x', rows], ['y', checkData(fn, 'y', y, true)]]);
  if (rows === 0) throw invalidArgument(fn, 'x', 'a non-empty set of rows', x);
  const batchSize = Math.min(options.batchSize ?? 32, rows);
  const rng = createRng(options.seed);
  const copy = copyOptimizer(fn, original);

  const learningRates: number[] = [];
  const losses: number[] = [];
  const smoothedLosses: number[] = [];
  let stopReason: LearningRateFinderResult['stopReason'] = 'completed';
  const owned: tf.Tensor[] = [];
  const saved = model.getWeights().map((w) => tf.clone(w));
  const ownership = (model as unknown as { isOptimizerOwned?: unknown }).isOptimizerOwned;
  try {
    const xs = toTensor(fn, 'x', x, false);
    if (xs.owned) owned.push(xs.tensor);
    const ys = toTensor(fn, 'y', y, true);
    if (ys.owned) owned.push(ys.tensor);
    model.optimizer = copy;

    let order = rng.permutation(rows);
    let cursor = 0;
    let average = 0;
    let best = Number.POSITIVE_INFINITY;
    const ratio = maxLR / minLR;
    for (let i = 0; i < numSteps; i++) {
      const lr = minLR * ratio ** (i / (numSteps - 1));
      writeLearningRate(copy, lr);
      const batch: number[] = [];
      while (batch.length < batchSize) {
        if (cursor === rows) [order, cursor] = [rng.permutation(rows), 0];
        batch.push(order[cursor++]!);
      }
      const [xb, yb] = tf.tidy(() => {
        const index = tf.tensor1d(batch, 'int32');
        return [tf.gather(xs.tensor, index), tf.gather(ys.tensor, index)];
      });
      let out: number | number[];
      try {
        out = await model.trainOnBatch(xb, yb);
      } finally {
        xb.dispose();
        yb.dispose();
      }
      const loss = Array.isArray(out) ? out[0]! : out;
      if (!Number.isFinite(loss)) {
        stopReason = 'nonFinite';
        break;
      }
      average = beta * average + (1 - beta) * loss;
      const smoothed = average / (1 - beta ** (i + 1));
      learningRates.push(lr);
      losses.push(loss);
      smoothedLosses.push(smoothed);
      if (smoothed < best) best = smoothed;
      if (best > 0 && smoothed > divergeFactor * best) {
        stopReason = 'diverged';
        break;
      }
    }
  } finally {
    model.optimizer = original;
    if (typeof ownership === 'boolean') (model as unknown as { isOptimizerOwned: boolean }).isOptimizerOwned = ownership;
    model.setWeights(saved);
    for (const t of saved) t.dispose();
    for (const t of owned) t.dispose();
    copy.dispose();
  }

  if (learningRates.length < 2) {
    throw new ConvergenceError(
      `${fn}: only ${learningRates.length} batch${learningRates.length === 1 ? '' : 'es'} gave a finite loss before the test stopped (${stopReason}); lower option "minLR" (${minLR}) or check the data and model.`,
    );
  }
  const suggestion = suggest(learningRates, smoothedLosses, numSteps);
  const curve = { learningRates, losses, smoothedLosses, suggestion };
  return {
    ...curve,
    stopReason,
    toSvg(plotOptions: LearningRatePlotOptions = {}): string {
      checkOptions('toSvg', plotOptions, { width: is.integer({ min: 200 }), height: is.integer({ min: 150 }), title: is.string() });
      return rangeTestSvg(curve, { width: plotOptions.width ?? 640, height: plotOptions.height ?? 400, title: plotOptions.title });
    },
  };
}
