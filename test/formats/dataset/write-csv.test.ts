import { describe, expect, it } from "vitest";
import { csvEncoding, csvField, csvRow } from "../../../src/formats/dataset/write-csv.js";

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
