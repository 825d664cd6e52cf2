/**
 * Pairwise games of one group → judgments (see combine.ts): both orders combined by core/judge
 * combineOrders under spec.combine, strong arena-hard verdicts written as strongWeight copies
 * (metadata.judge.copy), or the one game of a one-order run. A judgment's a/b are x/y; its
 * source says whether y was shown first (absent for a judgment merged from both orders).
 */
import { combineOrders } from "../../core/judge/combine-orders.js";
import type { GameVerdict } from "../../core/judge/verdict.js";
import type { CandidateId, PairwiseJudgment, PromptId } from "../../core/types.js";
import type { GroupFrame, Made } from "./group-frame.js";
import { failedCount, metadataBase } from "./group-frame.js";
import type { JudgeGameItem } from "./job-games.js";
import {
  aiSource,
  gameRecord,
  judgeSetup,
  judgmentId,
  mergedOutput,
  pairwiseOutcome,
  templateLabel,
} from "./judgment-parts.js";
import type { JudgeGame, JudgeJudgmentMetadata, JudgeSpec } from "./types.js";

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
      setup: judgeSetup(spec, payload.judge),
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

export function pairOneOrder(frame: GroupFrame, games: readonly JudgeGameItem[]): Made {
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

export function pairBothOrders(frame: GroupFrame, games: readonly JudgeGameItem[]): Made {
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
