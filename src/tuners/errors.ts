import { WhetstoneError } from '../core/errors.js';

/**
 * Thrown by an objective to say "this trial was pruned" (Optuna's `TrialPruned`): the study
 * records the trial as `pruned`, with its last intermediate value, and goes on. `tunerCallback`
 * throws it for you at the end of a pruned `model.fit`.
 *
 * @example
 * ```ts
 * trial.report(loss, epoch);
 * if (trial.shouldPrune()) throw new TrialPruned(`pruned at epoch ${epoch}`);
 * ```
 */
export class TrialPruned extends WhetstoneError {
  /** @param message - optional detail (default `'trial was pruned'`). */
  constructor(message = 'trial was pruned') {
    super(message, 'ERR_TRIAL_PRUNED');
    this.name = 'TrialPruned';
  }
}
