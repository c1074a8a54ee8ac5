import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../src/core/index.js';
import { isClassifier, isRegressor, logisticRegression, predictLabels, type Classifier, type Factory } from '../../src/estimators/index.js';

/** A classifier with fixed probabilities, for testing the helpers alone. */
function fixedClassifier(classes: number[], proba: number[][]): Classifier {
  return { classes, fit: async () => {}, predictProba: async () => proba.map((r) => r.slice()) };
}

describe('predictLabels', () => {
  it('maps the argmax of each probability row to its class, first on ties', async () => {
    const clf = fixedClassifier([2, 5, 9], [
      [0.2, 0.5, 0.3],
      [0.4, 0.4, 0.2],
      [0, 0, 1],
    ]);
    expect(await predictLabels(clf, [[0], [0], [0]])).toEqual([5, 2, 9]);
  });

  it('always returns a label from classes, the one of largest probability', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }).chain((k) => fc.tuple(fc.constant(k), fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: k, maxLength: k }), { maxLength: 20 }))),
        async ([k, rows]) => {
          const classes = Array.from({ length: k }, (_, i) => 3 * i - 1);
          const labels = await predictLabels(fixedClassifier(classes, rows), rows);
          labels.forEach((label, i) => {
            const c = classes.indexOf(label);
            expect(c).toBeGreaterThanOrEqual(0);
            expect(rows[i]![c]).toBe(Math.max(...rows[i]!));
          });
        },
      ),
    );
  });

  it('rejects what is not a classifier, and probability rows of the wrong width', async () => {
    await expect(predictLabels({ fit: async () => {} } as never, [[1]])).rejects.toThrow(
      'predictLabels: argument "classifier" must be a Classifier (fit, predictProba and classes); got an object with keys {fit}.',
    );
    await expect(predictLabels(null as never, [[1]])).rejects.toThrow(InvalidArgumentError);
    await expect(predictLabels(fixedClassifier([0, 1], [[1, 0, 0]]), [[1]])).rejects.toThrow(ShapeError);
  });
});

describe('isClassifier / isRegressor', () => {
  it('recognise the protocol structurally', () => {
    const regressor = { fit: async () => {}, predict: async () => [] };
    expect(isClassifier(logisticRegression())).toBe(true);
    expect(isRegressor(logisticRegression())).toBe(false);
    expect(isRegressor(regressor)).toBe(true);
    expect(isClassifier(regressor)).toBe(false);
    expect(isClassifier(fixedClassifier([0, 1], []))).toBe(true);
    for (const v of [null, undefined, 1, 'model', [], {}, { fit: 1, predict: () => 0 }, { fit() {}, predictProba() {}, classes: 'ab' }]) {
      expect(isClassifier(v)).toBe(false);
      expect(isRegressor(v)).toBe(false);
    }
  });
});

// A stand-in for another library's model, with its own method names: nearest centroid, with
// probabilities from a softmax of negative squared distances, in sorted-label order.
class RandomForest {
  readonly trees: number;
  #centroids = new Map<number, number[]>();

  constructor({ trees }: { trees: number }) {
    this.trees = trees;
  }

  train(rows: number[][], labels: number[]): void {
    const sums = new Map<number, { sum: number[]; count: number }>();
    rows.forEach((row, i) => {
      const s = sums.get(labels[i]!) ?? { sum: row.map(() => 0), count: 0 };
      row.forEach((v, j) => (s.sum[j]! += v));
      s.count++;
      sums.set(labels[i]!, s);
    });
    this.#centroids = new Map([...sums].sort(([a], [b]) => a - b).map(([label, s]) => [label, s.sum.map((v) => v / s.count)]));
  }

  predictProbabilities(rows: number[][]): number[][] {
    return rows.map((row) => {
      const scores = [...this.#centroids.values()].map((c) => Math.exp(-c.reduce((s, v, j) => s + (v - row[j]!) ** 2, 0)));
      const total = scores.reduce((a, b) => a + b);
      return scores.map((s) => s / total);
    });
  }
}

// example:start — must stay identical to the @example in src/estimators/index.ts (checked below).
const forest: Factory<Classifier> = () => {
  let model: RandomForest | undefined;
  let classes: number[] = [];
  return {
    get classes() { return classes; },
    async fit(x, y, options) {
      if (options?.sampleWeight !== undefined) throw new Error('forest: sample weights are not supported');
      const labels = Array.from(y as ArrayLike<number>);
      classes = [...new Set(labels)].sort((a, b) => a - b);
      model = new RandomForest({ trees: 100 });
      model.train(x as number[][], labels);
    },
    async predictProba(x) {
      if (model === undefined) throw new Error('forest: call fit first');
      return model.predictProbabilities(x as number[][]);
    },
  };
};
// example:end

describe('the module documentation example: wrapping another library', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const codeLines = (text: string): string[] =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('import '));

  it('is the code tested here, verbatim', () => {
    const index = readFileSync(join(here, '..', '..', 'src', 'estimators', 'index.ts'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(index)![1]!.replace(/^\s*\* ?/gm, '');
    const test = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const region = test.slice(test.indexOf('\n', test.indexOf('// example:start')) + 1, test.indexOf('// example:end'));
    expect(codeLines(region)).toEqual(codeLines(block));
    expect(codeLines(block).length).toBeGreaterThan(10);
  });

  it('fits the protocol and works with the helpers', async () => {
    const a = forest();
    const b = forest();
    expect(isClassifier(a)).toBe(true);
    expect(a.classes).toEqual([]);
    await expect(a.predictProba([[0, 0]])).rejects.toThrow('forest: call fit first');
    const x = [[0, 0], [0.2, 0.1], [5, 5], [5.2, 4.9], [0, 5], [0.1, 5.2]];
    const y = [3, 3, 1, 1, 8, 8];
    await a.fit(x, y);
    expect(a.classes).toEqual([1, 3, 8]);
    expect(b.classes).toEqual([]);
    const proba = await a.predictProba(x);
    proba.forEach((row) => expect(row.reduce((s, v) => s + v)).toBeCloseTo(1, 12));
    expect(await predictLabels(a, x)).toEqual(y);
    await expect(a.fit(x, y, { sampleWeight: [1, 1, 1, 1, 1, 1] })).rejects.toThrow(/sample weights are not supported/);
  });
});
