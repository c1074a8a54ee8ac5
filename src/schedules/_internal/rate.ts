// Reading and setting an optimizer's learning rate, the one way every whetstone callback does it:
// tfjs's SGD (and Momentum) keep a cached -lr scalar that only `setLearningRate` refreshes; the
// other tfjs optimizers read their plain `learningRate` field at every step; whetstone's bridge
// exposes `learningRate` as an accessor.
import { InvalidArgumentError } from '../../core/errors.js';
import { formatValue } from '../../core/validate.js';

/** What the callbacks drive: any object with a numeric `learningRate`, and maybe `setLearningRate`. */
export type RateTarget = object;

interface Rated {
  learningRate?: unknown;
  setLearningRate?: unknown;
  iterations?: unknown;
}

function describe(target: object): string {
  return formatValue(target);
}

/** The current learning rate of `target`, checked to be a finite number >= 0. */
export function readLearningRate(fn: string, target: RateTarget): number {
  const value = (target as Rated).learningRate;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(
      `${fn}: the optimizer (${describe(target)}) must have a numeric "learningRate" >= 0 to read; got ${formatValue(value)}.`,
    );
  }
  return value;
}

/** Set the learning rate of `target` (contract: `setLearningRate` when it has one, else the property). */
export function writeLearningRate(target: RateTarget, value: number): void {
  const t = target as Rated;
  if (typeof t.setLearningRate === 'function') (t.setLearningRate as (v: number) => void).call(target, value);
  else t.learningRate = value;
}

/** The optimizer's update count when it keeps one (tfjs optimizers and the bridge do). */
export function iterationsOf(target: RateTarget): number | undefined {
  const n = (target as Rated).iterations;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Check a learning rate a schedule produced, naming the step that produced it. */
export function checkRate(fn: string, argument: string, value: unknown, step: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`${fn}: argument "${argument}" must return a finite learning rate >= 0; got ${formatValue(value)} at step ${step}.`);
  }
  return value;
}

