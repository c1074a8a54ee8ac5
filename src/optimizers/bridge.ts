import * as tf from '@tensorflow/tfjs-core';
import { registerOnce } from '../core/_internal/serialization.js';
import { InvalidArgumentError, ShapeError, WhetstoneError } from '../core/errors.js';
import { collectTensors, isTensor } from '../core/tensor.js';
import { checkArgument, checkOptions, formatValue, invalidArgument, is } from '../core/validate.js';
import {
  assemble,
  canonicalName,
  isPlainObject,
  mapTensors,
  mergeTemplates,
  splitInit,
  splitUpdate,
  templateTensors,
  valueTensors,
  type Entry,
} from './_internal/bridge-state.js';
import {
  decodeValue,
  deserializeState,
  fromLoaderSafeJson,
  isJsonLike,
  serializeState,
  SKELETON_NAME,
  skeletonProblem,
  toLoaderSafeJson,
  type Skeleton,
} from './_internal/bridge-serialize.js';
import { transformFromConfig } from './registry.js';
import type { GradientTransformation, TransformConfig } from './types.js';

/** Options of {@link toTfjsOptimizer}. */
export interface ToTfjsOptimizerOptions {
  /**
   * Factor applied to every update, i.e. to the learning rate (default `1`). Setting
   * `optimizer.learningRate` changes it; it is saved with the model.
   */
  learningRateMultiplier?: number;
}

/** A tensor with a name: a variable's gradient for `applyGradients`, a state tensor in `getWeights`. */
export interface NamedTensor {
  /** The variable's name (gradients) or the state tensor's name (weights). */
  name: string;
  /** The tensor. */
  tensor: tf.Tensor;
}

interface StepItem {
  readonly name: string;
  readonly grad: tf.Tensor;
  readonly variable: tf.Variable;
}

const TRANSFORM_DESCRIPTION = 'a GradientTransformation (init and update functions, and a JSON-serializable config { name, options })';

function checkTransform(fn: string, transform: unknown): asserts transform is GradientTransformation {
  const t = transform as Partial<GradientTransformation> | null;
  const config = t?.config as unknown;
  const ok =
    typeof t === 'object' &&
    t !== null &&
    typeof t.init === 'function' &&
    typeof t.update === 'function' &&
    isPlainObject(config) &&
    typeof config.name === 'string' &&
    config.name.length > 0 &&
    isPlainObject(config.options) &&
    isJsonLike(config);
  if (!ok) throw invalidArgument(fn, 'transform', TRANSFORM_DESCRIPTION, transform);
  const lr = t.learningRate as unknown;
  if (lr !== undefined && !(typeof lr === 'number' && Number.isFinite(lr) && lr >= 0) && typeof lr !== 'function') {
    throw invalidArgument(fn, 'transform', 'a GradientTransformation whose learningRate is a finite number >= 0 or a schedule', lr);
  }
}

const OPTIONS_SPEC = { learningRateMultiplier: is.number({ min: 0 }) };

/**
 * A `tf.Optimizer` that runs a whetstone {@link GradientTransformation}: made by
 * {@link toTfjsOptimizer}, it works wherever tfjs takes an optimizer (`model.compile`, `fit`,
 * `fitDataset`, `optimizer.minimize`) and is saved and restored with the model.
 *
 * State is kept by variable name, not by position: a variable seen for the first time gets fresh
 * state (its per-parameter part; counters global to the transformation, such as Adam's step
 * count, are shared by all variables, as in tfjs's own optimizers), and several models can share
 * one optimizer. Each step applies `variable ← variable + update × multiplier` in one `tf.tidy`
 * and disposes the state it replaced.
 *
 * @see {@link toTfjsOptimizer}
 */
export class WhetstoneOptimizer extends tf.Optimizer {
  /** The name tfjs's serialization registry knows this class by (saved in `model.json`). */
  static get className(): string {
    // A getter, as in tfjs, so that the class stays tree-shakeable.
    return 'whetstone.Optimizer';
  }

  /** The transformation this optimizer runs (read-only; its `config` is what gets saved). */
  readonly transform: GradientTransformation;

  private multiplier: number;
  private multiplierTensor: tf.Scalar | undefined;
  /** The global part of the state, with slots for the per-parameter maps; `undefined` before the first step. */
  private template: unknown = undefined;
  /** Each variable's per-parameter state, by variable name. */
  private entries = new Map<string, Entry>();
  /** Entries restored by `setWeights` that no live variable has claimed yet. */
  private orphans = new Set<string>();
  /** Tensors made for the last `getWeights` (iteration count, skeleton), owned here. */
  private meta: tf.Tensor[] = [];

