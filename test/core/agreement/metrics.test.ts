import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohenKappa } from "../../../src/core/agreement/cohen-kappa.js";
import { fleissKappa } from "../../../src/core/agreement/fleiss-kappa.js";
import { krippendorffAlpha } from "../../../src/core/agreement/krippendorff-alpha.js";
import { labelPatterns } from "../../../src/core/agreement/label-patterns.js";
import { labelTableFromMatrix } from "../../../src/core/agreement/label-table.js";
import { pairwiseCohen } from "../../../src/core/agreement/pairwise-cohen.js";
import { percentAgreement } from "../../../src/core/agreement/percent-agreement.js";
import type { Statistic } from "../../../src/core/agreement/statistic.js";
import { readReference, tableFromValueCounts } from "./helpers.js";

function valueIn(s: Statistic): number {
  if (!s.ok) throw new Error(`${s.reason}: ${s.message}`);
  return s.value;
}

// methods.md §B6: r1 = AAABBBAABA, r2 = AABBBBAAAA (A = 0, B = 1).
const r1 = [..."AAABBBAABA"].map((x) => (x === "A" ? 0 : 1));
const r2 = [..."AABBBBAAAA"].map((x) => (x === "A" ? 0 : 1));
const cohenTable = labelTableFromMatrix(r1.map((a, i) => [a, r2[i]!]));
// methods.md §B7: value counts over (A, B, tie).
const fleissRows = [
  [3, 0, 0],
  [2, 1, 0],
  [1, 1, 1],
  [0, 3, 0],
];

describe("worked examples of methods.md §B6–§B8", () => {
  it("cohenKappa: p_o = 0.8, p_e = 0.52, κ = 0.583333", () => {
    const kappa = cohenKappa(cohenTable, 0, 1, "none");
    expect(kappa).toEqual({ ok: true, value: expect.closeTo(0.583333, 6), items: 10 });
    expect(valueIn(kappa)).toBeCloseTo(0.28 / 0.48, 14);
    // Two categories: linear and quadratic weights are the unweighted κ.
    expect(valueIn(cohenKappa(cohenTable, 0, 1, "linear"))).toBeCloseTo(0.28 / 0.48, 14);
    expect(valueIn(cohenKappa(cohenTable, 1, 0, "quadratic"))).toBeCloseTo(0.28 / 0.48, 14);
    expect(valueIn(percentAgreement(cohenTable))).toBeCloseTo(0.8, 14);
  });

  it("fleissKappa: P̄ = 0.583333, P̄_e = 0.430556, κ = 0.268293", () => {
    const kappa = fleissKappa(tableFromValueCounts(fleissRows));
    expect(kappa).toEqual({ ok: true, value: expect.closeTo(0.268293, 6), items: 4 });
    expect(valueIn(percentAgreement(tableFromValueCounts(fleissRows)))).toBeCloseTo(0.583333, 6);
  });

  it("krippendorffAlpha: the Fleiss table gives nominal α = 0.329268", () => {
    expect(valueIn(krippendorffAlpha(tableFromValueCounts(fleissRows), "nominal"))).toBeCloseTo(
      0.329268,
      6,
    );
  });

  it("krippendorffAlpha: counts (3,0,0),(2,0,1),(1,1,1),(0,0,3) give ordinal 0.412698, nominal 0.329268", () => {
    const table = tableFromValueCounts([
      [3, 0, 0],
      [2, 0, 1],
      [1, 1, 1],
      [0, 0, 3],
    ]);
    expect(valueIn(krippendorffAlpha(table, "ordinal"))).toBeCloseTo(0.412698, 6);
    expect(valueIn(krippendorffAlpha(table, "nominal"))).toBeCloseTo(0.329268, 6);
  });

  it("krippendorffAlpha: fast-krippendorff's 15-unit docstring example, nominal 0.691358, interval 0.810845", () => {
    // reliability_data of the alpha() docstring, coders as columns, values 1..4 → categories 0..3.
    const n = null;
    const coders = [
      [n, n, n, n, n, 3, 4, 1, 2, 1, 1, 3, 3, n, 3],
      [1, n, 2, 1, 3, 3, 4, 3, n, n, n, n, n, n, n],
      [n, n, 2, 1, 3, 4, 4, n, 2, 1, 1, 3, 3, n, 4],
    ];
    const matrix = coders[0]!.map((_, u) => coders.map((row) => (row[u] === n ? n : row[u]! - 1)));
    const table = labelTableFromMatrix(matrix, 4);
    expect(valueIn(krippendorffAlpha(table, "nominal"))).toBeCloseTo(0.691358, 6);
    expect(valueIn(krippendorffAlpha(table, "interval"))).toBeCloseTo(0.810845, 6);
    // Units 2 and 14 have no value and unit 1 a single one: 12 pairable units.
    expect(krippendorffAlpha(table, "nominal")).toMatchObject({ items: 12 });
  });
});

