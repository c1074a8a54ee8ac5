import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import type { MatrixLike } from '../core/types.js';
import { checkArgument, formatValue, is } from '../core/validate.js';
import type { Classifier, Regressor } from './protocol.js';

/**
 * Whether `value` fits the {@link Classifier} protocol: an object with `fit` and `predictProba`
 * methods and a `classes` array. A structural check (no `instanceof`), so wrapped models from any
 * library qualify.
 *
 * @param value - anything.
 * @returns `true` when `value` can be used as a classifier.
 * @see scikit-learn's `sklearn.base.is_classifier`.
 * @example
 * ```ts
 * isClassifier(logisticRegression()); // true
 * isClassifier({ fit() {}, predict() {} }); // false: a regressor
 * ```
 */
export function isClassifier(value: unknown): value is Classifier {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<'fit' | 'predictProba' | 'classes', unknown>>;
  return typeof v.fit === 'function' && typeof v.predictProba === 'function' && Array.isArray(v.classes);
}

/**
 * Whether `value` fits the {@link Regressor} protocol: an object with `fit` and `predict`
 * methods that is not a classifier. Classifiers often have a `predict` (returning labels), so
 * they are excluded here: branch on {@link isClassifier} and this in either order.
 *
 * @param value - anything.
 * @returns `true` when `value` can be used as a regressor.
 * @see scikit-learn's `sklearn.base.is_regressor`.
 * @example
 * ```ts
 * isRegressor(layersRegressor(build)); // true
 * isRegressor(logisticRegression());   // false: it is a classifier
 * ```
 */
export function isRegressor(value: unknown): value is Regressor {
  if (typeof value !== 'object' || value === null || isClassifier(value)) return false;
  const v = value as Partial<Record<'fit' | 'predict', unknown>>;
  return typeof v.fit === 'function' && typeof v.predict === 'function';
}

/**
 * The predicted label of each row of any {@link Classifier}: the column of the largest
 * probability (the first on ties, as numpy's argmax), mapped through `classes`.
 *
 * @param classifier - a fitted classifier.
 * @param x - rows to label.
 * @returns one label per row, taken from `classifier.classes`.
 * @throws {@link "whetstone/core"!InvalidArgumentError} when `classifier` does not fit the
 *   protocol, or whatever its `predictProba` throws (e.g. NotFittedError);
 *   {@link "whetstone/core"!ShapeError} when its probability rows do not have one column per class.
 * @see scikit-learn's `ClassifierMixin.predict` for probabilistic classifiers.
 * @example
 * ```ts
 * await model.fit(x, y);
 * const labels = await predictLabels(model, xNew);
 * ```
 */
export async function predictLabels(classifier: Classifier, x: MatrixLike): Promise<number[]> {
  const fn = 'predictLabels';
  checkArgument(fn, 'classifier', classifier, is.custom('a Classifier (fit, predictProba and classes)', isClassifier));
  const classes = classifier.classes;
  const proba = await classifier.predictProba(x);
  if (!Array.isArray(proba)) {
    throw new InvalidArgumentError(`${fn}: the classifier's predictProba must return an array of rows; got ${formatValue(proba)}.`);
  }
  return proba.map((row, i) => {
    if (row === null || typeof row !== 'object' || row.length !== classes.length) {
      throw new ShapeError(`${fn}: the classifier's probability rows must have one column per class (${classes.length}); row ${i} is ${formatValue(row)}.`);
    }
    let best = 0;
    for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c;
    return classes[best]!;
  });
}
