// Hyperband's brackets, after Optuna 3.1 (optuna/pruners/_hyperband.py: `_try_initialization`,
// `_calculate_trial_allocation_budget`, `_get_bracket_id`).
import { crc32 } from './crc32.js';
import { logBase } from './log.js';

/** What a study's brackets are, once the maximum resource is known. */
export interface Brackets {
  /** How many brackets (0 when the maximum resource is below the minimum). */
  readonly count: number;
  /** Each bracket's share of trials (Hyperband's n_i for bracket i, up to a common factor). */
  readonly budgets: readonly number[];
  /** The sum of `budgets`. */
  readonly total: number;
}

/**
 * Hyperband's brackets for a resource range: floor(log_η(R / r)) + 1 of them (Li et al.'s
 * s_max + 1, with ASHA's minimum resource r), bracket b (min early-stopping rate b) getting
 * ceil(count * η^s / (s + 1)) of every `total` trials, s = count - 1 - b.
 */
export function makeBrackets(minResource: number, maxResource: number, eta: number): Brackets {
  // Optuna computes this logarithm in floats; logBase rounds as CPython does, so that exact
  // powers (R / r = 243, η = 3: 4.999999999999999) give Optuna's bracket count.
  const count = Math.max(Math.floor(logBase(maxResource / minResource, eta)) + 1, 0);
  const budgets: number[] = [];
  for (let b = 0; b < count; b++) {
    const s = count - 1 - b;
    budgets.push(Math.ceil((count * eta ** s) / (s + 1)));
  }
  return Object.freeze({ count, budgets: Object.freeze(budgets), total: budgets.reduce((a, c) => a + c, 0) });
}

/**
 * The bracket of trial `number` in study `studyName`: crc32 of `${studyName}_${number}` modulo
 * the total budget, walked through the budgets in order, so that brackets fill in proportion to
 * their budgets and every worker (and Optuna) agrees without coordination. Needs `count > 0`.
 */
export function bracketOf(brackets: Brackets, studyName: string, number: number): number {
  let n = crc32(`${studyName}_${number}`) % brackets.total;
  for (let b = 0; b < brackets.count; b++) {
    n -= brackets.budgets[b]!;
    if (n < 0) return b;
  }
  return brackets.count - 1; // not reached: n < total
}
