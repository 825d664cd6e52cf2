/**
 * A small judge run worked by hand, shared by the output tests: two judges on two pairs, both
 * orders, arena-hard, a majority jury.
 *
 * - j1 on p1: game 1 "A>>B" (x strongly), game 2 "A>B" (y shown first wins) → 1 + 3 judgments;
 *   on p2: game 1 "A>B", game 2 failed → the pair is dropped.
 * - j2 on p1: "A>B", then "B>A" (x both times) → 2 judgments; on p2: "B>A", then "A>B" (y both
 *   times) → 2 judgments.
 * - the jury: p1 x (j1 0.75, j2 1), p2 y (j2 alone).
 * Ten judgments: outcomes a ×6 (j1's copies, j2 on p1, the jury on p1), b ×4.
 */
import type { JudgeGameItem } from "../../../src/app/judge/job-games.js";
import type { JudgeSpec } from "../../../src/app/judge/types.js";
import {
  answer,
  doneGame,
  failedGame,
  judgeSpec,
  judgeSystem,
  pairPayload,
  pairVerdict,
} from "./fixture.js";

export const X1 = answer("c1", "sys-a", "short", "gpt");
export const Y1 = answer("c2", "sys-b", "a longer answer", "llama");
export const X2 = answer("c3", "sys-a", "alpha", "gpt");
export const Y2 = answer("c4", "sys-b", "beta", "llama");

export const scenarioSpec = (over: Partial<JudgeSpec> = {}): JudgeSpec =>
  judgeSpec({ judges: [judgeSystem("j1", "gpt"), judgeSystem("j2")], jury: "majority", ...over });

const at = (s: number) => `2026-01-01T00:00:${String(s).padStart(2, "0")}.000Z`;

export function scenarioGames(): JudgeGameItem[] {
  return [
    doneGame(pairPayload("j1", "p1", X1, Y1, 1), pairVerdict(1, true), { at: at(1) }),
    doneGame(pairPayload("j1", "p1", X1, Y1, 2), pairVerdict(1), { at: at(2) }),
    doneGame(pairPayload("j1", "p2", X2, Y2, 1), pairVerdict(1), { at: at(3) }),
    failedGame(pairPayload("j1", "p2", X2, Y2, 2), "no verdict in: hmm"),
    doneGame(pairPayload("j2", "p1", X1, Y1, 1), pairVerdict(1), { at: at(5) }),
    doneGame(pairPayload("j2", "p1", X1, Y1, 2), pairVerdict(0), { at: at(6) }),
    doneGame(pairPayload("j2", "p2", X2, Y2, 1), pairVerdict(0), { at: at(7) }),
    doneGame(pairPayload("j2", "p2", X2, Y2, 2), pairVerdict(1), { at: at(8) }),
  ];
}