  /**
   * Prefer {@link toTfjsOptimizer}, which also registers the class for loading.
   *
   * @param transform - the transformation to run.
   * @param options - see {@link ToTfjsOptimizerOptions}.
   * @throws {@link "whetstone/core"!InvalidArgumentError} for a bad transformation or options.
   */
  constructor(transform: GradientTransformation, options: ToTfjsOptimizerOptions = {}) {
    super();
    checkTransform('WhetstoneOptimizer', transform);
    checkOptions('WhetstoneOptimizer', options, OPTIONS_SPEC);
    this.transform = transform;
    this.multiplier = options.learningRateMultiplier ?? 1;
  }

  /**
   * The effective learning rate at the current step: the transformation's `learningRate`
   * (evaluated at {@link WhetstoneOptimizer.iterations} when it is a schedule) times the
   * multiplier, or the multiplier alone when the transformation has no learning rate. Setting it
   * changes the multiplier so that the rate at the current step becomes the value given: a
   * schedule keeps its shape, scaled.
   *
   * @throws {@link "whetstone/core"!InvalidArgumentError} on set, for a value that is not a finite
   *   number >= 0, or a positive value at a step where the schedule is 0 (no multiplier reaches it).
   */
  get learningRate(): number {
    const base = this.baseLearningRate();
    return base === undefined ? this.multiplier : base * this.multiplier;
  }

  /**
   * Make `value` the effective learning rate at the current step, by changing the multiplier (see
   * the getter).
   *
   * @param value - a finite number >= 0.
   */
  set learningRate(value: number) {
    const fn = 'WhetstoneOptimizer.learningRate';
    checkArgument(fn, 'value', value, is.number({ min: 0 }));
    const base = this.baseLearningRate();
    if (base === undefined) {
      this.setMultiplier(value);
      return;
    }
    if (base === 0) {
      if (value === 0) return;
      throw new InvalidArgumentError(
        `${fn}: cannot set the learning rate to ${value} at step ${this.iterations}: the transformation's learning rate is 0 at this step, and no multiplier scales 0 to ${value}.`,
      );
    }
    const m = value / base;
    if (!Number.isFinite(m)) {
      throw invalidArgument(fn, 'value', `a value reachable by scaling the learning rate at this step (${base})`, value);
    }
    this.setMultiplier(m);
  }

  private baseLearningRate(): number | undefined {
    const lr = this.transform.learningRate;
    if (lr === undefined) return undefined;
    return typeof lr === 'number' ? lr : lr(this.iterations);
  }

  private setMultiplier(m: number): void {
    if (m === this.multiplier) return;
    this.multiplier = m;
    this.multiplierTensor?.dispose();
    this.multiplierTensor = undefined;
  }

  /**
   * Apply one step: run the transformation's `update` on these gradients and add the updates
   * (times the multiplier) to the variables, which are looked up by name. Gradients that are
   * `null` or `undefined` are skipped; a call with none does nothing and does not count as a step.
   *
   * @param variableGradients - gradients by variable name, or `{ name, tensor }` pairs (tfjs's
   *   `minimize` passes either). Not disposed.
   * @throws {@link "whetstone/core"!InvalidArgumentError} for an unknown variable name, a name
   *   given twice, or a transformation that returns no update for a variable or a state shaped
   *   unlike its init; {@link "whetstone/core"!ShapeError} for a gradient or update whose shape
   *   is not its variable's. When it throws, the variables, the step count and the existing
   *   state are as they were (fresh state made for variables seen for the first time is kept).
   */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const fn = 'WhetstoneOptimizer.applyGradients';
    const items = readGradients(fn, variableGradients);
    if (items.length === 0) return;
    const names = items.map((it) => it.name);
    this.ensureState(items);
    const step = this.iterations;
    const oldState = assemble(this.template, this.entries, names);
    const inputs = new Set<tf.Tensor>();
    for (const it of items) inputs.add(it.grad).add(it.variable);
    if (this.multiplier !== 1 && this.multiplierTensor === undefined) this.multiplierTensor = tf.keep(tf.scalar(this.multiplier));
    const multiplier = this.multiplier === 1 ? undefined : this.multiplierTensor;

