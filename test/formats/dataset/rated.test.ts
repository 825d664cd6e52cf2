import { describe, expect, it } from "vitest";
import { ratedToPairs } from "../../../src/core/dataset/derive.js";
import { groupHelpSteer, parseUltraFeedback } from "../../../src/formats/dataset/rated.js";

const ultra = {
  instruction: "Name a colour.",
  completions: [
    {
      model: "m1",
      response: "Blue.",
      overall_score: 7,
      "fine-grained_score": 4.5,
      annotations: { helpfulness: { Rating: "5" }, honesty: { Rating: "4" } },
    },
    {
      model: "m2",
      response: "Seven.",
      overall_score: 2,
      "fine-grained_score": 1.5,
      annotations: { helpfulness: { Rating: "1" }, honesty: { Rating: "N/A" } },
    },
  ],
};

describe("UltraFeedback", () => {
  it("scores completions by the chosen criterion", () => {
    const score = (criterion: string) => {
      const parsed = parseUltraFeedback(ultra, criterion);
      return parsed.ok ? parsed.value.completions.map((c) => c.score) : [];
    };
    expect(score("overall_score")).toEqual([7, 2]);
    expect(score("fine-grained_score")).toEqual([4.5, 1.5]);
    expect(score("helpfulness")).toEqual([5, 1]);
    expect(score("mean")).toEqual([4.5, 1]); // "N/A" is left out of the mean
    expect(score("honesty")[1]).toBeNaN();
  });

  it("binarises into a pair, the better-rated response chosen", () => {
    const parsed = parseUltraFeedback(ultra, "overall_score");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [pair] = ratedToPairs(parsed.value, "best-vs-worst");
    expect(pair).toMatchObject({ chosenModel: "m1", rejectedModel: "m2", margin: 5 });
  });

  it("names the field of a malformed record", () => {
    const parsed = parseUltraFeedback({ instruction: "x", completions: [{ model: "m" }] });
    expect(parsed.ok === false && parsed.issues.map((i) => i.field)).toEqual([
      "completions.0.response",
    ]);
  });
});

describe("HelpSteer", () => {
  const row = (prompt: string, response: string, helpfulness: number) => ({
    prompt,
    response,
    helpfulness,
    correctness: 3,
    coherence: 4,
    complexity: 1,
    verbosity: 2,
  });

  it("groups responses by prompt and scores them by one attribute", () => {
    const { groups, errors } = groupHelpSteer([
      row("p1", "a", 4),
      row("p2", "x", 1),
      row("p1", "b", 2),
    ]);
    expect(errors).toEqual([]);
    expect(groups.map((g) => [g.prompt[0]!.content, g.completions.map((c) => c.score)])).toEqual([
      ["p1", [4, 2]],
      ["p2", [1]],
    ]);
  });

  it("reports rows with missing attributes by index and field", () => {
    const { errors } = groupHelpSteer([{ prompt: "p", response: "r", helpfulness: 3 }]);
    expect(errors[0]!.index).toBe(0);
    expect(errors[0]!.issues.map((i) => i.field)).toEqual([
      "correctness",
      "coherence",
      "complexity",
      "verbosity",
    ]);
  });
});
