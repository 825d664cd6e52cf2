import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inspectDataset } from "../../../src/formats/dataset/inspect-dataset.js";
import { tempDir } from "../temp-dir.js";

const dir = tempDir("prefkit-inspect-");
const example = (path: string) => new URL(`../../../examples/${path}`, import.meta.url).pathname;
const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("inspectDataset", () => {
  it("groups HelpSteer rows by prompt before measuring pairs", async () => {
    const report = await inspectDataset([fixture("datasets/helpsteer.jsonl")]);
    // Helpfulness 4 vs 0; then 4, 2, 1: 1 + 3 pairs over 2 prompts.
    expect(report.rated).toEqual({ items: 2, completions: 5 });
    expect([report.quality.pairs, report.quality.distinctPrompts]).toEqual([4, 2]);
  });

  it("counts canonical ties in the outcome balance and per system", async () => {
    const report = await inspectDataset([example("canonical-demo.jsonl")]);
    expect(report.format).toBe("prefkit");
    expect(report.invalid).toBe(0);
    expect(Object.keys(report.outcomes ?? {})).toContain("tie");
    const ties = Object.values(report.systems ?? {}).reduce((n, s) => n + s.ties, 0);
    expect(ties % 2).toBe(0);
    expect(ties).toBeGreaterThan(0);
  });

  it("takes an empty split file as a split with no records", async () => {
    const train = file("train.jsonl", '{"prompt":"p","chosen":"a","rejected":"b"}\n');
    const empty = file("empty.jsonl", "");
    const report = await inspectDataset([train, empty]);
    expect(report.files.map((f) => [f.format, f.reason, f.records])).toEqual([
      ["trl-preference", "fields prompt, chosen, rejected", 1],
      [null, "no records", 0],
    ]);
  });

  it("tells files with the same name apart as splits", async () => {
    const a = join(dir, "a");
    const b = join(dir, "b");
    for (const d of [a, b]) {
      rmSync(d, { recursive: true, force: true });
      mkdirSync(d);
    }
    const line = '{"prompt":"same","chosen":"a","rejected":"b"}\n';
    writeFileSync(join(a, "data.jsonl"), line);
    writeFileSync(join(b, "data.jsonl"), line);
    const report = await inspectDataset([join(a, "data.jsonl"), join(b, "data.jsonl")]);
    expect(report.splits?.shared).toBe(1);
    const twice = await inspectDataset([join(a, "data.jsonl"), join(a, "data.jsonl")]);
    expect(Object.keys(twice.splits?.prompts ?? {})).toEqual([
      join(a, "data.jsonl"),
      `${join(a, "data.jsonl")} #2`,
    ]);
  });

  it("says why a file with no valid record failed", async () => {
    const junk = file("junk.jsonl", "{oops\n[1]\n");
    await expect(inspectDataset([junk])).rejects.toThrow(
      `${junk}: no valid records (first: ${junk}:1: invalid JSON`,
    );
  });

  it("counts invalid lines as records, located", async () => {
    const mixed = file(
      "mixed.jsonl",
      '{"prompt":"p","chosen":"a","rejected":"b"}\nnot json\n{"prompt":"q","chosen":1,"rejected":"b"}\n',
    );
    const report = await inspectDataset([mixed]);
    expect([report.records, report.invalid]).toEqual([3, 2]);
    expect(report.errors).toEqual([
      expect.stringMatching(/^.*mixed\.jsonl:2: invalid JSON/),
      `${mixed}:3: chosen: expected string or array, received number`,
    ]);
  });
});
