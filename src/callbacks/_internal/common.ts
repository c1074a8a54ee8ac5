// What every whetstone callback shares: hook binding, reading tfjs's logs, naming a missing
// monitor, Keras's 'auto' mode rule, and copies of a model's weights.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../../core/errors.js';
import { invalidOption } from '../../core/validate.js';

export { bindHooks, resolveLogs, type CallbackLogs } from '../../core/_internal/callbacks.js';

/** The monitored value, or an error naming the values the logs do have. */
export function monitored(fn: string, option: string, name: string, logs: Record<string, number>, epoch: number): number {
  const current = logs[name];
  if (typeof current === 'number') return current;
  const names = Object.keys(logs);
  const hint = name.startsWith('val_') && !names.some((n) => n.startsWith('val_')) ? '; validation values exist only when fit has validationData or validationSplit' : '';
  throw invalidOption(fn, option, `the name of a value in the epoch logs (${names.length > 0 ? names.map((n) => `'${n}'`).join(', ') : 'none'})`, name, `at the end of epoch ${epoch}${hint}`);
}

/** Keras's rule for mode 'auto': higher is better when the name contains 'acc' (or 'auc'). */
export function lowerIsBetter(mode: 'auto' | 'min' | 'max', monitor: string): boolean {
  return mode === 'min' || (mode === 'auto' && !monitor.includes('acc') && !monitor.includes('auc'));
}

/** The model tfjs handed to the callback, or an error saying how to get one. */
export function modelOf(fn: string, model: tfl.LayersModel | null | undefined): tfl.LayersModel {
  if (model == null) {
    throw new InvalidArgumentError(
      `${fn}: the callback has no model: tfjs gives none when the first entry of the callbacks array is a plain object; put a Callback instance first.`,
    );
  }
  return model;
}

/** Copies of the model's weights that survive later updates (tfjs returns the variables themselves). */
export function copyWeights(model: tfl.LayersModel): tf.Tensor[] {
  return model.getWeights().map((w) => tf.clone(w));
}
