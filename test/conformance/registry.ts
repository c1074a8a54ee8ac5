/**
 * The conformance suite's contract (STYLE.md, after scikit-learn's common estimator checks): every
 * public function of every module is registered here once, through a `conformance.ts` file in its
 * module's test folder, and test/conformance/conformance.test.ts runs each registered case
 * through the same checks:
 *
 * - bad options (unknown keys, wrong types, out-of-range values) are rejected with a WhetstoneError whose message starts with the function's name;
 * - bad positional arguments (when given) are rejected the same way;
 * - inputs are not mutated (arrays, typed arrays, `{ data, shape }`, tensors compared before/after);
 * - no tensor leaks (only tensors reachable from the result may remain, and are then disposed);
 * - for seeded functions, the same seed gives the same result, twice in a row.
 */
export interface ConformanceCase {
  /** The name errors start with (`'smote'`, `'Rng.choice'`). */
  readonly name: string;
  /** Call the function under test with these arguments; `options` is merged into the last one. */
  readonly call: (args: unknown[], options: Record<string, unknown>) => unknown;
  /** Fresh valid positional arguments for one call (new arrays and tensors every time). */
  readonly args: () => unknown[];
  /** Valid options for a normal call (default `{}`). */
  readonly options?: Record<string, unknown>;
  /** Option sets that must each be rejected (merged over `options`); empty for option-less functions. */
  readonly badOptions: readonly Record<string, unknown>[];
  /** Positional argument lists that must each be rejected. */
  readonly badArgs?: readonly (() => unknown[])[];
  /** Pass `seed` in the options and check determinism (default `false`). */
  readonly seeded?: boolean;
  /** Backend to run on (default: cpu). */
  readonly backend?: 'cpu' | 'wasm';
}

/** Register a module's cases: `export default defineCases([...])` in `test/<module>/conformance.ts`. */
export function defineCases(cases: readonly ConformanceCase[]): readonly ConformanceCase[] {
  return cases;
}
