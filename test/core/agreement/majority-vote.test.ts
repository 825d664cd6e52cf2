import { describe, expect, it } from "vitest";
import { labelTableFromMatrix } from "../../../src/core/agreement/label-table.js";
import { majorityVote } from "../../../src/core/agreement/majority-vote.js";

// Categories: 0 = b better, 1 = tie, 2 = a better.
const table = labelTableFromMatrix(
  [
    [2, 2, 0], // clear majority 2
    [0, 2, null], // tie between 0 and 2
    [1, 0, 2], // three-way tie
    [null, null, null], // unlabelled
    [0, null, null], // a single label
  ],
  3,
);

describe("majorityVote", () => {
  it('"unresolved" leaves ties without a label and lists them', () => {
    const c = majorityVote(table, "unresolved");
    expect(Array.from(c.labels)).toEqual([2, -1, -1, -1, 0]);
    expect(Array.from(c.unresolvedItems)).toEqual([1, 2]);
    expect(c).toMatchObject({ unresolved: 2, tiesBroken: 0, unlabelled: 1 });
    expect(Array.from(c.counts)).toEqual([1, 0, 1]);
  });

  it('"category:1" gives every tie the tie category', () => {
    const c = majorityVote(table, "category:1");
    expect(Array.from(c.labels)).toEqual([2, 1, 1, -1, 0]);
    expect(c).toMatchObject({ unresolved: 0, tiesBroken: 2, unlabelled: 1 });
    expect(Array.from(c.counts)).toEqual([1, 2, 1]);
  });

  it('"lowest-index" gives the lowest tied category', () => {
    const c = majorityVote(table, "lowest-index");
    expect(Array.from(c.labels)).toEqual([2, 0, 0, -1, 0]);
    expect(c.tiesBroken).toBe(2);
  });

  it("defaults to unresolved and refuses unknown rules", () => {
    expect(majorityVote(table).tieRule).toBe("unresolved");
    expect(() => majorityVote(table, "category:3")).toThrow(RangeError);
    // @ts-expect-error: not a rule
    expect(() => majorityVote(table, "random")).toThrow(RangeError);
  });
});