interface ReferenceSet {
  matrix: (number | null)[][];
  categoryCount: number;
  percentAgreement: number;
  alpha: Record<"nominal" | "ordinal" | "interval", number>;
  fleiss?: number;
  cohen: ({ raterA: number; raterB: number } & Record<
    "none" | "linear" | "quadratic",
    { items: number; agreement: number; kappa: number }
  >)[];
}
const reference =
  readReference<Record<"sparse" | "complete", ReferenceSet>>("agreement_metrics.json");

describe("agrees with numpy transcriptions of scikit-learn, statsmodels and fast-krippendorff", () => {
  for (const name of ["sparse", "complete"] as const) {
    const ref = reference[name];
    const table = labelTableFromMatrix(ref.matrix, ref.categoryCount);
    it(`${name}: percent agreement and α (nominal, ordinal, interval) to 1e-12`, () => {
      expect(valueIn(percentAgreement(table))).toBeCloseTo(ref.percentAgreement, 12);
      for (const scale of ["nominal", "ordinal", "interval"] as const) {
        expect(valueIn(krippendorffAlpha(table, scale))).toBeCloseTo(ref.alpha[scale], 12);
      }
    });
    it(`${name}: Cohen's κ of every pair, unweighted, linear, quadratic, to 1e-12`, () => {
      for (const weights of ["none", "linear", "quadratic"] as const) {
        const pairs = pairwiseCohen(table, weights);
        expect(pairs.map((p) => [p.raterA, p.raterB])).toEqual(
          ref.cohen.map((p) => [p.raterA, p.raterB]),
        );
        pairs.forEach((pair, q) => {
          const expected = ref.cohen[q]![weights];
          expect(pair.items).toBe(expected.items);
          expect(pair.agreement).toBeCloseTo(expected.agreement, 12);
          expect(valueIn(pair.kappa)).toBeCloseTo(expected.kappa, 12);
          expect(valueIn(cohenKappa(table, pair.raterA, pair.raterB, weights))).toBeCloseTo(
            expected.kappa,
            12,
          );
        });
      }
    });
  }
  it("complete: Fleiss' κ to 1e-12; sparse: refused as unequal_label_counts", () => {
    const complete = labelTableFromMatrix(reference.complete.matrix, 3);
    expect(valueIn(fleissKappa(complete))).toBeCloseTo(reference.complete.fleiss!, 12);
    const sparse = fleissKappa(labelTableFromMatrix(reference.sparse.matrix, 4));
    expect(sparse).toMatchObject({ ok: false, reason: "unequal_label_counts" });
  });
});