    let split: ReturnType<typeof splitUpdate> | undefined;
    let newTensors: tf.Tensor[] = [];
    tf.tidy(() => {
      const grads: Record<string, tf.Tensor> = {};
      const params: Record<string, tf.Tensor> = {};
      for (const it of items) {
        grads[it.name] = it.grad;
        params[it.name] = it.variable;
      }
      const result = this.transform.update(grads, oldState, params, step);
      const updates = readUpdates(fn, result?.updates, items);
      // The state may pass gradients or parameters through (the memory contract allows it); the
      // caller disposes gradients and the variables change, so the state keeps copies.
      const raw = result.state as unknown;
      let kept = collectTensors(raw);
      let next = raw;
      if (kept.some((t) => inputs.has(t))) {
        next = mapTensors(raw, (t) => (inputs.has(t) ? tf.clone(t) : t));
        kept = collectTensors(next);
      }
      split = splitUpdate(fn, this.template, next, names);
      for (const t of kept) tf.keep(t);
      newTensors = kept;
      for (let i = 0; i < items.length; i++) {
        const { variable } = items[i]!;
        const u = updates[i]!;
        variable.assign(tf.add(variable, multiplier === undefined ? u : tf.mul(u, multiplier)));
      }
    });

    const oldTensors = collectTensors(oldState);
    this.template = split!.template;
    for (const [name, slotId, value, remove] of split!.changes) {
      const entry = this.entries.get(name)!;
      if (remove) entry.delete(slotId);
      else entry.set(slotId, value);
    }
    // When the step covered every variable, the new state is all there is; otherwise a tensor an
    // init shared between variables may still be held by one that did not take part.
    const live = new Set(newTensors);
    if (this.entries.size !== names.length) for (const entry of this.entries.values()) for (const v of entry.values()) valueTensors(v, live);
    for (const t of oldTensors) if (!live.has(t) && !t.isDisposed) t.dispose();
    this.incrementIterations();
  }

  /**
   * Give every variable of this step its state: its own entry if it has one; else an entry
   * restored by `setWeights` under the name the variable had when it was saved (tfjs-layers
   * appends `_1`, `_2`, … to the names of a model built again, such as a loaded one); else fresh
   * state from the transformation's `init`.
   */
  private ensureState(items: readonly StepItem[]): void {
    const stepNames = new Set(items.map((it) => it.name));
    let fresh = items.filter((it) => !this.entries.has(it.name));
    for (const it of items) this.orphans.delete(it.name);
    if (fresh.length > 0 && this.orphans.size > 0) {
      fresh = fresh.filter((it) => {
        const canonical = canonicalName(it.name);
        for (const o of this.orphans) {
          if (stepNames.has(o) || canonicalName(o) !== canonical || !fitsShape(this.entries.get(o)!, it.variable.shape)) continue;
          this.entries.set(it.name, this.entries.get(o)!);
          this.entries.delete(o);
          this.orphans.delete(o);
          return false;
        }
        return true;
      });
    }
    if (fresh.length === 0 && this.template !== undefined) return;
    const params: Record<string, tf.Tensor> = {};
    for (const it of fresh) params[it.name] = it.variable;
    const inputs = new Set<tf.Tensor>(fresh.map((it) => it.variable));
    let made: unknown;
    tf.tidy(() => {
      const raw = this.transform.init(params) as unknown;
      made = collectTensors(raw).some((t) => inputs.has(t)) ? mapTensors(raw, (t) => (inputs.has(t) ? tf.clone(t) : t)) : raw;
      for (const t of collectTensors(made)) tf.keep(t);
    });
    const { template, entries } = splitInit(made, new Set(fresh.map((it) => it.name)));
    if (this.template === undefined) {
      this.template = template;
    } else {
      this.template = mergeTemplates(this.template, template);
      const used = templateTensors(this.template);
      for (const t of templateTensors(template)) if (!used.has(t)) t.dispose();
    }
    for (const [name, entry] of entries) this.entries.set(name, entry);
  }

  /**
   * The state as named tensors, for `model.save(…, { includeOptimizer: true })`: the iteration
   * count first (`'iter'`, as tfjs's optimizers do), then `'whetstone/state'` (a string tensor: a
   * JSON skeleton of the state's non-tensor parts), then each state tensor, named after its
   * variable and its place in the state (`'dense_Dense1/kernel/0/mu'`) or, when global to the
   * transformation, `'whetstone/<path>'`.
   *
   * @returns the tensors are the optimizer's own (live state, and the two it made for this call,
   *   which it keeps until the next `getWeights` or `dispose`): read them, do not dispose them.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    this.releaseMeta();
    const { skeleton, tensors } = serializeState(this.transform.config.name, this.template, this.entries);
    const iter = tf.keep(tf.scalar(this.iterations, 'int32'));
    const text = tf.keep(tf.scalar(JSON.stringify(skeleton), 'string'));
    this.meta = [iter, text];
    return [{ name: 'iter', tensor: iter }, { name: SKELETON_NAME, tensor: text }, ...tensors];
  }

  /**
   * Restore a state saved by {@link WhetstoneOptimizer.getWeights} (`loadLayersModel` calls this),
   * replacing and disposing the current one. Variables are matched by name when they next train;
   * a loaded model's variables, renamed by tfjs-layers with a `_1`-style suffix, find their state
   * under the name they were saved with.
   *
   * @param weightValues - as `getWeights` returned them; copied, not disposed.
   * @throws {@link "whetstone/core"!InvalidArgumentError} for weights that are not a whetstone
   *   optimizer state, or were saved from a different transformation, or lack a tensor the
   *   state refers to. Nothing is changed when it throws.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const fn = 'WhetstoneOptimizer.setWeights';
    checkArgument(
      fn,
      'weightValues',
      weightValues,
      is.custom('a non-empty array of { name, tensor } starting with the iteration count, as getWeights returns', (v) =>
        Array.isArray(v) && v.length > 0 && v.every((w) => typeof w === 'object' && w !== null && typeof w.name === 'string' && isTensor(w.tensor)),
      ),
    );
    const [first, ...rest] = weightValues;
    const iterations = first!.tensor.size === 1 ? Number((await first!.tensor.data())[0]) : Number.NaN;
    if (!Number.isSafeInteger(iterations) || iterations < 0) {
      throw invalidArgument(fn, 'weightValues', 'an array whose first tensor is the iteration count (an integer >= 0)', first!.tensor);
    }
    const skeletonWeight = rest.find((w) => w.name === SKELETON_NAME);
    if (skeletonWeight === undefined || skeletonWeight.tensor.dtype !== 'string' || skeletonWeight.tensor.size !== 1) {
      throw new InvalidArgumentError(
        `${fn}: these weights are not a whetstone optimizer's: there is no "${SKELETON_NAME}" string tensor; got names ${formatValue(weightValues.map((w) => w.name))}.`,
      );
    }
    let skeleton: unknown;
    try {
      skeleton = JSON.parse(String((await skeletonWeight.tensor.data())[0]));
    } catch {
      skeleton = undefined;
    }
    const problem = skeletonProblem(skeleton);
    if (problem !== undefined) throw new InvalidArgumentError(`${fn}: these weights cannot be restored: ${problem}.`);
    const s = skeleton as Skeleton;
    if (s.transform !== this.transform.config.name) {
      throw new InvalidArgumentError(
        `${fn}: these weights were saved from a '${s.transform}' transformation; this optimizer runs '${this.transform.config.name}'.`,
      );
    }
    const byName = new Map(rest.map((w) => [w.name, w.tensor] as const));
    let restored: ReturnType<typeof deserializeState>;
    try {
      restored = deserializeState(s, (name) => byName.get(name));
    } catch (e) {
      throw new InvalidArgumentError(`${fn}: these weights cannot be restored: ${(e as Error).message}.`, { cause: e });
    }
    if (restored.missing.length > 0) {
      throw new InvalidArgumentError(`${fn}: these weights lack tensors the state refers to: ${formatValue(restored.missing)}.`);
    }
    const copy = (t: tf.Tensor): tf.Tensor => tf.keep(tf.clone(t));
    const template = mapTensors(restored.template, copy);
    const entries = new Map<string, Entry>();
    for (const [name, entry] of restored.entries) {
      entries.set(name, new Map([...entry].map(([slot, value]) => [slot, mapTensors(value, copy)] as const)));
    }
    this.disposeState();
    this.template = template;
    this.entries = entries;
    this.orphans = new Set(entries.keys());
    this.iterations_ = iterations;
  }

  /**
   * The configuration tfjs-layers saves in `model.json`: the transformation's config (as a JSON
   * string, since tfjs-layers' loader would camel-case strings inside an object) and the
   * learning-rate multiplier.
   *
   * @returns `{ transform, learningRateMultiplier }`.
   */
  getConfig(): tf.serialization.ConfigDict {
    return { transform: toLoaderSafeJson(this.transform.config), learningRateMultiplier: this.multiplier };
  }

  /**
   * Rebuild an optimizer from {@link WhetstoneOptimizer.getConfig}'s output (`loadLayersModel`
   * calls this once the class is registered; see {@link registerOptimizerClass}).
   *
   * @param cls - the class to instantiate.
   * @param config - `{ transform, learningRateMultiplier }`.
   * @returns a new optimizer with fresh state (`setWeights` restores the state).
   * @throws {@link "whetstone/core"!InvalidArgumentError} for a config that does not describe a
   *   whetstone transformation.
   */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const fn = 'WhetstoneOptimizer.fromConfig';
    let transformConfig: unknown;
    const raw = (config as Record<string, unknown> | null)?.transform;
    try {
      transformConfig = typeof raw === 'string' ? fromLoaderSafeJson(raw) : decodeValue(raw);
    } catch {
      transformConfig = raw;
    }
    const valid = isPlainObject(transformConfig) && typeof transformConfig.name === 'string' && isPlainObject(transformConfig.options);
    if (!valid) throw invalidArgument(fn, 'config', 'an object whose "transform" is a whetstone transformation config', config);
    const multiplier = (config as Record<string, unknown>).learningRateMultiplier ?? 1;
    checkArgument(fn, 'config.learningRateMultiplier', multiplier, is.number({ min: 0 }));
    let transform: GradientTransformation;
    try {
      transform = transformFromConfig(transformConfig as unknown as TransformConfig);
    } catch (e) {
      if (!(e instanceof WhetstoneError)) throw e;
      throw new InvalidArgumentError(`${fn}: the saved transformation cannot be rebuilt: ${e.message}`, { cause: e });
    }
    return new cls(transform, { learningRateMultiplier: multiplier });
  }

  /** Dispose every tensor the optimizer holds: its state, and what `getWeights` made. */
  override dispose(): void {
    this.disposeState();
    this.releaseMeta();
    this.multiplierTensor?.dispose();
    this.multiplierTensor = undefined;
    super.dispose();
  }

  private disposeState(): void {
    const all = templateTensors(this.template);
    for (const entry of this.entries.values()) for (const v of entry.values()) valueTensors(v, all);
    for (const t of all) if (!t.isDisposed) t.dispose();
    this.template = undefined;
    this.entries = new Map();
    this.orphans = new Set();
  }

  private releaseMeta(): void {
    for (const t of this.meta) if (!t.isDisposed) t.dispose();
    this.meta = [];
  }
}

