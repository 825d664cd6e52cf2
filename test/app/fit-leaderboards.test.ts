import { describe, expect, it } from "vitest";
import { type Bootstrap, fitLeaderboards, type GroupFit } from "../../src/app/leaderboard/index.js";
import { bootstrapSamples } from "../../src/core/rating/bootstrap.js";
import { leaderboard } from "../../src/core/rating/leaderboard.js";
import { DEFAULT_OPTIONS, type LeaderboardInput } from "../../src/core/rating/leaderboard-types.js";
import { OUTCOME_A, OUTCOME_B, OUTCOME_TIE } from "../../src/core/rating/outcome-counts.js";
import { countsOf } from "../core/rating/helpers.js";

const options = { ...DEFAULT_OPTIONS, bootstrapRounds: 40, seed: 7 };
const three: LeaderboardInput = {
  counts: countsOf([
    ["x", "y", OUTCOME_A, 6],
    ["x", "y", OUTCOME_B, 3],
    ["y", "z", OUTCOME_A, 5],
    ["y", "z", OUTCOME_TIE, 2],
    ["x", "z", OUTCOME_B, 1],
    ["x", "z", OUTCOME_A, 4],
  ]),
};
const lonely: LeaderboardInput = { counts: countsOf([["x", "y", OUTCOME_A, 1]]) };

async function all(fits: AsyncIterable<GroupFit>): Promise<GroupFit[]> {
  const out: GroupFit[] = [];
  for await (const fit of fits) out.push(fit);
  return out;
}

describe("fitLeaderboards (the one leaderboard use case of the CLI and the server)", () => {
  it("gives each group core's leaderboard(), and a group too thin to fit as data", async () => {
    const fits = await all(
      fitLeaderboards(
        [
          ["big", three],
          // min_battles 2 leaves x and y out of "small": no two systems remain.
          ["small", lonely],
        ],
        { ...options, minBattles: 2 },
      ),
    );
    expect(fits).toEqual([
      { group: "big", board: leaderboard(three, { ...options, minBattles: 2 }) },
      { group: "small", skipped: "a leaderboard needs battles between at least two systems" },
    ]);
  });

  it("gives the same boards wherever the bootstrap rounds run (rounds split in two parts)", async () => {
    const halves: Bootstrap = async (problem) => {
      const n = problem.systems.length;
      const rounds = problem.options.bootstrapRounds;
      const first = bootstrapSamples(problem, 0, rounds / 2);
      const second = bootstrapSamples(problem, rounds / 2, rounds);
      const ratings = new Float64Array(rounds * n);
      ratings.set(first.ratings);
      ratings.set(second.ratings, first.ratings.length);
      return {
        ratings,
        priorFallbackRounds: first.priorFallbackRounds + second.priorFallbackRounds,
      };
    };
    const [split] = await all(fitLeaderboards([[null, three]], options, halves));
    expect(split).toEqual({ group: null, board: leaderboard(three, options) });
  });

  it("reads each group only when its turn comes, so a shell can stop at the first skipped one", async () => {
    const read: string[] = [];
    async function* groups(): AsyncGenerator<readonly [string, LeaderboardInput]> {
      for (const [name, input] of [
        ["a", lonely],
        ["b", three],
      ] as const) {
        read.push(name);
        yield [name, input];
      }
    }
    for await (const fit of fitLeaderboards(groups(), { ...options, minBattles: 2 })) {
      expect(fit).toEqual({ group: "a", skipped: expect.any(String) });
      break;
    }
    expect(read).toEqual(["a"]);
  });
});
