// Transfer learning helpers: copy weights between models layer by layer, and freeze layers.
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { checkArgument, checkOptions, formatValue, invalidArgument, invalidOption, is } from '../core/validate.js';

type LayersModel = tfl.LayersModel;
type Layer = LayersModel['layers'][number];

/** Options of {@link transferWeights}. */
export interface TransferWeightsOptions {
  /**
   * Which layers to copy: a list of names present in both models, or a mapping
   * `{ [name in from]: name in to }`. Default: every layer of `to` that has weights and a layer of
   * the same name in `from`.
   */
  layers?: readonly string[] | Readonly<Record<string, string>>;
  /**
   * With the default `layers`, require every layer of `to` that has weights to have a same-named
   * layer in `from` (default `true`); with `false`, layers without a match are left as they are.
   * Named layers must always exist, and shapes must always match.
   */
  strict?: boolean;
}

/** One copied layer in the result of {@link transferWeights}. */
export interface TransferredLayer {
  /** Name of the layer in the source model. */
  readonly from: string;
  /** Name of the layer in the target model. */
  readonly to: string;
  /** How many weight tensors were copied. */
  readonly weights: number;
}

/** Options of {@link freezeLayers} and {@link unfreezeLayers}. */
export interface FreezeLayersOptions {
  /** Every layer from the first up to and including this one (an index into `model.layers`, or a layer name). */
  upTo?: number | string;
  /** These layers, by name. */
  names?: readonly string[];
}

const isModel = is.custom<LayersModel>('a tfjs-layers LayersModel', (v) => v instanceof tfl.LayersModel);

function layerByName(fn: string, argument: string, model: LayersModel, name: string): Layer {
  const layer = model.layers.find((l) => l.name === name);
  if (layer === undefined) {
    const known = model.layers.map((l) => l.name);
    throw invalidArgument(fn, argument, `a model with a layer named "${name}"`, model.name, `its layers are ${formatValue(known)}`);
  }
  return layer;
}

/**
 * Initialize a model from a pre-trained one: copy the weights of matching layers from `from` to
 * `to` (values are copied; the two models stay independent). Everything is checked before
 * anything is copied, so on an error `to` is unchanged.
 *
 * @param from - the source model (built).
 * @param to - the target model (built); only the selected layers change.
 * @param options - see {@link TransferWeightsOptions}.
 * @returns the copied layers, in the order of `to`'s layers (or of the given list / mapping).
 * @throws {@link "whetstone/core"!InvalidArgumentError} for non-models, bad options, unknown layer
 *   names, no layer to copy, or (with `strict`) an unmatched layer;
 *   {@link "whetstone/core"!ShapeError} when a layer's weights differ in number or shape.
 * @example
 * ```ts
 * transferWeights(pretrained, model, { layers: { encoder_1: 'dense_a', encoder_2: 'dense_b' } });
 * freezeLayers(model, { names: ['dense_a', 'dense_b'] });
 * model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' }); // recompile after freezing
 * ```
 * @see Keras `Model.load_weights(by_name=True)`; seed 002, section 6.1.10 (transfer learning).
 */
export function transferWeights(from: LayersModel, to: LayersModel, options: TransferWeightsOptions = {}): TransferredLayer[] {
  const fn = 'transferWeights';
  checkArgument(fn, 'from', from, isModel);
  checkArgument(fn, 'to', to, isModel);
  checkOptions(fn, options, {
    layers: is.anyOf(is.arrayOf(is.string({ nonEmpty: true })), is.record(is.string({ nonEmpty: true }), is.string({ nonEmpty: true }))),
    strict: is.boolean(),
  });
  const strict = options.strict ?? true;
  let pairs: [Layer, Layer][];
  if (options.layers === undefined) {
    pairs = [];
    for (const target of to.layers) {
      if (target.weights.length === 0) continue;
      const source = from.layers.find((l) => l.name === target.name);
      if (source !== undefined) pairs.push([source, target]);
      else if (strict) {
        throw new InvalidArgumentError(
          `${fn}: layer "${target.name}" of the target model has no layer of the same name in the source model; ` +
            'pass { strict: false } to skip it, or map names with { layers: { source: target } }.',
        );
      }
    }
  } else {
    const entries: [string, string][] = Array.isArray(options.layers)
      ? (options.layers as readonly string[]).map((n) => [n, n])
      : Object.entries(options.layers as Record<string, string>);
    if (entries.length === 0) throw invalidOption(fn, 'layers', 'a non-empty list or mapping of layer names', options.layers);
    pairs = entries.map(([a, b]) => [layerByName(fn, 'from', from, a), layerByName(fn, 'to', to, b)]);
  }
  if (pairs.length === 0) throw new InvalidArgumentError(`${fn}: no layer of the target model matches a layer of the source model by name; map names with { layers: { source: target } }.`);
  for (const [source, target] of pairs) {
    const a = source.weights;
    const b = target.weights;
    if (a.length !== b.length) {
      throw new ShapeError(`${fn}: layer "${source.name}" has ${a.length} weight tensors but layer "${target.name}" has ${b.length}.`);
    }
    a.forEach((w, i) => {
      const other = b[i]!;
      if (w.shape.length !== other.shape.length || w.shape.some((d, j) => d !== other.shape[j])) {
        throw new ShapeError(
          `${fn}: weight ${i} ("${w.originalName}") of layer "${source.name}" has shape [${w.shape.join(', ')}] but ` +
            `"${other.originalName}" of layer "${target.name}" has shape [${other.shape.join(', ')}].`,
        );
      }
    });
  }
  // getWeights() hands out the layers' own variables (no copies to dispose); setWeights assigns.
  for (const [source, target] of pairs) target.setWeights(source.getWeights());
  return pairs.map(([s, t]) => ({ from: s.name, to: t.name, weights: t.weights.length }));
}

