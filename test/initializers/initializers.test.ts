import * as tfl from '@tensorflow/tfjs-layers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backends/index.js';
import { InvalidArgumentError } from '../../src/core/index.js';
import {
  constant,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  ones,
  orthogonal,
  randomNormal,
  randomUniform,
  truncatedNormal,
  varianceScaling,
  varianceScalingParameters,
  zeros,
  type WhetstoneInitializer,
} from '../../src/initializers/index.js';
import { expectNoLeaks } from '../_support/leaks.js';

const TRUNC = 0.87962566103423978;
const seeded: Record<string, (seed: number) => WhetstoneInitializer> = {
  randomNormal: (seed) => randomNormal({ seed }),
  randomUniform: (seed) => randomUniform({ seed }),
  truncatedNormal: (seed) => truncatedNormal({ seed }),
  glorotNormal: (seed) => glorotNormal({ seed }),
  glorotUniform: (seed) => glorotUniform({ seed }),
  heNormal: (seed) => heNormal({ seed }),
  heUniform: (seed) => heUniform({ seed }),
  lecunNormal: (seed) => lecunNormal({ seed }),
  lecunUniform: (seed) => lecunUniform({ seed }),
  orthogonal: (seed) => orthogonal({ seed, gain: 1.5 }),
  varianceScaling: (seed) => varianceScaling({ seed, scale: 3, mode: 'fanOut', distribution: 'untruncatedNormal' }),
};
const all: Record<string, (seed: number) => WhetstoneInitializer> = {
  ...seeded,
  zeros: () => zeros(),
  ones: () => ones(),
  constant: () => constant({ value: -0.25 }),
};

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}
function std(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - m) ** 2;
  return Math.sqrt(s / a.length);
}
function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

describe('bit-identical values on cpu and wasm', () => {
  const shapes = [[5, 7], [3, 3, 2, 4], [9]];
  const bits = async (backend: 'cpu' | 'wasm'): Promise<Record<string, number[]>> => {
    await useBackend(backend);
    const out: Record<string, number[]> = {};
    for (const [name, make] of Object.entries(all)) {
      for (const seed of [0, 1, 123456]) {
        const init = make(seed);
        for (const shape of shapes) {
          if (name === 'orthogonal' && shape.length < 2) continue;
          const t = init.apply(shape);
          out[`${name}/${seed}/${shape.join('x')}`] = Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));
          t.dispose();
        }
      }
    }
    return out;
  };
  it('gives the same float32 bits for every initializer, seed (0 included) and call', async () => {
    const cpu = await bits('cpu');
    const wasm = await bits('wasm');
    await useBackend('cpu');
    expect(Object.keys(cpu).length).toBeGreaterThan(90);
    expect(wasm).toEqual(cpu);
  });
  it('stores the float64 draws rounded to float32', async () => {
    await useBackend('cpu');
    const a = glorotUniform({ seed: 0 });
    const b = glorotUniform({ seed: 0 });
    const t = a.apply([4, 6]);
    expect(Array.from(t.dataSync())).toEqual(Array.from(Float32Array.from(b.sample([4, 6]))));
    t.dispose();
  });
});

