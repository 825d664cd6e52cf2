import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pairToUnpaired, ratedToPairs } from "../../../src/core/dataset/derive.js";

const answer = (content: string) => [{ role: "assistant" as const, content }];
const prompt = [{ role: "user" as const, content: "q" }];
const rated = {
  prompt,
  completions: [
    { messages: answer("a"), score: 3, model: "m1" },
    { messages: answer("b"), score: 5, model: "m2" },
    { messages: answer("c"), score: 3, model: "m3" },
    { messages: answer("d"), score: 1, model: "m4" },
  ],
};
const names = (pairs: ReturnType<typeof ratedToPairs>) =>
  pairs.map((p) => `${p.chosenModel}>${p.rejectedModel}:${p.margin}`);

describe("ratedToPairs", () => {
  it("makes every pair with distinct scores, the higher score chosen, ties skipped", () => {
    expect(names(ratedToPairs(rated, "all"))).toEqual([
      "m2>m1:2",
      "m1>m4:2",
      "m2>m3:2",
      "m2>m4:4",
      "m3>m4:2",
    ]);
  });

  it("keeps only pairs at least the minimum margin apart", () => {
    expect(names(ratedToPairs(rated, "all", 3))).toEqual(["m2>m4:4"]);
  });

  it("pairs the best against the worst", () => {
    expect(names(ratedToPairs(rated, "best-vs-worst"))).toEqual(["m2>m4:4"]);
    expect(
      ratedToPairs(
        { prompt, completions: [rated.completions[0]!, rated.completions[2]!] },
        "best-vs-worst",
      ),
    ).toEqual([]);
  });

  it("never pairs equal scores and always puts the higher score first (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 8 }), (scores) => {
        const pairs = ratedToPairs({
          prompt,
          completions: scores.map((s, k) => ({ messages: answer(String(k)), score: s })),
        });
        const distinct = scores.flatMap((s, i) =>
          scores.slice(i + 1).filter((t) => t !== s),
        ).length;
        return pairs.length === distinct && pairs.every((p) => (p.margin ?? 0) > 0);
      }),
    );
  });

  it("rejects a non-positive margin", () => {
    expect(() => ratedToPairs(rated, "all", 0)).toThrow(RangeError);
  });
});

describe("pairToUnpaired", () => {
  it("labels the chosen answer desirable and the rejected one undesirable", () => {
    const [up, down] = pairToUnpaired({
      prompt,
      chosen: answer("x"),
      rejected: answer("y"),
      chosenModel: "a",
      rejectedModel: "b",
    });
    expect(up).toEqual({ prompt, completion: answer("x"), label: true, model: "a" });
    expect(down).toEqual({ prompt, completion: answer("y"), label: false, model: "b" });
  });
});