/** Whether a restored entry can belong to a variable of this shape (one of its tensors has it). */
function fitsShape(entry: Entry, shape: readonly number[]): boolean {
  const tensors = [...valueTensors([...entry.values()])];
  return tensors.length === 0 || tensors.some((t) => t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]));
}

function readGradients(fn: string, given: unknown): StepItem[] {
  let pairs: [string, unknown][];
  if (Array.isArray(given)) {
    pairs = given.map((g: unknown, i) => {
      const item = g as Partial<NamedTensor> | null;
      if (typeof item !== 'object' || item === null || typeof item.name !== 'string') {
        throw invalidArgument(fn, 'variableGradients', 'an array of { name, tensor } or an object of tensors by variable name', given, `item ${i} is ${formatValue(g)}`);
      }
      return [item.name, item.tensor];
    });
  } else if (isPlainObject(given)) {
    pairs = Object.entries(given);
  } else {
    throw invalidArgument(fn, 'variableGradients', 'an array of { name, tensor } or an object of tensors by variable name', given);
  }
  const registered = tf.engine().registeredVariables;
  const seen = new Set<string>();
  const items: StepItem[] = [];
  for (const [name, grad] of pairs) {
    if (grad === null || grad === undefined) continue;
    if (seen.has(name)) throw invalidArgument(fn, 'variableGradients', 'a list naming each variable once', given, `"${name}" appears twice`);
    seen.add(name);
    if (!isTensor(grad)) throw invalidArgument(fn, `variableGradients["${name}"]`, 'a tensor', grad);
    const variable = registered[name];
    if (variable === undefined) {
      throw invalidArgument(fn, 'variableGradients', 'gradients of registered tfjs variables', given, `no variable is named "${name}"`);
    }
    if (!sameShape(grad.shape, variable.shape)) {
      throw new ShapeError(`${fn}: the gradient of "${name}" must have its variable's shape [${variable.shape.join(', ')}]; got [${grad.shape.join(', ')}].`);
    }
    items.push({ name, grad, variable });
  }
  return items;
}

