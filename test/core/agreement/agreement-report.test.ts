import { describe, expect, it } from "vitest";
import { agreementReport } from "../../../src/core/agreement/agreement-report.js";
import { cohenKappa } from "../../../src/core/agreement/cohen-kappa.js";
import { krippendorffAlpha } from "../../../src/core/agreement/krippendorff-alpha.js";
import { labelTableFromMatrix } from "../../../src/core/agreement/label-table.js";
import { simulateLabels } from "../../../src/core/agreement/simulate-labels.js";
import { createRandom } from "../../../src/core/random/index.js";

const accurate = (s: number) =>
  [0, 1, 2].map((k) => [0, 1, 2].map((c) => (k === c ? s : (1 - s) / 2)));
const { table } = simulateLabels({
  itemCount: 300,
  priors: [0.45, 0.1, 0.45],
  confusion: [accurate(0.85), accurate(0.8), accurate(0.7), accurate(1 / 3)],
  coverage: [1, 1, 0.9, 0.8],
  random: createRandom(3),
});

/** Every number in a plain-data value, recursively. */
function numbers(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(numbers);
  return [];
}

describe("agreementReport", () => {
  const report = agreementReport(table, {
    rounds: 200,
    seed: 11,
    scale: "ordinal",
    tieRule: "category:1",
    categoryNames: ["B", "tie", "A"],
    raterNames: ["ann", "bob", "cy", "dee"],
  });

  it("is plain data: survives a JSON round trip and holds no NaN or infinity", () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(numbers(report).every(Number.isFinite)).toBe(true);
  });

  it("holds the statistics of the individual functions with their intervals", () => {
    expect(report.categories).toEqual(["B", "tie", "A"]);
    expect(report.counts).toMatchObject({
      items: 300,
      raters: 4,
      categories: 3,
      labels: table.item.length,
    });
    expect(report.bootstrap).toEqual({ rounds: 200, seed: 11, confidence: 0.95 });
    const ordinal = report.krippendorffAlpha.ordinal!;
    const direct = krippendorffAlpha(table, "ordinal");
    if (!ordinal.ok || !direct.ok) throw new Error("undefined α");
    expect(ordinal.value).toBe(direct.value);
    expect(ordinal.interval!.lower).toBeLessThan(ordinal.value);
    expect(ordinal.interval!.upper).toBeGreaterThan(ordinal.value);
    expect(report.cohen.weights).toBe("quadratic");
    expect(report.cohen.pairs).toHaveLength(6);
    const first = report.cohen.pairs[0]!;
    const kappa = cohenKappa(table, 0, 1, "quadratic");
    expect(first.kappa).toMatchObject({ ok: true, value: kappa.ok ? kappa.value : Number.NaN });
    expect(report.fleissKappa).toMatchObject({ ok: false, reason: "unequal_label_counts" });
  });

  it("reports consensus, Dawid–Skene, flip rates (tie category from the tie rule) and raters", () => {
    expect(report.consensus.tieRule).toBe("category:1");
    expect(report.consensus.counts.reduce((s, n) => s + n, 0)).toBe(300);
    expect(report.dawidSkene).toMatchObject({ ok: true, model: "full" });
    expect(report.flipRate).toMatchObject({ ok: true, decisive: [0, 2] });
    expect(report.raterTable.map((r) => r.outlier)).toEqual([
      null,
      null,
      null,
      "no_better_than_chance",
    ]);
    expect(report.raterTable[3]!.flipRate!).toBeGreaterThan(0.3);
    expect(report.raterTable[0]!.flipRate!).toBeLessThan(0.1);
    expect(report.items).toBeUndefined();
  });

  it("adds per-item arrays on request and skips intervals with rounds = 0", () => {
    const small = labelTableFromMatrix([
      [0, 0],
      [1, 0],
      [1, 1],
      [null, null],
    ]);
    const r = agreementReport(small, { rounds: 0, items: true });
    expect(r.bootstrap).toBeNull();
    expect(r.percentAgreement).toEqual({ ok: true, value: 2 / 3, items: 3, interval: null });
    expect(r.items!.majority).toEqual([0, -1, 1, -1]);
    expect(r.consensus.unresolvedItems).toEqual([1]);
    expect(r.items!.posteriors).toHaveLength(4);
    expect(r.flipRate).toMatchObject({ ok: true, decisive: [0, 1] });
  });

  it("reports undefined statistics and an empty table without NaN", () => {
    const empty = agreementReport(labelTableFromMatrix([[null]], 2), { rounds: 10 });
    expect(empty.percentAgreement).toMatchObject({ ok: false, reason: "no_pairable_items" });
    expect(empty.dawidSkene).toMatchObject({ ok: false, reason: "no_labels" });
    expect(JSON.parse(JSON.stringify(empty))).toEqual(empty);
    expect(numbers(empty).every(Number.isFinite)).toBe(true);
  });

  it("refuses bad options with RangeError", () => {
    for (const bad of [
      { rounds: -1 },
      { confidence: 1.5 },
      { categoryNames: ["x"] },
      { raterNames: ["x"] },
      { tieRule: "category:9" as const },
      { scale: "interval" as "nominal" },
    ]) {
      expect(() => agreementReport(table, { rounds: 5, ...bad })).toThrow(RangeError);
    }
    expect(() => agreementReport(table, { rounds: 0, confidence: 2 })).toThrow(RangeError);
  });
});
