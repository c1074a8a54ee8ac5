// `npm run demo` must keep working: run it and check that each step printed and that the model
// beats the majority-class floor on the holdout.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT, run } from '../package/_tools.js';

describe('examples/improve-a-model.ts', () => {
  it('runs end to end and beats the floor on the holdout', () => {
    const out = run('node', [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'examples/improve-a-model.ts'], ROOT);
    const acc = (step: string): number => {
      const line = out.split('\n').find((l) => l.startsWith(step));
      if (line === undefined) throw new Error(`step "${step}" missing from demo output:\n${out}`);
      return Number(/(\d+\.\d)%/.exec(line)![1]);
    };
    expect(out).toMatch(/backend: (wasm|cpu|tensorflow)/);
    expect(acc('+ standardized inputs')).toBeGreaterThan(acc('base rate') + 20);
    expect(acc('logistic regression, CV C')).toBeGreaterThan(acc('base rate') + 20);
    expect(out).toMatch(/C=\d+(\.\d+)? by 5-fold CV on train/);
    expect(acc('+ LR range test, AdamW+SGDR')).toBeGreaterThan(acc('base rate') + 20);
    expect(acc('+ early stopping (best)')).toBeGreaterThan(acc('base rate') + 20);
    expect(out).toMatch(/stopped at epoch \d+, kept epoch \d+/);
    expect(acc('+ tuned (TPE + Hyperband)')).toBeGreaterThan(acc('base rate') + 20);
    expect(out).toMatch(/24 trials, \d+ pruned, \d+ of 1440 epochs; best: \d+ units/);
    // The calibration table: one row per method, ECE and log loss printed.
    expect(out).toMatch(/calibration of an over-confident MLP/);
    const calibrationRow = /^(uncalibrated MLP|\+ platt|\+ isotonic|\+ temperature)\s+\d\.\d{3}\s+\d+\.\d{3}$/;
    expect(out.split('\n').filter((l) => calibrationRow.test(l.trim()))).toHaveLength(4);
  });
});
