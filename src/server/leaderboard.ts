/**
 * A project's leaderboard from the store, as the API answers it: the use case of src/app
 * (`projectBattles` → `fitLeaderboards`, the same fit `prefkit leaderboard` makes of files),
 * with the bootstrap rounds on the server's fit pool. The JSON is the CLI's `--format json`
 * report without its input files; groups too thin to fit are listed under `skipped`.
 *
 * One request's work is bounded: at most MAX_GROUPS groups (`by=category`), and at most
 * MAX_REQUEST_ROUNDS bootstrap rounds over all its groups; past either, a 400 names the field
 * and the most it may ask for. A `by=category` over 200 categories at 1,000 rounds each once ran
 * for more than two minutes.
 */
import type { z } from "zod";
import type { leaderboardQuery } from "../api/index.js";
import {
  type Bootstrap,
  bootstrapInPlace,
  fitLeaderboards,
  projectBattles,
} from "../app/leaderboard/index.js";
import { leaderboardJson } from "../core/rating/leaderboard-json.js";
import {
  DEFAULT_OPTIONS,
  type Leaderboard,
  type LeaderboardInput,
  type LeaderboardOptions,
} from "../core/rating/leaderboard-types.js";
import { type FitPool, PoolBusy } from "../parallel/fit-pool.js";
import type { BattleFilter, Store } from "../store/store.js";
import { ApiError, invalid } from "./errors.js";

/** Most groups one request fits: each costs its own queries and fit. */
export const MAX_GROUPS = 100;
/** Most bootstrap rounds one request asks for over all its groups: twice the largest single fit. */
export const MAX_REQUEST_ROUNDS = 20_000;

export type LeaderboardQuery = z.output<typeof leaderboardQuery>;

/**
 * The store's filter for a query (without the category of a `by=category` group).
 * @throws ApiError (400 on `judge`) for a judge with `source=human`: a judge's judgments are AI
 * judgments, so the two together would match nothing.
 */
export function battleFilter(query: LeaderboardQuery): BattleFilter {
  const filter: BattleFilter = {};
  if (query.source) filter.source = query.source;
  if (query.judge !== undefined) {
    if (query.source === "human") {
      throw invalid("judge", "names an AI judge: leave out source=human (or the judge)");
    }
    filter.judge = query.judge;
  }
  if (query.category) filter.category = query.category;
  if (query.attribute) {
    const eq = query.attribute.indexOf("=");
    filter.annotatorAttribute = {
      name: query.attribute.slice(0, eq),
      value: query.attribute.slice(eq + 1),
    };
  }
  return filter;
}

export async function projectLeaderboard(
  store: Store,
  projectId: string,
  query: LeaderboardQuery,
  context: {
    version: string;
    judgmentVersion: string;
    /** Where bootstrap rounds run (default: right here, on the calling thread). */
    fits?: FitPool;
    /** Aborts the work between steps, and the fit under way. */
    signal?: AbortSignal;
  },
) {
  const { fits, signal } = context;
  const options: LeaderboardOptions = {
    ...DEFAULT_OPTIONS,
    method: query.method,
    ties: query.ties,
    bootstrapRounds: query.bootstrap,
    seed: query.seed,
    confidence: query.confidence,
    minBattles: query.min_battles,
  };
  const base = battleFilter(query);
  const groups: (string | null)[] =
    query.by === "category"
      ? query.category !== undefined
        ? [query.category]
        : await promptCategories(store, projectId)
      : [null];
  checkWork(groups.length, options.bootstrapRounds);
  const boards: { group: string | null; board: Leaderboard }[] = [];
  const skipped: { group: string | null; reason: string }[] = [];
  for await (const fit of fitLeaderboards(
    groupBattles(store, projectId, groups, base, query.graded, signal),
    options,
    fits ? onPool(fits, signal) : bootstrapInPlace,
  )) {
    if ("board" in fit) boards.push(fit);
    else skipped.push({ group: fit.group, reason: fit.skipped });
  }
  return {
    prefkit: context.version,
    project: projectId,
    judgment_version: context.judgmentVersion,
    method: options.method,
    options: {
      ties: options.method === "bt" ? options.ties : "model",
      bootstrap: options.bootstrapRounds,
      seed: options.seed,
      prior: options.prior,
      confidence: options.confidence,
      min_battles: options.minBattles,
      scale: options.scale,
      by: query.by ?? null,
      source: query.source ?? null,
      judge: query.judge ?? null,
      category: query.category ?? null,
      attribute: query.attribute ?? null,
      graded: query.graded,
    },
    leaderboards: boards.map(({ group, board }) => leaderboardJson(group, board)),
    skipped,
  };
}

/** @throws ApiError (400) when the request asks for more than one request may. */
function checkWork(groups: number, rounds: number): void {
  if (groups > MAX_GROUPS) {
    throw invalid(
      "by",
      `the project has ${groups} prompt categories and one request fits at most ${MAX_GROUPS}: choose one with category=NAME`,
    );
  }
  if (groups * rounds > MAX_REQUEST_ROUNDS) {
    throw invalid(
      "bootstrap",
      `${groups} categories × ${rounds} rounds is more than the ${MAX_REQUEST_ROUNDS} bootstrap rounds one request may ask for: use bootstrap=${Math.floor(MAX_REQUEST_ROUNDS / groups)} or fewer, or one category`,
    );
  }
}

/**
 * Each group's battles, read when the fit reaches it; a request whose clients have gone stops
 * between groups.
 */
async function* groupBattles(
  store: Store,
  projectId: string,
  groups: readonly (string | null)[],
  base: BattleFilter,
  graded: boolean,
  signal: AbortSignal | undefined,
): AsyncGenerator<readonly [string | null, LeaderboardInput]> {
  for (const group of groups) {
    signal?.throwIfAborted();
    const filter = group === null ? base : { ...base, category: group };
    yield [group, await projectBattles(store, projectId, filter, graded)];
  }
}

/**
 * The bootstrap rounds on the server's fit pool — off the thread that serves requests, since
 * 1000 rounds over 1M judgments take most of a second. A full pool is a 503 `busy`.
 */
const onPool =
  (fits: FitPool, signal: AbortSignal | undefined): Bootstrap =>
  async (problem) => {
    try {
      return await fits.bootstrap(problem, signal);
    } catch (error) {
      if (!(error instanceof PoolBusy)) throw error;
      throw new ApiError(
        "busy",
        `the server is busy fitting other leaderboards (${error.capacity} under way or waiting); try again in ${error.retryAfter} s`,
        {},
        error.retryAfter,
      );
    }
  };

/** The categories of a project's prompts, sorted. */
async function promptCategories(store: Store, projectId: string): Promise<string[]> {
  return (await store.promptCategories(projectId)).map((c) => c.category);
}
