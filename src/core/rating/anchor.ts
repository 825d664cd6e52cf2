import { thetaToElo } from "./elo-scale.js";
import type { LeaderboardProblem } from "./leaderboard-types.js";

/**
 * Ratings on the problem's Elo scale, shifted so the anchor system (if any) has its given
 * rating — as FastChat's `scale_and_offset` does for every bootstrap round too.
 */
export function anchoredRatings(problem: LeaderboardProblem, theta: Float64Array): Float64Array {
  const ratings =
    problem.options.method === "elo"
      ? Float64Array.from(theta)
      : thetaToElo(theta, problem.options.scale);
  const anchor = problem.options.anchor;
  if (anchor) {
    const id = problem.systems.indexOf(anchor.system);
    if (id >= 0) {
      const shift = anchor.rating - ratings[id]!;
      for (let i = 0; i < ratings.length; i++) ratings[i]! += shift;
    }
  }
  return ratings;
}
