// Keras's TerminateOnNaN: stop at the first batch whose loss is not finite.
import * as tfl from '@tensorflow/tfjs-layers';
import { checkOptions } from '../core/validate.js';
import { bindHooks, modelOf, resolveLogs } from './_internal/common.js';
import type { CallbackLogs } from './_internal/common.js';

/** Where {@link TerminateOnNaN} stopped training. */
export interface TerminationRecord {
  /** The epoch index, as `fit` counts it. */
  readonly epoch: number;
  /** The batch index within the epoch. */
  readonly batch: number;
  /** The offending loss: NaN or ±Infinity. */
  readonly loss: number;
}

/** A tfjs-layers callback that stops training on a non-finite batch loss. Made by {@link terminateOnNaN}. */
export class TerminateOnNaN extends tfl.Callback {
  /** Where the last `fit` was stopped, or `null` if it was not. */
  terminated: TerminationRecord | null = null;
  #epoch = 0;

  /** @internal Use {@link terminateOnNaN}. */
  constructor() {
    super();
    bindHooks(this);
  }

  /** Clear the record (called by `fit`). */
  override async onTrainBegin(): Promise<void> {
    this.terminated = null;
  }

  /** Remember the epoch (called by `fit`). */
  override async onEpochBegin(epoch: number): Promise<void> {
    this.#epoch = epoch;
  }

  /** Stop training when the batch loss is NaN or infinite (called by `fit`). */
  override async onBatchEnd(batch: number, logs?: CallbackLogs): Promise<void> {
    const loss = (await resolveLogs(logs)).loss;
    if (typeof loss !== 'number' || Number.isFinite(loss) || this.terminated != null) return;
    this.terminated = { epoch: this.#epoch, batch, loss };
    modelOf('terminateOnNaN', this.model).stopTraining = true;
  }
}

/**
 * A tfjs-layers callback that stops training as soon as a batch's loss is NaN or ±Infinity (Keras's
 * `TerminateOnNaN`), recording where in `terminated`. tfjs finishes the current batch, then stops.
 *
 * @param options - none (an empty object is accepted).
 * @returns the callback.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for any option.
 * @example
 * ```ts
 * const nan = terminateOnNaN();
 * await model.fit(x, y, { epochs: 100, callbacks: [nan] });
 * if (nan.terminated) console.log(`diverged at epoch ${nan.terminated.epoch}`);
 * ```
 * @see https://keras.io/api/callbacks/terminate_on_nan/
 */
export function terminateOnNaN(options: Record<string, never> = {}): TerminateOnNaN {
  checkOptions('terminateOnNaN', options, {});
  return new TerminateOnNaN();
}
