import { fromMatrix, fromVector } from '../core/convert.js';
import { InvalidArgumentError, ShapeError, WhetstoneError } from '../core/errors.js';
import type { Float64DataShape, MatrixLike, MatrixOf, VectorLike, VectorOf } from '../core/types.js';
import { checkOptions, invalidOption, is } from '../core/validate.js';
import { EDITED_NEAREST_NEIGHBOURS_OPTIONS, editedNearestNeighbours } from './edited-nearest-neighbours.js';
import type { EditedNearestNeighboursOptions } from './edited-nearest-neighbours.js';
import { readResamplerInput, type ResamplerInput } from './_internal/resample.js';
import { smote } from './smote.js';
import type { SmoteOptions } from './smote.js';
import { TOMEK_LINKS_OPTIONS, tomekLinks } from './tomek-links.js';
import type { TomekLinksOptions } from './tomek-links.js';
import type { ResampleResult, SeededOptions } from './types.js';

/** The options {@link smote} takes, without its seed (the combination's `seed` is used). */
export type CombinedSmoteOptions = Omit<SmoteOptions, 'seed'>;

/** Options of {@link smoteTomek}. */
export interface SmoteTomekOptions extends SeededOptions {
  /** Options of the SMOTE step (default `{}`: SMOTE's defaults, `k = 5`, `samplingStrategy: 'auto'`). */
  readonly smote?: CombinedSmoteOptions;
  /**
   * Options of the Tomek-links step (default `{ samplingStrategy: 'all' }`: both ends of every
   * link are removed, as imbalanced-learn's `SMOTETomek`).
   */
  readonly tomek?: TomekLinksOptions;
}

/** Options of {@link smoteENN}. */
export interface SmoteENNOptions extends SeededOptions {
  /** Options of the SMOTE step (default `{}`: SMOTE's defaults). */
  readonly smote?: CombinedSmoteOptions;
  /**
   * Options of the edited-nearest-neighbours step (default `{ samplingStrategy: 'all' }`, with
   * `k = 3` and `kindSel: 'all'`, as imbalanced-learn's `SMOTEENN`).
   */
  readonly enn?: EditedNearestNeighboursOptions;
}

const NESTED = is.custom<Record<string, unknown>>('an options object', (v) => typeof v === 'object' && v !== null && !Array.isArray(v));

/**
 * Re-issue an error of a step under the combination's name, so every message starts with the
 * function the caller called: `smote: option "k" …` becomes `smoteTomek: option "smote.k" …`.
 */
