import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parquetMetadata } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import type { LocatedRecord } from "../../../src/formats/dataset/read-located.js";
import {
  readParquetRecords,
  withoutBigInts,
} from "../../../src/formats/dataset/read-parquet-records.js";
import { collect, tempDir, writeIn } from "../temp-dir.js";

const dir = tempDir("prefkit-read-parquet-");

const read = (path: string): Promise<LocatedRecord[]> => collect(readParquetRecords(path));

const file = (name: string, bytes: ArrayBuffer | Uint8Array): string =>
  writeIn(dir, name, new Uint8Array(bytes));

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

  it("reports a damaged row group once, at its first row, and reads every group after it", async () => {
    const threeGroups = parquetWriteBuffer({
      columnData: [{ name: "text", data: Array.from({ length: 30 }, (_, k) => `t${k}`) }],
      rowGroupSize: 10,
    });
    const chunk = parquetMetadata(threeGroups).row_groups[1]!.columns[0]!.meta_data!;
    const start = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
    const bytes = new Uint8Array(threeGroups.slice(0));
    bytes.fill(0xff, start, start + Number(chunk.total_compressed_size));
    const out = await read(file("damaged.parquet", bytes));
    const row = (k: number, rowGroup: number) => ({
      ok: true,
      line: k + 1,
      rowGroup,
      record: { text: `t${k}` },
    });
    expect(out.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, k) => row(k, 0)));
    expect(out[10]).toMatchObject({ ok: false, line: 11, rowGroup: 1 });
    expect(out[10]!.ok === false && out[10]!.message).toMatch(
      /^invalid Parquet: row group 1 \(10 rows\) could not be decoded: ./,
    );
    expect(out.slice(11)).toEqual(Array.from({ length: 10 }, (_, k) => row(k + 20, 2)));
  });

  it("rejects with EISDIR and a clear message for a directory", async () => {
    const path = join(dir, "folder.parquet");
    mkdirSync(path);
    await expect(read(path)).rejects.toMatchObject({
      code: "EISDIR",
      path,
      message: `${path}: is a directory`,
    });
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

describe("readParquetRecords: text that is not UTF-8", () => {
  const text = (value: string) => new TextEncoder().encode(value);
  const bad = new Uint8Array([0x61, 0xff, 0x62]); // "a", a byte no UTF-8 text holds, "b"
  const stringColumn = (name: string) => ({
    name,
    type: "BYTE_ARRAY" as const,
    converted_type: "UTF8" as const,
    repetition_type: "OPTIONAL" as const,
  });

  it("is a located error naming the field, never U+FFFD, and the next rows are read", async () => {
    const path = writeIn(
      dir,
      "bad-utf8.parquet",
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: "prompt", data: [text("p"), text("q")] },
            { name: "chosen", data: [bad, text("c")] },
          ],
          schema: [
            { name: "root", num_children: 2 },
            stringColumn("prompt"),
            stringColumn("chosen"),
          ],
        }),
      ),
    );
    const records = await collect(readParquetRecords(path));
    expect(records).toEqual([
      { ok: false, line: 1, rowGroup: 0, field: "chosen", message: "is not valid UTF-8" },
      { ok: true, line: 2, rowGroup: 0, record: { prompt: "q", chosen: "c" } },
    ]);
  });

  it("keeps a leading U+FEFF in a string: it is text, not a byte-order mark to drop", async () => {
    const path = writeIn(
      dir,
      "bom.parquet",
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [{ name: "prompt", data: [text("\uFEFFp")] }],
          schema: [{ name: "root", num_children: 1 }, stringColumn("prompt")],
        }),
      ),
    );
    const records = await collect(readParquetRecords(path));
    expect(records).toEqual([{ ok: true, line: 1, rowGroup: 0, record: { prompt: "\uFEFFp" } }]);
  });
});
