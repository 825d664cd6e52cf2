import { describe, expect, it } from "vitest";
import { agreementBootstrap } from "../../../src/core/agreement/agreement-bootstrap.js";
import { cohenKappa } from "../../../src/core/agreement/cohen-kappa.js";
import { fleissKappa } from "../../../src/core/agreement/fleiss-kappa.js";
import { krippendorffAlpha } from "../../../src/core/agreement/krippendorff-alpha.js";
import { type LabelPatterns, labelPatterns } from "../../../src/core/agreement/label-patterns.js";
import type { LabelTable } from "../../../src/core/agreement/label-table.js";
import { labelTableFromMatrix } from "../../../src/core/agreement/label-table.js";
import { pairwiseCohen } from "../../../src/core/agreement/pairwise-cohen.js";
import { percentAgreement } from "../../../src/core/agreement/percent-agreement.js";
import { resampleWeights } from "../../../src/core/agreement/resample.js";
import { simulateLabels } from "../../../src/core/agreement/simulate-labels.js";
import type { Statistic } from "../../../src/core/agreement/statistic.js";
import { createRandom } from "../../../src/core/random/index.js";
import { quantileSorted } from "../../../src/core/stats/quantile.js";
import { tableOf } from "./helpers.js";

const confusion = [
  [
    [0.8, 0.1, 0.1],
    [0.1, 0.8, 0.2],
    [0.1, 0.1, 0.7],
  ],
  [
    [0.7, 0.2, 0.1],
    [0.2, 0.6, 0.1],
    [0.1, 0.2, 0.8],
  ],
  [
    [0.6, 0.2, 0.2],
    [0.2, 0.6, 0.2],
    [0.2, 0.2, 0.6],
  ],
];
const { table } = simulateLabels({
  itemCount: 150,
  priors: [0.4, 0.35, 0.25],
  confusion,
  coverage: [1, 0.9, 0.8],
  random: createRandom(41),
});

/** The table whose items are `weights[p]` copies of each pattern p's labels. */
function expand(p: LabelPatterns, weights: Float64Array): LabelTable {
  const item: number[] = [];
  const rater: number[] = [];
  const category: number[] = [];
  let items = 0;
  for (let q = 0; q < p.patternCount; q++) {
    for (let copy = 0; copy < weights[q]!; copy++, items++) {
      for (let e = p.start[q]!; e < p.start[q + 1]!; e++) {
        item.push(items);
        rater.push(p.rater[e]!);
        category.push(p.category[e]!);
      }
    }
  }
  return tableOf(
    { items, raters: p.raterCount, categories: p.categoryCount },
    item,
    rater,
    category,
  );
}

const value = (s: Statistic) => (s.ok ? s.value : Number.NaN);

