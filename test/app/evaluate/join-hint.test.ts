import { describe, expect, it } from "vitest";
import { idlessAgainstIds } from "../../../src/app/evaluate/join-hint.js";
import type { Comparison } from "../../../src/core/dataset/comparison.js";
import { ComparisonJoin } from "../../../src/core/dataset/join-comparisons.js";

const comparison = (labeller: string, id?: string): Comparison => ({
  ...(id === undefined ? {} : { id }),
  prompt: [{ role: "user", content: "q" }],
  a: [{ role: "assistant", content: "A" }],
  b: [{ role: "assistant", content: "B" }],
  systemA: "x",
  systemB: "y",
  labels: [{ labeller, preference: 1 }],
  extra: {},
});

const items = (...list: Comparison[]) => {
  const join = new ComparisonJoin("auto");
  for (const c of list) join.add(comparison(c.labels[0]!.labeller, c.id));
  return join.joined();
};

describe("idlessAgainstIds", () => {
  it("is true when the unmatched labellers' items have no ids and the gold's have: auto never joins them", () => {
    const joined = items(comparison("judge"), comparison("arena", "q1"));
    expect(joined).toHaveLength(2);
    expect(idlessAgainstIds(joined, ["arena"], ["judge"])).toBe(true);
  });

  it("is false when the judge has an id somewhere, when the gold has none, and when nothing is unmatched", () => {
    expect(
      idlessAgainstIds(
        items(comparison("judge"), comparison("judge", "q9"), comparison("arena", "q1")),
        ["arena"],
        ["judge"],
      ),
    ).toBe(false);
    const noIds = items(comparison("judge"), comparison("arena"));
    expect(idlessAgainstIds(noIds, ["arena"], ["judge"])).toBe(false);
    expect(idlessAgainstIds(items(comparison("arena", "q1")), ["arena"], [])).toBe(false);
  });
});
