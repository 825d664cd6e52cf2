import { describe, expect, it } from "vitest";
import { parseLlmBar } from "../../../src/formats/dataset/gold-pairs.js";
import { parseTrlUnpaired } from "../../../src/formats/dataset/trl.js";

describe("numbers and booleans written as text (CSV)", () => {
  it('reads an LLMBar label of "2" as 2, and refuses other text with the field named', () => {
    const record = { input: "q", output_1: "a", output_2: "b" };
    const two = parseLlmBar({ ...record, label: "2" });
    expect(two.ok && [two.value.chosen, two.value.rejected]).toEqual([
      [{ role: "assistant", content: "b" }],
      [{ role: "assistant", content: "a" }],
    ]);
    expect(parseLlmBar({ ...record, label: "3" })).toMatchObject({
      ok: false,
      issues: [{ field: "label" }],
    });
    expect(parseLlmBar({ ...record, label: "two" })).toMatchObject({
      ok: false,
      issues: [{ field: "label" }],
    });
  });

  it('reads a KTO label of "true"/"False" as a boolean, and refuses "yes"', () => {
    const record = { prompt: "p", completion: "c" };
    const yes = parseTrlUnpaired({ ...record, label: "true" });
    const no = parseTrlUnpaired({ ...record, label: "False" });
    expect(yes.ok && yes.value.label).toBe(true);
    expect(no.ok && no.value.label).toBe(false);
    expect(parseTrlUnpaired({ ...record, label: "yes" })).toMatchObject({
      ok: false,
      issues: [{ field: "label" }],
    });
  });
});
