// whetstone/metrics: binary ROC AUC and log loss on 10^6 rows, against scikit-learn 1.2 measured
// in the same run on the same numbers (sent to Python as raw float64). When scikit-learn cannot be
// imported, the figures recorded below are printed instead, and said so. The last rows compare
// ways of sorting 10^6 doubles in JavaScript (what ROC AUC spends most of its time on).
import { createRng } from '../src/core/index.js';
import { argsortByComparison, argsortStable } from '../src/metrics/_internal/argsort.js';
import { logLoss, rocAucScore } from '../src/metrics/index.js';
import { printTable, timeIt, type Row, pythonMedian, runPythonPeer } from './_harness.js';

const N = 1_000_000;
const RUNS = 5;

// Labels with 30% positives; scores informative but noisy; a second score vector rounded to 3
// decimals so that most rows are tied; probabilities from a logistic of the scores.
const rng = createRng(11);
const y = new Float64Array(N);
const score = new Float64Array(N);
const tied = new Float64Array(N);
const prob = new Float64Array(N);
for (let i = 0; i < N; i++) {
  y[i] = rng.uniform() < 0.3 ? 1 : 0;
  score[i] = rng.normal() + y[i]!;
  tied[i] = Math.round(score[i]! * 1000) / 1000;
  prob[i] = 1 / (1 + Math.exp(-score[i]!));
}

// Median milliseconds, measured on this machine (2 shared cores) with scikit-learn 1.2.1 / numpy 1.24.2.
const RECORDED = { auc: 290, aucTied: 240, logLoss: 200 };

const PYTHON = `
import sys, time, numpy as np
from sklearn.metrics import roc_auc_score, log_loss
raw = sys.stdin.buffer.read()
y, s, t, p = (np.frombuffer(raw, dtype=np.float64, count=${N}, offset=k * ${N * 8}) for k in range(4))
${pythonMedian(RUNS)}
print(median(lambda: roc_auc_score(y, s)))
print(median(lambda: roc_auc_score(y, t)))
print(median(lambda: log_loss(y, p)))
print(repr(roc_auc_score(y, s)), repr(roc_auc_score(y, t)), repr(log_loss(y, p)))
`;

function peerTimes(): { times: typeof RECORDED; name: string; values?: number[] } {
  const input = Buffer.concat([y, score, tied, prob].map((a) => Buffer.from(a.buffer)));
  const lines = runPythonPeer(PYTHON, input);
  if (lines !== undefined) {
    const [auc, aucTied, ll] = lines.slice(0, 3).map(Number) as [number, number, number];
    return { times: { auc, aucTied, logLoss: ll }, name: 'scikit-learn (same run)', values: lines[3]!.split(' ').map(Number) };
  }
  return { times: RECORDED, name: 'scikit-learn 1.2.1 (recorded, not this run)' };
}

const ours = {
  auc: await timeIt(() => rocAucScore(y, score), { runs: RUNS, warmup: 1 }),
  aucTied: await timeIt(() => rocAucScore(y, tied), { runs: RUNS, warmup: 1 }),
  logLoss: await timeIt(() => logLoss(y, prob), { runs: RUNS, warmup: 1 }),
};
const peer = peerTimes();
if (peer.values !== undefined) {
  const mine = [rocAucScore(y, score), rocAucScore(y, tied), logLoss(y, prob)];
  const diff = Math.max(...mine.map((v, i) => Math.abs(v - peer.values![i]!)));
  console.log(`same inputs, largest difference from scikit-learn's values: ${diff.toExponential(2)}`);
}

const sorts = {
  radix: await timeIt(() => argsortStable(score), { runs: RUNS, warmup: 1 }),
  comparator: await timeIt(() => argsortByComparison(score), { runs: 3, warmup: 1 }),
  valuesOnly: await timeIt(() => score.slice().sort(), { runs: RUNS, warmup: 1 }),
};

const rows: Row[] = [
  { task: 'rocAucScore, 10^6 rows, distinct scores', ours: ours.auc, peer: peer.times.auc, peerName: `roc_auc_score, ${peer.name}` },
  { task: 'rocAucScore, 10^6 rows, scores to 3 decimals', ours: ours.aucTied, peer: peer.times.aucTied, peerName: `roc_auc_score, ${peer.name}` },
  { task: 'logLoss, 10^6 rows, binary', ours: ours.logLoss, peer: peer.times.logLoss, peerName: `log_loss, ${peer.name}` },
  { task: 'stable argsort of 10^6 doubles (radix)', ours: sorts.radix, peer: sorts.comparator, peerName: 'index array + Array.prototype.sort(comparator)' },
  { task: 'stable argsort of 10^6 doubles (radix)', ours: sorts.radix, peer: sorts.valuesOnly, peerName: 'Float64Array.prototype.sort (values only, no index)' },
];
printTable(rows);
