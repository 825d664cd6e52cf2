import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { prefkit } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-inspect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("prefkit inspect", () => {
  it("describes an arena log: format and why, fields, outcome balance, battles per system", async () => {
    const run = await prefkit([
      "inspect",
      "test/fixtures/arena-hard/arena_hard_battles_57a9881.jsonl",
      "--format",
      "json",
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.format).toBe("arena");
    expect(report.reason).toBe("fields model_a, model_b, winner");
    expect(report.records).toBe(1348);
    expect(report.invalid).toBe(0);
    expect(report.outcomes).toEqual({ model_a: 147, model_b: 1178, tie: 23 });
    // The baseline is in every battle: its wins are the model_a outcomes here.
    expect(report.systems["claude-3-haiku-20240307"]).toEqual({
      appearances: 1348,
      wins: 147,
      losses: 1178,
      ties: 23,
    });
  });

  it("reports duplicates, verbosity and each invalid record with file:line: field (also .gz)", async () => {
    const lines = [
      { prompt: "p", chosen: "a longer answer", rejected: "short" },
      { prompt: "p", chosen: "a longer answer", rejected: "short" },
      { prompt: "q", chosen: "same", rejected: "same" },
      { prompt: "r", chosen: 3, rejected: "x" },
    ].map((r) => JSON.stringify(r));
    const path = join(dir, "pairs.jsonl.gz");
    writeFileSync(path, gzipSync(`${lines.join("\n")}\n`));
    const run = await prefkit(["inspect", path]);
    expect(run.code).toBe(0);
    expect(run.stdout.replaceAll(dir, "<tmp>")).toMatchInlineSnapshot(`
      "<tmp>/pairs.jsonl.gz: trl-preference (fields prompt, chosen, rejected)
      records: 4, invalid: 1
      fields: prompt (4), chosen (4), rejected (4)
      pairs: 3, distinct prompts: 2
      duplicate pairs: 1, identical chosen/rejected: 1, empty chosen: 0, empty rejected: 0
      possibly truncated: chosen 0, rejected 0
      chosen longer than rejected: 100.0% (mean length 11 vs 5 characters)
      invalid: <tmp>/pairs.jsonl.gz:4: chosen: expected string or array, received number
      "
    `);
  });

  it("fails with a one-line message on an unknown shape (bad data: exit 1)", async () => {
    const path = join(dir, "unknown.jsonl");
    writeFileSync(path, '{"text":"hello"}\n');
    const run = await prefkit(["inspect", path]);
    expect(run.code).toBe(1);
    expect(run.stderr.replaceAll(dir, "<tmp>")).toBe(
      "prefkit: <tmp>/unknown.jsonl:1: unknown dataset format (fields: text)\n",
    );
  });
});
