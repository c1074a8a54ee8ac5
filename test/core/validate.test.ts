import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import {
  checkArgument,
  checkOption,
  checkOptions,
  formatValue,
  InvalidArgumentError,
  invalidOption,
  is,
} from '../../src/core/index.js';

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return (e as Error).message;
  }
  throw new Error('expected a throw');
}

describe('constraints', () => {
  it('number: finite, bounds inclusive and exclusive', () => {
    const c = is.number({ min: 0, max: 1, minExclusive: true });
    expect(c.description).toBe('a finite number in (0, 1]');
    expect([0.5, 1].every((v) => c.test(v))).toBe(true);
    expect([0, 1.0001, Number.NaN, Number.POSITIVE_INFINITY, '0.5', null].some((v) => c.test(v))).toBe(false);
    expect(is.number().test(Number.NaN)).toBe(false);
    expect(is.number({ min: 0 }).description).toBe('a finite number >= 0');
    expect(is.number({ max: 1, maxExclusive: true }).description).toBe('a finite number < 1');
    expect(is.number({ min: -Infinity, max: Infinity }).description).toBe('a finite number');
  });

  it('integer: safe integers in range', () => {
    const c = is.integer({ min: 1, max: 4 });
    expect(c.description).toBe('an integer in [1, 4]');
    expect([1, 4].every((v) => c.test(v))).toBe(true);
    expect([0, 5, 1.5, 2 ** 60, '2'].some((v) => c.test(v))).toBe(false);
    expect(is.integer({ min: 2 }).description).toBe('an integer >= 2');
  });

  it('oneOf, boolean, string, func, seed, tensor, arrayOf, anyOf, custom', () => {
    expect(is.oneOf(['a', 'b', 3]).description).toBe("one of 'a', 'b', 3");
    expect(is.oneOf(['only']).description).toBe("'only'");
    expect(is.oneOf(['a', 'b']).test('c')).toBe(false);
    expect(is.boolean().test(0)).toBe(false);
    expect(is.string({ nonEmpty: true }).test('')).toBe(false);
    expect(is.func().test(() => 1)).toBe(true);
    expect(is.seed().test(3)).toBe(true);
    expect(is.seed().test('s')).toBe(true);
    expect(is.seed().test(3.5)).toBe(false);
    const t = tf.tensor1d([1]);
    expect(is.tensor({ rank: 1 }).test(t)).toBe(true);
    expect(is.tensor({ rank: 2 }).test(t)).toBe(false);
    expect(is.tensor().test([1])).toBe(false);
    t.dispose();
    const arr = is.arrayOf(is.integer({ min: 0 }), { minLength: 2 });
    expect(arr.description).toBe('an array of at least 2 elements whose elements are each an integer >= 0');
    expect(arr.test([0, 1])).toBe(true);
    expect(arr.test(new Int32Array([0, 1]))).toBe(true);
    expect(arr.test([0])).toBe(false);
    expect(arr.test([0, -1])).toBe(false);
    const any = is.anyOf(is.number({ min: 0, max: 1 }), is.oneOf(['auto', 'minority']), is.func());
    expect(any.description).toBe("a finite number in [0, 1], one of 'auto', 'minority' or a function");
    expect(any.test('auto') && any.test(0.3) && any.test(() => 0)).toBe(true);
    expect(any.test(2)).toBe(false);
    expect(is.custom('an even number', (v) => v === 2).test(2)).toBe(true);
  });

  it('vector: arrays, typed arrays and rank-1 tensors only', () => {
    const v = is.vector();
    expect(v.description).toBe('a vector (an array, a typed array or a rank-1 tensor)');
    const t1 = tf.tensor1d([1]);
    const t2 = tf.tensor2d([[1]]);
    expect([[1], new Float32Array(1), t1].every((x) => v.test(x))).toBe(true);
    expect([t2, new DataView(new ArrayBuffer(4)), { length: 1 }, 'ab', 3, null].some((x) => v.test(x))).toBe(false);
    tf.dispose([t1, t2]);
  });

  it('record: plain objects whose keys and values satisfy their constraints', () => {
    const labelKey = is.custom('a numeric string', (k) => typeof k === 'string' && k.trim() !== '' && Number.isFinite(Number(k)));
    const r = is.record(labelKey, is.number({ min: 0 }));
    expect(r.description).toBe('an object whose keys are each a numeric string and whose values are each a finite number >= 0');
    expect(r.test({ 0: 1, '-1': 2.5 })).toBe(true);
    expect(r.test({})).toBe(true);
    expect([{ a: 1 }, { 0: -1 }, [1], new Map(), null, 'x'].some((x) => r.test(x))).toBe(false);
  });
});

