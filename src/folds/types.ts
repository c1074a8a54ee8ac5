/**
 * One train/test split: the row indices to fit on and the row indices to evaluate on. The k-fold
 * splitters give both in ascending order, as scikit-learn yields them; apply a fold to data with
 * {@link selectRows} and {@link selectItems}.
 *
 * @example
 * ```ts
 * for (const { train, test } of kFold(x.length, { k: 5 })) {
 *   await model.fit(selectRows(x, train), selectItems(y, train));
 * }
 * ```
 */
export interface Fold {
  /** Indices of the rows to train on. */
  readonly train: number[];
  /** Indices of the rows to evaluate on. */
  readonly test: number[];
}
