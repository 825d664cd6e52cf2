import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binomial } from "../../../src/core/random/binomial.js";
import { logFactorial } from "../../../src/core/random/log-factorial.js";
import type { RandomSource } from "../../../src/core/random/random-source.js";
import { createRandom } from "../../../src/core/random/xoshiro128.js";
import { pooledChiSquare } from "./pooled-chi-square.js";

const noRandomness: RandomSource = () => {
  throw new Error("random source must not be called");
};

function pmf(n: number, p: number, k: number): number {
  const logC = logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  return Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** Pearson chi-square against the exact pmf, pooling cells left to right until expected >= 5. */
function chiSquare(n: number, p: number, samples: number, seed: number) {
  const random = createRandom(seed);
  const counts = new Float64Array(n + 1);
  for (let i = 0; i < samples; i++) {
    const k = binomial(random, n, p);
    counts[k] = counts[k]! + 1;
  }
  return pooledChiSquare(
    (k) => counts[k]!,
    (k) => samples * pmf(n, p, k),
    0,
    n,
  );
}

describe("binomial", () => {
  // Branches: inversion when n·min(p, 1-p) < 10, BTRS otherwise; p > 1/2 goes through symmetry.
  const cases: [number, number][] = [
    [10, 0.3], // inversion
    [50, 0.5], // BTRS
    [1000, 0.01], // BTRS at n·p = 10
    [1000, 0.0099], // inversion just below the switch
    [200, 0.97], // inversion via symmetry
    [1_000_000, 0.37], // BTRS
    [100_000_000, 0.999], // BTRS via symmetry
  ];

  for (const [n, p] of cases) {
    it(`Binomial(${n}, ${p}) has mean np and variance np(1-p) within 5 standard errors`, () => {
      const samples = 20_000;
      const random = createRandom(n + Math.round(p * 1e6));
      let sum = 0;
      let sumSq = 0;
      let invalid = 0;
      const mu = n * p;
      for (let i = 0; i < samples; i++) {
        const k = binomial(random, n, p);
        if (!(Number.isInteger(k) && k >= 0 && k <= n)) invalid++;
        sum += k - mu;
        sumSq += (k - mu) ** 2;
      }
      expect(invalid).toBe(0);
      const variance = n * p * (1 - p);
      const mean = mu + sum / samples;
      const sampleVar = (sumSq - sum ** 2 / samples) / (samples - 1);
      // Var(s^2) ≈ (mu4 - sigma^4)/N with mu4 = 3 sigma^4 + sigma^2 (1 - 6pq).
      const varSe = Math.sqrt((2 * variance ** 2 + variance * (1 - 6 * p * (1 - p))) / samples);
      expect(Math.abs(mean - mu)).toBeLessThan(5 * Math.sqrt(variance / samples));
      expect(Math.abs(sampleVar - variance)).toBeLessThan(5 * varSe);
    });
  }

  it("returns 0 for n = 0 or p = 0 and n for p = 1, without drawing", () => {
    expect(binomial(noRandomness, 0, 0.5)).toBe(0);
    expect(binomial(noRandomness, 0, 1)).toBe(0);
    expect(binomial(noRandomness, 1234, 0)).toBe(0);
    expect(binomial(noRandomness, 1234, 1)).toBe(1234);
    expect(binomial(noRandomness, 2 ** 53 - 1, 1)).toBe(2 ** 53 - 1);
  });

  // 0.999 quantiles of chi-square for the pooled degrees of freedom (200,000 samples), from
  // python3 -c "from scipy import stats; print(stats.chi2.ppf(0.999, df))".
  const gof: [number, number, number, number][] = [
    [30, 0.4, 21, 46.797038041561315], // BTRS
    [200, 0.3, 52, 89.27215083430448], // BTRS
    [50, 0.1, 15, 37.69729821835383], // inversion
    [1000, 0.75, 106, 156.740261033153], // BTRS via symmetry
  ];
  for (const [n, p, df, q999] of gof) {
    it(`passes a chi-square goodness-of-fit test against the exact pmf for (${n}, ${p})`, () => {
      const result = chiSquare(n, p, 200_000, 17);
      expect(result.df).toBe(df);
      expect(result.statistic).toBeLessThan(q999);
    });
  }

  it("always returns an integer in [0, n] (property)", () => {
    const random = createRandom(5);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, p) => {
          for (let i = 0; i < 20; i++) {
            const k = binomial(random, n, p);
            if (!Number.isInteger(k) || k < 0 || k > n) return false;
          }
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });

  it("is reproducible for a given seed", () => {
    const a = createRandom(9);
    const b = createRandom(9);
    for (let i = 0; i < 100; i++) expect(binomial(a, 200, 0.3)).toBe(binomial(b, 200, 0.3));
  });

  it("rejects n that is not an integer >= 0 and p outside [0, 1]", () => {
    const random = createRandom(1);
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => binomial(random, n, 0.5)).toThrow(RangeError);
    }
    for (const p of [-0.1, 1.1, Number.NaN]) {
      expect(() => binomial(random, 10, p)).toThrow(RangeError);
    }
  });
});
