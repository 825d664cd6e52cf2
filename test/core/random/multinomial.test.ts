import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logFactorial } from "../../../src/core/random/log-factorial.js";
import { multinomial } from "../../../src/core/random/multinomial.js";
import type { RandomSource } from "../../../src/core/random/random-source.js";
import { createRandom } from "../../../src/core/random/xoshiro128.js";
import { pooledChiSquare } from "./pooled-chi-square.js";

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

describe("multinomial", () => {
  it("produces counts summing to exactly n, for small and very large n", () => {
    const random = createRandom(1);
    const weights = [0.1, 0.2, 0.3, 0.15, 0.25, 1e-9, 3];
    const out = new Float64Array(weights.length);
    for (const n of [0, 1, 2, 17, 1000, 123_456_789, 2 ** 53 - 1]) {
      let wrongSum = 0;
      let invalid = 0;
      for (let rep = 0; rep < 200; rep++) {
        multinomial(random, n, weights, out);
        if (sum(out) !== n) wrongSum++;
        for (const c of out) if (!(Number.isInteger(c) && c >= 0)) invalid++;
      }
      expect([n, wrongSum, invalid]).toEqual([n, 0, 0]);
    }
  });

  it("gives zero-weight categories 0, whatever `out` held before", () => {
    const random = createRandom(2);
    const weights = new Float64Array([0, 3, 0, 1, 0]);
    const out = new Float64Array(5);
    let failures = 0;
    for (let rep = 0; rep < 1000; rep++) {
      out.fill(-7);
      multinomial(random, 1000, weights, out);
      if (out[0] !== 0 || out[2] !== 0 || out[4] !== 0 || out[1]! + out[3]! !== 1000) failures++;
    }
    expect(failures).toBe(0);
  });

  it("has means n·p_k (weights need not sum to 1) within 5 standard errors", () => {
    const random = createRandom(3);
    const weights = [1, 2, 3, 0, 4];
    const total = 10;
    const n = 1000;
    const samples = 20_000;
    const out = new Float64Array(weights.length);
    const sums = new Float64Array(weights.length);
    for (let i = 0; i < samples; i++) {
      multinomial(random, n, weights, out);
      for (let k = 0; k < out.length; k++) sums[k]! += out[k]!;
    }
    weights.forEach((w, k) => {
      const p = w / total;
      const se = Math.sqrt((n * p * (1 - p)) / samples);
      expect(Math.abs(sums[k]! / samples - n * p)).toBeLessThanOrEqual(5 * se);
    });
  });

  it("depends only on the ratios of the weights, even when their sum overflows", () => {
    const base = [1, 2, 3, 4];
    const outs = [2 ** -1000, 1, 2 ** 1000, 2 ** 1021].map((scale) => {
      const out = new Float64Array(4);
      multinomial(
        createRandom(4),
        10_000,
        base.map((w) => w * scale),
        out,
      );
      return Array.from(out);
    });
    // The sum of the last set, 10 * 2^1021, overflows to Infinity.
    expect(outs[1]).toEqual(outs[0]);
    expect(outs[2]).toEqual(outs[0]);
    expect(outs[3]).toEqual(outs[0]);
    expect(sum(outs[0]!)).toBe(10_000);
  });

  it("stops drawing once all trials are placed", () => {
    // With a source stuck near 1, the first Binomial(1, 1/1000) returns 1, using one draw.
    let calls = 0;
    const stuck: RandomSource = () => {
      calls++;
      return 0.9999999;
    };
    const out = new Float64Array(1000);
    multinomial(stuck, 1, new Float64Array(1000).fill(1), out);
    expect(calls).toBe(1);
    expect(out[0]).toBe(1);
    expect(sum(out)).toBe(1);
  });

  it("draws nothing for n = 0 and accepts all-zero weights then", () => {
    const out = new Float64Array(3).fill(5);
    multinomial(
      () => {
        throw new Error("must not draw");
      },
      0,
      [0, 0, 0],
      out,
    );
    expect(Array.from(out)).toEqual([0, 0, 0]);
  });

  it("rejects negative or non-finite weights, all-zero weights with n > 0, bad n and bad out", () => {
    const random = createRandom(5);
    const out = new Float64Array(3);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => multinomial(random, 10, [1, bad, 1], out)).toThrow(RangeError);
    }
    expect(() => multinomial(random, 10, [0, 0, 0], out)).toThrow(RangeError);
    expect(() => multinomial(random, -1, [1, 1, 1], out)).toThrow(RangeError);
    expect(() => multinomial(random, 2.5, [1, 1, 1], out)).toThrow(RangeError);
    expect(() => multinomial(random, 10, [1, 1], out)).toThrow(RangeError);
    expect(() => multinomial(random, 10, out, out)).toThrow(RangeError);
    expect(() => multinomial(random, 1, [], new Float64Array(0))).toThrow(RangeError);
  });

  it("outputs non-negative integers summing to n for any weights and n (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e308, noNaN: true })), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.nat(),
        (weights, n, seed) => {
          const out = new Float64Array(weights.length);
          if (n > 0 && weights.every((w) => w === 0)) {
            expect(() => multinomial(createRandom(seed), n, weights, out)).toThrow(RangeError);
            return;
          }
          multinomial(createRandom(seed), n, weights, out);
          expect(sum(out)).toBe(n);
          out.forEach((c, k) => {
            expect(Number.isInteger(c) && c >= 0).toBe(true);
            if (weights[k] === 0) expect(c).toBe(0);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("multinomial on a bootstrap-sized table", () => {
  // 4,950 pairs × 3 outcomes with counts of 50-400: the shape of a 100-system arena's bootstrap.
  const seedWeights = createRandom(2718);
  const weights = Float64Array.from({ length: 14_850 }, () => 50 + Math.floor(350 * seedWeights()));
  const n = sum(weights);

  it("sums to n, gives non-negative integers and is deterministic per seed", () => {
    const a = new Float64Array(weights.length);
    const b = new Float64Array(weights.length);
    const c = new Float64Array(weights.length);
    multinomial(createRandom(11), n, weights, a);
    multinomial(createRandom(11), n, weights, b);
    multinomial(createRandom(12), n, weights, c);
    expect(sum(a)).toBe(n);
    expect(sum(c)).toBe(n);
    expect(a.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it("draws from a createRandom generator as from any RandomSource wrapping it", () => {
    // multinomial reads a createRandom generator's state directly; a wrapper hides it.
    const inner = createRandom(13);
    const wrapped: RandomSource = () => inner();
    const direct = createRandom(13);
    for (const total of [n, 100_000]) {
      const a = new Float64Array(weights.length);
      const b = new Float64Array(weights.length);
      multinomial(direct, total, weights, a);
      multinomial(wrapped, total, weights, b);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
    expect(direct()).toBe(inner());
  });
});

describe("multinomial marginals", () => {
  // Category i's count is Binomial(n, w_i / W), however it is drawn: checked for a middle and
  // the last of 150 categories (the last gets all trials left), with means ~400 (BTRS) and ~10
  // (mostly inversion). 0.999 chi-square quantiles from scipy.stats.chi2.ppf(0.999, df).
  const weightSource = createRandom(99);
  const weights = Array.from({ length: 150 }, () => 1 + 7 * weightSource());
  const total = weights.reduce((s, w) => s + w, 0);
  const cases: [number, number, number, number][] = [
    [45_000, 74, 123, 177.21176282083061],
    [45_000, 149, 134, 190.33127068958913],
    [1_000, 74, 19, 43.82019596451753],
    [1_000, 149, 22, 48.26794229083518],
  ];
  for (const [n, category, df, q999] of cases) {
    it(`category ${category} of n = ${n} passes a chi-square test against Binomial(n, w/W)`, () => {
      const p = weights[category]! / total;
      const out = new Float64Array(weights.length);
      const random = createRandom(2024 + n);
      const counts = new Map<number, number>();
      const samples = 20_000;
      for (let s = 0; s < samples; s++) {
        multinomial(random, n, weights, out);
        const k = out[category]!;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const result = binomialChiSquare(counts, n, p, samples);
      expect(result.df).toBe(df);
      expect(result.statistic).toBeLessThan(q999);
    });
  }
});

function binomialPmf(n: number, p: number, k: number): number {
  return Math.exp(
    logFactorial(n) -
      logFactorial(k) -
      logFactorial(n - k) +
      k * Math.log(p) +
      (n - k) * Math.log1p(-p),
  );
}

/** Pearson chi-square against Binomial(n, p), pooling cells left to right until expected >= 5. */
function binomialChiSquare(counts: Map<number, number>, n: number, p: number, samples: number) {
  return pooledChiSquare(
    (k) => counts.get(k) ?? 0,
    (k) => samples * binomialPmf(n, p, k),
    0,
    n,
  );
}
