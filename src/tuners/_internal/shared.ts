// Small pieces the study, the fixed trial and the report share. Internal.
import { invalidArgument } from '../../core/validate.js';
import type { Direction, FrozenTrial, JsonValue } from '../types.js';

/** `a` dominates `b` when it is no worse in every direction and better in one. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly Direction[]): boolean {
  let better = false;
  for (let i = 0; i < directions.length; i++) {
    const x = directions[i] === 'minimize' ? a[i]! : -a[i]!;
    const y = directions[i] === 'minimize' ? b[i]! : -b[i]!;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/** The complete trials no other complete trial dominates, in their order. */
export function paretoFront(trials: readonly FrozenTrial[], directions: readonly Direction[]): FrozenTrial[] {
  const complete = trials.filter((t) => t.state === 'complete');
  return complete.filter((t) => !complete.some((o) => o !== t && dominates(o.values!, t.values!, directions)));
}

/** Check `trial.report`'s arguments (the same rules for a study's trial and a fixed trial). */
export function checkReport(value: unknown, step: unknown): void {
  if (typeof value !== 'number') throw invalidArgument('trial.report', 'value', 'a number', value);
  if (!(Number.isSafeInteger(step) && (step as number) >= 0)) throw invalidArgument('trial.report', 'step', 'an integer >= 0', step);
}

/** Check `trial.setUserAttr`'s arguments and return a deep copy of the value through JSON. */
export function userAttrCopy(key: unknown, value: unknown): JsonValue {
  if (typeof key !== 'string' || key.length === 0) throw invalidArgument('trial.setUserAttr', 'key', 'a non-empty string', key);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw invalidArgument('trial.setUserAttr', 'value', 'a JSON value', value);
  return JSON.parse(json) as JsonValue;
}
