import { describe, expect, it } from "vitest";
import {
  parseAlpacaEval,
  toAlpacaEval,
} from "../../../../src/formats/dataset/judgments/alpacaeval.js";

const record = (preference: unknown, extra: Record<string, unknown> = {}) => ({
  instruction: "Name a colour.",
  output_1: "Red.",
  generator_1: "gpt4_turbo",
  output_2: "Blue.",
  generator_2: "my-model",
  annotator: "weighted_alpaca_eval_gpt4_turbo",
  preference,
  ...extra,
});

describe("parseAlpacaEval", () => {
  // preference runs 1 (output_1 better) … 2 (output_2 better): the preference for a is 2 − p.
  it.each<[unknown, number | null]>([
    [1, 1],
    [2, 0],
    [2.0, 0],
    [1.5, 0.5],
    [0, 0.5], // older files: 0 is a draw
    [1.25, 0.75],
    [1.9900139974, 2 - 1.9900139974],
    ["1.75", 0.25], // CSV text
    [null, null], // unparsed
  ])("reads preference %j as %j for output_1", (preference, expected) => {
    const r = parseAlpacaEval(record(preference));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.labels).toEqual([
      {
        labeller: "weighted_alpaca_eval_gpt4_turbo",
        source: "ai",
        preference: expected,
        raw: preference,
      },
    ]);
  });

  it("keeps the responses in file order, the generators as systems and other fields as extra", () => {
    const r = parseAlpacaEval(record(2, { dataset: "helpful_base", price_per_example: 0.01 }));
    expect(r.ok && r.value).toEqual({
      prompt: [{ role: "user", content: "Name a colour." }],
      a: [{ role: "assistant", content: "Red." }],
      b: [{ role: "assistant", content: "Blue." }],
      systemA: "gpt4_turbo",
      systemB: "my-model",
      subset: "helpful_base",
      labels: [expect.objectContaining({ preference: 0 })],
      extra: { dataset: "helpful_base", price_per_example: 0.01 },
    });
  });

  it('credits a record without an annotator to "alpacaeval"', () => {
    const { annotator: _, ...rest } = record(1);
    const r = parseAlpacaEval(rest);
    expect(r.ok && r.value.labels[0]!.labeller).toBe("alpacaeval");
  });

  it.each<[unknown, string]>([
    [3, "preference: 3 is out of range (1 = output_1 better … 2 = output_2 better, 0 a draw)"],
    [0.5, "preference: 0.5 is out of range (1 = output_1 better … 2 = output_2 better, 0 a draw)"],
    ["yes", "preference: expected a number or null"],
  ])("refuses preference %j", (preference, message) => {
    const r = parseAlpacaEval(record(preference));
    expect(r.ok ? "" : `${r.issues[0]!.field}: ${r.issues[0]!.message}`).toBe(message);
  });

  it("refuses a record without a preference, naming the field", () => {
    const { preference: _, ...rest } = record(1);
    const r = parseAlpacaEval(rest);
    expect(r.ok ? undefined : r.issues).toEqual([
      { field: "preference", message: "missing field" },
    ]);
  });
});

describe("toAlpacaEval", () => {
  it("writes one annotation per label, the preference as 2 − p (a 0 draw stays 0)", () => {
    const r = parseAlpacaEval(record(0));
    if (!r.ok) throw new Error("unreadable");
    const c = {
      ...r.value,
      labels: [
        ...r.value.labels,
        { labeller: "human-1", preference: 1 },
        { labeller: "human-2", preference: 0.5 },
        { labeller: "human-3", preference: null },
      ],
    };
    const out = toAlpacaEval(c);
    expect(out.ok && out.value.map((x) => [x.annotator, x.preference])).toEqual([
      ["weighted_alpaca_eval_gpt4_turbo", 0],
      ["human-1", 1],
      ["human-2", 1.5],
      ["human-3", null],
    ]);
  });
});
