import { describe, expect, it } from "vitest";
import { logFactorial } from "../../../src/core/random/log-factorial.js";

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe("logFactorial", () => {
  it("is 0 for 0 and 1", () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(1)).toBe(0);
  });

  it("equals the running sum of ln(i) exactly for k < 256", () => {
    let sum = 0;
    for (let k = 0; k < 256; k++) {
      if (k >= 2) sum += Math.log(k);
      expect(logFactorial(k)).toBe(sum);
    }
  });

  it("matches math.lgamma(k + 1) to 1e-12 relative (values from Python)", () => {
    // python3 -c "import math; print(math.lgamma(k+1))"; checked against mpmath at 40 digits.
    const reference: [number, number][] = [
      [10, 15.104412573075514],
      [100, 363.73937555556347],
      [255, 1161.7121011184006],
      [256, 1167.2572785628802],
      [257, 1172.8063546477754],
      [1000, 5912.128178488163],
      [1_000_000, 12815518.384658169],
      [100_000_000, 1742068084.5245156],
      [2 ** 53 - 1, 3.2188848345802304e17],
    ];
    for (const [k, want] of reference) expect(relErr(logFactorial(k), want)).toBeLessThan(1e-12);
  });

  it("joins the table and the Stirling series smoothly: ln(k!) - ln((k-1)!) = ln k", () => {
    for (const k of [256, 257, 258, 300, 1000, 65536]) {
      expect(Math.abs(logFactorial(k) - logFactorial(k - 1) - Math.log(k))).toBeLessThan(1e-10);
    }
  });

  it("rejects negative, fractional (below 256) and NaN arguments", () => {
    for (const bad of [-1, 2.5, 255.5, Number.NaN]) {
      expect(() => logFactorial(bad)).toThrow(RangeError);
    }
  });
});
