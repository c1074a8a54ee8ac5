// resolveSamplingStrategy against imbalanced-learn 0.10's check_sampling_strategy
// (fixtures: scripts/fixtures/imbalance_smote.py → test/fixtures/imbalance_smote.json).
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/index.js';
import { countClasses, resolveSamplingStrategy, samplingStrategyConstraint } from '../../src/imbalance/_internal/strategy.js';
import type { SamplingKind } from '../../src/imbalance/_internal/strategy.js';
import type { SamplingStrategy } from '../../src/imbalance/types.js';
import { fixtures } from './_smote-support.js';

const message = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

function toStrategy(form: string, value: unknown): SamplingStrategy {
  if (form === 'dict' || form === 'callable') {
    const record: Record<number, number> = {};
    for (const [label, n] of value as [number, number][]) record[label] = n;
    return form === 'dict' ? record : () => record;
  }
  return value as SamplingStrategy;
}

describe('resolveSamplingStrategy matches check_sampling_strategy', () => {
  const cases = fixtures.strategy;
  it('has a fixture for every form and kind', () => {
    expect(new Set(cases.map((c) => c.form))).toEqual(new Set(['ratio', 'name', 'dict', 'callable']));
    expect(cases.filter((c) => c.ok).length).toBeGreaterThan(200);
    expect(cases.filter((c) => c.error).length).toBeGreaterThan(200);
  });
  it.each(cases.map((c, i) => [i, `${c.form} ${JSON.stringify(c.strategy)} ${c.kind}`, c] as const))('#%i %s', (_i, _name, c) => {
    const run = (): Map<number, number> => resolveSamplingStrategy('smote', c.y, toStrategy(c.form, c.strategy), c.kind as SamplingKind);
    if (c.error) {
      expect(message(run)).toMatch(/^smote: /);
    } else {
      expect([...run().entries()]).toEqual(c.ok);
    }
  });
});

describe('resolveSamplingStrategy details', () => {
  const y = [0, 0, 0, 0, 1, 1, 2];
  it('defaults to auto', () => {
    expect([...resolveSamplingStrategy('smote', y, undefined, 'over-sampling')]).toEqual([[1, 2], [2, 3]]);
    expect([...resolveSamplingStrategy('randomUnderSample', y, undefined, 'under-sampling')]).toEqual([[0, 1], [1, 1]]);
    expect([...resolveSamplingStrategy('tomekLinks', y, undefined, 'clean-sampling')]).toEqual([[0, 1], [1, 1]]);
  });
  it('breaks majority / minority ties by the smaller label, as numpy-sorted dict order does', () => {
    expect([...resolveSamplingStrategy('f', [5, 5, 3, 3, 9], 'not majority', 'over-sampling')]).toEqual([[5, 0], [9, 1]]);
    expect([...resolveSamplingStrategy('f', [5, 3, 9, 9, 9], 'not minority', 'under-sampling')]).toEqual([[5, 1], [9, 1]]);
  });
  it('does not modify y and gives the callback a copy', () => {
    const labels = [1, 0, 0, 0];
    resolveSamplingStrategy('f', labels, (yy) => {
      (yy as number[])[0] = 7;
      return { 1: 3 };
    }, 'over-sampling');
    expect(labels).toEqual([1, 0, 0, 0]);
  });
  it('explains errors', () => {
    expect(message(() => resolveSamplingStrategy('smote', [0, 0, 0, 1, 1], { 1: 1 }, 'over-sampling'))).toBe(
      'smote: option "samplingStrategy[1]" must be an integer >= 2 (an over-sampler only adds rows and class 1 already has 2); got 1.',
    );
    expect(message(() => resolveSamplingStrategy('randomUnderSample', [0, 0, 0, 1, 1], { 1: 3 }, 'under-sampling'))).toMatch(
      /an integer in \[0, 2\].*got 3\.$/,
    );
    expect(message(() => resolveSamplingStrategy('smote', [0, 0, 0, 1, 1], { 4: 3 }, 'over-sampling'))).toMatch(/class '4', which is not present in "y" \(classes: \[0, 1\]\)/);
    expect(message(() => resolveSamplingStrategy('smote', [0, 0, 1, 1, 2], 0.5, 'over-sampling'))).toMatch(/only defined for two classes and "y" has 3/);
    expect(message(() => resolveSamplingStrategy('smote', [0, 0, 1], 1.5, 'over-sampling'))).toMatch(/must be a number in \(0, 1\]/);
    expect(message(() => resolveSamplingStrategy('smote', [0, 0, 0, 0, 1, 1], 0.25, 'over-sampling'))).toMatch(/would remove rows/);
    expect(message(() => resolveSamplingStrategy('smote', [0, 0], 'auto', 'over-sampling'))).toMatch(/at least 2 classes/);
    expect(message(() => resolveSamplingStrategy('smote', [0, 1], 'majority' as SamplingStrategy, 'over-sampling'))).toMatch(/one of 'auto'/);
    expect(message(() => resolveSamplingStrategy('tomekLinks', [0, 1], 'minority', 'clean-sampling'))).toMatch(/cannot target the minority/);
    expect(message(() => resolveSamplingStrategy('smote', [0, 1, 1], { 0: 2.5 }, 'over-sampling'))).toMatch(/non-negative integer/);
    expect(message(() => resolveSamplingStrategy('smote', [0, 1, 1], (() => 3) as never, 'over-sampling'))).toMatch(/function returned 3/);
  });
  it('constraint accepts the shapes and rejects others', () => {
    for (const ok of [0.5, 'auto', 'all', { 1: 3 }, () => ({})]) expect(samplingStrategyConstraint.test(ok)).toBe(true);
    for (const bad of ['majority', [1, 2], null, Number.NaN, true]) expect(samplingStrategyConstraint.test(bad)).toBe(false);
  });
  it('countClasses sorts labels', () => {
    expect([...countClasses([3, -1, 3, 2.5])]).toEqual([[-1, 1], [2.5, 1], [3, 2]]);
  });
});
