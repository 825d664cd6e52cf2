import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  JsonArrayScanner,
  readJsonArrayRecords,
} from "../../../src/formats/dataset/read-json-array.js";
import type { LocatedRecord } from "../../../src/formats/dataset/read-located.js";
import { collect, tempDir, writeIn } from "../temp-dir.js";
import { brief, expectSameWhereverCut, scanCut } from "./chunked-scan.js";

const dir = tempDir("prefkit-json-array-");

const scan = (text: string | Buffer, cuts: number[] = []): LocatedRecord[] =>
  scanCut(new JsonArrayScanner(), text, cuts);

const read = (name: string, content: string | Buffer, chunkSize?: number) =>
  collect(
    readJsonArrayRecords(writeIn(dir, name, content), chunkSize === undefined ? {} : { chunkSize }),
  );

// Laid out as read-jsonl.test.ts: each scanner checked against its own hand-written text.
describe("JsonArrayScanner", () => {
  it("yields each element as a record located at the line where it starts", () => {
    const text = '[\n  {"a": 1},\n  {\n    "b": "x"\n  }, {"c": true}\n]\n';
    expect(brief(scan(text))).toEqual([
      [2, { a: 1 }],
      [3, { b: "x" }],
      [5, { c: true }],
    ]);
  });

  it("reads an empty array, with or without whitespace and a byte-order mark", () => {
    expect(scan("[]")).toEqual([]);
    expect(scan("\uFEFF \n[ \n ]\n")).toEqual([]);
    expect(brief(scan('\uFEFF[{"a":1}]'))).toEqual([[1, { a: 1 }]]);
  });

  it("is not fooled by brackets, commas, quotes and backslashes inside strings", () => {
    const records = [{ a: '],[{"}' }, { b: "\\" }, { c: '\\"]' }, { d: "x\ny" }];
    expect(brief(scan(JSON.stringify(records)))).toEqual(records.map((r) => [1, r]));
  });

  it("reports an element that is not an object at its line, and goes on", () => {
    const text = '[1,\n"s",\nnull,\n[{"a":1}],\n{"ok":1}]';
    expect(brief(scan(text))).toEqual([
      [1, "expected a JSON object"],
      [2, "expected a JSON object"],
      [3, "expected a JSON object"],
      [4, "expected a JSON object"],
      [5, { ok: 1 }],
    ]);
  });

  it("reports malformed JSON inside an element at the line where the element starts", () => {
    const out = scan('[\n{"a":1},\n{"a":\n  }\n,{"c":3}]');
    expect(out.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [3, false],
      [5, true],
    ]);
    expect(out[1]!.ok === false && out[1]!.message).toMatch(/^invalid JSON: /);
  });

  it("reports a missing value between commas and goes on", () => {
    expect(brief(scan('[{"a":1},\n,{"b":2},]'))).toEqual([
      [1, { a: 1 }],
      [2, 'invalid JSON: missing value before "," or "]"'],
      [2, { b: 2 }],
      [2, 'invalid JSON: missing value before "," or "]"'],
    ]);
  });

  it("stops at a file that is not an array, at the line of its first character", () => {
    expect(brief(scan('\n\n{"a":1}\n{"b":2}\n'))).toEqual([
      [3, 'not a JSON array: expected "[" at the start of the file'],
    ]);
    expect(brief(scan(""))).toEqual([[1, 'not a JSON array: the file has no "["']]);
    expect(brief(scan(" \n"))).toEqual([[2, 'not a JSON array: the file has no "["']]);
  });

  it("reports text after the closing bracket, once", () => {
    expect(brief(scan('[{"a":1}]\n[{"b":2}]\n'))).toEqual([
      [1, { a: 1 }],
      [2, 'invalid JSON: unexpected text after the closing "]"'],
    ]);
  });

  it("reports a truncated file: unterminated string, object or array", () => {
    expect(brief(scan('[{"a":1},\n{"b":"never closed'))).toEqual([
      [1, { a: 1 }],
      [2, "invalid JSON: the file ends inside a string of this element"],
    ]);
    expect(brief(scan('[{"a":1},\n{"b":[1,\n2'))).toEqual([
      [1, { a: 1 }],
      [2, "invalid JSON: the file ends inside an object or array of this element"],
    ]);
    expect(brief(scan('[{"a":1},\n{"b":2}\n'))).toEqual([
      [1, { a: 1 }],
      [2, { b: 2 }],
      [3, 'invalid JSON: the file ends before the array\'s closing "]"'],
    ]);
    expect(brief(scan('[{"a":1},\n'))).toEqual([
      [1, { a: 1 }],
      [2, 'invalid JSON: the file ends before the array\'s closing "]"'],
    ]);
  });

  it("gives the same records wherever the input is cut, multi-byte characters included", () => {
    const records = Array.from({ length: 12 }, (_, k) => ({ k, text: `é中🎉\\"${"x".repeat(k)}` }));
    const text = Buffer.from(`\uFEFF${JSON.stringify(records, null, 1)}`);
    expect(scan(text).map((r) => r.ok && r.record)).toEqual(records);
    expectSameWhereverCut(text, () => new JsonArrayScanner());
  });
});

describe("readJsonArrayRecords", () => {
  // Pretty-printed, with characters of 2, 3 and 4 UTF-8 bytes, so that with small chunks both
  // element boundaries and multi-byte sequences straddle chunk boundaries.
  const records = Array.from({ length: 300 }, (_, k) => ({
    id: k,
    prompt: `question ${k}: ${"é中🎉".repeat(k % 7)} "quoted" \\ back`,
    chosen: k % 3 === 0 ? null : ["a", { b: "中" }],
  }));
  const text = JSON.stringify(records, null, 2);
  const startLines = text.split("\n").flatMap((line, k) => (line === "  {" ? [k + 1] : []));

  it.each([1, 3, 7, 64, 1000])(
    "reads every record at its line with %i-byte chunks",
    async (size) => {
      const out = await read(`chunks-${size}.json`, text, size);
      expect(out).toEqual(records.map((record, k) => ({ ok: true, line: startLines[k], record })));
    },
  );

  it("reads a gzip-compressed file the same way, with small chunks", async () => {
    const plain = await read("same.json", text);
    expect(await read("same.json.gz", gzipSync(text), 64)).toEqual(plain);
  });

  it("reads the elements before damaged gzip data, then reports it where the first unfinished one starts", async () => {
    const gz = gzipSync(text);
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
    const out = await read("cut.json.gz", cut, 1024);
    const last = out.at(-1)!;
    const whole = out.slice(0, -1);
    expect(whole.length).toBeGreaterThan(10);
    expect(whole).toEqual(
      records
        .slice(0, whole.length)
        .map((record, k) => ({ ok: true, line: startLines[k], record })),
    );
    expect(last).toEqual({
      ok: false,
      line: startLines[whole.length],
      message: "invalid gzip data: unexpected end of file",
    });
  });

  it("stops after a final error for a file that is not an array", async () => {
    expect(brief(await read("lines.json", '{"a":1}\n{"b":2}\n'))).toEqual([
      [1, 'not a JSON array: expected "[" at the start of the file'],
    ]);
  });

  it("rejects for a missing file", async () => {
    const records = readJsonArrayRecords(join(dir, "missing.json"));
    await expect(records.next()).rejects.toThrow(/ENOENT/);
  });
});
