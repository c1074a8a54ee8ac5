// examples/imbalance.ts must keep working: run it and check that the table prints a row per method
// (the numbers themselves are the example's to report, not this test's to pin).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from '../package/_tools.js';

const METHODS = [
  'none',
  "class weights ('balanced')",
  'random over-sampling',
  'random under-sampling',
  'SMOTE',
  'borderline SMOTE (kind 1)',
  'ADASYN',
  'SMOTE + Tomek links',
  'SMOTE + ENN',
];

describe('examples/imbalance.ts', () => {
  it('runs end to end and prints the table', () => {
    const out = run('node', [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'examples/imbalance.ts'], ROOT);
    expect(out).toMatch(/backend: (wasm|cpu|tensorflow)/);
    expect(out).toMatch(/breast_cancer made 10:1 imbalanced: \d+ rows, \d+ malignant \(minority\), \d+ benign/);
    expect(out).toMatch(/method\s+train rows\s+recall\s+Δ recall\s+precision\s+bal\. acc/);
    const lines = out.split('\n');
    for (const name of METHODS) {
      const line = lines.find((l) => l.startsWith(name.padEnd(28)));
      expect(line, `row "${name}" missing:\n${out}`).toBeDefined();
      // train rows, then recall, (Δ recall), precision and balanced accuracy as percentages
      expect(line!.slice(28)).toMatch(/^\s+\d+\s+\d+\.\d%(\s+[+-]\d+\.\d)?\s+\d+\.\d%\s+\d+\.\d%$/);
    }
    expect(out).toMatch(/classWeight = \{"0":[\d.]+,"1":[\d.]+\}/);
  });
});