describe("degenerate input: undefined statistics are ok:false, never NaN", () => {
  it("no item with two labels", () => {
    const table = labelTableFromMatrix([
      [0, null],
      [null, 1],
    ]);
    expect(percentAgreement(table)).toEqual({
      ok: false,
      reason: "no_pairable_items",
      message: "no item has labels from two raters",
    });
    expect(krippendorffAlpha(table, "ordinal")).toMatchObject({ reason: "no_pairable_items" });
    expect(fleissKappa(table)).toMatchObject({ reason: "no_pairable_items" });
    expect(cohenKappa(table, 0, 1)).toEqual({
      ok: false,
      reason: "no_pairable_items",
      message: "raters 0 and 1 labelled no item in common",
    });
    expect(pairwiseCohen(table)).toEqual([]);
  });

  it("every label in one category: chance agreement 1", () => {
    const table = labelTableFromMatrix(
      [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
      3,
    );
    expect(valueIn(percentAgreement(table))).toBe(1);
    for (const s of [
      cohenKappa(table, 0, 1, "none"),
      cohenKappa(table, 0, 1, "quadratic"),
      fleissKappa(table),
      krippendorffAlpha(table, "nominal"),
      krippendorffAlpha(table, "ordinal"),
      krippendorffAlpha(table, "interval"),
    ]) {
      expect(s).toMatchObject({ ok: false, reason: "no_chance_variation" });
    }
  });

  it("Fleiss' κ names the range of labels per item when it differs", () => {
    const table = labelTableFromMatrix([
      [0, 0, 1],
      [1, 1],
      [0, 1, 1],
    ]);
    expect(fleissKappa(table)).toEqual({
      ok: false,
      reason: "unequal_label_counts",
      message:
        "items have between 2 and 3 labels; Fleiss' κ needs the same number on every item (use Krippendorff's α)",
    });
  });

  it("items without labels are ignored by every statistic", () => {
    const base = tableFromValueCounts(fleissRows);
    const padded = { ...base, itemCount: base.itemCount + 3 };
    expect(fleissKappa(padded)).toEqual(fleissKappa(base));
    expect(krippendorffAlpha(padded, "nominal")).toEqual(krippendorffAlpha(base, "nominal"));
  });

  it("perfect agreement gives 1 and systematic disagreement a negative κ", () => {
    const perfect = labelTableFromMatrix([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(valueIn(cohenKappa(perfect, 0, 1))).toBe(1);
    expect(valueIn(krippendorffAlpha(perfect, "ordinal"))).toBe(1);
    const opposite = labelTableFromMatrix([
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
    expect(valueIn(cohenKappa(opposite, 0, 1))).toBe(-1);
  });

  it("bad parameters throw RangeError", () => {
    expect(() => cohenKappa(cohenTable, 0, 0)).toThrow(RangeError);
    expect(() => cohenKappa(cohenTable, 0, 2)).toThrow(RangeError);
    // @ts-expect-error: unknown weights
    expect(() => cohenKappa(cohenTable, 0, 1, "cubic")).toThrow(RangeError);
    // @ts-expect-error: unknown scale
    expect(() => krippendorffAlpha(cohenTable, "ratio")).toThrow(RangeError);
  });
});

describe("properties", () => {
  const matrices = fc.array(
    fc.array(fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }), {
      minLength: 3,
      maxLength: 3,
    }),
    { minLength: 1, maxLength: 25 },
  );

  it("nominal statistics do not change when categories are renamed", () => {
    fc.assert(
      fc.property(matrices, (matrix) => {
        const renamed = matrix.map((row) => row.map((c) => (c === null ? null : (c + 1) % 3)));
        const a = labelTableFromMatrix(matrix, 3);
        const b = labelTableFromMatrix(renamed, 3);
        for (const [x, y] of [
          [krippendorffAlpha(a, "nominal"), krippendorffAlpha(b, "nominal")],
          [cohenKappa(a, 0, 2), cohenKappa(b, 0, 2)],
          [fleissKappa(a), fleissKappa(b)],
        ] as const) {
          expect(x.ok).toBe(y.ok);
          if (x.ok && y.ok) expect(x.value).toBeCloseTo(y.value, 12);
        }
      }),
    );
  });

  it("statistics are the same from the table and from its patterns, and symmetric in the raters", () => {
    fc.assert(
      fc.property(matrices, (matrix) => {
        const table = labelTableFromMatrix(matrix, 3);
        const patterns = labelPatterns(table);
        expect(krippendorffAlpha(patterns, "ordinal")).toEqual(krippendorffAlpha(table, "ordinal"));
        const ab = cohenKappa(table, 0, 1, "linear");
        const ba = cohenKappa(patterns, 1, 0, "linear");
        expect(ab.ok).toBe(ba.ok);
        if (ab.ok && ba.ok) expect(ab.value).toBeCloseTo(ba.value, 12);
      }),
    );
  });

  it("with complete data (N items × n labels) α nominal = 1 − (1 − κ_Fleiss)(Nn − 1)/(Nn)", () => {
    // D_o = 1 − P̄ and D_e = Nn(1 − P̄_e)/(Nn − 1) for complete data, so the two differ only by
    // Krippendorff's small-sample factor.
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }), {
          minLength: 2,
          maxLength: 20,
        }),
        (matrix) => {
          const table = labelTableFromMatrix(matrix, 3);
          const kappa = fleissKappa(table);
          const alpha = krippendorffAlpha(table, "nominal");
          expect(alpha.ok).toBe(kappa.ok);
          if (!alpha.ok || !kappa.ok) return;
          const Nn = matrix.length * 4;
          expect(alpha.value).toBeCloseTo(1 - ((1 - kappa.value) * (Nn - 1)) / Nn, 12);
        },
      ),
    );
  });
});
