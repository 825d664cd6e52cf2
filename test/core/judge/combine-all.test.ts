import { describe, expect, it } from "vitest";
import { combineAll } from "../../../src/core/judge/combine-all.js";
import type { GameVerdict } from "../../../src/core/judge/verdict.js";

const v = (preference: number, strong = false): GameVerdict => ({ ok: true, preference, strong });
const fail: GameVerdict = { ok: false, reason: "no verdict label" };

describe("combineAll", () => {
  const pairs = [
    { item: "q1", game1: v(1, true), game2: v(0) }, // consistent, x strong in game 1
    { item: "q2", game1: v(1), game2: v(1) }, // position bias: inconsistent
    { item: "q3", game1: v(1), game2: fail }, // one failure
    { item: "q4", game1: fail, game2: fail }, // two failures
  ];
  it("counts consistent, inconsistent, failed and dropped pairs under each rule", () => {
    expect(combineAll(pairs, "arena-hard")).toMatchObject({
      judged: 2,
      consistent: 1,
      inconsistent: 1,
      withFailure: 2,
      dropped: 2,
      totalWeight: 1 + 3 + 1 + 1,
    });
    expect(combineAll(pairs, "mt-bench")).toMatchObject({ dropped: 2, totalWeight: 2 });
    // "both" keeps q3's parsed game: only q4 gives nothing.
    expect(combineAll(pairs, "both")).toMatchObject({ dropped: 1, totalWeight: 5 });
    expect(combineAll(pairs, "both").pairs.map((p) => p.item)).toEqual(["q1", "q2", "q3", "q4"]);
  });
  it("throws RangeError on a repeated item", () => {
    expect(() => combineAll([pairs[0]!, pairs[0]!], "both")).toThrow(RangeError);
  });
});
