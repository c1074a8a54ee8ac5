// Halton points: coordinate j is the radical inverse (van der Corput sequence) of the point index in
// the j-th prime base (Halton, Numerische Mathematik 2, 1960), optionally randomized with one
// random permutation of the digits 0 … b-1 per digit position, as in Owen's "A randomized Halton
// algorithm in R" (arXiv:1706.02808, Algorithm 1) and scipy.stats.qmc.Halton(scramble=True).
// Unscrambled points are bit-identical to SciPy's (same summation order).
import { InvalidArgumentError } from '../../../core/errors.js';
import type { Rng } from '../../../core/types.js';

/** A deterministic sequence of points in the unit cube, addressed by index. */
export interface PointSet {
  /** Number of coordinates of every point. */
  readonly dimension: number;
  /** Point `index` of the sequence (0-based), each coordinate in `[0, 1)`. */
  point(index: number): number[];
}

/**
 * The first `count` primes, in increasing order.
 *
 * @param count - how many (a non-negative integer).
 * @returns `[2, 3, 5, 7, …]`.
 */
export function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let candidate = 2; primes.length < count; candidate++) {
    let prime = true;
    for (const p of primes) {
      if (p * p > candidate) break;
      if (candidate % p === 0) {
        prime = false;
        break;
      }
    }
    if (prime) primes.push(candidate);
  }
  return primes;
}

const BELOW_ONE = 1 - 2 ** -53;

/**
 * The first `dimension` coordinates of the Halton sequence (point 0 is the origin unless
 * scrambled). With `scramble`, base `b` of dimension `j` gets `ceil(54 / log2 b) − 1` random
 * permutations of its digits (one per digit position that still changes a double), drawn from
 * `scramble.child(j)`; every digit position, leading zeros included, is permuted.
 *
 * @param dimension - number of coordinates (a positive integer).
 * @param scramble - the stream to randomize from, or `null` for the plain sequence.
 * @returns a point set whose `point(i)` is in `[0, 1)^dimension` for any safe integer `i >= 0`.
 * @throws InvalidArgumentError for a dimension that is not a positive integer.
 * @see scipy.stats.qmc.Halton (SciPy 1.10).
 */
export function haltonPoints(dimension: number, scramble: Rng | null): PointSet {
  if (!(Number.isSafeInteger(dimension) && dimension >= 1)) {
    throw new InvalidArgumentError(`halton: dimension must be a positive integer; got ${dimension}.`);
  }
  const bases = firstPrimes(dimension);
  const permutations: (readonly (readonly number[])[] | null)[] = bases.map((base, j) => {
    if (scramble === null) return null;
    const rng = scramble.child(j);
    const count = Math.ceil(54 / Math.log2(base)) - 1;
    return Array.from({ length: count }, () => rng.permutation(base));
  });
  return Object.freeze({
    dimension,
    point(index: number): number[] {
      if (!(Number.isSafeInteger(index) && index >= 0)) {
        throw new InvalidArgumentError(`halton: point index must be a non-negative integer; got ${index}.`);
      }
      const out = new Array<number>(dimension);
      for (let j = 0; j < dimension; j++) {
        const base = bases[j]!;
        const perms = permutations[j]!;
        let quotient = index;
        let weight = 1 / base;
        let x = 0;
        if (perms === null) {
          while (quotient > 0) {
            const digit = quotient % base;
            x += digit * weight;
            weight /= base;
            quotient = (quotient - digit) / base;
          }
        } else {
          for (const perm of perms) {
            const digit = quotient % base;
            x += perm[digit]! * weight;
            weight /= base;
            quotient = (quotient - digit) / base;
          }
          // Permuted leading zeros can sum to within rounding of 1; keep the half-open cube.
          x = Math.min(x, BELOW_ONE);
        }
        out[j] = x;
      }
      return out;
    },
  });
}
