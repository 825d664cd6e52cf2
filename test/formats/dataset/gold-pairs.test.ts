import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLlmBar, parseRewardBench } from "../../../src/formats/dataset/gold-pairs.js";

const natural = JSON.parse(
  readFileSync(new URL("../../fixtures/llmbar/natural.json", import.meta.url), "utf8"),
) as { input: string; output_1: string; output_2: string; label: 1 | 2 }[];

describe("LLMBar pairs", () => {
  it("reads all 100 real LLMBar-Natural records, the labelled output as chosen", () => {
    expect(natural).toHaveLength(100);
    natural.forEach((record) => {
      const parsed = parseLlmBar(record, "llmbar-natural");
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const better = record.label === 1 ? record.output_1 : record.output_2;
      expect(parsed.value.chosen).toEqual([{ role: "assistant", content: better }]);
      expect(parsed.value.prompt).toEqual([{ role: "user", content: record.input }]);
      expect(parsed.value.subset).toBe("llmbar-natural");
    });
  });

  it("rejects a label other than 1 or 2, naming the field", () => {
    const parsed = parseLlmBar({ input: "i", output_1: "a", output_2: "b", label: 3 });
    expect(parsed.ok === false && parsed.issues.map((i) => i.field)).toEqual(["label"]);
  });
});

describe("RewardBench pairs", () => {
  it("keeps subset, models and id", () => {
    const parsed = parseRewardBench({
      prompt: "p",
      chosen: "good",
      rejected: "bad",
      subset: "alpacaeval-easy",
      chosen_model: "gpt-4",
      rejected_model: "alpaca-7b",
      id: 7,
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        prompt: [{ role: "user", content: "p" }],
        chosen: [{ role: "assistant", content: "good" }],
        rejected: [{ role: "assistant", content: "bad" }],
        subset: "alpacaeval-easy",
        chosenModel: "gpt-4",
        rejectedModel: "alpaca-7b",
        id: "7",
      },
    });
  });

  it("names missing fields", () => {
    const parsed = parseRewardBench({ prompt: "p", chosen: "c" });
    expect(parsed.ok === false && parsed.issues.map((i) => i.field)).toEqual(["rejected"]);
  });
});
