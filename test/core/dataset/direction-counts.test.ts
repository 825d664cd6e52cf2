import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Digest64 } from "../../../src/core/dataset/digest-set.js";
import { DirectionCounts } from "../../../src/core/dataset/direction-counts.js";

describe("DirectionCounts", () => {
  it("counts each group's two directions apart", () => {
    const counts = new DirectionCounts();
    const x = new Digest64().text("x");
    const y = new Digest64().text("y");
    counts.add(x, 0);
    counts.add(x, 0);
    counts.add(x, 1);
    counts.add(y, 1);
    expect(counts.get(x)).toEqual([2, 1]);
    expect(counts.get(y)).toEqual([0, 1]);
    expect(counts.get(new Digest64().text("z"))).toEqual([0, 0]);
    expect(counts.size).toBe(2);
  });

  it("agrees with a Map of the same digests, through growth (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom(0 as const, 1 as const)), {
          maxLength: 3000,
        }),
        (items) => {
          const counts = new DirectionCounts();
          const reference = new Map<string, [number, number]>();
          for (const [text, direction] of items) {
            counts.add(new Digest64().text(text), direction);
            const pair = reference.get(text) ?? [0, 0];
            pair[direction]++;
            reference.set(text, pair);
          }
          expect(counts.size).toBe(reference.size);
          for (const [text, pair] of reference)
            expect(counts.get(new Digest64().text(text))).toEqual(pair);
          const visited: number[] = [];
          counts.forEach(([a, b]) => {
            visited.push(a + b);
          });
          expect(visited.reduce((s, n) => s + n, 0)).toBe(items.length);
        },
      ),
      { numRuns: 30 },
    );
  });
});
