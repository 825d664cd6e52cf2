import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cyclicOrders,
  meanRanks,
  shuffledOrder,
  unpermuteRanking,
} from "../../../src/core/judge/listwise-orders.js";
import { createRandom } from "../../../src/core/random/index.js";

describe("listwise orders", () => {
  it("cyclicOrders puts every candidate once at every position over k rounds", () => {
    expect(cyclicOrders(3)).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), (k) => {
        const orders = cyclicOrders(k);
        for (let p = 0; p < k; p++) {
          expect(new Set(orders.map((o) => o[p])).size).toBe(k);
        }
      }),
    );
  });
  it("a judge that always ranks shown position 0 first gives equal mean ranks under cyclic orders", () => {
    // Position bias only: ranking of shown positions is always [0, 1, 2, 3].
    const orders = cyclicOrders(4);
    const rankings = orders.map((o) => unpermuteRanking([0, 1, 2, 3], o));
    expect(meanRanks(rankings, 4)).toEqual([1.5, 1.5, 1.5, 1.5]);
  });
  it("unpermuteRanking maps shown positions back to candidates", () => {
    expect(unpermuteRanking([2, 0, 1], [1, 2, 0])).toEqual([0, 1, 2]);
    expect(() => unpermuteRanking([0, 0, 1], [1, 2, 0])).toThrow(RangeError);
    expect(() => unpermuteRanking([0, 1], [1, 2, 0])).toThrow(RangeError);
  });
  it("shuffledOrder is a seeded permutation, each candidate first about 1/k of the time", () => {
    const random = createRandom(3);
    const first = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const o = shuffledOrder(4, random);
      expect([...o].sort()).toEqual([0, 1, 2, 3]);
      first[o[0]!]! += 1;
    }
    for (const n of first) expect(Math.abs(n / 4000 - 0.25)).toBeLessThan(0.03);
    expect(shuffledOrder(5, createRandom(9))).toEqual(shuffledOrder(5, createRandom(9)));
  });
  it("meanRanks averages ranks and rejects bad input", () => {
    expect(
      meanRanks(
        [
          [0, 1, 2],
          [1, 0, 2],
        ],
        3,
      ),
    ).toEqual([0.5, 0.5, 2]);
    expect(() => meanRanks([], 3)).toThrow(RangeError);
    expect(() => cyclicOrders(0)).toThrow(RangeError);
  });
});
