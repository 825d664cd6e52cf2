/**
 * A conversion that writes no record still writes the target format's fields: a Parquet file
 * with zero rows has the format's columns (and a CSV file its header), so readers see them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetSchema } from "hyparquet";
import { describe, expect, it } from "vitest";
import { type ConvertOptions, convertDataset } from "../../../src/formats/dataset/convert.js";
import type { DatasetFormat } from "../../../src/formats/dataset/detect.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { tempDir, writeIn } from "../temp-dir.js";

const dir = tempDir("prefkit-convert-empty-");

const BASE: ConvertOptions = {
  to: "trl-preference",
  strategy: "all",
  minMargin: Number.MIN_VALUE,
  criterion: "mean",
  attribute: "helpfulness",
  where: [{ field: "prompt", value: "no such prompt" }],
  dropDuplicates: false,
  conflicts: "keep",
  keepIdentical: false,
  dropEmpty: false,
  source: { kind: "human", annotator: "import" },
};

const input = writeIn(
  dir,
  "pairs.jsonl",
  '{"prompt":"p","chosen":"a","rejected":"b","subset":"s"}\n',
);

/** The top-level columns of a Parquet file and its row count. */
async function columns(path: string): Promise<{ names: string[]; rows: number }> {
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(path));
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  return { names, rows: Number(metadata.num_rows) };
}

describe("convertDataset: an empty output keeps its format's fields", () => {
  it.each<[DatasetFormat, string[]]>([
    ["trl-preference", ["prompt", "chosen", "rejected"]],
    ["trl-unpaired", ["prompt", "completion", "label"]],
    [
      "rewardbench",
      ["prompt", "chosen", "rejected", "subset", "chosen_model", "rejected_model", "id"],
    ],
    ["llmbar", ["input", "output_1", "output_2", "label"]],
    ["hh-rlhf", ["chosen", "rejected"]],
    ["arena", ["model_a", "model_b", "winner"]],
  ])("writes zero %s records to Parquet with its columns", async (to, expected) => {
    const path = join(dir, `${to}.parquet`);
    const summary = await convertDataset(input, path, { ...BASE, to });
    expect(summary.written[path]).toBe(0);
    expect(summary.dropped).toEqual({ "--where": 1 });
    const { names, rows } = await columns(path);
    expect(rows).toBe(0);
    expect(names).toEqual(expected);
    const read: unknown[] = [];
    for await (const r of readDatasetRecords(path)) read.push(r);
    expect(read).toEqual([]);
  });

  it("writes zero canonical entries with the columns of every entry type", async () => {
    const path = join(dir, "prefkit.parquet");
    await convertDataset(input, path, { ...BASE, to: "prefkit" });
    const { names } = await columns(path);
    for (const name of [
      "type",
      "id",
      "messages",
      "prompt",
      "system",
      "kind",
      "a",
      "b",
      "outcome",
      "source",
    ])
      expect(names).toContain(name);
  });

  it("writes a CSV header for zero records", async () => {
    const path = join(dir, "pairs.csv");
    await convertDataset(input, path, BASE);
    expect(readFileSync(path, "utf8")).toBe("prompt,chosen,rejected\n");
  });
});
