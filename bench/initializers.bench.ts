// whetstone/initializers: drawing kernels in JavaScript (float64 → float32, bit-identical on every
// backend) against tfjs-layers' own initializers (backend random ops, not reproducible across
// backends) and against PyTorch 1.13's torch.nn.init (float32, in place), measured in the same run.
// Shapes: a 512×512 dense kernel (glorotUniform, heNormal) and a 3×3×64×128 conv kernel; orthogonal
// on 256×256 (QR). Backend: cpu.
//
// Run: npx tsx bench/initializers.bench.ts
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useBackend } from '../src/backends/index.js';
import { glorotUniform, heNormal, orthogonal } from '../src/initializers/index.js';
import { printTable, pythonMedian, runPythonPeer, timeIt, type Row } from './_harness.js';

const RUNS = 9;
const cases: { task: string; ours: () => tf.Tensor; tfjs?: () => tf.Tensor; torch: string }[] = [
  {
    task: 'glorotUniform [512, 512]',
    ours: () => glorotUniform({ seed: 1 }).apply([512, 512]),
    tfjs: () => tfl.initializers.glorotUniform({ seed: 1 }).apply([512, 512]),
    torch: 'torch.nn.init.xavier_uniform_(torch.empty(512, 512))',
  },
  {
    task: 'heNormal [512, 512] (truncated)',
    ours: () => heNormal({ seed: 1 }).apply([512, 512]),
    tfjs: () => tfl.initializers.heNormal({ seed: 1 }).apply([512, 512]),
    torch: 'torch.nn.init.trunc_normal_(torch.empty(512, 512), std=0.0625, a=-0.125, b=0.125)',
  },
  {
    task: 'glorotUniform [3, 3, 64, 128]',
    ours: () => glorotUniform({ seed: 1 }).apply([3, 3, 64, 128]),
    tfjs: () => tfl.initializers.glorotUniform({ seed: 1 }).apply([3, 3, 64, 128]),
    torch: 'torch.nn.init.xavier_uniform_(torch.empty(128, 64, 3, 3))',
  },
  {
    task: 'orthogonal [256, 256]',
    ours: () => orthogonal({ seed: 1 }).apply([256, 256]),
    // tfjs-layers' Orthogonal uses the chained tensor API (`rMat.flatten()`), which throws with
    // the op-function imports of tfjs-core alone: no tfjs row.
    torch: 'torch.nn.init.orthogonal_(torch.empty(256, 256))',
  },
];

// Recorded on this machine (2 shared cores) on 2026-11-22, used when PyTorch cannot be imported.
const RECORDED_TORCH = [3.48, 8.18, 0.2, 2.39];

async function main(): Promise<void> {
  await useBackend('cpu');
  const script = `import time, torch\ntorch.manual_seed(0)\ntorch.set_num_threads(1)\n${pythonMedian(RUNS)}\n${cases
    .map((c) => `print(median(lambda: ${c.torch}))`)
    .join('\n')}`;
  const measured = runPythonPeer(script)?.map(Number);
  if (measured === undefined) console.log('torch rows: recorded figures (PyTorch not importable now).');
  const torch = measured ?? RECORDED_TORCH;
  const rows: Row[] = [];
  for (const [i, c] of cases.entries()) {
    const time = (make: () => tf.Tensor) => timeIt(() => make().dispose(), { runs: RUNS });
    const ours = await time(c.ours);
    if (c.tfjs) rows.push({ task: c.task, ours, peer: await time(c.tfjs), peerName: 'tfjs-layers initializer (cpu)' });
    rows.push({ task: c.task, ours, peer: torch[i]!, peerName: 'torch.nn.init (1 thread)' });
  }
  printTable(rows);
}

await main();
