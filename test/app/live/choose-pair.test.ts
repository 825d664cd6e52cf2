import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chooseLivePair,
  replacementFor,
  systemPairKey,
} from "../../../src/app/live/choose-pair.js";

/** A seeded integer source (mulberry32). */
function seeded(seed: number) {
  let t = seed >>> 0;
  return (n: number) => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
  };
}

describe("chooseLivePair", () => {
  it("takes the least-voted pair of systems", () => {
    const votes = new Map([
      [systemPairKey("x", "y"), 5],
      [systemPairKey("x", "z"), 1],
      [systemPairKey("y", "z"), 3],
    ]);
    for (let seed = 0; seed < 20; seed++) {
      expect(chooseLivePair(["x", "y", "z"], votes, seeded(seed)).sort()).toEqual(["x", "z"]);
    }
  });

  it("breaks ties at random and puts each system on either side", () => {
    const random = seeded(7);
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++)
      seen.add(chooseLivePair(["x", "y", "z"], new Map(), random).join());
    expect([...seen].sort()).toEqual(["x,y", "x,z", "y,x", "y,z", "z,x", "z,y"]);
  });

  it("always gives two distinct systems of the list (property)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 8 }),
        fc.integer(),
        (systems, seed) => {
          const [a, b] = chooseLivePair(systems, new Map(), seeded(seed));
          expect(a).not.toBe(b);
          expect(systems).toContain(a);
          expect(systems).toContain(b);
        },
      ),
    );
  });

  it("refuses fewer than two systems", () => {
    expect(() => chooseLivePair(["x"], new Map(), seeded(1))).toThrow(RangeError);
  });
});

describe("replacementFor", () => {
  it("gives a system not taken, or none when all are", () => {
    expect(replacementFor(["x", "y", "z"], new Set(["x", "y"]), seeded(3))).toBe("z");
    expect(replacementFor(["x", "y"], new Set(["x", "y"]), seeded(3))).toBeUndefined();
  });
});
