import { describe, expect, it } from "vitest";
import { parseMtBench, toMtBench } from "../../../../src/formats/dataset/judgments/mt-bench.js";

const record = (g1: unknown, g2: unknown, extra: Record<string, unknown> = {}) => ({
  question_id: 81,
  model_1: "gpt-3.5-turbo",
  model_2: "vicuna-13b",
  g1_winner: g1,
  g2_winner: g2,
  judge: ["gpt-4", "pair-v2"],
  g1_judgment: "[[A]]",
  g2_judgment: "[[B]]",
  turn: 1,
  tstamp: 1687221890.3681,
  ...extra,
});

describe("parseMtBench", () => {
  // FastChat maps game 2's A/B back to model names before writing (g2: A → model_2), so both
  // winners name a model; game 2 is the one shown swapped.
  it.each<[string, string, number | null, number | null]>([
    ["model_1", "model_1", 1, 1], // consistent: model_1 better in both orders
    ["model_1", "model_2", 1, 0], // position bias: the first-shown answer won each time
    ["model_2", "model_2", 0, 0],
    ["tie", "model_2", 0.5, 0],
    ["tie", "tie", 0.5, 0.5],
    ["error", "model_1", null, 1],
    ["model_2", "error", 0, null],
  ])("reads g1 %s, g2 %s as preferences %j, %j for model_1", (g1, g2, p1, p2) => {
    const r = parseMtBench(record(g1, g2));
    expect(r.ok && r.value.labels).toEqual([
      { labeller: "gpt-4", source: "ai", turn: 1, preference: p1, shownSwapped: false, raw: g1 },
      { labeller: "gpt-4", source: "ai", turn: 1, preference: p2, shownSwapped: true, raw: g2 },
    ]);
  });

  it("has no prompt or responses (the files hold neither), the question id, and the rest as extra", () => {
    const r = parseMtBench(record("model_1", "model_1"));
    expect(r.ok && { ...r.value, labels: [] }).toEqual({
      id: "81",
      prompt: [],
      systemA: "gpt-3.5-turbo",
      systemB: "vicuna-13b",
      labels: [],
      extra: {
        judge: ["gpt-4", "pair-v2"],
        g1_judgment: "[[A]]",
        g2_judgment: "[[B]]",
        tstamp: 1687221890.3681,
      },
    });
  });

  it("reads single-answer grading as one label with both scores", () => {
    const { turn: _, ...single } = record("model_2", "model_2", { m1_score: 6, m2_score: 8 });
    const r = parseMtBench(single);
    expect(r.ok && r.value.labels).toEqual([
      { labeller: "gpt-4", source: "ai", preference: 0, scores: [6, 8], raw: "model_2" },
    ]);
  });

  it("refuses an unknown winner, naming the field and the values it takes", () => {
    const r = parseMtBench(record("model_1", "A"));
    expect(r.ok ? undefined : r.issues).toEqual([
      {
        field: "g2_winner",
        message: 'unknown value "A" (expected model_1, model_2, tie or error)',
      },
    ]);
  });

  it("writes back the same verdicts", () => {
    const r = parseMtBench(record("tie", "error"));
    if (!r.ok) throw new Error("unreadable");
    const out = toMtBench(r.value);
    expect(out.ok && out.value).toEqual([
      {
        question_id: "81",
        model_1: "gpt-3.5-turbo",
        model_2: "vicuna-13b",
        g1_winner: "tie",
        g2_winner: "error",
        judge: ["gpt-4", "pair-v2"],
        g1_judgment: "[[A]]",
        g2_judgment: "[[B]]",
        tstamp: 1687221890.3681,
        turn: 1,
      },
    ]);
  });
});
