import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stratifiedRate } from "../../../src/core/stats/stratified-rate.js";

describe("stratifiedRate", () => {
  it("weights each stratum's rate by its share, with the add-two variance (worked by hand)", () => {
    // Shares 2/10 and 8/10, rates 2/2 and 1/4: 0.2 + 0.2 = 0.4. Variance with p̃ = 3/4 and 2/6:
    // 0.04·(3/16)/2 + 0.64·(2/9)/4 = 0.00375 + 0.0355556 = 0.0393056; √ = 0.198256.
    const r = stratifiedRate([
      { weight: 2, successes: 2, trials: 2 },
      { weight: 8, successes: 1, trials: 4 },
    ]);
    expect(r.rate).toBeCloseTo(0.4, 12);
    const half = 1.959964 * Math.sqrt((0.04 * (3 / 16)) / 2 + (0.64 * (2 / 9)) / 4);
    expect(r.lower).toBeCloseTo(0.4 - half, 5);
    expect(r.upper).toBeCloseTo(0.4 + half, 5);
  });

  it("is the plain rate for one stratum, and unknown while a weighted stratum has no trials", () => {
    expect(stratifiedRate([{ weight: 5, successes: 3, trials: 4 }]).rate).toBe(0.75);
    expect(
      stratifiedRate([
        { weight: 5, successes: 3, trials: 4 },
        { weight: 1, successes: 0, trials: 0 },
      ]),
    ).toEqual({ rate: null, lower: null, upper: null });
    // A stratum of weight 0 is no part of the population: its missing sample does not matter.
    expect(
      stratifiedRate([
        { weight: 5, successes: 3, trials: 4 },
        { weight: 0, successes: 0, trials: 0 },
      ]).rate,
    ).toBe(0.75);
    expect(stratifiedRate([]).rate).toBeNull();
    expect(() => stratifiedRate([{ weight: -1, successes: 0, trials: 1 }])).toThrow(RangeError);
    expect(() => stratifiedRate([{ weight: 1, successes: 2, trials: 1 }])).toThrow(RangeError);
  });

  it("stays between the strata's rates, its interval inside [0, 1] and around it", () => {
    const stratum = fc
      .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 30 }), fc.nat(30))
      .map(([weight, trials, s]) => ({ weight, trials, successes: s % (trials + 1) }));
    fc.assert(
      fc.property(fc.array(stratum, { minLength: 1, maxLength: 5 }), (strata) => {
        const r = stratifiedRate(strata);
        const rates = strata.map((s) => s.successes / s.trials);
        expect(r.rate!).toBeGreaterThanOrEqual(Math.min(...rates) - 1e-12);
        expect(r.rate!).toBeLessThanOrEqual(Math.max(...rates) + 1e-12);
        expect(r.lower!).toBeGreaterThanOrEqual(0);
        expect(r.upper!).toBeLessThanOrEqual(1);
        expect(r.lower! < r.rate! + 1e-12 && r.rate! < r.upper! + 1e-12).toBe(true);
      }),
    );
  });
});
