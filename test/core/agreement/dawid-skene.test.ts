import { describe, expect, it } from "vitest";
import { dawidSkene } from "../../../src/core/agreement/dawid-skene.js";
import { labelPatterns } from "../../../src/core/agreement/label-patterns.js";
import { labelTableFromMatrix } from "../../../src/core/agreement/label-table.js";
import { maxAbsDiff, readReference, tableOf } from "./helpers.js";

interface ReferenceFit {
  priors: number[];
  errors: number[][][];
  probas: number[][];
  labels: number[];
  iterations: number;
  elbo: number[];
}
interface ReferenceCase {
  raterCount: number;
  categoryCount: number;
  itemCount: number;
  item: number[];
  rater: number[];
  category: number[];
  full: ReferenceFit;
  oneCoin: ReferenceFit;
}
const reference = readReference<Record<string, ReferenceCase>>("agreement_dawid_skene.json");

function tableOfCase(c: ReferenceCase, extraItems = 0) {
  return tableOf(
    { items: c.itemCount + extraItems, raters: c.raterCount, categories: c.categoryCount },
    c.item,
    c.rater,
    c.category,
  );
}

describe("dawidSkene agrees with the numpy transcription of crowd-kit", () => {
  for (const [name, c] of Object.entries(reference)) {
    for (const model of ["full", "one-coin"] as const) {
      it(`${name}, ${model}: posteriors, priors, confusion matrices, iterations, ELBO to 1e-9`, () => {
        const expected = model === "full" ? c.full : c.oneCoin;
        const fit = dawidSkene(tableOfCase(c), { model });
        if (!fit.ok) throw new Error(fit.message);
        expect(fit.iterations).toBe(expected.iterations);
        expect(fit.converged).toBe(true);
        expect(maxAbsDiff(fit.posteriors, expected.probas.flat())).toBeLessThan(1e-9);
        expect(maxAbsDiff(fit.priors, expected.priors)).toBeLessThan(1e-9);
        expect(maxAbsDiff(fit.confusion, expected.errors.flat(2))).toBeLessThan(1e-9);
        expect(maxAbsDiff(fit.elbo, expected.elbo)).toBeLessThan(1e-9);
        expect(Array.from(fit.labels)).toEqual(expected.labels);
      });
    }
  }

  it("gives unlabelled items the prior and label −1, and leaves the fit unchanged", () => {
    const c = reference.three_categories!;
    const fit = dawidSkene(tableOfCase(c, 2));
    if (!fit.ok) throw new Error(fit.message);
    const K = c.categoryCount;
    expect(maxAbsDiff(fit.priors, c.full.priors)).toBeLessThan(1e-9);
    expect(Array.from(fit.posteriors.subarray(c.itemCount * K))).toEqual([
      ...fit.priors,
      ...fit.priors,
    ]);
    expect(Array.from(fit.labels.subarray(c.itemCount))).toEqual([-1, -1]);
  });

  it("is the same whether given the table or its patterns", () => {
    const table = tableOfCase(reference.binary!);
    const a = dawidSkene(table);
    const b = dawidSkene(labelPatterns(table));
    expect(a).toEqual(b);
  });
});

describe("dawidSkene degenerate input", () => {
  it("refuses a table without labels (no_labels), never NaN", () => {
    const fit = dawidSkene(labelTableFromMatrix([[null, null]], 2));
    expect(fit).toEqual({
      ok: false,
      reason: "no_labels",
      message: "Dawid–Skene needs at least one label",
    });
  });

  it("with a single label gives a finite, clipped fit and that label", () => {
    const fit = dawidSkene(labelTableFromMatrix([[1]], 3));
    if (!fit.ok) throw new Error(fit.message);
    expect(Array.from(fit.labels)).toEqual([1]);
    expect(Array.from(fit.priors)).toEqual([0, 1, 0]);
    expect(fit.confusion.every(Number.isFinite)).toBe(true);
    // Rater 0 used only category 1: its row is 1 in every column, the other rows 0.
    expect(Array.from(fit.confusion)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0]);
  });

  it("breaks an exact posterior tie towards the lowest category", () => {
    // Two raters who always disagree symmetrically: every posterior is (1/2, 1/2).
    const fit = dawidSkene(
      labelTableFromMatrix(
        [
          [0, 1],
          [1, 0],
        ],
        2,
      ),
    );
    if (!fit.ok) throw new Error(fit.message);
    expect(Array.from(fit.posteriors)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(fit.labels)).toEqual([0, 0]);
  });

  it("a rater without labels gets an all-zero matrix", () => {
    const table = tableOf(
      { items: 2, raters: 3, categories: 2 },
      [0, 0, 1, 1],
      [0, 1, 0, 1],
      [0, 0, 1, 1],
    );
    const fit = dawidSkene(table);
    if (!fit.ok) throw new Error(fit.message);
    expect(Array.from(fit.confusion.subarray(8, 12))).toEqual([0, 0, 0, 0]);
  });

  it("stops after maxIterations without claiming convergence", () => {
    const fit = dawidSkene(tableOfCase(reference.binary!), { maxIterations: 3 });
    if (!fit.ok) throw new Error(fit.message);
    expect(fit.iterations).toBe(3);
    expect(fit.converged).toBe(false);
    expect(maxAbsDiff(fit.elbo, reference.binary!.full.elbo.slice(0, 3))).toBeLessThan(1e-9);
  });

  it("throws RangeError on bad options", () => {
    const table = labelTableFromMatrix([[0, 1]]);
    expect(() => dawidSkene(table, { maxIterations: -1 })).toThrow(RangeError);
    expect(() => dawidSkene(table, { tolerance: Number.NaN })).toThrow(RangeError);
    // @ts-expect-error: an unknown model
    expect(() => dawidSkene(table, { model: "two-coin" })).toThrow(RangeError);
  });
});
