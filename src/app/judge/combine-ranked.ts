/**
 * Pointwise and listwise games of one group → judgments (see combine.ts): a rating under the
 * template's id; a ranking of the candidates by their mean rank over the permutations.
 */
import { meanRanks, unpermuteRanking } from "../../core/judge/listwise-orders.js";
import type { CandidateId, Judgment, PromptId, RankingJudgment } from "../../core/types.js";
import type { GroupFrame, Made } from "./group-frame.js";
import { failedCount, metadataBase } from "./group-frame.js";
import type { JudgeGameItem } from "./job-games.js";
import {
  aiSource,
  gameRecord,
  judgeSetup,
  judgmentId,
  mergedOutput,
  templateLabel,
} from "./judgment-parts.js";

export function pointwise(frame: GroupFrame, games: readonly JudgeGameItem[]): Made {
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
      setup: judgeSetup(spec, payload.judge),
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

export function listwise(frame: GroupFrame, games: readonly JudgeGameItem[]): Made {
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
      setup: judgeSetup(spec, payload.judge),
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
