/**
 * `prefkit judge`'s plan summary: what was not judged, and apart from it what was judged with
 * fewer orders than asked (a list shorter than --permutations).
 */
import { describe, expect, it } from "vitest";
import { emptyPlanCounts } from "../../src/app/judge/index.js";
import { renderPlan } from "../../src/cli/commands/judge-render.js";

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
