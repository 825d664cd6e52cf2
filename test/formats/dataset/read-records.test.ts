import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { IssueError } from "../../../src/core/issue.js";
import {
  datasetFileKind,
  describeLocation,
  type LocatedRecord,
  readCsvRecords,
  readDatasetRecords,
  readJsonlRecords,
} from "../../../src/formats/dataset/read-records.js";
import { tempDir } from "../temp-dir.js";

const dir = tempDir("prefkit-records-");

async function collect(records: AsyncGenerator<LocatedRecord>): Promise<LocatedRecord[]> {
  const out: LocatedRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

const jsonl =
  '{"prompt":"p","chosen":"a","rejected":"b"}\r\n\n{"prompt":"q",\n[1]\n{"prompt":"r","chosen":"c","rejected":"d"}\n';

describe("readJsonlRecords", () => {
  it("yields records and located errors, with line numbers that skip nothing", async () => {
    const path = join(dir, "pairs.jsonl");
    writeFileSync(path, jsonl);
    const out = await collect(readJsonlRecords(path));
    expect(out.map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [3, false],
      [4, false],
      [5, true],
    ]);
    expect(out[2]).toEqual({ ok: false, line: 4, message: "expected a JSON object" });
    expect(out[1]!.ok === false && out[1]!.message).toMatch(/^invalid JSON: /);
  });

  it("reads gzip-compressed files the same way", async () => {
    const plain = join(dir, "same.jsonl");
    const gz = join(dir, "same.jsonl.gz");
    writeFileSync(plain, jsonl);
    writeFileSync(gz, gzipSync(jsonl));
    expect(await collect(readJsonlRecords(gz))).toEqual(await collect(readJsonlRecords(plain)));
  });
});

describe("readCsvRecords", () => {
  it("yields rows as records with the line each ends on, quoted newlines included", async () => {
    const path = join(dir, "pairs.csv");
    writeFileSync(path, 'prompt,chosen,rejected\np,"a\nstill a",b\nq,c,d\n');
    const out = await collect(readCsvRecords(path));
    expect(out).toEqual([
      { ok: true, line: 3, record: { prompt: "p", chosen: "a\nstill a", rejected: "b" } },
      { ok: true, line: 4, record: { prompt: "q", chosen: "c", rejected: "d" } },
    ]);
  });

  it("reports a malformed row with its line", async () => {
    const path = join(dir, "bad.csv");
    writeFileSync(path, "prompt,chosen,rejected\np,a\n");
    const out = await collect(readCsvRecords(path));
    expect(out).toHaveLength(1);
    expect(out[0]!.ok).toBe(false);
    expect(out[0]!.line).toBe(2);
  });

  it("rejects for a missing file instead of reporting it as bad CSV", async () => {
    await expect(collect(readCsvRecords(join(dir, "missing.csv.gz")))).rejects.toThrow(/ENOENT/);
  });
});

describe("readJsonlRecords on a missing file", () => {
  it("rejects", async () => {
    await expect(collect(readJsonlRecords(join(dir, "missing.jsonl.gz")))).rejects.toThrow(
      /ENOENT/,
    );
  });
});

describe("datasetFileKind", () => {
  // Table rows: each file name and its kind.
  it.each([
    ["a.jsonl", "jsonl"],
    ["a.NDJSON.gz", "jsonl"],
    ["a.json", "json"],
    ["a.Json.GZ", "json"],
    ["a.csv.gz", "csv"],
    ["a.PARQUET", "parquet"],
  ])("names %s %s", (path, kind) => {
    expect(datasetFileKind(path)).toBe(kind);
  });

  it("throws a usage IssueError naming the file and what prefkit reads", () => {
    expect(() => datasetFileKind("notes.txt")).toThrowErrorMatchingInlineSnapshot(
      `[IssueError: notes.txt: unsupported file type; prefkit reads .jsonl, .ndjson, .json, .csv (each optionally .gz) and .parquet]`,
    );
    expect(() => datasetFileKind("data.parquet.gz")).toThrow(IssueError);
    expect(() => datasetFileKind("data.gz")).toThrow(IssueError);
  });
});

describe("readDatasetRecords", () => {
  const record = { prompt: "p", chosen: "a" };
  const write = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it.each([
    ["lines.jsonl", `${JSON.stringify(record)}\n`],
    ["lines.ndjson.gz", gzipSync(`${JSON.stringify(record)}\n`)],
    ["array.json", `\uFEFF \n[${JSON.stringify(record)}]`],
    ["array.json.gz", gzipSync(`\n  [${JSON.stringify(record)}]`)],
    ["lines.json", `\n${JSON.stringify(record)}\n`],
    ["lines.json.gz", gzipSync(`${JSON.stringify(record)}\n`)],
    ["table.CSV", "prompt,chosen\np,a\n"],
    [
      "table.parquet",
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: "prompt", data: ["p"] },
            { name: "chosen", data: ["a"] },
          ],
        }),
      ),
    ],
  ])("reads %s by its extension, sniffing .json for an array", async (name, content) => {
    const path = write(name, content);
    const out = await collect(readDatasetRecords(path));
    expect(out.map((r) => r.ok && r.record)).toEqual([record]);
  });

  it("locates JSON-array records at their starting line and Parquet rows by row group", async () => {
    const array = write("located.json", '[\n{"a":1},\n2\n]');
    expect(await collect(readDatasetRecords(array))).toEqual([
      { ok: true, line: 2, record: { a: 1 } },
      { ok: false, line: 3, message: "expected a JSON object" },
    ]);
    const table = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: "a", data: ["x"] }] }));
    const [first] = await collect(readDatasetRecords(write("located.parquet", table)));
    expect(first).toEqual({ ok: true, line: 1, rowGroup: 0, record: { a: "x" } });
    expect(describeLocation("t.parquet", first!)).toBe("t.parquet:row 1 (row group 0)");
  });

  it("reads an empty .json file as no records (JSON Lines)", async () => {
    expect(await collect(readDatasetRecords(write("empty.json", "")))).toEqual([]);
  });

  it.each(["folder.jsonl", "folder.json", "folder.csv.gz", "folder.parquet"])(
    "rejects with EISDIR, naming the path, for a directory (%s)",
    async (name) => {
      const path = join(dir, name);
      mkdirSync(path);
      await expect(collect(readDatasetRecords(path))).rejects.toMatchObject({
        code: "EISDIR",
        path,
        message: `${path}: is a directory`,
      });
    },
  );

  it.each(["plain.jsonl.gz", "plain.json.gz", "plain.csv.gz"])(
    "reports a %s that is not gzip as one located error, without throwing",
    async (name) => {
      expect(await collect(readDatasetRecords(write(name, "[1]\n")))).toEqual([
        { ok: false, line: 1, message: "invalid gzip data: incorrect header check" },
      ]);
    },
  );

  it("throws a usage IssueError at once for an unsupported extension", () => {
    expect(() => readDatasetRecords(join(dir, "notes.txt"))).toThrow(IssueError);
  });
});
