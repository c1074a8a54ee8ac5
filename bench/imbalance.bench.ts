// whetstone/imbalance: SMOTE on 100 000 × 20 with a 5 % minority on the wasm backend, against
// imbalanced-learn 0.10's SMOTE(k_neighbors=5) measured in the same run on the same numbers; then
// SMOTE on 10^6 rows with the peak memory printed, to show that the blockwise neighbour search
// keeps it bounded.
//
// What is compared: the whole call from a { data, shape } float64 matrix (ours: reading and
// checking the rows, the exact within-class k-NN — on wasm its first pass runs in whetstone's
// WebAssembly selection module on 16-bit quantized rows, see src/imbalance/_internal/knn.ts —,
// the interpolation, building the result) against `SMOTE(random_state=0).fit_resample(X, y)` on a float64 numpy array (its input
// checks, NearestNeighbors with the default auto algorithm — brute force with OpenMP threads at 20
// columns — and the interpolation), the median of 5 runs after 10 warm-ups on both sides. The two
// sides take turns, 3 rounds each (a fresh Python process every round), and the table shows the
// median of the rounds for each: the development machine's speed drifts by a third within
// minutes, which a single pair of measurements taken one after the other turns into noise in the
// ratio. Data: features N(0, 1) with the minority shifted by 0.5, generated here with a seed and
// handed to Python on stdin, so both sides resample the same rows.
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../src/backends/index.js';
import { createRng } from '../src/core/index.js';
import { kNeighbors } from '../src/imbalance/neighbors.js';
import { smote } from '../src/imbalance/smote.js';
import { printTable, pythonMedian, runPythonPeer, timeIt, type Row } from './_harness.js';

const N = 100_000;
const D = 20;
const MINORITY = 0.05;
const RUNS = 5;
// Rounds of (ours, peer), alternating.
const ROUNDS = 3;
// Ten unmeasured calls on both sides, as in bench/calibration.bench.ts: the steady state after
// V8's JIT has settled (the first calls also compile the selection module).
const WARMUP = 10;
// Rows of the memory run (10^6); WHETSTONE_BENCH_BIG overrides it for a quick look.
const BIG = Number(process.env.WHETSTONE_BENCH_BIG ?? 1_000_000);

// Median ms of imblearn 0.10's SMOTE on this problem, measured on the development machine (2 shared
// cores); printed only when imbalanced-learn cannot be imported.
const RECORDED_PEER_MS = 240;

function problem(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const x = new Float64Array(n * D);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const minority = rng.uniform() < MINORITY;
    y[i] = minority ? 1 : 0;
    for (let j = 0; j < D; j++) x[i * D + j] = rng.normal() + (minority ? 0.5 : 0);
  }
  return { x, y };
}

const PYTHON = `
import sys, time, numpy as np
from imblearn.over_sampling import SMOTE
raw = sys.stdin.buffer.read()
X = np.frombuffer(raw[:${N * D * 8}], dtype=np.float64).reshape(${N}, ${D})
y = np.frombuffer(raw[${N * D * 8}:], dtype=np.float64).astype(np.int64)
${pythonMedian(RUNS, WARMUP)}
print(median(lambda: SMOTE(random_state=0).fit_resample(X, y)))
`;

function peer(x: Float64Array, y: Float64Array): { ms: number; name: string } {
  const lines = runPythonPeer(PYTHON, Buffer.concat([Buffer.from(x.buffer), Buffer.from(y.buffer)]));
  if (lines !== undefined) return { ms: Number(lines[lines.length - 1]), name: 'imblearn 0.10 SMOTE (same run)' };
  return { ms: RECORDED_PEER_MS, name: 'imblearn 0.10 SMOTE (recorded, not this run)' };
}

const info = await useBackend('wasm');
console.log(`backend: ${info.name}${info.wasm?.simd ? ' (SIMD)' : ''}${info.wasm?.threads ? ', threads' : ''}`);

