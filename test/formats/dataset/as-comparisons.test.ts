import { describe, expect, it } from "vitest";
import { parseArenaBattle } from "../../../src/formats/dataset/arena-pairs.js";
import { asComparisons } from "../../../src/formats/dataset/as-comparisons.js";
import { DEFAULT_CODEC_OPTIONS, readRecord } from "../../../src/formats/dataset/codecs.js";

const read = (format: Parameters<typeof readRecord>[0], record: Record<string, unknown>) => {
  const r = readRecord(format, record, DEFAULT_CODEC_OPTIONS);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value[0]!;
};

describe("asComparisons", () => {
  it("keeps LLMBar's own order: a = output_1, b = output_2, the gold label as written", () => {
    const item = read("llmbar", { input: "Q", output_1: "first", output_2: "second", label: 2 });
    const r = asComparisons(item);
    expect(r.ok && r.value).toEqual([
      {
        prompt: [{ role: "user", content: "Q" }],
        a: [{ role: "assistant", content: "first" }],
        b: [{ role: "assistant", content: "second" }],
        labels: [{ labeller: "gold", source: "gold", preference: 0, raw: 2 }],
        extra: {},
      },
    ]);
  });

  it("puts RewardBench's chosen response as a, preferred by the gold labeller", () => {
    const item = read("rewardbench", {
      prompt: "Q",
      chosen: "good",
      rejected: "bad",
      subset: "hep-js",
      chosen_model: "m1",
      rejected_model: "m2",
      id: 3,
    });
    const r = asComparisons(item);
    expect(r.ok && r.value[0]).toEqual({
      id: "3",
      prompt: [{ role: "user", content: "Q" }],
      a: [{ role: "assistant", content: "good" }],
      b: [{ role: "assistant", content: "bad" }],
      systemA: "m1",
      systemB: "m2",
      subset: "hep-js",
      labels: [{ labeller: "gold", source: "gold", preference: 1 }],
      extra: {},
    });
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ["model_a", {}, { labeller: "arena", preference: 1, raw: "model_a" }],
    ["model_b", { judge: "gpt-4" }, { labeller: "gpt-4", preference: 0, raw: "model_b" }],
    // MT-Bench's judge field, as prefkit writes a judge's battles: the model is the labeller.
    [
      "model_a",
      { judge: ["gpt-4", "pair-v2"] },
      { labeller: "gpt-4", preference: 1, raw: "model_a" },
    ],
    ["model_a", { judge: ["gpt-4"] }, { labeller: "arena", preference: 1, raw: "model_a" }],
    ["tie", { turn: 2 }, { labeller: "arena", preference: 0.5, turn: 2, raw: "tie" }],
    [
      "tie (bothbad)",
      {},
      { labeller: "arena", preference: 0.5, bothBad: true, raw: "tie (bothbad)" },
    ],
  ])("reads an arena battle won by %s", (winner, extra, expected) => {
    const battle = parseArenaBattle({
      model_a: "x",
      model_b: "y",
      winner,
      question_id: "q9",
      ...extra,
    });
    if (!battle.ok) throw new Error("bad battle");
    const r = asComparisons({ kind: "battle", battle: battle.value });
    expect(r.ok && r.value[0]!.labels).toEqual([expected]);
    expect(r.ok && [r.value[0]!.id, r.value[0]!.systemA, r.value[0]!.systemB]).toEqual([
      "q9",
      "x",
      "y",
    ]);
  });

  it("splits a battle's conversations into the prompt and the two responses", () => {
    const battle = parseArenaBattle({
      model_a: "x",
      model_b: "y",
      winner: "model_a",
      conversation_a: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello" },
      ],
      conversation_b: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Yo" },
      ],
    });
    if (!battle.ok) throw new Error("bad battle");
    const r = asComparisons({ kind: "battle", battle: battle.value });
    expect(r.ok && [r.value[0]!.prompt, r.value[0]!.a, r.value[0]!.b]).toEqual([
      [{ role: "user", content: "Hi" }],
      [{ role: "assistant", content: "Hello" }],
      [{ role: "assistant", content: "Yo" }],
    ]);
  });

  it("says why rated completions and unpaired examples hold no comparisons", () => {
    const rated = asComparisons({ kind: "rated", rated: { prompt: [], completions: [] } });
    const unpaired = asComparisons({
      kind: "unpaired",
      example: { prompt: [], completion: [], label: true },
    });
    expect([rated, unpaired].map((r) => (r.ok ? "" : r.issues[0]!.message))).toEqual([
      "rated completions hold scores, not comparisons: derive pairs first",
      "an unpaired example has one response; a comparison needs two",
    ]);
  });
});
