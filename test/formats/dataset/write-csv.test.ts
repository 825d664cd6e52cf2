import { describe, expect, it } from "vitest";
import { csvEncoding, csvField, csvRow } from "../../../src/formats/dataset/write-csv.js";
import { RecordWriteError } from "../../../src/formats/dataset/write-error.js";

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\ronly", '"cr\ronly"'],
    ["  spaces kept ", "  spaces kept "],
    ["中文 🎉", "中文 🎉"],
  ])("writes %j as %j", (text, field) => {
    expect(csvField(text)).toBe(field);
  });
});

describe("csvRow", () => {
  it("joins fields with commas and ends the line; a lone empty field is quoted", () => {
    expect(csvRow(["a", "b,c", ""])).toBe('a,"b,c",\n');
    expect(csvRow([""])).toBe('""\n');
  });
});

describe("csvEncoding", () => {
  it("writes the header with the first row, and leaves missing fields empty", () => {
    const csv = csvEncoding();
    expect(csv.encode({ a: 1, b: "x" }, 1)).toBe("a,b\n1,x\n");
    expect(csv.encode({ b: "y" }, 2)).toBe(",y\n");
    expect(csv.end(2)).toBe("");
  });
});

describe("csvEncoding refusing a record", () => {
  it("throws a RecordWriteError for a nested value and keeps the header unfixed", () => {
    const csv = csvEncoding();
    expect(() => csv.encode({ a: "x", b: { nested: true } }, 1)).toThrowErrorMatchingInlineSnapshot(
      `[RecordWriteError: b: holds a nested value (object or array), which CSV cannot hold; write .jsonl, .json or .parquet instead]`,
    );
    // The refused record was not counted: the next one is still the first, and fixes the header.
    expect(csv.encode({ c: "y" }, 1)).toBe("c\ny\n");
  });

  it("throws new_field for a field not in the header, and goes on with the same header", () => {
    const csv = csvEncoding();
    csv.encode({ a: null }, 1);
    let error: unknown;
    try {
      csv.encode({ a: "x", z: "late" }, 2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecordWriteError);
    expect(error).toMatchObject({ kind: "new_field", field: "z" });
    expect(csv.encode({ a: "now text" }, 2)).toBe("now text\n");
  });
});
