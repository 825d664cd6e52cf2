import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import {
  type LocatedRecord,
  readCsvRecords,
  readJsonlRecords,
} from "../../../src/formats/dataset/read-records.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-records-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
});
