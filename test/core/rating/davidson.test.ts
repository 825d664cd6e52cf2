import { describe, expect, it } from "vitest";
import {
  davidsonObjective,
  davidsonProbabilities,
  fitDavidson,
} from "../../../src/core/rating/davidson.js";
import { fitDavidsonMM } from "../../../src/core/rating/davidson-mm.js";
import type { PairTable } from "../../../src/core/rating/pair-table.js";
import { type Row, tableOf } from "./helpers.js";

// Numerical Recipes LCG; uniform in [0, 1).
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Battles on uniformly drawn pairs, outcomes drawn from the Davidson model. */
function simulate(theta: readonly number[], nu: number, battles: number, seed: number): PairTable {
  const n = theta.length;
  const rows: [number, number, number, number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) rows.push([a, b, 0, 0, 0]);
  const random = lcg(seed);
  for (let k = 0; k < battles; k++) {
    const row = rows[Math.floor(random() * rows.length)]!;
    const p = davidsonProbabilities(theta[row[0]]!, theta[row[1]]!, nu);
    const u = random();
    row[u < p.win ? 2 : u < p.win + p.loss ? 3 : 4]++;
  }
  return tableOf(n, rows);
}

// The hand-made table of test/fixtures/reference/tie_models.py.
const REFERENCE = tableOf(4, [
  [0, 1, 12, 8, 5],
  [0, 2, 15, 6, 4],
  [0, 3, 9, 3, 2.5],
  [1, 2, 10, 9, 6],
  [1, 3, 7, 4, 3],
  [2, 3, 5, 6, 4],
]);

// methods.md §A1 worked example: A>B 3-1, B>C 3-1, A>C 3-1, no ties.
const BT_EXAMPLE = tableOf(3, [
  [0, 1, 3, 1, 0],
  [1, 2, 3, 1, 0],
  [0, 2, 3, 1, 0],
]);

const finite = (v: ArrayLike<number>) => Array.from(v).every(Number.isFinite);

