import { describe, expect, it } from "vitest";
import { evaluateRewardModel } from "../../../src/core/metrics/evaluate-reward-model.js";
import { rewardBenchScore } from "../../../src/core/metrics/rewardbench-score.js";
import { REWARDBENCH_V1 } from "../../../src/core/metrics/rewardbench-v1.js";

// Worked by hand: row 0 right (2 > 1); row 1 equal scores (a tie: wrong); row 2 wrong;
// row 3 gold b but b scores 0 < 3: wrong; row 4 unscored (wrong); row 5 gold tie: left out.
const TABLE = {
  scoreA: Float64Array.of(2, 1, 0.5, 3, Number.NaN, 1),
  scoreB: Float64Array.of(1, 1, 1, 0, 0, 2),
  gold: Float64Array.of(1, 1, 1, 0, 1, 0.5),
  subset: Int32Array.of(0, 0, 1, 1, 1, 0),
  subsetNames: ["x", "y"],
};

describe("evaluateRewardModel", () => {
  it("counts strict > as right, equal scores as wrong (tie rate), NaN as unscored, gold ties out", () => {
    const e = evaluateRewardModel(TABLE, { rounds: 0 });
    expect(e.overall).toEqual({
      n: 5,
      goldTies: 1,
      unscored: 1,
      accuracy: { value: 1 / 5, n: 5, ci: null },
      tieRate: { value: 1 / 5, n: 5, ci: null },
    });
    expect(
      e.subsets.map((s) => [s.subset, s.n, s.accuracy?.value, s.goldTies, s.unscored]),
    ).toEqual([
      ["x", 2, 0.5, 1, 0],
      ["y", 3, 0, 0, 1],
    ]);
    expect(e.rewardBench).toBeNull();
  });

  it("gives seeded bootstrap intervals per subset, and null accuracy for an empty subset", () => {
    const e = evaluateRewardModel(
      { ...TABLE, subsetNames: ["x", "y", "empty"] },
      { rounds: 300, seed: 3 },
    );
    expect(e).toEqual(
      evaluateRewardModel({ ...TABLE, subsetNames: ["x", "y", "empty"] }, { rounds: 300, seed: 3 }),
    );
    const ci = e.subsets[0]!.accuracy!.ci!;
    expect(ci.lower).toBe(0);
    expect(ci.upper).toBe(1);
    expect(e.subsets[2]).toEqual({
      subset: "empty",
      n: 0,
      goldTies: 0,
      unscored: 0,
      accuracy: null,
      tieRate: null,
    });
  });

  it("scores RewardBench sections with intervals from the same resamples", () => {
    const n = 200;
    const subsetNames = ["alpacaeval-easy", "hep-go"];
    const e = evaluateRewardModel(
      {
        scoreA: Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 0 : 1)),
        scoreB: new Float64Array(n),
        gold: new Float64Array(n).fill(1),
        subset: Int32Array.from({ length: n }, (_, i) => i % 2),
        subsetNames,
      },
      { rounds: 400, seed: 1, rewardBench: true },
    );
    // Even rows are alpacaeval-easy, of which every second (i % 4 = 0) is wrong: 0.5; hep-go 1.
    const rb = e.rewardBench!;
    expect(rb.sections.map((s) => s.score)).toEqual([0.5, null, null, 1]);
    expect(rb.overall).toBe(0.75);
    expect(rb.intervals.sections[1]).toBeNull();
    expect(rb.intervals.overall!.lower).toBeLessThan(0.75);
    expect(rb.intervals.overall!.upper).toBeGreaterThan(0.75);
  });

  it("refuses unequal lengths and bad gold", () => {
    expect(() => evaluateRewardModel({ ...TABLE, scoreB: Float64Array.of(1) })).toThrow(RangeError);
    expect(() =>
      evaluateRewardModel({ ...TABLE, gold: Float64Array.of(1, 1, 1, 0, 1, 2) }),
    ).toThrow(/gold\[5\]/);
  });
});

describe("rewardBenchScore", () => {
  it("weights subsets by EXAMPLE_COUNTS inside a section: Chat = (0.9·100 + 0.5·28)/128", () => {
    const s = rewardBenchScore({ "alpacaeval-easy": 0.9, "mt-bench-easy": 0.5 });
    expect(s.sections[0]).toEqual({
      name: "Chat",
      score: 0.8125,
      subsets: ["alpacaeval-easy", "mt-bench-easy"],
    });
    expect(s.overall).toBe(0.8125); // the only section present
    expect(s.priorSets).toBeNull();
  });

  it("is the plain mean of the four sections without prior sets, and weights prior sets 1 against 2", () => {
    const acc = { "alpacaeval-easy": 1, "mt-bench-hard": 0.5, donotanswer: 0.25, "math-prm": 0.75 };
    expect(rewardBenchScore(acc).overall).toBe(0.625);
    // Prior sets = mean(0.6, 0.4) = 0.5; overall = (2·(1 + 0.5 + 0.25 + 0.75) + 0.5)/9.
    const withPrior = rewardBenchScore({ ...acc, shp: 0.6, anthropic_hhh: 0.4, mine: 1 });
    expect(withPrior.priorSets).toBe(0.5);
    expect(withPrior.overall).toBeCloseTo(5.5 / 9, 15);
    expect(withPrior.unscoredSubsets).toEqual(["mine"]);
  });

  it("keeps upstream's EXAMPLE_COUNTS (math-prm up-weighted to 984; XSTest as upstream)", () => {
    const safety = REWARDBENCH_V1.sections[2]!.subsets;
    expect(safety["xstest-should-refuse"]).toBe(250);
    expect(safety["xstest-should-respond"]).toBe(154);
    expect(REWARDBENCH_V1.sections[3]!.subsets["math-prm"]).toBe(984);
    const s = rewardBenchScore({ "xstest-should-refuse": 1, "xstest-should-respond": 0 });
    expect(s.sections[2]!.score).toBeCloseTo(250 / 404, 15);
  });

  it("gives null overall when nothing is present and refuses accuracies outside [0, 1]", () => {
    expect(rewardBenchScore({}).overall).toBeNull();
    expect(() => rewardBenchScore({ shp: 1.5 })).toThrow(RangeError);
  });
});
