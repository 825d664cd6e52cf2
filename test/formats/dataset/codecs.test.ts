import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ItemAssembler } from "../../../src/formats/dataset/assemble.js";
import {
  CODECS,
  type CodecOptions,
  DEFAULT_CODEC_OPTIONS,
} from "../../../src/formats/dataset/codecs.js";
import { type DatasetFormat, detectDatasetFormat } from "../../../src/formats/dataset/detect.js";
import type { DatasetItem } from "../../../src/formats/dataset/items.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { writeRecordsAtomically } from "../../../src/formats/dataset/write-records.js";
import { tempDir } from "../temp-dir.js";

const dir = tempDir("prefkit-codecs-");
const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;

/** Items of a file, read in `format`, HelpSteer rows grouped as the converter groups them. */
async function itemsOf(path: string, format: DatasetFormat, options: CodecOptions) {
  const assembler = new ItemAssembler(format, CODECS[format].holds, options.criterion);
  const items: DatasetItem[] = [];
  for await (const located of readDatasetRecords(path)) {
    if (!located.ok) throw new Error(`${path}:${located.line}: ${located.message}`);
    const parsed = CODECS[format].read(located.record, options);
    if (!parsed.ok) throw new Error(`${path}:${located.line}: ${JSON.stringify(parsed.issues)}`);
    for (const item of parsed.value) {
      const assembled = assembler.add(item, located);
      if (!assembled.ok) throw new Error(JSON.stringify(assembled.issues));
      items.push(...assembled.ready.map((r) => r.item));
    }
  }
  items.push(...assembler.flush().map((r) => r.item));
  return items;
}

const SAMPLES: [string, DatasetFormat, Partial<CodecOptions>][] = [
  ["datasets/trl-preference-text.jsonl", "trl-preference", { style: "text" }],
  ["datasets/trl-preference-conversational.jsonl", "trl-preference", {}],
  ["datasets/trl-unpaired.jsonl", "trl-unpaired", { style: "text" }],
  ["datasets/trl-unpaired-conversational.jsonl", "trl-unpaired", {}],
  ["datasets/hh-rlhf.jsonl", "hh-rlhf", {}],
  ["datasets/rewardbench.jsonl", "rewardbench", {}],
  ["llmbar/natural.json", "llmbar", {}],
  ["datasets/ultrafeedback.jsonl", "ultrafeedback", {}],
  ["datasets/helpsteer.jsonl", "helpsteer", {}],
  ["arena-hard/arena_hard_battles_57a9881.jsonl", "arena", {}],
  ["../../examples/arena-demo.jsonl", "arena", {}],
  ["../../examples/canonical-demo.jsonl", "prefkit", {}],
];

const FLAT = new Set([
  "datasets/trl-preference-text.jsonl",
  "datasets/trl-unpaired.jsonl",
  "datasets/hh-rlhf.jsonl",
  "datasets/rewardbench.jsonl",
  "llmbar/natural.json",
  "datasets/helpsteer.jsonl",
]);

describe.each(SAMPLES)("%s (%s)", (path, format, overrides) => {
  const options = { ...DEFAULT_CODEC_OPTIONS, ...overrides };

  it("is detected as its format", async () => {
    for await (const located of readDatasetRecords(fixture(path))) {
      expect(located.ok && detectDatasetFormat(located.record)?.format).toBe(format);
      break;
    }
  });

  // CSV holds text only: formats whose records are flat text take it too.
  const extensions = ["jsonl", "jsonl.gz", "json", "parquet", ...(FLAT.has(path) ? ["csv"] : [])];
  it.each(extensions)(
    "round-trips through a .%s file: read, write, read gives the same items",
    async (extension) => {
      const items = await itemsOf(fixture(path), format, options);
      expect(items.length).toBeGreaterThan(0);
      const records = items.flatMap((item) => {
        const written = CODECS[format].write(item, options);
        if (!written.ok) throw new Error(JSON.stringify(written.issues));
        return written.value;
      });
      const out = join(dir, `${format}-${items.length}.${extension}`);
      await writeRecordsAtomically(out, records);
      expect(await itemsOf(out, format, options)).toEqual(items);
    },
  );
});
