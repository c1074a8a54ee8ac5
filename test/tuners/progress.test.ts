import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createTrialProgress, type TrialProgressStream } from '../../src/tuners/progress.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { frozenTrial } from './_support.js';

function fakeStream(isTTY: boolean, columns?: number): TrialProgressStream & { chunks: string[] } {
  const chunks: string[] = [];
  return { chunks, isTTY, ...(columns === undefined ? {} : { columns }), write: (s: string) => chunks.push(s) };
}

function fakeClock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('createTrialProgress', () => {
  it('redraws one line on a terminal: count, bar, best, ETA from the mean duration', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const p = createTrialProgress({ total: 50, stream, direction: 'minimize', clock: clock.now });
    for (let i = 0; i < 12; i++) {
      clock.advance(2000);
      p.update(frozenTrial({ number: i, value: 1 / (i + 1) }), 0.1234);
    }
    const last = stream.chunks.at(-1)!;
    // 12 trials in 24 s: 2 s each, 38 left → 76 s.
    expect(last).toBe('\rtrial 12/50 [####................] best 0.1234 · ETA 1m16s\x1b[K');
    expect(stream.chunks.every((c) => c.startsWith('\r') && !c.includes('\n'))).toBe(true);
    p.close();
    expect(stream.chunks.at(-1)).toBe('\n');
    p.close();
    p.update(frozenTrial({ number: 99 }), 0);
    expect(stream.chunks.at(-1)).toBe('\n');
    expect(stream.chunks.filter((c) => c === '\n')).toHaveLength(1);
  });

  it('follows the timeout when there is no trial count', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const p = createTrialProgress({ timeoutMs: 180_000, stream, direction: 'maximize', clock: clock.now });
    clock.advance(90_000);
    p.update(frozenTrial({ number: 0, value: 3 }), 3);
    expect(stream.chunks.at(-1)).toBe('\rtrial 1 [##########..........] best 3 · ETA 1m30s\x1b[K');
  });

  it('caps the ETA by the time left before the timeout', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const p = createTrialProgress({ total: 100, timeoutMs: 10_000, stream, direction: 'minimize', clock: clock.now });
    clock.advance(4000);
    p.update(frozenTrial({ number: 0, value: 1 }), 1);
    expect(stream.chunks.at(-1)).toContain('ETA 6s');
  });

  it('shows elapsed time when neither count nor timeout is known', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const p = createTrialProgress({ stream, direction: 'minimize', clock: clock.now });
    clock.advance(3_725_000);
    p.update(frozenTrial({ number: 0, value: 0.5 }), null);
    expect(stream.chunks.at(-1)).toBe('\rtrial 1 best 0.5 · elapsed 1h02m\x1b[K');
  });

  it('writes one line per trial elsewhere, with the trial state', () => {
    const stream = fakeStream(false);
    const clock = fakeClock();
    const p = createTrialProgress({ total: 3, stream, direction: 'minimize', clock: clock.now });
    clock.advance(1000);
    p.update(frozenTrial({ number: 0, value: 0.25 }), 0.25);
    clock.advance(1000);
    p.update(frozenTrial({ number: 1, state: 'pruned' }), 0.25);
    clock.advance(1000);
    p.update(frozenTrial({ number: 2, state: 'fail' }), 0.25);
    p.close();
    expect(stream.chunks).toEqual([
      'trial 1/3 #0 complete 0.25 · best 0.25 · ETA 2s\n',
      'trial 2/3 #1 pruned · best 0.25 · ETA 1s\n',
      'trial 3/3 #2 fail (Error: failed) · best 0.25 · ETA 0s\n',
    ]);
  });

  it('keeps the best value itself when the caller passes null, by direction', () => {
    for (const [direction, expected] of [['minimize', '-2'], ['maximize', '5']] as const) {
      const stream = fakeStream(false);
      const p = createTrialProgress({ stream, direction, clock: () => 0 });
      for (const v of [1, 5, -2, 3]) p.update(frozenTrial({ number: 0, value: v }), null);
      p.update(frozenTrial({ number: 1, state: 'fail' }), null);
      expect(stream.chunks.at(-1)).toContain(`best ${expected}`);
    }
  });

  it('fits narrow terminals', () => {
    const stream = fakeStream(true, 40);
    const p = createTrialProgress({ total: 1000, stream, direction: 'minimize', clock: () => 0 });
    p.update(frozenTrial({ number: 0, value: 123456.789 }), 123456.789);
    const line = stream.chunks.at(-1)!.replace('\r', '').replace('\x1b[K', '');
    expect(line.length).toBeLessThanOrEqual(39);
    expect(line.startsWith('trial 1/1000 [')).toBe(true);
  });

  it('is a no-op without a stream, and never throws when the stream does', () => {
    const p = createTrialProgress({ total: 2, direction: 'minimize' });
    expect(() => {
      p.update(frozenTrial({ number: 0 }), 0);
      p.close();
    }).not.toThrow();
    let calls = 0;
    const broken = { isTTY: true, write: () => { calls++; throw new Error('EPIPE'); } };
    const q = createTrialProgress({ total: 2, stream: broken, direction: 'minimize' });
    expect(() => {
      q.update(frozenTrial({ number: 0 }), 0);
      q.update(frozenTrial({ number: 1 }), 0);
      q.close();
    }).not.toThrow();
    expect(calls).toBe(1);
  });

  it('rejects bad options', () => {
    const bad: unknown[] = [
      undefined,
      {},
      { direction: 'up' },
      { direction: 'minimize', total: -1 },
      { direction: 'minimize', total: 1.5 },
      { direction: 'minimize', timeoutMs: 0 },
      { direction: 'minimize', stream: {} },
      { direction: 'minimize', clock: 5 },
      { direction: 'minimize', totl: 5 },
    ];
    for (const o of bad) expect(() => createTrialProgress(o as never)).toThrow(InvalidArgumentError);
  });

  it('property: a terminal line never holds a newline and the bar never overflows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 10, max: 200 }), fc.double({ noNaN: true }), (total, n, columns, best) => {
        const stream = fakeStream(true, columns);
        let t = 0;
        const p = createTrialProgress({ total, stream, direction: 'minimize', clock: () => (t += 37) });
        for (let i = 0; i < n; i++) p.update(frozenTrial({ number: i }), best);
        for (const c of stream.chunks) {
          expect(c.includes('\n')).toBe(false);
          const line = c.replace('\r', '').replace('\x1b[K', '');
          expect(line.length).toBeLessThanOrEqual(Math.max(columns - 1, 1));
        }
      }),
      { numRuns: 50 },
    );
  });
});
