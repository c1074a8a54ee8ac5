// Which past trials TPE learns from and how it ranks them (Optuna 3.1:
// optuna/samplers/_tpe/sampler.py, `_get_observation_pairs` and `_split_observation_pairs`).
import type { Direction, FrozenTrial } from '../../types.js';
import { splitMultiObjective } from './tpe-multiobjective.js';

/**
 * A trial as TPE ranks it: lexicographically by `step`, then by `losses` (objective values, signs
 * flipped for maximized objectives). Complete trials have step −∞ and so rank before every pruned
 * trial; a pruned trial has −(its last step) (pruned later ranks better), or 1 when it reported
 * nothing; a running trial (constant liar) has +∞ and loss +∞, the worst rank.
 */
export interface TpeObservation {
  /** The trial it comes from. */
  readonly trial: FrozenTrial;
  /** The trial's position in the trials it was read from. */
  readonly index: number;
  /** First sort key (see above). */
  readonly step: number;
  /** Second sort key: objective values, negated for maximized objectives. */
  readonly losses: readonly number[];
}

/**
 * The trials TPE learns from, in trial order: complete ones; for one objective also pruned ones
 * (ranked by their last intermediate value; NaN counts as +∞) and, with `constantLiar`, running
 * ones. Failed and waiting trials are left out.
 *
 * @param trials - the study's trials.
 * @param directions - the study's directions.
 * @param constantLiar - count running trials as observations that are worse than all others.
 * @returns the observations.
 */
export function tpeObservations(trials: readonly FrozenTrial[], directions: readonly Direction[], constantLiar: boolean): TpeObservation[] {
  const signs = directions.map((d) => (d === 'minimize' ? 1 : -1));
  const multi = directions.length > 1;
  const out: TpeObservation[] = [];
  for (let index = 0; index < trials.length; index++) {
    const trial = trials[index]!;
    if (trial.state === 'complete') {
      if (trial.values === null) continue;
      out.push({ trial, index, step: -Infinity, losses: trial.values.map((v, i) => signs[i]! * v) });
    } else if (trial.state === 'pruned' && !multi) {
      let lastStep = -1;
      for (const key of Object.keys(trial.intermediateValues)) lastStep = Math.max(lastStep, Number(key));
      if (lastStep < 0) {
        out.push({ trial, index, step: 1, losses: [0] });
      } else {
        const v = trial.intermediateValues[lastStep]!;
        out.push({ trial, index, step: -lastStep, losses: [Number.isNaN(v) ? Infinity : signs[0]! * v] });
      }
    } else if (trial.state === 'running' && constantLiar && !multi) {
      out.push({ trial, index, step: Infinity, losses: [Infinity] });
    }
  }
  return out;
}

/** How many observations count towards the startup phase and γ: all but running ones. */
export function finishedCount(observations: readonly TpeObservation[]): number {
  let n = 0;
  for (const o of observations) if (o.step < Infinity) n++;
  return n;
}

/**
 * Split observations into the `nBelow` best ("below", l(x)) and the rest ("above", g(x)).
 * One objective: a stable sort by (step, loss), each group then in trial order. Several: see
 * {@link splitMultiObjective} (below in selection order).
 *
 * @param observations - from {@link tpeObservations}.
 * @param nBelow - γ(n), clamped to the number of observations.
 * @returns positions into `observations`.
 */
export function splitObservations(observations: readonly TpeObservation[], nBelow: number): { below: number[]; above: number[] } {
  const n = observations.length;
  const k = Math.min(Math.max(nBelow, 0), n);
  if (n > 0 && observations[0]!.losses.length > 1) return splitMultiObjective(observations.map((o) => o.losses), k);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const oa = observations[a]!;
    const ob = observations[b]!;
    if (oa.step !== ob.step) return oa.step < ob.step ? -1 : 1;
    const la = oa.losses[0]!;
    const lb = ob.losses[0]!;
    if (la !== lb) return la < lb ? -1 : 1;
    return a - b;
  });
  const below = order.slice(0, k).sort((a, b) => a - b);
  const above = order.slice(k).sort((a, b) => a - b);
  return { below, above };
}