describe('messages', () => {
  it('have the documented uniform form', () => {
    const e = invalidOption('smote', 'k', 'an integer in [1, 4]', 7, 'the smallest class to oversample has 5 rows');
    expect(e.message).toBe('smote: option "k" must be an integer in [1, 4] (the smallest class to oversample has 5 rows); got 7.');
    expect(messageOf(() => checkOption('kFold', 'k', 0, is.integer({ min: 2 })))).toBe('kFold: option "k" must be an integer >= 2; got 0.');
    expect(messageOf(() => checkArgument('fit', 'x', 'abc', is.func()))).toBe(`fit: argument "x" must be a function; got 'abc'.`);
  });

  it('checkOption lets undefined through (it means "default")', () => {
    expect(() => checkOption('f', 'k', undefined, is.integer())).not.toThrow();
  });

  it('checkOptions validates every key and rejects unknown ones with a suggestion', () => {
    const spec = { patience: is.integer({ min: 0 }), minDelta: is.number({ min: 0 }), mode: is.oneOf(['min', 'max']) };
    expect(() => checkOptions('earlyStopping', undefined, spec)).not.toThrow();
    expect(() => checkOptions('earlyStopping', { patience: 3, minDelta: undefined }, spec)).not.toThrow();
    expect(messageOf(() => checkOptions('earlyStopping', { patiance: 3 }, spec))).toBe(
      'earlyStopping: unknown option "patiance" (did you mean "patience"?); known options: patience, minDelta, mode.',
    );
    expect(messageOf(() => checkOptions('earlyStopping', { zzz: 3 }, spec))).toBe(
      'earlyStopping: unknown option "zzz"; known options: patience, minDelta, mode.',
    );
    expect(messageOf(() => checkOptions('f', { a: 1 }, {}))).toBe('f: unknown option "a"; it takes no options.');
    expect(messageOf(() => checkOptions('earlyStopping', { mode: 'up' }, spec))).toBe(
      `earlyStopping: option "mode" must be one of 'min', 'max'; got 'up'.`,
    );
    expect(messageOf(() => checkOptions('f', 5, spec))).toBe('f: options must be an object; got 5.');
    expect(messageOf(() => checkOptions('f', [1], spec))).toBe('f: options must be an object; got [1].');
    expect(messageOf(() => checkOptions('f', null, spec))).toBe('f: options must be an object; got null.');
  });

  it('does not accept inherited keys as known options', () => {
    expect(() => checkOptions('f', { toString: 1 }, { a: is.integer() })).toThrow(/unknown option "toString"/);
  });
});

describe('formatValue', () => {
  it('spells out every kind of value briefly', () => {
    expect(formatValue(undefined)).toBe('undefined');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(-Infinity)).toBe('-Infinity');
    expect(formatValue(-0)).toBe('-0');
    expect(formatValue('auto')).toBe("'auto'");
    expect(formatValue('x'.repeat(100))).toMatch(/^'x{57}…'$/);
    expect(formatValue(10n)).toBe('10n');
    expect(formatValue(true)).toBe('true');
    expect(formatValue(function named() {})).toBe('function named');
    expect(formatValue([1, 'a', null])).toBe("[1, 'a', null]");
    expect(formatValue(Array.from({ length: 1000 }, () => 0))).toBe('an array of length 1000');
    expect(formatValue([[1, 2]])).toBe('an array of length 1');
    expect(formatValue(new Float32Array(3))).toBe('a Float32Array of length 3');
    expect(formatValue({})).toBe('an empty object');
    expect(formatValue({ a: 1, b: 2 })).toBe('an object with keys {a, b}');
    expect(formatValue({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 })).toBe('an object with keys {a, b, c, d, e, f, …}');
    expect(formatValue(new Map())).toBe('an instance of Map');
    const t = tf.zeros([2, 3]);
    expect(formatValue(t)).toBe('a float32 tensor of shape [2, 3]');
    t.dispose();
  });
});
