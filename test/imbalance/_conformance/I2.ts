import * as tf from '@tensorflow/tfjs-core';
import type { MatrixLike, VectorLike } from '../../../src/core/index.js';
import { adasyn } from '../../../src/imbalance/adasyn.js';
import { borderlineSmote } from '../../../src/imbalance/borderline-smote.js';
import { smote } from '../../../src/imbalance/smote.js';
import { smoteN, smoteNC } from '../../../src/imbalance/smote-nc.js';
import type { ConformanceCase } from '../../conformance/registry.js';

// Helper I2: smote, borderlineSmote, adasyn, smoteNC, smoteN (the SMOTE family).

/** 30 rows, 3 features; classes 0 (18 rows), 1 (8), 2 (4), interleaved so classes overlap. */
function rows(): number[][] {
  return Array.from({ length: 30 }, (_, i) => [Math.sin(i * 1.3) * 2 + (i % 3), Math.cos(i * 0.7), ((i * 37) % 11) / 5]);
}
function labels(): number[] {
  return Array.from({ length: 30 }, (_, i) => (i % 10 < 6 ? 0 : i % 10 < 8 || (i % 10 === 8 && i < 20) ? 1 : 2)).map((v, i) => (i === 29 ? 2 : v));
}
/** The same rows with column 2 replaced by a category code in {0, 1, 2}. */
function mixedRows(): number[][] {
  return rows().map((r, i) => [r[0]!, r[1]!, (i * 7) % 3]);
}
/** All-categorical rows. */
function nominalRows(): number[][] {
  return Array.from({ length: 30 }, (_, i) => [i % 3, (i * 7) % 4, i % 2]);
}

type Resampler = (x: MatrixLike, y: VectorLike, o: Record<string, unknown>) => Promise<unknown>;

function resamplerCases(
  name: string,
  f: Resampler,
  data: () => number[][],
  options: Record<string, unknown>,
  badOptions: Record<string, unknown>[],
): ConformanceCase[] {
  const badArgs = [
    () => [data(), labels().slice(1)],
    () => [data().map((r, i) => (i === 3 ? [r[0]!, Number.NaN, r[2]!] : r)), labels()],
    () => [data(), labels().map((v, i) => (i === 2 ? Number.NaN : v))],
    () => [data(), new Array<number>(30).fill(1)],
    () => [data(), labels().map((v, i) => (i === 29 ? 3 : v))],
    () => ['x', labels()],
  ];
  const call = (args: unknown[], o: Record<string, unknown>): Promise<unknown> => f(args[0] as MatrixLike, args[1] as VectorLike, o);
  return [
    { name, call, args: () => [data(), labels()], options, badOptions, badArgs, seeded: true },
    { name, call, args: () => [tf.tensor2d(data()), tf.tensor1d(labels())], options, badOptions: badOptions.slice(0, 2), seeded: true, backend: 'wasm' },
    { name, call, args: () => [{ data: Float64Array.from(data().flat()), shape: [30, 3] }, Int32Array.from(labels())], options, badOptions: [], seeded: true },
  ];
}

const strategyBad = [{ samplingStrategy: 'majority' }, { samplingStrategy: { 9: 3 } }, { samplingStrategy: { 2: 3 } }, { samplingStrategy: 0.5 }, { samplingStrategy: Number.NaN }];

export const cases: ConformanceCase[] = [
  ...resamplerCases('smote', smote as Resampler, rows, { k: 3 }, [{ k: 0 }, { k: 4 }, { k: 2.5 }, { kNeighbors: 3 }, { seed: 0.5 }, ...strategyBad]),
  ...resamplerCases('borderlineSmote', borderlineSmote as Resampler, rows, { k: 3, m: 6, kind: 'borderline-2' }, [
    { kind: 'borderline-3' },
    { m: 30 },
    { k: 4 },
    { m: 0 },
    { mNeighbors: 5 },
    ...strategyBad,
  ]),
  ...resamplerCases('adasyn', adasyn as Resampler, rows, { k: 3 }, [{ k: 4 }, { k: -1 }, { nNeighbors: 3 }, ...strategyBad]),
  ...resamplerCases('smoteNC', smoteNC as unknown as Resampler, mixedRows, { categoricalFeatures: [2], k: 3 }, [
    { categoricalFeatures: [3] },
    { categoricalFeatures: [0, 1, 2] },
    { categoricalFeatures: [1.5] },
    { categoricalFeatures: [true, false] },
    { categoricalFeatures: undefined },
    { k: 4 },
    ...strategyBad,
  ]),
  ...resamplerCases('smoteN', smoteN as Resampler, nominalRows, { k: 3 }, [{ k: 4 }, { k: 0 }, { categoricalFeatures: [0] }, ...strategyBad]),
];
