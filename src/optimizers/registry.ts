// Rebuilding transformations and named optimizers from their JSON configs (saved with a model).
import { InvalidArgumentError } from '../core/errors.js';
import { checkArgument, invalidArgument, is } from '../core/validate.js';
import { scheduleFromConfig } from '../schedules/registry.js';
import type { ScalarOrSchedule, ScheduleConfig } from '../schedules/types.js';
import { maskFromConfig } from './_internal/shared.js';
import { scaleByAdadelta, scaleByAdagrad, scaleByLion, scaleByRms } from './adaptive.js';
import { scaleByAdam, scaleByAdamax, scaleByRadam } from './adam.js';
import { chain } from './chain.js';
import { clipByGlobalNorm, clipByValue } from './clip.js';
import { addDecayedWeights, addL2Penalty } from './decay.js';
import { adadelta, adagrad, adam, adamax, adamw, lion, momentum, nadam, nesterov, radam, rmsprop, sgd } from './named.js';
import { scale, scaleByLearningRate } from './scale.js';
import { trace } from './trace.js';
import type { GradientTransformation, TransformConfig } from './types.js';
import { applyIfFinite, gradientAccumulation, lookahead } from './wrappers.js';

type Options = Record<string, unknown>;
const FN = 'transformFromConfig';

function rate(v: unknown): ScalarOrSchedule {
  return typeof v === 'object' && v !== null ? scheduleFromConfig(v as ScheduleConfig) : (v as number);
}

/** Options with a stored learning rate and mask turned back into what the factory takes. */
function decoded(o: Options): Options {
  const out: Options = { ...o };
  if ('learningRate' in out && out.learningRate !== undefined) out.learningRate = rate(out.learningRate);
  if ('mask' in out && out.mask !== undefined) out.mask = maskFromConfig(FN, out.mask);
  return out;
}

function without(o: Options, ...keys: string[]): Options {
  const out: Options = { ...o };
  for (const k of keys) delete out[k];
  return out;
}

const FACTORIES: Readonly<Record<string, (o: Options) => GradientTransformation>> = {
  scale: (o) => scale(o.factor as number),
  scaleByLearningRate: (o) => scaleByLearningRate(rate(o.learningRate), without(o, 'learningRate')),
  scaleByAdam: (o) => scaleByAdam(o),
  scaleByAdamax: (o) => scaleByAdamax(o),
  scaleByRadam: (o) => scaleByRadam(o),
  scaleByRms: (o) => scaleByRms(o),
  scaleByAdagrad: (o) => scaleByAdagrad(o),
  scaleByAdadelta: (o) => scaleByAdadelta(o),
  scaleByLion: (o) => scaleByLion(o),
  trace: (o) => trace(o.decay as number, without(o, 'decay')),
  addDecayedWeights: (o) => addDecayedWeights(o.weightDecay as number, without(decoded(o), 'weightDecay')),
  addL2Penalty: (o) => addL2Penalty(o.weightDecay as number, without(decoded(o), 'weightDecay')),
  clipByGlobalNorm: (o) => clipByGlobalNorm(o.maxNorm as number),
  clipByValue: (o) => clipByValue(o.maxDelta as number),
  chain: (o) => {
    const members = o.transforms;
    if (!Array.isArray(members)) throw invalidArgument(FN, 'config.options.transforms', 'an array of transformation configs', members);
    return chain(...members.map((c) => build(c)));
  },
  applyIfFinite: (o) => applyIfFinite(build(o.inner)),
  lookahead: (o) => lookahead(build(o.inner), without(o, 'inner')),
  gradientAccumulation: (o) => gradientAccumulation(build(o.inner), o.k as number),
  sgd: (o) => sgd(decoded(o) as never),
  momentum: (o) => momentum(decoded(o) as never),
  nesterov: (o) => nesterov(decoded(o) as never),
  rmsprop: (o) => rmsprop(decoded(o)),
  adagrad: (o) => adagrad(decoded(o)),
  adadelta: (o) => adadelta(decoded(o)),
  adam: (o) => adam(decoded(o)),
  adamw: (o) => adamw(decoded(o)),
  adamax: (o) => adamax(decoded(o)),
  nadam: (o) => nadam(decoded(o)),
  radam: (o) => radam(decoded(o)),
  lion: (o) => lion(decoded(o)),
};

/** The names {@link transformFromConfig} knows: every transformation and named optimizer of whetstone/optimizers. */
export const TRANSFORM_NAMES: readonly string[] = Object.freeze(Object.keys(FACTORIES));

const configConstraint = is.custom<TransformConfig>('a transformation config { name, options }', (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const c = v as { name?: unknown; options?: unknown };
  return typeof c.name === 'string' && typeof c.options === 'object' && c.options !== null && !Array.isArray(c.options);
});

function build(value: unknown): GradientTransformation {
  checkArgument(FN, 'config', value, configConstraint);
  const config = value as TransformConfig;
  const factory = Object.prototype.hasOwnProperty.call(FACTORIES, config.name) ? FACTORIES[config.name] : undefined;
  if (factory === undefined) {
    throw invalidArgument(FN, 'config.name', `one of ${TRANSFORM_NAMES.map((n) => `'${n}'`).join(', ')}`, config.name);
  }
  return factory({ ...config.options });
}

/**
 * Rebuild a gradient transformation or named optimizer from its config (`transform.config`, or
 * the same after a JSON round trip): the result has the same config and gives the same updates
 * from the same state. Nested transformations (`chain`, `lookahead`, …) and learning-rate
 * schedules (through `scheduleFromConfig` of whetstone/schedules) are rebuilt too. The tfjs bridge
 * uses it to restore an optimizer saved with a model.
 *
 * @param config - `{ name, options }` as a whetstone transformation's `config` holds it.
 * @returns a new transformation.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for something that is not a config, an
 * unknown name, options the named factory rejects (the message then quotes the factory's), or a
 * mask that was given as a function (which a config cannot hold).
 * @example
 * ```ts
 * const opt = adamw({ learningRate: 1e-3, mask: /kernel/ });
 * const again = transformFromConfig(JSON.parse(JSON.stringify(opt.config)));
 * ```
 */
export function transformFromConfig(config: TransformConfig): GradientTransformation {
  try {
    return build(config);
  } catch (error) {
    if (error instanceof InvalidArgumentError && !error.message.startsWith(`${FN}: `)) {
      throw new InvalidArgumentError(`${FN}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
