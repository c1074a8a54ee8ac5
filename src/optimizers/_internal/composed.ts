// The chain machinery, shared by `chain` and the named optimizers (which are chains under their own
// name, so that their errors start with it).
import { invalidArgument } from '../../core/validate.js';
import type { ScalarOrSchedule } from '../../schedules/types.js';
import type { GradientTransformation, TensorMap, TransformState } from '../types.js';
import { checkTensorMap, inContext, makeTransform, tidyInit, tidyResult } from './shared.js';

/** The state of a chain: the members' states, in order. */
export type ChainState = readonly TransformState[];

/**
 * The chain machinery under a given name and config: `chain` itself, and the named optimizers,
 * whose errors then start with their own name. Members must be checked by the caller.
 */
export function composed(
  fn: string,
  options: { readonly [key: string]: unknown },
  transforms: readonly GradientTransformation[],
  learningRate: ScalarOrSchedule | undefined = transforms.find((t) => t.learningRate !== undefined)?.learningRate,
): GradientTransformation<ChainState> {
  const members = [...transforms];
  return makeTransform<ChainState>(
    { name: fn, options },
    (params) => inContext(fn, () => tidyInit(() => members.map((t) => t.init(params)))),
    (grads, state, params, step) => {
      checkTensorMap(fn, 'grads', grads);
      if (!Array.isArray(state) || state.length !== members.length) {
        throw invalidArgument(fn, 'state', `the list of ${members.length} states this ${fn === 'chain' ? 'chain' : 'optimizer'}'s init() made`, state);
      }
      return inContext(fn, () =>
        tidyResult(() => {
          let updates: TensorMap = grads;
          const next: TransformState[] = [];
          members.forEach((t, i) => {
            const result = t.update(updates, state[i] as TransformState, params, step);
            updates = result.updates;
            next.push(result.state);
          });
          return { updates: { ...updates }, state: next };
        }),
      );
    },
    learningRate,
  );
}