function selectLayers(fn: string, model: LayersModel, options: FreezeLayersOptions | undefined, required: boolean): Layer[] {
  checkArgument(fn, 'model', model, isModel);
  checkOptions(fn, options, {
    upTo: is.anyOf(is.integer({ min: 0 }), is.string({ nonEmpty: true })),
    names: is.arrayOf(is.string({ nonEmpty: true })),
  });
  const upTo = options?.upTo;
  const names = options?.names;
  if (upTo === undefined && names === undefined) {
    if (required) throw new InvalidArgumentError(`${fn}: options must give "upTo" or "names"; got ${formatValue(options)}.`);
    return [...model.layers];
  }
  const chosen = new Set<Layer>();
  if (upTo !== undefined) {
    let last: number;
    if (typeof upTo === 'number') {
      if (upTo >= model.layers.length) throw invalidOption(fn, 'upTo', `an index in [0, ${model.layers.length - 1}] or a layer name`, upTo);
      last = upTo;
    } else {
      last = model.layers.findIndex((l) => l.name === upTo);
      if (last < 0) throw invalidOption(fn, 'upTo', 'the name of a layer of the model', upTo, `its layers are ${formatValue(model.layers.map((l) => l.name))}`);
    }
    for (let i = 0; i <= last; i++) chosen.add(model.layers[i]!);
  }
  for (const name of names ?? []) {
    const layer = model.layers.find((l) => l.name === name);
    if (layer === undefined) throw invalidOption(fn, 'names', 'names of layers of the model', name, `its layers are ${formatValue(model.layers.map((l) => l.name))}`);
    chosen.add(layer);
  }
  return model.layers.filter((l) => chosen.has(l));
}

/**
 * Freeze layers (set `trainable = false`) so that training leaves their weights alone. In tfjs,
 * as in Keras, the change takes effect at the next `model.compile(…)`: recompile after freezing.
 *
 * @param model - the model whose layers to freeze (changed in place).
 * @param options - `upTo` (every layer up to and including it) and/or `names`; at least one.
 * @returns the names of the layers now frozen by this call, in model order.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a non-model, neither option, an index
 *   out of range or an unknown name.
 * @example
 * ```ts
 * freezeLayers(model, { upTo: 'encoder_out' });
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * ```
 * @see https://keras.io/guides/transfer_learning/
 */
export function freezeLayers(model: LayersModel, options: FreezeLayersOptions): string[] {
  const layers = selectLayers('freezeLayers', model, options, true);
  for (const layer of layers) layer.trainable = false;
  return layers.map((l) => l.name);
}

/**
 * Unfreeze layers (set `trainable = true`), all of them when no option is given. Recompile the
 * model afterwards for the change to take effect (for fine-tuning, with a small learning rate).
 *
 * @param model - the model whose layers to unfreeze (changed in place).
 * @param options - `upTo` and/or `names` as in {@link freezeLayers}; omitted: every layer.
 * @returns the names of the layers made trainable, in model order.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for a non-model, an index out of range or an unknown name.
 * @example
 * ```ts
 * unfreezeLayers(model);
 * model.compile({ optimizer: tf.train.adam(1e-5), loss: 'meanSquaredError' });
 * ```
 * @see https://keras.io/guides/transfer_learning/
 */
export function unfreezeLayers(model: LayersModel, options?: FreezeLayersOptions): string[] {
  const layers = selectLayers('unfreezeLayers', model, options, false);
  for (const layer of layers) layer.trainable = true;
  return layers.map((l) => l.name);
}
