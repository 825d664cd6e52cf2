import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { flags, prefkit } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-convert-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const ULTRAFEEDBACK = "test/fixtures/datasets/ultrafeedback.jsonl";

/** Runs `prefkit convert INPUT OUTPUT` with its flags written as on a command line. */
const convert = (input: string, output: string, line: string) =>
  prefkit(["convert", input, output, ...flags(line)]);

describe("prefkit convert", () => {
  it("binarises UltraFeedback into TRL pairs and reports what it wrote as JSON", async () => {
    const out = join(dir, "uf.jsonl");
    const run = await convert(
      ULTRAFEEDBACK,
      out,
      "--to trl-preference --pairs best-vs-worst --format json",
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      format: "ultrafeedback",
      to: "trl-preference",
      records: 2,
      invalid: 0,
      written: { [out]: 2 },
    });
    expect(lines(out).map((r) => r.rejected)).toEqual([
      "Recursion is a function.",
      "Green, purple, orange.",
    ]);
  });

  it("splits by prompt into Parquet files that inspect finds leak-free", async () => {
    const out = join(dir, "pairs.parquet");
    const split = await convert(
      "test/fixtures/llmbar/natural.json",
      out,
      "--to trl-preference --split train=0.8,test=0.2 --seed 7",
    );
    expect(split.code).toBe(0);
    const train = join(dir, "pairs.train.parquet");
    const test = join(dir, "pairs.test.parquet");
    const run = await prefkit(["inspect", train, test, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.records).toBe(100);
    expect(report.splits.shared).toBe(0);
    const perSplit = Object.values(report.splits.prompts) as number[];
    expect(perSplit.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.min(...perSplit)).toBeGreaterThan(5);
  });

  it("inspect finds prompts repeated across two split files", async () => {
    const a = join(dir, "a.jsonl");
    const b = join(dir, "b.jsonl");
    writeFileSync(
      a,
      '{"prompt":"shared","chosen":"x","rejected":"y"}\n{"prompt":"only a","chosen":"x","rejected":"y"}\n',
    );
    writeFileSync(b, '{"prompt":"shared","chosen":"z","rejected":"w"}\n');
    const run = await prefkit(["inspect", a, b]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`prompts per split: ${a} 2, ${b} 1; in more than one split: 1`);
  });

  it("stops at a bad record with file:line: field and writes nothing (exit 1)", async () => {
    const input = join(dir, "bad.jsonl");
    writeFileSync(
      input,
      '{"prompt":"p","chosen":"a","rejected":"b"}\n{"prompt":"q","chosen":"a"}\n',
    );
    const out = join(dir, "never.jsonl");
    const run = await prefkit(["convert", input, out, "--to", "trl-unpaired"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`prefkit: ${input}:2: rejected: missing field\n`);
    expect(readdirSync(dir).filter((f) => f.startsWith("never"))).toEqual([]);
  });

  it("with --skip-invalid, converts the rest and writes a rejects report beside the output", async () => {
    const input = join(dir, "bad2.jsonl");
    writeFileSync(input, '{"prompt":"p","chosen":"a","rejected":"b"}\n{oops\n');
    const out = join(dir, "kept.jsonl");
    const run = await prefkit(["convert", input, out, "--to", "hh-rlhf", "--skip-invalid"]);
    expect(run.code).toBe(0);
    expect(lines(out)).toEqual([
      { chosen: "\n\nHuman: p\n\nAssistant: a", rejected: "\n\nHuman: p\n\nAssistant: b" },
    ]);
    const rejects = lines(`${out}.rejects.jsonl`);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ location: `${input}:2`, field: "(record)" });
    expect(run.stderr).toContain("1 invalid");
  });

  it("rejects usage mistakes with exit 2: no --to, an unknown output type", async () => {
    const input = "test/fixtures/datasets/rewardbench.jsonl";
    const noTo = await prefkit(["convert", input, join(dir, "x.jsonl")]);
    expect(noTo.code).toBe(2);
    expect(noTo.stderr).toContain("--to <format>");
    const txt = await prefkit(["convert", input, join(dir, "x.txt"), "--to", "llmbar"]);
    expect(txt.code).toBe(2);
    expect(txt.stderr).toMatch(/x\.txt: unsupported file type/);
    expect(existsSync(join(dir, "x.txt"))).toBe(false);
  });

  it.each([
    ["train=abc", 'bad split "train=abc"'],
    ["train=0", 'bad split "train=0"'],
    ["tr@in=1", 'bad split name "tr@in"'],
    ["a=1,A=1", "split names must differ"],
  ])(
    "refuses --split %s as a usage mistake (exit 2), not an internal error",
    async (split, why) => {
      const input = "test/fixtures/datasets/rewardbench.jsonl";
      const out = join(dir, "split.jsonl");
      const run = await prefkit([
        "convert",
        input,
        out,
        "--to",
        "trl-preference",
        "--split",
        split,
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr.startsWith(`prefkit: ${why}`)).toBe(true);
      expect(run.stderr).not.toMatch(/internal error|RangeError/);
    },
  );

  describe("says every decision it made, with counts", () => {
    const ARENA_HARD = "test/fixtures/arena-hard/arena_hard_battles_74e8b6f.jsonl";

    it("keeps arena-hard's 2,136 rows, counting repeats and warning of contradictions", async () => {
      const out = join(dir, "battles.jsonl");
      const run = await convert(ARENA_HARD, out, "--to arena");
      expect(run.code).toBe(0);
      expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(2136);
      expect(run.stderr.replaceAll(ARENA_HARD, "IN").replaceAll(out, "OUT")).toMatchInlineSnapshot(`
        "IN (arena) → arena: 2136 records read
          wrote 2136 records to OUT
          1562 records repeat an earlier record byte for byte: kept (--drop-duplicates leaves them out)
        warning: 71 groups preferred both ways (the same prompt and responses, or question and systems: 254 items), written as they are; --conflicts majority or drop settles them
        "
      `);
    });

    it("with --format json, still warns on stderr; --keep-duplicates is accepted and changes nothing", async () => {
      const out = join(dir, "battles-json.jsonl");
      const run = await convert(ARENA_HARD, out, "--to arena --keep-duplicates --format json");
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        written: { [out]: 2136 },
        dropped: {},
        duplicates: 1562,
        conflicts: { groups: 71, items: 254 },
      });
      expect(run.stderr).toMatch(/^prefkit: warning: 71 groups preferred both ways/);
    });

    it("drops only when asked: --drop-duplicates, --conflicts drop", async () => {
      const out = join(dir, "settled.jsonl");
      const run = await convert(ARENA_HARD, out, "--to arena --drop-duplicates --conflicts drop");
      expect(run.code).toBe(0);
      expect(run.stderr).toContain("left out 1562: duplicate record (--drop-duplicates)");
      expect(run.stderr).toContain("left out 142: conflict (--conflicts drop)");
      expect(run.stderr).toContain("wrote 432 records");
      expect(run.stderr).not.toContain("warning");
      const both = await convert(ARENA_HARD, out, "--to arena --drop-duplicates --keep-duplicates");
      expect(both.code).toBe(2);
    });

    it("names the missing conversations when a battle log cannot become pairs", async () => {
      const run = await convert(ARENA_HARD, join(dir, "pairs.jsonl"), "--to trl-preference");
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `prefkit: ${ARENA_HARD}:1: conversation_a: missing: pairs need both conversations, and this battle has none (a battle log can become arena or prefkit records)\n`,
      );
    });
  });
});
