import * as tf from '@tensorflow/tfjs-core';
import type { MatrixLike, VectorLike } from '../../../src/core/index.js';
import { logisticRegression } from '../../../src/estimators/index.js';
import { smoteENN, smoteTomek } from '../../../src/imbalance/combine.js';
import { resampledClassifier, resampledCrossValPredict } from '../../../src/imbalance/cross-validation.js';
import { editedNearestNeighbours } from '../../../src/imbalance/edited-nearest-neighbours.js';
import { randomOverSample, randomUnderSample } from '../../../src/imbalance/random-sampling.js';
import { tomekLinks } from '../../../src/imbalance/tomek-links.js';
import { classWeights, sampleWeights, type ClassWeighting } from '../../../src/imbalance/weights.js';
import type { ConformanceCase } from '../../conformance/registry.js';

// Helper I3: random over/under-sampling, Tomek links, ENN, SMOTE-Tomek, SMOTE-ENN, class and sample
// weights, resampling inside cross-validation.

/** 30 rows, 3 features; classes 0 (18 rows), 1 (8), 2 (4), interleaved. */
function rows(): number[][] {
  return Array.from({ length: 30 }, (_, i) => [Math.sin(i * 1.3) * 2 + (i % 3), Math.cos(i * 0.7), (i * 37) % 11 / 5]);
}
function labels(): number[] {
  return Array.from({ length: 30 }, (_, i) => (i % 10 < 6 ? 0 : i % 10 < 8 || i % 10 === 8 && i < 20 ? 1 : 2)).map((v, i) => (i === 29 ? 2 : v));
}

type Resampler = (x: MatrixLike, y: VectorLike, o: Record<string, unknown>) => Promise<unknown>;

function resamplerCases(name: string, f: Resampler, options: Record<string, unknown>, badOptions: Record<string, unknown>[], seeded: boolean): ConformanceCase[] {
  const badArgs = [
    () => [rows(), labels().slice(1)],
    () => [rows().map((r, i) => (i === 3 ? [r[0]!, Number.NaN, r[2]!] : r)), labels()],
    () => [rows(), labels().map((v, i) => (i === 2 ? Number.NaN : v))],
    () => [rows(), new Array<number>(30).fill(1)],
    () => ['x', labels()],
  ];
  const call = (args: unknown[], o: Record<string, unknown>): Promise<unknown> => f(args[0] as MatrixLike, args[1] as VectorLike, o);
  return [
    { name, call, args: () => [rows(), labels()], options, badOptions, badArgs, seeded },
    { name, call, args: () => [tf.tensor2d(rows()), tf.tensor1d(labels())], options, badOptions: badOptions.slice(0, 2), seeded, backend: 'wasm' },
    { name, call, args: () => [{ data: Float64Array.from(rows().flat()), shape: [30, 3] }, Int32Array.from(labels())], options, badOptions: [], seeded },
  ];
}

const strategyBad = [{ samplingStrategy: 'most' }, { samplingStrategy: { 9: 3 } }, { samplingStrategy: Number.NaN }];

const weightBadArgs = [
  () => [labels(), { 5: 1 }],
  () => [labels(), { 0: -1 }],
  () => [labels(), { effectiveNumber: { beta: 1 } }],
  () => [labels(), { effectiveNumber: { beta: -0.5 } }],
  () => [labels(), 'auto'],
  () => [[0, Number.NaN], 'balanced'],
  () => [[], 'balanced'],
];

/** Conformance cases of helper I3, concatenated by test/imbalance/conformance.ts. */
export const cases: ConformanceCase[] = [
  ...resamplerCases('randomOverSample', (x, y, o) => randomOverSample(x, y, o), { shrinkage: 0.5 }, [...strategyBad, { samplingStrategy: { 0: 3 } }, { shrinkage: -1 }, { shrinkage: { 1: 1 } }, { seed: 1.5 }, { shrinkag: 1 }], true),
  ...resamplerCases('randomUnderSample', (x, y, o) => randomUnderSample(x, y, o), { samplingStrategy: 'not minority' }, [...strategyBad, { samplingStrategy: { 2: 5 } }, { samplingStrategy: 'minority' }, { replacement: 'yes' }, { seed: {} }], true),
  ...resamplerCases('tomekLinks', (x, y, o) => tomekLinks(x, y, o), { samplingStrategy: 'all' }, [...strategyBad, { samplingStrategy: 0.5 }, { samplingStrategy: { 0: 1 } }, { k: 1 }], false),
  ...resamplerCases('editedNearestNeighbours', (x, y, o) => editedNearestNeighbours(x, y, o), { k: 3, kindSel: 'mode' }, [{ k: 0 }, { k: 30 }, { kindSel: 'any' }, ...strategyBad, { nNeighbors: 3 }], false),
  ...resamplerCases('smoteTomek', (x, y, o) => smoteTomek(x, y, o), { smote: { k: 3 } }, [{ smote: { k: 0 } }, { smote: { k: 4 } }, { smote: 3 }, { smote: { seed: 1 } }, { tomek: { samplingStrategy: 0.5 } }, { enn: {} }], true),
  ...resamplerCases('smoteENN', (x, y, o) => smoteENN(x, y, o), { smote: { k: 3 }, enn: { k: 2 } }, [{ smote: { k: 0 } }, { enn: { k: 0 } }, { enn: { kindSel: 'x' } }, { tomek: {} }, { seed: 'a', smote: { seed: 2 } }], true),
  {
    name: 'classWeights',
    call: (args) => classWeights(args[0] as VectorLike, args[1] as ClassWeighting),
    args: () => [labels(), { effectiveNumber: { beta: 0.9 } }],
    badOptions: [],
    badArgs: weightBadArgs,
  },
  {
    name: 'sampleWeights',
    call: (args) => sampleWeights(args[0] as VectorLike, args[1] as ClassWeighting),
    args: () => [tf.tensor1d(labels()), 'balanced'],
    badOptions: [],
    badArgs: weightBadArgs,
  },
  {
    name: 'resampledCrossValPredict',
    call: (args, o) => resampledCrossValPredict(() => logisticRegression(), args[0] as MatrixLike, args[1] as VectorLike, { resample: (x, y, fold) => randomOverSample(x, y, { seed: fold }), ...o }),
    args: () => [tf.tensor2d(rows()), tf.tensor1d(labels())],
    options: { folds: 3, method: 'predictProba' },
    badOptions: [{ folds: 1 }, { folds: 19 }, { method: 'predictLogProba' }, { resample: 3 }, { sampleWeight: [1] }, { seed: 1.5 }],
    badArgs: [() => [rows(), labels().slice(2)], () => [rows(), labels().map((v, i) => (i === 0 ? Number.POSITIVE_INFINITY : v))]],
    seeded: true,
  },
  {
    name: 'resampledClassifier',
    call: async (args) => {
      const est = resampledClassifier(args[0] as () => ReturnType<typeof logisticRegression>, args[1] as never)();
      await est.fit(rows(), labels());
      return est.predictProba(rows().slice(0, 3));
    },
    args: () => [() => logisticRegression(), (x: MatrixLike, y: VectorLike) => randomUnderSample(x, y, { seed: 0 })],
    badOptions: [],
    badArgs: [() => [3, (x: MatrixLike, y: VectorLike) => randomUnderSample(x, y)], () => [() => logisticRegression(), 'smote'], () => [() => ({}), (x: MatrixLike, y: VectorLike) => randomUnderSample(x, y)]],
  },
];
