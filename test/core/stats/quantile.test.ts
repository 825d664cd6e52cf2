import { describe, expect, it } from "vitest";
import { quantileSorted } from "../../../src/core/stats/quantile.js";

// Reference values from numpy 2.4.6, np.quantile(values, q) with the default method "linear":
//   python3 -c "import numpy as np; print(np.quantile(np.array(v, dtype=float), q))"
describe("quantileSorted matches numpy's default linear interpolation", () => {
  it("returns the order statistics at positions that fall on them", () => {
    const v = [1, 2, 3, 4, 5];
    expect([0, 0.25, 0.5, 0.75, 1].map((q) => quantileSorted(v, q))).toEqual([1, 2, 3, 4, 5]);
  });

  it("interpolates between neighbours: [3.5, 7, 10]", () => {
    const v = [3.5, 7, 10];
    expect(quantileSorted(v, 0.025)).toBeCloseTo(3.675, 12);
    expect(quantileSorted(v, 0.5)).toBe(7);
    expect(quantileSorted(v, 0.975)).toBeCloseTo(9.85, 12);
    expect(quantileSorted(v, 0.1)).toBeCloseTo(4.2, 12);
  });

  it("takes the midpoint of the two middle values for the median of an even count", () => {
    const v = [1, 2, 3, 4];
    expect(quantileSorted(v, 0.5)).toBe(2.5);
    expect(quantileSorted(v, 1 / 3)).toBeCloseTo(2, 12);
    expect(quantileSorted(v, 0.9)).toBeCloseTo(3.7, 12);
  });

  it("handles negative values and repeated values: [−2, 0, 0, 1, 10, 11]", () => {
    const v = [-2, 0, 0, 1, 10, 11];
    expect(quantileSorted(v, 0.025)).toBeCloseTo(-1.75, 12);
    expect(quantileSorted(v, 0.975)).toBeCloseTo(10.875, 12);
    expect(quantileSorted(v, 0.5)).toBe(0.5);
    expect(quantileSorted(v, 0.3)).toBeCloseTo(0, 12);
  });

  it("gives the percentile interval of 100 bootstrap-like values: k² for k = 1..100", () => {
    const v = Float64Array.from({ length: 100 }, (_, k) => (k + 1) ** 2);
    expect(quantileSorted(v, 0.025)).toBeCloseTo(12.325, 10);
    expect(quantileSorted(v, 0.975)).toBeCloseTo(9511.375, 9);
    expect(quantileSorted(v, 0.5)).toBe(2550.5);
    expect(quantileSorted(v, 0.01)).toBeCloseTo(3.97, 10);
  });

  it("agrees on k^1.5 for k = 0..199 (numpy: 11.100831390311477, 2702.63031284275, 992.5187813677769)", () => {
    const v = Float64Array.from({ length: 200 }, (_, k) => k ** 1.5);
    expect(quantileSorted(v, 0.025)).toBeCloseTo(11.100831390311477, 9);
    expect(quantileSorted(v, 0.975)).toBeCloseTo(2702.63031284275, 9);
    expect(quantileSorted(v, 0.5)).toBeCloseTo(992.5187813677769, 9);
  });

  it("returns the single value for every q when there is one value", () => {
    for (const q of [0, 0.5, 1]) expect(quantileSorted([42], q)).toBe(42);
  });

  it("is monotone in q and stays within [min, max]", () => {
    const v = [-3, -1, 0, 2, 2, 5, 8];
    let previous = Number.NEGATIVE_INFINITY;
    for (let q = 0; q <= 1; q += 0.01) {
      const x = quantileSorted(v, q);
      expect(x).toBeGreaterThanOrEqual(previous);
      expect(x).toBeGreaterThanOrEqual(-3);
      expect(x).toBeLessThanOrEqual(8);
      previous = x;
    }
  });

  it("throws RangeError for q outside [0, 1], NaN q, or no values", () => {
    expect(() => quantileSorted([1, 2], -0.01)).toThrow(RangeError);
    expect(() => quantileSorted([1, 2], 1.01)).toThrow(RangeError);
    expect(() => quantileSorted([1, 2], Number.NaN)).toThrow(RangeError);
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
  });
});
