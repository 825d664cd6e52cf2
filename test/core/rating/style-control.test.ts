import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  fitStyleControlled,
  type StyleControlInput,
  styleControlObjective,
} from "../../../src/core/rating/style-control.js";
import { styleDesign } from "../../../src/core/rating/style-design.js";

/** Numerical Recipes LCG, uniform in (0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
}

function poisson(rand: () => number, mean: number): number {
  let k = 0;
  let p = rand();
  const limit = Math.exp(-mean);
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
const maxAbs = (v: ArrayLike<number>) => Math.max(...Array.from(v, Math.abs));

/** Battles among systems with a planted rating r and style effect φ on the z-scored design. */
function simulate(opts: {
  seed: number;
  battles: number;
  r: number[];
  meanTokens: number[];
  phi: number[];
}): StyleControlInput {
  const rand = lcg(opts.seed);
  const n = opts.r.length;
  const m = opts.battles;
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  const countsA = new Float64Array(m * 4);
  const countsB = new Float64Array(m * 4);
  const side = (s: number, out: Float64Array, row: number) => {
    out[row * 4] = Math.round(opts.meanTokens[s]! * Math.exp(0.5 * normal(rand)));
    out[row * 4 + 1] = poisson(rand, 1 + (s % 3));
    out[row * 4 + 2] = poisson(rand, 3);
    out[row * 4 + 3] = poisson(rand, 2);
  };
  for (let i = 0; i < m; i++) {
    a[i] = Math.floor(rand() * n);
    b[i] = (a[i]! + 1 + Math.floor(rand() * (n - 1))) % n;
    side(a[i]!, countsA, i);
    side(b[i]!, countsB, i);
  }
  const { z, columns } = styleDesign(countsA, countsB);
  expect(columns).toHaveLength(4);
  const outcome = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let t = Math.LN10 * (opts.r[a[i]!]! - opts.r[b[i]!]!);
    for (let k = 0; k < 4; k++) t += opts.phi[k]! * z[i * 4 + k]!;
    outcome[i] = rand() < sigmoid(t) ? 1 : 0;
  }
  return { systemCount: n, a, b, outcome, z, featureCount: 4 };
}

function small(seed: number): StyleControlInput {
  const rand = lcg(seed);
  const m = 40;
  const k = 3;
  const a = Int32Array.from({ length: m }, () => Math.floor(rand() * 4));
  const b = Int32Array.from(a, (x) => (x + 1 + Math.floor(rand() * 3)) % 4);
  const outcome = Float64Array.from({ length: m }, () => [0, 0.5, 1][Math.floor(rand() * 3)]!);
  const z = Float64Array.from({ length: m * k }, () => normal(rand));
  const weights = Float64Array.from({ length: m }, () => rand() * 3);
  return { systemCount: 4, a, b, outcome, z, featureCount: k, weights, lambda: 0.3 };
}

describe("styleControlObjective", () => {
  it("has a gradient that matches central finite differences", () => {
    const input = small(11);
    const rand = lcg(5);
    const x = Float64Array.from({ length: 7 }, () => rand() - 0.5);
    const grad = new Float64Array(7);
    const f = styleControlObjective(input, x, grad);
    expect(f).toBeGreaterThan(0);
    const h = 1e-6;
    for (let j = 0; j < 7; j++) {
      const up = x.slice();
      const down = x.slice();
      up[j]! += h;
      down[j]! -= h;
      const fd = (styleControlObjective(input, up) - styleControlObjective(input, down)) / (2 * h);
      expect(Math.abs(fd - grad[j]!)).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
    }
  });

  it("is the summed cross-entropy plus (λ/2)‖x‖² (one battle worked by hand)", () => {
    // t = ln10·(0.1 − (−0.1)) + 2·0.5 = 1.460517; CE(y = 1) = softplus(−t) = 0.208005...
    const input: StyleControlInput = {
      systemCount: 2,
      a: Int32Array.of(0),
      b: Int32Array.of(1),
      outcome: Float64Array.of(1),
      z: Float64Array.of(0.5),
      featureCount: 1,
    };
    const t = Math.LN10 * 0.2 + 1;
    const expected = Math.log1p(Math.exp(-t)) + 0.25 * (0.01 + 0.01 + 4);
    expect(styleControlObjective(input, Float64Array.of(0.1, -0.1, 2))).toBeCloseTo(expected, 14);
  });
});

