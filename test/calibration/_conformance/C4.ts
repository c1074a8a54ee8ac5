import * as tf from '@tensorflow/tfjs-core';
import type { MatrixLike, VectorLike } from '../../../src/core/index.js';
import { reliabilityDiagram, type ReliabilityDiagramModel } from '../../../src/calibration/diagram.js';
import { expectedCalibrationError, maxCalibrationError, reliabilityCurve } from '../../../src/calibration/reliability.js';
import type { ConformanceCase } from '../../conformance/registry.js';

// Helper C4: reliabilityCurve, expectedCalibrationError, maxCalibrationError (src/calibration/
// reliability.ts) and reliabilityDiagram (src/calibration/diagram.ts). Some inputs are tensors so
// the suite checks they are neither disposed nor leaked.

type O = Record<string, unknown>;

const binary = (): unknown[] => [tf.tensor1d([0, 1, 1, 0, 1, 0]), [0.1, 0.8, 0.4, 0.3, 0.9, 0.35]];
const multiclass = (): unknown[] => [
  [0, 1, 2, 1],
  tf.tensor2d([
    [0.6, 0.3, 0.1],
    [0.2, 0.7, 0.1],
    [0.1, 0.5, 0.4],
    [0.25, 0.25, 0.5],
  ]),
];

const badBinaryArgs = [
  () => [[0, 1], [0.5]],
  () => [[0, 1], [0.5, 1.5]],
  () => [[0, 1], [-0.5, 0.5]],
  () => [[0, Number.NaN], [0.1, 0.2]],
  () => [[0, 1], [0.1, Number.NaN]],
  () => [[0, 1, 2], [0.1, 0.2, 0.3]],
  () => [[2, 5], [0.1, 0.2]],
  () => [[], []],
  () => ['01', [0.1, 0.2]],
];

const commonBad: O[] = [
  { bins: 0 },
  { bins: 2.5 },
  { bins: '5' },
  { strategy: 'kmeans' },
  { sampleWeight: [1, 1] },
  { sampleWeight: [1, -1, 1, 1, 1, 1] },
  { sampleWeight: [0, 0, 0, 0, 0, 0] },
  { posLabel: '1' },
  { posLabel: 3 },
  { nBins: 5 },
];

const ece = (args: unknown[], o: O): number => expectedCalibrationError(args[0] as VectorLike, args[1] as VectorLike | MatrixLike, o);

const model = (name: string, shift: number): ReliabilityDiagramModel => ({
  name,
  yTrue: tf.tensor1d([0, 1, 1, 0, 1, 0, 1, 1]),
  yProb: [0.1, 0.8, 0.4, 0.3, 0.9, 0.35, 0.6, 0.7].map((p) => Math.min(1, p + shift)),
});

export const cases: ConformanceCase[] = [
  {
    name: 'reliabilityCurve',
    call: (args, o) => reliabilityCurve(args[0] as VectorLike, args[1] as VectorLike, o),
    args: binary,
    options: { bins: 3, strategy: 'quantile' },
    badOptions: commonBad,
    badArgs: [...badBinaryArgs, () => [[0, 1], [[0.5, 0.5], [0.2, 0.8]]]],
  },
  {
    name: 'expectedCalibrationError',
    call: ece,
    args: binary,
    options: { bins: 4, norm: 'l2' },
    badOptions: [...commonBad, { norm: 'l3' }, { classwise: 1 }, { labels: [0, 1] }],
    badArgs: badBinaryArgs,
  },
  {
    name: 'expectedCalibrationError',
    call: ece,
    args: multiclass,
    options: { bins: 3, classwise: true },
    badOptions: [{ labels: [2, 1, 0] }, { labels: [0, 1] }, { labels: [0, 1, 3] }, { posLabel: 1 }, { bins: -1 }, { sampleWeight: [1, 1, 1] }],
    badArgs: [
      () => [[0, 1], [[0.5, 0.6], [0.5, 0.5]]],
      () => [[0, 1, 2], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]],
      () => [[0, 1], [[1], [1]]],
      () => [[0, 1], [[Number.NaN, 1], [0.5, 0.5]]],
    ],
  },
  {
    name: 'maxCalibrationError',
    call: (args, o) => maxCalibrationError(args[0] as VectorLike, args[1] as VectorLike | MatrixLike, o),
    args: binary,
    options: { bins: 2 },
    badOptions: [...commonBad, { norm: 'l1' }],
    badArgs: badBinaryArgs,
  },
  {
    name: 'reliabilityDiagram',
    call: (args, o) => reliabilityDiagram(args[0] as ReliabilityDiagramModel[], o),
    args: () => [[model('raw', 0), model('shifted <1>', 0.1)]],
    options: { bins: 4, title: 'C4 & co' },
    badOptions: [{ bins: 0 }, { bins: 1.5 }, { strategy: 'equal' }, { width: 10 }, { width: 90 }, { height: 'tall' }, { showEce: 1 }, { title: 3 }, { colour: 'red' }],
    badArgs: [
      () => [[]],
      () => ['models'],
      () => [[{ name: 'a', yTrue: [0, 1], yProb: [0.5, 2] }]],
      () => [[{ name: 'a', yTrue: [0, 1, 1], yProb: [0.5, 0.2] }]],
      () => [[{ yTrue: [0, 1], yProb: [0.5, 0.2] }]],
      () => [[{ name: 'a', yTrue: [0, 1], yProb: [0.5, 0.2], color: '' }]],
    ],
  },
];
