/**
 * Judgment files through the built CLI: `--from`, `--map/--labels`, `--mapping`, folders on
 * inspect, convert and leaderboard (run `npx tsc -p tsconfig.build.json` first).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../formats/temp-dir.js";
import { prefkit } from "./run-cli.js";

const dir = tempDir("prefkit-judgments-cli-");
const PRD = "test/fixtures/judgments/prd";
const ALPACA = "test/fixtures/judgments/alpacaeval/annotations.json";
const PANDALM = "test/fixtures/judgments/pandalm-testset.jsonl";
const ARENA_HARD = "test/fixtures/judgments/arena-hard-gpt-4o-mini.jsonl";

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("judgment files on the command line", () => {
  it("leaderboard reads a folder of FastChat reviews (a folder used to crash with exit 70)", async () => {
    const run = await prefkit(["leaderboard", PRD, "--format", "json", "--bootstrap", "0"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const rows = report.leaderboards[0].systems.map((s: Record<string, unknown>) => [
      s.system,
      s.wins,
      s.losses,
      s.ties,
    ]);
    // judgment_counts.json: gpt4 18 wins, 7 losses, 5 ties over the three files.
    expect(rows).toEqual([
      ["gpt4", 18, 7, 5],
      ["claude", 7, 18, 5],
    ]);
    expect(report.input.map((f: { file: string }) => f.file)).toEqual([
      `${PRD}/answer_claude-vs-answer_gpt4-claude-reviewer_threeclass.jsonl`,
      `${PRD}/answer_gpt4-vs-answer_claude-bard-reviewer_threeclass.jsonl`,
      `${PRD}/answer_gpt4-vs-answer_claude-claude-reviewer_threeclass.jsonl`,
    ]);
  });

  it("leaderboard --from alpacaeval fits battles from the labels and says what it left out", async () => {
    const run = await prefkit([
      "leaderboard",
      "--from",
      "alpacaeval",
      ALPACA,
      "--bootstrap",
      "0",
      "--format",
      "json",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        `prefkit: ${ALPACA} (alpacaeval): fractional preferences written as their verdict: 2`,
        `prefkit: ${ALPACA} (alpacaeval): unparsed labels (null preference): 1`,
        "",
      ].join("\n"),
    );
    expect(JSON.parse(run.stdout).leaderboards[0].battles).toBe(5);
  });

  it("leaderboard of arena-hard judgments counts strong verdicts three times", async () => {
    const run = await prefkit([
      "leaderboard",
      ARENA_HARD,
      "--baseline",
      "o3-mini",
      "--bootstrap",
      "0",
      "--format",
      "json",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).leaderboards[0].battles).toBe(13);
  });

  it("an empty folder is a usage error naming it", async () => {
    const empty = join(dir, "empty");
    mkdirSync(empty);
    for (const command of [
      ["leaderboard", empty],
      ["inspect", empty],
      ["convert", empty, join(dir, "x.jsonl"), "--to", "arena"],
    ]) {
      const run = await prefkit(command);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${empty}: no dataset files in the directory`);
    }
  });

  it("inspect a folder: the format and why per file, labels and labellers", async () => {
    const run = await prefkit(["inspect", PRD, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.format).toBe("fastchat-review");
    expect(report.records).toBe(30);
    expect(report.comparisons).toMatchObject({
      labels: 30,
      unparsed: 0,
      labellers: { claude: 20, bard: 10 },
    });
    expect(report.splits).toBeUndefined();
  });

  it("convert --map/--labels reads a table and writes arena battles; --to mapped writes it back", async () => {
    const table = join(dir, "votes.csv");
    writeFileSync(
      table,
      "question,left,right,m1,m2,vote\nWhy?,Because.,No.,x,y,1\nHow?,So.,Thus.,x,y,0\nWho?,Me.,You.,x,y,2\n",
    );
    const battles = join(dir, "votes-battles.jsonl");
    const map = "prompt=question,a=left,b=right,system_a=m1,system_b=m2,label=vote";
    const run = await prefkit([
      "convert",
      table,
      battles,
      "--to",
      "arena",
      "--map",
      map,
      "--labels",
      "0=tie,1=a,2=b",
      "--format",
      "json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ format: "mapped", records: 3 });
    expect(lines(battles).map((b) => [b.model_a, b.model_b, b.winner, b.judge])).toEqual([
      ["x", "y", "model_a", "vote"],
      ["x", "y", "tie", "vote"],
      ["x", "y", "model_b", "vote"],
    ]);
    const back = join(dir, "votes-back.csv");
    const again = await prefkit([
      "convert",
      battles,
      back,
      "--to",
      "mapped",
      "--map",
      map,
      "--labels",
      "0=tie,1=a,2=b",
    ]);
    expect(again.code).toBe(0);
    expect(readFileSync(back, "utf8")).toContain("Why?");
  });

  it("a --map value the table lacks is a located error; an unknown label value names the mapping", async () => {
    const table = join(dir, "bad.jsonl");
    writeFileSync(
      table,
      `${JSON.stringify({ q: "x", v: 1 })}\n${JSON.stringify({ q: "y", v: 7 })}\n`,
    );
    const missing = await prefkit([
      "inspect",
      table,
      "--map",
      "prompt=question,label=v",
      "--labels",
      "1=a",
    ]);
    expect(missing.code).toBe(0);
    expect(missing.stdout).toContain(`${table}: mapped (read through the given mapping)`);
    expect(missing.stdout).toContain(`invalid: ${table}:1: question: missing`);
    const unknown = await prefkit([
      ...["convert", table, join(dir, "o.jsonl"), "--to", "arena", "--systems", "x,y"],
      ...["--map", "prompt=q,label=v", "--labels", "1=a"],
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      `prefkit: ${table}:2: v: unmapped label value 7 (mapping: 1=a; give --labels)\n`,
    );
    const badKey = await prefkit(["inspect", table, "--map", "promt=q,label=v"]);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain("--map promt: unknown key");
  });

  it("--mapping FILE.json reads PandaLM's table as its annotator columns say", async () => {
    const mapping = join(dir, "mapping.json");
    writeFileSync(
      mapping,
      JSON.stringify({
        map: {
          prompt: "instruction",
          input: "input",
          a: "response1",
          b: "response2",
          "label.annotator1": "annotator1",
        },
        labels: { "0": "tie", "1": "a", "2": "b" },
      }),
    );
    const viaFile = await prefkit(["inspect", PANDALM, "--mapping", mapping, "--format", "json"]);
    const detected = await prefkit(["inspect", PANDALM, "--format", "json"]);
    expect(viaFile.code).toBe(0);
    expect(JSON.parse(viaFile.stdout).comparisons.verdicts).toEqual({ a: 1, b: 1, tie: 1 });
    expect(JSON.parse(detected.stdout).comparisons).toMatchObject({
      labels: 9,
      verdicts: { a: 4, b: 3, tie: 2 },
    });
    const bad = join(dir, "bad-mapping.json");
    writeFileSync(
      bad,
      JSON.stringify({ map: { prompt: "instruction" }, labels: { "1": "first" } }),
    );
    const refused = await prefkit(["inspect", PANDALM, "--mapping", bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`--mapping ${bad}: labels.1: unknown meaning "first"`);
  });

  it("convert several inputs into one file, counting what it decided", async () => {
    const out = join(dir, "ah.jsonl");
    const run = await prefkit([
      "convert",
      ARENA_HARD,
      out,
      "--to",
      "arena",
      "--baseline",
      "o3-mini",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("left out 1: unparsed labels (null preference)");
    expect(run.stderr).toContain(
      "strong verdicts written as three battles (arena-hard's weighting): 3",
    );
    expect(lines(out)).toHaveLength(13);
  });
});
