import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../../src/core/stats/wilson-interval.js";

describe("wilsonInterval", () => {
  it("matches R's prop.test(8, 10, correct = FALSE) interval", () => {
    const r = wilsonInterval(8, 10);
    expect(r.rate).toBe(0.8);
    expect(r.lower).toBeCloseTo(0.4901625, 6);
    expect(r.upper).toBeCloseTo(0.9433178, 6);
  });
  it("keeps 0 and n successes inside [0, 1] with a non-zero width", () => {
    const zero = wilsonInterval(0, 20);
    expect(zero.lower).toBe(0);
    expect(zero.upper).toBeGreaterThan(0.1);
    const all = wilsonInterval(20, 20);
    expect(all.upper).toBe(1);
    expect(all.lower).toBeLessThan(0.9);
  });
  it("gives null, not NaN, without trials", () => {
    expect(wilsonInterval(0, 0)).toEqual({
      successes: 0,
      trials: 0,
      rate: null,
      lower: null,
      upper: null,
    });
  });
  it("throws RangeError on impossible counts or confidence", () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 2, 1)).toThrow(RangeError);
  });
});