describe("agreementBootstrap", () => {
  it("round r is the statistics of the items its multinomial pattern counts stand for", () => {
    const patterns = labelPatterns(table);
    const drawn = new Float64Array(patterns.patternCount);
    resampleWeights(patterns, 9, 0, drawn);
    expect(drawn.reduce((s, x) => s + x, 0)).toBe(patterns.labelledItems);
    expect(drawn).not.toEqual(patterns.count);
    const resampled = expand(patterns, drawn);
    const one = agreementBootstrap(table, {
      rounds: 1,
      seed: 9,
      confidence: 0.9,
      scales: ["nominal", "ordinal", "interval"],
      weights: "linear",
    });
    const check = (
      interval: { lower: number; upper: number } | null | undefined,
      expected: number,
    ) => {
      expect(interval?.lower).toBeCloseTo(expected, 12);
      expect(interval?.upper).toBeCloseTo(expected, 12);
    };
    check(one.percentAgreement, value(percentAgreement(resampled)));
    check(one.krippendorffAlpha.nominal, value(krippendorffAlpha(resampled, "nominal")));
    check(one.krippendorffAlpha.ordinal, value(krippendorffAlpha(resampled, "ordinal")));
    check(one.krippendorffAlpha.interval, value(krippendorffAlpha(resampled, "interval")));
    check(one.cohen?.[0], value(cohenKappa(resampled, 0, 1, "linear")));
    check(one.cohen?.[2], value(cohenKappa(resampled, 1, 2, "linear")));
    expect(one.fleissKappa).toBeNull(); // labels per item differ
  });

  it("has the spread of a naive bootstrap that resamples items (1000 rounds each)", () => {
    const rounds = 1000;
    const fast = agreementBootstrap(table, { rounds, seed: 3, confidence: 0.95 });
    const random = createRandom(12345);
    const perItem = Array.from({ length: table.itemCount }, () => [] as [number, number][]);
    table.item.forEach((i, t) => {
      perItem[i]!.push([table.rater[t]!, table.category[t]!]);
    });
    const values = new Float64Array(rounds);
    for (let r = 0; r < rounds; r++) {
      const matrix = Array.from({ length: table.itemCount }, () => {
        const row: (number | null)[] = [null, null, null];
        for (const [w, c] of perItem[Math.floor(random() * table.itemCount)]!) row[w] = c;
        return row;
      });
      values[r] = value(krippendorffAlpha(labelTableFromMatrix(matrix, 3), "nominal"));
    }
    values.sort();
    const naiveWidth = quantileSorted(values, 0.975) - quantileSorted(values, 0.025);
    const interval = fast.krippendorffAlpha.nominal!;
    const width = interval.upper - interval.lower;
    expect(width / naiveWidth).toBeGreaterThan(0.85);
    expect(width / naiveWidth).toBeLessThan(1.15);
    const point = value(krippendorffAlpha(table, "nominal"));
    expect(interval.lower).toBeLessThan(point);
    expect(interval.upper).toBeGreaterThan(point);
  });

  it("is reproducible under a seed and changes with it", () => {
    const options = { rounds: 200, seed: 5, confidence: 0.95 };
    const a = agreementBootstrap(table, options);
    expect(agreementBootstrap(labelPatterns(table), options)).toEqual(a);
    expect(agreementBootstrap(table, { ...options, seed: 6 }).percentAgreement).not.toEqual(
      a.percentAgreement,
    );
  });

  it("bootstraps Fleiss' κ when every item has the same number of labels", () => {
    const complete = labelTableFromMatrix([
      [0, 0, 1],
      [1, 1, 1],
      [2, 2, 2],
      [0, 1, 2],
      [2, 2, 1],
      [0, 0, 0],
    ]);
    const b = agreementBootstrap(complete, { rounds: 300, seed: 1, confidence: 0.8 });
    const kappa = value(fleissKappa(complete));
    expect(b.fleissKappa!.lower).toBeLessThan(kappa);
    expect(b.fleissKappa!.upper).toBeGreaterThan(kappa);
  });

  it("counts rounds where a statistic is undefined and leaves them out", () => {
    // Resamples of only the first two items have one category: κ and α are 0/0 there.
    const tiny = labelTableFromMatrix([
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
    const b = agreementBootstrap(tiny, { rounds: 400, seed: 2, confidence: 0.95 });
    const alpha = b.krippendorffAlpha.nominal!;
    expect(alpha.undefinedRounds).toBeGreaterThan(0.2 * 400); // (2/3)^3 ≈ 0.30 expected
    expect(alpha.undefinedRounds + alpha.definedRounds).toBe(400);
    expect(Number.isFinite(alpha.lower) && Number.isFinite(alpha.upper)).toBe(true);
    expect(b.percentAgreement!.undefinedRounds).toBe(0);
  });

  it("skips pairwise intervals above maxPairs and refuses bad options", () => {
    expect(
      agreementBootstrap(table, { rounds: 10, seed: 1, confidence: 0.9, maxPairs: 2 }).cohen,
    ).toBeNull();
    for (const bad of [
      { rounds: 0, seed: 1, confidence: 0.9 },
      { rounds: 10, seed: -1, confidence: 0.9 },
      { rounds: 10, seed: 1, confidence: 1 },
      { rounds: 10, seed: 1, confidence: 0.9, maxPairs: -1 },
    ]) {
      expect(() => agreementBootstrap(table, bad)).toThrow(RangeError);
    }
  });

  it("handles many raters with sparse labels (patterns nearly unique, >500 rater pairs)", () => {
    const random = createRandom(21);
    const matrix = Array.from({ length: 400 }, () => {
      const row: (number | null)[] = Array(40).fill(null);
      for (let k = 0; k < 3; k++) row[Math.floor(random() * 40)] = Math.floor(random() * 3);
      return row;
    });
    const sparse = labelTableFromMatrix(matrix, 3);
    const patterns = labelPatterns(sparse);
    expect(patterns.patternCount).toBeGreaterThan(350);
    const options = { rounds: 50, seed: 1, confidence: 0.9 };
    expect(agreementBootstrap(patterns, options).cohen).toBeNull();
    const all = agreementBootstrap(patterns, { ...options, maxPairs: 5000 });
    const pairs = pairwiseCohen(patterns);
    expect(pairs.length).toBeGreaterThan(500);
    expect(all.cohen).toHaveLength(pairs.length);
    expect(all.krippendorffAlpha.nominal).not.toBeNull();
  });
});
