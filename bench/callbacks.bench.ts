// whetstone/callbacks: what the callbacks cost a training run. Keras is not importable here (no
// TensorFlow for Debian's Python), so the peer is tfjs-layers' own earlyStopping, measured in the
// same run on the same 50-epoch fit of a small MLP (32 rows, 4 batches per epoch, cpu backend).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useBackend } from '../src/backends/index.js';
import { earlyStopping, historyLogger, modelCheckpoint, progressBar, terminateOnNaN } from '../src/callbacks/index.js';
import { printTable, timeIt, type Row } from './_harness.js';

await useBackend('cpu');
const EPOCHS = 50;
const x = tf.tensor2d(Array.from({ length: 32 }, (_, i) => [(i % 8) / 8, Math.floor(i / 8) / 4]));
const y = tf.tensor2d(Array.from({ length: 32 }, (_, i) => [Math.sin((3 * (i % 8)) / 8)]));
const model = tfl.sequential();
model.add(tfl.layers.dense({ inputShape: [2], units: 32, activation: 'relu' }));
model.add(tfl.layers.dense({ units: 1 }));
model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });

const sink = { write: (): boolean => true, isTTY: true };
const fit = (callbacks: () => object[]) => async (): Promise<void> => {
  const cbs = callbacks();
  await model.fit(x, y, { epochs: EPOCHS, batchSize: 8, verbose: 0, validationSplit: 0.25, callbacks: cbs as never });
  for (const cb of cbs) (cb as { dispose?: () => void }).dispose?.();
};

// Warm the engine up first, so the first measured row is not charged for it.
await timeIt(fit(() => []), { runs: 3, warmup: 3 });
const peer = await timeIt(fit(() => [tfl.callbacks.earlyStopping({ patience: 1000 })]), { runs: 7 });
const peerName = 'tfjs-layers earlyStopping (same run)';
const rows: Row[] = [
  { task: `fit ${EPOCHS} epochs, no callbacks`, ours: await timeIt(fit(() => []), { runs: 7 }), peer, peerName },
  { task: 'earlyStopping (patience)', ours: await timeIt(fit(() => [earlyStopping({ patience: 1000 })]), { runs: 7 }), peer, peerName },
  { task: 'earlyStopping restoreBestWeights', ours: await timeIt(fit(() => [earlyStopping({ patience: 1000, restoreBestWeights: 'always' })]), { runs: 7 }), peer, peerName },
  { task: "earlyStopping { pq: 1e9 } (never stops)", ours: await timeIt(fit(() => [earlyStopping({ criterion: { pq: 1e9 } })]), { runs: 7 }), peer, peerName },
  {
    task: 'all five callbacks (bar in TTY mode)',
    ours: await timeIt(fit(() => [earlyStopping({ patience: 1000, restoreBestWeights: true }), modelCheckpoint(), terminateOnNaN(), progressBar({ stream: sink }), historyLogger({ stream: sink })]), { runs: 7 }),
    peer,
    peerName,
  },
];
printTable(rows);
tf.dispose([x, y]);
model.dispose();
