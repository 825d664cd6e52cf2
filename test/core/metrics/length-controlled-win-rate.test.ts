import { describe, expect, it } from "vitest";
import { evaluateJudges, judgeSummary } from "../../../src/core/metrics/evaluate-judges.js";
import { lengthControlledWinRate } from "../../../src/core/metrics/length-controlled-win-rate.js";
import { createRandom } from "../../../src/core/random/xoshiro128.js";
import { verdictTable } from "./helpers.js";

/** n instructions; the model's win probability is σ(quality + lengthEffect·tanh(Δ/sd)). */
function simulate(n: number, quality: number, lengthEffect: number, seed: number) {
  const random = createRandom(seed);
  const lengthModel = Float64Array.from({ length: n }, () => 1000 + 2000 * random());
  const lengthBaseline = Float64Array.from({ length: n }, () => 500 + 1500 * random());
  const delta = lengthBaseline.map((b, i) => b - lengthModel[i]!);
  const mean = delta.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(delta.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const preferences = delta.map((d) => {
    const p = 1 / (1 + Math.exp(-(quality - lengthEffect * Math.tanh(d / sd))));
    return random() < p ? 1 : 0;
  });
  return { preferences, lengthModel, lengthBaseline };
}

describe("lengthControlledWinRate (AlpacaEval 2 GLM)", () => {
  it("a model whose wins come only from being longer gets an LC win rate near 50", () => {
    const r = lengthControlledWinRate(simulate(2000, 0, 2, 1));
    if (!r.ok) throw new Error(r.error.message);
    // The model is longer on ~80% of instructions, so it wins far more than half raw.
    expect(r.value.raw.winRate!).toBeGreaterThan(65);
    expect(Math.abs(r.value.lengthControlledWinRate - 50)).toBeLessThan(4);
    expect(r.value.weights.length).toBeLessThan(-1); // Δ = baseline − model: longer model wins
    expect(r.value.extremeChange).toBe(true);
  });

  it("recovers a planted quality effect: σ(1) = 73.1% with no length effect", () => {
    const r = lengthControlledWinRate(simulate(2000, 1, 0, 2));
    if (!r.ok) throw new Error(r.error.message);
    expect(Math.abs(r.value.lengthControlledWinRate - 73.1)).toBeLessThan(4);
    expect(Math.abs(r.value.lengthControlledWinRate - r.value.raw.winRate!)).toBeLessThan(3);
  });

  it("predicts over every instruction, unparsed ones too, as upstream", () => {
    const base = simulate(200, 0.5, 0, 3);
    const preferences = Float64Array.from(base.preferences);
    preferences[0] = Number.NaN;
    const r = lengthControlledWinRate({ ...base, preferences }, { C: 1 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.raw.unparsed).toBe(1);
    // No difficulty: every instruction has the same prediction σ(w_model).
    expect(r.value.lengthControlledWinRate).toBeCloseTo(
      100 / (1 + Math.exp(-r.value.weights.model)),
      10,
    );
    expect(r.value.weights.instructionDifficulty).toBeNull();
    expect(r.value.cvLogLoss).toBeNull();
  });

  it("returns ok:false with no readable preference or fewer than 5 for cross-validation", () => {
    const three = {
      lengthModel: Float64Array.of(1, 2, 3),
      lengthBaseline: Float64Array.of(3, 2, 1),
    };
    expect(
      lengthControlledWinRate({
        ...three,
        preferences: Float64Array.of(Number.NaN, Number.NaN, Number.NaN),
      }),
    ).toEqual({
      ok: false,
      error: { code: "empty", message: "no readable preference" },
    });
    expect(lengthControlledWinRate({ ...three, preferences: Float64Array.of(1, 0, 1) }).ok).toBe(
      false,
    );
    const fixed = lengthControlledWinRate(
      { ...three, preferences: Float64Array.of(1, 0, 1) },
      { C: 1 },
    );
    expect(fixed.ok).toBe(true);
  });

  it("gives the length feature no weight when every length difference is the same", () => {
    const r = lengthControlledWinRate(
      {
        preferences: Float64Array.of(1, 0, 1, 1),
        lengthModel: Float64Array.of(5, 5, 5, 5),
        lengthBaseline: Float64Array.of(3, 3, 3, 3),
      },
      { C: 10 },
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.weights.length).toBe(0);
    expect(() =>
      lengthControlledWinRate({
        preferences: Float64Array.of(1),
        lengthModel: Float64Array.of(-1),
        lengthBaseline: Float64Array.of(1),
      }),
    ).toThrow(RangeError);
  });
});

describe("evaluateJudges", () => {
  it("evaluates several judges with the same options and summarises them side by side", () => {
    const good = verdictTable({ gold: [1, 0, 1, 0], inOrder: [1, 0, 1, 0], swapped: [1, 0, 1, 0] });
    const biased = verdictTable({
      gold: [1, 0, 1, 0],
      inOrder: [1, 1, 1, 1],
      swapped: [0, 0, 0, 0],
    });
    const rows = judgeSummary(
      evaluateJudges(
        [
          { judge: "good", table: good },
          { judge: "first", table: biased },
        ],
        { rounds: 0 },
      ),
    );
    expect(
      rows.map((r) => [r.judge, r.accuracy?.value, r.consistency?.value, r.positionBias?.value]),
    ).toEqual([
      ["good", 1, 1, 0],
      ["first", 0.5, 0, 1],
    ]);
    expect(() =>
      evaluateJudges([
        { judge: "x", table: good },
        { judge: "x", table: good },
      ]),
    ).toThrow(/twice/);
  });
});
