/**
 * Judgments as a judge job writes them (app/judge/types.ts `JudgeJudgmentMetadata`), built in
 * the tests: one pairwise judge on a pair, its two games (x shown first, then y shown first)
 * given by their preferences for the answer shown first.
 */
import type { JudgeGame, JudgeJudgmentMetadata } from "../../../src/app/judge/types.js";
import type { CandidateId, PromptId } from "../../../src/core/types.js";
import type { NewJudgment } from "../../../src/store/store.js";

let requests = 0;

/** One game: `shown` in the order shown, `first` the preference for shown[0]. */
export function game(n: number, shown: [string, string], first: number): JudgeGame {
  return {
    game: n,
    shown,
    label: first > 0.5 ? "A>B" : first < 0.5 ? "B>A" : "A=B",
    firstPreference: first,
    raw: `verdict ${first}`,
    record: {
      system: "judge",
      model: "judge-model",
      template: "pairwise",
      templateVersion: 1,
      shown,
      inputTokens: 100,
      outputTokens: 5,
      cost: null,
      latencyMs: 12,
      requestKey: `request-${requests++}`,
      job: "job-1",
      calls: 1,
    },
  };
}

/**
 * A judge's judgment of (x, y) on `promptId` from its two games: `first1` the preference for x
 * shown first, `first2` for y shown first. The judgment's outcome follows the mean preference
 * for x, as rule "mt-bench" would have it when the games agree.
 */
export function judgeJudgment(
  promptId: string,
  x: string,
  y: string,
  judge: string,
  first1: number,
  first2: number,
  id = `${judge}:${promptId}:${x}:${y}`,
): NewJudgment {
  const games = [game(1, [x, y], first1), game(2, [y, x], first2)];
  const forX = (first1 + (1 - first2)) / 2;
  const metadata: JudgeJudgmentMetadata = {
    job: "job-1",
    judge,
    template: "pairwise",
    templateVersion: 1,
    mode: "pairwise",
    group: `${promptId}\u0000${x}\u0000${y}`,
    rule: "mt-bench",
    preference: forX,
    consistent: first1 > 0.5 === 1 - first2 > 0.5,
    games,
  };
  return {
    id,
    kind: "pairwise",
    promptId: promptId as PromptId,
    a: x as CandidateId,
    b: y as CandidateId,
    outcome: forX > 0.5 ? "a" : forX < 0.5 ? "b" : "tie",
    source: { kind: "ai", model: judge, template: "pairwise" },
    metadata: { judge: metadata },
  };
}
