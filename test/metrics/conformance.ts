import * as tf from '@tensorflow/tfjs-core';
import type { MatrixLike, VectorLike } from '../../src/core/index.js';
import * as m from '../../src/metrics/index.js';
import { defineCases } from '../conformance/registry.js';

type V = VectorLike;
type M = MatrixLike;
type O = Record<string, unknown>;

// Fresh inputs per call; some as tensors so that the suite checks they are neither disposed nor leaked.
const labels = (): unknown[] => [[0, 1, 1, 0, 2, 2], tf.tensor1d([0, 1, 0, 0, 2, 1])];
const binaryScores = (): unknown[] => [tf.tensor1d([0, 1, 1, 0, 1, 0]), [0.1, 0.8, 0.4, 0.3, 0.9, 0.35]];
const probMatrix = (): number[][] => [
  [0.6, 0.3, 0.1],
  [0.2, 0.7, 0.1],
  [0.1, 0.5, 0.4],
  [0.5, 0.2, 0.3],
  [0.1, 0.1, 0.8],
  [0.3, 0.3, 0.4],
];
const multiProbs = (): unknown[] => [[0, 1, 1, 0, 2, 2], tf.tensor2d(probMatrix())];
const regression = (): unknown[] => [tf.tensor1d([3, -0.5, 2, 7]), [2.5, 0, 2, 8]];

// Argument lists every label metric must reject.
const badLabelArgs = [
  () => [[0, 1], [0, 1, 1]],
  () => [[0, Number.NaN], [0, 1]],
  () => [[], []],
  () => ['01', [0, 1]],
  () => [tf.tensor2d([[0, 1]]), [0, 1]],
];
const badWeights = [{ sampleWeight: [1, 1] }, { sampleWeight: [1, -1, 1, 1, 1, 1] }, { sampleWeight: 'ones' }, { sampleWeight: [1, 1, Number.NaN, 1, 1, 1] }];
const prfBad = [{ average: 'samples' }, { average: null }, { zeroDivision: 'warn' }, { zeroDivision: 0.5 }, { labels: [] }, { labels: [0, 0] }, { posLabel: '1' }, { averge: 'macro' }, ...badWeights];

const prf = (name: 'precisionScore' | 'recallScore' | 'f1Score') => ({
  name,
  call: ([t, p]: unknown[], o: O) => m[name](t as V, p as V, o),
  args: labels,
  options: { average: 'macro' },
  badOptions: [...prfBad, { average: 'binary' }],
  badArgs: badLabelArgs,
});

