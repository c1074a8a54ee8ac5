// The backend matrix in Node, in this process (whetstone from src/): cpu is the reference every
// other cell is compared with; wasm runs with whetstone's kernels (useBackend's default); the
// tensorflow cell runs only where @tensorflow/tfjs-node(-gpu) is installed.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { backendInfo, useBackend, wasmKernelsInstalled } from '../../../src/backends/index.js';
import { nodeModules } from './_harness.js';
import { compareResults, maxRelativeDifference, runScenarios, summarize, type MatrixResults } from './scenarios.js';

async function installed(name: string): Promise<boolean> {
  try {
    await import(/* @vite-ignore */ name);
    return true;
  } catch {
    return false;
  }
}
const hasTfjsNode = (await installed('@tensorflow/tfjs-node')) || (await installed('@tensorflow/tfjs-node-gpu'));
const TENSORFLOW_SKIPPED = 'SKIPPED: neither @tensorflow/tfjs-node nor @tensorflow/tfjs-node-gpu is installed';
// vitest's default reporter does not list skipped tests by name; say it in the log as well.
if (!hasTfjsNode) console.log(`[matrix] tensorflow: ${TENSORFLOW_SKIPPED}`);

async function cell(backend: 'cpu' | 'wasm' | 'tensorflow'): Promise<MatrixResults> {
  await useBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  const started = performance.now();
  const results = await runScenarios(nodeModules);
  console.log(summarize(results, performance.now() - started));
  return results;
}

describe('backend matrix: Node', () => {
  let reference: MatrixResults | undefined;
  const cpu = async (): Promise<MatrixResults> => (reference ??= await cell('cpu'));

  afterAll(async () => {
    await useBackend('cpu');
  });

  it('cpu: the reference results are sane', async () => {
    const r = await cpu();
    expect(r.leaks).toEqual({});
    // adamw lowers the loss over the first steps; the fit stops early, at epoch 6 of 10.
    expect(r.optimizerLosses[2]!).toBeLessThan(r.optimizerLosses[0]!);
    expect(r.platt.a).toBeLessThan(0);
    expect(r.temperature).toBeGreaterThan(1);
    expect(r.knnIndices).toHaveLength(40);
    expect(r.knnIndices.every((row, i) => row.length === 5 && !row.includes(i))).toBe(true);
    expect(r.gradCheckError).toBeLessThan(1e-2);
    expect(r.stoppedEpoch).toBe(6);
    expect(r.fitLosses.length).toBe(r.stoppedEpoch! + 1);
  });

  it('compareResults catches a cell that disagrees', async () => {
    const ref = await cpu();
    const off = (v: number): number => v * (1 + 1e-3);
    const bad: MatrixResults = {
      ...ref,
      backend: 'broken',
      optimizerLosses: ref.optimizerLosses.map((v, i) => (i === 3 ? off(v) : v)),
      platt: { a: ref.platt.a, b: off(ref.platt.b) },
      knnIndices: [[...ref.knnIndices[0]!].reverse(), ...ref.knnIndices.slice(1)],
      gradCheckError: 0.05,
      stoppedEpoch: null,
      leaks: { fit: 2 },
    };
    const problems = compareResults(bad, ref);
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/^optimizerLosses\[3\]: broken /);
    expect(problems.join('\n')).toMatch(/platt\.b.*knnIndices.*gradCheckError.*stoppedEpoch.*tensors leaked/s);
    expect(compareResults(ref, ref)).toEqual([]);
  });

  it('wasm (with whetstone kernels): every scenario agrees with cpu', async () => {
    const ref = await cpu();
    const r = await cell('wasm');
    expect(backendInfo().wasm).toBeDefined();
    expect(wasmKernelsInstalled()).toBe(true);
    console.log(`[matrix] ${r.backend} vs Node cpu: max relative difference ${maxRelativeDifference(r, ref).toExponential(2)}`);
    expect(compareResults(r, ref)).toEqual([]);
  });

  it.skipIf(!hasTfjsNode)(
    `tensorflow: every scenario agrees with cpu${hasTfjsNode ? '' : ` — ${TENSORFLOW_SKIPPED}`}`,
    async () => {
      const ref = await cpu();
      const r = await cell('tensorflow');
      console.log(`[matrix] ${r.backend} vs Node cpu: max relative difference ${maxRelativeDifference(r, ref).toExponential(2)}`);
    expect(compareResults(r, ref)).toEqual([]);
    },
  );
});
