/**
 * A judge's games of one question (a group, group-games.ts) → the judgments they stand for.
 * Pure: the games in, judgments with ids, sources and `metadata.judge` out.
 *
 * - pairwise, both orders: core/judge combineOrders under spec.combine. "arena-hard": each game
 *   one judgment, a strong verdict written as spec.strongWeight judgments (metadata.judge.copy
 *   says which copy); "mt-bench": one merged judgment (inconsistent orders → a tie); "both": each
 *   game its own judgment. A failed game is never a tie: arena-hard and mt-bench drop the pair,
 *   "both" keeps the other game (combine-orders.ts). A game that is missing (its item never
 *   ran) counts as failed.
 * - pairwise, one order: one judgment from the one game.
 * - pointwise: a rating { candidate, criterion: template id, score }.
 * - listwise: each permutation's ranking taken back to the answers (unpermuteRanking), the
 *   candidates ordered by mean rank (meanRanks), equal mean ranks tied; failed permutations are
 *   left out and counted.
 *
 * A judgment's `a`/`b` are the pair's x/y (payload.answers); `createdAt` is the time of the
 * group's latest game (its item's finish time), so writing the output again writes the same
 * judgments; it has no `criterion` (a template declares none; a rating's criterion is the
 * template id). The group's `vote` is what a jury takes from this judge (jury.ts): pairwise the
 * weighted mean of the rule's preferences for x (arena-hard: strong copies weigh strongWeight;
 * "both": the mean of the two games), pointwise the score, listwise the mean ranks.
 */
import type { Judgment } from "../../core/types.js";
import type { JudgeMode } from "../../llm/judge/types.js";
import { pairBothOrders, pairOneOrder } from "./combine-pairs.js";
import { listwise, pointwise } from "./combine-ranked.js";
import type { CombineContext, GroupFrame, JudgeVote, Made } from "./group-frame.js";
import type { JudgeGameItem } from "./job-games.js";
import { latestTime } from "./judgment-parts.js";

export type { CombineContext, JudgeVote } from "./group-frame.js";

export interface CombinedGroup {
  judge: string;
  group: string;
  mode: JudgeMode;
  promptId: string;
  /** The answers' candidate ids in payload order (pairwise [x, y]). */
  candidates: string[];
  /** A human's preference for x, when the items carry one. */
  human?: number;
  judgments: Judgment[];
  /** Games that failed (or, pairwise in both orders, never ran). */
  failedGames: number;
  /** The group gave no judgment: its games failed, or one failed under a rule that drops the pair. */
  dropped: boolean;
  vote: JudgeVote;
  /** The latest game's time: the judgments' createdAt. */
  at: string;
}

/**
 * Combines one group's games (all of one judge and one group).
 * @throws Error naming the items when they belong to different groups, or a pair shows the
 * same order twice; RangeError (from core/judge) on a verdict outside its range.
 */
export function combineGroup(ctx: CombineContext, games: readonly JudgeGameItem[]): CombinedGroup {
  const first = games[0];
  if (!first) throw new Error("internal: a group without games");
  for (const g of games) {
    if (g.payload.judge !== first.payload.judge || g.payload.group !== first.payload.group) {
      throw new Error(`job ${ctx.jobId}: items ${first.key} and ${g.key} are not of one group`);
    }
  }
  const frame: GroupFrame = { ctx, first, at: latestTime(games.map((g) => g.finishedAt)) };
  const { payload } = first;
  let made: Made;
  switch (payload.mode) {
    case "pairwise":
      made = ctx.spec.orders === "both" ? pairBothOrders(frame, games) : pairOneOrder(frame, games);
      break;
    case "pointwise":
      made = pointwise(frame, games);
      break;
    case "listwise":
      made = listwise(frame, games);
      break;
  }
  return {
    judge: payload.judge,
    group: payload.group,
    mode: payload.mode,
    promptId: payload.promptId,
    candidates: payload.answers.map((a) => a.candidateId),
    ...(payload.human === undefined ? {} : { human: payload.human }),
    ...made,
    dropped: made.judgments.length === 0,
    at: frame.at,
  };
}
