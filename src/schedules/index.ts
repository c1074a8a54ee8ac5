/**
 * Learning-rate schedules as pure functions of the step, in the manner of Optax: time-based,
 * step, exponential, polynomial, piecewise-constant, cosine, warm restarts (SGDR), one-cycle,
 * cyclic, linear warmup and joins, each carrying a JSON `config` that `scheduleFromConfig`
 * rebuilds. The step is whatever the caller counts (batches or epochs). Also the tfjs `fit`
 * callbacks `learningRateScheduler` and `reduceLROnPlateau`, and `findLearningRate`, the LR range
 * test.
 *
 * @example
 * ```ts
 * import { cosineWarmRestarts, learningRateScheduler } from 'whetstone/schedules';
 * const lr = cosineWarmRestarts({ initialValue: 0.01, t0: 10, tMult: 2 });
 * await model.fit(x, y, { epochs: 70, callbacks: [learningRateScheduler(lr, { per: 'epoch' })] });
 * ```
 * @module whetstone/schedules
 */
export { learningRateScheduler, LearningRateScheduler, reduceLROnPlateau, ReduceLROnPlateau } from './callbacks.js';
export type {
  CallbackLogs,
  LearningRateRecord,
  LearningRateSchedulerOptions,
  LearningRateTarget,
  PlateauRecord,
  ReduceLROnPlateauOptions,
  ReduceLROnPlateauSettings,
} from './callbacks.js';
export { joinSchedules, linearWarmup } from './compose.js';
export type { JoinSchedulesOptions, LinearWarmupOptions } from './compose.js';
export { cosineDecay, cosineWarmRestarts } from './cosine.js';
export type { CosineDecayOptions, CosineWarmRestartsOptions } from './cosine.js';
export { cyclic, oneCycle } from './cyclical.js';
export type { CyclicOptions, OneCycleOptions } from './cyclical.js';
export { constantSchedule, exponentialDecay, inverseTimeDecay, piecewiseConstant, polynomialDecay, stepDecay } from './decay.js';
export type {
  ConstantScheduleOptions,
  ExponentialDecayOptions,
  InverseTimeDecayOptions,
  PiecewiseConstantOptions,
  PolynomialDecayOptions,
  StepDecayOptions,
} from './decay.js';
export { findLearningRate } from './find-learning-rate.js';
export type { FindLearningRateOptions, LearningRateFinderResult, LearningRatePlotOptions, LearningRateSuggestion } from './find-learning-rate.js';
export { scalarOrScheduleFromConfig, SCHEDULE_NAMES, scheduleFromConfig } from './registry.js';
export type { ScalarOrSchedule, Schedule, ScheduleConfig } from './types.js';
export { isSchedule } from './types.js';
