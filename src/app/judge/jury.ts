/**
 * A jury's judgments: several judges on the same questions (groups), each judge's combined say
 * (combine.ts `vote`) aggregated per group. Pure.
 *
 * - pairwise: spec.jury "majority" (core/judge juryMajority: the most votes among x, tie and y;
 *   a tie for the top is a tie), "mean" (juryMean of the preferences for x, its side the
 *   outcome and |2p − 1| its strength) or "weighted" (juryWeighted, with log-odds weights from
 *   each judge's agreement with the human labels the items carry, payload.human: judgeAccuracy
 *   on decisive votes, then juryWeights, clamped at 0). A weighted jury with no human label on any item has nothing to weigh by:
 *   JuryError "no_human_labels" (the CLI refuses such a run when it plans it).
 * - pointwise: the mean score, listwise: each answer's mean of the judges' mean ranks, equal
 *   means tied — whatever the method: a majority of scores or of rankings is not defined, so the
 *   jury's judgment names the method applied ("jury:mean"). "weighted" needs pairwise human
 *   labels: JuryError "weighted_needs_pairwise".
 *
 * A group none of the judges gave a verdict on has no jury judgment (counted: `undecided`). The
 * jury's judgment has source.model "jury:<method>", `createdAt` the latest of its judges' games,
 * and metadata.judge.jury with each judge's say and the weights; each judge's own judgments are
 * written beside it (write-output.ts).
 */

import { type JuryResult, juryMajority, juryMean, juryWeighted } from "../../core/judge/jury.js";
import { type JudgeAccuracy, judgeAccuracy, juryWeights } from "../../core/judge/jury-weights.js";
import type { CandidateId, Judgment, PromptId } from "../../core/types.js";
import type { JudgeMode } from "../../llm/judge/types.js";
import type { CombineContext, CombinedGroup, JudgeVote } from "./combine.js";
import { tiersByRank } from "./combine-ranked.js";
import {
  judgeSetup,
  judgmentId,
  latestTime,
  pairwiseOutcome,
  templateLabel,
} from "./judgment-parts.js";
import type { JudgeJudgmentMetadata, JuryMethod } from "./types.js";

export type JuryErrorCode = "no_human_labels" | "weighted_needs_pairwise";

