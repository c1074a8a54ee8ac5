import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSameLength,
  fromMatrix,
  fromVector,
  InvalidArgumentError,
  ShapeError,
  toMatrix,
  toMatrixAsync,
  toSampleWeight,
  toSampleWeightAsync,
  toVector,
  toVectorAsync,
} from '../../src/core/index.js';
import { describeEachBackend } from '../_support/backends.js';
import { expectNoLeaks } from '../_support/leaks.js';

const fn = 'convertTest';
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 });
const matrixArb = fc
  .tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 6 }))
  .chain(([r, c]) => fc.array(fc.array(finite, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));

describe('toMatrix / fromMatrix on arrays and { data, shape }', () => {
  it('round-trips number[][] exactly and keeps the kind', () => {
    fc.assert(
      fc.property(matrixArb, (x) => {
        const copy = x.map((r) => r.slice());
        const m = toMatrix(x, { fn });
        expect(m.kind).toBe('array');
        expect(m.rows).toBe(x.length);
        expect(m.cols).toBe(x.length > 0 ? x[0]!.length : 0);
        expect(fromMatrix(m, m.data, m.rows, m.cols)).toEqual(x);
        expect(x).toEqual(copy);
      }),
    );
  });

  it('round-trips { data, shape } and returns Float64Array data', () => {
    fc.assert(
      fc.property(matrixArb, (x) => {
        const cols = x.length > 0 ? x[0]!.length : 0;
        const input = { data: x.flat(), shape: [x.length, cols] as [number, number] };
        const m = toMatrix(input, { fn });
        expect(m.kind).toBe('dataShape');
        const out = fromMatrix<typeof input>(m, m.data, m.rows, m.cols);
        expect(out.data).toBeInstanceOf(Float64Array);
        expect(Array.from(out.data)).toEqual(x.flat());
        expect(out.shape).toEqual([x.length, cols]);
      }),
    );
  });

  it('accepts typed-array rows and typed-array data', () => {
    expect(toMatrix([new Float32Array([1, 2]), new Int32Array([3, 4])], { fn }).data).toEqual(new Float64Array([1, 2, 3, 4]));
    expect(toMatrix({ data: new Uint8Array([1, 2, 3, 4, 5, 6]), shape: [3, 2] }, { fn }).rows).toBe(3);
  });

  it('returns a copy: writing to it never touches the input', () => {
    const x = [[1, 2]];
    const m = toMatrix(x, { fn });
    m.data[0] = 99;
    expect(x[0]![0]).toBe(1);
  });

  it('handles the empty matrix', () => {
    expect(toMatrix([], { fn })).toMatchObject({ rows: 0, cols: 0 });
    expect(fromMatrix('array', [], 0, 3)).toEqual([]);
  });

  it('rejects ragged rows, non-numbers, non-finite values and bad shapes, naming the place', () => {
    expect(() => toMatrix([[1, 2], [3]], { fn })).toThrow(new ShapeError('convertTest: argument "x" must be rectangular; row 1 has 1 values but row 0 has 2.'));
    expect(() => toMatrix([[1, Number.NaN]], { fn, name: 'scores' })).toThrow(
      new InvalidArgumentError('convertTest: argument "scores" must contain only finite numbers; got NaN at row 0, column 1.'),
    );
    expect(() => toMatrix([[1], [Number.NEGATIVE_INFINITY]], { fn })).toThrow(/got -Infinity at row 1, column 0/);
    expect(() => toMatrix([[1, '2' as unknown as number]], { fn })).toThrow(/must contain only numbers; got '2' at row 0, column 1/);
    expect(() => toMatrix([1, 2] as unknown as number[][], { fn })).toThrow(/row 0 is 1/);
    expect(() => toMatrix([[1], null as unknown as number[]], { fn })).toThrow(/row 1 is null/);
    expect(() => toMatrix({ data: [1, 2, 3], shape: [2, 2] }, { fn })).toThrow(ShapeError);
    expect(() => toMatrix({ data: [1, 2], shape: [2] as unknown as [number, number] }, { fn })).toThrow(/must be \[rows, columns\]/);
    expect(() => toMatrix({ data: [1, 2], shape: [-1, -2] }, { fn })).toThrow(ShapeError);
    expect(() => toMatrix({ data: 'ab' as unknown as number[], shape: [1, 2] }, { fn })).toThrow(InvalidArgumentError);
    expect(() => toMatrix('x' as unknown as number[][], { fn })).toThrow(/must be a matrix/);
    expect(() => toMatrix(5 as unknown as number[][], { fn })).toThrow(/must be a matrix/);
  });

  it('lets non-finite values through only when asked', () => {
    expect(toMatrix([[Number.NaN]], { fn, allowNonFinite: true }).data[0]).toBeNaN();
    expect(toVector([Number.POSITIVE_INFINITY], { fn, allowNonFinite: true }).data[0]).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('toVector / fromVector on arrays', () => {
  it('round-trips arrays and typed arrays to number[]', () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 50 }), (y) => {
        const v = toVector(y, { fn });
        expect(v.kind).toBe('array');
        expect(fromVector(v, v.data)).toEqual(y);
        expect(fromVector(v, toVector(Float64Array.from(y), { fn }).data)).toEqual(y);
      }),
    );
  });

  it('rejects non-vectors and non-finite values with the index', () => {
    expect(() => toVector([0, Number.NaN], { fn })).toThrow(new InvalidArgumentError('convertTest: argument "y" must contain only finite numbers; got NaN at index 1.'));
    expect(() => toVector([0, 'a' as unknown as number], { fn })).toThrow(/got 'a' at index 1/);
    expect(() => toVector({ length: 1, 0: 1 } as ArrayLike<number>, { fn })).toThrow(/must be a vector/);
    expect(() => toVector(new DataView(new ArrayBuffer(8)) as unknown as number[], { fn })).toThrow(/must be a vector/);
  });
});

