import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  constantSchedule,
  cosineDecay,
  cosineWarmRestarts,
  cyclic,
  exponentialDecay,
  findLearningRate,
  inverseTimeDecay,
  joinSchedules,
  learningRateScheduler,
  linearWarmup,
  oneCycle,
  piecewiseConstant,
  polynomialDecay,
  reduceLROnPlateau,
  scheduleFromConfig,
  stepDecay,
} from '../../src/schedules/index.js';
import type { LearningRateFinderResult, Schedule, ScheduleConfig } from '../../src/schedules/index.js';
import { defineCases } from '../conformance/registry.js';
import type { ConformanceCase } from '../conformance/registry.js';

type Options = Record<string, unknown>;

// Every schedule factory is called with the options, then evaluated at the step argument, so one
// case checks both the factory's option validation and the schedule's step validation.
const badSteps = [() => [-1], () => [1.5], () => [Number.NaN], () => ['3'], () => [Number.POSITIVE_INFINITY]];

function scheduleCase(name: string, factory: (o: Options) => Schedule, options: Options, badOptions: Options[]): ConformanceCase {
  return {
    name,
    call: ([step], o) => {
      const schedule = factory(o);
      return [schedule(step as number), schedule(0), schedule(1000), schedule.config];
    },
    args: () => [7],
    options,
    badOptions: [...badOptions, { nope: 1 }, { [Object.keys(options)[0]!]: -1 }],
    badArgs: badSteps,
  };
}

const inner = (): Schedule => cosineDecay({ initialValue: 0.1, decaySteps: 50 });

function tinyModel(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [2], units: 4, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }));
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  return model;
}

const rows = (): number[][] => Array.from({ length: 24 }, (_, i) => [(i % 6) / 6, Math.floor(i / 6) / 4]);
const targets = (): number[] => rows().map(([a, b]) => 2 * a! - b! + 0.1);

async function runFinder(x: unknown, y: unknown, o: Options): Promise<LearningRateFinderResult> {
  const model = tinyModel();
  try {
    return await findLearningRate(model, x as number[][], y as number[], { numSteps: 12, batchSize: 8, ...o });
  } finally {
    model.dispose();
  }
}

let finderResult: Promise<LearningRateFinderResult> | undefined;