describe('seeding', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  it('same seed and same calls give the same values; each call its own stream; reset restarts', () => {
    const a = heUniform({ seed: 0 });
    const b = heUniform({ seed: 0 });
    const a1 = a.sample([8, 8]);
    const a2 = a.sample([8, 8]);
    expect(b.sample([8, 8])).toEqual(a1);
    expect(b.sample([8, 8])).toEqual(a2);
    expect(a2).not.toEqual(a1);
    a.reset();
    expect(a.sample([8, 8])).toEqual(a1);
    expect(heUniform({ seed: 1 }).sample([8, 8])).not.toEqual(a1);
  });
  it('without a seed draws one and reports it', () => {
    const a = randomNormal();
    expect(Number.isSafeInteger(a.seed)).toBe(true);
    expect(a.hasExplicitSeed).toBe(false);
    expect(randomNormal({ seed: a.seed! }).sample([10])).toEqual(a.sample([10]));
  });
  it('gives different layers different values from one shared initializer, reproducibly', async () => {
    const build = (): tfl.Sequential => {
      const init = glorotUniform({ seed: 5 });
      return tfl.sequential({
        layers: [
          tfl.layers.dense({ units: 6, inputShape: [6], kernelInitializer: init }),
          tfl.layers.dense({ units: 6, kernelInitializer: init }),
        ],
      });
    };
    const m1 = build();
    const m2 = build();
    const k = (m: tfl.LayersModel, i: number): number[] => Array.from(m.layers[i]!.getWeights()[0]!.dataSync());
    expect(k(m1, 0)).not.toEqual(k(m1, 1));
    expect(k(m2, 0)).toEqual(k(m1, 0));
    expect(k(m2, 1)).toEqual(k(m1, 1));
    // The layer's kernel is exactly the first call of the initializer.
    expect(k(m1, 0)).toEqual(Array.from(Float32Array.from(glorotUniform({ seed: 5 }).sample([6, 6]))));
    m1.dispose();
    m2.dispose();
  });
  it('leaks nothing', async () => {
    for (const make of Object.values(all)) await expectNoLeaks(() => make(3).apply([4, 5]));
  });
});

describe('statistics on large draws match the definitions', () => {
  const N = 60_000;
  it('randomNormal: mean 0, std 0.05 by default; custom mean and std', () => {
    const v = randomNormal({ seed: 0 }).sample([N]);
    expect(Math.abs(mean(v))).toBeLessThan(5 * 0.05 / Math.sqrt(N));
    expect(std(v)).toBeCloseTo(0.05, 3);
    const w = randomNormal({ seed: 1, mean: 3, stddev: 2 }).sample([N]);
    expect(mean(w)).toBeCloseTo(3, 1);
    expect(std(w) / 2).toBeCloseTo(1, 1);
  });
  it('randomUniform: within [-0.05, 0.05), variance (b - a)^2 / 12', () => {
    const v = randomUniform({ seed: 0 }).sample([N]);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-0.05);
    expect(Math.max(...v)).toBeLessThan(0.05);
    expect(Math.min(...v)).toBeLessThan(-0.0499);
    expect(std(v)).toBeCloseTo(0.1 / Math.sqrt(12), 3);
    const w = randomUniform({ seed: 0, minval: 2, maxval: 3 }).sample([1000]);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...w)).toBeLessThan(3);
  });
  it('truncatedNormal: within 2 std, std 0.8796 × stddev, mean as given', () => {
    const v = truncatedNormal({ seed: 0, mean: 1, stddev: 0.5 }).sample([N]);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(2);
    expect(Math.max(...v)).toBeGreaterThan(1.98);
    expect(mean(v)).toBeCloseTo(1, 2);
    expect(std(v) / (0.5 * TRUNC)).toBeCloseTo(1, 1.5);
  });
  it('varianceScaling: variance scale / fan for each distribution and mode', () => {
    for (const distribution of ['truncatedNormal', 'untruncatedNormal', 'uniform'] as const) {
      for (const mode of ['fanIn', 'fanOut', 'fanAvg'] as const) {
        const shape = [3, 3, 20, 40];
        const fan = mode === 'fanIn' ? 180 : mode === 'fanOut' ? 360 : 270;
        const v = varianceScaling({ seed: 2, scale: 2, mode, distribution }).sample(shape);
        expect(std(v) / Math.sqrt(2 / fan), `${distribution}/${mode}`).toBeCloseTo(1, 1);
        expect(Math.abs(mean(v))).toBeLessThan(5 * Math.sqrt(2 / fan / v.length));
      }
    }
  });
  it('orthogonal: WᵀW = I (tall), WWᵀ = I (wide), conv kernels flattened, gain scales', () => {
    const gram = (w: Float64Array, rows: number, cols: number, byColumns: boolean): number => {
      const k = byColumns ? cols : rows;
      let err = 0;
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          let dot = 0;
          if (byColumns) for (let r = 0; r < rows; r++) dot += w[r * cols + i]! * w[r * cols + j]!;
          else for (let c = 0; c < cols; c++) dot += w[i * cols + c]! * w[j * cols + c]!;
          err = Math.max(err, Math.abs(dot - (i === j ? 1 : 0)));
        }
      }
      return err;
    };
    expect(gram(orthogonal({ seed: 0 }).sample([60, 25]), 60, 25, true)).toBeLessThan(1e-12);
    expect(gram(orthogonal({ seed: 0 }).sample([25, 60]), 25, 60, false)).toBeLessThan(1e-12);
    expect(gram(orthogonal({ seed: 0 }).sample([30, 30]), 30, 30, true)).toBeLessThan(1e-12);
    expect(gram(orthogonal({ seed: 1 }).sample([3, 3, 4, 8]), 36, 8, true)).toBeLessThan(1e-12);
    const g = orthogonal({ seed: 1, gain: 2 }).sample([10, 4]);
    expect(gram(g.map((x) => x / 2), 10, 4, true)).toBeLessThan(1e-12);
    // Haar measure: entries of a large orthogonal matrix have mean 0 and variance 1/n.
    const big = orthogonal({ seed: 3 }).sample([120, 120]);
    expect(std(big) * Math.sqrt(120)).toBeCloseTo(1, 1);
  });
  it('constant initializers', () => {
    expect(Array.from(zeros().sample([2, 2]))).toEqual([0, 0, 0, 0]);
    expect(Array.from(ones().sample([3]))).toEqual([1, 1, 1]);
    expect(Array.from(constant({ value: 0.5 }).sample([2]))).toEqual([0.5, 0.5]);
    const t = constant({ value: 3 }).apply([2], 'int32');
    expect(t.dtype).toBe('int32');
    t.dispose();
  });
});

