import { describe, expect, it } from "vitest";
import {
  davidsonObjective,
  davidsonProbabilities,
  fitDavidson,
} from "../../../src/core/rating/davidson.js";
import { fitDavidsonMM } from "../../../src/core/rating/davidson-mm.js";
import { lcg } from "../lcg.js";
import { type Row, tableOf } from "./helpers.js";
import { BT_EXAMPLE, describeTieModel, NEVER_LOST, REFERENCE } from "./tie-model-suite.js";

const SCIPY_THETA = [0.604636269, 0.043786082, -0.281301312, -0.367121038];
const SCIPY_NU = 0.546383469;

describeTieModel({
  names: {
    probabilities: "davidsonProbabilities",
    objective: "davidsonObjective",
    fit: "fitDavidson",
  },
  parameter: "nu",
  probabilities: davidsonProbabilities,
  objective: davidsonObjective,
  fit: fitDavidson,
  coordinate: Math.log,
  bradleyTerry: 0,
  // Known answers worked by hand for this model (rao-kupper.test.ts has its own).
  example: { tie: 0.5, win: 0.539504, loss: 0.269752, tieProbability: 0.190744 },
  symmetric: [
    [0.3, -1.1, 0.2],
    [5, 0, 3],
    [1000, -1000, 0.7],
    [0, 0, 0],
  ],
  sumDigits: 14,
  exactMirror: true,
  badProbabilities: {
    title: "throws RangeError for a negative or non-finite nu or theta",
    args: [
      [0, 0, -0.1],
      [0, 0, Number.POSITIVE_INFINITY],
      [Number.NaN, 0, 1],
    ],
  },
  objectiveTie: 0.8,
  scipy: { theta: SCIPY_THETA, tie: SCIPY_NU, logLikelihood: -121.26881808 },
  planted: { tie: 0.6, seed: 7 },
  badFits: [
    [tableOf(3, [])],
    [tableOf(2, [[0, 1, 0, 0, 0]])],
    [REFERENCE, { prior: -1 }],
    [REFERENCE, { init: new Float64Array(3) }],
    [REFERENCE, { initTieParameter: 0 }],
  ],
});

describe("fitDavidson", () => {
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
    SCIPY_THETA.forEach((t, k) => {
      expect(Math.abs(fit.theta[k]! - t)).toBeLessThan(1e-5);
    });
    expect(Math.abs(fit.tieParameter - SCIPY_NU)).toBeLessThan(1e-5);
  });

  it("reports converged false when the sweep cap is hit", () => {
    const fit = fitDavidsonMM(REFERENCE, { maxIterations: 2 });
    expect(fit).toMatchObject({ iterations: 2, converged: false });
  });

  it("throws RangeError when the table has no finite MLE", () => {
    expect(() => fitDavidsonMM(NEVER_LOST)).toThrow(RangeError);
    expect(() => fitDavidsonMM(tableOf(2, [[0, 1, 0, 0, 3]]))).toThrow(RangeError);
  });
});
