// whetstone/folds: building the folds of a million rows, against scikit-learn measured in the same
// run (`list(splitter.split(X, y))`, which materializes the same train/test index arrays).
// When scikit-learn cannot be imported, the figures recorded below are printed instead, and said so.
import { createRng } from '../src/core/index.js';
import { groupKFold, kFold, stratifiedKFold } from '../src/folds/index.js';
import { printTable, timeIt, type Row, pythonMedian, runPythonPeer } from './_harness.js';

const N = 1_000_000;
const K = 5;
const RUNS = 5;

// Labels: 10 imbalanced classes; groups: 10 000 groups of random sizes. Same draws in Python.
const rng = createRng(3);
const y = new Int32Array(N);
for (let i = 0; i < N; i++) y[i] = Math.min(9, Math.floor(-Math.log(1 - rng.uniform()) * 2));
const groups = new Int32Array(N);
for (let i = 0; i < N; i++) groups[i] = rng.integer(0, 10_000);

// Median milliseconds, measured on this machine (2 shared cores) with scikit-learn 1.2.1 / numpy 1.24.2.
const RECORDED: Record<string, number> = { stratified: 100, shuffled: 57, group: 140 };

const PYTHON = `
import sys, time, numpy as np
from sklearn.model_selection import KFold, StratifiedKFold, GroupKFold
y = np.frombuffer(sys.stdin.buffer.read(${N * 4}), dtype=np.int32)
g = np.frombuffer(sys.stdin.buffer.read(${N * 4}), dtype=np.int32)
X = np.zeros((${N}, 1))
${pythonMedian(RUNS)}
print(median(lambda: list(StratifiedKFold(${K}).split(X, y))))
print(median(lambda: list(KFold(${K}, shuffle=True, random_state=0).split(X))))
print(median(lambda: list(GroupKFold(${K}).split(X, y, g))))
`;

function peerTimes(): { times: Record<string, number>; name: string } {
  const input = Buffer.concat([Buffer.from(y.buffer), Buffer.from(groups.buffer)]);
  const lines = runPythonPeer(PYTHON, input);
  if (lines !== undefined) {
    const [stratified, shuffled, group] = lines.map(Number) as [number, number, number];
    return { times: { stratified, shuffled, group }, name: 'scikit-learn (same run)' };
  }
  return { times: RECORDED, name: 'scikit-learn 1.2.1 (recorded, not this run)' };
}

const ours = {
  stratified: await timeIt(() => stratifiedKFold(y, { k: K }), { runs: RUNS, warmup: 1 }),
  shuffled: await timeIt(() => kFold(N, { k: K, shuffle: true, seed: 0 }), { runs: RUNS, warmup: 1 }),
  group: await timeIt(() => groupKFold(groups, { k: K }), { runs: RUNS, warmup: 1 }),
};
const peer = peerTimes();
const rows: Row[] = [
  { task: `stratifiedKFold, 10^6 rows, 10 classes, k=${K}`, ours: ours.stratified, peer: peer.times.stratified!, peerName: `StratifiedKFold, ${peer.name}` },
  { task: `kFold shuffled, 10^6 rows, k=${K}`, ours: ours.shuffled, peer: peer.times.shuffled!, peerName: `KFold(shuffle=True), ${peer.name}` },
  { task: `groupKFold, 10^6 rows, 10^4 groups, k=${K}`, ours: ours.group, peer: peer.times.group!, peerName: `GroupKFold, ${peer.name}` },
];
printTable(rows);
