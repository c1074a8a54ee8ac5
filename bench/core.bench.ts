// whetstone/core: reading matrices and drawing random numbers, the work every module does first.
// Peers measured in the same run: tfjs's own `tf.tensor2d(number[][])` (which flattens and checks
// the same nested array), seedrandom's default ARC4 generator (what most JS code seeds with), and
// an unseeded `Math.random` shuffle as the floor.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import seedrandom from 'seedrandom';
import { createRng, toMatrix } from '../src/core/index.js';
import { printTable, timeIt, type Row } from './_harness.js';

await tf.setBackend('cpu');
const rows: Row[] = [];

const source = createRng(1);
const x = Array.from({ length: 100_000 }, () => Array.from({ length: 20 }, () => source.normal()));
rows.push({
  task: 'read 100 000 × 20 number[][] (validated)',
  ours: await timeIt(() => toMatrix(x, { fn: 'bench' })),
  peer: await timeIt(() => tf.tensor2d(x).dispose()),
  peerName: 'tf.tensor2d',
});

const n = 1_000_000;
const rng = createRng(7);
const arc4 = seedrandom('7');
rows.push({
  task: '1 000 000 seeded uniforms',
  ours: await timeIt(() => {
    let s = 0;
    for (let i = 0; i < n; i++) s += rng.uniform();
    return s;
  }),
  peer: await timeIt(() => {
    let s = 0;
    for (let i = 0; i < n; i++) s += arc4.double();
    return s;
  }),
  peerName: 'seedrandom() ARC4 double()',
});

const items = Array.from({ length: n }, (_, i) => i);
rows.push({
  task: 'seeded shuffle of 1 000 000 items',
  ours: await timeIt(() => rng.shuffle(items), { runs: 5 }),
  peer: await timeIt(() => {
    const a = items.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }, { runs: 5 }),
  peerName: 'Fisher–Yates on Math.random (unseeded)',
});

printTable(rows);
