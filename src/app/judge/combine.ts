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
 * judgments. The group's `vote` is what a jury takes from this judge (jury.ts): pairwise the
 * weighted mean of the rule's preferences for x (arena-hard: strong copies weigh strongWeight;
 * "both": the mean of the two games), pointwise the score, listwise the mean ranks.
 */
import { combineOrders } from "../../core/judge/combine-orders.js";
import { meanRanks, unpermuteRanking } from "../../core/judge/listwise-orders.js";
import type { GameVerdict } from "../../core/judge/verdict.js";
import type {
  CandidateId,
  Judgment,
  PairwiseJudgment,
  PromptId,
  RankingJudgment,
} from "../../core/types.js";
import type { JudgeMode } from "../../llm/judge/types.js";
import type { JudgeGameItem } from "./job-games.js";
import {
  aiSource,
  gameRecord,
  judgmentId,
  latestTime,
  mergedOutput,
  pairwiseOutcome,
  templateLabel,
} from "./judgment-parts.js";
import type { JudgeGame, JudgeJudgmentMetadata, JudgeSpec } from "./types.js";

export interface CombineContext {
  jobId: string;
  spec: JudgeSpec;
}

/** What a jury takes from one judge on one question; absent fields: no verdict. */
export interface JudgeVote {
  /** Pairwise: preference for x in [0, 1]. */
  preference?: number;
  /** Pointwise: the score. */
  score?: number;
  /** Listwise: each answer's mean rank (0 = best), in payload order. */
  ranks?: readonly number[];
}

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

