// The standard normal CDF in log space and the truncated normal's log density and quantile, as
// TPE's kernels need them (Optuna 3.1: optuna/samplers/_tpe/_truncnorm.py, itself after scipy's
// truncnorm). Log space matters: a kernel far from an interval end has a tail mass like 1e-300,
// and the log-likelihood ratio that TPE maximizes must stay finite there.
import { erf, erfc } from './tpe-erf.js';

const SQRT1_2 = Math.SQRT1_2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** The standard normal CDF Φ(a), with erfc in both tails so that neither loses relative accuracy. */
export function ndtr(a: number): number {
  const x = a * SQRT1_2;
  if (x < -SQRT1_2) return 0.5 * erfc(-x);
  if (x < SQRT1_2) return 0.5 + 0.5 * erf(x);
  return 1 - 0.5 * erfc(x);
}

/**
 * log Φ(a), finite for every finite `a`: Φ directly where it is representable, an asymptotic
 * series below −20 (where Φ underflows towards 1e-89 and below).
 */
export function logNdtr(a: number): number {
  if (a > 6) return Math.log1p(-ndtr(-a));
  if (a > -20) return Math.log(ndtr(a));
  if (a === -Infinity) return -Infinity;
  // Φ(a) = φ(a)/(−a) · (1 − 1/a² + 3/a⁴ − 15/a⁶ + …); below −20 the terms shrink fast, and the
  // series is stopped once a term no longer changes the sum.
  const inv = 1 / (a * a);
  let sum = 1;
  let term = 1;
  for (let i = 1; i < 100; i++) {
    term *= -(2 * i - 1) * inv;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return -0.5 * a * a - Math.log(-a) - LOG_SQRT_2PI + Math.log(sum);
}

/** log(e^p − e^q) for p ≥ q. */
function logDiff(p: number, q: number): number {
  return p + Math.log1p(-Math.exp(q - p));
}

/** log(e^p + e^q). */
export function logAddExp(p: number, q: number): number {
  if (p === -Infinity) return q;
  if (q === -Infinity) return p;
  return p > q ? p + Math.log1p(Math.exp(q - p)) : q + Math.log1p(Math.exp(p - q));
}

/**
 * log(Φ(b) − Φ(a)), the log of the standard normal mass on `[a, b]` (a ≤ b). Intervals wholly in
 * one tail are measured in that tail (the right one mirrored to the left), where log Φ is exact;
 * an interval around 0 sums two positive erf terms, which cannot cancel.
 */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log(0.5 * (erf(b * SQRT1_2) - erf(a * SQRT1_2)));
}

/** log φ(x) of the standard normal. */
export function normLogPdf(x: number): number {
  return -0.5 * x * x - LOG_SQRT_2PI;
}

/**
 * The log density at `x` of the standard normal truncated to `[a, b]` (all standardized), −∞
 * outside the interval.
 */
export function truncnormLogPdf(x: number, a: number, b: number): number {
  if (a === b) return NaN;
  if (x < a || x > b) return -Infinity;
  return normLogPdf(x) - logGaussMass(a, b);
}

// Acklam's rational approximation of Φ⁻¹ (relative error 1.15e-9), a starting point that the
// Newton steps below polish to full precision.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549671010624722, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function ndtriGuess(logP: number): number {
  const p = Math.exp(logP);
  if (p < 0.02425) {
    // log p directly: exp(logP) underflows to 0 for logP below about −745.
    const q = Math.sqrt(-2 * logP);
    return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(-Math.expm1(logP)));
    return -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
}

/**
 * The `x` with log Φ(x) = `logP`, within [−100, 100] (Optuna bisects on the same bracket):
 * Newton's method on log Φ from a rational first guess, kept inside a shrinking bracket.
 */
export function ndtriExp(logP: number): number {
  if (!(logP < 0)) return logP === 0 ? 100 : NaN;
  let lo = -100;
  let hi = 100;
  let x = ndtriGuess(logP);
  if (!(x > lo && x < hi)) x = x <= lo ? lo : hi;
  for (let i = 0; i < 60; i++) {
    const lx = logNdtr(x);
    const f = lx - logP;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    // d/dx log Φ(x) = φ(x) / Φ(x)
    const step = f / Math.exp(normLogPdf(x) - lx);
    let next = x - step;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}

/**
 * The `q`-quantile of the standard normal truncated to `[a, b]` (a < b), computed from whichever
 * tail is nearer so that extreme truncations stay accurate.
 */
export function truncnormPpf(q: number, a: number, b: number): number {
  if (a === b) return NaN;
  if (q === 0) return a;
  if (q === 1) return b;
  const logMass = logGaussMass(a, b);
  if (a < 0) return ndtriExp(logAddExp(logNdtr(a), Math.log(q) + logMass));
  return -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + logMass));
}
