// Tiny estimators for the crossValPredict tests, written here so the tests depend on nothing but
// the protocol types. Each reads whatever kind of data it is given through core's converters.
import { toMatrixAsync, toVectorAsync } from '../../src/core/index.js';
import type { MatrixLike, VectorLike } from '../../src/core/index.js';
import type { Classifier, FitOptions, Regressor } from '../../src/estimators/protocol.js';

async function weightsOf(n: number, options?: FitOptions): Promise<Float64Array> {
  return options?.sampleWeight === undefined ? new Float64Array(n).fill(1) : (await toVectorAsync(options.sampleWeight, { fn: 'test' })).data;
}

function sortedUnique(values: Float64Array): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** scikit-learn's DummyClassifier(strategy="prior"): every row gets the (weighted) class frequencies. */
export function priorClassifier(): Classifier {
  let classes: number[] = [];
  let prior: number[] = [];
  return {
    get classes() {
      return classes;
    },
    async fit(_x: MatrixLike, y: VectorLike, options?: FitOptions) {
      const labels = (await toVectorAsync(y, { fn: 'test' })).data;
      const w = await weightsOf(labels.length, options);
      classes = sortedUnique(labels);
      const total = w.reduce((s, v) => s + v, 0);
      prior = classes.map((c) => labels.reduce((s, v, i) => s + (v === c ? w[i]! : 0), 0) / total);
    },
    async predictProba(x: MatrixLike) {
      const m = await toMatrixAsync(x, { fn: 'test' });
      return Array.from({ length: m.rows }, () => prior.slice());
    },
  };
}

/** scikit-learn's DummyRegressor(strategy="mean"), weighted. */
export function meanRegressor(): Regressor {
  let mean = 0;
  return {
    async fit(_x: MatrixLike, y: VectorLike, options?: FitOptions) {
      const t = (await toVectorAsync(y, { fn: 'test' })).data;
      const w = await weightsOf(t.length, options);
      mean = t.reduce((s, v, i) => s + v * w[i]!, 0) / w.reduce((s, v) => s + v, 0);
    },
    async predict(x: MatrixLike) {
      const m = await toMatrixAsync(x, { fn: 'test' });
      return new Array<number>(m.rows).fill(mean);
    },
  };
}

/**
 * Nearest centroid, with probabilities softmax(-squared distance to each centroid): the most
 * probable class is the nearest centroid's.
 */
export function nearestCentroid(): Classifier {
  let classes: number[] = [];
  let centroids: number[][] = [];
  return {
    get classes() {
      return classes;
    },
    async fit(x: MatrixLike, y: VectorLike) {
      const m = await toMatrixAsync(x, { fn: 'test' });
      const labels = (await toVectorAsync(y, { fn: 'test' })).data;
      classes = sortedUnique(labels);
      centroids = classes.map((c) => {
        const sum = new Array<number>(m.cols).fill(0);
        let count = 0;
        labels.forEach((v, r) => {
          if (v !== c) return;
          count++;
          for (let j = 0; j < m.cols; j++) sum[j]! += m.data[r * m.cols + j]!;
        });
        return sum.map((s) => s / count);
      });
    },
    async predictProba(x: MatrixLike) {
      const m = await toMatrixAsync(x, { fn: 'test' });
      return Array.from({ length: m.rows }, (_, r) => {
        const d = centroids.map((c) => c.reduce((s, v, j) => s + (m.data[r * m.cols + j]! - v) ** 2, 0));
        const e = d.map((v) => Math.exp(-(v - Math.min(...d))));
        const z = e.reduce((s, v) => s + v, 0);
        return e.map((v) => v / z);
      });
    },
  };
}

/** One-nearest-neighbour regression: the target of the closest training row. */
export function nearestNeighbourRegressor(): Regressor {
  let rows: number[][] = [];
  let targets: Float64Array = new Float64Array(0);
  return {
    async fit(x: MatrixLike, y: VectorLike) {
      const m = await toMatrixAsync(x, { fn: 'test' });
      rows = Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
      targets = (await toVectorAsync(y, { fn: 'test' })).data;
    },
    async predict(x: MatrixLike) {
      const m = await toMatrixAsync(x, { fn: 'test' });
      return Array.from({ length: m.rows }, (_, r) => {
        let best = 0;
        let bestD = Infinity;
        rows.forEach((row, i) => {
          const d = row.reduce((s, v, j) => s + (m.data[r * m.cols + j]! - v) ** 2, 0);
          if (d < bestD) [best, bestD] = [i, d];
        });
        return targets[best]!;
      });
    },
  };
}

/** What a {@link recorder} saw in one `fit` call. */
export interface FitRecord {
  x: MatrixLike;
  y: number[];
  xRows: number[][];
  sampleWeight: number[] | undefined;
  optionsGiven: boolean;
  disposed: boolean;
}

/**
 * Wrap an estimator factory so every instance records its fit calls and whether it was disposed;
 * `log` collects one record per fit, in order.
 */
export function recorder<E extends Classifier | Regressor>(make: () => E, log: FitRecord[], counters = { made: 0, disposed: 0 }): () => E {
  return () => {
    counters.made++;
    const inner = make();
    let record: FitRecord | undefined;
    const wrapped = Object.create(inner) as E;
    Object.assign(wrapped, {
      async fit(x: MatrixLike, y: VectorLike, options?: FitOptions) {
        const m = await toMatrixAsync(x, { fn: 'test' });
        record = {
          x,
          y: Array.from((await toVectorAsync(y, { fn: 'test' })).data),
          xRows: Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols))),
          sampleWeight: options?.sampleWeight === undefined ? undefined : Array.from((await toVectorAsync(options.sampleWeight, { fn: 'test' })).data),
          optionsGiven: options !== undefined,
          disposed: false,
        };
        log.push(record);
        await inner.fit(x, y, options);
      },
      dispose() {
        counters.disposed++;
        if (record) record.disposed = true;
      },
    });
    return wrapped;
  };
}
