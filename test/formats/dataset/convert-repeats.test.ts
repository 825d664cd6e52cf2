/**
 * What `convert` must never change silently (issue 12's trial on real data): repeated judgments
 * are data, duplicates and contradictions are counted and only removed when asked.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ConvertOptions, convertDataset } from "../../../src/formats/dataset/convert.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { tempDir } from "../temp-dir.js";

const dir = tempDir("prefkit-convert-repeats-");
const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;
const ARENA_HARD = fixture("arena-hard/arena_hard_battles_74e8b6f.jsonl");

const BASE: ConvertOptions = {
  to: "trl-preference",
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
const out = (extension = "jsonl") => join(dir, `out-${++files}.${extension}`);

async function records(path: string): Promise<Record<string, unknown>[]> {
  const list: Record<string, unknown>[] = [];
  for await (const r of readDatasetRecords(path)) {
    if (!r.ok) throw new Error(r.message);
    list.push(r.record);
  }
  return list;
}

function writeJsonl(name: string, rows: readonly unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
  return path;
}

/** Lines equal to an earlier line, counted independently of prefkit's digests. */
function repeatedLines(path: string): number {
  const lines = readFileSync(path, "utf8").trim().split("\n");
  return lines.length - new Set(lines).size;
}

describe("convertDataset: repeated judgments are data", () => {
  it("keeps arena-hard's repeated battles arena → arena: 2,136 rows in, the same 2,136 out", async () => {
    const path = out();
    const summary = await convertDataset(ARENA_HARD, path, { ...BASE, to: "arena" });
    expect(summary.written[path]).toBe(2136);
    expect(summary.dropped).toEqual({});
    expect(await records(path)).toEqual(await records(ARENA_HARD));
    // Strong verdicts repeat a row: found, counted, and kept.
    const repeats = repeatedLines(ARENA_HARD);
    expect(repeats).toBeGreaterThan(1000);
    expect(summary.duplicates).toBe(repeats);
  });

  it("keeps votes on one pair by different annotators; --drop-duplicates leaves out only byte-identical records", async () => {
    const vote = { prompt: "p", chosen: "a", rejected: "b" };
    const input = writeJsonl("votes.jsonl", [
      { ...vote, annotator: "ann" },
      { ...vote, annotator: "bob" },
      { ...vote, annotator: "ann" },
      { annotator: "ann", ...vote },
    ]);
    const kept = out();
    const summary = await convertDataset(input, kept, BASE);
    expect(summary.written[kept]).toBe(4);
    expect(summary.duplicates).toBe(1);
    expect(summary.dropped).toEqual({});
    const dropped = out();
    const asked = await convertDataset(input, dropped, { ...BASE, dropDuplicates: true });
    expect(asked.written[dropped]).toBe(3);
    expect(asked.duplicates).toBe(1);
    expect(asked.dropped).toEqual({ "duplicate record (--drop-duplicates)": 1 });
    // Field order is part of a record's bytes: the fourth record is not a duplicate.
    expect((await records(dropped)).map((r) => r.annotator)).toEqual(["ann", "bob", "ann"]);
  });

  it("keeps repeated pairs into prefkit's format as repeated judgments", async () => {
    const vote = { prompt: "p", chosen: "a", rejected: "b" };
    const path = out();
    const summary = await convertDataset(writeJsonl("twice.jsonl", [vote, vote]), path, {
      ...BASE,
      to: "prefkit",
    });
    expect(summary.dropped).toEqual({});
    const judgments = (await records(path)).filter((e) => e.type === "judgment");
    expect(judgments).toHaveLength(2);
    expect(new Set(judgments.map((j) => j.id)).size).toBe(2);
  });
});

