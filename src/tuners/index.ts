/**
 * Hyperparameter tuning, define-by-run, in the manner of Optuna (and checked against Optuna 3.1):
 * a study asks a sampler for parameters as the objective requests them, a pruner stops
 * unpromising trials from their intermediate values, and a storage keeps the whole history as
 * data, so a study can be resumed after a crash or shared by several processes.
 *
 * - Studies: {@link createStudy}, {@link loadStudy}; `study.optimize`, ask-and-tell
 *   (`study.ask()`, `study.tell()`), `study.enqueue`, `bestTrial` / `bestParams` / `bestTrials`
 *   (the Pareto front of a multi-objective study), `trialsTable()`.
 * - Samplers: {@link randomSampler}, {@link gridSampler}, {@link qmcSampler} (scrambled Sobol or
 *   Halton), {@link tpeSampler} (Optuna's default), {@link gpSampler} (Gaussian-process Bayesian
 *   optimization with log expected improvement).
 * - Pruners: {@link medianPruner} (the default), {@link percentilePruner},
 *   {@link successiveHalvingPruner}, {@link hyperbandPruner}, {@link nopPruner}.
 * - Storages: {@link memoryStorage} (the default), {@link journalFileStorage} (an append-only
 *   file that processes of one machine share, with file locking and crash recovery).
 * - tfjs: {@link tunerCallback} reports each epoch of `model.fit` and stops pruned trials;
 *   {@link searchModel} is the one-call search that retrains the best configuration on all the
 *   data.
 * - Results: {@link paramImportances} (fANOVA), SVG plots ({@link plotOptimizationHistory},
 *   {@link plotParallelCoordinate}, {@link plotSlice}, {@link plotParamImportances}), and a
 *   reproducibility report ({@link studyReport}, {@link studyReportMarkdown}).
 *
 * Sampler, pruner and storage math runs on the CPU in float64; nothing here touches tensors
 * except the tfjs integration.
 *
 * @example
 * ```ts
 * import { createStudy, tpeSampler, TrialPruned } from 'whetstone/tuners';
 *
 * const study = await createStudy({ direction: 'minimize', sampler: tpeSampler({ seed: 1 }) });
 * await study.optimize(async (trial) => {
 *   const lr = trial.float('lr', 1e-5, 1e-1, { log: true });
 *   const layers = trial.int('layers', 1, 3);
 *   let loss = Infinity;
 *   for (let epoch = 0; epoch < 20; epoch++) {
 *     loss = await trainOneEpoch(lr, layers);
 *     trial.report(loss, epoch);
 *     if (trial.shouldPrune()) throw new TrialPruned();
 *   }
 *   return loss;
 * }, { trials: 50 });
 * console.log(study.bestParams);
 * ```
 * @module whetstone/tuners
 */
export type {
  CategoricalChoice,
  CategoricalDistribution,
  Direction,
  Distribution,
  FloatDistribution,
  FrozenTrial,
  IntDistribution,
  JsonValue,
  Objective,
  OptimizeOptions,
  ParamValue,
  Pruner,
  PrunerContext,
  Sampler,
  SamplerContext,
  SearchSpace,
  Storage,
  Study,
  StudyCallback,
  StudyRecord,
  StudyView,
  SuggestOptions,
  Trial,
  TrialError,
  TrialPreset,
  TrialRow,
  TrialStart,
  TrialState,
  TrialTemplate,
} from './types.js';
export {
  categoricalDistribution,
  compatibleDistributions,
  contains as distributionContains,
  describeDistribution,
  floatDistribution,
  intDistribution,
  intersectionSearchSpace,
  isSingle as isSingleValued,
  sameDistribution,
  toExternal as externalParamValue,
  toInternal as internalParamValue,
} from './distributions.js';
export { LockTimeoutError, TrialPruned } from './errors.js';
export { createStudy, loadStudy } from './study.js';
export type { CreateStudyOptions, LoadStudyOptions } from './study.js';
export { randomSampler } from './samplers/random.js';
export type { RandomSamplerOptions } from './samplers/random.js';
export { defaultGamma, defaultWeights, tpeSampler } from './samplers/tpe.js';
export type { TpeSamplerOptions } from './samplers/tpe.js';
export { gpSampler } from './samplers/gp.js';
export type { GpSamplerOptions } from './samplers/gp.js';
export { qmcSampler } from './samplers/qmc.js';
export type { QmcSamplerOptions } from './samplers/qmc.js';
export { gridSampler } from './samplers/grid.js';
export type { GridSamplerOptions } from './samplers/grid.js';
export { medianPruner } from './pruners/median.js';
export type { MedianPrunerOptions } from './pruners/median.js';
export { percentilePruner } from './pruners/percentile.js';
export type { PercentilePrunerOptions } from './pruners/percentile.js';
export { successiveHalvingPruner } from './pruners/successive-halving.js';
export type { SuccessiveHalvingPrunerOptions } from './pruners/successive-halving.js';
export { hyperbandPruner } from './pruners/hyperband.js';
export type { HyperbandPrunerOptions } from './pruners/hyperband.js';
export { nopPruner } from './pruners/nop.js';
export { memoryStorage } from './storages/memory.js';
export { journalFileStorage } from './storages/journal-file.js';
export type { JournalFileStorage, JournalFileStorageOptions } from './storages/journal-file.js';
export { paramImportances } from './importance.js';
export type { ParamImportancesOptions } from './importance.js';
export { studyReport, studyReportMarkdown } from './report.js';
export type {
  ObservedChoices,
  ObservedRange,
  ReportedComponent,
  ReportedEnvironment,
  ReportedMetric,
  ReportedParam,
  ReportedParetoTrial,
  ReportedRuntime,
  ReportedSelection,
  ReportedStudy,
  ReportedTfjs,
  StudyReport,
  StudyReportOptions,
} from './report.js';
export { createTrialProgress } from './progress.js';
export type { TrialProgressStream, TrialProgress, TrialProgressOptions } from './progress.js';
export { plotOptimizationHistory, plotParallelCoordinate, plotParamImportances, plotSlice } from './plots.js';
export type {
  PlotOptimizationHistoryOptions,
  PlotParallelCoordinateOptions,
  PlotParamImportancesOptions,
  PlotSliceOptions,
  PlotSource,
  StudyPlotOptions,
} from './plots.js';
export { fixedTrial, searchModel, TunerCallback, tunerCallback } from './integration.js';
export type {
  BuildModel,
  FixedTrialOptions,
  SearchFitOptions,
  SearchInput,
  SearchModelOptions,
  SearchModelResult,
  SearchObjective,
  SearchStudyOptions,
  SearchTarget,
  TunerCallbackOptions,
  TunerCallbackSettings,
  TunerEpochRecord,
} from './integration.js';