describe("Glorot / He / LeCun limits and stds are Keras's formulas", () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  // Keras _compute_fans: dense [in, out]; conv [kh, kw, in, out] → receptive field × channels.
  const shapes: [number[], number, number][] = [
    [[64, 32], 64, 32],
    [[3, 3, 16, 32], 144, 288],
    [[5, 8, 12], 40, 60],
    [[7], 7, 7],
  ];
  for (const [shape, fi, fo] of shapes) {
    it(`[${shape.join(', ')}]: fans ${fi}/${fo}`, () => {
      const limits: Record<string, number> = {
        glorotUniform: Math.sqrt(6 / (fi + fo)),
        heUniform: Math.sqrt(6 / fi),
        lecunUniform: Math.sqrt(3 / fi),
      };
      const stds: Record<string, number> = {
        glorotNormal: Math.sqrt(2 / (fi + fo)) / TRUNC,
        heNormal: Math.sqrt(2 / fi) / TRUNC,
        lecunNormal: Math.sqrt(1 / fi) / TRUNC,
      };
      expect(varianceScalingParameters(shape, { mode: 'fanAvg', distribution: 'uniform' }).limit).toBeCloseTo(limits.glorotUniform!, 12);
      expect(varianceScalingParameters(shape, { scale: 2, distribution: 'uniform' }).limit).toBeCloseTo(limits.heUniform!, 12);
      expect(varianceScalingParameters(shape, { distribution: 'uniform' }).limit).toBeCloseTo(limits.lecunUniform!, 12);
      expect(varianceScalingParameters(shape, { mode: 'fanAvg' }).stddev).toBeCloseTo(stds.glorotNormal!, 12);
      expect(varianceScalingParameters(shape, { scale: 2 }).stddev).toBeCloseTo(stds.heNormal!, 12);
      expect(varianceScalingParameters(shape).stddev).toBeCloseTo(stds.lecunNormal!, 12);
      const reps = Math.ceil(40_000 / shape.reduce((a, b) => a * b, 1));
      const draw = (make: (o: { seed: number }) => WhetstoneInitializer): number[] => {
        const init = make({ seed: 11 });
        return Array.from({ length: reps }, () => Array.from(init.sample(shape))).flat();
      };
      for (const [name, make] of [['glorotUniform', glorotUniform], ['heUniform', heUniform], ['lecunUniform', lecunUniform]] as const) {
        const v = draw(make);
        expect(maxAbs(v), name).toBeLessThanOrEqual(limits[name]!);
        expect(maxAbs(v) / limits[name]!, name).toBeGreaterThan(0.99);
        expect(std(v) / (limits[name]! / Math.sqrt(3)), name).toBeCloseTo(1, 1);
      }
      for (const [name, make] of [['glorotNormal', glorotNormal], ['heNormal', heNormal], ['lecunNormal', lecunNormal]] as const) {
        const v = draw(make);
        expect(maxAbs(v), name).toBeLessThanOrEqual(2 * stds[name]!);
        // Keras divides by 0.8796 so that the truncated draw has exactly the target variance.
        expect(std(v) / (stds[name]! * TRUNC), name).toBeCloseTo(1, 1);
      }
    });
  }
  it("uniform limits agree with tfjs-layers' own initializers", () => {
    for (const [ours, theirs] of [
      [glorotUniform, tfl.initializers.glorotUniform],
      [heUniform, tfl.initializers.heUniform],
      [lecunUniform, tfl.initializers.leCunUniform],
    ] as const) {
      const shape = [3, 3, 16, 32];
      const t = theirs({ seed: 1 }).apply(shape);
      const theirMax = maxAbs(t.dataSync());
      t.dispose();
      const ourMax = maxAbs(ours({ seed: 1 }).sample(shape));
      expect(ourMax / theirMax).toBeCloseTo(1, 2);
    }
  });
  it('property: draws stay within the formula limit for any dense or conv shape', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom('fanIn', 'fanOut', 'fanAvg'),
        fc.double({ min: 0.1, max: 4, noNaN: true }),
        (shape, seed, mode, scale) => {
          const { fanIn, fanOut } = varianceScalingParameters(shape);
          const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
          expect(fanIn).toBe(shape[shape.length - 2]! * receptive);
          expect(fanOut).toBe(shape[shape.length - 1]! * receptive);
          const fan = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
          const limit = Math.sqrt((3 * scale) / fan);
          const u = varianceScaling({ seed, scale, mode, distribution: 'uniform' }).sample(shape);
          expect(maxAbs(u)).toBeLessThanOrEqual(limit);
          const n = varianceScaling({ seed, scale, mode }).sample(shape);
          expect(maxAbs(n)).toBeLessThanOrEqual((2 * Math.sqrt(scale / fan)) / TRUNC + 1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('bad input', () => {
  it('rejects bad options and shapes with errors', () => {
    expect(() => glorotUniform({ seed: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => glorotUniform({ seed: 1, scale: 2 } as never)).toThrow(/unknown option "scale"/);
    expect(() => varianceScaling({ mode: 'fan_in' as never })).toThrow(/option "mode"/);
    expect(() => randomUniform({ minval: 1, maxval: 0 })).toThrow(/maxval/);
    expect(() => randomNormal({ stddev: -1 })).toThrow(/stddev/);
    expect(() => orthogonal({ seed: 0 }).apply([4])).toThrow(/orthogonal.apply: argument "shape"/);
    expect(() => glorotUniform({ seed: 0 }).apply([2, -1])).toThrow(/glorotUniform.apply: argument "shape"/);
    expect(() => glorotUniform({ seed: 0 }).apply([2, 2], 'int32')).toThrow(/dtype/);
    expect(() => varianceScalingParameters([2, 2], { scale: 0 })).toThrow(/scale/);
  });
});

describe('null is not "default"', () => {
  it('rejects null options from callers (only a saved config may hold nulls)', () => {
    expect(() => randomNormal({ seed: null } as never)).toThrow(/randomNormal: option "seed"/);
    expect(() => constant({ value: null } as never)).toThrow(/constant: option "value"/);
  });
});
