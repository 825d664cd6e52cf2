import { describe, expect, it } from "vitest";
import { arenaHardBattleScores } from "../../../src/core/metrics/arena-hard-labels.js";
import { arenaHardScore } from "../../../src/core/metrics/arena-hard-score.js";
import { normalQuantile } from "../../../src/core/metrics/normal-quantile.js";
import { fromAlpacaEvalPreference, winRate } from "../../../src/core/metrics/win-rate.js";
import { bradleyTerry } from "../../../src/core/rating/bradley-terry.js";

describe("winRate (AlpacaEval's get_winrate conventions)", () => {
  it("matches a worked example on AlpacaEval's 1..2 scale (0 and 1.5 are draws, NaN dropped)", () => {
    // AlpacaEval preferences 2, 1, 1.5, 0, 1.75, NaN → ours 1, 0, 0.5, 0.5, 0.75 (NaN unparsed).
    // Mean 0.55 → 55. Deviations .45, −.55, −.05, −.05, .2: squares sum 0.55, variance (ddof 1)
    // 0.1375, SE = √0.1375/√5 = 0.1658312 → 16.58312. Discrete: 1.75 rounds to a win, so
    // 2 wins + 2 draws of 5 → (2 + 1)/5 = 60.
    const r = winRate(
      Float64Array.from([2, 1, 1.5, 0, 1.75, Number.NaN], fromAlpacaEvalPreference),
    );
    expect(r).toMatchObject({
      n: 5,
      unparsed: 1,
      wins: 2,
      draws: 2,
      losses: 1,
      discreteWinRate: 60,
    });
    expect(r.winRate).toBeCloseTo(55, 12);
    expect(r.standardError).toBeCloseTo(Math.sqrt(0.1375 / 5) * 100, 12);
  });

  it("gives nulls, not NaN, for no preference and no standard error for one", () => {
    expect(winRate(Float64Array.of(Number.NaN))).toEqual({
      n: 0,
      unparsed: 1,
      winRate: null,
      standardError: null,
      discreteWinRate: null,
      wins: 0,
      draws: 0,
      losses: 0,
    });
    expect(winRate(Float64Array.of(1)).standardError).toBeNull();
    expect(() => winRate(Float64Array.of(1.5))).toThrow(RangeError);
  });

  it("fromAlpacaEvalPreference maps 0 to a draw and anything outside 1..2 to NaN", () => {
    expect([0, 1, 1.25, 2, 2.5, -1].map(fromAlpacaEvalPreference)).toEqual([
      0.5,
      0,
      0.25,
      1,
      Number.NaN,
      Number.NaN,
    ]);
  });
});

describe("arenaHardScore (§D5)", () => {
  const battles = {
    good: Float64Array.of(1, 1, 1, 1, 0.5, 0, 1, 1),
    weak: Float64Array.of(0, 0, 0.5, 1, 0, 0),
  };

  it("with no rounds the score is the mean; the baseline is shown at 50", () => {
    const rows = arenaHardScore(battles, { rounds: 0, baseline: "base" });
    expect(rows.map((r) => [r.model, r.score, r.lower])).toEqual([
      ["good", 81.25, null],
      ["base", 50, 50],
      ["weak", 25, null],
    ]);
  });

  it("the bootstrap score is near the mean with a 5%–95% interval around it, fixed by the seed", () => {
    const rows = arenaHardScore(battles, { rounds: 2000, seed: 5 });
    const good = rows.find((r) => r.model === "good")!;
    // SD of one battle score ≈ 0.33, so the bootstrap mean has SE ≈ 0.33/√8 ≈ 11.7 points and the
    // mean of 2000 bootstrap means is within ~0.3 of the raw mean.
    expect(Math.abs(good.score - 81.25)).toBeLessThan(1);
    expect(good.lower!).toBeLessThan(70);
    expect(good.upper!).toBeGreaterThan(90);
    expect(arenaHardScore(battles, { rounds: 2000, seed: 5 })).toEqual(rows);
  });

  it("the Bradley-Terry win rate against the baseline equals the mean score on a star graph", () => {
    // Models 1, 2 against baseline 0 with ties as half wins: σ(θ_m − θ_0) = mean score.
    const table = {
      systemCount: 3,
      i: Int32Array.of(0, 0),
      j: Int32Array.of(1, 2),
      winsI: Float64Array.of(2, 4), // baseline wins
      winsJ: Float64Array.of(5, 1),
      ties: Float64Array.of(1, 1),
    };
    const { theta } = bradleyTerry(table);
    const p = (m: number) => 1 / (1 + Math.exp(-(theta[m]! - theta[0]!)));
    expect(p(1)).toBeCloseTo((5 + 0.5) / 8, 10);
    expect(p(2)).toBeCloseTo((1 + 0.5) / 6, 10);
  });

  it("refuses scores outside [0, 1] and models without battles", () => {
    expect(() => arenaHardScore({ m: Float64Array.of(2) })).toThrow(RangeError);
    expect(() => arenaHardScore({ m: new Float64Array(0) })).toThrow(/no battles/);
  });

  it("arenaHardBattleScores maps labels like show_result.py (strong ×3, game 1 flipped)", () => {
    expect(arenaHardBattleScores("B>>A", "A>B")).toEqual([1, 1, 1, 1]);
    expect(arenaHardBattleScores("A=B", "A<<B")).toEqual([0, 0, 0, 0.5]);
    expect(arenaHardBattleScores("B<A", "B=A")).toEqual([0.5, 0]);
    expect(arenaHardBattleScores(null, "A>B")).toBeNull();
    expect(arenaHardBattleScores("A>B", "maybe")).toBeNull();
  });
});

describe("normalQuantile (AS 241)", () => {
  it("agrees with scipy.stats.norm.ppf", () => {
    const cases: [number, number][] = [
      [0.975, 1.959963984540054],
      [0.5, 0],
      [0.6, 0.2533471031357997],
      [0.025, -1.9599639845400545],
      [1e-5, -4.264890793922825],
      [0.95, 1.6448536269514722],
      [1e-20, -9.262340089798409],
      [0.999999, 4.753424308817087],
    ];
    for (const [p, z] of cases)
      expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-14 * Math.max(1, Math.abs(z)));
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
