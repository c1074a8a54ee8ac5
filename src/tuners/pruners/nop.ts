// The pruner that never prunes, after Optuna 3.1's NopPruner (optuna/pruners/_nop.py).
import { checkOptions } from '../../core/validate.js';
import type { Pruner } from '../types.js';

/**
 * A pruner that never prunes: `trial.shouldPrune()` is always `false`. The study's default when
 * no pruner is given.
 *
 * @param options - none are accepted; pass nothing (or `{}`).
 * @returns a frozen pruner.
 * @throws InvalidArgumentError for any option.
 * @see optuna/pruners/_nop.py (Optuna 3.1 NopPruner).
 * @example
 * ```ts
 * const study = await createStudy({ pruner: nopPruner() });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function nopPruner(options: Readonly<Record<string, never>> = {}): Pruner {
  checkOptions('nopPruner', options, {});
  return Object.freeze({
    name: 'nop',
    options: Object.freeze({}),
    prune: () => false,
  } satisfies Pruner);
}
