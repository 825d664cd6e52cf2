/**
 * The use case "fit a leaderboard from battles with these options", written once for every
 * shell (design.md: "a leaderboard is computed by one function whether it reads a file or the
 * database"): for each group, prepare (restrict to systems with enough battles, choose the
 * prior, fit the point estimate), bootstrap, finish (intervals, ranks, win rates). `prefkit
 * leaderboard` feeds it battles read from files, the server battles counted in the store.
 *
 * Where the bootstrap rounds run is the shell's choice (`Bootstrap`): the CLI splits them over
 * fresh threads, the server queues them on its shared fit pool, a test runs them in place.
 * A group too thin to fit is an answer, not an exception: `{ skipped: reason }`. The server lists
 * it under `skipped`; the CLI stops with the reason.
 */
import { type BootstrapSamples, bootstrapSamples } from "../../core/rating/bootstrap.js";
import { finishLeaderboard } from "../../core/rating/finish-leaderboard.js";
import type {
  Leaderboard,
  LeaderboardInput,
  LeaderboardOptions,
  LeaderboardProblem,
} from "../../core/rating/leaderboard-types.js";
import { safePrepareLeaderboard } from "../../core/rating/prepare-leaderboard.js";

/** Runs a fitted problem's `options.bootstrapRounds` rounds; `group` is for progress reports. */
export type Bootstrap = (
  problem: LeaderboardProblem,
  group: string | null,
) => Promise<BootstrapSamples>;

/** One group's answer: its leaderboard, or why it has none. `group` is null without grouping. */
export type GroupFit =
  | { group: string | null; board: Leaderboard }
  | { group: string | null; skipped: string };

/** Every round on the calling thread: the default, and what every other `Bootstrap` equals. */
export const bootstrapInPlace: Bootstrap = async (problem) =>
  bootstrapSamples(problem, 0, problem.options.bootstrapRounds);

/**
 * Fits each group in turn, yielding as it goes, so a shell may stop early (the CLI at the first
 * skipped group) and read each group's battles only when its turn comes (the server, one query
 * per category).
 * @throws RangeError on invalid `options` (shells validate what users give before this).
 */
export async function* fitLeaderboards(
  groups:
    | Iterable<readonly [string | null, LeaderboardInput]>
    | AsyncIterable<readonly [string | null, LeaderboardInput]>,
  options: LeaderboardOptions,
  bootstrap: Bootstrap = bootstrapInPlace,
): AsyncGenerator<GroupFit> {
  for await (const [group, input] of groups) {
    const prepared = safePrepareLeaderboard(input, options);
    if (!prepared.ok) {
      yield { group, skipped: prepared.error };
      continue;
    }
    const samples = await bootstrap(prepared.value, group);
    yield { group, board: finishLeaderboard(prepared.value, samples) };
  }
}
