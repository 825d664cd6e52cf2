/**
 * `prefkit judge`'s text summaries: the plan (what was not judged, and apart from it what was
 * judged with fewer orders than asked — a list shorter than --permutations), and the output
 * (what a project added, already held and held with other verdicts — a warning then — and what
 * a file left out).
 */
import { describe, expect, it } from "vitest";
import { emptyPlanCounts } from "../../src/app/judge/index.js";
import type { JudgeOutputSummary } from "../../src/app/judge/write-output.js";
import { renderOutput, renderPlan } from "../../src/cli/commands/judge-render.js";

describe("renderPlan", () => {
  it("does not count lists shorter than --permutations as not judged: they are judged in fewer orders", () => {
    const counts = {
      ...emptyPlanCounts(),
      questions: 12,
      items: 40,
      tooFewCandidates: 2,
      permutationsCapped: 10,
    };
    expect(renderPlan(counts, 1)).toMatchInlineSnapshot(`
      [
        "plan: 12 questions × 1 judge → 40 items",
        "  not judged: 2 prompts with too few candidates",
        "  fewer orders: 10 lists shorter than --permutations are judged in as many orders as they hold answers",
      ]
    `);
    expect(renderPlan({ ...counts, permutationsCapped: 0 }, 2)).toEqual([
      "plan: 12 questions × 2 judges → 40 items",
      "  not judged: 2 prompts with too few candidates",
    ]);
  });
});

const summary = (output: JudgeOutputSummary["output"]): JudgeOutputSummary => ({
  judgments: 105,
  byJudge: [{ judge: "first", judgments: 105, failedGames: 0, ties: 3, dropped: 0 }],
  droppedPairs: 0,
  tiesDropped: 0,
  unfinishedItems: 0,
  output,
});

describe("renderOutput", () => {
  it("a project's added, already stored and conflicting judgments, conflicting ones as a warning", () => {
    const lines = renderOutput(
      summary({
        kind: "project",
        projectId: "p3",
        added: 0,
        skipped: 83,
        conflicting: 22,
        prompts: 0,
        candidates: 0,
      }),
      "project p3",
    );
    expect(lines).toMatchInlineSnapshot(`
      [
        "105 judgments made for project p3: 0 added, 83 already stored, 22 conflicting (0 prompts and 0 candidates added)",
        "  first: 105 judgments (3 ties), 0 failed games, 0 questions without a judgment",
        "warning: 22 judgments not stored: project p3 holds judgments of the same ids (the same judge, setup, template and question) with other verdicts, kept as they are; run with --fresh to store this run's as new judgments",
      ]
    `);
  });

  it("an arena log's self-battles left out", () => {
    const lines = renderOutput(
      summary({
        kind: "file",
        path: "/x/arena.jsonl",
        format: "arena",
        records: 0,
        tiesDropped: 0,
        contradictedDropped: 0,
        selfBattlesDropped: 105,
      }),
      "/x/arena.jsonl",
    );
    expect(lines).toMatchInlineSnapshot(`
      [
        "105 judgments made; 0 records written to /x/arena.jsonl",
        "  first: 105 judgments (3 ties), 0 failed games, 0 questions without a judgment",
        "  105 judgments of two answers of one system left out of the arena log (a system never battles itself)",
      ]
    `);
  });
});
