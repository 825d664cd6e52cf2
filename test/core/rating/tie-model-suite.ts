/**
 * One suite for the two tie models, Davidson (nu ≥ 0) and Rao-Kupper (kappa ≥ 1): both are
 * Bradley-Terry plus one tie parameter, fitted by L-BFGS over (theta, log of the parameter's
 * distance from its Bradley-Terry value), so they owe the same contract — a worked example,
 * mirror symmetry, an analytic gradient, agreement with scipy, recovery of planted
 * parameters, and the same answers to degenerate input. Each model file runs
 * `describeTieModel` with its own known answers.
 */
import { describe, expect, it } from "vitest";
import type { Objective } from "../../../src/core/optimize/lbfgs.js";
import type { TieModelFit } from "../../../src/core/rating/fit.js";
import type { PairTable } from "../../../src/core/rating/pair-table.js";
import type { TieModelOptions } from "../../../src/core/rating/tie-model-fit.js";
import { lcg } from "../lcg.js";
import { type Row, tableOf } from "./helpers.js";

interface Probabilities {
  win: number;
  loss: number;
  tie: number;
}

export interface TieModelCase {
  /** The exported names, for the describe blocks: "davidson" gives davidsonProbabilities… */
  names: { probabilities: string; objective: string; fit: string };
  /** "nu" or "kappa". */
  parameter: string;
  probabilities(thetaA: number, thetaB: number, tie: number): Probabilities;
  objective(table: PairTable, prior?: number): Objective;
  fit(table: PairTable, options?: TieModelOptions): TieModelFit;
  /** The optimiser's coordinate for the tie parameter: log nu, log(kappa − 1). */
  coordinate(tie: number): number;
  /** The parameter's value without ties, where the model is Bradley-Terry. */
  bradleyTerry: number;
  /** methods.md §A2: pi = (2, 1) at this parameter gives these probabilities. */
  example: { tie: number; win: number; loss: number; tieProbability: number };
  /** [thetaA, thetaB, parameter] triples the symmetry check runs over. */
  symmetric: readonly (readonly [number, number, number])[];
  /** Decimal digits the three probabilities sum to 1 with; whether the mirror is exact. */
  sumDigits: number;
  exactMirror: boolean;
  /** Arguments `probabilities` must refuse, and the test's title for them. */
  badProbabilities: { title: string; args: readonly (readonly [number, number, number])[] };
  /** The parameter the objective is checked at. */
  objectiveTie: number;
  /** scipy's fit of REFERENCE (test/fixtures/reference/tie_models.py). */
  scipy: { theta: readonly number[]; tie: number; logLikelihood: number };
  /** The planted parameter and the simulation's seed. */
  planted: { tie: number; seed: number };
  /** Inputs `fit` must refuse with RangeError. */
  badFits: readonly (readonly [PairTable, TieModelOptions?])[];
}

// The hand-made table of test/fixtures/reference/tie_models.py.
export const REFERENCE = tableOf(4, [
  [0, 1, 12, 8, 5],
  [0, 2, 15, 6, 4],
  [0, 3, 9, 3, 2.5],
  [1, 2, 10, 9, 6],
  [1, 3, 7, 4, 3],
  [2, 3, 5, 6, 4],
]);

// methods.md §A1 worked example: A>B 3-1, B>C 3-1, A>C 3-1, no ties.
export const BT_EXAMPLE = tableOf(3, [
  [0, 1, 3, 1, 0],
  [1, 2, 3, 1, 0],
  [0, 2, 3, 1, 0],
]);

// System 2 wins every comparison: its strength has no finite MLE.
export const NEVER_LOST = tableOf(3, [
  [0, 1, 5, 4, 2],
  [0, 2, 0, 6, 0],
  [1, 2, 0, 3, 0],
]);

export const finite = (v: ArrayLike<number>) => Array.from(v).every(Number.isFinite);