export default defineCases([
  scheduleCase('constantSchedule', (o) => constantSchedule(o as never), { value: 0.1 }, [{ value: Number.NaN }, { value: '0.1' }]),
  scheduleCase('inverseTimeDecay', (o) => inverseTimeDecay(o as never), { initialValue: 0.3, decayRate: 1 }, [{ decayRate: -1 }, { decaySteps: 0 }, { staircase: 1 }, { decayRate: undefined }]),
  scheduleCase('stepDecay', (o) => stepDecay(o as never), { initialValue: 0.1, gamma: 0.5, stepSize: 10 }, [{ gamma: 2 }, { stepSize: 0 }, { stepSize: 2.5 }, { offset: -1 }]),
  scheduleCase('exponentialDecay', (o) => exponentialDecay(o as never), { initialValue: 0.1, decay: 0.01 }, [{ decay: -0.1 }, { gamma: 0.9 }, { decay: undefined }, { decay: undefined, gamma: 0 }]),
  scheduleCase('polynomialDecay', (o) => polynomialDecay(o as never), { initialValue: 0.1, decaySteps: 100 }, [{ power: 0 }, { endValue: -1 }, { decaySteps: 0 }, { transitionBegin: -2 }, { cycle: 'yes' }]),
  scheduleCase('piecewiseConstant', (o) => piecewiseConstant(o as never), { boundaries: [5, 10], values: [0.1, 0.01, 0.001] }, [
    { boundaries: [10, 5] },
    { values: [0.1, 0.01] },
    { values: [0.1, -0.01, 0.001] },
    { boundaries: [1.5, 10] },
  ]),
  scheduleCase('cosineDecay', (o) => cosineDecay(o as never), { initialValue: 0.1, decaySteps: 100, warmupSteps: 10 }, [{ alpha: 1.5 }, { exponent: 0 }, { warmupSteps: 100 }, { decaySteps: 0 }]),
  scheduleCase('cosineWarmRestarts', (o) => cosineWarmRestarts(o as never), { initialValue: 0.1, t0: 10, tMult: 2 }, [{ t0: 0 }, { tMult: 0 }, { tMult: 1.5 }, { etaMin: -1 }]),
  scheduleCase('oneCycle', (o) => oneCycle(o as never), { maxValue: 0.1, totalSteps: 100 }, [{ pctStart: 0 }, { pctStart: 1 }, { totalSteps: 3, pctStart: 0.3 }, { anneal: 'cosine' }, { divFactor: 0 }, { threePhase: 1 }]),
  scheduleCase('cyclic', (o) => cyclic(o as never), { baseValue: 0.001, maxValue: 0.1, stepSizeUp: 20 }, [{ stepSizeUp: 0 }, { stepSizeDown: 1.5 }, { mode: 'sine' }, { gamma: 0.9 }, { mode: 'exp_range', gamma: 1.5 }]),
  scheduleCase('linearWarmup', (o) => linearWarmup(o as never), { schedule: inner(), warmupSteps: 10 }, [{ warmupSteps: -1 }, { schedule: () => 1 }, { startValue: -1 }, { shift: 'no' }]),
  scheduleCase('joinSchedules', (o) => joinSchedules(o as never), { schedules: [inner(), 0.01], boundaries: [50] }, [{ boundaries: [] }, { schedules: [] }, { boundaries: [-5] }, { schedules: [inner(), Number.NaN] }]),
  {
    name: 'scheduleFromConfig',
    call: ([config]) => {
      const s = scheduleFromConfig(config as ScheduleConfig);
      return [s(0), s(100), s.config];
    },
    args: () => [{ name: 'joinSchedules', options: { schedules: [{ name: 'constantSchedule', options: { value: 0.1 } }, 0.01], boundaries: [10] } }],
    badOptions: [],
    badArgs: [() => [null], () => [{ name: 'nope', options: {} }], () => [{ name: 'constantSchedule' }], () => [[]]],
  },
  {
    name: 'learningRateScheduler',
    call: ([schedule], o) => learningRateScheduler(schedule as Schedule, o).per,
    args: () => [stepDecay({ initialValue: 0.1, gamma: 0.5, stepSize: 2 })],
    options: { per: 'batch' },
    badOptions: [{ per: 'step' }, { verbose: 2 }, { optimizer: 1 }, { optimiser: {} }],
    badArgs: [() => [0.1], () => [null], () => ['constant']],
  },
  {
    name: 'reduceLROnPlateau',
    call: (_, o) => reduceLROnPlateau(o).settings,
    args: () => [],
    options: { monitor: 'loss', patience: 2 },
    badOptions: [{ factor: 0 }, { factor: 1 }, { patience: 1.5 }, { minDelta: -1 }, { cooldown: -1 }, { minLR: -0.1 }, { mode: 'down' }, { minDeltaMode: 'pct' }, { monitor: '' }, { verbose: true }],
  },
  {
    name: 'findLearningRate',
    call: ([x, y], o) => runFinder(x, y, o),
    args: () => [rows(), targets()],
    options: { minLR: 1e-4, maxLR: 1 },
    seeded: true,
    badOptions: [{ minLR: 0 }, { maxLR: 1e-5 }, { numSteps: 1 }, { batchSize: 0 }, { beta: 1 }, { divergeFactor: 1 }, { seed: 1.5 }, { steps: 10 }],
    badArgs: [
      () => [rows(), targets().slice(1)],
      () => [[[1, Number.NaN]], [1]],
      () => [rows(), [...targets().slice(1), Number.POSITIVE_INFINITY]],
      () => [tf.tensor2d([[1, 2]]), tf.tensor1d([Number.NaN])],
      () => [[], []],
      () => ['x', targets()],
    ],
  },
  {
    name: 'toSvg',
    call: async (_, o) => {
      finderResult ??= runFinder(rows(), targets(), { seed: 1, minLR: 1e-4, maxLR: 1 });
      return (await finderResult).toSvg(o);
    },
    args: () => [],
    options: { width: 400, title: 'test' },
    badOptions: [{ width: 100 }, { height: 10.5 }, { title: 3 }, { colour: 'red' }],
  },
]);
