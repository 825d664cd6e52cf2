/**
 * A project's battles as a leaderboard's input, read from the store: pairwise outcome counts
 * aggregated in SQL (`battleCounts`) and, when asked, the battles that rankings and ratings
 * stand for (core/rating/graded-battles.ts), read in chunks so memory follows a chunk, not the
 * project.
 */
import { addGradedBattles, gradedCandidates } from "../../core/rating/graded-battles.js";
import type { LeaderboardInput } from "../../core/rating/leaderboard-types.js";
import {
  OUTCOME_A,
  OUTCOME_B,
  OUTCOME_TIE,
  OUTCOME_TIE_BOTH_BAD,
  type OutcomeCode,
  OutcomeCounter,
} from "../../core/rating/outcome-counts.js";
import type { Judgment, PairwiseOutcome } from "../../core/types.js";
import type { BattleFilter, Store } from "../../store/store.js";

const OUTCOME_CODE: Record<PairwiseOutcome, OutcomeCode> = {
  a: OUTCOME_A,
  b: OUTCOME_B,
  tie: OUTCOME_TIE,
  both_bad: OUTCOME_TIE_BOTH_BAD,
};

/** Graded judgments whose candidates' systems are looked up in one query. */
const GRADED_CHUNK = 500;

/**
 * The battles of a project's judgments that pass `filter`: pairwise votes, plus those derived
 * from rankings and ratings when `graded`. Self-battles (a system against itself) are left out.
 */
export async function projectBattles(
  store: Store,
  projectId: string,
  filter: BattleFilter,
  graded: boolean,
): Promise<LeaderboardInput> {
  const counter = new OutcomeCounter();
  for (const c of await store.battleCounts(projectId, filter)) {
    if (c.count > 0 && c.systemA !== c.systemB) {
      counter.add(c.systemA, c.systemB, OUTCOME_CODE[c.outcome], c.count);
    }
  }
  if (graded) await addProjectGradedBattles(store, projectId, filter, counter);
  return { counts: counter.toCounts() };
}

async function addProjectGradedBattles(
  store: Store,
  projectId: string,
  filter: BattleFilter,
  counter: OutcomeCounter,
): Promise<void> {
  let chunk: Judgment[] = [];
  const flush = async () => {
    const ids = new Set(chunk.flatMap(gradedCandidates));
    const systems = await store.systemsOf(projectId, [...ids]);
    for (const judgment of chunk) addGradedBattles(judgment, systems, counter);
    chunk = [];
  };
  for await (const judgment of store.listGradedJudgments(projectId, filter)) {
    chunk.push(judgment);
    if (chunk.length >= GRADED_CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
}