/** Battles on uniformly drawn pairs, outcomes drawn from the model. */
function simulate(
  model: TieModelCase,
  theta: readonly number[],
  tie: number,
  battles: number,
  seed: number,
): PairTable {
  const n = theta.length;
  const rows: [number, number, number, number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) rows.push([a, b, 0, 0, 0]);
  const random = lcg(seed);
  for (let k = 0; k < battles; k++) {
    const row = rows[Math.floor(random() * rows.length)]!;
    const p = model.probabilities(theta[row[0]]!, theta[row[1]]!, tie);
    const u = random();
    row[u < p.win ? 2 : u < p.win + p.loss ? 3 : 4]++;
  }
  return tableOf(n, rows as Row[]);
}

export function describeTieModel(model: TieModelCase): void {
  const { parameter: name, example } = model;

  describe(model.names.probabilities, () => {
    it(`gives the methods.md §A2 example: pi = (2, 1), ${name} = ${example.tie} → ${example.win} / ${example.loss} / ${example.tieProbability}`, () => {
      const p = model.probabilities(Math.log(2), 0, example.tie);
      expect(p.win).toBeCloseTo(example.win, 6);
      expect(p.loss).toBeCloseTo(example.loss, 6);
      expect(p.tie).toBeCloseTo(example.tieProbability, 6);
      expect(p.win + p.loss + p.tie).toBeCloseTo(1, 15);
    });

    it("sums to 1 and mirrors when the two systems swap, even 2000 apart", () => {
      for (const [a, b, tie] of model.symmetric) {
        const p = model.probabilities(a, b, tie);
        const q = model.probabilities(b, a, tie);
        expect(p.win + p.loss + p.tie).toBeCloseTo(1, model.sumDigits);
        if (model.exactMirror) {
          expect([q.win, q.loss, q.tie]).toEqual([p.loss, p.win, p.tie]);
        } else {
          expect(q.win).toBeCloseTo(p.loss, 15);
          expect(q.loss).toBeCloseTo(p.win, 15);
          expect(q.tie).toBeCloseTo(p.tie, 15);
        }
        expect(finite([p.win, p.loss, p.tie])).toBe(true);
      }
    });

    it(`is Bradley-Terry when ${name} = ${model.bradleyTerry}`, () => {
      const p = model.probabilities(0.75631, -0.2, model.bradleyTerry);
      expect(p.win).toBeCloseTo(1 / (1 + Math.exp(-0.95631)), 14);
      expect(p.tie).toBe(0);
    });

    it(model.badProbabilities.title, () => {
      for (const [a, b, tie] of model.badProbabilities.args) {
        expect(() => model.probabilities(a, b, tie)).toThrow(RangeError);
      }
    });
  });

  describe(model.names.objective, () => {
    it("has an analytic gradient that matches central finite differences", () => {
      const f = model.objective(REFERENCE, 0.3);
      const x = Float64Array.of(0.4, -0.7, 0.1, 1.3, model.coordinate(model.objectiveTie));
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

    it(`is minus the count-weighted log of ${model.names.probabilities}, plus the prior term`, () => {
      const theta = [0.4, -0.7, 0.1, 1.3];
      const tie = model.objectiveTie;
      let expected = (0.5 * 0.3 * theta.reduce((s, t) => s + t * t, 0)) as number;
      for (let p = 0; p < REFERENCE.i.length; p++) {
        const pr = model.probabilities(theta[REFERENCE.i[p]!]!, theta[REFERENCE.j[p]!]!, tie);
        expected -=
          REFERENCE.winsI[p]! * Math.log(pr.win) + REFERENCE.winsJ[p]! * Math.log(pr.loss);
        expected -= REFERENCE.ties[p]! * Math.log(pr.tie);
      }
      const value = model.objective(REFERENCE, 0.3)(
        Float64Array.of(...theta, model.coordinate(tie)),
        new Float64Array(5),
      );
      expect(value).toBeCloseTo(expected, 10);
    });
  });

  describe(model.names.fit, () => {
    it("agrees with scipy on the reference table to 1e-5 (test/fixtures/reference/tie_models.py)", () => {
      const fit = model.fit(REFERENCE);
      expect(fit.converged).toBe(true);
      model.scipy.theta.forEach((t, k) => {
        expect(Math.abs(fit.theta[k]! - t)).toBeLessThan(1e-5);
      });
      expect(Math.abs(fit.tieParameter - model.scipy.tie)).toBeLessThan(1e-5);
      expect(Math.abs(fit.logLikelihood - model.scipy.logLikelihood)).toBeLessThan(1e-5);
    });

    it(`recovers planted strengths (±0.05) and ${name} (±5%) from 200k simulated battles`, () => {
      const planted = [-1.2, -0.8, -0.4, 0, 0.1, 0.5, 0.8, 1.0]; // mean 0
      const { tie, seed } = model.planted;
      const fit = model.fit(simulate(model, planted, tie, 200_000, seed));
      expect(fit.converged).toBe(true);
      planted.forEach((t, k) => {
        expect(Math.abs(fit.theta[k]! - t)).toBeLessThan(0.05);
      });
      expect(Math.abs(fit.tieParameter / tie - 1)).toBeLessThan(0.05);
    });

    it("returns theta with mean 0 and the log-likelihood without the prior term", () => {
      const fit = model.fit(REFERENCE, { prior: 2 });
      expect(fit.theta.reduce((s, t) => s + t, 0)).toBeCloseTo(0, 12);
      const x = Float64Array.of(...fit.theta, model.coordinate(fit.tieParameter));
      const loglik = -model.objective(REFERENCE, 0)(x, new Float64Array(5));
      expect(fit.logLikelihood).toBeCloseTo(loglik, 9);
      // The prior shrinks strengths towards 0.
      expect(Math.abs(fit.theta[0]!)).toBeLessThan(model.scipy.theta[0]!);
    });

    it(`fixes ${name} = ${model.bradleyTerry} without ties and gives the Bradley-Terry example of methods.md §A1`, () => {
      const fit = model.fit(BT_EXAMPLE);
      expect(fit.converged).toBe(true);
      expect(fit.tieParameter).toBe(model.bradleyTerry);
      [0.75631, 0, -0.75631].forEach((t, k) => {
        expect(fit.theta[k]).toBeCloseTo(t, 5);
      });
    });

    it("starts from init and initTieParameter: from the optimum it stops at once", () => {
      const best = model.fit(REFERENCE);
      const again = model.fit(REFERENCE, {
        init: best.theta,
        initTieParameter: best.tieParameter,
      });
      expect(again.converged).toBe(true);
      expect(again.iterations).toBeLessThanOrEqual(2);
    });

    describe("degenerate input", () => {
      it("without a prior, a system that never lost gives finite output and converged false", () => {
        const fit = model.fit(NEVER_LOST);
        expect(fit.converged).toBe(false);
        expect(finite(fit.theta) && Number.isFinite(fit.tieParameter)).toBe(true);
        expect(Number.isFinite(fit.logLikelihood)).toBe(true);
        expect(fit.theta[2]).toBeGreaterThan(5);
      });

      it("with prior 0.1 the same table converges", () => {
        const fit = model.fit(NEVER_LOST, { prior: 0.1 });
        expect(fit.converged).toBe(true);
        expect(finite(fit.theta)).toBe(true);
        expect(fit.theta[2]).toBeGreaterThan(fit.theta[0]!);
      });

      it("a disconnected comparison graph gives converged false without a prior", () => {
        const twoIslands = tableOf(4, [
          [0, 1, 3, 2, 1],
          [2, 3, 1, 4, 2],
        ]);
        expect(model.fit(twoIslands).converged).toBe(false);
        expect(model.fit(twoIslands, { prior: 0.1 }).converged).toBe(true);
      });

      it(`a table of ties only sends ${name} up: finite output, converged false`, () => {
        const fit = model.fit(
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
        for (const [table, options] of model.badFits) {
          expect(() => model.fit(table, options)).toThrow(RangeError);
        }
      });
    });
  });
}
