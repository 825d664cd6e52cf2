import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync } from "hyparquet";
import { describe, expect, it } from "vitest";
import type { LocatedRecord } from "../../../src/formats/dataset/read-located.js";
import { readParquetRecords } from "../../../src/formats/dataset/read-parquet-records.js";
import {
  openRecordSink,
  RecordWriteError,
  writeRecordsAtomically,
} from "../../../src/formats/dataset/write-records.js";
import { collect, tempDir } from "../temp-dir.js";

const dir = tempDir("prefkit-write-parquet-");

const readAll = (path: string): Promise<LocatedRecord[]> => collect(readParquetRecords(path));

const metadataOf = async (path: string) => parquetMetadataAsync(await asyncBufferFromFile(path));

describe("Parquet sink", () => {
  it("writes 5,000 records as row groups of 2,000 and reads them back located", async () => {
    const path = join(dir, "large.parquet");
    const records = Array.from({ length: 5_000 }, (_, k) => ({
      id: k,
      text: `record ${k} ✓`,
      score: k / 7,
      flag: k % 2 === 0,
    }));
    expect(await writeRecordsAtomically(path, records)).toBe(5_000);
    const metadata = await metadataOf(path);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([2_000, 2_000, 1_000]);
    const out = await readAll(path);
    expect(out).toHaveLength(5_000);
    expect(out.map((r) => r.ok && r.record)).toEqual(records);
    expect([out[0], out[1_999], out[2_000], out[4_999]].map((r) => [r!.line, r!.rowGroup])).toEqual(
      [
        [1, 0],
        [2_000, 0],
        [2_001, 1],
        [5_000, 2],
      ],
    );
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

  it("refuses a field first seen after the first row group with a RecordWriteError", async () => {
    const path = join(dir, "late-field.parquet");
    const records = [{ a: 1 }, { a: 2 }, { a: 3, late: "x" }];
    const written = writeRecordsAtomically(path, records, { parquet: { rowGroupRecords: 2 } });
    await expect(written).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RecordWriteError: late: not a column of the Parquet file, whose columns were fixed by the file's first 2 records (its first row group); write .jsonl or .json for records whose fields vary]`,
    );
    await expect(written).rejects.toMatchObject({ kind: "new_field", field: "late" });
  });

  it("refuses a value that does not fit its column's type with a RecordWriteError", async () => {
    const path = join(dir, "late-type.parquet");
    const options = { parquet: { rowGroupRecords: 2 } };
    await expect(
      writeRecordsAtomically(path, [{ a: 1 }, { a: 2 }, { a: "three" }], options),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RecordWriteError: a: holds a string, but its Parquet column is INT64 (integers), inferred from the file's first 2 records (its first row group); write .jsonl or .json for fields whose types vary]`,
    );
    await expect(
      writeRecordsAtomically(path, [{ a: 1 }, { a: 2 }, { a: 2.5 }], options),
    ).rejects.toMatchObject({
      kind: "type_mismatch",
      field: "a",
      reason: expect.stringMatching(/^holds the number 2.5, but its Parquet column is INT64/),
    });
    const messages = [{ role: "user", content: "hi" }];
    await expect(
      writeRecordsAtomically(path, [{ m: messages }, { m: messages }, { m: [{ x: 1 }] }], options),
    ).rejects.toThrow("m: holds an array, but its Parquet column is a list of");
  });

  it("refuses a misfit at write(), before buffering it, and goes on with the next records", async () => {
    const path = join(dir, "go-on.parquet");
    const sink = openRecordSink(path, { parquet: { rowGroupRecords: 2 } });
    await sink.write({ a: 1, s: null });
    await sink.write({ a: 2, s: null });
    // The columns are fixed now; these two are refused while the second group is still open.
    await expect(sink.write({ a: "x" })).rejects.toMatchObject({ kind: "type_mismatch" });
    await sink.write({ a: 3, s: "text in a column that held only nulls" });
    await expect(sink.write({ a: 4, t: true })).rejects.toBeInstanceOf(RecordWriteError);
    await sink.write({ a: 5 });
    expect(await sink.finish()).toBe(4);
    await sink.commit();
    expect((await readAll(path)).map((r) => r.ok && r.record)).toEqual([
      { a: 1, s: null },
      { a: 2, s: null },
      { a: 3, s: "text in a column that held only nulls" },
      { a: 5, s: null },
    ]);
  });

  it("names the field it cannot encode when a row group is written, and writes none of the group", async () => {
    const here = mkdtempSync(join(dir, "unencodable-"));
    const path = join(here, "out.parquet");
    writeFileSync(path, "previous content");
    const sink = openRecordSink(path, { parquet: { rowGroupRecords: 2 } });
    // No reader makes an invalid Date; hyparquet-writer's JSON encoding throws on one.
    await sink.write({ id: 1, when: null });
    const failed = sink.write({ id: 2, when: new Date(Number.NaN) });
    await expect(failed).rejects.toThrow(
      `${path}: field "when" cannot be written to its JSON column (Invalid time value); none of the row group's 2 records was written`,
    );
    await expect(failed).rejects.not.toBeInstanceOf(RecordWriteError);
    const temporary = readdirSync(here).find((f) => f.endsWith(".tmp"))!;
    expect(statSync(join(here, temporary)).size).toBe(0);
    await expect(sink.write({ id: 3 })).rejects.toThrow(/the sink failed earlier .*; abort it/);
    await expect(sink.finish()).rejects.toThrow(/the sink failed earlier/);
    await sink.abort();
    expect(readdirSync(here)).toEqual(["out.parquet"]);
    expect(readFileSync(path, "utf8")).toBe("previous content");
  });

  it("names the field it cannot encode at finish() too", async () => {
    const path = join(dir, "unencodable-at-finish.parquet");
    const sink = openRecordSink(path);
    await sink.write({ ok: "x", when: new Date(Number.NaN) });
    await expect(sink.finish()).rejects.toThrow('field "when" cannot be written');
    await sink.abort();
    expect(existsSync(path)).toBe(false);
  });

  it("accepts any value, later, in a column that held only nulls at first (JSON)", async () => {
    const path = join(dir, "late-values.parquet");
    const records = [{ a: null }, { a: 1 }, { a: { b: [true] } }, { a: "s" }];
    await writeRecordsAtomically(path, records, { parquet: { rowGroupRecords: 1 } });
    expect((await readAll(path)).map((r) => r.ok && r.record)).toEqual(records);
  });
});
