import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetMetadata } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import type { LocatedRecord } from "../../../src/formats/dataset/read-located.js";
import {
  readParquetRecords,
  withoutBigInts,
} from "../../../src/formats/dataset/read-parquet-records.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-read-parquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(path: string): Promise<LocatedRecord[]> {
  const out: LocatedRecord[] = [];
  for await (const r of readParquetRecords(path)) out.push(r);
  return out;
}

function file(name: string, bytes: ArrayBuffer | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(bytes));
  return path;
}

const valid = parquetWriteBuffer({
  columnData: [
    { name: "id", data: [1n, 2n, 9007199254740993n], type: "INT64" },
    { name: "text", data: ["a", "中文", null], type: "STRING" },
    { name: "meta", data: [{ k: [1, 2] }, null, "s"], type: "JSON" },
  ],
  rowGroupSize: 2,
});

describe("readParquetRecords", () => {
  it("yields rows located by row and row group, with INT64 as numbers or strings beyond 2^53", async () => {
    expect(await read(file("valid.parquet", valid))).toEqual([
      { ok: true, line: 1, rowGroup: 0, record: { id: 1, text: "a", meta: { k: [1, 2] } } },
      { ok: true, line: 2, rowGroup: 0, record: { id: 2, text: "中文", meta: null } },
      {
        ok: true,
        line: 3,
        rowGroup: 1,
        record: { id: "9007199254740993", text: null, meta: "s" },
      },
    ]);
  });

  it.each([
    ["random bytes", Uint8Array.from({ length: 4096 }, (_, k) => (k * 7919) % 251)],
    ["a truncated file", new Uint8Array(valid).subarray(0, valid.byteLength - 40)],
    ["an empty file", new Uint8Array(0)],
  ])("gives one located invalid Parquet error, without throwing, for %s", async (name, bytes) => {
    const out = await read(file(`${name}.parquet`, bytes));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ ok: false, line: 1, rowGroup: 0 });
    expect(out[0]!.ok === false && out[0]!.message).toMatch(/^invalid Parquet: /);
  });

  it("reads the good row groups, then stops at a damaged one with an error at its first row", async () => {
    const twoGroups = parquetWriteBuffer({
      columnData: [{ name: "text", data: Array.from({ length: 20 }, (_, k) => `t${k}`) }],
      rowGroupSize: 10,
    });
    const chunk = parquetMetadata(twoGroups).row_groups[1]!.columns[0]!.meta_data!;
    const start = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
    const bytes = new Uint8Array(twoGroups.slice(0));
    bytes.fill(0xff, start, start + Number(chunk.total_compressed_size));
    const out = await read(file("damaged.parquet", bytes));
    expect(out.slice(0, 10).every((r) => r.ok && r.rowGroup === 0)).toBe(true);
    expect(out.slice(10)).toMatchObject([{ ok: false, line: 11, rowGroup: 1 }]);
  });

  it("rejects for a missing file, as the other readers do", async () => {
    await expect(read(join(dir, "missing.parquet"))).rejects.toThrow(/ENOENT/);
  });
});

describe("withoutBigInts", () => {
  it("converts bigints inside arrays and objects, keeping large ones exact as strings", () => {
    const value = { a: 1n, b: [2n, { c: -(2n ** 60n) }], d: "x", e: null };
    expect(withoutBigInts(value)).toEqual({
      a: 1,
      b: [2, { c: "-1152921504606846976" }],
      d: "x",
      e: null,
    });
    expect(withoutBigInts(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(withoutBigInts(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toBe("9007199254740992");
  });

  it("leaves values that are not plain arrays or objects alone", () => {
    const bytes = new Uint8Array([1, 2]);
    const date = new Date(0);
    expect(withoutBigInts(bytes)).toBe(bytes);
    expect(withoutBigInts(date)).toBe(date);
  });
});
