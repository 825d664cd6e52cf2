/**
 * A seeded arena simulator with planted ratings, for tests, benchmarks and demos. Pairs are
 * drawn uniformly; outcomes follow Bradley-Terry, or Davidson (1970) when a tie parameter ν
 * is given. A share of ties can be labelled "both bad".
 */
import type { RandomSource } from "../random/random-source.js";
import { ARENA_SCALE, type EloScale } from "./elo-scale.js";
import type { BattleSequence } from "./online-elo.js";
import { OUTCOME_A, OUTCOME_B, OUTCOME_TIE, OUTCOME_TIE_BOTH_BAD } from "./outcome-counts.js";

export interface SimulationOptions {
  /** Planted ratings on the Elo scale. */
  ratings: readonly number[];
  battles: number;
  random: RandomSource;
  /** Davidson tie parameter ν (0: no ties). */
  tieParameter?: number;
  /** Share of ties recorded as "tie (bothbad)". */
  bothBadShare?: number;
  scale?: EloScale;
}

/** @throws RangeError with fewer than two systems or a negative count. */
export function simulateBattles(options: SimulationOptions): BattleSequence {
  const n = options.ratings.length;
  if (n < 2) throw new RangeError("need at least two systems");
  if (!Number.isInteger(options.battles) || options.battles < 0)
    throw new RangeError("battles must be a whole number");
  const { scale, base } = options.scale ?? ARENA_SCALE;
  const strength = options.ratings.map((r) => Math.exp((Math.log(base) * r) / scale));
  const nu = options.tieParameter ?? 0;
  const bothBad = options.bothBadShare ?? 0;
  const random = options.random;
  const a = new Int32Array(options.battles);
  const b = new Int32Array(options.battles);
  const outcome = new Uint8Array(options.battles);
  for (let t = 0; t < options.battles; t++) {
    const i = Math.floor(random() * n);
    let j = Math.floor(random() * (n - 1));
    if (j >= i) j++;
    const pi = strength[i]!;
    const pj = strength[j]!;
    const tieWeight = nu * Math.sqrt(pi * pj);
    const u = random() * (pi + pj + tieWeight);
    a[t] = i;
    b[t] = j;
    if (u < pi) outcome[t] = OUTCOME_A;
    else if (u < pi + pj) outcome[t] = OUTCOME_B;
    else outcome[t] = random() < bothBad ? OUTCOME_TIE_BOTH_BAD : OUTCOME_TIE;
  }
  return { systemCount: n, a, b, outcome };
}