function readUpdates(fn: string, updates: unknown, items: readonly StepItem[]): tf.Tensor[] {
  if (typeof updates !== 'object' || updates === null) {
    throw new InvalidArgumentError(`${fn}: the transformation's update must return { updates, state }; got updates ${formatValue(updates)}.`);
  }
  return items.map(({ name, variable }) => {
    const u = (updates as Record<string, unknown>)[name];
    if (!isTensor(u)) throw new InvalidArgumentError(`${fn}: the transformation returned no update for variable "${name}"; got ${formatValue(u)}.`);
    if (!sameShape(u.shape, variable.shape)) {
      throw new ShapeError(`${fn}: the update of "${name}" must have its variable's shape [${variable.shape.join(', ')}]; got [${u.shape.join(', ')}].`);
    }
    return u;
  });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

const registerClass = /* @__PURE__ */ registerOnce([WhetstoneOptimizer]);

/**
 * Register {@link WhetstoneOptimizer} with tfjs's serialization registry, so that
 * `tfl.loadLayersModel` can rebuild a model saved with `{ includeOptimizer: true }` together with
 * its whetstone optimizer. {@link toTfjsOptimizer} does this on its first call; in a process that
 * loads a model before making any whetstone optimizer, call this first. Calling it again does
 * nothing. (Nothing is registered at import time: whetstone has no side effects on import.)
 *
 * @example
 * ```ts
 * import { registerOptimizerClass } from 'whetstone/optimizers';
 * registerOptimizerClass();
 * const model = await tfl.loadLayersModel('file://model/model.json');
 * model.optimizer; // a WhetstoneOptimizer with its saved state
 * ```
 * @see https://js.tensorflow.org/api/latest/#serialization.registerClass
 */
export function registerOptimizerClass(): void {
  registerClass();
}

/**
 * Turn a whetstone gradient transformation (a named optimizer such as `adamw`, or any `chain`)
 * into a `tf.Optimizer` for tfjs: use it in `model.compile({ optimizer })`, `model.fit`,
 * `model.fitDataset` or `optimizer.minimize`. The optimizer keeps its state by variable name,
 * exposes `learningRate` (get and set, schedules included) and `iterations`, and is saved and
 * restored with the model by `model.save(handler, { includeOptimizer: true })` and
 * `tfl.loadLayersModel` (call {@link registerOptimizerClass} first in a process that has not made
 * a whetstone optimizer yet). Dispose it with `optimizer.dispose()` when done: `model.dispose()`
 * does not dispose an optimizer it was given.
 *
 * @param transform - the transformation to run (its `config` must be JSON-serializable).
 * @param options - see {@link ToTfjsOptimizerOptions}.
 * @returns a new {@link WhetstoneOptimizer}, owned by the caller.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for something that is not a gradient
 *   transformation, or bad options.
 * @example
 * ```ts
 * import { adamw, toTfjsOptimizer } from 'whetstone/optimizers';
 * import { cosineWarmRestarts } from 'whetstone/schedules';
 * const optimizer = toTfjsOptimizer(adamw({ learningRate: cosineWarmRestarts({ initialValue: 1e-3, t0: 100 }) }));
 * model.compile({ optimizer, loss: 'categoricalCrossentropy' });
 * await model.fit(x, y, { epochs: 10 });
 * optimizer.learningRate = optimizer.learningRate / 2; // the schedule, halved from here on
 * ```
 * @see https://js.tensorflow.org/api/latest/#class:train.Optimizer (the contract it implements)
 * @see https://optax.readthedocs.io/en/latest/api/combining_optimizers.html (the transformations it runs)
 */
export function toTfjsOptimizer(transform: GradientTransformation, options: ToTfjsOptimizerOptions = {}): WhetstoneOptimizer {
  checkTransform('toTfjsOptimizer', transform);
  checkOptions('toTfjsOptimizer', options, OPTIONS_SPEC);
  registerOptimizerClass();
  return new WhetstoneOptimizer(transform, options);
}

