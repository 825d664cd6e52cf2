import { describe, expect, it } from "vitest";
import { dedupePairs, isIdenticalPair } from "../../../src/core/dataset/dedupe.js";
import { pair } from "./pair.js";

describe("dedupePairs", () => {
  it("keeps the first of each identical pair and counts the rest", () => {
    const pairs = [
      pair("q", "a", "b"),
      pair("q", "a", "b"),
      pair("q", "b", "a"),
      pair("q2", "a", "b"),
    ];
    const { kept, duplicates } = dedupePairs(pairs);
    expect(kept).toEqual([pair("q", "a", "b"), pair("q", "b", "a"), pair("q2", "a", "b")]);
    expect(duplicates).toBe(1);
  });

  it("does not confuse text that only differs in where a field boundary falls", () => {
    expect(dedupePairs([pair("ab", "c", "d"), pair("a", "bc", "d")]).duplicates).toBe(0);
  });
});

describe("isIdenticalPair", () => {
  it("flags chosen = rejected", () => {
    expect(isIdenticalPair(pair("q", "same", "same"))).toBe(true);
    expect(isIdenticalPair(pair("q", "same", "other"))).toBe(false);
  });
});
