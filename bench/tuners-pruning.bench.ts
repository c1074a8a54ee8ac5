// whetstone/tuners: what pruning saves on a real search. The same TPE study (same seed, same
// search space, same data) of a small MLP on digits.csv (1,797 8×8 images, 10 classes) runs with
// nopPruner (every trial trains its full epoch budget) and with medianPruner and hyperbandPruner;
// each prints the total epochs trained and the best validation accuracy found. The check:
// fewer total epochs with pruning at equal or better best accuracy. There is no peer to run here
// (Keras is not importable from Debian's Python), so the no-pruning run is the reference.
//
// Everything is deterministic: rows are shuffled once with a seeded stream and tfjs's own
// (Math.random) shuffling is off; initializers and dropout are seeded from the trial number.
// `npx tsx bench/tuners-pruning.bench.ts [cpu|wasm] [median,hyperband]` (defaults: cpu, both pruners;
// wasm measured no faster for a model this small). 280 s here on 2 cores shared with other jobs
// (load 9); a third of that on an idle machine.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadDataset } from '../examples/data/load.js';
import { useBackend } from '../src/backends/index.js';
import { createRng } from '../src/core/rng.js';
import { searchModel } from '../src/tuners/integration.js';
import { hyperbandPruner } from '../src/tuners/pruners/hyperband.js';
import { medianPruner } from '../src/tuners/pruners/median.js';
import { nopPruner } from '../src/tuners/pruners/nop.js';
import { tpeSampler } from '../src/tuners/samplers/tpe.js';
import type { Pruner, Trial } from '../src/tuners/types.js';

const backend = (process.argv[2] ?? 'cpu') as 'cpu' | 'wasm';
await useBackend(backend);
const TRIALS = 20;
const EPOCHS = 20;
const SEED = 2026;

const data = loadDataset('digits');
const order = createRng(SEED).permutation(data.x.length);
const x = order.map((i) => data.x[i]!.map((v) => v / 16));
const y = order.map((i) => data.y[i]!);
const nVal = Math.round(0.25 * x.length);
const xs = tf.tensor2d(x.slice(nVal));
const ys = tf.tensor1d(y.slice(nVal));
const xv = tf.tensor2d(x.slice(0, nVal));
const yv = tf.tensor1d(y.slice(0, nVal));

function buildMlp(trial: Trial): tfl.LayersModel {
  const units = trial.int('units', 8, 128, { log: true });
  const dropout = trial.float('dropout', 0, 0.5);
  const lr = trial.float('lr', 1e-4, 3e-2, { log: true });
  const seedBase = 1000 + 3 * trial.number;
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [64], units, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: seedBase }) }));
  m.add(tfl.layers.dropout({ rate: dropout, seed: seedBase + 1 }));
  m.add(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seedBase + 2 }) }));
  m.compile({ optimizer: tf.train.adam(lr), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  return m;
}

interface Outcome {
  name: string;
  epochs: number;
  best: number;
  pruned: number;
  seconds: number;
}

async function run(name: string, pruner: Pruner): Promise<Outcome> {
  const t0 = performance.now();
  const { study } = await searchModel(buildMlp, xs, ys, {
    fit: { epochs: EPOCHS, batchSize: 128, validationData: [xv, yv], shuffle: false },
    objective: { monitor: 'val_acc' },
    trials: TRIALS,
    retrain: false,
    study: { sampler: tpeSampler({ seed: SEED }), pruner },
  });
  const epochs = study.trials.reduce((s, t) => s + ((t.userAttrs.epochsTrained as number | undefined) ?? 0), 0);
  const pruned = study.trials.filter((t) => t.state === 'pruned').length;
  return { name, epochs, best: study.bestValue, pruned, seconds: (performance.now() - t0) / 1000 };
}

console.log(`MLP on digits.csv (${x.length - nVal} train / ${nVal} validation rows), TPE seed ${SEED}, ${TRIALS} trials × up to ${EPOCHS} epochs, backend ${backend}`);
console.log(`${'pruner'.padEnd(54)}${'epochs'.padStart(8)}${'vs ref'.padStart(8)}${'pruned'.padStart(8)}${'best val_acc'.padStart(14)}${'seconds'.padStart(9)}  check`);
function print(r: Outcome, ref: Outcome): void {
  const check = r === ref ? '' : r.epochs < ref.epochs && r.best >= ref.best ? 'fewer epochs, accuracy kept: met' : 'MISSED';
  console.log(
    `${r.name.padEnd(54)}${String(r.epochs).padStart(8)}${(r.epochs / ref.epochs).toFixed(2).padStart(8)}${String(r.pruned).padStart(8)}${r.best.toFixed(4).padStart(14)}${r.seconds.toFixed(1).padStart(9)}  ${check}`,
  );
}

const pruners: Record<string, [string, () => Pruner]> = {
  median: ['medianPruner({ startupTrials: 5, warmupSteps: 3 })', () => medianPruner({ startupTrials: 5, warmupSteps: 3 })],
  hyperband: [`hyperbandPruner({ minResource: 2, maxResource: ${EPOCHS} })`, () => hyperbandPruner({ minResource: 2, maxResource: EPOCHS })],
};
const wanted = (process.argv[3] ?? 'median,hyperband').split(',');
for (const w of wanted) if (pruners[w] === undefined) throw new Error(`unknown pruner '${w}'; known: ${Object.keys(pruners).join(', ')}`);
const ref = await run('nopPruner (reference)', nopPruner());
print(ref, ref);
for (const w of wanted) {
  const [name, make] = pruners[w]!;
  print(await run(name, make()), ref);
}
tf.dispose([xs, ys, xv, yv]);
