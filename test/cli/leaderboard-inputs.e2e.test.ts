/**
 * `prefkit leaderboard` on inputs and options that used to misbehave: gzip-compressed logs,
 * records that name a key twice, and options naming a system or field the data does not have.
 * Runs the built CLI (`npx tsc -p tsconfig.build.json` first).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { prefkit, ROOT } from "./run-cli.js";

const ARENA = join(ROOT, "test/fixtures/arena-hard/arena_hard_battles_74e8b6f.jsonl");
const dir = mkdtempSync(join(tmpdir(), "prefkit-lb-inputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Uint8Array): string => {
  writeFileSync(join(dir, name), content);
  return name;
};

/** Runs `prefkit leaderboard ARGS --format json` in the temp dir; the parsed report. */
async function report(args: readonly string[]) {
  const run = await prefkit(["leaderboard", ...args, "--format", "json"], dir);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

/** The tree hash the report gives: SHA-256 over the SHA-256 of each 32 MiB segment. */
const treeHash = (bytes: Uint8Array) =>
  createHash("sha256").update(createHash("sha256").update(bytes).digest()).digest("hex");

describe("gzip-compressed battle logs", () => {
  it("give the same leaderboard as the plain file, .jsonl.gz, .json.gz and .csv.gz alike", async () => {
    const text = readFileSync(ARENA, "utf8");
    const records = text
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const csv = ["question_id,model_a,model_b,winner"]
      .concat(records.map((r) => `${r.question_id},${r.model_a},${r.model_b},${r.winner}`))
      .join("\n");
    write("arena.jsonl", text);
    const files = {
      "arena.jsonl.gz": gzipSync(text),
      "arena.json.gz": gzipSync(JSON.stringify(records)),
      "arena.csv.gz": gzipSync(csv),
    };
    const flags = ["--bootstrap", "20", "--threads", "2"];
    const plain = await report(["arena.jsonl", ...flags]);
    for (const [name, bytes] of Object.entries(files)) {
      write(name, bytes);
      const gz = await report([name, ...flags]);
      expect(gz.leaderboards, name).toEqual(plain.leaderboards);
      expect(gz.input).toEqual([
        {
          file: name,
          format: name.split(".")[1],
          bytes: bytes.length,
          sha256_tree: treeHash(bytes),
          records: records.length,
          skipped: {},
        },
      ]);
    }
  });
});

describe("a record that names a key twice", () => {
  const records = [
    '{"model_a":"x","model_b":"y","winner":"model_a"}',
    '{"model_a":"x","model_b":"y","winner":"model_b","model_a":"z"}',
    '{"model_a":"y","model_b":"x","winner":"tie"}',
  ].join("\n");

  it("is the same located error in leaderboard and inspect (JSON Lines and a JSON array)", async () => {
    write("dup.jsonl", records);
    write("dup.json", `[\n${records.split("\n").join(",\n")}\n]`);
    // The array's "[" has a line of its own: the second record is on line 3 there.
    for (const [file, line] of [
      ["dup.jsonl", 2],
      ["dup.json", 3],
    ] as const) {
      const board = await prefkit(["leaderboard", file, "--bootstrap", "0"], dir);
      expect(board.code).toBe(1);
      expect(board.stderr).toBe(`prefkit: ${file}:${line}: model_a: duplicate key\n`);
      const inspect = await prefkit(["inspect", file, "--format", "json"], dir);
      expect(inspect.code).toBe(0);
      const report = JSON.parse(inspect.stdout) as { invalid: number; errors: string[] };
      expect(report.invalid).toBe(1);
      expect(report.errors).toEqual([`${file}:${line}: model_a: duplicate key`]);
    }
  });

  it("is skipped and counted under --skip-invalid, the others read", async () => {
    const run = await prefkit(
      ["leaderboard", "dup.jsonl", "--skip-invalid", "--bootstrap", "0", "--format", "json"],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      "prefkit: skipped 1 invalid record in dup.jsonl (1 duplicate key); first: dup.jsonl:2: model_a: duplicate key\n",
    );
    const report = JSON.parse(run.stdout);
    expect(report.input[0].skipped).toEqual({ duplicate_key: 1 });
    expect(report.leaderboards[0].battles).toBe(2);
  });
});

describe("--bootstrap 0: no intervals", () => {
  it("are absent from every output: null in JSON, empty in CSV, '-' in the table and Markdown, no bars in the plot", async () => {
    const flags = [ARENA, "--bootstrap", "0"];
    const json = await report(flags);
    for (const s of json.leaderboards[0].systems)
      expect(s).toMatchObject({ ci_lower: null, ci_upper: null, rank_ub: null });
    expect(json.leaderboards[0].systems.map((s: { rank: number }) => s.rank)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    const csv = await prefkit(["leaderboard", ...flags, "--format", "csv"], dir);
    expect(csv.stdout.split("\n")[1]).toMatch(/^1,,claude-3-5-sonnet-20240620,[\d.]+,,,544,/);
    const table = await prefkit(["leaderboard", ...flags], dir);
    expect(table.stdout.split("\n")[2]).toMatch(
      /^ +1 +- +claude-3-5-sonnet-20240620 +1132\.5 +- +544 +88\.7%$/,
    );
    const markdown = await prefkit(["leaderboard", ...flags, "--format", "markdown"], dir);
    expect(markdown.stdout.split("\n")[2]).toBe(
      "| 1 | - | claude-3-5-sonnet-20240620 | 1132.5 | - | 544 | 88.7% |",
    );
    const plot = await prefkit(["leaderboard", ...flags, "--plot", "none.svg"], dir);
    expect(plot.code).toBe(0);
    const svg = readFileSync(join(dir, "none.svg"), "utf8");
    expect(svg).not.toContain("errorbars_marks");
    expect(svg).toContain("Rating (no bootstrap intervals)");
    // Several runs of the CLI, one after the other: slow when the machine is busy.
  }, 180_000);
});

describe("an --anchor, --by or --where naming what the data does not have", () => {
  /** Runs and expects a usage error (exit 2); its one line on stderr. */
  async function usage(args: readonly string[]): Promise<string> {
    const run = await prefkit(["leaderboard", ...args, "--bootstrap", "0"], dir);
    expect(run.stdout).toBe("");
    expect(run.code).toBe(2);
    return run.stderr;
  }

  it("--anchor: a system not in the battles is a usage error naming the closest systems", async () => {
    expect(await usage([ARENA, "--anchor", "gpt-4=1000"])).toBe(
      'prefkit: --anchor gpt-4: no system "gpt-4" in the battles (did you mean gpt-4o?)\n',
    );
    expect(await usage([ARENA, "--anchor", "Claude-3-Opus=1000"])).toBe(
      'prefkit: --anchor Claude-3-Opus: no system "Claude-3-Opus" in the battles (did you mean claude-3-opus-20240229?)\n',
    );
    // Nothing close: the systems there are.
    expect(await usage([ARENA, "--anchor", "llama=1000"])).toBe(
      'prefkit: --anchor llama: no system "llama" in the battles; they are claude-3-5-sonnet-20240620, claude-3-haiku-20240307, claude-3-opus-20240229, gpt-4o, gpt-4o-mini\n',
    );
    // Several runs of the CLI, one after the other: slow when the machine is busy.
  }, 180_000);

  it("--anchor: a system the --where filter leaves out is named as such", async () => {
    expect(await usage([ARENA, "--where", "model_b=gpt-4o", "--anchor", "gpt-4o-mini=1000"])).toBe(
      'prefkit: --anchor gpt-4o-mini: no system "gpt-4o-mini" in the battles --where keeps (did you mean gpt-4o?)\n',
    );
  });

  it("--by: a field no record has is a usage error naming the closest fields and the fields there are", async () => {
    expect(await usage([ARENA, "--by", "questionid"])).toBe(
      "prefkit: --by questionid: no record has this field (did you mean question_id?); the records have question_id, model_a, model_b, winner\n",
    );
  });

  it("--where: a field no record has is a usage error too", async () => {
    expect(await usage([join(ROOT, "examples/arena-demo.jsonl"), "--where", "lang=English"])).toBe(
      "prefkit: --where lang=English: no record has the field lang (did you mean language?); the records have question_id, model_a, model_b, winner, conversation_a, conversation_b, turn, language, category, tstamp\n",
    );
  });

  it("--by: records without the field are left out of every leaderboard, counted and reported", async () => {
    write(
      "some-language.jsonl",
      [
        { model_a: "x", model_b: "y", winner: "model_a", language: "en" },
        { model_a: "y", model_b: "x", winner: "model_a", language: "en" },
        { model_a: "x", model_b: "y", winner: "tie", language: "en" },
        { model_a: "x", model_b: "y", winner: "model_b" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    const run = await prefkit(
      [
        "leaderboard",
        "some-language.jsonl",
        "--by",
        "language",
        "--bootstrap",
        "0",
        "--format",
        "json",
      ],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      "prefkit: 1 battle has no language (or not a text, number or true/false there) and is in no leaderboard\n",
    );
    const out = JSON.parse(run.stdout);
    expect(out.ungrouped).toBe(1);
    expect(
      out.leaderboards.map((b: { group: string; battles: number }) => [b.group, b.battles]),
    ).toEqual([["en", 3]]);
  });
});
