import { describe, expect, it } from "vitest";
import type { PairTable } from "../../../src/core/rating/pair-table.js";
import {
  fitRaoKupper,
  raoKupperObjective,
  raoKupperProbabilities,
} from "../../../src/core/rating/rao-kupper.js";
import { tableOf } from "./helpers.js";

// Numerical Recipes LCG; uniform in [0, 1).
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Battles on uniformly drawn pairs, outcomes drawn from the Rao-Kupper model. */
function simulate(
  theta: readonly number[],
  kappa: number,
  battles: number,
  seed: number,
): PairTable {
  const n = theta.length;
  const rows: [number, number, number, number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) rows.push([a, b, 0, 0, 0]);
  const random = lcg(seed);
  for (let k = 0; k < battles; k++) {
    const row = rows[Math.floor(random() * rows.length)]!;
    const p = raoKupperProbabilities(theta[row[0]]!, theta[row[1]]!, kappa);
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

const finite = (v: ArrayLike<number>) => Array.from(v).every(Number.isFinite);

describe("raoKupperProbabilities", () => {
  it("gives the methods.md §A2 example: pi = (2, 1), kappa = 1.5 → 0.571429 / 0.25 / 0.178571", () => {
    const p = raoKupperProbabilities(Math.log(2), 0, 1.5);
    expect(p.win).toBeCloseTo(0.571429, 6);
    expect(p.loss).toBeCloseTo(0.25, 6);
    expect(p.tie).toBeCloseTo(0.178571, 6);
    expect(p.win + p.loss + p.tie).toBeCloseTo(1, 15);
  });

  it("sums to 1 and mirrors when the two systems swap, even 2000 apart", () => {
    for (const [a, b, kappa] of [
      [0.3, -1.1, 1.2],
      [5, 0, 4],
      [1000, -1000, 1.7],
      [0, 0, 1],
      [0, 0, 1e6],
    ] as const) {
      const p = raoKupperProbabilities(a, b, kappa);
      const q = raoKupperProbabilities(b, a, kappa);
      expect(p.win + p.loss + p.tie).toBeCloseTo(1, 12);
      expect(q.win).toBeCloseTo(p.loss, 15);
      expect(q.loss).toBeCloseTo(p.win, 15);
      expect(q.tie).toBeCloseTo(p.tie, 15);
      expect(finite([p.win, p.loss, p.tie])).toBe(true);
    }
  });

  it("is Bradley-Terry when kappa = 1", () => {
    const p = raoKupperProbabilities(0.75631, -0.2, 1);
    expect(p.win).toBeCloseTo(1 / (1 + Math.exp(-0.95631)), 14);
    expect(p.tie).toBe(0);
  });

  it("throws RangeError for kappa below 1 or non-finite inputs", () => {
    expect(() => raoKupperProbabilities(0, 0, 0.99)).toThrow(RangeError);
    expect(() => raoKupperProbabilities(0, 0, Number.NaN)).toThrow(RangeError);
    expect(() => raoKupperProbabilities(Number.POSITIVE_INFINITY, 0, 2)).toThrow(RangeError);
  });
});

describe("raoKupperObjective", () => {
  it("has an analytic gradient that matches central finite differences", () => {
    const f = raoKupperObjective(REFERENCE, 0.3);
    const x = Float64Array.of(0.4, -0.7, 0.1, 1.3, Math.log(0.6)); // kappa = 1.6
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

  it("is minus the count-weighted log of raoKupperProbabilities, plus the prior term", () => {
    const theta = [0.4, -0.7, 0.1, 1.3];
    const kappa = 1.6;
    let expected = (0.5 * 0.3 * theta.reduce((s, t) => s + t * t, 0)) as number;
    for (let p = 0; p < REFERENCE.i.length; p++) {
      const pr = raoKupperProbabilities(theta[REFERENCE.i[p]!]!, theta[REFERENCE.j[p]!]!, kappa);
      expected -= REFERENCE.winsI[p]! * Math.log(pr.win) + REFERENCE.winsJ[p]! * Math.log(pr.loss);
      expected -= REFERENCE.ties[p]! * Math.log(pr.tie);
    }
    const value = raoKupperObjective(REFERENCE, 0.3)(
      Float64Array.of(...theta, Math.log(kappa - 1)),
      new Float64Array(5),
    );
    expect(value).toBeCloseTo(expected, 10);
  });
});

describe("fitRaoKupper", () => {
  it("agrees with scipy on the reference table to 1e-5 (test/fixtures/reference/tie_models.py)", () => {
    const fit = fitRaoKupper(REFERENCE);
    expect(fit.converged).toBe(true);
    const scipy = [0.504967753, 0.033526209, -0.235555921, -0.302938041];
    scipy.forEach((t, k) => {
      expect(Math.abs(fit.theta[k]! - t)).toBeLessThan(1e-5);
    });
    expect(Math.abs(fit.tieParameter - 1.563336133)).toBeLessThan(1e-5);
    expect(Math.abs(fit.logLikelihood - -121.194299122)).toBeLessThan(1e-5);
  });

  it("recovers planted strengths (±0.05) and kappa (±5%) from 200k simulated battles", () => {
    const planted = [-1.2, -0.8, -0.4, 0, 0.1, 0.5, 0.8, 1.0]; // mean 0
    const fit = fitRaoKupper(simulate(planted, 1.8, 200_000, 11));
    expect(fit.converged).toBe(true);
    planted.forEach((t, k) => {
      expect(Math.abs(fit.theta[k]! - t)).toBeLessThan(0.05);
    });
    expect(Math.abs(fit.tieParameter / 1.8 - 1)).toBeLessThan(0.05);
  });

  it("returns theta with mean 0 and the log-likelihood without the prior term", () => {
    const fit = fitRaoKupper(REFERENCE, { prior: 2 });
    expect(fit.theta.reduce((s, t) => s + t, 0)).toBeCloseTo(0, 12);
    const x = Float64Array.of(...fit.theta, Math.log(fit.tieParameter - 1));
    const loglik = -raoKupperObjective(REFERENCE, 0)(x, new Float64Array(5));
    expect(fit.logLikelihood).toBeCloseTo(loglik, 9);
    expect(Math.abs(fit.theta[0]!)).toBeLessThan(0.504967753);
  });

  it("fixes kappa = 1 without ties and gives the Bradley-Terry example of methods.md §A1", () => {
    const fit = fitRaoKupper(
      tableOf(3, [
        [0, 1, 3, 1, 0],
        [1, 2, 3, 1, 0],
        [0, 2, 3, 1, 0],
      ]),
    );
    expect(fit.converged).toBe(true);
    expect(fit.tieParameter).toBe(1);
    [0.75631, 0, -0.75631].forEach((t, k) => {
      expect(fit.theta[k]).toBeCloseTo(t, 5);
    });
  });

  it("starts from init and initTieParameter: from the optimum it stops at once", () => {
    const best = fitRaoKupper(REFERENCE);
    const again = fitRaoKupper(REFERENCE, {
      init: best.theta,
      initTieParameter: best.tieParameter,
    });
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
      const fit = fitRaoKupper(neverLost);
      expect(fit.converged).toBe(false);
      expect(finite(fit.theta) && Number.isFinite(fit.tieParameter)).toBe(true);
      expect(Number.isFinite(fit.logLikelihood)).toBe(true);
      expect(fit.theta[2]).toBeGreaterThan(5);
    });

    it("with prior 0.1 the same table converges", () => {
      const fit = fitRaoKupper(neverLost, { prior: 0.1 });
      expect(fit.converged).toBe(true);
      expect(finite(fit.theta)).toBe(true);
      expect(fit.theta[2]).toBeGreaterThan(fit.theta[0]!);
    });

    it("a disconnected comparison graph gives converged false without a prior", () => {
      const twoIslands = tableOf(4, [
        [0, 1, 3, 2, 1],
        [2, 3, 1, 4, 2],
      ]);
      expect(fitRaoKupper(twoIslands).converged).toBe(false);
      expect(fitRaoKupper(twoIslands, { prior: 0.1 }).converged).toBe(true);
    });

    it("a table of ties only sends kappa up: finite output, converged false", () => {
      const fit = fitRaoKupper(
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
      expect(() => fitRaoKupper(tableOf(3, []))).toThrow(RangeError);
      expect(() => fitRaoKupper(REFERENCE, { prior: Number.NaN })).toThrow(RangeError);
      expect(() => fitRaoKupper(REFERENCE, { init: new Float64Array(5) })).toThrow(RangeError);
      expect(() => fitRaoKupper(REFERENCE, { initTieParameter: 1 })).toThrow(RangeError);
    });
  });
});
