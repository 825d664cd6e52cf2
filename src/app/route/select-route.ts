/**
 * Which pairs a route sends to humans (pure): the `budget` pairs that most need a human, in
 * routing order (score-pair.ts), and an audit sample of `audit` pairs drawn at random from the
 * rest, so that once humans have voted the report can tell what routing bought against random
 * selection of the same number (random selection draws from all the pairs, routed ones included:
 * route-report.ts estimates its rate from both strata, weighted by their sizes).
 *
 * Expected gain: sending a pair to a human corrects its AI label with probability `estimate`,
 * so routing the chosen pairs corrects Σ estimate labels in expectation, and sending as many
 * pairs drawn at random from all the pairs considered corrects `routed × mean estimate`.
 *
 * The queue serves routed pairs highest score first. An audit pair's queue score is the
 * estimate of a routed pair drawn at random, which spreads the audit pairs evenly through the
 * queue: annotators who stop half-way have judged audit pairs at the same rate as routed ones.
 * (Their own estimate stays in the reason.)
 */
import type { RandomSource } from "../../core/random/index.js";
import { compareForRouting, type PairScore } from "./score-pair.js";

export interface ScoredPair extends PairScore {
  /** The pair key (pair-evidence.ts `pairOf`): unique, and the last tie-break. */
  key: string;
  promptId: string;
  x: string;
  y: string;
}

export interface RouteSelection {
  /** In routing order. */
  routed: ScoredPair[];
  /** In routing order too, each with the score it is queued under. */
  audit: (ScoredPair & { queueScore: number })[];
  expected: {
    /** Σ estimate over the routed pairs: AI labels routing is expected to correct. */
    routed: number;
    /** routed.length × the mean estimate of every pair considered (random selection). */
    random: number;
    /** routed − random. */
    gain: number;
  };
}

/**
 * @example selectRoute(scored, 100, 50, createRandom(7))
 * @throws RangeError unless budget is an integer ≥ 1 and audit an integer ≥ 0.
 * O(n log n) for n pairs.
 */
export function selectRoute(
  scored: readonly ScoredPair[],
  budget: number,
  audit: number,
  random: RandomSource,
): RouteSelection {
  if (!(Number.isSafeInteger(budget) && budget >= 1)) {
    throw new RangeError(`budget must be an integer >= 1, got ${budget}`);
  }
  if (!(Number.isSafeInteger(audit) && audit >= 0)) {
    throw new RangeError(`audit must be an integer >= 0, got ${audit}`);
  }
  const ordered = [...scored].sort(compareForRouting);
  const routed = ordered.slice(0, budget);
  const rest = ordered.slice(budget);
  // A partial Fisher–Yates shuffle: the first `take` places hold a uniform sample of the rest.
  const take = Math.min(audit, rest.length);
  const drawn = [...rest.keys()];
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (drawn.length - i));
    [drawn[i], drawn[j]] = [drawn[j]!, drawn[i]!];
  }
  const sample = drawn
    .slice(0, take)
    .sort((i, j) => i - j)
    .map((i) => {
      const pair = rest[i]!;
      const twin = routed[Math.floor(random() * routed.length)];
      return { ...pair, queueScore: twin?.estimate ?? pair.estimate };
    });

  const sumOf = (pairs: readonly ScoredPair[]) => pairs.reduce((s, p) => s + p.estimate, 0);
  const expectedRouted = sumOf(routed);
  const mean = ordered.length === 0 ? 0 : sumOf(ordered) / ordered.length;
  const expectedRandom = routed.length * mean;
  return {
    routed,
    audit: sample,
    expected: {
      routed: expectedRouted,
      random: expectedRandom,
      gain: expectedRouted - expectedRandom,
    },
  };
}
