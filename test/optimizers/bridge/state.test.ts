// The bridge's bookkeeping on its own: splitting a transformation's state into a global template
// and per-variable entries, and the lossless JSON encodings it saves.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/index.js';
import {
  decodeValue,
  deserializeState,
  encodeValue,
  fromLoaderSafeJson,
  serializeState,
  toLoaderSafeJson,
} from '../../../src/optimizers/_internal/bridge-serialize.js';
import { assemble, canonicalName, mergeTemplates, Slot, splitInit, splitUpdate } from '../../../src/optimizers/_internal/bridge-state.js';

// JSON-like values with everything JSON alone would lose: NaN, ±Infinity, -0, undefined, and
// objects that happen to use the marker key.
const plainValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, undefined, null, '$ws', 'exp_range'),
    fc.double(),
    fc.string(),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constant('$ws'), fc.constant('a_b'), fc.constant('__proto__')), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

describe('lossless JSON encodings', () => {
  it('encodeValue / decodeValue round-trip any plain value, through JSON text', () => {
    fc.assert(
      fc.property(plainValue, (v) => {
        expect(decodeValue(JSON.parse(JSON.stringify(encodeValue(v))))).toStrictEqual(v);
      }),
    );
  });

  it('the loader-safe config string has no underscore (tfjs-layers would camel-case it) and round-trips', () => {
    fc.assert(
      fc.property(plainValue, (v) => {
        const text = toLoaderSafeJson(v);
        expect(text).not.toContain('_');
        expect(fromLoaderSafeJson(text)).toStrictEqual(v);
      }),
    );
    const config = { name: 'chain', options: { transforms: [{ name: 'cyclic', options: { mode: 'exp_range', max_lr: Infinity } }] } };
    expect(fromLoaderSafeJson(toLoaderSafeJson(config))).toStrictEqual(config);
  });

  it('refuses what cannot be saved (functions, class instances)', () => {
    expect(() => encodeValue({ f: () => 1 })).toThrow(/cannot save a function/);
    expect(() => encodeValue([new Map()])).toThrow(/cannot save/);
  });
});

describe('per-variable state split', () => {
  const names = ['dense/kernel', 'dense/bias'];
  const a = (): tf.Tensor => tf.zeros([2]);

  it('finds per-parameter maps at any depth, keeps the rest global, and assembles any subset', () => {
    const mu = { 'dense/kernel': a(), 'dense/bias': a() };
    const count = tf.scalar(0);
    const state = [{ count, mu, flag: true }, { trace: { 'dense/bias': a() } }, {}];
    const { template, entries } = splitInit(state, new Set(names));
    const t = template as [{ count: tf.Tensor; mu: Slot; flag: boolean }, { trace: Slot }, object];
    expect(t[0].count).toBe(count);
    expect(t[0].mu).toBeInstanceOf(Slot);
    expect(t[1].trace).toBeInstanceOf(Slot);
    expect(t[2]).toEqual({});
    expect([...entries.get('dense/kernel')!.keys()]).toEqual([t[0].mu.id]);
    expect(entries.get('dense/bias')!.size).toBe(2);
    const only = assemble(template, entries, ['dense/bias']) as typeof state;
    expect(Object.keys(only[0]!.mu!)).toEqual(['dense/bias']);
    expect(only[0]!.mu!['dense/bias']).toBe(mu['dense/bias']);
    expect(only[1]!.trace!['dense/bias']).toBeDefined();
    tf.dispose([...Object.values(mu), count, (state[1] as { trace: { 'dense/bias': tf.Tensor } }).trace['dense/bias']]);
  });

  it('merging a later init keeps the global state and adds slots that were empty', () => {
    const merged = mergeTemplates({ count: 5, masked: {}, mu: new Slot('["mu"]', ['mu']) }, { count: 0, masked: new Slot('["masked"]', ['masked']), mu: new Slot('["mu"]', ['mu']), extra: 1 });
    expect(merged).toEqual({ count: 5, masked: new Slot('["masked"]', ['masked']), mu: new Slot('["mu"]', ['mu']), extra: 1 });
  });

  it('an update that drops a per-parameter map or adds a stranger is refused, naming the place', () => {
    const template = { inner: { mu: new Slot('["inner","mu"]', ['inner', 'mu']) } };
    expect(() => splitUpdate('f', template, { inner: {} }, ['x'])).toThrow(InvalidArgumentError);
    expect(() => splitUpdate('f', template, { inner: {} }, ['x'])).toThrow(/at "inner\/mu" a per-parameter map went missing/);
    expect(() => splitUpdate('f', template, { inner: { mu: { y: 1 } } }, ['x'])).toThrow(/entry "y" for no variable/);
    const ok = splitUpdate('f', template, { inner: { mu: { x: 2 } }, more: 3 }, ['x']);
    expect(ok.changes).toEqual([['x', '["inner","mu"]', 2, false]]);
    expect(ok.template).toEqual({ inner: { mu: template.inner.mu }, more: 3 });
  });

  it('serialized state names tensors after their variable and path, and deserializes to the same structure', () => {
    const k = tf.tensor1d([1, 2]);
    const b = tf.tensor1d([3]);
    const g = tf.scalar(7);
    const { template, entries } = splitInit([{ g, n: Number.NaN, mu: { 'dense/kernel': k, 'dense/bias': b } }], new Set(names));
    const { skeleton, tensors } = serializeState('adam', template, entries);
    expect(tensors.map((t) => t.name)).toEqual(['whetstone/0/g', 'dense/kernel/0/mu', 'dense/bias/0/mu']);
    const byName = new Map(tensors.map((t) => [t.name, t.tensor] as const));
    const back = deserializeState(JSON.parse(JSON.stringify(skeleton)), (n) => byName.get(n));
    expect(back.missing).toEqual([]);
    expect(back.template).toEqual(template);
    expect(back.entries).toEqual(entries);
    const partial = deserializeState(skeleton, (n) => (n === 'whetstone/0/g' ? undefined : byName.get(n)));
    expect(partial.missing).toEqual(['whetstone/0/g']);
    tf.dispose([k, b, g]);
  });

  it('a state that is itself a per-parameter map never saves a tensor under the bare variable name', () => {
    const k = tf.tensor1d([1, 2]);
    const { template, entries } = splitInit({ 'dense/kernel': k, 'dense/bias': k }, new Set(names));
    expect(template).toBeInstanceOf(Slot);
    expect(serializeState('t', template, entries).tensors.map((t) => t.name)).toEqual(['dense/kernel/state', 'dense/bias/state']);
    k.dispose();
  });

  it('canonical names undo the suffix tfjs-layers adds to rebuilt models', () => {
    expect(canonicalName('dense_Dense1/kernel_1')).toBe('dense_Dense1/kernel');
    expect(canonicalName('dense_Dense1/kernel')).toBe('dense_Dense1/kernel');
    expect(canonicalName('w_12')).toBe('w');
  });
});
