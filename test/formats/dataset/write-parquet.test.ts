import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import type { LocatedRecord } from "../../../src/formats/dataset/read-located.js";
import { readParquetRecords } from "../../../src/formats/dataset/read-parquet-records.js";
import { writeRecordsAtomically } from "../../../src/formats/dataset/write-records.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-write-parquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(path: string): Promise<LocatedRecord[]> {
  const out: LocatedRecord[] = [];
  for await (const r of readParquetRecords(path)) out.push(r);
  return out;
}

const metadataOf = async (path: string) => parquetMetadataAsync(await asyncBufferFromFile(path));

describe("Parquet sink", () => {
  it("writes 25,000 records as row groups of 10,000 and reads them back located", async () => {
    const path = join(dir, "large.parquet");
    const records = Array.from({ length: 25_000 }, (_, k) => ({
      id: k,
      text: `record ${k} ✓`,
      score: k / 7,
      flag: k % 2 === 0,
    }));
    expect(await writeRecordsAtomically(path, records)).toBe(25_000);
    const metadata = await metadataOf(path);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([10_000, 10_000, 5_000]);
    const out = await readAll(path);
    expect(out).toHaveLength(25_000);
    expect(out.map((r) => r.ok && r.record)).toEqual(records);
    expect(
      [out[0], out[9_999], out[10_000], out[24_999]].map((r) => [r!.line, r!.rowGroup]),
    ).toEqual([
      [1, 0],
      [10_000, 0],
      [10_001, 1],
      [25_000, 2],
    ]);
  });

  it("starts a new row group early when the buffered records pass the byte budget", async () => {
    const path = join(dir, "budget.parquet");
    const records = Array.from({ length: 10 }, (_, k) => ({ k, text: "x".repeat(1000) }));
    await writeRecordsAtomically(path, records, { parquet: { rowGroupBytes: 3000 } });
    const metadata = await metadataOf(path);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([3, 3, 3, 1]);
    expect((await readAll(path)).map((r) => r.ok && r.record)).toEqual(records);
  });

  it("types columns from the first row group; messages as a LIST of struct<role, content>", async () => {
    const path = join(dir, "schema.parquet");
    await writeRecordsAtomically(path, [
      {
        s: "a",
        i: 1,
        d: 1.5,
        b: true,
        m: [{ role: "user", content: "hi" }],
        j: { x: 1 },
        n: null,
      },
      { s: null, i: 2 ** 40, d: 2, b: null, m: [], j: "text", n: null },
    ]);
    const schema = (await metadataOf(path)).schema.map((e) => ({
      name: e.name,
      type: e.type,
      converted_type: e.converted_type,
      repetition_type: e.repetition_type,
      num_children: e.num_children,
    }));
    expect(schema).toMatchInlineSnapshot(`
      [
        {
          "converted_type": undefined,
          "name": "root",
          "num_children": 7,
          "repetition_type": undefined,
          "type": undefined,
        },
        {
          "converted_type": "UTF8",
          "name": "s",
          "num_children": undefined,
          "repetition_type": "OPTIONAL",
          "type": "BYTE_ARRAY",
        },
        {
          "converted_type": undefined,
          "name": "i",
          "num_children": undefined,
          "repetition_type": "OPTIONAL",
          "type": "INT64",
        },
        {
          "converted_type": undefined,
          "name": "d",
          "num_children": undefined,
          "repetition_type": "OPTIONAL",
          "type": "DOUBLE",
        },
        {
          "converted_type": undefined,
          "name": "b",
          "num_children": undefined,
          "repetition_type": "OPTIONAL",
          "type": "BOOLEAN",
        },
        {
          "converted_type": "LIST",
          "name": "m",
          "num_children": 1,
          "repetition_type": "OPTIONAL",
          "type": undefined,
        },
        {
          "converted_type": undefined,
          "name": "list",
          "num_children": 1,
          "repetition_type": "REPEATED",
          "type": undefined,
        },
        {
          "converted_type": undefined,
          "name": "element",
          "num_children": 2,
          "repetition_type": "OPTIONAL",
          "type": undefined,
        },
        {
          "converted_type": "UTF8",
          "name": "role",
          "num_children": undefined,
          "repetition_type": "OPTIONAL",
          "type": "BYTE_ARRAY",
        },
        {
          "converted_type": "UTF8",
          "name": "content",
          "num_children": undefined,
          "repetition_type": "OPTIONAL",
          "type": "BYTE_ARRAY",
        },
        {
          "converted_type": "JSON",
          "name": "j",
          "num_children": undefined,
          "repetition_type": "OPTIONAL",
          "type": "BYTE_ARRAY",
        },
        {
          "converted_type": "JSON",
          "name": "n",
          "num_children": undefined,
          "repetition_type": "OPTIONAL",
          "type": "BYTE_ARRAY",
        },
      ]
    `);
    expect((await readAll(path)).map((r) => r.ok && r.record)).toEqual([
      { s: "a", i: 1, d: 1.5, b: true, m: [{ role: "user", content: "hi" }], j: { x: 1 }, n: null },
      { s: null, i: 2 ** 40, d: 2, b: null, m: [], j: "text", n: null },
    ]);
  });

  it("gives back a missing field as missing and a null as null, in records of mixed shapes", async () => {
    const path = join(dir, "sparse.parquet");
    const records = [
      { a: 1, n: null },
      { b: "x", n: null },
      { a: 2, b: undefined, n: 3 },
    ];
    await writeRecordsAtomically(path, records, { parquet: { rowGroupRecords: 2 } });
    expect((await readAll(path)).map((r) => r.ok && r.record)).toEqual([
      { a: 1, n: null },
      { b: "x", n: null },
      { a: 2, n: 3 },
    ]);
    const metadata = await metadataOf(path);
    expect(metadata.key_value_metadata).toEqual([
      { key: "prefkit.absent_fields", value: '["a","b"]' },
    ]);
  });

  it("gives back a missing field as null where its column also held explicit nulls", async () => {
    const path = join(dir, "ambiguous.parquet");
    await writeRecordsAtomically(path, [{ a: 1 }, { a: null }, {}]);
    expect((await readAll(path)).map((r) => r.ok && r.record)).toEqual([
      { a: 1 },
      { a: null },
      { a: null },
    ]);
  });

  it("writes a valid file with no columns and zero rows for no records", async () => {
    const path = join(dir, "empty.parquet");
    expect(await writeRecordsAtomically(path, [])).toBe(0);
    expect(Number((await metadataOf(path)).num_rows)).toBe(0);
    expect(await readAll(path)).toEqual([]);
  });

  it("refuses a field first seen after the first row group, naming record and field", async () => {
    const path = join(dir, "late-field.parquet");
    const records = [{ a: 1 }, { a: 2 }, { a: 3, late: "x" }];
    await expect(
      writeRecordsAtomically(path, records, { parquet: { rowGroupRecords: 2 } }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: record 3: field "late" is not a column of the Parquet file, whose columns were fixed by the first row group (records 1–2); write .jsonl or .json for records whose fields vary]`,
    );
  });

  it("refuses a value that does not fit its column's type, naming record and field", async () => {
    const path = join(dir, "late-type.parquet");
    const options = { parquet: { rowGroupRecords: 2 } };
    await expect(
      writeRecordsAtomically(path, [{ a: 1 }, { a: 2 }, { a: "three" }], options),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: record 3: field "a" holds a string, but its Parquet column is INT64 (integers), inferred from the first row group (records 1–2); write .jsonl or .json for fields whose types vary]`,
    );
    await expect(
      writeRecordsAtomically(path, [{ a: 1 }, { a: 2 }, { a: 2.5 }], options),
    ).rejects.toThrow('record 3: field "a" holds the number 2.5, but its Parquet column is INT64');
    const messages = [{ role: "user", content: "hi" }];
    await expect(
      writeRecordsAtomically(path, [{ m: messages }, { m: messages }, { m: [{ x: 1 }] }], options),
    ).rejects.toThrow('record 3: field "m" holds an array, but its Parquet column is a list of');
  });

  it("accepts any value, later, in a column that held only nulls at first (JSON)", async () => {
    const path = join(dir, "late-values.parquet");
    const records = [{ a: null }, { a: 1 }, { a: { b: [true] } }, { a: "s" }];
    await writeRecordsAtomically(path, records, { parquet: { rowGroupRecords: 1 } });
    expect((await readAll(path)).map((r) => r.ok && r.record)).toEqual(records);
  });
});
