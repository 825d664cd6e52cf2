import { type BootstrapSamples, bootstrapSamples } from "./bootstrap.js";
import { finishLeaderboard } from "./finish-leaderboard.js";
import type { Leaderboard, LeaderboardInput, LeaderboardOptions } from "./leaderboard-types.js";
import { prepareLeaderboard } from "./prepare-leaderboard.js";

/**
 * A leaderboard in one call: point fit, bootstrap intervals, ranks and win rates.
 * Deterministic for a given input, options and seed.
 * @example
 * const board = leaderboard({ counts }, { method: "bt", bootstrapRounds: 1000, seed: 0 });
 * @throws RangeError on bad options or empty input.
 */
export function leaderboard(
  input: LeaderboardInput,
  options: Partial<LeaderboardOptions> = {},
): Leaderboard {
  const problem = prepareLeaderboard(input, options);
  const samples: BootstrapSamples = bootstrapSamples(problem, 0, problem.options.bootstrapRounds);
  return finishLeaderboard(problem, samples);
}
