/**
 * Online Elo, the arena's historical method (FastChat `compute_elo`; methods.md §A3).
 * Order-dependent by design and not a maximum-likelihood estimate.
 */

import { ARENA_SCALE, type EloScale } from "./elo-scale.js";
import { OUTCOME_A, OUTCOME_B } from "./outcome-counts.js";

export interface BattleSequence {
  readonly systemCount: number;
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** OutcomeCode per battle; both tie kinds score 0.5. */
  readonly outcome: Uint8Array;
}

/**
 * Runs Elo over battles in order (or in the order of `indices`, which may repeat battles —
 * a bootstrap resample). Returns ratings on the given scale.
 * @throws RangeError if k is not positive.
 */
export function onlineElo(
  battles: BattleSequence,
  options: { k?: number; scale?: EloScale; indices?: Int32Array } = {},
): Float64Array {
  const k = options.k ?? 4;
  if (!(k > 0)) throw new RangeError("k must be > 0");
  const { scale, base, init } = options.scale ?? ARENA_SCALE;
  const rating = new Float64Array(battles.systemCount).fill(init);
  const count = options.indices ? options.indices.length : battles.a.length;
  const lnBase = Math.log(base);
  for (let t = 0; t < count; t++) {
    const r = options.indices ? options.indices[t]! : t;
    const a = battles.a[r]!;
    const b = battles.b[r]!;
    const o = battles.outcome[r]!;
    const expectedA = 1 / (1 + Math.exp((lnBase * (rating[b]! - rating[a]!)) / scale));
    const scoreA = o === OUTCOME_A ? 1 : o === OUTCOME_B ? 0 : 0.5;
    const delta = k * (scoreA - expectedA);
    rating[a]! += delta;
    rating[b]! -= delta;
  }
  return rating;
}
