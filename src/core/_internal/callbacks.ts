// Plumbing shared by the tfjs-layers callbacks of whetstone/schedules and whetstone/callbacks.
// Internal: not exported from whetstone/core's barrel.
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { isTensor } from '../tensor.js';

/**
 * The logs tfjs-layers passes to callback hooks: numbers, or scalar tensors not yet read (the
 * callbacks read and dispose those, as tfjs's own callbacks do).
 */
export type CallbackLogs = { [key: string]: number | tf.Scalar };

/**
 * Bind a callback's hooks to it, in its constructor. When the first entry of a `callbacks` array
 * is a plain object, tfjs-layers wraps every entry in a CustomCallback that calls the hooks
 * detached from their object.
 */
export function bindHooks(cb: tfl.Callback): void {
  cb.onTrainBegin = cb.onTrainBegin.bind(cb);
  cb.onTrainEnd = cb.onTrainEnd.bind(cb);
  cb.onEpochBegin = cb.onEpochBegin.bind(cb);
  cb.onEpochEnd = cb.onEpochEnd.bind(cb);
  cb.onBatchBegin = cb.onBatchBegin.bind(cb);
  cb.onBatchEnd = cb.onBatchEnd.bind(cb);
}

/**
 * Read scalar tensors in `logs` into numbers, in place, disposing them (tfjs-layers' own callbacks
 * do the same first: the logs object is shared by every callback of the `fit`).
 */
export async function resolveLogs(logs: CallbackLogs | undefined): Promise<Record<string, number>> {
  if (logs == null) return {};
  const keys = Object.keys(logs).filter((k) => isTensor(logs[k]));
  if (keys.length > 0) {
    const scalars = keys.map((k) => logs[k] as tf.Scalar);
    const values = await Promise.all(scalars.map((s) => s.data()));
    keys.forEach((k, i) => (logs[k] = values[i]![0]!));
    for (const s of scalars) s.dispose();
  }
  return logs as Record<string, number>;
}
