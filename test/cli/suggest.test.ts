import { describe, expect, it } from "vitest";
import { closest, didYouMean, editDistance, listNames } from "../../src/cli/suggest.js";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions, ignoring case (worked by hand)", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("questionid", "question_id")).toBe(1);
    expect(editDistance("GPT-4o", "gpt-4o")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("flaw", "lawn")).toBe(2);
  });
});

describe("closest", () => {
  const systems = ["gpt-4o", "gpt-4o-mini", "claude-3-opus-20240229", "claude-3-haiku-20240307"];

  it("names the nearest close names only", () => {
    expect(closest("gpt-4", systems)).toEqual(["gpt-4o"]);
    expect(closest("gpt4o", systems)).toEqual(["gpt-4o"]);
    // A prefix counts as close however long the rest: the dated model names.
    expect(closest("Claude-3-Opus", systems)).toEqual(["claude-3-opus-20240229"]);
    expect(closest("llama", systems)).toEqual([]);
    expect(closest("x", [])).toEqual([]);
  });

  it("gives ties in the names' order, at most three", () => {
    expect(closest("ab", ["aa", "bb", "ac", "ad", "ae"])).toEqual(["aa", "bb", "ac"]);
  });

  it("words the hint and the list", () => {
    expect(didYouMean("lang", ["language", "turn"])).toBe(" (did you mean language?)");
    expect(didYouMean("zzz", ["language"])).toBe("");
    expect(listNames(["a", "b", "c"], 2)).toBe("a, b, … and 1 more");
  });
});