function renamed(error: unknown, fn: string, step: string, option: string): unknown {
  if (!(error instanceof WhetstoneError) || !error.message.startsWith(`${step}: `)) return error;
  const raw = error.message.slice(step.length + 2);
  const rest = raw.replace(/^(unknown )?option "/, (_m, unknown: string | undefined) => `${unknown ?? ''}option "${option}.`);
  const message = `${fn}: ${rest !== raw ? rest : `in the ${step} step, ${raw}`}`;
  if (error instanceof ShapeError) return new ShapeError(message, { cause: error });
  return new InvalidArgumentError(message, { cause: error });
}

async function step<T>(fn: string, name: string, option: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw renamed(error, fn, name, option);
  }
}

/** Check a cleaning step's options before SMOTE runs, so a typo fails fast. */
function checkStepOptions(fn: string, name: string, option: string, nested: unknown, spec: Parameters<typeof checkOptions>[2]): void {
  try {
    checkOptions(name, nested, spec);
  } catch (error) {
    throw renamed(error, fn, name, option);
  }
}

/** Compose SMOTE's output with the cleaning step's selection, back in the caller's kinds. */
function composed<X extends MatrixLike, Y extends VectorLike>(
  input: ResamplerInput,
  over: ResampleResult<Float64DataShape, number[]>,
  cleaned: ResampleResult<Float64DataShape, number[]>,
): ResampleResult<MatrixOf<X>, VectorOf<Y>> {
  const [rows, cols] = cleaned.x.shape;
  const x = fromMatrix<X>(input.m, cleaned.x.data, rows, cols);
  let y: VectorOf<Y>;
  try {
    y = fromVector<Y>(input.v, cleaned.y);
  } catch (error) {
    (x as { dispose?: () => void }).dispose?.();
    throw error;
  }
  const sampleIndices = cleaned.sampleIndices.map((i) => over.sampleIndices[i]!);
  const synthetic = cleaned.sampleIndices.map((i) => over.synthetic[i]!);
  return { x, y, sampleIndices, synthetic };
}

function checkNestedSeed(fn: string, option: string, nested: Record<string, unknown> | undefined): void {
  if (nested !== undefined && 'seed' in nested) {
    throw invalidOption(fn, `${option}.seed`, 'left out', nested.seed, `give "seed" at the top level of the ${fn} options`);
  }
}

/**
 * SMOTE, then Tomek-links cleaning of the result (Batista et al. 2003), as imbalanced-learn 0.10's
 * `SMOTETomek`: over-sample the minority with synthetic rows, then remove both rows of every pair
 * of mutual nearest neighbours of different classes.
 *
 * @typeParam X - the kind of `x`, which decides the kind of the returned rows.
 * @typeParam Y - the kind of `y`.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`); not modified.
 * @param y - one label per row; not modified.
 * @param options - `smote` (options of {@link smote}, no seed), `tomek` (options of
 *   {@link tomekLinks}; default `samplingStrategy: 'all'`), `seed`.
 * @returns the rows that survive, in SMOTE's order (originals first, then synthetic rows), in the
 *   kinds `x` and `y` came in (returned tensors belong to the caller); `sampleIndices` gives the
 *   input row of each original row and -1 for synthetic ones, `synthetic` flags the latter.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options (nested ones are named `smote.k`,
 *   `tomek.samplingStrategy`, …), NaN/±Infinity, or anything SMOTE or Tomek links reject;
 *   {@link "whetstone/core"!ShapeError} for mismatched lengths.
 * @example
 * ```ts
 * const { x: xs, y: ys } = await smoteTomek(x, y, { smote: { k: 5 }, seed: 0 });
 * ```
 * @see G. Batista, A. Bazzan, M. Monard, "Balancing training data for automated annotation of
 *   keywords: a case study", WOB 2003; imbalanced-learn 0.10 `imblearn/combine/_smote_tomek.py`.
 */
export async function smoteTomek<X extends MatrixLike, Y extends VectorLike>(
  x: X,
  y: Y,
  options: SmoteTomekOptions = {},
): Promise<ResampleResult<MatrixOf<X>, VectorOf<Y>>> {
  const fn = 'smoteTomek';
  checkOptions(fn, options, { smote: NESTED, tomek: NESTED, seed: is.seed() });
  checkNestedSeed(fn, 'smote', options.smote as Record<string, unknown> | undefined);
  checkStepOptions(fn, 'tomekLinks', 'tomek', options.tomek, TOMEK_LINKS_OPTIONS);
  const input = await readResamplerInput(fn, x, y);
  const data: Float64DataShape = { data: input.m.data, shape: [input.m.rows, input.m.cols] };
  const over = await step(fn, 'smote', 'smote', () => smote(data, input.labels, { ...options.smote, seed: options.seed }));
  const cleaned = await step(fn, 'tomekLinks', 'tomek', () => tomekLinks(over.x, over.y, { samplingStrategy: 'all', ...options.tomek }));
  return composed<X, Y>(input, over, cleaned);
}

/**
 * SMOTE, then edited-nearest-neighbours cleaning of the result (Batista et al. 2004), as
 * imbalanced-learn 0.10's `SMOTEENN`: over-sample with synthetic rows, then remove every row
 * (original or synthetic, of any class by default) that disagrees with its 3 nearest neighbours.
 *
 * @typeParam X - the kind of `x`, which decides the kind of the returned rows.
 * @typeParam Y - the kind of `y`.
 * @param x - the rows (`number[][]`, a `Tensor2D` or `{ data, shape }`); not modified.
 * @param y - one label per row; not modified.
 * @param options - `smote` (options of {@link smote}, no seed), `enn` (options of
 *   {@link editedNearestNeighbours}; default `samplingStrategy: 'all'`), `seed`.
 * @returns the rows that survive, in SMOTE's order, in the kinds `x` and `y` came in (returned
 *   tensors belong to the caller), with `sampleIndices` (-1 for synthetic rows) and `synthetic`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} for bad options (nested ones named `smote.k`, `enn.k`, …),
 *   NaN/±Infinity, or anything SMOTE or ENN reject; {@link "whetstone/core"!ShapeError} for
 *   mismatched lengths.
 * @example
 * ```ts
 * const { x: xs, y: ys } = await smoteENN(x, y, { enn: { k: 3, kindSel: 'mode' }, seed: 0 });
 * ```
 * @see G. Batista, R. Prati, M. Monard, "A study of the behavior of several methods for balancing
 *   machine learning training data", SIGKDD Explorations 6(1), 2004; imbalanced-learn 0.10
 *   `imblearn/combine/_smote_enn.py`.
 */
export async function smoteENN<X extends MatrixLike, Y extends VectorLike>(
  x: X,
  y: Y,
  options: SmoteENNOptions = {},
): Promise<ResampleResult<MatrixOf<X>, VectorOf<Y>>> {
  const fn = 'smoteENN';
  checkOptions(fn, options, { smote: NESTED, enn: NESTED, seed: is.seed() });
  checkNestedSeed(fn, 'smote', options.smote as Record<string, unknown> | undefined);
  checkStepOptions(fn, 'editedNearestNeighbours', 'enn', options.enn, EDITED_NEAREST_NEIGHBOURS_OPTIONS);
  const input = await readResamplerInput(fn, x, y);
  const data: Float64DataShape = { data: input.m.data, shape: [input.m.rows, input.m.cols] };
  const over = await step(fn, 'smote', 'smote', () => smote(data, input.labels, { ...options.smote, seed: options.seed }));
  const cleaned = await step(fn, 'editedNearestNeighbours', 'enn', () =>
    editedNearestNeighbours(over.x, over.y, { samplingStrategy: 'all', ...options.enn }),
  );
  return composed<X, Y>(input, over, cleaned);
}
