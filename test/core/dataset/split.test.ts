import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFractions, splitOf } from "../../../src/core/dataset/split.js";

describe("splitOf", () => {
  it("puts every prompt in exactly one split whatever the seed (no leakage)", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 60 }), fc.nat(), (prompts, seed) => {
        const spec = { fractions: parseFractions("train=0.8,validation=0.1,test=0.1"), seed };
        // Records with repeated prompts, in any order: each prompt maps to one split.
        const records = [...prompts, ...prompts.slice().reverse()];
        const seen = new Map<string, string>();
        return records.every((p) => {
          const split = splitOf(p, spec);
          const before = seen.get(p);
          seen.set(p, split);
          return before === undefined || before === split;
        });
      }),
    );
  });

  it("gives shares close to the requested fractions", () => {
    const spec = { fractions: parseFractions("train=0.9,test=0.1"), seed: 3 };
    let test = 0;
    const n = 20_000;
    for (let k = 0; k < n; k++) if (splitOf(`prompt ${k}`, spec) === "test") test++;
    // Binomial(20000, 0.1): sd ≈ 42, so ±5 sd ≈ ±210.
    expect(Math.abs(test - 2000)).toBeLessThan(210);
  });

  it("changes assignments with the seed", () => {
    const fractions = parseFractions("a=1,b=1");
    const differ = Array.from({ length: 200 }, (_, k) => `p${k}`).filter(
      (p) => splitOf(p, { fractions, seed: 1 }) !== splitOf(p, { fractions, seed: 2 }),
    ).length;
    expect(differ).toBeGreaterThan(60);
  });

  it("rejects malformed fractions", () => {
    expect(() => parseFractions("train=0.9,test")).toThrow(
      'bad split "test" (expected NAME=SHARE with SHARE > 0)',
    );
    // A user's option: a `usage` issue (the CLI's exit code 2), not an internal error.
    expect(() => parseFractions("train=0")).toThrow(expect.objectContaining({ code: "usage" }));
    expect(() => parseFractions("a=1,a=2")).toThrow(/differ/);
    expect(() => parseFractions("a=1,A=2")).toThrow(/differ \(ignoring case\)/);
    // Split names become parts of file names.
    expect(() => parseFractions("../x=1")).toThrow(/bad split name/);
    expect(() => parseFractions("a/b=1")).toThrow(/bad split name/);
    expect(parseFractions("train-v2=3, test.1=1")).toEqual([
      ["train-v2", 3],
      ["test.1", 1],
    ]);
  });
});
