import { describe, expect, it } from "vitest";
import { packStyleElements, styleDesign } from "../../../src/core/rating/style-design.js";
import {
  countStyleElements,
  styleElementsFromConvMetadata,
} from "../../../src/core/rating/style-features.js";

const ANSWER = [
  "# Title",
  "Some **bold** text and __also bold__.",
  "## Section",
  "1. first",
  "2. second",
  "   - nested a",
  "   * nested b",
  "+ plus item",
  "####### seven hashes is no header",
  "#no space is no header",
  "```python",
  "# comment in code",
  "- not a list",
  "**not bold**",
  "```",
  "**bold",
  "across** lines is not bold",
  "###### h6",
  "10. tenth",
].join("\n");

describe("countStyleElements", () => {
  it("counts headers, lists and bold as FastChat does, ignoring fenced code", () => {
    // headers: "# Title", "## Section", "###### h6"; lists: "1.", "2.", "10." ordered and
    // "-", "*", "+" unordered; bold: "**bold**", "__also bold__". The fenced block's header,
    // list item and bold span do not count, nor does the bold span broken by a newline.
    const e = countStyleElements([ANSWER]);
    expect({ headers: e.headers, lists: e.lists, bold: e.bold }).toEqual({
      headers: 3,
      lists: 6,
      bold: 2,
    });
  });

  it("counts each header level h1…h6 once and rejects seven hashes or a missing space", () => {
    const text = ["# a", "## b", "### c", "#### d", "##### e", "###### f", "####### g", "#h"];
    expect(countStyleElements([text.join("\n")]).headers).toBe(6);
    // FastChat's "^#{1}\s" also matches "#" followed by the newline (\s includes "\n").
    expect(countStyleElements(["#\ntext"]).headers).toBe(1);
    expect(countStyleElements(["text # not at line start"]).headers).toBe(0);
  });

  it("counts ordered and unordered list lines, nested ones included", () => {
    const text = "1. a\n   2. b\n\t- c\n    + d\n* e\n-not a list\n1.not a list\n3) not a list";
    expect(countStyleElements([text]).lists).toBe(5);
  });

  it("counts bold spans of ** and __ that stay on one line", () => {
    expect(countStyleElements(["**a** and **b c** and __d__ x"]).bold).toBe(3);
    expect(countStyleElements(["**a\nb** __c\nd__ ****"]).bold).toBe(0);
    expect(countStyleElements(["snake_case_name"]).bold).toBe(0);
  });

  it("sums over assistant turns, joined by a newline as FastChat joins them", () => {
    const e = countStyleElements(["# One\n- a", "# Two\n**b**", "1. c"]);
    expect(e).toEqual({ tokens: 14, headers: 2, lists: 2, bold: 1 });
    // An unclosed fence in one turn pairs with a fence in the next one, as in the joined text.
    expect(countStyleElements(["```\ncode", "- x\n```\n- y"]).lists).toBe(1);
  });

  it("approximates tokens: word-piece runs, CJK characters and other non-spaces count one each", () => {
    expect(countStyleElements(["Hello, world! 42 apples"]).tokens).toBe(6);
    expect(countStyleElements(["snake_case x+y"]).tokens).toBe(6);
    expect(countStyleElements(["日本語のテキスト"]).tokens).toBe(8);
    expect(countStyleElements(["abc日本 café nai\u0308ve"]).tokens).toBe(5);
    // Code is part of the length: tokens are counted before fences are removed.
    expect(countStyleElements(["```\nx = 1\n```"]).tokens).toBe(9);
    expect(countStyleElements([]).tokens).toBe(0);
    expect(countStyleElements(["😀😀 x\u00a0y"]).tokens).toBe(4);
    expect(countStyleElements(["", "  \n\t"])).toEqual({
      tokens: 0,
      headers: 0,
      lists: 0,
      bold: 0,
    });
  });
  it("counts tokens as the regex definition does, on random mixed-script text", () => {
    const cjk = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}";
    const reference = new RegExp(`[${cjk}]|(?:(?![${cjk}])[\\p{L}\\p{M}\\p{N}])+|\\S`, "gu");
    const pool = [
      "a",
      "Z",
      "7",
      " ",
      "\n",
      "\t",
      ".",
      "_",
      "#",
      "é",
      "\u0308",
      "ß",
      "日",
      "の",
      "カ",
      "한",
      "😀",
      "𝒳",
      "\u00a0",
      "\u2028",
      "\ud800",
      "٣",
    ];
    let seed = 99;
    const next = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    for (let trial = 0; trial < 300; trial++) {
      let text = "";
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) text += pool[Math.floor(next() * pool.length)];
      expect(countStyleElements([text]).tokens).toBe(text.match(reference)?.length ?? 0);
    }
  });
});

