/**
 * Orders for listwise judging of k candidates, permuted to debias position: a cyclic Latin square
 * (round r shows candidate (p + r) mod k at position p, so over k rounds every candidate appears
 * once at every position) or seeded random permutations (Fisher–Yates with an injected random
 * source); and the way back from a ranking of shown positions to candidates, and from several
 * rankings to each candidate's mean rank (Borda-style; Plackett–Luce is in rating/).
 */
import type { RandomSource } from "../random/random-source.js";

function checkK(k: number): void {
  if (!(Number.isSafeInteger(k) && k >= 1))
    throw new RangeError(`k must be an integer >= 1, got ${k}`);
}

/**
 * The cyclic orders of rounds 0..rounds − 1: order[r][p] = (p + r) mod k, the candidate at shown
 * position p. With rounds = k (the default) each candidate sits once at each position.
 * @example cyclicOrders(3) // [[0, 1, 2], [1, 2, 0], [2, 0, 1]]
 * @throws RangeError unless k and rounds are integers ≥ 1.
 */
export function cyclicOrders(k: number, rounds = k): number[][] {
  checkK(k);
  if (!(Number.isSafeInteger(rounds) && rounds >= 1)) {
    throw new RangeError(`rounds must be an integer >= 1, got ${rounds}`);
  }
  return Array.from({ length: rounds }, (_, r) => Array.from({ length: k }, (_, p) => (p + r) % k));
}

/**
 * A uniformly random order of k candidates (Fisher–Yates, Knuth vol. 2 §3.4.2 algorithm P).
 * @throws RangeError unless k is an integer ≥ 1.
 */
export function shuffledOrder(k: number, random: RandomSource): number[] {
  checkK(k);
  const order = Array.from({ length: k }, (_, i) => i);
  for (let i = k - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * The candidates of a ranking given as shown positions (best first), under `order`.
 * @example unpermuteRanking([2, 0, 1], [1, 2, 0]) // [0, 1, 2]
 * @throws RangeError unless the ranking is a permutation of 0..k − 1, k = order's length.
 */
export function unpermuteRanking(ranking: readonly number[], order: readonly number[]): number[] {
  const k = order.length;
  const seen = new Uint8Array(k);
  for (const p of ranking) {
    if (!(Number.isInteger(p) && p >= 0 && p < k) || seen[p]) {
      throw new RangeError(
        `ranking must be a permutation of 0..${k - 1}, got [${ranking.join(", ")}]`,
      );
    }
    seen[p] = 1;
  }
  if (ranking.length !== k)
    throw new RangeError(`ranking has ${ranking.length} entries, expected ${k}`);
  return ranking.map((p) => order[p]!);
}

/**
 * Each candidate's mean rank (0 = best) over rankings of candidates (best first).
 * @example meanRanks([[0, 1, 2], [1, 0, 2]], 3) // [0.5, 0.5, 2]
 * @throws RangeError on no rankings or a ranking that is not a permutation of 0..k − 1.
 */
export function meanRanks(rankings: readonly (readonly number[])[], k: number): number[] {
  checkK(k);
  if (rankings.length === 0) throw new RangeError("mean ranks of no rankings");
  const identity = Array.from({ length: k }, (_, i) => i);
  const sums = new Float64Array(k);
  for (const ranking of rankings) {
    unpermuteRanking(ranking, identity).forEach((c, rank) => {
      sums[c]! += rank;
    });
  }
  return Array.from(sums, (s) => s / rankings.length);
}
