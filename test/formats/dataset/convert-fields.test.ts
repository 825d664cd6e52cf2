/**
 * Fields survive conversion: a battle's judge or annotator becomes the judgment's source and
 * its other fields the judgment's metadata, and both come back in the battle; TRL, RewardBench
 * and LLMBar columns prefkit does not model go to metadata and back.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ConvertOptions, convertDataset } from "../../../src/formats/dataset/convert.js";
import type { DatasetFormat } from "../../../src/formats/dataset/detect.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { tempDir, writeIn } from "../temp-dir.js";

const dir = tempDir("prefkit-convert-fields-");
const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;
const ARENA_HARD = fixture("arena-hard/arena_hard_battles_74e8b6f.jsonl");

const BASE: ConvertOptions = {
  to: "prefkit",
  strategy: "all",
  minMargin: Number.MIN_VALUE,
  criterion: "mean",
  attribute: "helpfulness",
  where: [],
  dropDuplicates: false,
  conflicts: "keep",
  keepIdentical: false,
  dropEmpty: false,
  source: { kind: "human", annotator: "import" },
};

let files = 0;
const out = () => join(dir, `out-${++files}.jsonl`);

async function records(path: string): Promise<Record<string, unknown>[]> {
  const list: Record<string, unknown>[] = [];
  for await (const r of readDatasetRecords(path)) {
    if (!r.ok) throw new Error(r.message);
    list.push(r.record);
  }
  return list;
}

const jsonl = (name: string, rows: readonly unknown[]) =>
  writeIn(dir, name, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));

/** Input → prefkit → the input's format: the canonical entries and what came back. */
async function throughCanonical(input: string, format: DatasetFormat) {
  const canonical = out();
  const there = await convertDataset(input, canonical, BASE);
  const back = out();
  // Canonical messages come back as text where the input had text (TRL's text style).
  const again = await convertDataset(canonical, back, { ...BASE, to: format, style: "text" });
  return { entries: await records(canonical), back: await records(back), there, again };
}

const user = (content: string) => ({ role: "user", content });
const assistant = (content: string) => ({ role: "assistant", content });

describe("convertDataset: arena battles through prefkit's format", () => {
  it("round-trips arena-hard (no conversations) with its 2,136 rows, question ids and repeats", async () => {
    const { entries, back, there, again } = await throughCanonical(ARENA_HARD, "arena");
    expect(there.dropped).toEqual({});
    expect(entries.filter((e) => e.type === "judgment")).toHaveLength(2136);
    // One prompt per question, named by it; one answer per system and question.
    const prompts = entries.filter((e) => e.type === "prompt");
    expect(new Set(prompts.map((p) => JSON.stringify(p.metadata))).size).toBe(prompts.length);
    expect(Object.values(again.written)).toEqual([2136]);
    expect(back).toEqual(await records(ARENA_HARD));
  });

  it("keeps judge and annotator as the source and the other fields as metadata, and restores them", async () => {
    const conversation = (answer: string) => [user("hi"), assistant(answer)];
    const battles = [
      {
        question_id: "q1",
        model_a: "m1",
        model_b: "m2",
        winner: "model_a",
        judge: "gpt-4",
        language: "English",
        turn: 1,
        tstamp: 1700000000.5,
        conversation_a: conversation("hello"),
        conversation_b: conversation("hey"),
      },
      {
        question_id: "q1",
        model_a: "m2",
        model_b: "m1",
        winner: "tie",
        annotator: "arena_user_7",
        anony: true,
        conversation_a: conversation("hey"),
        conversation_b: conversation("hello"),
      },
      {
        question_id: 81,
        model_a: "m1",
        model_b: "m2",
        winner: "model_b",
        judge: ["gpt-4", "pair-v2"],
        conversation_a: conversation("x"),
        conversation_b: conversation("y"),
      },
    ];
    const { entries, back } = await throughCanonical(jsonl("battles.jsonl", battles), "arena");
    const judgments = entries.filter((e) => e.type === "judgment");
    expect(judgments.map((j) => [j.source, j.metadata])).toEqual([
      [
        { kind: "ai", model: "gpt-4" },
        { question_id: "q1", language: "English", turn: 1, tstamp: 1700000000.5 },
      ],
      [
        { kind: "human", annotator: "arena_user_7" },
        { question_id: "q1", anony: true },
      ],
      [{ kind: "ai", model: "gpt-4", template: "pair-v2" }, { question_id: 81 }],
    ]);
    expect(back).toEqual(battles);
  });
});

describe("convertDataset: columns prefkit does not model", () => {
  it("keeps TRL preference and KTO columns as judgment metadata, and writes them back", async () => {
    const pairs = [
      { prompt: "p", chosen: "a", rejected: "b", prompt_id: "x1", score_chosen: 9 },
      { prompt: "q", chosen: "c", rejected: "d", source: { name: "web" } },
    ];
    const { entries, back } = await throughCanonical(jsonl("trl.jsonl", pairs), "trl-preference");
    const judgments = entries.filter((e) => e.type === "judgment");
    expect(judgments.map((j) => j.metadata)).toEqual([
      { prompt_id: "x1", score_chosen: 9 },
      { source: { name: "web" } },
    ]);
    expect(back).toEqual(pairs);
    const kto = [{ prompt: "p", completion: "a", label: true, rater: "r1" }];
    const unpaired = await throughCanonical(jsonl("kto.jsonl", kto), "trl-unpaired");
    expect(unpaired.back).toEqual(kto);
  });

  it("keeps RewardBench's columns, its id included (as text), through prefkit's format", async () => {
    const rows = [
      {
        prompt: "p",
        chosen: "a",
        rejected: "b",
        subset: "s",
        chosen_model: "m1",
        rejected_model: "m2",
        id: "7",
        difficulty: "hard",
      },
    ];
    const { back } = await throughCanonical(jsonl("rb.jsonl", rows), "rewardbench");
    expect(back).toEqual(rows);
  });

  it("keeps LLMBar's answer order through prefkit's format (position matters to judges)", async () => {
    const natural = fixture("llmbar/natural.json");
    const { back } = await throughCanonical(natural, "llmbar");
    expect(back).toEqual(await records(natural));
  });

  it("keeps LLMBar's extra columns, and TRL's across pair formats", async () => {
    const rows = [{ input: "i", output_1: "a", output_2: "b", label: 2, set: "Natural" }];
    const { entries } = await throughCanonical(jsonl("llmbar.jsonl", rows), "llmbar");
    expect(entries.find((e) => e.type === "judgment")?.metadata).toEqual({ set: "Natural" });
    const path = out();
    await convertDataset(
      jsonl("trl2.jsonl", [{ prompt: "p", chosen: "a", rejected: "b", prompt_id: "x1" }]),
      path,
      { ...BASE, to: "rewardbench" },
    );
    expect(await records(path)).toEqual([
      { prompt_id: "x1", prompt: "p", chosen: "a", rejected: "b" },
    ]);
  });
});
