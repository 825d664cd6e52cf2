import { describe, expect, it } from "vitest";
import {
  fitsColumn,
  inferColumns,
  inferColumnType,
  isMessageList,
  recordMismatch,
} from "../../../src/formats/dataset/parquet-columns.js";
import { RecordWriteError } from "../../../src/formats/dataset/write-error.js";

const hi = { role: "user", content: "hi" };

describe("inferColumnType", () => {
  it.each([
    [["a", null, "b"], "STRING"],
    [[true, undefined, false], "BOOLEAN"],
    [[1, -2, null, 2 ** 53 - 1], "INT64"],
    [[1, 2.5], "DOUBLE"],
    [[1, 2 ** 53], "DOUBLE"],
    [[[hi], [], null], "MESSAGES"],
    [[[], []], "JSON"],
    [[null, undefined], "JSON"],
    [[], "JSON"],
    [["a", 1], "JSON"],
    [[{ a: 1 }], "JSON"],
    [[[1, 2]], "JSON"],
    [[[{ ...hi, name: "x" }]], "JSON"],
    [[[{ role: "user", content: null }]], "JSON"],
  ])("types %j as %s", (values, type) => {
    expect(inferColumnType(values)).toBe(type);
  });
});

describe("inferColumns", () => {
  it("takes every field in first-seen order", () => {
    expect(
      inferColumns([
        { b: 1, a: "x" },
        { c: true, a: "y" },
      ]),
    ).toEqual([
      { name: "b", type: "INT64" },
      { name: "a", type: "STRING" },
      { name: "c", type: "BOOLEAN" },
    ]);
  });
});

describe("fitsColumn", () => {
  it("lets null and undefined into every column and anything into JSON", () => {
    for (const type of ["STRING", "BOOLEAN", "INT64", "DOUBLE", "MESSAGES", "JSON"] as const) {
      expect(fitsColumn(type, null) && fitsColumn(type, undefined)).toBe(true);
    }
    expect(fitsColumn("JSON", { any: ["thing"] })).toBe(true);
  });

  it("keeps each typed column to its own values", () => {
    expect(fitsColumn("INT64", 3)).toBe(true);
    expect(fitsColumn("INT64", 3.5)).toBe(false);
    expect(fitsColumn("DOUBLE", 3)).toBe(true);
    expect(fitsColumn("STRING", 3)).toBe(false);
    expect(fitsColumn("BOOLEAN", "true")).toBe(false);
    expect(fitsColumn("MESSAGES", [])).toBe(true);
    expect(fitsColumn("MESSAGES", [hi, { role: "assistant" }])).toBe(false);
  });
});

describe("isMessageList", () => {
  it("accepts exactly {role, content} string pairs", () => {
    expect(isMessageList([hi, { content: "yo", role: "assistant" }])).toBe(true);
    expect(isMessageList([hi, null])).toBe(false);
    expect(isMessageList(hi)).toBe(false);
  });
});

describe("recordMismatch", () => {
  const columns = inferColumns([{ n: 1, s: "x", j: null }]);
  const names = new Set(columns.map((c) => c.name));

  it("accepts a record whose fields are columns and whose values fit, missing fields too", () => {
    expect(recordMismatch(columns, names, { n: 2, j: { any: 1 } }, 1)).toBeUndefined();
    expect(recordMismatch(columns, names, {}, 1)).toBeUndefined();
  });

  it("names a field that is not a column, before any value that does not fit", () => {
    const error = recordMismatch(columns, names, { n: "bad", extra: 1 }, 10_000);
    expect(error).toBeInstanceOf(RecordWriteError);
    expect(error).toMatchObject({ kind: "new_field", field: "extra" });
    expect(error?.message).toMatchInlineSnapshot(
      `"extra: not a column of the Parquet file, whose columns were fixed by the file's first 10000 records (its first row group); write .jsonl or .json for records whose fields vary"`,
    );
  });

  it("names a value that does not fit its column, with what it holds", () => {
    expect(recordMismatch(columns, names, { s: { o: 1 } }, 1)).toMatchObject({
      kind: "type_mismatch",
      field: "s",
      reason: expect.stringMatching(/^holds an object, but its Parquet column is STRING \(text\)/),
    });
  });
});
