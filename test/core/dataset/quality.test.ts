import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { looksTruncated, QualityAccumulator } from "../../../src/core/dataset/quality.js";
import { parseLlmBar } from "../../../src/formats/dataset/gold-pairs.js";
import { pair } from "./pair.js";

describe("QualityAccumulator", () => {
  it("counts duplicates, identical and empty responses, and the verbosity share, worked by hand", () => {
    const q = new QualityAccumulator();
    [
      pair("q1", "long answer", "short"),
      pair("q1", "long answer", "short"),
      pair("q2", "same", "same"),
      pair("q3", "", "abc"),
      pair("q3", "xy", "ab"),
    ].forEach((p) => {
      q.add(p);
    });
    expect(q.report()).toEqual({
      pairs: 5,
      duplicatePairs: 1,
      identicalPairs: 1,
      emptyChosen: 1,
      emptyRejected: 0,
      truncatedChosen: 0,
      truncatedRejected: 0,
      // lengths differ in 3 pairs (11 vs 5 twice, 0 vs 3): chosen longer in 2 of them
      chosenLongerShare: 2 / 3,
      meanChosenLength: (11 + 11 + 4 + 0 + 2) / 5,
      meanRejectedLength: (5 + 5 + 4 + 3 + 2) / 5,
      distinctPrompts: 3,
    });
  });

  it("flags responses that look cut off: an open code fence, or a long last line ending mid-word", () => {
    const long = "This answer keeps going for a good while and then simply stops in the middle of";
    expect(looksTruncated(`${long} it.`)).toBe(false);
    expect(looksTruncated(long)).toBe(true);
    expect(looksTruncated("Here:\n```python\nprint(1)\n")).toBe(true);
    expect(looksTruncated("Here:\n```python\nprint(1)\n```")).toBe(false);
    // Short last lines (list items, headings, code) are not taken for truncation.
    expect(looksTruncated("Options:\n- red\n- blue")).toBe(false);
    expect(looksTruncated("")).toBe(false);
    const q = new QualityAccumulator();
    q.add(pair("q", long, "Fine."));
    expect([q.report().truncatedChosen, q.report().truncatedRejected]).toEqual([1, 0]);
  });

  it("reports no verbosity share when no lengths differ", () => {
    const q = new QualityAccumulator();
    q.add(pair("q", "ab", "cd"));
    expect(q.report().chosenLongerShare).toBeNull();
  });

  it("measures LLMBar-Natural, whose pairs are all distinct and non-empty", () => {
    const records = JSON.parse(
      readFileSync(new URL("../../fixtures/llmbar/natural.json", import.meta.url), "utf8"),
    ) as unknown[];
    const q = new QualityAccumulator();
    for (const r of records) {
      const parsed = parseLlmBar(r);
      if (parsed.ok) q.add(parsed.value);
    }
    const report = q.report();
    expect(report.pairs).toBe(100);
    expect(report.duplicatePairs).toBe(0);
    expect(report.identicalPairs).toBe(0);
    expect(report.chosenLongerShare).toBeGreaterThan(0);
    expect(report.chosenLongerShare).toBeLessThan(1);
  });
});