describe("davidsonProbabilities", () => {
  it("gives the methods.md §A2 example: pi = (2, 1), nu = 0.5 → 0.539504 / 0.269752 / 0.190744", () => {
    const p = davidsonProbabilities(Math.log(2), 0, 0.5);
    expect(p.win).toBeCloseTo(0.539504, 6);
    expect(p.loss).toBeCloseTo(0.269752, 6);
    expect(p.tie).toBeCloseTo(0.190744, 6);
    expect(p.win + p.loss + p.tie).toBeCloseTo(1, 15);
  });

  it("sums to 1 and mirrors when the two systems swap, even 2000 apart", () => {
    for (const [a, b, nu] of [
      [0.3, -1.1, 0.2],
      [5, 0, 3],
      [1000, -1000, 0.7],
      [0, 0, 0],
    ] as const) {
      const p = davidsonProbabilities(a, b, nu);
      const q = davidsonProbabilities(b, a, nu);
      expect(p.win + p.loss + p.tie).toBeCloseTo(1, 14);
      expect([q.win, q.loss, q.tie]).toEqual([p.loss, p.win, p.tie]);
      expect(finite([p.win, p.loss, p.tie])).toBe(true);
    }
  });

  it("is Bradley-Terry when nu = 0", () => {
    const p = davidsonProbabilities(0.75631, -0.2, 0);
    expect(p.win).toBeCloseTo(1 / (1 + Math.exp(-0.95631)), 14);
    expect(p.tie).toBe(0);
  });

  it("throws RangeError for a negative or non-finite nu or theta", () => {
    expect(() => davidsonProbabilities(0, 0, -0.1)).toThrow(RangeError);
    expect(() => davidsonProbabilities(0, 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => davidsonProbabilities(Number.NaN, 0, 1)).toThrow(RangeError);
  });
});

describe("davidsonObjective", () => {
  it("has an analytic gradient that matches central finite differences", () => {
    const f = davidsonObjective(REFERENCE, 0.3);
    const x = Float64Array.of(0.4, -0.7, 0.1, 1.3, Math.log(0.8));
    const g = new Float64Array(5);
    f(x, g);
    const h = 1e-6;
    const scratch = new Float64Array(5);
    for (let k = 0; k < 5; k++) {
      const up = Float64Array.from(x);
      const down = Float64Array.from(x);
      up[k] = x[k]! + h;
      down[k] = x[k]! - h;
      const numeric = (f(up, scratch) - f(down, scratch)) / (2 * h);
      expect(Math.abs(g[k]! - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
    }
  });

  it("is minus the count-weighted log of davidsonProbabilities, plus the prior term", () => {
    const theta = [0.4, -0.7, 0.1, 1.3];
    const nu = 0.8;
    let expected = (0.5 * 0.3 * theta.reduce((s, t) => s + t * t, 0)) as number;
    for (let p = 0; p < REFERENCE.i.length; p++) {
      const pr = davidsonProbabilities(theta[REFERENCE.i[p]!]!, theta[REFERENCE.j[p]!]!, nu);
      expected -= REFERENCE.winsI[p]! * Math.log(pr.win) + REFERENCE.winsJ[p]! * Math.log(pr.loss);
      expected -= REFERENCE.ties[p]! * Math.log(pr.tie);
    }
    const value = davidsonObjective(REFERENCE, 0.3)(
      Float64Array.of(...theta, Math.log(nu)),
      new Float64Array(5),
    );
    expect(value).toBeCloseTo(expected, 10);
  });
});

describe("fitDavidson", () => {
  it("agrees with scipy on the reference table to 1e-5 (test/fixtures/reference/tie_models.py)", () => {
    const fit = fitDavidson(REFERENCE);
    expect(fit.converged).toBe(true);
    const scipy = [0.604636269, 0.043786082, -0.281301312, -0.367121038];
    scipy.forEach((t, k) => {
      expect(Math.abs(fit.theta[k]! - t)).toBeLessThan(1e-5);
    });
    expect(Math.abs(fit.tieParameter - 0.546383469)).toBeLessThan(1e-5);
    expect(Math.abs(fit.logLikelihood - -121.26881808)).toBeLessThan(1e-5);
  });

  it("agrees with the fixed-point fit fitDavidsonMM to 1e-6 on random counts", () => {
    const random = lcg(20240611);
    const rows: Row[] = [];
    for (let a = 0; a < 7; a++) {
      for (let b = a + 1; b < 7; b++) {
        if (random() < 0.25) continue; // an incomplete design
        const skew = 1 + 3 * random();
        rows.push([
          a,
          b,
          Math.floor(20 * skew * random()),
          Math.floor(20 * random()),
          1 + Math.floor(8 * random()),
        ]);
      }
    }
    const table = tableOf(7, rows);
    const lbfgs = fitDavidson(table);
    const mm = fitDavidsonMM(table, { tolerance: 1e-13 });
    expect(lbfgs.converged && mm.converged).toBe(true);
    for (let k = 0; k < 7; k++) expect(Math.abs(lbfgs.theta[k]! - mm.theta[k]!)).toBeLessThan(1e-6);
    expect(Math.abs(lbfgs.tieParameter - mm.tieParameter)).toBeLessThan(1e-6);
    expect(lbfgs.logLikelihood).toBeCloseTo(mm.logLikelihood, 8);
  });

  it("recovers planted strengths (±0.05) and nu (±5%) from 200k simulated battles", () => {
    const planted = [-1.2, -0.8, -0.4, 0, 0.1, 0.5, 0.8, 1.0]; // mean 0
    const fit = fitDavidson(simulate(planted, 0.6, 200_000, 7));
    expect(fit.converged).toBe(true);
    planted.forEach((t, k) => {
      expect(Math.abs(fit.theta[k]! - t)).toBeLessThan(0.05);
    });
    expect(Math.abs(fit.tieParameter / 0.6 - 1)).toBeLessThan(0.05);
  });

  it("returns theta with mean 0 and the log-likelihood without the prior term", () => {
    const fit = fitDavidson(REFERENCE, { prior: 2 });
    expect(fit.theta.reduce((s, t) => s + t, 0)).toBeCloseTo(0, 12);
    const x = Float64Array.of(...fit.theta, Math.log(fit.tieParameter));
    const loglik = -davidsonObjective(REFERENCE, 0)(x, new Float64Array(5));
    expect(fit.logLikelihood).toBeCloseTo(loglik, 9);
    // The prior shrinks strengths towards 0.
    expect(Math.abs(fit.theta[0]!)).toBeLessThan(0.604636269);
  });

  it("fixes nu = 0 without ties and gives the Bradley-Terry example of methods.md §A1", () => {
    const fit = fitDavidson(BT_EXAMPLE);
    expect(fit.converged).toBe(true);
    expect(fit.tieParameter).toBe(0);
    [0.75631, 0, -0.75631].forEach((t, k) => {
      expect(fit.theta[k]).toBeCloseTo(t, 5);
    });
  });

  it("starts from init and initTieParameter: from the optimum it stops at once", () => {
    const best = fitDavidson(REFERENCE);
    const again = fitDavidson(REFERENCE, { init: best.theta, initTieParameter: best.tieParameter });
    expect(again.converged).toBe(true);
    expect(again.iterations).toBeLessThanOrEqual(2);
  });

  describe("degenerate input", () => {
    // System 2 wins every comparison: its strength has no finite MLE.
    const neverLost = tableOf(3, [
      [0, 1, 5, 4, 2],
      [0, 2, 0, 6, 0],
      [1, 2, 0, 3, 0],
    ]);

    it("without a prior, a system that never lost gives finite output and converged false", () => {
      const fit = fitDavidson(neverLost);
      expect(fit.converged).toBe(false);
      expect(finite(fit.theta) && Number.isFinite(fit.tieParameter)).toBe(true);
      expect(Number.isFinite(fit.logLikelihood)).toBe(true);
      expect(fit.theta[2]).toBeGreaterThan(5);
    });

    it("with prior 0.1 the same table converges", () => {
      const fit = fitDavidson(neverLost, { prior: 0.1 });
      expect(fit.converged).toBe(true);
      expect(finite(fit.theta)).toBe(true);
      expect(fit.theta[2]).toBeGreaterThan(fit.theta[0]!);
    });

    it("a disconnected comparison graph gives converged false without a prior", () => {
      const twoIslands = tableOf(4, [
        [0, 1, 3, 2, 1],
        [2, 3, 1, 4, 2],
      ]);
      expect(fitDavidson(twoIslands).converged).toBe(false);
      expect(fitDavidson(twoIslands, { prior: 0.1 }).converged).toBe(true);
    });

    it("a table of ties only sends nu up: finite output, converged false", () => {
      const fit = fitDavidson(
        tableOf(3, [
          [0, 1, 0, 0, 4],
          [1, 2, 0, 0, 3],
        ]),
        { prior: 0.1 },
      );
      expect(fit.converged).toBe(false);
      expect(finite(fit.theta) && Number.isFinite(fit.tieParameter)).toBe(true);
    });

    it("throws RangeError for an empty table, a negative prior or a bad start", () => {
      expect(() => fitDavidson(tableOf(3, []))).toThrow(RangeError);
      expect(() => fitDavidson(tableOf(2, [[0, 1, 0, 0, 0]]))).toThrow(RangeError);
      expect(() => fitDavidson(REFERENCE, { prior: -1 })).toThrow(RangeError);
      expect(() => fitDavidson(REFERENCE, { init: new Float64Array(3) })).toThrow(RangeError);
      expect(() => fitDavidson(REFERENCE, { initTieParameter: 0 })).toThrow(RangeError);
    });
  });
});

describe("fitDavidsonMM", () => {
  it("gives the Bradley-Terry example of methods.md §A1 without ties (Zermelo's iteration)", () => {
    const fit = fitDavidsonMM(BT_EXAMPLE);
    expect(fit.converged).toBe(true);
    expect(fit.tieParameter).toBe(0);
    [0.75631, 0, -0.75631].forEach((t, k) => {
      expect(fit.theta[k]).toBeCloseTo(t, 5);
    });
  });

  it("agrees with scipy on the reference table to 1e-5", () => {
    const fit = fitDavidsonMM(REFERENCE);
    const scipy = [0.604636269, 0.043786082, -0.281301312, -0.367121038];
    scipy.forEach((t, k) => {
      expect(Math.abs(fit.theta[k]! - t)).toBeLessThan(1e-5);
    });
    expect(Math.abs(fit.tieParameter - 0.546383469)).toBeLessThan(1e-5);
  });

  it("reports converged false when the sweep cap is hit", () => {
    const fit = fitDavidsonMM(REFERENCE, { maxIterations: 2 });
    expect(fit).toMatchObject({ iterations: 2, converged: false });
  });

  it("throws RangeError when the table has no finite MLE", () => {
    const neverLost = tableOf(3, [
      [0, 1, 5, 4, 2],
      [0, 2, 0, 6, 0],
      [1, 2, 0, 3, 0],
    ]);
    expect(() => fitDavidsonMM(neverLost)).toThrow(RangeError);
    expect(() => fitDavidsonMM(tableOf(2, [[0, 1, 0, 0, 3]]))).toThrow(RangeError);
  });
});
