// Point estimates against test/fixtures/reference/metrics_reference.py (numpy, row by row).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateRewardModel } from "../../../src/core/metrics/evaluate-reward-model.js";
import { evaluateVerdicts } from "../../../src/core/metrics/evaluate-verdicts.js";
import { fitL1Logistic } from "../../../src/core/metrics/l1-logistic.js";
import { lengthControlledWinRate } from "../../../src/core/metrics/length-controlled-win-rate.js";
import type { VerdictMetrics } from "../../../src/core/metrics/verdict-metrics.js";
import { fromAlpacaEvalPreference, winRate } from "../../../src/core/metrics/win-rate.js";

const ref = JSON.parse(
  readFileSync(new URL("../../fixtures/reference/metrics_reference.json", import.meta.url), "utf8"),
);
const f64 = (a: (number | null)[]) => Float64Array.from(a, (x) => (x === null ? Number.NaN : x));

function close(actual: number | null | undefined, expected: number | null, tol = 1e-12) {
  if (expected === null) expect(actual ?? null).toBeNull();
  else expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(tol);
}

function compare(m: VerdictMetrics, x: Record<string, number | null | number[][] | number[]>) {
  expect(m.n).toBe(x.n);
  const get: Record<string, number | null | undefined> = {
    accuracy: m.accuracy?.value,
    accuracyInOrder: m.accuracyInOrder?.value,
    accuracySwapped: m.accuracySwapped?.value,
    accuracyMeanOfOrders: m.accuracyMeanOfOrders?.value,
    bothCorrect: m.bothCorrect?.value,
    consistency: m.position.consistency?.value,
    firstPositionRate: m.position.firstPositionRate?.value,
    secondPositionRate: m.position.secondPositionRate?.value,
    positionBias: m.position.positionBias?.value,
    firstShownWinRate: m.position.firstShownWinRate?.value,
    unparsedRate: m.unparsedRate?.value,
    judgeLongerWins: m.length?.judgeLongerWins?.value,
    goldLongerWins: m.length?.goldLongerWins?.value,
    macroPrecision: m.classes.macroPrecision?.value,
    macroRecall: m.classes.macroRecall?.value,
    macroF1: m.classes.macroF1?.value,
    brier: m.calibration?.brier.value,
    ece: m.calibration?.ece.value,
  };
  for (const [key, value] of Object.entries(get)) {
    expect([key, value ?? null]).toSatisfy(() => {
      close(value, x[key] as number | null);
      return true;
    });
  }
  expect(m.classes.confusion).toEqual(x.confusion);
  expect(m.calibration?.reliability.map((b) => b.count)).toEqual(x.reliabilityCounts);
}

describe("evaluateVerdicts agrees with the numpy reference to 1e-12", () => {
  const t = ref.judge.table;
  const table = {
    n: t.gold.length,
    gold: Float64Array.from(t.gold),
    subset: Int32Array.from(t.subset),
    subsetNames: t.subsetNames,
    shownInOrder: f64(t.shownInOrder),
    shownSwapped: f64(t.shownSwapped),
    unparsed: Uint8Array.from(t.unparsed),
    lengthA: f64(t.lengthA),
    lengthB: f64(t.lengthB),
    probability: f64(t.probability),
  };
  for (const c of ref.judge.cases) {
    it(`with ties ${c.ties}, length threshold ${c.lengthThreshold}, ${c.calibrationBins} bins`, () => {
      const e = evaluateVerdicts(table, {
        rounds: 0,
        ties: c.ties,
        lengthThreshold: c.lengthThreshold,
        calibrationBins: c.calibrationBins,
      });
      compare(e.overall, c.expected.overall);
      e.subsets.forEach((s, k) => {
        compare(s, c.expected.subsets[k]);
      });
    });
  }
});

describe("evaluateRewardModel agrees with the numpy reference", () => {
  const t = ref.reward.table;
  const e = evaluateRewardModel(
    {
      scoreA: f64(t.scoreA),
      scoreB: Float64Array.from(t.scoreB),
      gold: Float64Array.from(t.gold),
      subset: Int32Array.from(t.subset),
      subsetNames: t.subsetNames,
    },
    { rounds: 0, rewardBench: true },
  );
  it("per subset and overall accuracy and tie rate", () => {
    close(e.overall.accuracy?.value, ref.reward.overall.accuracy);
    close(e.overall.tieRate?.value, ref.reward.overall.tieRate);
    e.subsets.forEach((s, k) => {
      close(s.accuracy?.value, ref.reward.subsets[k].accuracy);
      close(s.tieRate?.value, ref.reward.subsets[k].tieRate);
    });
  });
  it("RewardBench v1 sections, prior sets and overall", () => {
    const rb = e.rewardBench!;
    for (const section of rb.sections)
      close(section.score, ref.reward.rewardBench.sections[section.name]);
    close(rb.priorSets, ref.reward.rewardBench.priorSets);
    close(rb.overall, ref.reward.rewardBench.overall);
    expect(rb.unscoredSubsets).toEqual(["other"]);
  });
});

describe("winRate agrees with AlpacaEval's describe_head2head (numpy port)", () => {
  it("win rate, standard error, discrete win rate and counts", () => {
    const w = ref.winRate;
    const r = winRate(f64(w.alpaca).map(fromAlpacaEvalPreference));
    close(r.winRate, w.winRate, 1e-10);
    close(r.standardError, w.standardError, 1e-10);
    close(r.discreteWinRate, w.discreteWinRate, 1e-10);
    expect([r.wins, r.draws, r.losses, r.unparsed]).toEqual([w.wins, w.draws, w.losses, 7]);
  });
});

describe("the L1 logistic GLM agrees with scipy (L-BFGS-B on w = u − v)", () => {
  const lc = ref.lengthControlled;
  const prefs = f64(lc.preferences);
  it("at fixed C, coefficients to 1e-8", () => {
    for (const { C, w } of lc.fixed) {
      const r = lengthControlledWinRate(
        {
          preferences: prefs,
          lengthModel: Float64Array.from(lc.lengthModel),
          lengthBaseline: Float64Array.from(lc.lengthBaseline),
          instructionDifficulty: Float64Array.from(lc.instructionDifficulty),
        },
        { C },
      );
      if (!r.ok) throw new Error(r.error.message);
      close(r.value.weights.length, w[0], 1e-8);
      close(r.value.weights.instructionDifficulty, w[1], 1e-8);
      close(r.value.weights.model, w[2], 1e-8);
    }
  });
  it("cross-validated C, held-out log losses and the LC win rate", () => {
    const r = lengthControlledWinRate({
      preferences: prefs,
      lengthModel: Float64Array.from(lc.lengthModel),
      lengthBaseline: Float64Array.from(lc.lengthBaseline),
      instructionDifficulty: Float64Array.from(lc.instructionDifficulty),
    });
    if (!r.ok) throw new Error(r.error.message);
    lc.cvLogLoss.forEach((v: number, k: number) => {
      close(r.value.cvLogLoss?.[k], v, 1e-10);
    });
    expect(r.value.C).toBeCloseTo(lc.C, 12);
    close(r.value.lengthControlledWinRate, lc.lengthControlledWinRate, 1e-5);
  });
  it("fitL1Logistic zeroes every weight when the penalty dominates (C tiny)", () => {
    const w = fitL1Logistic(
      { x: Float64Array.of(1, 1, 1, -1), d: 2, p: Float64Array.of(1, 0) },
      1e-4,
    );
    expect(Array.from(w)).toEqual([0, 0]);
  });
});