const { x, y } = problem(N, 1);
const minority = y.reduce((a, b) => a + b, 0);
const rounds: { ours: number; peer: number }[] = [];
let p = { ms: RECORDED_PEER_MS, name: '' };
for (let r = 0; r < ROUNDS; r++) {
  const ours = await timeIt(() => smote({ data: x, shape: [N, D] }, y, { seed: 0 }), { runs: RUNS, warmup: WARMUP });
  p = peer(x, y);
  rounds.push({ ours, peer: p.ms });
  console.log(`  round ${r + 1}: whetstone ${ours.toFixed(2)} ms, peer ${p.ms.toFixed(2)} ms (ratio ${(ours / p.ms).toFixed(2)})`);
}
const middle = (v: number[]): number => v.sort((a, b) => a - b)[v.length >> 1]!;
const rows: Row[] = [
  {
    task: `smote, ${N / 1000}k × ${D}, ${minority} minority rows, k=5`,
    ours: middle(rounds.map((t) => t.ours)),
    peer: middle(rounds.map((t) => t.peer)),
    peerName: `${p.name}, median of ${ROUNDS} rounds`,
    target: 0.75,
  },
];

// The neighbour search alone, for reference (no target): the minority rows' 5 nearest among
// themselves, against scikit-learn's NearestNeighbors(algorithm='brute').kneighbors() — what
// imbalanced-learn's SMOTE calls — on the same rows.
const minorityRows = new Float64Array(minority * D);
for (let i = 0, r = 0; i < N; i++) if (y[i] === 1) minorityRows.set(x.subarray(i * D, (i + 1) * D), D * r++);
const knnOurs = await timeIt(() => kNeighbors({ data: minorityRows, shape: [minority, D] }, { k: 5 }), { runs: RUNS, warmup: WARMUP });
const knnPeer = runPythonPeer(
  `
import sys, time, numpy as np
from sklearn.neighbors import NearestNeighbors
X = np.frombuffer(sys.stdin.buffer.read(), dtype=np.float64).reshape(${minority}, ${D})
${pythonMedian(RUNS, WARMUP)}
print(median(lambda: NearestNeighbors(n_neighbors=5, algorithm='brute').fit(X).kneighbors()))
`,
  Buffer.from(minorityRows.buffer),
);
if (knnPeer !== undefined) {
  rows.push({ task: `kNeighbors, ${minority} × ${D}, k=5`, ours: knnOurs, peer: Number(knnPeer[knnPeer.length - 1]), peerName: 'scikit-learn NearestNeighbors brute (same run, one round)' });
}
printTable(rows);

// 10^6 rows: the neighbour search runs over the 5 % minority (≈ 50 000 rows) in blocks, so the
// tensors alive at any time stay a small, fixed size whatever the number of rows.
const big = problem(BIG, 2);
const before = process.memoryUsage().rss;
const inputBytes = big.x.byteLength + big.y.byteLength;
let result: Awaited<ReturnType<typeof smote<{ data: Float64Array; shape: [number, number] }, Float64Array>>> | undefined;
const t0 = performance.now();
const profile = await tf.profile(async () => {
  result = await smote({ data: big.x, shape: [BIG, D] }, big.y, { seed: 0 });
});
const ms = performance.now() - t0;
const peakRss = process.resourceUsage().maxRSS * 1024;
const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
console.log(`\nsmote, ${BIG.toLocaleString('en-US')} × ${D} (${big.y.reduce((a, b) => a + b, 0)} minority rows): ${(ms / 1000).toFixed(1)} s`);
console.log(`  input ${mb(inputBytes)}, output ${mb(result!.x.data.byteLength)} (${result!.x.shape[0]} rows)`);
// On wasm and cpu the search usually runs without tfjs (the quantized pass): then no tensor is
// made at all, and tf.profile reports no peak.
console.log(`  tfjs peak tensor memory during the call: ${mb(Math.max(0, profile.peakBytes))}; tensors left: ${profile.newTensors}`);
console.log(`  process peak RSS: ${mb(peakRss)} (RSS before the call: ${mb(before)})`);
