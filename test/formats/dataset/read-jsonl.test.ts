import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { constants, gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IssueError } from "../../../src/core/issue.js";
import {
  JsonLinesScanner,
  type JsonlReadOptions,
  MAX_LINE_BYTES,
  readJsonlRecords,
} from "../../../src/formats/dataset/read-jsonl.js";
import { DEFAULT_CHUNK_SIZE } from "../../../src/formats/dataset/read-source.js";
import { collect, tempDir, writeIn } from "../temp-dir.js";
import { brief, expectSameWhereverCut, scanCut } from "./chunked-scan.js";

const dir = tempDir("prefkit-jsonl-");

const scan = (text: string | Buffer, cuts: number[] = [], maxLineBytes?: number) =>
  scanCut(new JsonLinesScanner(maxLineBytes), text, cuts);

const read = (name: string, content: string | Buffer, options: JsonlReadOptions = {}) =>
  collect(readJsonlRecords(writeIn(dir, name, content), options));

describe("JsonLinesScanner", () => {
  it("yields a record per line, skipping blank lines, CRLF and a first-line byte-order mark", () => {
    const text = '\uFEFF{"a":1}\r\n\r\n  \n{"b":"é中🎉"}\r\n{"c":[1]}';
    expect(brief(scan(text))).toEqual([
      [1, { a: 1 }],
      [4, { b: "é中🎉" }],
      [5, { c: [1] }],
    ]);
  });

  it("reports a line that is not a JSON object at its line, and goes on", () => {
    expect(brief(scan('[1]\n{"a":\n{"b":2}\n'))).toEqual([
      [1, "expected a JSON object"],
      [2, "invalid JSON: Unexpected end of JSON input"],
      [3, { b: 2 }],
    ]);
  });

  it("gives the same records wherever the input is cut, multi-byte characters included", () => {
    const lines = Array.from({ length: 12 }, (_, k) =>
      JSON.stringify({ k, t: `é中🎉${"x".repeat(k)}` }),
    );
    const text = Buffer.from(`\uFEFF${lines.join("\r\n")}\n\n[2]\n`);
    expect(scan(text)).toHaveLength(13);
    expectSameWhereverCut(text, () => new JsonLinesScanner());
  });

  it("reports a line longer than maxLineBytes at its line, and reads on from the next line", () => {
    const long = JSON.stringify({ long: "x".repeat(200) });
    const text = `{"a":1}\n${long}\n{"b":2}\n${long}`;
    const expected = [
      [1, { a: 1 }],
      [2, "line longer than 100 bytes"],
      [3, { b: 2 }],
      [4, "line longer than 100 bytes"],
    ];
    expect(brief(scan(text, [], 100))).toEqual(expected);
    // The same wherever the chunks end: inside the long line, or with it whole in one chunk.
    for (const size of [1, 7, 64, 150]) {
      const cuts = Array.from(
        { length: Math.ceil(text.length / size) - 1 },
        (_, k) => (k + 1) * size,
      );
      expect(brief(scan(text, cuts, 100))).toEqual(expected);
    }
  });

  it("accepts a line of exactly maxLineBytes, not counting its line feed", () => {
    const line = JSON.stringify({ t: "x".repeat(10) });
    expect(brief(scan(`${line}\n${line}`, [3], line.length))).toEqual([
      [1, { t: "x".repeat(10) }],
      [2, { t: "x".repeat(10) }],
    ]);
    expect(brief(scan(`${line}\n`, [3], line.length - 1))).toEqual([
      [1, `line longer than ${line.length - 1} bytes`],
    ]);
  });

  it("names its default cap, 64 MiB, and rejects a cap that is not a positive integer", () => {
    expect(MAX_LINE_BYTES).toBe(64 * 1024 * 1024);
    expect(() => new JsonLinesScanner(0)).toThrowErrorMatchingInlineSnapshot(
      `[IssueError: maxLineBytes must be a positive integer, got 0]`,
    );
    expect(() => new JsonLinesScanner(1.5)).toThrow(IssueError);
  });
});

describe("readJsonlRecords", () => {
  it("reports an over-long line with the default cap's message", async () => {
    const huge = `{"a":1}\n${" ".repeat(MAX_LINE_BYTES + 1)}\n{"b":2}\n`;
    expect(brief(await read("huge.jsonl", huge))).toEqual([
      [1, { a: 1 }],
      [2, "line longer than 64 MiB"],
      [3, { b: 2 }],
    ]);
  });

  it("reads the same records at any chunk size", async () => {
    const text = `\uFEFF${Array.from({ length: 50 }, (_, k) => JSON.stringify({ k, t: "中🎉".repeat(k) })).join("\r\n")}`;
    const whole = await read("chunks.jsonl", text);
    expect(whole).toHaveLength(50);
    for (const chunkSize of [1, 3, 64, 1000]) {
      expect(await read(`chunks-${chunkSize}.jsonl`, text, { chunkSize })).toEqual(whole);
    }
  });

  it.each([1024, DEFAULT_CHUNK_SIZE])(
    "reads the lines before damaged gzip data, then reports it at the next line (%s-byte chunks)",
    async (chunkSize) => {
      const lines = Array.from({ length: 5000 }, (_, k) =>
        JSON.stringify({ k, t: `é中🎉 ${k * 7919}` }),
      );
      const gz = gzipSync(`${lines.join("\n")}\n`);
      const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
      // Every line gunzip can decode before the cut, and not the part of a line after the last "\n".
      const whole =
        gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString().split("\n").length - 1;
      const out = await read("cut.jsonl.gz", cut, { chunkSize });
      expect(out).toHaveLength(whole + 1);
      expect(out.slice(0, -1)).toEqual(
        lines
          .slice(0, whole)
          .map((line, k) => ({ ok: true, line: k + 1, record: JSON.parse(line) })),
      );
      expect(out.at(-1)).toEqual({
        ok: false,
        line: whole + 1,
        message: "invalid gzip data: unexpected end of file",
      });
    },
  );

  it("reports a .gz file that is not gzip at line 1, without throwing", async () => {
    expect(await read("plain.jsonl.gz", '{"a":1}\n')).toEqual([
      { ok: false, line: 1, message: "invalid gzip data: incorrect header check" },
    ]);
  });

  it("rejects with EISDIR, naming the path, for a directory", async () => {
    const folder = join(dir, "folder.jsonl");
    mkdirSync(folder);
    const error = await readJsonlRecords(folder)
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: "EISDIR",
      path: folder,
      message: `${folder}: is a directory`,
    });
  });
});