/** A jury that cannot be formed from this job's data; `code` for machines. */
export class JuryError extends Error {
  override name = "JuryError";
  constructor(
    readonly code: JuryErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** One question as the jury sees it: every judge's say on it. */
export interface JuryBallot {
  group: string;
  mode: JudgeMode;
  promptId: string;
  candidates: string[];
  human?: number;
  /** The latest game of any judge on the question. */
  at: string;
  votes: Map<string, JudgeVote>;
}

/** Adds a judge's combined group to the ballots (by group). */
export function castVote(ballots: Map<string, JuryBallot>, combined: CombinedGroup): void {
  const ballot = ballots.get(combined.group);
  if (ballot) {
    ballot.votes.set(combined.judge, combined.vote);
    ballot.at = latestTime([ballot.at, combined.at]);
    if (ballot.human === undefined && combined.human !== undefined) ballot.human = combined.human;
    return;
  }
  ballots.set(combined.group, {
    group: combined.group,
    mode: combined.mode,
    promptId: combined.promptId,
    candidates: combined.candidates,
    ...(combined.human === undefined ? {} : { human: combined.human }),
    at: combined.at,
    votes: new Map([[combined.judge, combined.vote]]),
  });
}

export interface JuryOutcome {
  /** The method applied (pointwise and listwise juries average whatever was asked). */
  method: JuryMethod;
  /** The jury's judgment of each decided group, by group. */
  judgments: Map<string, Judgment>;
  /** Groups without a jury judgment: no judge gave a verdict. */
  undecided: number;
  /** Jury judgments that are ties. */
  ties: number;
  /** Weighted juries: each judge's weight and its agreement with the human labels. */
  weights?: Record<string, number>;
  accuracy?: Record<string, JudgeAccuracy>;
}

/**
 * The jury's judgments of `ballots` under ctx.spec.jury.
 * @throws JuryError (see the header); RangeError from core/judge on a preference outside [0, 1].
 * Complexity: O(judges · ballots).
 */
export function juryJudgments(ctx: CombineContext, ballots: readonly JuryBallot[]): JuryOutcome {
  const asked = ctx.spec.jury ?? "majority";
  const judges = ctx.spec.judges.map((j) => j.id);
  const mode = ballots[0]?.mode ?? ctx.spec.template.mode;
  if (mode !== "pairwise") {
    if (asked === "weighted") {
      throw new JuryError(
        "weighted_needs_pairwise",
        `a weighted jury weighs judges by their agreement with human pairwise labels; this job is ${mode}: use --jury mean`,
      );
    }
    return averagedJury(ctx, judges, ballots, mode);
  }
  const verdicts = judges.map((j) => ballots.map((b) => b.votes.get(j)?.preference ?? Number.NaN));
  let result: JuryResult;
  let weights: Record<string, number> | undefined;
  let accuracy: Record<string, JudgeAccuracy> | undefined;
  if (asked === "majority") result = juryMajority(verdicts, "tie");
  else if (asked === "mean") result = juryMean(verdicts);
  else {
    const human = ballots.map((b) => b.human ?? Number.NaN);
    if (human.every(Number.isNaN)) {
      throw new JuryError(
        "no_human_labels",
        "a weighted jury weighs judges by their agreement with human labels, and no judged pair carries one: use --jury majority or mean, or judge pairs with human labels",
      );
    }
    const measured = verdicts.map((v) => judgeAccuracy(v, human));
    const w = juryWeights(measured);
    result = juryWeighted(verdicts, w);
    weights = Object.fromEntries(judges.map((j, i) => [j, w[i]!]));
    accuracy = Object.fromEntries(judges.map((j, i) => [j, measured[i]!]));
  }
  const judgments = new Map<string, Judgment>();
  let ties = 0;
  result.items.forEach((item, i) => {
    const ballot = ballots[i]!;
    if (item.outcome === null) return;
    const { outcome, strength } = pairwiseOutcome(item.outcome);
    if (outcome === "tie") ties++;
    const says = judges.map((judge, j) => {
      const p = verdicts[j]![i]!;
      return Number.isNaN(p) ? { judge } : { judge, preference: p };
    });
    judgments.set(ballot.group, {
      ...juryFrame(ctx, ballot, asked),
      kind: "pairwise",
      a: ballot.candidates[0]! as CandidateId,
      b: ballot.candidates[1]! as CandidateId,
      outcome,
      ...(strength === undefined ? {} : { strength }),
      metadata: {
        judge: juryMetadata(ctx, ballot, asked, says, weights, { preference: item.outcome }),
      },
    });
  });
  return {
    method: asked,
    judgments,
    undecided: result.undecided,
    ties,
    ...(weights ? { weights } : {}),
    ...(accuracy ? { accuracy } : {}),
  };
}

type JudgeSay = NonNullable<JudgeJudgmentMetadata["jury"]>["judges"][number];

/** The fields every jury judgment has: id, prompt, source, time. */
function juryFrame(ctx: CombineContext, ballot: JuryBallot, method: JuryMethod) {
  const { spec } = ctx;
  const template = templateLabel(spec.template);
  const model = `jury:${method}`;
  return {
    id: judgmentId({
      judge: model,
      template,
      setup: judgeSetup(spec, model),
      group: ballot.group,
      rule: ballot.mode === "pairwise" && spec.orders === "both" ? spec.combine : "",
      ...(spec.freshNonce === undefined ? {} : { freshNonce: spec.freshNonce }),
    }),
    promptId: ballot.promptId as PromptId,
    source: { kind: "ai" as const, model, template },
    createdAt: ballot.at,
  };
}

function juryMetadata(
  ctx: CombineContext,
  ballot: JuryBallot,
  method: JuryMethod,
  judges: JudgeSay[],
  weights: Record<string, number> | undefined,
  extra: { preference?: number },
): JudgeJudgmentMetadata {
  const { spec, jobId } = ctx;
  const pairBoth = ballot.mode === "pairwise" && spec.orders === "both";
  return {
    job: jobId,
    judge: "jury",
    template: spec.template.id,
    templateVersion: spec.template.version,
    mode: ballot.mode,
    group: ballot.group,
    ...(pairBoth ? { rule: spec.combine } : {}),
    ...extra,
    games: [],
    jury: { method, judges, ...(weights ? { weights } : {}) },
  };
}

/** Pointwise: mean scores; listwise: mean of mean ranks. */
function averagedJury(
  ctx: CombineContext,
  judges: readonly string[],
  ballots: readonly JuryBallot[],
  mode: "pointwise" | "listwise",
): JuryOutcome {
  const judgments = new Map<string, Judgment>();
  let undecided = 0;
  if (mode === "pointwise") {
    const scores = judges.map((j) => ballots.map((b) => b.votes.get(j)?.score ?? Number.NaN));
    juryMean(scores).items.forEach((item, i) => {
      const ballot = ballots[i]!;
      if (item.outcome === null) {
        undecided++;
        return;
      }
      const says = judges.map((judge, j) => {
        const s = scores[j]![i]!;
        return Number.isNaN(s) ? { judge } : { judge, score: s };
      });
      judgments.set(ballot.group, {
        ...juryFrame(ctx, ballot, "mean"),
        kind: "rating",
        scores: [
          {
            candidateId: ballot.candidates[0]! as CandidateId,
            criterion: ctx.spec.template.id,
            score: item.outcome,
          },
        ],
        metadata: { judge: juryMetadata(ctx, ballot, "mean", says, undefined, {}) },
      });
    });
    return { method: "mean", judgments, undecided, ties: 0 };
  }
  for (const ballot of ballots) {
    const k = ballot.candidates.length;
    const sums = new Float64Array(k);
    let voters = 0;
    const says: JudgeSay[] = judges.map((judge) => {
      const ranks = ballot.votes.get(judge)?.ranks;
      if (!ranks) return { judge };
      voters++;
      ranks.forEach((r, c) => {
        sums[c]! += r;
      });
      return { judge, order: tiersByRank(ballot.candidates, ranks).flat() };
    });
    if (voters === 0) {
      undecided++;
      continue;
    }
    const means = Array.from(sums, (s) => s / voters);
    judgments.set(ballot.group, {
      ...juryFrame(ctx, ballot, "mean"),
      kind: "ranking",
      order: tiersByRank(ballot.candidates, means),
      metadata: { judge: juryMetadata(ctx, ballot, "mean", says, undefined, {}) },
    });
  }
  return { method: "mean", judgments, undecided, ties: 0 };
}
