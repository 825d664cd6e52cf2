import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labelPatterns } from "../../../src/core/agreement/label-patterns.js";
import { labelTable, labelTableFromMatrix } from "../../../src/core/agreement/label-table.js";
import { tableOf } from "./helpers.js";

describe("labelTable validates", () => {
  const base = { itemCount: 2, raterCount: 2, categoryCount: 2 };
  const arrays = (item: number[], rater: number[], category: number[]) => ({
    item: Int32Array.from(item),
    rater: Int32Array.from(rater),
    category: Int32Array.from(category),
  });

  it("accepts a good table and returns it unchanged", () => {
    const table = { ...base, ...arrays([0, 1], [1, 0], [1, 0]) };
    expect(labelTable(table)).toBe(table);
  });

  it("refuses out-of-range indices, naming the entry", () => {
    expect(() => labelTable({ ...base, ...arrays([0, 2], [0, 0], [0, 0]) })).toThrow(
      new RangeError("item[1] = 2 is outside 0..1"),
    );
    expect(() => labelTable({ ...base, ...arrays([0], [-1], [0]) })).toThrow(
      new RangeError("rater[0] = -1 is outside 0..1"),
    );
    expect(() => labelTable({ ...base, ...arrays([0], [0], [2]) })).toThrow(
      new RangeError("category[0] = 2 is outside 0..1"),
    );
  });

  it("refuses a rater labelling an item twice, naming the item and rater", () => {
    expect(() => labelTable({ ...base, ...arrays([1, 0, 1], [1, 1, 1], [0, 1, 1]) })).toThrow(
      new RangeError(
        "rater 1 labelled item 1 more than once (categories 0 and 1); resolve repeated labels before building the table",
      ),
    );
  });

  it("refuses bad counts and arrays of different lengths", () => {
    expect(() => labelTable({ ...base, categoryCount: 0, ...arrays([], [], []) })).toThrow(
      RangeError,
    );
    expect(() => labelTable({ ...base, itemCount: 1.5, ...arrays([], [], []) })).toThrow(
      RangeError,
    );
    expect(() => labelTable({ ...base, ...arrays([0], [0, 1], [0]) })).toThrow(RangeError);
  });

  it("labelTableFromMatrix reads items × raters with null for no label", () => {
    const table = labelTableFromMatrix([[0, null, 2], [null, 1], []]);
    expect(table.itemCount).toBe(3);
    expect(table.raterCount).toBe(3);
    expect(table.categoryCount).toBe(3);
    expect(Array.from(table.item)).toEqual([0, 0, 1]);
    expect(Array.from(table.rater)).toEqual([0, 2, 1]);
    expect(Array.from(table.category)).toEqual([0, 2, 1]);
    expect(() => labelTableFromMatrix([[0.5]])).toThrow(RangeError);
    expect(() => labelTableFromMatrix([[3]], 3)).toThrow(RangeError);
  });
});

describe("labelPatterns", () => {
  it("groups items with the same (rater, category) set whatever the label order", () => {
    // Items 0 and 2 have the same pattern given in a different order; item 3 has no label.
    const table = tableOf(
      { items: 4, raters: 3, categories: 2 },
      [2, 0, 1, 0, 2, 1],
      [1, 0, 0, 1, 0, 2],
      [1, 0, 0, 1, 0, 1],
    );
    const p = labelPatterns(table);
    expect(p.patternCount).toBe(2);
    expect(p.labelledItems).toBe(3);
    expect(Array.from(p.itemPattern)).toEqual([0, 1, 0, -1]);
    expect(Array.from(p.count)).toEqual([2, 1]);
    expect(Array.from(p.start)).toEqual([0, 2, 4]);
    expect(Array.from(p.rater)).toEqual([0, 1, 0, 2]);
    expect(Array.from(p.category)).toEqual([0, 1, 0, 1]);
    expect(Array.from(p.categoryCounts)).toEqual([1, 1, 1, 1]);
  });

  it("reconstructs every item's labels exactly (property, including hash growth)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), { maxLength: 6 }),
          {
            maxLength: 3000,
          },
        ),
        (matrix) => {
          const table = labelTableFromMatrix(matrix, 4);
          const p = labelPatterns(table);
          let total = 0;
          matrix.forEach((row, i) => {
            const expected = row.flatMap((c, r) => (c === null ? [] : [[r, c]]));
            const q = p.itemPattern[i]!;
            if (expected.length === 0) {
              expect(q).toBe(-1);
              return;
            }
            const got: number[][] = [];
            for (let e = p.start[q]!; e < p.start[q + 1]!; e++)
              got.push([p.rater[e]!, p.category[e]!]);
            expect(got).toEqual(expected);
            total++;
          });
          expect(p.count.reduce((s, x) => s + x, 0)).toBe(total);
          // Patterns are distinct.
          const keys = new Set<string>();
          for (let q = 0; q < p.patternCount; q++) {
            keys.add(
              Array.from(p.rater.subarray(p.start[q]!, p.start[q + 1]!)).join() +
                "|" +
                Array.from(p.category.subarray(p.start[q]!, p.start[q + 1]!)).join(),
            );
          }
          expect(keys.size).toBe(p.patternCount);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("keeps thousands of distinct patterns apart (the hash table grows)", () => {
    // Item i is labelled by the raters of the set bits of i (13 raters), category = bit of i/2.
    const matrix = Array.from({ length: 6000 }, (_, i) =>
      Array.from({ length: 13 }, (_, r) => ((i >> r) & 1 ? (i >> (r + 1)) & 1 : null)),
    );
    const p = labelPatterns(labelTableFromMatrix(matrix, 2));
    const distinct = new Set(matrix.map((row) => JSON.stringify(row))).size;
    expect(p.patternCount).toBe(distinct - 1); // the all-null row is no pattern
    expect(p.labelledItems).toBe(5999);
    for (const i of [1, 2, 777, 4095, 5999]) {
      const q = p.itemPattern[i]!;
      const raters = Array.from(p.rater.subarray(p.start[q]!, p.start[q + 1]!));
      expect(raters).toEqual(matrix[i]!.flatMap((c, r) => (c === null ? [] : [r])));
    }
  });
});
