/**
 * Training callbacks for tfjs-layers `fit` / `fitDataset` that mix with tfjs's own in one array:
 * early stopping that really restores the best weights (Keras's rules, or Prechelt's GL, PQ and
 * UP criteria), model checkpoints in memory or through any tfjs IO handler, stopping on NaN, a
 * progress bar and a CSV / JSON-lines history logger. Also a `file://` IO handler for Node.
 *
 * @example
 * ```ts
 * import { earlyStopping, progressBar } from 'whetstone/callbacks';
 * const stop = earlyStopping({ patience: 5, restoreBestWeights: true });
 * await model.fit(x, y, { epochs: 200, validationSplit: 0.2, callbacks: [stop, progressBar()] });
 * ```
 * @module whetstone/callbacks
 */
export { fileSystemHandler, registerFileSystemRouter } from './file-system.js';
export { modelCheckpoint, ModelCheckpoint } from './checkpoint.js';
export type { CheckpointRecord, ModelCheckpointOptions, ModelCheckpointSettings } from './checkpoint.js';
export { earlyStopping, EarlyStopping } from './early-stopping.js';
export type { EarlyStoppingOptions, EarlyStoppingRecord, EarlyStoppingSettings, StoppingCriterion } from './early-stopping.js';
export { historyLogger, HistoryLogger } from './history-logger.js';
export type { HistoryLoggerOptions, HistoryLoggerSettings, HistoryRow, HistoryStream } from './history-logger.js';
export { progressBar, ProgressBar } from './progress-bar.js';
export type { ProgressBarOptions, ProgressStream } from './progress-bar.js';
export { terminateOnNaN, TerminateOnNaN } from './terminate-on-nan.js';
export type { TerminationRecord } from './terminate-on-nan.js';
export type { CallbackLogs } from './_internal/common.js';
