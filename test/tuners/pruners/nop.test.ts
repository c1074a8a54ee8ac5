import { describe, expect, it } from 'vitest';
import { nopPruner } from '../../../src/tuners/pruners/nop.js';
import { frozenTrial, prunerContext } from '../_support.js';

describe('nopPruner', () => {
  it('never prunes, even a trial far worse than the rest or one that reported NaN', () => {
    const done = [0, 1, 2, 3, 4, 5].map((n) => frozenTrial({ number: n, intermediate: [0, 0, 0] }));
    const bad = frozenTrial({ number: 6, state: 'running', intermediate: [1e9, NaN, 1e9] });
    const ctx = prunerContext([...done, bad]);
    expect(nopPruner().prune(ctx, bad)).toBe(false);
    expect(ctx.writes).toEqual([]);
  });

  it('is a frozen pruner without options', () => {
    const p = nopPruner();
    expect(p.name).toBe('nop');
    expect(p.options).toEqual({});
    expect(Object.isFrozen(p)).toBe(true);
    expect(() => nopPruner({ percentile: 3 } as never)).toThrow(/nopPruner: unknown option "percentile"; it takes no options/);
  });
});
