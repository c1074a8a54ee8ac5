import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../src/core/index.js';
import { kFold, selectItems, selectRows } from '../../src/folds/index.js';
import { expectNoLeaks } from '../_support/leaks.js';

const x = [
  [1, 2],
  [3, 4],
  [5, 6],
  [7, 8],
];

describe('selectRows', () => {
  it('returns the kind it is given', async () => {
    expect(selectRows(x, [2, 0])).toEqual([
      [5, 6],
      [1, 2],
    ]);
    const shaped = selectRows({ data: [1, 2, 3, 4, 5, 6, 7, 8], shape: [4, 2] }, [3, 3]);
    expect(shaped.data).toBeInstanceOf(Float64Array);
    expect(Array.from(shaped.data)).toEqual([7, 8, 7, 8]);
    expect(shaped.shape).toEqual([2, 2]);
    const t = tf.tensor2d(x, undefined, 'int32');
    try {
      const out = await expectNoLeaks(() => selectRows(t, [1, 3]), { disposeResult: false });
      expect(out.dtype).toBe('int32');
      expect(out.arraySync()).toEqual([
        [3, 4],
        [7, 8],
      ]);
      out.dispose();
      expect(t.isDisposed).toBe(false);
    } finally {
      t.dispose();
    }
  });

  it('selects nothing for no indices, and copies NaN through', () => {
    expect(selectRows(x, [])).toEqual([]);
    expect(selectRows([[Number.NaN, 1]], [0])).toEqual([[Number.NaN, 1]]);
  });

  it('applied to the folds of a split, gives back every row exactly once across test sets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 2, max: 5 }), (n, k) => {
        fc.pre(k <= n);
        const data = Array.from({ length: n }, (_, i) => [i, -i]);
        const rows = kFold(n, { k }).flatMap((f) => selectRows(data, f.test));
        expect(rows).toEqual(data);
      }),
    );
  });

  it('refuses bad indices and non-matrices', () => {
    expect(() => selectRows(x, [4])).toThrow('selectRows: argument "indices" must hold integers in [0, 3] (row indices); got 4 at position 0.');
    expect(() => selectRows(x, [0, 1.5])).toThrow(/got 1.5 at position 1/);
    expect(() => selectRows(x, [-1])).toThrow(InvalidArgumentError);
    expect(() => selectRows(x, 'ab' as never)).toThrow(/argument "indices" must be an array of row indices/);
    expect(() => selectRows([[1, 2], [3]], [0])).toThrow(ShapeError);
    const v = tf.tensor1d([1, 2]);
    try {
      expect(() => selectRows(v as never, [0])).toThrow(/must be a rank-2 tensor/);
    } finally {
      v.dispose();
    }
  });
});

describe('selectItems', () => {
  it('returns number[] for arrays and typed arrays, a tensor of the same dtype for a tensor', async () => {
    expect(selectItems([5, 6, 7], [2, 2, 0])).toEqual([7, 7, 5]);
    expect(selectItems(new Int32Array([5, 6, 7]), [1])).toEqual([6]);
    const t = tf.tensor1d([5, 6, 7], 'int32');
    try {
      const out = await expectNoLeaks(() => selectItems(t, [0, 2]), { disposeResult: false });
      expect(out.dtype).toBe('int32');
      expect(Array.from(out.dataSync())).toEqual([5, 7]);
      out.dispose();
    } finally {
      t.dispose();
    }
  });

  it('refuses bad indices', () => {
    expect(() => selectItems([1, 2], [2])).toThrow('selectItems: argument "indices" must hold integers in [0, 1] (element indices); got 2 at position 0.');
    expect(() => selectItems([], [0])).toThrow(/must hold empty \(there is nothing to select from\)/);
  });
});