describe('checkSameLength', () => {
  it('passes equal lengths and names the first mismatch', () => {
    expect(() => checkSameLength('fit', [['x', 3], ['y', 3], ['w', 3]])).not.toThrow();
    expect(() => checkSameLength('fit', [])).not.toThrow();
    expect(() => checkSameLength('fit', [['x', 100], ['y', 100], ['sampleWeight', 99]])).toThrow(
      new ShapeError('fit: arguments "x" and "sampleWeight" must have the same number of rows; got 100 and 99.'),
    );
  });
});

describeEachBackend('tensor conversions', () => {
  it('reads a Tensor2D and gives a Tensor2D back, owned by the caller', async () => {
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const m = toMatrix(x, { fn });
    expect(m).toMatchObject({ kind: 'tensor', rows: 2, cols: 3 });
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const back = await expectNoLeaks(() => fromMatrix<tf.Tensor2D>(m, m.data, 2, 3), { disposeResult: false });
    expect(back.shape).toEqual([2, 3]);
    expect(back.dtype).toBe('float32');
    expect(await back.array()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(x.isDisposed).toBe(false);
    back.dispose();
    x.dispose();
  });

  it('reads tensors asynchronously and leaks nothing', async () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const y = tf.tensor1d([1, 0], 'int32');
    const m = await expectNoLeaks(() => toMatrixAsync(x, { fn }));
    const v = await expectNoLeaks(() => toVectorAsync(y, { fn }));
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4]);
    expect(v).toMatchObject({ kind: 'tensor', length: 2 });
    const t = fromVector<tf.Tensor1D>(v, v.data);
    expect(await t.array()).toEqual([1, 0]);
    tf.dispose([x, y, t]);
  });

  it('rejects wrong ranks, disposed tensors and non-finite tensor values', async () => {
    const v = tf.tensor1d([1, 2]);
    const m = tf.tensor2d([[1, Number.NaN]]);
    expect(() => toMatrix(v as unknown as tf.Tensor2D, { fn })).toThrow(
      new ShapeError('convertTest: argument "x" must be a rank-2 tensor; got a float32 tensor of shape [2].'),
    );
    expect(() => toVector(m as unknown as tf.Tensor1D, { fn })).toThrow(ShapeError);
    await expect(toMatrixAsync(m, { fn })).rejects.toThrow(/got NaN at row 0, column 1/);
    const d = tf.tensor2d([[1]]);
    d.dispose();
    expect(() => toMatrix(d, { fn })).toThrow(/is a disposed tensor/);
    tf.dispose([v, m]);
  });
});