describe("styleElementsFromConvMetadata", () => {
  const meta = {
    sum_user_tokens: 12,
    sum_assistant_a_tokens: 1854,
    header_count_a: { h1: 0, h2: 2, h3: 3, h4: 0, h5: 0, h6: 0 },
    list_count_a: { ordered: 4, unordered: 7 },
    bold_count_a: { "**": 5, __: 1 },
    sum_assistant_b_tokens: 320,
    header_count_b: 0,
    list_count_b: { ordered: 0, unordered: 2 },
    bold_count_b: { "**": 0, __: 0 },
  };

  it("sums FastChat's per-kind dicts and takes plain integers as they are", () => {
    expect(styleElementsFromConvMetadata(meta, "a")).toEqual({
      tokens: 1854,
      headers: 5,
      lists: 11,
      bold: 6,
    });
    expect(styleElementsFromConvMetadata(meta, "b")).toEqual({
      tokens: 320,
      headers: 0,
      lists: 2,
      bold: 0,
    });
  });

  it("returns undefined when the metadata is missing or malformed", () => {
    const { bold_count_a: _, ...missing } = meta;
    expect(styleElementsFromConvMetadata(missing, "a")).toBeUndefined();
    expect(styleElementsFromConvMetadata(undefined, "a")).toBeUndefined();
    expect(styleElementsFromConvMetadata(null, "a")).toBeUndefined();
    expect(styleElementsFromConvMetadata("{}", "a")).toBeUndefined();
    expect(styleElementsFromConvMetadata([meta], "a")).toBeUndefined();
    for (const bad of [-1, 1.5, "3", null, [1, 2], { h1: "1" }, { h1: -1 }, Number.NaN]) {
      expect(styleElementsFromConvMetadata({ ...meta, header_count_a: bad }, "a")).toBeUndefined();
    }
  });
});

describe("styleDesign", () => {
  // tokens: d = 1/2, 1/2, −1/4 → mean 1/4, population var 1/8; headers: all 0 → dropped;
  // lists: d = 1/2 in every row → constant → dropped; bold: d = 3/4, −3/4, 0 → var 3/8.
  const a = new Float64Array([1, 0, 1, 3, 1, 0, 1, 0, 1, 0, 1, 0]);
  const b = new Float64Array([0, 0, 0, 0, 0, 0, 0, 3, 2, 0, 0, 0]);

  it("z-scores (a − b)/(a + b + 1) per column with the population std (worked example)", () => {
    const d = styleDesign(a, b);
    expect(d.columns).toEqual(["tokens", "bold"]);
    expect(d.dropped).toEqual(["headers", "lists"]);
    expect(Array.from(d.mean)).toEqual([0.25, 0]);
    expect(d.std[0]).toBeCloseTo(Math.sqrt(1 / 8), 15);
    expect(d.std[1]).toBeCloseTo(Math.sqrt(3 / 8), 15);
    const expected = [Math.SQRT1_2, Math.sqrt(1.5), Math.SQRT1_2, -Math.sqrt(1.5), -Math.SQRT2, 0];
    expect(d.z).toHaveLength(6);
    d.z.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 14);
    });
  });

  it("drops every column when there are no battles, and takes custom column sets", () => {
    const d = styleDesign(new Float64Array(0), new Float64Array(0));
    expect(d.z).toHaveLength(0);
    expect(d.dropped).toEqual(["tokens", "headers", "lists", "bold"]);
    const one = styleDesign(new Float64Array([3, 0]), new Float64Array([0, 3]), ["len"]);
    expect(one.columns).toEqual(["len"]);
    expect(Array.from(one.z)).toEqual([1, -1]);
  });

  it("packs StyleElements rows in column order", () => {
    const packed = packStyleElements([
      { tokens: 1, headers: 2, lists: 3, bold: 4 },
      { tokens: 5, headers: 6, lists: 7, bold: 8 },
    ]);
    expect(Array.from(packed)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("rejects mismatched lengths and negative or non-finite counts with RangeError", () => {
    expect(() => styleDesign(new Float64Array(4), new Float64Array(8))).toThrow(RangeError);
    expect(() => styleDesign(new Float64Array(6), new Float64Array(6))).toThrow(RangeError);
    expect(() => styleDesign(new Float64Array([-1, 0, 0, 0]), new Float64Array(4))).toThrow(
      RangeError,
    );
    expect(() => styleDesign(new Float64Array([Number.NaN, 0, 0, 0]), new Float64Array(4))).toThrow(
      RangeError,
    );
    expect(() => styleDesign(new Float64Array(0), new Float64Array(0), [])).toThrow(RangeError);
  });
});