/** Shared by every judgment of one group. */
interface GroupFrame {
  ctx: CombineContext;
  first: JudgeGameItem;
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
  let made: { judgments: Judgment[]; vote: JudgeVote; failedGames: number };
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

const failedCount = (games: readonly JudgeGameItem[]) => games.filter((g) => !g.outcome.ok).length;

/** metadata.judge fields every judgment of the group shares. */
function metadataBase(frame: GroupFrame): Omit<JudgeJudgmentMetadata, "games"> {
  const { spec, jobId } = frame.ctx;
  const { payload } = frame.first;
  return {
    job: jobId,
    judge: payload.judge,
    template: spec.template.id,
    templateVersion: spec.template.version,
    mode: payload.mode,
    group: payload.group,
  };
}

interface PairParts {
  preference: number;
  games: JudgeGame[];
  part: string;
  rule?: JudgeSpec["combine"];
  consistent?: boolean | null;
  copy?: { index: number; of: number };
  swapped?: boolean;
}

function pairJudgment(frame: GroupFrame, p: PairParts): PairwiseJudgment {
  const { spec } = frame.ctx;
  const { payload } = frame.first;
  const template = templateLabel(spec.template);
  const { outcome, strength } = pairwiseOutcome(p.preference);
  const judge: JudgeJudgmentMetadata = {
    ...metadataBase(frame),
    ...(p.rule === undefined ? {} : { rule: p.rule }),
    preference: p.preference,
    ...(p.consistent === undefined ? {} : { consistent: p.consistent }),
    ...(p.copy === undefined ? {} : { copy: p.copy }),
    games: p.games,
  };
  return {
    id: judgmentId({
      judge: payload.judge,
      template,
      group: payload.group,
      rule: p.rule ?? "",
      part: p.part,
      ...(spec.freshNonce === undefined ? {} : { freshNonce: spec.freshNonce }),
    }),
    kind: "pairwise",
    promptId: payload.promptId as PromptId,
    a: payload.answers[0]!.candidateId as CandidateId,
    b: payload.answers[1]!.candidateId as CandidateId,
    outcome,
    ...(strength === undefined ? {} : { strength }),
    source: aiSource(payload.judge, template, mergedOutput(p.games), p.swapped),
    createdAt: frame.at,
    metadata: { judge },
  };
}

/** Whether the game showed y first. */
const ySwapped = (g: JudgeGameItem) => g.payload.shown[0] === 1;

function pairOneOrder(frame: GroupFrame, games: readonly JudgeGameItem[]) {
  const game = games[0]!;
  if (!game.outcome.ok || game.outcome.result.verdict.mode !== "pairwise") {
    return { judgments: [], vote: {}, failedGames: failedCount(games) };
  }
  const first = game.outcome.result.verdict.preference;
  const preference = ySwapped(game) ? 1 - first : first;
  const judgment = pairJudgment(frame, {
    preference,
    games: [gameRecord(game)],
    part: "",
    swapped: ySwapped(game),
  });
  return { judgments: [judgment], vote: { preference }, failedGames: 0 };
}

function verdictOf(game: JudgeGameItem | undefined): GameVerdict {
  if (!game) return { ok: false, reason: "the game never ran" };
  if (!game.outcome.ok) return { ok: false, reason: game.outcome.error };
  const v = game.outcome.result.verdict;
  if (v.mode !== "pairwise")
    throw new Error(`item ${game.key}: a ${v.mode} verdict in a pairwise job`);
  return {
    ok: true,
    preference: v.preference,
    ...(v.strength === "strong" ? { strong: true } : {}),
  };
}

function pairBothOrders(frame: GroupFrame, games: readonly JudgeGameItem[]) {
  const { spec } = frame.ctx;
  const g1 = games.filter((g) => !ySwapped(g));
  const g2 = games.filter(ySwapped);
  if (g1.length > 1 || g2.length > 1) {
    const twice = (g1.length > 1 ? g1 : g2).map((g) => g.key).join(", ");
    throw new Error(`job ${frame.ctx.jobId}: items ${twice} show one pair in the same order`);
  }
  const [game1, game2] = [g1[0], g2[0]];
  const combined = combineOrders(verdictOf(game1), verdictOf(game2), spec.combine, {
    strongWeight: spec.strongWeight,
  });
  const judgments: PairwiseJudgment[] = [];
  const common = { rule: spec.combine, consistent: combined.consistent };
  let weighted = 0;
  let weights = 0;
  for (const o of combined.outcomes) {
    weighted += o.preference * o.weight;
    weights += o.weight;
    if (o.game === "both") {
      const records = [gameRecord(game1!), gameRecord(game2!)];
      judgments.push(
        pairJudgment(frame, { ...common, preference: o.preference, games: records, part: "both" }),
      );
      continue;
    }
    const game = o.game === 1 ? game1! : game2!;
    for (let index = 1; index <= o.weight; index++) {
      const copied = o.weight > 1;
      judgments.push(
        pairJudgment(frame, {
          ...common,
          preference: o.preference,
          games: [gameRecord(game)],
          part: `game${o.game}${copied ? `#${index}` : ""}`,
          ...(copied ? { copy: { index, of: o.weight } } : {}),
          swapped: ySwapped(game),
        }),
      );
    }
  }
  const vote = weights > 0 ? { preference: weighted / weights } : {};
  return { judgments, vote, failedGames: combined.failedGames.length };
}

function pointwise(frame: GroupFrame, games: readonly JudgeGameItem[]) {
  const game = games[0]!;
  if (!game.outcome.ok || game.outcome.result.verdict.mode !== "pointwise") {
    return { judgments: [], vote: {}, failedGames: failedCount(games) };
  }
  const { spec } = frame.ctx;
  const { payload } = game;
  const template = templateLabel(spec.template);
  const score = game.outcome.result.verdict.score;
  const record = gameRecord(game);
  const judgment: Judgment = {
    id: judgmentId({
      judge: payload.judge,
      template,
      group: payload.group,
      ...(spec.freshNonce === undefined ? {} : { freshNonce: spec.freshNonce }),
    }),
    kind: "rating",
    promptId: payload.promptId as PromptId,
    scores: [
      {
        candidateId: payload.answers[0]!.candidateId as CandidateId,
        criterion: spec.template.id,
        score,
      },
    ],
    source: aiSource(payload.judge, template, record.raw),
    createdAt: frame.at,
    metadata: { judge: { ...metadataBase(frame), games: [record] } },
  };
  return { judgments: [judgment], vote: { score }, failedGames: 0 };
}

/**
 * Tiers of candidates by mean rank, best first; equal mean ranks (within 1e-9, the rounding of
 * a jury's averaged means — distinct means of n integer ranks differ by at least 1/n) share a tier.
 */
export function tiersByRank(
  candidates: readonly string[],
  ranks: readonly number[],
): CandidateId[][] {
  const sorted = candidates
    .map((id, i) => ({ id, rank: ranks[i]! }))
    .sort((p, q) => p.rank - q.rank);
  const tiers: CandidateId[][] = [];
  let last = Number.NaN;
  for (const { id, rank } of sorted) {
    if (Math.abs(rank - last) <= 1e-9) tiers.at(-1)!.push(id as CandidateId);
    else tiers.push([id as CandidateId]);
    last = rank;
  }
  return tiers;
}

function listwise(frame: GroupFrame, games: readonly JudgeGameItem[]) {
  const done = games.filter((g) => g.outcome.ok).sort((p, q) => p.payload.game - q.payload.game);
  const failedGames = games.length - done.length;
  if (done.length === 0) return { judgments: [], vote: {}, failedGames };
  const { spec } = frame.ctx;
  const { payload } = frame.first;
  const k = payload.answers.length;
  const rankings = done.map((g) => {
    const verdict = (g.outcome as Extract<JudgeGameItem["outcome"], { ok: true }>).result.verdict;
    if (verdict.mode !== "listwise")
      throw new Error(`item ${g.key}: a ${verdict.mode} verdict in a listwise job`);
    try {
      return unpermuteRanking(verdict.order, g.payload.shown);
    } catch (error) {
      throw new Error(`job ${frame.ctx.jobId}: item ${g.key}: ${(error as Error).message}`);
    }
  });
  const ranks = meanRanks(rankings, k);
  const candidates = payload.answers.map((a) => a.candidateId);
  const records = done.map(gameRecord);
  const template = templateLabel(spec.template);
  const judgment: RankingJudgment = {
    id: judgmentId({
      judge: payload.judge,
      template,
      group: payload.group,
      ...(spec.freshNonce === undefined ? {} : { freshNonce: spec.freshNonce }),
    }),
    kind: "ranking",
    promptId: payload.promptId as PromptId,
    order: tiersByRank(candidates, ranks),
    source: aiSource(payload.judge, template, mergedOutput(records)),
    createdAt: frame.at,
    metadata: { judge: { ...metadataBase(frame), games: records } },
  };
  return { judgments: [judgment], vote: { ranks }, failedGames };
}
