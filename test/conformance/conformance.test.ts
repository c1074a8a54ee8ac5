/// <reference types="vite/client" />
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backends/index.js';
import { collectTensors, isTensor, WhetstoneError } from '../../src/core/index.js';
import { expectNoLeaks } from '../_support/leaks.js';
import type { ConformanceCase } from './registry.js';

const modules = import.meta.glob<{ default: readonly ConformanceCase[] }>('../**/conformance.ts', { eager: true });

/** A deep, comparable copy: tensors become `{ tensor: shape, values }`, typed arrays plain arrays. */
function snapshot(value: unknown, seen = new Set<unknown>()): unknown {
  if (isTensor(value)) return { tensor: value.shape, dtype: value.dtype, values: Array.from(value.dataSync()) };
  if (ArrayBuffer.isView(value)) return { typed: value.constructor.name, values: Array.from(value as unknown as ArrayLike<number>) };
  if (typeof value !== 'object' || value === null) return typeof value === 'function' ? 'function' : value;
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => snapshot(v, seen));
  if (Object.getPrototypeOf(value) !== Object.prototype) return `[${value.constructor?.name ?? 'object'}]`;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, snapshot(v, seen)]));
}

async function invoke(c: ConformanceCase, args: unknown[], options: Record<string, unknown>): Promise<unknown> {
  return await c.call(args, options);
}

async function expectRejected(c: ConformanceCase, run: () => unknown): Promise<void> {
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(error, `${c.name} accepted input it should reject`).toBeInstanceOf(WhetstoneError);
  expect((error as Error).message.startsWith(`${c.name}: `), (error as Error).message).toBe(true);
  expect((error as Error).message).toMatch(/[.?)]$/);
}

const entries = Object.entries(modules).flatMap(([file, mod]) => mod.default.map((c) => [file, c] as const));

describe('conformance registry', () => {
  it('has cases from every module test folder that defines them', () => {
    expect(entries.length).toBeGreaterThan(0);
  });
});

for (const [file, c] of entries) {
  describe(`${c.name} (${file.replace(/^\.\.\//, '')})`, () => {
    beforeAll(async () => {
      await useBackend(c.backend ?? 'cpu');
    });
    const valid = (): Record<string, unknown> => ({ ...(c.options ?? {}), ...(c.seeded ? { seed: 7 } : {}) });

    if (c.badOptions.length > 0) it('rejects bad options with a named, uniform error', async () => {
      for (const bad of c.badOptions) {
        const args = c.args();
        try {
          await expectNoLeaks(() => expectRejected(c, () => invoke(c, args, { ...valid(), ...bad })));
        } finally {
          for (const t of collectTensors(args)) t.dispose();
        }
      }
    });

    if (c.badArgs) it('rejects bad arguments with a named, uniform error', async () => {
      for (const makeArgs of c.badArgs ?? []) {
        const args = makeArgs();
        try {
          await expectNoLeaks(() => expectRejected(c, () => invoke(c, args, valid())));
        } finally {
          for (const t of collectTensors(args)) t.dispose();
        }
      }
    });

    it('leaves its inputs unmodified and leaks no tensor', async () => {
      const args = c.args();
      const before = snapshot(args);
      try {
        await expectNoLeaks(() => invoke(c, args, valid()));
        expect(snapshot(args)).toEqual(before);
      } finally {
        for (const t of collectTensors(args)) t.dispose();
      }
    });

    if (c.seeded) it('gives the same result for the same seed', async () => {
      const run = async (): Promise<unknown> => {
        const args = c.args();
        try {
          const result = await invoke(c, args, valid());
          const snap = snapshot(result);
          for (const t of collectTensors(result)) t.dispose();
          return snap;
        } finally {
          for (const t of collectTensors(args)) t.dispose();
        }
      };
      expect(await run()).toEqual(await run());
    });
  });
}
