/**
 * A project's leaderboard from the store: pairwise outcome counts aggregated in SQL
 * (`battleCounts`), plus, when asked, battles derived from rankings and ratings, fitted by the
 * core engine (`prepareLeaderboard` → bootstrap rounds on the server's fit pool →
 * `finishLeaderboard`, as `leaderboard()` does). The JSON is the CLI's `--format json` report
 * without its input files.
 *
 * One request's work is bounded: at most MAX_GROUPS groups (`by=category`), and at most
 * MAX_REQUEST_ROUNDS bootstrap rounds over all its groups; past either, a 400 names the field
 * and the most it may ask for. A `by=category` over 200 categories at 1,000 rounds each once ran
 * for more than two minutes.
 *
 * Rankings and ratings become battles between every two of their candidates whose systems
 * differ, weight 1 each: a better tier (or a higher mean score over the judgment's criteria)
 * wins, the same tier (or score) ties. A ranking of k candidates thus counts as k(k−1)/2
 * battles, the usual full breaking of a ranking into pairs.
 */
import type { z } from "zod";
import type { leaderboardQuery } from "../api/index.js";
import { bootstrapSamples } from "../core/rating/bootstrap.js";
import { finishLeaderboard } from "../core/rating/finish-leaderboard.js";
import { leaderboardJson } from "../core/rating/leaderboard-json.js";
import {
  DEFAULT_OPTIONS,
  type Leaderboard,
  type LeaderboardOptions,
} from "../core/rating/leaderboard-types.js";
import {
  OUTCOME_A,
  OUTCOME_B,
  OUTCOME_TIE,
  OUTCOME_TIE_BOTH_BAD,
  type OutcomeCode,
  OutcomeCounter,
} from "../core/rating/outcome-counts.js";
import { prepareLeaderboard } from "../core/rating/prepare-leaderboard.js";
import type { Judgment } from "../core/types.js";
import { type FitPool, PoolBusy } from "../parallel/fit-pool.js";
import type { BattleFilter, Store } from "../store/store.js";
import { ApiError, invalid } from "./errors.js";

/** Most groups one request fits: each costs its own queries and fit. */
export const MAX_GROUPS = 100;
/** Most bootstrap rounds one request asks for over all its groups: twice the largest single fit. */
export const MAX_REQUEST_ROUNDS = 20_000;

export type LeaderboardQuery = z.output<typeof leaderboardQuery>;

const OUTCOME_CODE: Record<"a" | "b" | "tie" | "both_bad", OutcomeCode> = {
  a: OUTCOME_A,
  b: OUTCOME_B,
  tie: OUTCOME_TIE,
  both_bad: OUTCOME_TIE_BOTH_BAD,
};

/** The store's filter for a query (without the category of a `by=category` group). */
export function battleFilter(query: LeaderboardQuery): BattleFilter {
  const filter: BattleFilter = {};
  if (query.source) filter.source = query.source;
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
  for (const group of groups) {
    signal?.throwIfAborted();
    const filter = group === null ? base : { ...base, category: group };
    const counter = new OutcomeCounter();
    for (const c of await store.battleCounts(projectId, filter)) {
      if (c.count > 0 && c.systemA !== c.systemB) {
        counter.add(c.systemA, c.systemB, OUTCOME_CODE[c.outcome], c.count);
      }
    }
    if (query.graded) await addGradedBattles(store, projectId, filter, counter);
    let problem: ReturnType<typeof prepareLeaderboard>;
    try {
      problem = prepareLeaderboard({ counts: counter.toCounts() }, options);
    } catch (error) {
      // Too few battles is a state of the data (a new project), not a failed request.
      if (!(error instanceof RangeError)) throw error;
      skipped.push({ group, reason: error.message });
      continue;
    }
    const samples = await bootstrap(problem, fits, signal);
    boards.push({ group, board: finishLeaderboard(problem, samples) });
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
 * The bootstrap rounds on the server's fit pool — off the thread that serves requests, since
 * 1000 rounds over 1M judgments take most of a second — or here when there is none.
 */
async function bootstrap(
  problem: ReturnType<typeof prepareLeaderboard>,
  fits: FitPool | undefined,
  signal: AbortSignal | undefined,
) {
  if (!fits) return bootstrapSamples(problem, 0, problem.options.bootstrapRounds);
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
}

/** The categories of a project's prompts, sorted. */
async function promptCategories(store: Store, projectId: string): Promise<string[]> {
  return (await store.promptCategories(projectId)).map((c) => c.category);
}

const GRADED_CHUNK = 500;

async function addGradedBattles(
  store: Store,
  projectId: string,
  filter: BattleFilter,
  counter: OutcomeCounter,
): Promise<void> {
  let chunk: Judgment[] = [];
  const flush = async () => {
    const ids = chunk.flatMap(gradedCandidates);
    const systems = await store.systemsOf(projectId, [...new Set(ids)]);
    for (const judgment of chunk) addJudgmentBattles(judgment, systems, counter);
    chunk = [];
  };
  for await (const judgment of store.listGradedJudgments(projectId, filter)) {
    chunk.push(judgment);
    if (chunk.length >= GRADED_CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
}

function gradedCandidates(j: Judgment): string[] {
  if (j.kind === "ranking") return j.order.flat();
  if (j.kind === "rating") return j.scores.map((s) => s.candidateId);
  return [];
}

/** Each candidate's score in one graded judgment: tiers from the top, or mean criterion score. */
function scoresOf(j: Judgment): Map<string, number> {
  const scores = new Map<string, number>();
  if (j.kind === "ranking") {
    j.order.forEach((tier, i) => {
      for (const id of tier) scores.set(id, j.order.length - i);
    });
  } else if (j.kind === "rating") {
    const sums = new Map<string, { sum: number; n: number }>();
    for (const s of j.scores) {
      const t = sums.get(s.candidateId) ?? { sum: 0, n: 0 };
      t.sum += s.score;
      t.n += 1;
      sums.set(s.candidateId, t);
    }
    for (const [id, t] of sums) scores.set(id, t.sum / t.n);
  }
  return scores;
}

/** Adds a graded judgment's battles; candidates whose system is unknown are left out. */
export function addJudgmentBattles(
  judgment: Judgment,
  systems: ReadonlyMap<string, string>,
  counter: OutcomeCounter,
): void {
  const scored = [...scoresOf(judgment)].flatMap(([id, score]) => {
    const system = systems.get(id);
    return system === undefined || !Number.isFinite(score) ? [] : [{ system, score }];
  });
  for (let i = 0; i < scored.length; i++) {
    for (let k = i + 1; k < scored.length; k++) {
      const x = scored[i]!;
      const y = scored[k]!;
      if (x.system === y.system) continue;
      const outcome = x.score > y.score ? OUTCOME_A : x.score < y.score ? OUTCOME_B : OUTCOME_TIE;
      counter.add(x.system, y.system, outcome);
    }
  }
}
