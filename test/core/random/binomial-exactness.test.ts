import { describe, expect, it } from "vitest";
import { binomial, logPmfRatio } from "../../../src/core/random/binomial.js";
import { logFactorial } from "../../../src/core/random/log-factorial.js";
import type { RandomSource } from "../../../src/core/random/random-source.js";
import { createRandom } from "../../../src/core/random/xoshiro128.js";
import { pooledChiSquare } from "./pooled-chi-square.js";

/** ln C(n, k), accurate for huge n when min(k, n - k) is small (where log-factorials cancel). */
function logChoose(n: number, k: number): number {
  const j = Math.min(k, n - k);
  if (j > 10_000) return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  let s = -logFactorial(j);
  for (let i = 0; i < j; i++) s += Math.log(n - i);
  return s;
}

function pmf(n: number, p: number, k: number): number {
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/**
 * Pearson chi-square of `samples` draws against the exact pmf, over mean ± 12 sd (+ 20), pooling
 * cells left to right until expected >= 5; draws outside the window are counted separately.
 */
function chiSquare(draw: () => number, n: number, p: number, samples: number) {
  const sd = Math.sqrt(n * p * (1 - p));
  const lo = Math.max(0, Math.floor(n * p - 12 * sd - 20));
  const hi = Math.min(n, Math.ceil(n * p + 12 * sd + 20));
  const counts = new Float64Array(hi - lo + 1);
  let outside = 0;
  for (let i = 0; i < samples; i++) {
    const k = draw();
    if (k < lo || k > hi) outside++;
    else counts[k - lo]! += 1;
  }
  return {
    ...pooledChiSquare(
      (k) => counts[k - lo]!,
      (k) => samples * pmf(n, p, k),
      lo,
      hi,
    ),
    outside,
  };
}

describe("binomial sampler paths", () => {
  // 0.999 quantiles of chi-square for the pooled degrees of freedom (200,000 samples, seed 17),
  // from python3 -c "from scipy import stats; print(stats.chi2.ppf(0.999, df))".
  const gof: [number, number, number, number, string][] = [
    [3_000_000, 1e-4, 134, 190.33127068958913, "a bootstrap cell: BTRS, all final tests"],
    [400, 0.3, 72, 114.83511710619328, "BTRS, recurrence / squeeze / Stirling at km 30 / 41"],
    [20, 0.5, 16, 39.252354790768464, "BTRS at its threshold n·p = 10"],
    [2000, 0.004999, 25, 52.619655776172834, "inversion just below n·p = 10, n > 1024"],
    [60, 0.8, 24, 51.17859777737739, "BTRS via symmetry, n·q = 12"],
    [1000, 0.9995, 5, 20.515005652432873, "inversion via symmetry"],
    [1_000_000, 0.37, 2806, 3043.210261490328, "BTRS, sd 483: mostly squeeze and Stirling"],
    [1_000_000_000, 0.4, 30342, 31108.954808807022, "BTRS, n = 1e9"],
    [1e15, 2e-13, 110, 161.58073982908158, "BTRS, n = 1e15 (log-factorials would cancel)"],
  ];
  for (const [n, p, df, q999, what] of gof) {
    it(`Binomial(${n}, ${p}) passes a chi-square test against the exact pmf (${what})`, () => {
      const random = createRandom(17);
      const result = chiSquare(() => binomial(random, n, p), n, p, 200_000);
      expect(result.outside).toBe(0);
      expect(result.df).toBe(df);
      expect(result.statistic).toBeLessThan(q999);
    });
  }

  it("draws exactly what textbook BTRS and sequential inversion draw from the same uniforms", () => {
    // The sampler evaluates BTRS's acceptance test differently (recurrence, squeeze, Stirling
    // series), not a different test, so for moderate n it reproduces the plain algorithm.
    const cases: [number, number][] = [
      [400, 0.3],
      [3_000_000, 1e-4],
      [20, 0.5],
      [50, 0.1],
      [1000, 0.75],
      [60, 0.8],
      [1_000_000, 0.37],
      [2000, 0.004999],
      [10_000, 0.1], // sd 30: many candidates decided by BTPE's squeeze
      [12, 0.9],
    ];
    for (const [n, p] of cases) {
      const a = createRandom(31);
      const b = createRandom(31);
      const got = Array.from({ length: 20_000 }, () => binomial(a, n, p));
      const want = Array.from({ length: 20_000 }, () => referenceBinomial(b, n, p));
      expect([n, p, got]).toEqual([n, p, want]);
    }
  });

  it("draws from a createRandom generator as from any RandomSource wrapping it", () => {
    // binomial() reads a createRandom generator's state directly; a wrapper hides it.
    const direct = createRandom(8);
    const inner = createRandom(8);
    const wrapped: RandomSource = () => inner();
    for (const [n, p] of [
      [3_000_000, 1e-4],
      [40, 0.2],
      [500, 0.9],
    ] as const) {
      for (let i = 0; i < 2000; i++) expect(binomial(direct, n, p)).toBe(binomial(wrapped, n, p));
    }
    expect(direct()).toBe(inner());
  });
});

describe("logPmfRatio", () => {
  it("matches ln(f(k)/f(m)) from mpmath to 1e-12 relative, and to 1e-8 up to n = 2^53 - 1", () => {
    // python3: mp.dps = 60; loggamma(m+1) + loggamma(n-m+1) - loggamma(k+1) - loggamma(n-k+1)
    // + (k - m)·log(mpf(r)), with r = p/(1 - p) and m = floor((n + 1)p) evaluated in doubles.
    const reference: [number, number, number, number][] = [
      [1000, 0.3, 35, -2.886063009372386],
      [1000, 0.3, -35, -2.9492185433893607],
      [1000, 0.3, 60, -8.330298447934865],
      [1000, 0.3, -80, -16.071629920638106],
      [3_000_000, 1e-4, 45, -3.2880448934038107],
      [3_000_000, 1e-4, -45, -3.476807565620659],
      [3_000_000, 1e-4, 120, -21.48887640383792],
      [1_000_000_000, 0.4, 200_000, -83.32878964686762],
      [1_000_000_000, 0.4, -150_000, -46.87689142884051],
      [1e15, 2e-13, 40, -3.8482649646487066],
      [1e15, 2e-13, -60, -9.887348947373425],
      [1e15, 2e-13, 150, -46.145155100230696],
      [1e15, 0.3, 50_000_000, -5.952380807334794],
      [1e15, 0.3, -70_000_000, -11.666667123699623],
      [2 ** 53 - 1, 0.5, 100_000_000, -2.220446071454774],
      [2 ** 53 - 1, 0.5, -300_000_000, -19.98401437663945],
    ];
    const bad: string[] = [];
    for (const [n, p, d, want] of reference) {
      const m = Math.floor((n + 1) * p);
      const got = logPmfRatio(n, p / (1 - p), m, m + d);
      const tolerance = n <= 3_000_000 ? 1e-12 : 1e-8;
      if (!(Math.abs(got - want) <= tolerance * Math.abs(want))) bad.push(`${n} ${p} ${d}: ${got}`);
    }
    expect(bad).toEqual([]);
  });
});

describe("BTPE's squeeze on ln(f(m + j)/f(m))", () => {
  it("bounds it by t ± rho for |j| < npq/2 - 1, where the sampler uses it", () => {
    // The sampler accepts when ln w < t - rho and rejects when ln w > t + rho, with
    // t = -j²/(2npq) and rho = (|j|/npq)(((|j|/3 + 0.625)|j| + 1/6)/npq + 0.5). Checked against
    // sums of ln(f(i)/f(i - 1)) for |j| up to min(npq/2 - 1, 3000) on both sides of the mode.
    const violations: string[] = [];
    for (const mean of [31, 64, 100, 300, 1000, 1e4, 1e6]) {
      for (const p of [0.5, 0.37, 0.1, 1e-3, 1e-6]) {
        const n = Math.ceil(mean / p);
        const q = 1 - p;
        const npq = n * p * q;
        const m = Math.floor((n + 1) * p);
        for (const side of [1, -1]) {
          let s = 0;
          for (let j = 1; j < npq / 2 - 1 && j <= 3000; j++) {
            // f(i)/f(i - 1) = (n - i + 1)p/(iq) for i = m + j (side 1) or i = m - j + 1 (side -1).
            const i = side === 1 ? m + j : m - j + 1;
            const num = (n - i + 1) * p;
            const den = i * q;
            s += side * Math.log1p((num - den) / den);
            const t = (-j * j) / (2 * npq);
            const rho = (j / npq) * (((j / 3 + 0.625) * j + 1 / 6) / npq + 0.5);
            if (s < t - rho || s > t + rho) violations.push(`${n} ${p} ${side * j}`);
          }
        }
      }
    }
    expect(violations).toEqual([]);
  });
});

/** Plain BTRS (log-factorials) and sequential inversion, as the sampler was first written. */
function referenceBinomial(random: RandomSource, n: number, p: number): number {
  if (p > 0.5) return n - referenceBinomial(random, n, 1 - p);
  if (n * p < 10) {
    const s = p / (1 - p);
    const a = (n + 1) * s;
    let f0 = 1;
    if (n > 1024) f0 = Math.exp(n * Math.log1p(-p));
    else for (let e = n, q = 1 - p; e > 0; e >>= 1, q *= q) if (e & 1) f0 *= q;
    for (;;) {
      let u = random();
      let f = f0;
      for (let x = 0; x <= n && f > 0; x++) {
        if (u < f) return x;
        u -= f;
        f *= a / (x + 1) - s;
      }
    }
  }
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || k > n) continue;
    const lv = Math.log((v * alpha) / (a / (us * us) + b));
    if (lv <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * Math.log(p / q)) return k;
  }
}
