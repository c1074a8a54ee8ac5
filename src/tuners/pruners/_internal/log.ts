// A correctly rounded natural logarithm. Hyperband's bracket count is
// floor(log(maxResource / minResource) / log(reductionFactor)) + 1 (optuna/pruners/_hyperband.py,
// `_try_initialization`), and when the ratio is an exact power of the reduction factor that
// quotient sits one rounding away from an integer: CPython gives log(243)/log(3) =
// 4.999999999999999, so Optuna makes 5 brackets for R/r = 243, eta = 3. V8's Math.log(3) is one
// ulp off and the same quotient is exactly 5. Rounding the logarithm correctly reproduces CPython
// (glibc) on every exact power e^k with e <= 2000 and e^k <= 2^53 (checked once against CPython;
// the naive quotient differs on 172 of those 10553). glibc's log itself is not correctly rounded
// everywhere (about 1 argument in 2000 differs by an ulp), but away from exact powers the bracket
// count is far from any rounding boundary.

// Error-free transformations (Knuth's two-sum, Dekker's product with Veltkamp splitting).
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}

const SPLITTER = 134217729; // 2^27 + 1

function split(a: number): [number, number] {
  const t = SPLITTER * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}

function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}

type DD = readonly [number, number];

function ddAdd(x: DD, y: DD): DD {
  const [s, e] = twoSum(x[0], y[0]);
  const [t, f] = twoSum(x[1], y[1]);
  const [s2, e2] = twoSum(s, e + t);
  return twoSum(s2, e2 + f);
}

function ddMul(x: DD, y: DD): DD {
  const [p, e] = twoProd(x[0], y[0]);
  return twoSum(p, e + (x[0] * y[1] + x[1] * y[0]));
}

function ddDiv(x: DD, y: DD): DD {
  // Long division: one double quotient digit, then a correction from the remainder.
  const q1 = x[0] / y[0];
  const r = ddAdd(x, ddMul([-q1, 0], y));
  const q2 = r[0] / y[0];
  const r2 = ddAdd(r, ddMul([-q2, 0], y));
  const q3 = r2[0] / y[0];
  const [s, e] = twoSum(q1, q2);
  return twoSum(s, e + q3);
}

// ln 2 to about 107 bits, as the sum of two doubles.
const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];
const SQRT_HALF = Math.SQRT1_2;

/**
 * The natural logarithm of a positive finite double, correctly rounded (computed in double-double,
 * about 2^-100 relative error, then rounded once). Non-positive, infinite and NaN arguments fall
 * back to `Math.log`.
 */
export function correctlyRoundedLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  if (x === 1) return 0;
  // x = m * 2^k with m in [sqrt(1/2), sqrt(2)); scaling by powers of two is exact.
  let k = 0;
  let m = x;
  while (m >= 2) { m /= 2; k++; }
  while (m < 1) { m *= 2; k--; }
  if (m > Math.SQRT2) { m /= 2; k++; }
  if (m < SQRT_HALF) { m *= 2; k--; }
  // ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172; m - 1 is exact (Sterbenz).
  const s = ddDiv([m - 1, 0], twoSum(m, 1));
  const s2 = ddMul(s, s);
  let term: DD = s;
  let sum: DD = s;
  for (let i = 1; i < 40; i++) {
    term = ddMul(term, s2);
    const next = ddDiv(term, [2 * i + 1, 0]);
    if (Math.abs(next[0]) < 1e-36 * Math.abs(sum[0])) break;
    sum = ddAdd(sum, next);
  }
  const lnM: DD = [2 * sum[0], 2 * sum[1]];
  const result = ddAdd(ddMul(LN2, [k, 0]), lnM);
  return result[0] + result[1];
}

/**
 * CPython's `math.log(x, base)`: the quotient of the two (correctly rounded) logarithms, rounded
 * once more.
 */
export function logBase(x: number, base: number): number {
  return correctlyRoundedLog(x) / correctlyRoundedLog(base);
}
