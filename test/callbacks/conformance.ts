import { earlyStopping, fileSystemHandler, historyLogger, modelCheckpoint, progressBar, registerFileSystemRouter, terminateOnNaN } from '../../src/callbacks/index.js';
import { defineCases } from '../conformance/registry.js';

// The callbacks are driven by hand through one epoch (a scripted model that only has
// `stopTraining`), so a case checks both the factory's options and the end-of-epoch checks.
type Hooked = { model: unknown; onTrainBegin(): Promise<void>; onEpochEnd(epoch: number, logs?: Record<string, number>): Promise<void> };

async function oneEpoch<T extends object>(cb: T, logs: unknown): Promise<T> {
  const hooked = cb as unknown as Hooked;
  hooked.model = { stopTraining: false, save: async () => ({}) };
  await hooked.onTrainBegin();
  await hooked.onEpochEnd(0, { ...(logs as Record<string, number>) });
  return cb;
}

const sink = (): { write: (s: string) => boolean } => ({ write: () => true });
const epochLogs = (): unknown[] => [{ loss: 0.5, val_loss: 0.7 }];

export default defineCases([
  {
    name: 'earlyStopping',
    call: async ([logs], o) => (await oneEpoch(earlyStopping(o), logs)).history,
    args: epochLogs,
    options: { patience: 2 },
    badOptions: [{ patience: -1 }, { patience: 1.5 }, { minDelta: -1 }, { mode: 'best' }, { baseline: Number.POSITIVE_INFINITY }, { restoreBestWeights: 'yes' }, { startFromEpoch: -1 }, { verbose: 2 }, { criterion: { gl: -1 } }, { criterion: { up: 0 } }, { monitor: 'val_acc', criterion: { gl: 1 } }, { patienc: 1 }],
    badArgs: [() => [{ loss: 0.5 }], () => [{}]],
  },
  {
    name: 'modelCheckpoint',
    call: async ([logs], o) => (await oneEpoch(modelCheckpoint(o), logs)).saves,
    args: epochLogs,
    // A path, so nothing stays in memory (the scripted model's save does nothing).
    options: { saveBestOnly: true, path: { save: async () => ({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }) }, monitor: 'loss' },
    badOptions: [{ mode: 'up' }, { saveBestOnly: 1 }, { path: 7 }, { path: {} }, { saveWeightsOnly: 'no' }, { path: undefined, saveWeightsOnly: true }, { verbose: -1 }, { monitor: '' }],
    badArgs: [() => [{ val_loss: 1 }]],
  },
  {
    name: 'terminateOnNaN',
    call: async ([logs], o) => (await oneEpoch(terminateOnNaN(o as never), logs)).terminated,
    args: epochLogs,
    badOptions: [{ verbose: 1 }],
  },
  {
    name: 'progressBar',
    call: async ([logs], o) => oneEpoch(progressBar({ stream: sink(), ...o }), logs).then(() => null),
    args: epochLogs,
    options: { width: 20 },
    badOptions: [{ width: 4 }, { width: 20.5 }, { stream: { write: 1 } }, { colour: true }],
  },
  {
    name: 'historyLogger',
    call: async ([logs], o) => (await oneEpoch(historyLogger({ stream: sink(), ...o }), logs)).rows,
    args: epochLogs,
    options: { format: 'jsonl' },
    badOptions: [{ format: 'xml' }, { separator: ',,' }, { path: 'a.csv' }, { append: 1 }, { stream: null, path: '' }],
  },
  {
    name: 'fileSystemHandler',
    call: ([path]) => typeof fileSystemHandler(path as string).save,
    args: () => ['/tmp/whetstone-conformance-model'],
    badOptions: [],
    badArgs: [() => [''], () => ['file://'], () => [42], () => [null]],
  },
  {
    name: 'registerFileSystemRouter',
    call: () => typeof registerFileSystemRouter(),
    args: () => [],
    badOptions: [],
  },
]);