describe("convertDataset: contradictory preferences", () => {
  // p: a over b twice and b over a once; q: c over d and d over c; r: one way only.
  const rows = [
    { prompt: "p", chosen: "a", rejected: "b" },
    { prompt: "p", chosen: "b", rejected: "a" },
    { prompt: "p", chosen: "a", rejected: "b", annotator: "2" },
    { prompt: "q", chosen: "c", rejected: "d" },
    { prompt: "q", chosen: "d", rejected: "c" },
    { prompt: "r", chosen: "e", rejected: "f" },
  ];
  const input = () => writeJsonl("conflicts.jsonl", rows);
  const pairs = async (path: string) =>
    (await records(path)).map((r) => `${r.prompt}:${r.chosen}>${r.rejected}`);

  it("keeps them by default and counts the groups and the items in them", async () => {
    const path = out();
    const summary = await convertDataset(input(), path, BASE);
    expect(summary.written[path]).toBe(6);
    expect(summary.conflicts).toEqual({ groups: 2, items: 5 });
    expect(summary.dropped).toEqual({});
  });

  it("--conflicts majority keeps the majority direction and drops an even split", async () => {
    const path = out();
    const summary = await convertDataset(input(), path, { ...BASE, conflicts: "majority" });
    expect(await pairs(path)).toEqual(["p:a>b", "p:a>b", "r:e>f"]);
    expect(summary.conflicts).toEqual({ groups: 2, items: 5 });
    expect(summary.dropped).toEqual({
      "conflict: minority direction (--conflicts majority)": 1,
      "conflict: even split (--conflicts majority)": 2,
    });
  });

  it("--conflicts drop leaves out every conflicting group", async () => {
    const path = out();
    const summary = await convertDataset(input(), path, { ...BASE, conflicts: "drop" });
    expect(await pairs(path)).toEqual(["r:e>f"]);
    expect(summary.dropped).toEqual({ "conflict (--conflicts drop)": 5 });
  });

  it("finds KTO completions labelled both ways, read or derived", async () => {
    const kto = writeJsonl("kto.jsonl", [
      { prompt: "p", completion: "x", label: true },
      { prompt: "p", completion: "x", label: false },
      { prompt: "p", completion: "x", label: true },
      { prompt: "p", completion: "y", label: false },
    ]);
    const path = out();
    const read = await convertDataset(kto, path, {
      ...BASE,
      to: "trl-unpaired",
      conflicts: "majority",
    });
    expect(read.conflicts).toEqual({ groups: 1, items: 3 });
    expect((await records(path)).map((r) => `${r.completion}:${r.label}`)).toEqual([
      "x:true",
      "x:true",
      "y:false",
    ]);
    // Pairs a>b and b>a make a and b each desirable once and undesirable once.
    const derived = await convertDataset(input(), out(), { ...BASE, to: "trl-unpaired" });
    expect(derived.conflicts).toEqual({ groups: 4, items: 10 });
  });

  it("counts them on the way into prefkit's format too, and in battles with conversations", async () => {
    const canonical = await convertDataset(input(), out(), { ...BASE, to: "prefkit" });
    expect(canonical.conflicts).toEqual({ groups: 2, items: 5 });
    const arena = await convertDataset(ARENA_HARD, out(), {
      ...BASE,
      to: "arena",
      conflicts: "drop",
    });
    // Battles without conversations are grouped by question and the two systems.
    expect(arena.conflicts.groups).toBeGreaterThan(0);
    expect(arena.dropped["conflict (--conflicts drop)"]).toBe(arena.conflicts.items);
  });
});

describe("convertDataset: every pair not made from ratings is counted", () => {
  const completion = (model: string, score: number | null) => ({
    model,
    response: `answer of ${model}`,
    overall_score: score,
  });
  const ultrafeedback = (scores: (number | null)[]) =>
    writeJsonl(`uf-${scores.join("-")}.jsonl`, [
      { instruction: "q", completions: scores.map((s, k) => completion(`m${k}`, s)) },
    ]);

  it("counts ties, unrated completions and differences under --min-margin (worked by hand)", async () => {
    // Scores 5, 5, 3, unrated: (m0, m1) tie; m0 > m2 and m1 > m2 made; three pairs with m3 unrated.
    const input = ultrafeedback([5, 5, 3, null]);
    const options = { ...BASE, criterion: "overall_score" };
    const path = out();
    const summary = await convertDataset(input, path, options);
    expect(summary.written[path]).toBe(2);
    expect(summary.dropped).toEqual({
      "pairs not made from ratings: equal scores (ties)": 1,
      "pairs not made from ratings: a completion is unrated": 3,
    });
    // With --min-margin 2.5 the two pairs 2 apart are not made either, and the record gives none.
    const strict = await convertDataset(input, out(), { ...options, minMargin: 2.5 });
    expect(strict.dropped).toEqual({
      "no two completions differ by the minimum margin": 1,
      "pairs not made from ratings: equal scores (ties)": 1,
      "pairs not made from ratings: a completion is unrated": 3,
      "pairs not made from ratings: difference under --min-margin": 2,
    });
  });

  it("counts the middle completion KTO cannot label (chosen once, rejected once)", async () => {
    const path = out();
    const summary = await convertDataset(ultrafeedback([5, 4, 3]), path, {
      ...BASE,
      criterion: "overall_score",
      to: "trl-unpaired",
    });
    expect((await records(path)).map((r) => [r.completion, r.label])).toEqual([
      ["answer of m0", true],
      ["answer of m2", false],
    ]);
    expect(summary.dropped).toEqual({
      "KTO examples not made: completion both chosen and rejected": 1,
    });
  });
});
