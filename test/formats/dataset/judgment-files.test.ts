/**
 * The judgment fixtures end to end through the formats layer: detection and its reason, reading
 * back what is written in the same format, canonical entries and back, inspect's counts against
 * convert's and against independent counts (test/fixtures/reference/judgment_counts.py).
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ConvertOptions, convertDataset } from "../../../src/formats/dataset/convert.js";
import { detectDatasetFormat } from "../../../src/formats/dataset/detect.js";
import { inspectDataset } from "../../../src/formats/dataset/inspect-dataset.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { tempDir } from "../temp-dir.js";

const dir = tempDir("prefkit-judgments-");
const fixture = (path: string) =>
  new URL(`../../fixtures/judgments/${path}`, import.meta.url).pathname;
const reference = JSON.parse(
  readFileSync(new URL("../../fixtures/reference/judgment_counts.json", import.meta.url), "utf8"),
);
const PRD = readdirSync(fixture("prd"))
  .filter((f) => f.endsWith(".jsonl"))
  .sort()
  .map((f) => fixture(`prd/${f}`));

const BASE: ConvertOptions = {
  to: "arena",
  strategy: "all",
  minMargin: Number.MIN_VALUE,
  criterion: "mean",
  attribute: "helpfulness",
  where: [],
  dropDuplicates: false,
  conflicts: "keep",
  keepIdentical: true,
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

let n = 0;
const out = (name = `out-${++n}.jsonl`) => join(dir, `${++n}-${name}`);

describe("judgment files", () => {
  it.each<[string, string, string]>([
    [
      "alpacaeval/annotations.json",
      "alpacaeval",
      "fields instruction, output_1, output_2, preference (AlpacaEval annotations)",
    ],
    [
      "mt-bench-gpt-4_pair.jsonl",
      "mt-bench",
      "fields model_1, model_2, g1_winner, g2_winner (MT-Bench judgments)",
    ],
    [
      "arena-hard-gpt-4o-mini.jsonl",
      "arena-hard-judgment",
      "fields model, judge, games (arena-hard-auto judgments)",
    ],
    [
      "pandalm-testset.jsonl",
      "annotator-table",
      "fields response1, response2 and a column per labeller (annotator1, annotator2, annotator3)",
    ],
    [
      `prd/${basename(PRD[0]!)}`,
      "fastchat-review",
      "fields answer1_id, answer2_id, score (FastChat reviews)",
    ],
  ])("%s is detected as %s, and says why", async (file, format, reason) => {
    const [first] = await records(fixture(file));
    expect(detectDatasetFormat(first!)).toEqual({ format, reason });
  });

  // Each file written in its own format gives its records back (each item keeps its record).
  it.each<[string, Partial<ConvertOptions>]>([
    ["alpacaeval/annotations.json", { to: "alpacaeval" }],
    ["mt-bench-gpt-4_pair.jsonl", { to: "mt-bench" }],
    [
      "arena-hard-gpt-4o-mini.jsonl",
      { to: "arena-hard-judgment", codec: { baseline: "o3-mini-2025-01-31" } },
    ],
    ["pandalm-testset.jsonl", { to: "annotator-table" }],
  ])("%s converted to its own format is the same records", async (file, options) => {
    const path = out(basename(file));
    const summary = await convertDataset(fixture(file), path, {
      ...BASE,
      ...options,
    } as ConvertOptions);
    expect(await records(path)).toEqual(await records(fixture(file)));
    expect(summary.dropped).toEqual({});
  });

  it("PRD reviews converted to their own format are the same records, file by file", async () => {
    for (const file of PRD) {
      const path = join(dir, basename(file));
      await convertDataset(file, path, { ...BASE, to: "fastchat-review" });
      expect(await records(path)).toEqual(await records(file));
    }
  });

  it("AlpacaEval annotations → canonical entries → AlpacaEval keep every modelled field (verdicts only)", async () => {
    const canonical = out("canonical.jsonl");
    const toEntries = await convertDataset(fixture("alpacaeval/annotations.json"), canonical, {
      ...BASE,
      to: "prefkit",
    });
    expect(toEntries.dropped).toEqual({ "unparsed labels (null preference)": 1 });
    expect(toEntries.notes).toEqual({ "fractional preferences written as their verdict": 2 });
    const back = out("back.jsonl");
    await convertDataset(canonical, back, { ...BASE, to: "alpacaeval" });
    const original = await records(fixture("alpacaeval/annotations.json"));
    const modelled = ({
      instruction,
      output_1,
      output_2,
      generator_1,
      generator_2,
      annotator,
      preference,
    }: Record<string, unknown>) => ({
      instruction,
      output_1,
      output_2,
      generator_1,
      generator_2,
      annotator,
      preference,
    });
    // Verdicts only: 1.0100… → 1 (output_1), 1.4593… → 1 (output_1); a 0 draw comes back as 1.5;
    // the null label has no judgment.
    const expected = original
      .filter((r) => r.preference !== null)
      .map((r) => {
        const p = r.preference as number;
        return { ...modelled(r), preference: p === 0 || p === 1.5 ? 1.5 : p < 1.5 ? 1 : 2 };
      });
    expect((await records(back)).map(modelled)).toEqual(expected);
  });

  it("PandaLM-style tables → canonical entries → tables give the same labels", async () => {
    const canonical = out("pandalm-canonical.jsonl");
    await convertDataset(fixture("pandalm-testset.jsonl"), canonical, { ...BASE, to: "prefkit" });
    const back = out("pandalm-back.jsonl");
    await convertDataset(canonical, back, { ...BASE, to: "alpacaeval" });
    // Each canonical judgment is one label: 3 records × 3 annotators.
    const labels = (await records(back)).map((r) => [r.annotator, r.preference]);
    expect(labels).toEqual([
      ["annotator1", 1],
      ["annotator2", 1],
      ["annotator3", 1],
      ["annotator1", 2],
      ["annotator2", 2],
      ["annotator3", 1.5],
      ["annotator1", 1.5],
      ["annotator2", 1],
      ["annotator3", 2],
    ]);
  });

  it("inspect counts the labels convert turns into battles (arena-hard: 8 labels, 1 unparsed, 3 strong)", async () => {
    const file = fixture("arena-hard-gpt-4o-mini.jsonl");
    const codec = { baseline: "o3-mini-2025-01-31" };
    const report = await inspectDataset([file], { codec });
    expect(report.comparisons).toEqual({
      items: 4,
      labels: 8,
      unparsed: 1,
      strong: 3,
      fractional: 0,
      labellers: { "gpt-4.1": 8 },
      // For a, the baseline: B>A, A>>B (game 2: the model) | A>>B, A=B | A<B, null | B>>A, B<A (game 2).
      verdicts: { a: 1, b: 5, tie: 1 },
    });
    const path = out("arena-hard-battles.jsonl");
    const summary = await convertDataset(file, path, { ...BASE, codec });
    const battles = await records(path);
    // 7 parsed labels, 3 of them strong and counted three times: 7 + 2 × 3 = 13 battles, as
    // show_result.py makes them (judgment_counts.py).
    expect(battles.length).toBe(7 + 2 * 3);
    expect(battles.length).toBe(reference.arena_hard.battles);
    const winner = (w: string) => battles.filter((b) => b.winner === w).length;
    expect([winner("model_b"), winner("model_a"), winner("tie")]).toEqual([
      reference.arena_hard.model_wins,
      reference.arena_hard.baseline_wins,
      reference.arena_hard.ties,
    ]);
    expect(summary.records).toBe(report.records);
    expect(summary.dropped).toEqual({
      "unparsed labels (null preference)": report.comparisons!.unparsed,
    });
    expect(summary.notes).toEqual({
      "strong verdicts written as three battles (arena-hard's weighting)":
        report.comparisons!.strong,
    });
  });

  it("inspect of the PRD reviews agrees with the independent counts, and with convert's battles", async () => {
    const report = await inspectDataset(PRD);
    expect(report.systems).toEqual(reference.prd);
    expect(report.comparisons!.labellers).toEqual({ claude: 20, bard: 10 });
    const path = out("prd-battles.jsonl");
    const summary = await convertDataset(PRD, path, BASE);
    expect(summary.records).toBe(report.records);
    expect(summary.written[path]).toBe(report.comparisons!.labels - report.comparisons!.unparsed);
    expect(summary.inputs).toEqual(PRD);
  });

  it("inspect of the AlpacaEval annotations agrees with the independent counts", async () => {
    const report = await inspectDataset([fixture("alpacaeval/annotations.json")]);
    expect(report.systems).toEqual(reference.alpacaeval);
    expect(report.comparisons).toMatchObject({ labels: 6, unparsed: 1, fractional: 2 });
  });

  it("refuses to convert files of different formats as one dataset, naming the file", async () => {
    const error = await convertDataset(
      [PRD[0]!, fixture("mt-bench-gpt-4_pair.jsonl")],
      out("mixed.jsonl"),
      BASE,
    ).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `${fixture("mt-bench-gpt-4_pair.jsonl")} holds mt-bench records, the files before it fastchat-review: convert them separately, or name the format with --from`,
    );
  });
});
