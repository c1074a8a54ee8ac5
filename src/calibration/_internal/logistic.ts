// Numerically stable scalar forms shared by the calibration module (Platt scaling and the
// calibrated classifier built on it): plain float64 arithmetic, no tensors, no allocation.

/**
 * Platt's probability `1 / (1 + exp(f))` (scikit-learn's sign: large `f` means a small
 * probability), computed from `exp(-|f|)` so that it never forms `exp` of a large number.
 */
export function plattProbability(f: number): number {
  if (f >= 0) {
    const e = Math.exp(-f);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(f));
}