describe("fitStyleControlled", () => {
  it("agrees with FastChat's objective minimised by scipy L-BFGS-B", () => {
    const url = new URL("../../fixtures/reference/style_control_data.json", import.meta.url);
    const data = JSON.parse(readFileSync(url, "utf8")) as {
      systemCount: number;
      a: number[];
      b: number[];
      outcome: number[];
      countsA: number[];
      countsB: number[];
    };
    const design = styleDesign(Float64Array.from(data.countsA), Float64Array.from(data.countsB));
    // Pinned from test/fixtures/reference/style_control.py (max |gradient| there 4.4e-9).
    const z0 = [-1.6105258822, 1.333446423, 0.951785696, 1.6215018286];
    z0.forEach((v, k) => {
      expect(design.z[k]).toBeCloseTo(v, 9);
    });
    const fit = fitStyleControlled({
      systemCount: data.systemCount,
      a: Int32Array.from(data.a),
      b: Int32Array.from(data.b),
      outcome: Float64Array.from(data.outcome),
      z: design.z,
      featureCount: design.columns.length,
    });
    const ratings = [
      0.1901173553, 0.1484053101, -0.0098450984, -0.0813631757, -0.018743133, -0.2285712584,
    ];
    const coefficients = [0.676612072, 0.0506611537, -0.112171107, -0.0143578927];
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(8);
    expect(fit.loss).toBeCloseTo(251.35205962847743, 9);
    ratings.forEach((v, i) => {
      expect(Math.abs(fit.ratings[i]! - v)).toBeLessThan(1e-6);
    });
    coefficients.forEach((v, k) => {
      expect(Math.abs(fit.coefficients[k]! - v)).toBeLessThan(1e-6);
    });
  });

  it("reaches a stationary point with centred ratings", () => {
    const input = small(3);
    const fit = fitStyleControlled(input);
    const grad = new Float64Array(7);
    styleControlObjective(input, Float64Array.from([...fit.ratings, ...fit.coefficients]), grad);
    expect(fit.converged).toBe(true);
    expect(maxAbs(grad)).toBeLessThan(1e-9);
    expect(Math.abs(fit.ratings.reduce((s, v) => s + v, 0))).toBeLessThan(1e-12);
  });

  it("recovers planted ratings and style effect; plain BT on the same data is biased", () => {
    // System 2 writes ~8× longer answers than system 1 but is truly weaker (r 0.05 < 0.10);
    // longer answers win more (φ_tokens = 0.6 per unit of z); other elements have no effect.
    const r = [0.2, 0.1, 0.05, 0, -0.1, -0.25];
    const phi = [0.6, 0, 0, 0];
    const input = simulate({
      seed: 2024,
      battles: 100_000,
      r,
      meanTokens: [500, 200, 1600, 500, 400, 600],
      phi,
    });
    const fit = fitStyleControlled(input);
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(10);
    r.forEach((v, i) => {
      expect(Math.abs(fit.ratings[i]! - v)).toBeLessThan(0.02);
    });
    phi.forEach((v, k) => {
      expect(Math.abs(fit.coefficients[k]! - v)).toBeLessThan(0.03);
    });
    expect(fit.ratings[1]!).toBeGreaterThan(fit.ratings[2]!);

    const naive = fitStyleControlled({ ...input, z: new Float64Array(0), featureCount: 0 });
    expect(naive.converged).toBe(true);
    expect(naive.ratings[2]!).toBeGreaterThan(naive.ratings[1]! + 0.1);
    const order = (v: Float64Array) => Array.from(v.keys()).sort((i, j) => v[j]! - v[i]!);
    expect(order(fit.ratings)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(order(naive.ratings)).not.toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("reproduces the plain BT worked example with no covariates and a vanishing penalty", () => {
    // methods.md §A1: A>B 3–1, B>C 3–1, A>C 3–1 → θ = (0.75631, 0, −0.75631), r = θ/ln10.
    const pairs: [number, number, number][] = [
      [0, 1, 3],
      [1, 0, 1],
      [1, 2, 3],
      [2, 1, 1],
      [0, 2, 3],
      [2, 0, 1],
    ];
    const a: number[] = [];
    const b: number[] = [];
    for (const [w, l, c] of pairs) {
      for (let i = 0; i < c; i++) {
        a.push(w);
        b.push(l);
      }
    }
    const fit = fitStyleControlled({
      systemCount: 3,
      a: Int32Array.from(a),
      b: Int32Array.from(b),
      outcome: new Float64Array(a.length).fill(1),
      z: new Float64Array(0),
      featureCount: 0,
      lambda: 1e-9,
    });
    const theta = Array.from(fit.ratings, (v) => v * Math.LN10);
    expect(theta[0]).toBeCloseTo(0.75631, 5);
    expect(theta[1]).toBeCloseTo(0, 5);
    expect(theta[2]).toBeCloseTo(-0.75631, 5);
  });

  it("treats a weight of 2 as a duplicated battle and a warm start as converged", () => {
    const input = small(8);
    const doubled = { ...input, weights: Float64Array.from(input.weights!, (w) => 2 * w) };
    const m = input.a.length;
    const k = input.featureCount;
    const stacked: StyleControlInput = {
      ...input,
      a: Int32Array.from([...input.a, ...input.a]),
      b: Int32Array.from([...input.b, ...input.b]),
      outcome: Float64Array.from([...input.outcome, ...input.outcome]),
      z: Float64Array.from([...input.z, ...input.z]),
      weights: Float64Array.from([...input.weights!, ...input.weights!]),
    };
    expect(stacked.z.length).toBe(2 * m * k);
    const f1 = fitStyleControlled(doubled);
    const f2 = fitStyleControlled(stacked);
    f1.ratings.forEach((v, i) => {
      expect(v).toBeCloseTo(f2.ratings[i]!, 10);
    });
    const warm = fitStyleControlled({
      ...doubled,
      init: Float64Array.from([...f1.ratings, ...f1.coefficients]),
    });
    expect(warm.converged).toBe(true);
    expect(warm.iterations).toBeLessThanOrEqual(1);
  });

  it("keeps ratings finite for a system that never lost, and gives zeros with no battles", () => {
    const fit = fitStyleControlled({
      systemCount: 3,
      a: Int32Array.of(0, 0, 0, 1),
      b: Int32Array.of(1, 2, 1, 2),
      outcome: Float64Array.of(1, 1, 1, 0.5),
      z: new Float64Array(0),
      featureCount: 0,
    });
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.ratings[0]!)).toBe(true);
    expect(fit.ratings[0]!).toBeGreaterThan(fit.ratings[1]!);
    const empty = fitStyleControlled({
      systemCount: 2,
      a: new Int32Array(0),
      b: new Int32Array(0),
      outcome: new Float64Array(0),
      z: new Float64Array(0),
      featureCount: 2,
    });
    expect(empty).toEqual({
      ratings: new Float64Array(2),
      coefficients: new Float64Array(2),
      iterations: 0,
      converged: true,
      loss: 0,
    });
  });

  it("rejects invalid input with RangeError", () => {
    const input = small(1);
    expect(() => fitStyleControlled({ ...input, lambda: 0 })).toThrow(RangeError);
    expect(() => fitStyleControlled({ ...input, systemCount: 2 })).toThrow(RangeError);
    expect(() => fitStyleControlled({ ...input, featureCount: 2 })).toThrow(RangeError);
    const outcome = input.outcome.slice();
    outcome[3] = 2;
    expect(() => fitStyleControlled({ ...input, outcome })).toThrow(RangeError);
    const z = input.z.slice();
    z[0] = Number.NaN;
    expect(() => fitStyleControlled({ ...input, z })).toThrow(RangeError);
    expect(() => fitStyleControlled({ ...input, weights: Float64Array.of(-1) })).toThrow(
      RangeError,
    );
    expect(() => fitStyleControlled({ ...input, init: new Float64Array(3) })).toThrow(RangeError);
    expect(() => styleControlObjective(input, new Float64Array(3))).toThrow(RangeError);
  });
});
