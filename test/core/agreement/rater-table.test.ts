import { describe, expect, it } from "vitest";
import { dawidSkene } from "../../../src/core/agreement/dawid-skene.js";
import { labelTableFromMatrix } from "../../../src/core/agreement/label-table.js";
import { raterTable } from "../../../src/core/agreement/rater-table.js";
import { simulateLabels } from "../../../src/core/agreement/simulate-labels.js";
import { createRandom } from "../../../src/core/random/index.js";

const accurate = (s: number) =>
  [0, 1, 2].map((k) => [0, 1, 2].map((c) => (k === c ? s : (1 - s) / 2)));
const uniform = accurate(1 / 3);
const adversarial = [
  [0.05, 0.1, 0.85],
  [0.1, 0.8, 0.1],
  [0.85, 0.1, 0.05],
];
const priors = [0.4, 0.2, 0.4];

describe("raterTable", () => {
  it("leave-one-out consensus agreement and chance, worked by hand", () => {
    const table = labelTableFromMatrix([
      [0, 0, 1],
      [1, 1, 1],
      [0, 1, null],
    ]);
    const rows = raterTable(table, undefined, { minItems: 1 });
    // Rater 0: item 0 others (0, 1) tie → skipped; item 1 others (1, 1) → hit; item 2 other (1) → miss.
    // Own categories on those items {1, 0}, consensus {1, 1}: chance = (1·2 + 1·0)/4 = 0.5.
    expect(rows[0]).toEqual({
      rater: 0,
      labels: 3,
      consensusItems: 2,
      consensusAgreement: 0.5,
      chanceAgreement: 0.5,
      consensusKappa: 0,
      dsAccuracy: null,
      outlier: "no_better_than_chance",
    });
    // Rater 2: item 0 others (0, 0) → miss; item 1 → hit.
    expect(rows[2]).toMatchObject({ labels: 2, consensusItems: 2, consensusAgreement: 0.5 });
  });

  it("flags a random rater and an adversarial one, and no good rater", () => {
    const planted = [accurate(0.85), accurate(0.8), accurate(0.75), uniform, adversarial];
    const { table } = simulateLabels({
      itemCount: 600,
      priors,
      confusion: planted,
      random: createRandom(5),
    });
    const fit = dawidSkene(table);
    if (!fit.ok) throw new Error(fit.message);
    const rows = raterTable(table, fit);
    expect(rows.map((r) => r.outlier)).toEqual([
      null,
      null,
      null,
      "no_better_than_chance",
      "no_better_than_chance",
    ]);
    expect(rows[4]!.consensusKappa).toBeLessThan(0);
    expect(Math.abs(rows[3]!.consensusKappa!)).toBeLessThan(0.1);
    // DS accuracy Σ_c p_c e_w[c, c] near the planted Σ_c p_c s_w.
    expect(Math.abs(rows[0]!.dsAccuracy! - 0.85)).toBeLessThan(0.04);
    expect(rows[4]!.dsAccuracy!).toBeLessThan(0.3);
  });

  it("flags a rater far below the others though above chance (median − 3 MAD, ≥ 5 raters)", () => {
    const planted = [...Array.from({ length: 7 }, () => accurate(0.92)), accurate(0.6)];
    const { table } = simulateLabels({
      itemCount: 1500,
      priors,
      confusion: planted,
      random: createRandom(6),
    });
    const rows = raterTable(table);
    expect(rows.map((r) => r.outlier)).toEqual([...Array(7).fill(null), "low_agreement"]);
    expect(rows[7]!.consensusKappa).toBeGreaterThan(0.3); // not a chance-level rater
  });

  it("judges nobody with fewer than minItems consensus items, and a rater without labels is empty", () => {
    const table = {
      ...labelTableFromMatrix([
        [0, 1],
        [1, 0],
      ]),
      raterCount: 3,
    };
    const rows = raterTable(table);
    expect(rows.every((r) => r.outlier === null)).toBe(true);
    expect(rows[2]).toEqual({
      rater: 2,
      labels: 0,
      consensusItems: 0,
      consensusAgreement: null,
      chanceAgreement: null,
      consensusKappa: null,
      dsAccuracy: null,
      outlier: null,
    });
    expect(() => raterTable(table, undefined, { minItems: 0 })).toThrow(RangeError);
  });
});
