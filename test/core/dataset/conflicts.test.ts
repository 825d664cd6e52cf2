import { describe, expect, it } from "vitest";
import { conflictTotals, conflictVerdict } from "../../../src/core/dataset/conflicts.js";
import { Digest64 } from "../../../src/core/dataset/digest-set.js";
import { DirectionCounts } from "../../../src/core/dataset/direction-counts.js";

describe("conflictVerdict", () => {
  it("keeps everything under keep, and any group preferred one way only", () => {
    expect(conflictVerdict([3, 1], 1, "keep")).toBe("keep");
    expect(conflictVerdict([4, 0], 0, "drop")).toBe("keep");
    expect(conflictVerdict([0, 2], 1, "majority")).toBe("keep");
  });

  it("keeps the majority direction, and nothing of an even split, under majority", () => {
    expect(conflictVerdict([3, 1], 0, "majority")).toBe("keep");
    expect(conflictVerdict([3, 1], 1, "majority")).toBe("minority");
    expect(conflictVerdict([1, 2], 0, "majority")).toBe("minority");
    expect(conflictVerdict([1, 2], 1, "majority")).toBe("keep");
    expect(conflictVerdict([2, 2], 0, "majority")).toBe("even split");
    expect(conflictVerdict([2, 2], 1, "majority")).toBe("even split");
  });

  it("leaves out every item of a conflicting group under drop", () => {
    expect(conflictVerdict([5, 1], 0, "drop")).toBe("conflict");
    expect(conflictVerdict([5, 1], 1, "drop")).toBe("conflict");
  });

  it("refuses a direction the group never had (counts from another input)", () => {
    expect(() => conflictVerdict([2, 0], 1, "majority")).toThrow(RangeError);
  });
});

describe("conflictTotals", () => {
  it("counts the groups preferred both ways and every item in them", () => {
    const counts = new DirectionCounts();
    const add = (text: string, direction: 0 | 1, times = 1) => {
      for (let k = 0; k < times; k++) counts.add(new Digest64().text(text), direction);
    };
    add("a", 0, 3);
    add("a", 1);
    add("b", 1, 5);
    add("c", 0);
    add("c", 1);
    expect(conflictTotals(counts)).toEqual({ groups: 2, items: 6 });
    expect(conflictTotals(new DirectionCounts())).toEqual({ groups: 0, items: 0 });
  });
});