describe('role: option', () => {
  it('names data passed as an option as an option', () => {
    expect(() => toVector([1, Number.NaN], { fn, name: 'stratify', role: 'option' })).toThrow(
      new InvalidArgumentError('convertTest: option "stratify" must contain only finite numbers; got NaN at index 1.'),
    );
    expect(() => toMatrix([[1], [2, 3]], { fn, name: 'validationData[0]', role: 'option' })).toThrow(/option "validationData\[0\]" must be rectangular/);
    expect(() => checkSameLength('fit', [['x', 3], ['sampleWeight', 2, 'option']])).toThrow(
      new ShapeError('fit: argument "x" and option "sampleWeight" must have the same number of rows; got 3 and 2.'),
    );
    expect(() => checkSameLength('fit', [['a', 3, 'option'], ['b', 2, 'option']])).toThrow('fit: options "a" and "b" must have');
  });
});

describe('toSampleWeight', () => {
  it('returns a float64 copy, or undefined when absent', async () => {
    const w = [1, 0, 2.5];
    const out = toSampleWeight(w, { fn, rows: 3 });
    expect(out).toEqual(new Float64Array([1, 0, 2.5]));
    expect(toSampleWeight(undefined, { fn, rows: 3 })).toBeUndefined();
    expect(await toSampleWeightAsync(new Float32Array([1, 2]), { fn, rows: 2 })).toEqual(new Float64Array([1, 2]));
    expect(await toSampleWeightAsync(undefined, { fn, rows: 2 })).toBeUndefined();
  });

  it('rejects negative, non-finite, misplaced and all-zero weights with uniform messages', () => {
    expect(() => toSampleWeight([1, -1], { fn, rows: 2 })).toThrow(new InvalidArgumentError('convertTest: option "sampleWeight" must contain only weights >= 0; got -1 at index 1.'));
    expect(() => toSampleWeight([1, Number.NaN], { fn, rows: 2 })).toThrow('convertTest: option "sampleWeight" must contain only finite numbers; got NaN at index 1.');
    expect(() => toSampleWeight([1, 1], { fn, rows: 3, rowsName: 'yTrue' })).toThrow(
      new ShapeError('convertTest: argument "yTrue" and option "sampleWeight" must have the same number of rows; got 3 and 2.'),
    );
    expect(() => toSampleWeight([0, 0], { fn, rows: 2 })).not.toThrow();
    expect(() => toSampleWeight([0, 0], { fn, rows: 2, positiveSum: true })).toThrow('convertTest: option "sampleWeight" must have a positive sum; got 0.');
    expect(toSampleWeight([1], { fn, rows: 1, name: 'w' })).toEqual(new Float64Array([1]));
    expect(() => toSampleWeight([-2], { fn, rows: 1, name: 'w' })).toThrow('convertTest: option "w" must contain only weights >= 0');
  });

  it('reads tensors without leaking', async () => {
    const t = tf.tensor1d([1, 2, 3]);
    await expectNoLeaks(() => toSampleWeightAsync(t, { fn, rows: 3 }));
    t.dispose();
  });
});

describe('borrow and owned: reading and handing over Float64Arrays without copies', () => {
  it('borrow reads a Float64Array { data, shape } or vector in place, and still checks it', () => {
    const data = Float64Array.of(1, 2, 3, 4);
    expect(toMatrix({ data, shape: [2, 2] }, { fn: 'f', borrow: true }).data).toBe(data);
    expect(toVector(data, { fn: 'f', borrow: true }).data).toBe(data);
    // Without borrow, and for other element types, the values are copied.
    expect(toMatrix({ data, shape: [2, 2] }, { fn: 'f' }).data).not.toBe(data);
    expect(toVector(data, { fn: 'f' }).data).not.toBe(data);
    const f32 = toMatrix({ data: Float32Array.of(1, 2), shape: [1, 2] }, { fn: 'f', borrow: true });
    expect(Array.from(f32.data)).toEqual([1, 2]);
    expect(() => toVector(Float64Array.of(0, Number.NaN), { fn: 'f', borrow: true })).toThrow('f: argument "y" must contain only finite numbers; got NaN at index 1.');
    expect(() => toMatrix({ data: Float64Array.of(0, 1, Infinity, 2), shape: [2, 2] }, { fn: 'f', borrow: true })).toThrow(
      'f: argument "x" must contain only finite numbers; got Infinity at row 1, column 0.',
    );
  });

  it('fromMatrix takes an owned Float64Array over for { data, shape } and copies otherwise', () => {
    const data = Float64Array.of(1, 2, 3, 4);
    expect((fromMatrix('dataShape', data, 2, 2, { owned: true }) as { data: Float64Array }).data).toBe(data);
    expect((fromMatrix('dataShape', data, 2, 2) as { data: Float64Array }).data).not.toBe(data);
    expect(fromMatrix('array', data, 2, 2, { owned: true })).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
