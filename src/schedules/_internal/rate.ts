// Reading and setting an optimizer's learning rate, the one way every whetstone callback does it:
// tfjs's SGD (and Momentum) keep a cached -lr scalar that only `setLearningRate` refreshes; the
// other tfjs optimizers read their plain `learningRate` field at every step; whetstone's bridge
// exposes `learningRate` as an accessor.
import type { Scalar } from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../../core/errors.js';
import { formatValue } from '../../core/validate.js';
import { isTensor } from '../../core/tensor.js';

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

/** tfjs-layers' epoch and batch logs: numbers, or scalars not yet read. */
export type UnresolvedLogs = { [key: string]: number | Scalar };

/**
 * Read scalar tensors in `logs` into numbers, in place, disposing them (what tfjs-layers' own
 * callbacks do first: the logs object is shared by every callback of the `fit`).
 */
export async function resolveLogs(logs: UnresolvedLogs | undefined): Promise<Record<string, number>> {
  if (logs == null) return {};
  const keys = Object.keys(logs).filter((k) => isTensor(logs[k]));
  if (keys.length > 0) {
    const scalars = keys.map((k) => logs[k] as Scalar);
    const values = await Promise.all(scalars.map((s) => s.data()));
    keys.forEach((k, i) => (logs[k] = values[i]![0]!));
    for (const s of scalars) s.dispose();
  }
  return logs as Record<string, number>;
}