export default defineCases([
  {
    name: 'accuracyScore',
    call: ([t, p], o) => m.accuracyScore(t as V, p as V, o),
    args: labels,
    options: { normalize: true, sampleWeight: [1, 2, 0, 1, 1, 1] },
    badOptions: [{ normalize: 1 }, { weights: [1] }, { sampleWeight: [0, 0, 0, 0, 0, 0] }, ...badWeights],
    badArgs: badLabelArgs,
  },
  {
    name: 'balancedAccuracyScore',
    call: ([t, p], o) => m.balancedAccuracyScore(t as V, p as V, o),
    args: labels,
    options: { adjusted: true },
    badOptions: [{ adjusted: 'yes' }, ...badWeights],
    badArgs: [...badLabelArgs, () => [[1, 1], [1, 0]]],
  },
  {
    name: 'perClassAccuracy',
    call: ([t, p], o) => m.perClassAccuracy(t as V, p as V, o),
    args: labels,
    options: { labels: [2, 0, 1] },
    badOptions: [{ labels: [1, 1] }, { labels: 2 }, { zeroDivision: 2 }, ...badWeights],
    badArgs: badLabelArgs,
  },
  prf('precisionScore'),
  prf('recallScore'),
  prf('f1Score'),
  {
    name: 'fbetaScore',
    call: ([t, p], o) => m.fbetaScore(t as V, p as V, o as { beta: number }),
    args: labels,
    options: { beta: 2, average: 'weighted' },
    badOptions: [{ beta: undefined }, { beta: -1 }, { beta: Number.NaN }, { beta: '2' }, ...prfBad],
    badArgs: badLabelArgs,
  },
  {
    name: 'precisionRecallFscoreSupport',
    call: ([t, p], o) => m.precisionRecallFscoreSupport(t as V, p as V, o),
    args: labels,
    badOptions: [{ beta: -0.5 }, { posLabel: 2 }, ...prfBad],
    badArgs: badLabelArgs,
  },
  {
    name: 'confusionMatrix',
    call: ([t, p], o) => m.confusionMatrix(t as V, p as V, o),
    args: labels,
    options: { normalize: 'true' },
    badOptions: [{ normalize: 'rows' }, { normalize: true }, { labels: [9] }, { labels: [1, 1] }, ...badWeights],
    badArgs: badLabelArgs,
  },
  {
    name: 'cohenKappaScore',
    call: ([t, p], o) => m.cohenKappaScore(t as V, p as V, o),
    args: labels,
    options: { weights: 'quadratic' },
    badOptions: [{ weights: 'cubic' }, { labels: [9] }, ...badWeights],
    badArgs: [...badLabelArgs, () => [[3, 3], [3, 3]]],
  },
  {
    name: 'rocCurve',
    call: ([t, s], o) => m.rocCurve(t as V, s as V, o),
    args: binaryScores,
    options: { dropIntermediate: false },
    badOptions: [{ dropIntermediate: 'no' }, { posLabel: 5 }, { pos_label: 1 }, ...badWeights],
    badArgs: [...badLabelArgs, () => [[1, 1, 1], [0.1, 0.2, 0.3]], () => [[0, 1], [[0.5, 0.5], [0.5, 0.5]]], () => [[3, 7], [0.1, 0.2]]],
  },
  {
    name: 'precisionRecallCurve',
    call: ([t, s], o) => m.precisionRecallCurve(t as V, s as V, o),
    args: binaryScores,
    badOptions: [{ posLabel: 5 }, { dropIntermediate: true }, ...badWeights],
    badArgs: [...badLabelArgs, () => [[3, 7], [0.1, 0.2]]],
  },
  {
    name: 'prAucScore',
    call: ([t, s], o) => m.prAucScore(t as V, s as V, o),
    args: binaryScores,
    options: { posLabel: 1 },
    badOptions: [{ posLabel: 5 }, { posLabel: Number.NaN }, ...badWeights],
    badArgs: badLabelArgs,
  },
  {
    name: 'averagePrecisionScore',
    call: ([t, s], o) => m.averagePrecisionScore(t as V | M, s as V | M, o),
    args: multiProbs,
    options: { average: 'weighted' },
    badOptions: [{ average: 'samples' }, { posLabel: 2 }, { labels: [2, 1, 0] }, { labels: [0, 1] }, ...badWeights],
    badArgs: [...badLabelArgs, () => [[0, 1, 2], [0.1, 0.5, 0.9]], () => [[0, 2, 2], [0.1, 0.5, 0.9]], () => [[[0, 1], [2, 0]], [[0.1, 0.5], [0.3, 0.3]]]],
  },
  {
    name: 'rocAucScore',
    call: ([t, s], o) => m.rocAucScore(t as V | M, s as V | M, o),
    args: multiProbs,
    options: { multiClass: 'ovr', average: 'weighted' },
    badOptions: [
      { multiClass: 'raise' },
      { maxFpr: 0.5 },
      { maxFpr: 0 },
      { average: 'samples' },
      { multiClass: 'ovo', average: 'micro' },
      { multiClass: 'ovo', sampleWeight: [1, 1, 1, 1, 1, 1] },
      { labels: [0, 1, 2, 3] },
      { labels: [0, 2, 1] },
      ...badWeights,
    ],
    badArgs: [
      ...badLabelArgs,
      () => [[1, 1, 1], [0.2, 0.4, 0.6]],
      () => [[0, 1, 2], [0.2, 0.4, 0.6]],
      () => [[0, 1, 2], [[0.5, 0.5, 0.5], [0.2, 0.4, 0.4], [0.2, 0.4, 0.4]]],
      () => [[0, 1, 2], [[1.5, -0.5, 0], [0.2, 0.4, 0.4], [0.2, 0.4, 0.4]]],
    ],
  },
  {
    name: 'logLoss',
    call: ([t, p], o) => m.logLoss(t as V, p as V | M, o),
    args: multiProbs,
    options: { eps: 1e-7, normalize: false },
    badOptions: [{ eps: 'tiny' }, { eps: 0.5 }, { eps: -1e-9 }, { labels: [0, 1] }, { labels: [0, 1, 5] }, { labels: [2, 1, 0] }, { normalize: 0 }, ...badWeights],
    badArgs: [
      ...badLabelArgs,
      () => [[0, 1], [0.5, 1.5]],
      () => [[1, 1], [0.5, 0.5]],
      () => [[0, 1, 2], [0.5, 0.5, 0.5]],
    ],
  },
  {
    name: 'brierScoreLoss',
    call: ([t, p], o) => m.brierScoreLoss(t as V, p as V, o),
    args: () => [tf.tensor1d([0, 1, 1, 0, 1, 0]), [0.1, 0.8, 0.4, 0.3, 0.9, 0.35]],
    options: { posLabel: 1 },
    badOptions: [{ posLabel: 3 }, { pos: 1 }, ...badWeights],
    badArgs: [...badLabelArgs, () => [[0, 1], [0.5, 1.5]], () => [[0, 1, 2], [0.5, 0.5, 0.5]]],
  },
  {
    name: 'brierScore',
    call: ([t, p], o) => m.brierScore(t as V, p as V | M, o),
    args: multiProbs,
    options: { labels: [0, 1, 2] },
    badOptions: [{ labels: [0, 1] }, { labels: [0, 1, 2, 3] }, { labels: [1, 0, 2] }, ...badWeights],
    badArgs: [...badLabelArgs, () => [[0, 1, 2], [[0.5, 0.6, 0], [0.2, 0.4, 0.4], [0.2, 0.4, 0.4]]], () => [[0, 1, 2], [0.5, 0.5, 0.5]]],
  },
  {
    name: 'meanSquaredError',
    call: ([t, p], o) => m.meanSquaredError(t as V, p as V, o),
    args: regression,
    options: { squared: false },
    badOptions: [{ squared: 'no' }, { sampleWeight: [1, 1] }, { sampleWeight: [0, 0, 0, 0] }, { multioutput: 'raw_values' }],
    badArgs: badLabelArgs,
  },
  {
    name: 'meanAbsoluteError',
    call: ([t, p], o) => m.meanAbsoluteError(t as V, p as V, o),
    args: regression,
    badOptions: [{ sampleWeight: [1, -1, 1, 1] }, { squared: true }],
    badArgs: badLabelArgs,
  },
  {
    name: 'r2Score',
    call: ([t, p], o) => m.r2Score(t as V, p as V, o),
    args: regression,
    badOptions: [{ sampleWeight: [1, 2] }, { sampleWeight: [0, 0, 0, 0] }, { forceFinite: false }],
    badArgs: [...badLabelArgs, () => [[1], [1]]],
  },
  {
    name: 'slicedMetrics',
    // Loosely typed on purpose: the bad arguments below are not valid TypeScript.
    call: ([metric, t, p, seg], o) => (m.slicedMetrics as unknown as (...a: unknown[]) => unknown)(metric, t, p, seg, o),
    args: () => [(t: number[], p: number[] | number[][]) => m.rocAucScore(t, p), ...binaryScores(), tf.tensor1d([0, 0, 1, 1, 1, 0])],
    options: { minSize: 2 },
    badOptions: [{ minSize: 0 }, { minSize: 1.5 }, { min: 2 }, { sampleWeight: [1] }],
    badArgs: [
      () => ['auc', [0, 1], [0.1, 0.2], [0, 0]],
      () => [m.accuracyScore, [0, 1], [0, 1], [0]],
      () => [m.accuracyScore, [0, 1], [0, 1], [0, { id: 1 }]],
      () => [m.accuracyScore, [0, 1], [0, 1], 'ab'],
      () => [m.accuracyScore, [0, 1], [0, 1], {}],
      () => [() => 'high', [0, 1], [0, 1], [0, 0]],
    ],
  },
]);
