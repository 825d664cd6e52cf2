/**
 * What every judgment of one group shares while its games are combined (combine.ts): the job
 * and spec, the group's first item (its payload names the judge, the question, the answers),
 * the latest game's time; and the `metadata.judge` fields they have in common.
 */
import type { Judgment } from "../../core/types.js";
import type { JudgeGameItem } from "./job-games.js";
import type { JudgeJudgmentMetadata, JudgeSpec } from "./types.js";

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

export interface GroupFrame {
  ctx: CombineContext;
  first: JudgeGameItem;
  /** The latest game's time: the judgments' createdAt. */
  at: string;
}

/** A mode's judgments of one group, the judge's say for a jury, and its failed games. */
export interface Made {
  judgments: Judgment[];
  vote: JudgeVote;
  failedGames: number;
}

export const failedCount = (games: readonly JudgeGameItem[]) =>
  games.filter((g) => !g.outcome.ok).length;

/** metadata.judge fields every judgment of the group shares. */
export function metadataBase(frame: GroupFrame): Omit<JudgeJudgmentMetadata, "games"> {
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
