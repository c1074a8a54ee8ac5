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

/**
 * A storage could not take its lock in time (`journalFileStorage`'s `lockTimeoutMs`): another
 * process holds it and is alive. The message names the lock file and its holder.
 *
 * @example
 * ```ts
 * try {
 *   await study.optimize(objective, { trials: 10 });
 * } catch (error) {
 *   if (error instanceof LockTimeoutError) console.error('the journal is busy:', error.message);
 * }
 * ```
 */
export class LockTimeoutError extends WhetstoneError {
  /** @param message - the full message, starting with the function name. */
  constructor(message: string) {
    super(message, 'ERR_LOCK_TIMEOUT');
    this.name = 'LockTimeoutError';
  }
}
