// Standard global-optimization test functions (Surjanovic & Bingham, "Virtual Library of
// Simulation Experiments", https://www.sfu.ca/~ssurjano/optimization.html), minimized, with their
// known global minima so that regret = best found − minimum.

export interface TestFunction {
  readonly name: string;
  /** Per-dimension [low, high]. */
  readonly bounds: readonly (readonly [number, number])[];
  /** The known global minimum value. */
  readonly minimum: number;
  readonly f: (x: readonly number[]) => number;
}

export const branin: TestFunction = {
  name: 'Branin',
  bounds: [[-5, 10], [0, 15]],
  minimum: 0.397887357729739,
  f: ([x1, x2]) => {
    const a = 1, b = 5.1 / (4 * Math.PI ** 2), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
    return a * (x2! - b * x1! ** 2 + c * x1! - r) ** 2 + s * (1 - t) * Math.cos(x1!) + s;
  },
};

const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H3_A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]];
const H3_P = [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]].map((r) => r.map((v) => v * 1e-4));
const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => v * 1e-4));

function hartmann(a: number[][], p: number[][], x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < x.length; j++) inner += a[i]![j]! * (x[j]! - p[i]![j]!) ** 2;
    sum += H_ALPHA[i]! * Math.exp(-inner);
  }
  return -sum;
}

export const hartmann3: TestFunction = {
  name: 'Hartmann3',
  bounds: [[0, 1], [0, 1], [0, 1]],
  minimum: -3.86278214782076,
  f: (x) => hartmann(H3_A, H3_P, x),
};

export const hartmann6: TestFunction = {
  name: 'Hartmann6',
  bounds: Array.from({ length: 6 }, () => [0, 1] as const),
  minimum: -3.32236801141551,
  f: (x) => hartmann(H6_A, H6_P, x),
};

export const sixHumpCamel: TestFunction = {
  name: 'SixHumpCamel',
  bounds: [[-3, 3], [-2, 2]],
  minimum: -1.031628453489877,
  f: ([x1, x2]) => (4 - 2.1 * x1! ** 2 + x1! ** 4 / 3) * x1! ** 2 + x1! * x2! + (-4 + 4 * x2! ** 2) * x2! ** 2,
};

export const TEST_FUNCTIONS: readonly TestFunction[] = [branin, hartmann6, hartmann3, sixHumpCamel];
