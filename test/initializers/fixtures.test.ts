// Against reference values written by scripts/fixtures/initializers.py (numpy, scipy, PyTorch).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../src/core/index.js';
import { orthogonalMatrix, TRUNCATION_STD } from '../../src/initializers/_internal/sampling.js';
import { varianceScalingParameters } from '../../src/initializers/index.js';

interface Fixtures {
  versions: Record<string, string>;
  truncation_std: number;
  fans: { shape: number[]; fanIn: number; fanOut: number; glorotUniformLimit: number; heUniformLimit: number; lecunUniformLimit: number; glorotStd: number; heStd: number; lecunStd: number }[];
  orthogonal: { rows: number; cols: number; normal: number[][]; q: number[][] }[];
}
const here = dirname(fileURLToPath(import.meta.url));
const fixtures = JSON.parse(readFileSync(join(here, '..', 'fixtures', 'initializers.json'), 'utf8')) as Fixtures;

/** An Rng whose normal() replays given values (the rest is unused by orthogonalMatrix). */
function replay(values: readonly number[]): Rng {
  let i = 0;
  return { normal: () => values[i++]! } as unknown as Rng;
}

describe('initializers against reference fixtures', () => {
  it("uses scipy's truncated-normal std as Keras's truncation constant", () => {
    expect(TRUNCATION_STD).toBeCloseTo(fixtures.truncation_std, 15);
  });

  for (const f of fixtures.fans) {
    it(`fans and limits of [${f.shape.join(', ')}] match PyTorch's (Keras layout)`, () => {
      const glorot = varianceScalingParameters(f.shape, { mode: 'fanAvg', distribution: 'uniform' });
      expect(glorot.fanIn).toBe(f.fanIn);
      expect(glorot.fanOut).toBe(f.fanOut);
      expect(glorot.limit).toBeCloseTo(f.glorotUniformLimit, 14);
      expect(varianceScalingParameters(f.shape, { scale: 2, distribution: 'uniform' }).limit).toBeCloseTo(f.heUniformLimit, 14);
      expect(varianceScalingParameters(f.shape, { distribution: 'uniform' }).limit).toBeCloseTo(f.lecunUniformLimit, 14);
      expect(varianceScalingParameters(f.shape, { mode: 'fanAvg', distribution: 'untruncatedNormal' }).stddev).toBeCloseTo(f.glorotStd, 14);
      expect(varianceScalingParameters(f.shape, { scale: 2, distribution: 'untruncatedNormal' }).stddev).toBeCloseTo(f.heStd, 14);
      expect(varianceScalingParameters(f.shape, { distribution: 'untruncatedNormal' }).stddev).toBeCloseTo(f.lecunStd, 14);
      // Keras's truncated normal widens the std by 1 / 0.8796… so the truncated draw keeps it.
      expect(varianceScalingParameters(f.shape, { scale: 2 }).stddev! * fixtures.truncation_std).toBeCloseTo(f.heStd, 14);
    });
  }

  for (const f of fixtures.orthogonal) {
    it(`orthogonal ${f.rows}×${f.cols}: the sign-fixed Q of numpy's QR of the same normal matrix`, () => {
      const q = orthogonalMatrix(replay(f.normal.flat()), f.rows, f.cols, 1);
      const expected = f.q.flat();
      expect(q.length).toBe(expected.length);
      q.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
    });
  }
});
