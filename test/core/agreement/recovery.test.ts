/** Planted-parameter recovery: Dawid–Skene, flip rates and the rater table on simulated labels. */
import { describe, expect, it } from "vitest";
import { type DawidSkeneFit, dawidSkene } from "../../../src/core/agreement/dawid-skene.js";
import { flipRates } from "../../../src/core/agreement/flip-rate.js";
import { labelPatterns } from "../../../src/core/agreement/label-patterns.js";
import { majorityVote } from "../../../src/core/agreement/majority-vote.js";
import { simulateLabels } from "../../../src/core/agreement/simulate-labels.js";
import { createRandom } from "../../../src/core/random/index.js";

type Matrix = number[][]; // [k][c] = P(says k | truth c)

function fitted(
  table: Parameters<typeof dawidSkene>[0],
  model: "full" | "one-coin" = "full",
): DawidSkeneFit {
  const fit = dawidSkene(table, { model });
  if (!fit.ok) throw new Error(fit.message);
  return fit;
}

function maxConfusionError(fit: DawidSkeneFit, planted: Matrix[]): number {
  const K = fit.categoryCount;
  let max = 0;
  planted.forEach((m, w) => {
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < K; c++) {
        max = Math.max(max, Math.abs(fit.confusion[(w * K + k) * K + c]! - m[k]![c]!));
      }
    }
  });
  return max;
}

function accuracy(labels: Int32Array, truth: Int32Array): number {
  let hits = 0;
  labels.forEach((label, i) => {
    if (label === truth[i]) hits++;
  });
  return hits / truth.length;
}

const good: Matrix = [
  [0.85, 0.1, 0.05],
  [0.1, 0.8, 0.1],
  [0.05, 0.1, 0.85],
];
const fair: Matrix = [
  [0.7, 0.15, 0.15],
  [0.15, 0.7, 0.15],
  [0.15, 0.15, 0.7],
];
// Swaps "b better" (0) and "a better" (2) most of the time.
const adversarial: Matrix = [
  [0.1, 0.1, 0.8],
  [0.1, 0.8, 0.1],
  [0.8, 0.1, 0.1],
];
const priors = [0.45, 0.15, 0.4];

describe("Dawid–Skene recovers planted parameters", () => {
  const planted = [good, fair, fair, adversarial];
  const { table, truth } = simulateLabels({
    itemCount: 4000,
    priors,
    confusion: planted,
    coverage: [1, 0.9, 0.9, 1],
    random: createRandom(2024),
  });
  const fit = fitted(table);

  it("confusion matrices within 0.04, priors within 0.02 of the simulated truth's shares", () => {
    expect(fit.converged).toBe(true);
    expect(maxConfusionError(fit, planted)).toBeLessThan(0.04);
    priors.forEach((_, c) => {
      const share = truth.filter((z) => z === c).length / truth.length;
      expect(Math.abs(fit.priors[c]! - share)).toBeLessThan(0.02);
    });
  });

  it("labels the truth more often than majority vote when one rater is adversarial", () => {
    const ds = accuracy(fit.labels, truth);
    const mv = accuracy(majorityVote(table, "lowest-index").labels, truth);
    expect(ds).toBeGreaterThan(0.9);
    expect(ds - mv).toBeGreaterThan(0.1);
  });

  it("one-coin: recovers each rater's skill on symmetric raters", () => {
    const skills = [0.9, 0.75, 0.6, 0.45];
    const symmetric = skills.map((s) =>
      [0, 1, 2].map((k) => [0, 1, 2].map((c) => (k === c ? s : (1 - s) / 2))),
    );
    const sim = simulateLabels({
      itemCount: 4000,
      priors: [0.3, 0.3, 0.4],
      confusion: symmetric,
      random: createRandom(77),
    });
    const oneCoin = fitted(sim.table, "one-coin");
    skills.forEach((s, w) => {
      expect(Math.abs(oneCoin.confusion[(w * 3 + 0) * 3 + 0]! - s)).toBeLessThan(0.03);
      expect(Math.abs(oneCoin.confusion[(w * 3 + 1) * 3 + 0]! - (1 - s) / 2)).toBeLessThan(0.03);
    });
    expect(accuracy(oneCoin.labels, sim.truth)).toBeGreaterThan(0.9);
  });
});

describe("flipRates recovers planted label-flip rates", () => {
  it("binary labels: ε_w = p_0 e_w[1, 0] + p_1 e_w[0, 1]; overall weighted by labels", () => {
    const planted: Matrix[] = [
      [
        [0.9, 0.1],
        [0.1, 0.9],
      ],
      [
        [0.8, 0.25],
        [0.2, 0.75],
      ],
      [
        [0.7, 0.3],
        [0.3, 0.7],
      ],
    ];
    const p = [0.4, 0.6];
    const coverage = [1, 0.5, 0.8];
    const { table } = simulateLabels({
      itemCount: 5000,
      priors: p,
      confusion: planted,
      coverage,
      random: createRandom(8),
    });
    const patterns = labelPatterns(table);
    const flips = flipRates(fitted(patterns), patterns);
    if (!flips.ok) throw new Error(flips.message);
    const expected = planted.map((m) => p[0]! * m[1]![0]! + p[1]! * m[0]![1]!); // 0.1, 0.23, 0.3
    flips.raters.forEach((r, w) => {
      expect(Math.abs(r.flipRate! - expected[w]!)).toBeLessThan(0.02);
    });
    const labels = flips.raters.map((r) => r.decisiveLabels);
    expect(labels.reduce((s, n) => s + n, 0)).toBe(table.item.length);
    const overall =
      flips.raters.reduce((s, r) => s + r.decisiveLabels * r.flipRate!, 0) / table.item.length;
    expect(flips.overall).toBeCloseTo(overall, 12);
    expect(Math.abs(flips.overall - (5000 * 0.1 + 2500 * 0.23 + 4000 * 0.3) / 11500)).toBeLessThan(
      0.015,
    );
    expect(flips.decisive).toEqual([0, 1]);
  });

  it("three categories with a tie: conditions on decisive truth and decisive label", () => {
    const planted = [good, fair, fair, adversarial];
    const { table } = simulateLabels({
      itemCount: 5000,
      priors,
      confusion: planted,
      random: createRandom(31),
    });
    const flips = flipRates(fitted(table), table, 1);
    if (!flips.ok) throw new Error(flips.message);
    expect(flips.decisive).toEqual([0, 2]);
    planted.forEach((m, w) => {
      const flipped = priors[0]! * m[2]![0]! + priors[2]! * m[0]![2]!;
      const decisive = priors[0]! * (m[0]![0]! + m[2]![0]!) + priors[2]! * (m[0]![2]! + m[2]![2]!);
      expect(Math.abs(flips.raters[w]!.flipRate! - flipped / decisive)).toBeLessThan(0.03);
    });
    expect(flips.raters[3]!.flipRate).toBeGreaterThan(0.8); // the adversary
  });

  it("is not_binary without a tie category on three categories, and checks its inputs", () => {
    const { table } = simulateLabels({
      itemCount: 50,
      priors,
      confusion: [good, fair],
      random: createRandom(1),
    });
    const fit = fitted(table);
    expect(flipRates(fit, table)).toMatchObject({ ok: false, reason: "not_binary" });
    expect(() => flipRates(fit, table, 3)).toThrow(RangeError);
  });
});
