import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { type ColumnSource, parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LeaderboardInput } from "../../src/core/rating/leaderboard-types.js";
import type { BattleFieldSpec } from "../../src/formats/arena/battle-record.js";
import {
  ArenaReadError,
  type ArenaReadResult,
  readArena,
  SEGMENT,
} from "../../src/formats/arena/read-arena.js";
import { tempDir } from "./temp-dir.js";

const fixture = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const SIMULATED = fixture("test/fixtures/simulated/arena-sim-8.jsonl");
const DEMO = fixture("examples/arena-demo.jsonl");

const dir = tempDir("prefkit-read-arena-");

let fileNumber = 0;
/** Writes `content` to a fresh file in the temp dir (a subdirectory of its own keeps the name). */
function write(name: string, content: string | Uint8Array): string {
  const sub = join(dir, String(fileNumber++));
  mkdirSync(sub);
  const path = join(sub, name);
  writeFileSync(path, content);
  return path;
}

/** Temp paths as `<tmp>/NAME`, so that messages can be pinned. */
const placeholder = (text: string) =>
  text.replaceAll(dir, "<tmp>").replace(/<tmp>\/\d+\//g, "<tmp>/");

type Record_ = Record<string, unknown>;

function read(
  paths: string | string[],
  spec: Partial<BattleFieldSpec> = {},
  more: { skipInvalid?: boolean; threads?: number } = {},
): Promise<ArenaReadResult> {
  return readArena(typeof paths === "string" ? [paths] : paths, {
    spec: { where: [], timestamps: false, style: false, ...spec },
    skipInvalid: more.skipInvalid ?? false,
    threads: more.threads ?? 1,
    // The TypeScript sources have no compiled worker script: threads > 1 split the ranges the
    // same way on this thread (the built CLI's tests run them on worker threads).
    workers: false,
  });
}

/** The ArenaReadError that reading throws, with the temp dir shown as <tmp>. */
async function readError(
  paths: string | string[],
  spec: Partial<BattleFieldSpec> = {},
  more: { threads?: number } = {},
): Promise<{ message: string; code: string; line: number; field: string | undefined }> {
  try {
    await read(paths, spec, more);
  } catch (error) {
    if (!(error instanceof ArenaReadError)) throw error;
    return {
      message: placeholder(error.message),
      code: error.kind,
      line: error.line,
      field: error.field,
    };
  }
  throw new Error("expected an ArenaReadError");
}

/** Counts as sorted "a > b: outcome × n" lines, independent of system ids. */
function countLines(input: LeaderboardInput | undefined): string[] {
  if (!input) throw new Error("no such group");
  const { systems, a, b, outcome, count } = input.counts;
  return Array.from(a, (_, r) => `${systems[a[r]!]} ${systems[b[r]!]} ${outcome[r]} ${count[r]}`)
    .filter((_, r) => count[r]! > 0)
    .sort();
}

/** Everything a reader produced, in a form that compares across formats. */
function describeResult(result: ArenaReadResult) {
  return {
    groups: [...result.groups].map(([key, input]) => ({
      key,
      counts: countLines(input),
      sequence: input.sequence && {
        a: Array.from(input.sequence.a, (id) => input.counts.systems[id]),
        b: Array.from(input.sequence.b, (id) => input.counts.systems[id]),
        outcome: Array.from(input.sequence.outcome),
      },
      style: input.style && { a: Array.from(input.style.a), b: Array.from(input.style.b) },
    })),
    records: result.files.map((f) => f.records),
    skipped: result.files.map((f) => f.skipped),
    filtered: result.filtered,
    ungrouped: result.ungrouped,
  };
}

/** The tree hash of README: SHA-256 over the SHA-256 digests of 32 MiB segments. */
function treeHash(content: Uint8Array): string {
  const tree = createHash("sha256");
  for (let start = 0; start < content.length || start === 0; start += SEGMENT) {
    tree.update(
      createHash("sha256")
        .update(content.subarray(start, start + SEGMENT))
        .digest(),
    );
    if (content.length === 0) break;
  }
  return tree.digest("hex");
}

const jsonl = (records: readonly unknown[], eol = "\n") =>
  records.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join(eol) + eol;

const CSV_COLUMNS = [
  "question_id",
  "model_a",
  "model_b",
  "winner",
  "conversation_a",
  "conversation_b",
  "turn",
  "language",
  "category",
  "tstamp",
];

function csvCell(value: unknown): string {
  const text =
    value === undefined || value === null
      ? ""
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(records: readonly Record_[], columns = CSV_COLUMNS, eol = "\n"): string {
  const rows = records.map((r) => columns.map((c) => csvCell(r[c])).join(","));
  return [columns.join(","), ...rows].join(eol) + eol;
}

function parquet(records: readonly Record_[], rowGroupSize = 1000): Uint8Array {
  const column = (name: string, type: ColumnSource["type"]): ColumnSource => ({
    name,
    data: records.map((r) => (r[name] === undefined ? null : r[name])),
    ...(type ? { type } : {}),
  });
  const columns: ColumnSource[] = [
    column("question_id", "STRING"),
    column("model_a", "STRING"),
    column("model_b", "STRING"),
    column("winner", "STRING"),
  ];
  if (records.some((r) => "conversation_a" in r)) {
    columns.push(column("conversation_a", "JSON"), column("conversation_b", "JSON"));
  }
  if (records.some((r) => "turn" in r)) {
    columns.push(
      column("turn", "INT32"),
      column("language", "STRING"),
      column("category", "STRING"),
      column("tstamp", "DOUBLE"),
    );
  }
  return new Uint8Array(parquetWriteBuffer({ columnData: columns, rowGroupSize }));
}

const battle = (model_a: unknown, model_b: unknown, winner: unknown, more: Record_ = {}) => ({
  model_a,
  model_b,
  winner,
  ...more,
});
const GOOD = battle("alpha", "beta", "model_a");

/** Five records, the third replaced by `bad`. */
const fiveWith = (bad: unknown) => [GOOD, battle("beta", "gamma", "tie"), bad, GOOD, GOOD];

describe("readArena: the same battles in every format", () => {
  const demo = readFileSync(DEMO, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, 2500)
    .map((l) => JSON.parse(l) as Record_);
  let paths: Record<"jsonl" | "json" | "csv" | "parquet", string>;

  beforeAll(() => {
    paths = {
      jsonl: write("demo.jsonl", jsonl(demo)),
      // Pretty-printed: every object spans many lines.
      json: write("demo.json", JSON.stringify(demo, null, 2)),
      csv: write("demo.csv", csv(demo)),
      // 2,500 rows in row groups of 1,000: three row groups.
      parquet: write("demo.parquet", parquet(demo, 1000)),
    };
  });

  it("gives identical counts for JSON Lines, a JSON array, CSV and Parquet", async () => {
    const results = await Promise.all(Object.values(paths).map((p) => read(p)));
    const [first, ...rest] = results.map(describeResult);
    expect(first!.records).toEqual([2500]);
    expect(first!.groups[0]!.counts.length).toBeGreaterThan(50);
    for (const other of rest) expect(other).toEqual(first);
    expect(results.map((r) => r.files[0]!.format)).toEqual(["jsonl", "json", "csv", "parquet"]);
  });

  it("gives identical groups, time order and style features in every format", async () => {
    const spec = { by: "language", timestamps: true, style: true };
    const results = await Promise.all(Object.values(paths).map((p) => read(p, spec)));
    const [first, ...rest] = results.map(describeResult);
    expect(first!.groups.map((g) => g.key)).toEqual(["Chinese", "English", "German"]);
    expect(first!.groups[0]!.style!.a.some((x) => x > 0)).toBe(true);
    for (const other of rest) expect(other).toEqual(first);
  });

  it("hashes every format as the tree hash of the file's bytes", async () => {
    for (const path of Object.values(paths)) {
      const result = await read(path);
      expect(result.files[0]!.sha256).toBe(treeHash(readFileSync(path)));
      expect(result.files[0]!.bytes).toBe(readFileSync(path).length);
    }
  });

  it("reads a .json file holding JSON Lines as JSON Lines", async () => {
    const path = write("lines.json", jsonl(demo.slice(0, 10)));
    const result = await read(path);
    expect(result.files[0]!.format).toBe("jsonl");
    expect(result.files[0]!.records).toBe(10);
  });

  it("merges several files into one leaderboard input", async () => {
    const one = await read(paths.jsonl);
    const both = await read([paths.jsonl, paths.parquet]);
    const doubled = countLines(one.groups.get("")).map((line) =>
      line.replace(/ (\d+)$/, (_, n: string) => ` ${2 * Number(n)}`),
    );
    expect(countLines(both.groups.get(""))).toEqual(doubled);
    expect(both.files.map((f) => f.records)).toEqual([2500, 2500]);
  });
});

describe("readArena: gzip-compressed logs (.jsonl.gz, .json.gz, .csv.gz)", () => {
  const demo = readFileSync(DEMO, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, 1500)
    .map((l) => JSON.parse(l) as Record_);
  const spec = { by: "language", timestamps: true, style: true };

  it("reads the same battles, groups, time order and style features as the plain files", async () => {
    const plain = {
      jsonl: jsonl(demo),
      json: JSON.stringify(demo, null, 2),
      csv: csv(demo),
    };
    for (const [ext, text] of Object.entries(plain)) {
      const expected = describeResult(await read(write(`demo.${ext}`, text), spec));
      // Also a name in capitals, and more than one thread asked for.
      for (const name of [`demo.${ext}.gz`, `DEMO.${ext.toUpperCase()}.GZ`]) {
        const gz = write(name, gzipSync(text));
        const result = await read(gz, spec, { threads: 2 });
        expect(describeResult(result), name).toEqual(expected);
        expect(result.files[0]!.format).toBe(ext);
      }
    }
  });

  it("hashes and measures a .gz file as stored: its compressed bytes", async () => {
    const bytes = gzipSync(jsonl(demo));
    const path = write("hash.jsonl.gz", bytes);
    const result = await read(path);
    expect(result.files[0]!.sha256).toBe(treeHash(bytes));
    expect(result.files[0]!.bytes).toBe(bytes.length);
    expect(result.files[0]!.lines).toBe(demo.length);
  });

  it("reads a .json.gz holding JSON Lines as JSON Lines", async () => {
    const result = await read(write("lines.json.gz", gzipSync(jsonl(demo.slice(0, 10)))));
    expect(result.files[0]!.format).toBe("jsonl");
    expect(result.files[0]!.records).toBe(10);
  });

  it("names the line of a bad record inside a .jsonl.gz, and skips it with --skip-invalid", async () => {
    const text = jsonl([
      ...demo.slice(0, 4),
      { model_a: "a", model_b: "b", winner: "A" },
      demo[5]!,
    ]);
    const path = write("bad.jsonl.gz", gzipSync(text));
    expect(await readError(path)).toMatchObject({
      line: 5,
      field: "winner",
      code: "unknown_winner",
    });
    const skipped = await read(path, {}, { skipInvalid: true });
    expect(skipped.files[0]).toMatchObject({ records: 5, skipped: { unknown_winner: 1 } });
  });

  it("reports damaged gzip data as invalid JSON at the line where the data stops", async () => {
    const whole = gzipSync(jsonl(demo));
    const path = write("cut.jsonl.gz", whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await readError(path);
    expect(error.code).toBe("invalid_json");
    expect(error.message).toMatch(/^<tmp>\/cut\.jsonl\.gz:\d+: invalid gzip data: /);
    expect(error.line).toBeGreaterThan(1);
    expect(error.line).toBeLessThan(demo.length);
    const notGzip = write("plain.jsonl.gz", jsonl(demo.slice(0, 3)));
    expect(await readError(notGzip)).toMatchObject({ line: 1, code: "invalid_json" });
  });

  it("refuses a gzip-compressed Parquet file: Parquet compresses its own pages", async () => {
    const path = write("demo.parquet.gz", gzipSync(parquet(demo.slice(0, 10), 10)));
    await expect(read(path)).rejects.toThrow(
      /demo\.parquet\.gz: a gzip-compressed Parquet file; give the \.parquet file itself/,
    );
  });
});

describe("readArena: grouping, filters and order", () => {
  const records = [
    battle("a", "b", "model_a", { language: "English", turn: 1, category_tag: { math: true } }),
    battle("a", "c", "model_b", { language: "German", turn: 2, category_tag: { math: false } }),
    battle("b", "c", "tie", { language: "English", turn: 1, category_tag: { math: false } }),
    battle("a", "c", "tie (bothbad)", { language: "English", turn: 2 }),
    battle("c", "a", "model_a", { language: "German", turn: 1, category_tag: { math: true } }),
  ];

  it("gives one input per value of --by, counting records without the field as ungrouped", async () => {
    const result = await read(write("by.jsonl", jsonl(records)), { by: "language" });
    expect([...result.groups.keys()]).toEqual(["English", "German"]);
    expect(countLines(result.groups.get("English"))).toEqual(["a b 0 1", "a c 3 1", "b c 2 1"]);
    expect(countLines(result.groups.get("German"))).toEqual(["a c 1 1", "c a 0 1"]);
    expect(result.ungrouped).toBe(0);
  });

  it("counts the records that have each --by and --where field, filtered out or not", async () => {
    const path = write("present.jsonl", jsonl(records));
    const result = await read(path, {
      by: "category_tag.math",
      where: [
        { field: "language", value: "German" },
        { field: "lang", value: "German" },
      ],
    });
    // 4 of 5 records have category_tag.math; all have language; none has lang.
    expect(result.present).toEqual({ "category_tag.math": 4, language: 5, lang: 0 });
    expect(result.filtered).toBe(5);
  });

  it("follows dotted paths into objects (category_tag.math)", async () => {
    const result = await read(write("dotted.jsonl", jsonl(records)), { by: "category_tag.math" });
    expect([...result.groups.keys()]).toEqual(["false", "true"]);
    expect(countLines(result.groups.get("true"))).toEqual(["a b 0 1", "c a 0 1"]);
    expect(countLines(result.groups.get("false"))).toEqual(["a c 1 1", "b c 2 1"]);
    expect(result.ungrouped).toBe(1);
  });

  it("keeps only the battles every `where` filter matches, compared as text", async () => {
    const path = write("where.jsonl", jsonl(records));
    const english = await read(path, { where: [{ field: "language", value: "English" }] });
    expect(countLines(english.groups.get(""))).toEqual(["a b 0 1", "a c 3 1", "b c 2 1"]);
    expect(english.filtered).toBe(2);
    const both = await read(path, {
      where: [
        { field: "language", value: "English" },
        { field: "turn", value: "1" },
      ],
    });
    expect(countLines(both.groups.get(""))).toEqual(["a b 0 1", "b c 2 1"]);
    expect(both.filtered).toBe(3);
    const math = await read(path, { where: [{ field: "category_tag.math", value: "true" }] });
    expect(countLines(math.groups.get(""))).toEqual(["a b 0 1", "c a 0 1"]);
  });

  it("orders the battle sequence by tstamp, keeping file order on equal times", async () => {
    const timed = [
      battle("a", "b", "model_a", { tstamp: 30 }),
      battle("b", "c", "model_b", { tstamp: 10 }),
      battle("c", "a", "tie", { tstamp: 20 }),
      battle("a", "c", "model_a", { tstamp: 10 }),
      battle("b", "a", "model_b", { tstamp: 5.5 }),
    ];
    const result = await read(write("timed.jsonl", jsonl(timed)), { timestamps: true });
    const { sequence } = describeResult(result).groups[0]!;
    expect(sequence).toEqual({
      a: ["b", "b", "a", "c", "a"],
      b: ["a", "c", "c", "a", "b"],
      outcome: [1, 1, 0, 2, 0],
    });
  });

  it("orders battles by tstamp across files", async () => {
    const first = write("t1.jsonl", jsonl([battle("a", "b", "model_a", { tstamp: 3 })]));
    const second = write("t2.jsonl", jsonl([battle("b", "c", "tie", { tstamp: 1 })]));
    const result = await read([first, second], { timestamps: true });
    expect(describeResult(result).groups[0]!.sequence!.a).toEqual(["b", "a"]);
  });
});

describe("readArena: line endings and empty files", () => {
  it("accepts CRLF line endings and blank lines in JSON Lines", async () => {
    const text = `\r\n${jsonl([GOOD, battle("beta", "gamma", "tie")], "\r\n")}   \r\n\r\n\t\r\n${JSON.stringify(GOOD)}`;
    const result = await read(write("crlf.jsonl", text));
    expect(countLines(result.groups.get(""))).toEqual(["alpha beta 0 2", "beta gamma 2 1"]);
    expect(result.files[0]!.records).toBe(3);
  });

  it("counts blank lines and CRLF lines when it names a line", async () => {
    const text = `\r\n${JSON.stringify(GOOD)}\r\n\r\n${JSON.stringify(battle("a", "b", "x"))}\r\n`;
    expect((await readError(write("crlf-bad.jsonl", text))).line).toBe(4);
  });

  it("accepts CRLF in a JSON array and in CSV", async () => {
    const records = [GOOD, battle("beta", "gamma", "tie")];
    const array = JSON.stringify(records, null, 2).replace(/\n/g, "\r\n");
    const table = csv(records, ["model_a", "model_b", "winner"], "\r\n");
    for (const path of [write("crlf.json", array), write("crlf.csv", table)]) {
      const result = await read(path);
      expect(countLines(result.groups.get(""))).toEqual(["alpha beta 0 1", "beta gamma 2 1"]);
    }
  });

  it("skips a UTF-8 byte-order mark before a JSON array and a CSV header", async () => {
    const bom = "\uFEFF";
    const records = [GOOD, battle("beta", "gamma", "tie")];
    const paths = [
      write("bom.json", bom + JSON.stringify(records, null, 2)),
      write("bom.csv", bom + csv(records, ["model_a", "model_b", "winner"])),
    ];
    for (const path of paths) {
      const result = await read(path);
      expect(countLines(result.groups.get(""))).toEqual(["alpha beta 0 1", "beta gamma 2 1"]);
    }
  });

  it.each([["empty.jsonl"], ["empty.json"], ["empty.csv"], ["empty.parquet"]])(
    "rejects a file of 0 bytes (%s) as empty_file",
    async (name) => {
      const error = await readError(write(name, ""));
      expect(error.code).toBe("empty_file");
      expect(error.message).toBe(`<tmp>/${name}:1: no battle records in the file`);
    },
  );

  it("rejects files with no records: only blank lines, [] and a CSV header alone", async () => {
    const blank = await readError(write("blank.jsonl", "\n  \r\n\t\n\n"));
    expect(blank).toMatchInlineSnapshot(`
      {
        "code": "empty_file",
        "field": undefined,
        "line": 1,
        "message": "<tmp>/blank.jsonl:1: no battle records in the file",
      }
    `);
    expect((await readError(write("empty-array.json", "[\n]\n"))).code).toBe("empty_file");
    expect((await readError(write("header.csv", "model_a,model_b,winner\n"))).code).toBe(
      "empty_file",
    );
  });
});

describe("readArena: bad input names file, line and field", () => {
  const UNKNOWN_WINNER = battle("alpha", "beta", "model_c");
  const MISSING_A = { model_b: "beta", winner: "tie" };
  const MISSING_B = { model_a: "alpha", winner: "tie" };
  const B_NOT_TEXT = battle("alpha", 7, "tie");
  const SELF = battle("alpha", "alpha", "model_a");

  it("JSON Lines: FILE:LINE: FIELD: reason, on line 3 of 5", async () => {
    const file = (bad: unknown) => write("battles.jsonl", jsonl(fiveWith(bad)));
    expect(await readError(file(UNKNOWN_WINNER))).toMatchInlineSnapshot(`
      {
        "code": "unknown_winner",
        "field": "winner",
        "line": 3,
        "message": "<tmp>/battles.jsonl:3: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))",
      }
    `);
    expect(await readError(file(B_NOT_TEXT))).toMatchInlineSnapshot(`
      {
        "code": "wrong_type",
        "field": "model_b",
        "line": 3,
        "message": "<tmp>/battles.jsonl:3: model_b: expected text, got number",
      }
    `);
    expect(await readError(file(SELF))).toMatchInlineSnapshot(`
      {
        "code": "self_battle",
        "field": "model_b",
        "line": 3,
        "message": "<tmp>/battles.jsonl:3: model_b: same system as model_a ("alpha")",
      }
    `);
    expect(await readError(file('{"model_a":"alpha","model_b":"be'))).toMatchInlineSnapshot(`
      {
        "code": "invalid_json",
        "field": undefined,
        "line": 3,
        "message": "<tmp>/battles.jsonl:3: invalid JSON at column 33: unterminated string",
      }
    `);
    expect(
      await readError(file('{"model_a":"alpha","model_b":"beta","winner":"tie"')),
    ).toMatchInlineSnapshot(`
      {
        "code": "invalid_json",
        "field": undefined,
        "line": 3,
        "message": "<tmp>/battles.jsonl:3: invalid JSON at column 51: unexpected end of input: the object is not closed",
      }
    `);
  });

  it("JSON array: the line where the bad object starts", async () => {
    // "[" is line 1; each object takes 5 lines, so the third starts on line 12.
    const file = (bad: unknown) => write("battles.json", JSON.stringify(fiveWith(bad), null, 2));
    expect(await readError(file(UNKNOWN_WINNER))).toMatchInlineSnapshot(`
      {
        "code": "unknown_winner",
        "field": "winner",
        "line": 12,
        "message": "<tmp>/battles.json:12: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))",
      }
    `);
    expect(await readError(file(B_NOT_TEXT))).toMatchInlineSnapshot(`
      {
        "code": "wrong_type",
        "field": "model_b",
        "line": 12,
        "message": "<tmp>/battles.json:12: model_b: expected text, got number",
      }
    `);
    expect(await readError(file(SELF))).toMatchInlineSnapshot(`
      {
        "code": "self_battle",
        "field": "model_b",
        "line": 12,
        "message": "<tmp>/battles.json:12: model_b: same system as model_a ("alpha")",
      }
    `);
    const broken = JSON.stringify(fiveWith(battle("alpha", "beta", "__BROKEN__")), null, 2).replace(
      '"winner": "__BROKEN__"',
      '"winner" "tie"',
    );
    // A syntax error is reported on the line where it is (the object's fourth line).
    expect(await readError(write("broken.json", broken))).toMatchInlineSnapshot(`
      {
        "code": "invalid_json",
        "field": undefined,
        "line": 15,
        "message": "<tmp>/broken.json:15: invalid JSON: expected ':'",
      }
    `);
  });

  it("JSON Lines and JSON array: a record without model_a or model_b is an error, not a battle", async () => {
    const lines = (bad: unknown) => write("battles.jsonl", jsonl(fiveWith(bad)));
    const array = (bad: unknown) => write("battles.json", JSON.stringify(fiveWith(bad), null, 2));
    expect(await readError(lines(MISSING_A))).toMatchInlineSnapshot(`
      {
        "code": "missing_field",
        "field": "model_a",
        "line": 3,
        "message": "<tmp>/battles.jsonl:3: model_a: missing field",
      }
    `);
    expect(await readError(lines(MISSING_B))).toMatchInlineSnapshot(`
      {
        "code": "missing_field",
        "field": "model_b",
        "line": 3,
        "message": "<tmp>/battles.jsonl:3: model_b: missing field",
      }
    `);
    expect(await readError(array(MISSING_A))).toMatchInlineSnapshot(`
      {
        "code": "missing_field",
        "field": "model_a",
        "line": 12,
        "message": "<tmp>/battles.json:12: model_a: missing field",
      }
    `);
    const skipped = await read(lines(MISSING_A), {}, { skipInvalid: true });
    expect(skipped.files[0]!.records).toBe(4);
    expect(skipped.files[0]!.skipped).toEqual({ missing_field: 1 });
    expect(skipped.groups.get("")!.counts.systems).toEqual(["alpha", "beta", "gamma"]);
  });

  it("CSV: the CSV line (the header is line 1)", async () => {
    const columns = ["model_a", "model_b", "winner"];
    const file = (bad: Record_) => write("battles.csv", csv(fiveWith(bad) as Record_[], columns));
    expect(await readError(file(UNKNOWN_WINNER))).toMatchInlineSnapshot(`
      {
        "code": "unknown_winner",
        "field": "winner",
        "line": 4,
        "message": "<tmp>/battles.csv:4: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))",
      }
    `);
    expect(await readError(file(battle("", "beta", "tie")))).toMatchInlineSnapshot(`
      {
        "code": "missing_field",
        "field": "model_a",
        "line": 4,
        "message": "<tmp>/battles.csv:4: model_a: empty value",
      }
    `);
    expect(await readError(file(SELF))).toMatchInlineSnapshot(`
      {
        "code": "self_battle",
        "field": "model_b",
        "line": 4,
        "message": "<tmp>/battles.csv:4: model_b: same system as model_a ("alpha")",
      }
    `);
    const badQuote = `model_a,model_b,winner\nalpha,beta,tie\nalpha,beta,tie\nalpha,be"ta,tie\nalpha,beta,tie\n`;
    expect(await readError(write("quote.csv", badQuote))).toMatchInlineSnapshot(`
      {
        "code": "invalid_json",
        "field": undefined,
        "line": 4,
        "message": "<tmp>/quote.csv:4: invalid CSV: Invalid Opening Quote: a quote is found on field "model_b" at line 4, value is "be"",
      }
    `);
    const short = `model_a,model_b,winner\nalpha,beta,tie\nalpha,beta,tie\nalpha,beta\nalpha,beta,tie\n`;
    expect(await readError(write("short.csv", short))).toMatchInlineSnapshot(`
      {
        "code": "invalid_json",
        "field": undefined,
        "line": 4,
        "message": "<tmp>/short.csv:4: invalid CSV: 2 fields, but the header has 3",
      }
    `);
  });

  it("Parquet: the 1-based row, also in a later row group", async () => {
    const file = (bad: Record_) => write("battles.parquet", parquet(fiveWith(bad) as Record_[]));
    expect(await readError(file(UNKNOWN_WINNER))).toMatchInlineSnapshot(`
      {
        "code": "unknown_winner",
        "field": "winner",
        "line": 3,
        "message": "<tmp>/battles.parquet:3: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))",
      }
    `);
    expect(await readError(file(MISSING_A))).toMatchInlineSnapshot(`
      {
        "code": "missing_field",
        "field": "model_a",
        "line": 3,
        "message": "<tmp>/battles.parquet:3: model_a: missing field",
      }
    `);
    expect(await readError(file(SELF))).toMatchInlineSnapshot(`
      {
        "code": "self_battle",
        "field": "model_b",
        "line": 3,
        "message": "<tmp>/battles.parquet:3: model_b: same system as model_a ("alpha")",
      }
    `);
    const notText = parquetWriteBuffer({
      columnData: [
        { name: "model_a", data: ["alpha", "beta", "alpha", "alpha", "alpha"], type: "STRING" },
        { name: "model_b", data: ["beta", "gamma", 7, "beta", "beta"], type: "JSON" },
        { name: "winner", data: ["tie", "tie", "tie", "tie", "tie"], type: "STRING" },
      ],
    });
    expect(await readError(write("not-text.parquet", new Uint8Array(notText)))).toMatchObject({
      line: 3,
      field: "model_b",
      code: "wrong_type",
    });
    const many = Array.from({ length: 25 }, (_, k) => (k === 22 ? UNKNOWN_WINNER : GOOD));
    const grouped = write("groups.parquet", parquet(many as Record_[], 10));
    expect(await readError(grouped)).toMatchObject({ line: 23, code: "unknown_winner" });
  });

  it("a file that is not Parquet is bad input, not an internal error", async () => {
    expect(
      await readError(write("garbage.parquet", "this is not parquet\n")),
    ).toMatchInlineSnapshot(`
      {
        "code": "invalid_json",
        "field": undefined,
        "line": 1,
        "message": "<tmp>/garbage.parquet:1: invalid Parquet: parquet file invalid (footer != PAR1)",
      }
    `);
  });

  it("a Parquet path that cannot be read is an I/O error naming it, not bad JSON", async () => {
    const path = join(dir, "folder.parquet");
    mkdirSync(path, { recursive: true });
    await expect(read(path)).rejects.toMatchObject({ code: "EISDIR", path });
    await expect(read(path)).rejects.not.toBeInstanceOf(ArenaReadError);
  });

  it("CSV: a conversation cell that is not JSON is invalid_json naming its line and field", async () => {
    const table = [
      "model_a,model_b,winner,conversation_a,conversation_b",
      'alpha,beta,tie,"[{""role"":""user"",""content"":""hi""}]","[{""role"":""user"",""content"":""hi""}]"',
      'alpha,beta,tie,"[{""role"":""user"",""content"":""hi""}]","[{""role"": oops"',
      "",
    ].join("\n");
    const error = await readError(write("conversations.csv", table), { style: true });
    expect(error).toMatchObject({ code: "invalid_json", line: 3, field: "conversation_b" });
    expect(error.message).toMatch(/^<tmp>\/conversations\.csv:3: conversation_b: invalid JSON: /);
    // Without style control the conversations are not read, so they cannot be wrong.
    expect((await read(write("conversations.csv", table))).files[0]!.records).toBe(2);
  });

  it("a literal split across the JSON reader's 8 MiB blocks is read whole", async () => {
    const BLOCK = 8 << 20;
    const record = (pad: number) =>
      `{"model_a":"a","model_b":"b","winner":"tie","pad":"${"x".repeat(pad)}","flag":false}`;
    const parts = ["[\n"];
    let size = 2;
    while (size + 400 < BLOCK) {
      parts.push(`${record(100)},\n`);
      size += record(100).length + 2;
    }
    // Put the "false" of the next record across the block boundary.
    const pad = BLOCK - 2 - size - record(0).indexOf("false");
    parts.push(`${record(pad)},\n`, `${record(3)}\n]\n`);
    expect(size + record(pad).indexOf("false")).toBe(BLOCK - 2);
    const result = await read(write("straddle.json", parts.join("")));
    expect(result.files[0]!.records).toBe(parts.length - 1);
  });
});

describe("readArena: --skip-invalid", () => {
  const lines = [
    GOOD,
    battle("alpha", "beta", "model_c"),
    battle("alpha", "beta", null),
    battle("beta", "gamma", "tie"),
    battle("alpha", ["beta"], "tie"),
    battle("gamma", "gamma", "tie"),
    '{"model_a":"alpha",',
    battle("alpha", "beta", "draw"),
    GOOD,
    battle("gamma", "alpha", "model_b"),
  ];

  it("counts the good records and the skipped ones per reason", async () => {
    const result = await read(write("skip.jsonl", jsonl(lines)), {}, { skipInvalid: true });
    const file = result.files[0]!;
    expect(file.records).toBe(4);
    expect(file.skipped).toEqual({
      unknown_winner: 2,
      missing_field: 1,
      wrong_type: 1,
      self_battle: 1,
      invalid_json: 1,
    });
    expect(placeholder(file.firstSkipped ?? "")).toBe(
      '<tmp>/skip.jsonl:2: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))',
    );
    expect(countLines(result.groups.get(""))).toEqual([
      "alpha beta 0 2",
      "beta gamma 2 1",
      "gamma alpha 1 1",
    ]);
  });

  it("skips the same records in a JSON array, CSV and Parquet", async () => {
    // All but the invalid JSON and the array-valued model_b, which only JSON can hold.
    const records: Record_[] = lines.flatMap((l) =>
      typeof l === "string" || typeof l.model_b === "object" ? [] : [l],
    );
    const paths = [
      write("skip.json", JSON.stringify(records, null, 2)),
      write("skip.csv", csv(records, ["model_a", "model_b", "winner"])),
      write("skip.parquet", parquet(records)),
    ];
    for (const path of paths) {
      const result = await read(path, {}, { skipInvalid: true });
      expect(result.files[0]!.records, path).toBe(4);
      expect(result.files[0]!.skipped, path).toEqual({
        unknown_winner: 2,
        missing_field: 1,
        self_battle: 1,
      });
      expect(countLines(result.groups.get("")), path).toEqual([
        "alpha beta 0 2",
        "beta gamma 2 1",
        "gamma alpha 1 1",
      ]);
    }
  });
});

describe("readArena: input hash", () => {
  it("is the same for identical content and changes with one byte", async () => {
    const text = jsonl(fiveWith(GOOD));
    const a = await read(write("same.jsonl", text));
    const b = await read(write("same-too.jsonl", text));
    const changed = await read(write("changed.jsonl", text.replace('"gamma"', '"gammb"')));
    const spaced = await read(write("spaced.jsonl", `${text} `));
    expect(a.files[0]!.sha256).toBe(b.files[0]!.sha256);
    expect(a.files[0]!.sha256).toBe(treeHash(Buffer.from(text)));
    expect(a.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(changed.files[0]!.sha256).not.toBe(a.files[0]!.sha256);
    expect(spaced.files[0]!.sha256).not.toBe(a.files[0]!.sha256);
  });
});

describe("readArena: a JSON Lines file of more than one 32 MiB segment", () => {
  const simulated = readFileSync(SIMULATED);
  const copies = Math.ceil((SEGMENT + (3 << 20)) / simulated.length);
  let big: Buffer;
  let bigPath: string;

  beforeAll(() => {
    big = Buffer.concat(Array.from({ length: copies }, () => simulated));
    bigPath = write("big.jsonl", big);
  });
  afterAll(() => rmSync(bigPath, { force: true }));

  /** The 1-based number of the line that starts at byte `start` of `big`. */
  function lineNumberAt(start: number): number {
    let line = 1;
    for (let p = big.indexOf(0x0a); p >= 0 && p < start; p = big.indexOf(0x0a, p + 1)) line++;
    return line;
  }

  /** `big` with the line starting at `start` (a line start) replaced; its 1-based line number. */
  function withBadLine(start: number, badLine: string): { path: string; line: number } {
    const end = big.indexOf(0x0a, start) + 1;
    const content = Buffer.concat([
      big.subarray(0, start),
      Buffer.from(`${badLine}\n`),
      big.subarray(end),
    ]);
    return { path: write("big-bad.jsonl", content), line: lineNumberAt(start) };
  }
  const lineStartAfter = (offset: number) => big.indexOf(0x0a, offset) + 1;
  const BAD = '{"model_a":"atlas-70b","model_b":"fjord-3b","winner":"model_c"}';

  it("reads the same counts and digest with threads=1 and threads=2", async () => {
    expect(big.length).toBeGreaterThan(SEGMENT);
    const one = await read(bigPath, {}, { threads: 1 });
    const two = await read(bigPath, {}, { threads: 2 });
    expect(describeResult(two)).toEqual(describeResult(one));
    expect(one.files[0]!.records).toBe(20000 * copies);
    expect(one.files[0]!.lines).toBe(20000 * copies);
    expect(one.files[0]!.sha256).toBe(treeHash(big));
    expect(two.files[0]!.sha256).toBe(one.files[0]!.sha256);
    const small = await read(SIMULATED);
    const scaled = countLines(small.groups.get("")).map((l) =>
      l.replace(/ (\d+)$/, (_, n: string) => ` ${copies * Number(n)}`),
    );
    expect(countLines(one.groups.get(""))).toEqual(scaled);
  });

  it("names the global line of a bad line in the second segment", async () => {
    const { path, line } = withBadLine(lineStartAfter(SEGMENT + (1 << 20)), BAD);
    expect(line).toBeGreaterThan(20000 * Math.floor(SEGMENT / simulated.length));
    for (const threads of [1, 2]) {
      const error = await readError(path, {}, { threads });
      expect(error).toEqual({
        message: `<tmp>/big-bad.jsonl:${line}: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))`,
        code: "unknown_winner",
        line,
        field: "winner",
      });
    }
    rmSync(path);
  });

  it("names the right line when the bad line straddles, or starts exactly at, the boundary", async () => {
    // The line that contains byte SEGMENT.
    const straddleStart = big.lastIndexOf(0x0a, SEGMENT - 1) + 1;
    expect(big.indexOf(0x0a, straddleStart)).toBeGreaterThanOrEqual(SEGMENT);
    const straddle = withBadLine(straddleStart, BAD);
    // A good line padded with spaces to end just before SEGMENT, so the bad one starts there.
    const padStart = big.lastIndexOf(0x0a, SEGMENT - 300) + 1;
    const padded = Buffer.concat([
      big.subarray(0, padStart),
      Buffer.from(`{"model_a":"atlas-70b","model_b":"fjord-3b","winner":"tie"}`),
    ]);
    const exactContent = Buffer.concat([
      padded,
      Buffer.alloc(SEGMENT - 1 - padded.length, 0x20),
      Buffer.from(`\n${BAD}\n`),
      big.subarray(lineStartAfter(SEGMENT)),
    ]);
    expect(exactContent.subarray(SEGMENT, SEGMENT + 12).toString()).toBe('{"model_a":"');
    const exact = {
      path: write("big-exact.jsonl", exactContent),
      line: lineNumberAt(padStart) + 1,
    };
    for (const { path, line } of [straddle, exact]) {
      expect((await readError(path)).line).toBe(line);
      const skipped = await read(path, {}, { skipInvalid: true });
      expect(skipped.files[0]!.skipped).toEqual({ unknown_winner: 1 });
      expect(skipped.files[0]!.firstSkipped).toContain(`:${line}: winner:`);
      rmSync(path);
    }
  });
});

describe("readArena: many systems", () => {
  it("counts battles exactly as a plain JSON.parse pass does, past the dense-table size", async () => {
    // 300 systems: ids beyond 256 take the accumulator's sparse path, the rest its growing table.
    let state = 7;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const winners = ["model_a", "model_b", "tie", "tie (bothbad)"];
    const lines: string[] = [];
    for (let t = 0; t < 20_000; t++) {
      const a = Math.floor(next() * 300);
      const b = (a + 1 + Math.floor(next() * 299)) % 300;
      lines.push(
        JSON.stringify({
          model_a: `s${a}`,
          model_b: `s${b}`,
          winner: winners[Math.floor(next() * 4)],
        }),
      );
    }
    const result = await read(write("many.jsonl", `${lines.join("\n")}\n`));
    const counts = result.groups.get("")!.counts;
    const got = new Map<string, number>();
    for (let r = 0; r < counts.count.length; r++) {
      const key = `${counts.systems[counts.a[r]!]}|${counts.systems[counts.b[r]!]}|${counts.outcome[r]}`;
      got.set(key, counts.count[r]!);
    }
    const want = new Map<string, number>();
    for (const line of lines) {
      const { model_a, model_b, winner } = JSON.parse(line) as Record<string, string>;
      const key = `${model_a}|${model_b}|${winners.indexOf(winner!)}`;
      want.set(key, (want.get(key) ?? 0) + 1);
    }
    expect(counts.systems).toHaveLength(300);
    expect(got).toEqual(want);
  });
});
