// Rebalancing an imbalanced problem, honestly: `npx tsx examples/imbalance.ts`.
//
// Breast Cancer Wisconsin made 10:1 imbalanced: every benign tumour is kept and a seeded tenth as
// many malignant ones, so malignant (the class that matters) is the rare one. Each repetition makes
// a stratified train/test split; the training rows alone are standardized, rebalanced and fitted
// (a logistic regression), and the untouched test rows are scored. Rebalancing only ever sees
// training rows: synthesizing before the split would put copies of test tumours into training.
// The table shows malignant recall, precision and balanced accuracy on the test rows, averaged
// over the repetitions, for each method against doing nothing.
import { autoBackend } from 'whetstone/backends';
import { createRng } from 'whetstone/core';
import { logisticRegression } from 'whetstone/estimators';
import { selectItems, selectRows, trainTestSplit } from 'whetstone/folds';
import {
  adasyn,
  borderlineSmote,
  classWeights,
  randomOverSample,
  randomUnderSample,
  sampleWeights,
  smote,
  smoteENN,
  smoteTomek,
} from 'whetstone/imbalance';
import { balancedAccuracyScore, precisionScore, recallScore } from 'whetstone/metrics';
import { loadDataset } from './data/load.js';

const SEED = 2026;
const REPEATS = 5;
const RATIO = 10;

/** What one method does to the training rows: new rows and labels, and optional row weights. */
type Method = (x: number[][], y: number[], seed: number) => Promise<{ x: number[][]; y: number[]; weight?: number[] }>;

const methods: [name: string, method: Method][] = [
  ['none', async (x, y) => ({ x, y })],
  ["class weights ('balanced')", async (x, y) => ({ x, y, weight: sampleWeights(y, 'balanced') })],
  ['random over-sampling', (x, y, seed) => randomOverSample(x, y, { seed })],
  ['random under-sampling', (x, y, seed) => randomUnderSample(x, y, { seed })],
  ['SMOTE', (x, y, seed) => smote(x, y, { seed })],
  ['borderline SMOTE (kind 1)', (x, y, seed) => borderlineSmote(x, y, { seed })],
  ['ADASYN', (x, y, seed) => adasyn(x, y, { seed })],
  ['SMOTE + Tomek links', (x, y, seed) => smoteTomek(x, y, { seed })],
  ['SMOTE + ENN', (x, y, seed) => smoteENN(x, y, { seed })],
];

/** Mean and standard deviation per column of the training rows, applied to any rows. */
function standardizer(train: number[][]): (x: number[][]) => number[][] {
  const cols = train[0]!.length;
  const mean = new Array<number>(cols).fill(0);
  const sq = new Array<number>(cols).fill(0);
  for (const row of train) row.forEach((v, j) => (mean[j]! += v / train.length));
  for (const row of train) row.forEach((v, j) => (sq[j]! += (v - mean[j]!) ** 2 / train.length));
  const scale = sq.map((s) => (s > 0 ? Math.sqrt(s) : 1));
  return (x) => x.map((row) => row.map((v, j) => (v - mean[j]!) / scale[j]!));
}

async function main(): Promise<void> {
  const backend = await autoBackend();
  const data = loadDataset('breast_cancer');
  const rng = createRng(SEED);
  // scikit-learn's coding: 0 = malignant, 1 = benign. Relabel so that 1 is the rare malignant class.
  const malignant = data.y.flatMap((v, i) => (v === 0 ? [i] : []));
  const benign = data.y.flatMap((v, i) => (v === 1 ? [i] : []));
  const keep = [...benign, ...rng.child('drop').choice(malignant, Math.round(benign.length / RATIO), { replace: false })].sort((a, b) => a - b);
  const x = keep.map((i) => data.x[i]!);
  const y = keep.map((i) => (data.y[i] === 0 ? 1 : 0));
  const positives = y.filter((v) => v === 1).length;
  console.log(`whetstone imbalance example — backend: ${backend.name}; seed ${SEED}`);
  console.log(`breast_cancer made ${RATIO}:1 imbalanced: ${y.length} rows, ${positives} malignant (minority), ${y.length - positives} benign`);
  console.log(`${REPEATS} stratified splits (25 % test); resampling on the training rows only; scores on the untouched test rows\n`);

  const totals = methods.map(() => ({ recall: 0, precision: 0, balanced: 0, rows: 0 }));
  let lastTrainLabels: number[] = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    const split = trainTestSplit(x.length, { testSize: 0.25, stratify: y, seed: rng.child(`split-${rep}`) });
    const scale = standardizer(selectRows(x, split.train));
    const [xTrain, yTrain] = [scale(selectRows(x, split.train)), selectItems(y, split.train)];
    const [xTest, yTest] = [scale(selectRows(x, split.test)), selectItems(y, split.test)];
    lastTrainLabels = yTrain;
    for (const [m, [, method]] of methods.entries()) {
      const r = await method(xTrain, yTrain, SEED + rep);
      const clf = logisticRegression();
      await clf.fit(r.x, r.y, r.weight === undefined ? undefined : { sampleWeight: r.weight });
      const pred = await clf.predict(xTest);
      const t = totals[m]!;
      t.recall += recallScore(yTest, pred, { posLabel: 1 }) / REPEATS;
      t.precision += precisionScore(yTest, pred, { posLabel: 1, zeroDivision: 0 }) / REPEATS;
      t.balanced += balancedAccuracyScore(yTest, pred) / REPEATS;
      t.rows += r.y.length / REPEATS;
    }
  }

  const base = totals[0]!;
  console.log(`${'method'.padEnd(28)}${'train rows'.padStart(11)}${'recall'.padStart(9)}${'Δ recall'.padStart(10)}${'precision'.padStart(11)}${'bal. acc'.padStart(10)}`);
  methods.forEach(([name], m) => {
    const t = totals[m]!;
    const delta = m === 0 ? '' : `${t.recall >= base.recall ? '+' : ''}${((t.recall - base.recall) * 100).toFixed(1)}`;
    const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
    console.log(
      `${name.padEnd(28)}${t.rows.toFixed(0).padStart(11)}${pct(t.recall).padStart(9)}${delta.padStart(10)}${pct(t.precision).padStart(11)}${pct(t.balanced).padStart(10)}`,
    );
  });
  const testPositives = Math.round(positives * 0.25);
  console.log(`\nAbout ${testPositives} malignant test rows per split: one of them is ${(100 / testPositives).toFixed(0)} points of recall, so average over splits and read small gaps as noise.`);
  const weights = roundAll(classWeights(lastTrainLabels, 'balanced'));
  console.log(`For a tfjs-layers model, pass class weights to fit: classWeight = ${JSON.stringify(weights)} (last split's training labels; keys are class indices).`);
}

function roundAll(w: Record<number, number>): Record<number, number> {
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
}

await main();
