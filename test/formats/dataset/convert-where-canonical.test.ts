/**
 * `--where` on prefkit's canonical input filters judgments (and what they derive); the prompts
 * and candidates a kept judgment uses are kept, so the output never refers to a missing entry.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ConvertOptions, convertDataset } from "../../../src/formats/dataset/convert.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { tempDir, writeIn } from "../temp-dir.js";

const dir = tempDir("prefkit-convert-where-");

const BASE: ConvertOptions = {
  to: "prefkit",
  strategy: "all",
  minMargin: Number.MIN_VALUE,
  criterion: "mean",
  attribute: "helpfulness",
  where: [{ field: "source.annotator", value: "bob" }],
  dropDuplicates: false,
  conflicts: "keep",
  keepIdentical: false,
  dropEmpty: false,
  source: { kind: "human", annotator: "import" },
};

async function records(path: string): Promise<Record<string, unknown>[]> {
  const list: Record<string, unknown>[] = [];
  for await (const r of readDatasetRecords(path)) {
    if (!r.ok) throw new Error(r.message);
    list.push(r.record);
  }
  return list;
}

const user = (content: string) => [{ role: "user", content }];
const assistant = (content: string) => [{ role: "assistant", content }];
const judgment = (id: string, prompt: string, a: string, b: string, annotator: string) => ({
  type: "judgment",
  id,
  kind: "pairwise",
  prompt,
  a,
  b,
  outcome: "a",
  source: { kind: "human", annotator },
});
// Two prompts; ann judges both, bob only the second. p1's entries are used by ann alone.
const ENTRIES = [
  { type: "system", id: "s1" },
  { type: "system", id: "s2" },
  { type: "prompt", id: "p1", messages: user("one"), category: "x" },
  { type: "candidate", id: "c11", prompt: "p1", system: "s1", messages: assistant("a") },
  { type: "candidate", id: "c12", prompt: "p1", system: "s2", messages: assistant("b") },
  { type: "prompt", id: "p2", messages: user("two"), category: "y" },
  { type: "candidate", id: "c21", prompt: "p2", system: "s1", messages: assistant("c") },
  { type: "candidate", id: "c22", prompt: "p2", system: "s2", messages: assistant("d") },
  judgment("j1", "p1", "c11", "c12", "ann"),
  judgment("j2", "p2", "c21", "c22", "ann"),
  judgment("j3", "p2", "c22", "c21", "bob"),
];
const BOB_PAIR = { prompt: user("two"), chosen: assistant("d"), rejected: assistant("c") };
const input = () =>
  writeIn(dir, "canonical.jsonl", ENTRIES.map((e) => `${JSON.stringify(e)}\n`).join(""));

describe("convertDataset: --where on canonical input", () => {
  it("keeps the kept judgments' prompts and candidates, and every system, prefkit → prefkit", async () => {
    const path = join(dir, "bob.jsonl");
    const summary = await convertDataset(input(), path, BASE);
    const ids = (await records(path)).map((e) => e.id);
    expect(ids).toEqual(["s1", "s2", "p2", "c21", "c22", "j3"]);
    expect(summary.dropped).toEqual({
      "--where": 2,
      "--where: prompt no kept judgment uses": 1,
      "--where: candidate no kept judgment uses": 2,
    });
    // The output is whole: it converts on without a missing reference.
    const pairs = join(dir, "bob-pairs.jsonl");
    await convertDataset(path, pairs, { ...BASE, to: "trl-preference", where: [] });
    expect(await records(pairs)).toEqual([BOB_PAIR]);
  });

  it("filters judgments, not the entries they use, on the way to other formats", async () => {
    const path = join(dir, "bob-direct.jsonl");
    const summary = await convertDataset(input(), path, { ...BASE, to: "trl-preference" });
    expect(await records(path)).toEqual([BOB_PAIR]);
    expect(summary.dropped).toEqual({ "--where": 2 });
  });
});
