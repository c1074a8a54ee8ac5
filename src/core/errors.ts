/**
 * Stable machine-readable codes carried by every {@link WhetstoneError}. Match on `code` rather
 * than on message text: messages may be reworded, codes are part of the public API.
 */
export type WhetstoneErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_SHAPE'
  | 'ERR_NOT_FITTED'
  | 'ERR_CONVERGENCE'
  | 'ERR_BACKEND_UNAVAILABLE'
  | 'ERR_TRIAL_PRUNED'
  | 'ERR_LOCK_TIMEOUT';

/**
 * Base class of every error whetstone throws on purpose. Errors from tfjs itself, or from user
 * callbacks, pass through unchanged.
 *
 * @example
 * ```ts
 * try { createRng(-0.5); } catch (e) { if (e instanceof WhetstoneError) console.log(e.code); }
 * ```
 */
export class WhetstoneError extends Error {
  /** Stable code identifying the kind of failure. */
  readonly code: WhetstoneErrorCode;

  /**
   * @param message - the full message, starting with the function name (`"smote: …"`).
   * @param code - the stable error code.
   * @param options - `cause`, as for `Error`.
   */
  constructor(message: string, code: WhetstoneErrorCode, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    // Set explicitly: `constructor.name` is not stable under minification.
    this.name = 'WhetstoneError';
  }
}

/**
 * An argument or option has the wrong type or an out-of-range value. Thrown before any work is
 * done, with the function, the option, what was expected and what was got in the message.
 */
export class InvalidArgumentError extends WhetstoneError {
  /** @param message - see {@link WhetstoneError}. @param options - `cause`. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_INVALID_ARGUMENT', options);
    this.name = 'InvalidArgumentError';
  }
}

/** Array or tensor shapes do not fit together (ragged rows, mismatched lengths, wrong rank). */
export class ShapeError extends WhetstoneError {
  /** @param message - see {@link WhetstoneError}. @param options - `cause`. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_SHAPE', options);
    this.name = 'ShapeError';
  }
}

/** A fitted-object method (`predict`, `transform`, …) was called before `fit`. */
export class NotFittedError extends WhetstoneError {
  /** @param message - see {@link WhetstoneError}. @param options - `cause`. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_NOT_FITTED', options);
    this.name = 'NotFittedError';
  }
}

/** An iterative solver did not reach its tolerance; the message says how far it got. */
export class ConvergenceError extends WhetstoneError {
  /** @param message - see {@link WhetstoneError}. @param options - `cause`. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_CONVERGENCE', options);
    this.name = 'ConvergenceError';
  }
}

/**
 * A tfjs backend cannot be used here: its package is not installed, or the runtime lacks what it
 * needs (no WebGPU adapter, no WebGL context). The message names the package to install.
 */
export class BackendUnavailableError extends WhetstoneError {
  /** @param message - see {@link WhetstoneError}. @param options - `cause`. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_BACKEND_UNAVAILABLE', options);
    this.name = 'BackendUnavailableError';
  }
}
