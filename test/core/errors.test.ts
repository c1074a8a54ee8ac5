import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  ConvergenceError,
  InvalidArgumentError,
  NotFittedError,
  ShapeError,
  WhetstoneError,
} from '../../src/core/index.js';

describe('error classes', () => {
  const cases = [
    [InvalidArgumentError, 'ERR_INVALID_ARGUMENT', 'InvalidArgumentError'],
    [ShapeError, 'ERR_SHAPE', 'ShapeError'],
    [NotFittedError, 'ERR_NOT_FITTED', 'NotFittedError'],
    [ConvergenceError, 'ERR_CONVERGENCE', 'ConvergenceError'],
    [BackendUnavailableError, 'ERR_BACKEND_UNAVAILABLE', 'BackendUnavailableError'],
  ] as const;

  it.each(cases)('%o has its stable code and name and is a WhetstoneError', (Cls, code, name) => {
    const cause = new Error('root');
    const e = new Cls('fn: something went wrong.', { cause });
    expect(e).toBeInstanceOf(Cls);
    expect(e).toBeInstanceOf(WhetstoneError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe(code);
    expect(e.name).toBe(name);
    expect(e.message).toBe('fn: something went wrong.');
    expect(e.cause).toBe(cause);
    expect(String(e)).toBe(`${name}: fn: something went wrong.`);
    expect(e.stack).toContain('fn: something went wrong.');
  });

  it('keeps the classes distinct', () => {
    expect(new ShapeError('x')).not.toBeInstanceOf(InvalidArgumentError);
    expect(new NotFittedError('x')).not.toBeInstanceOf(ConvergenceError);
  });
});
