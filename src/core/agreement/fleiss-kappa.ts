/**
 * Fleiss' κ (J. L. Fleiss, "Measuring nominal scale agreement among many raters", Psychol. Bull.
 * 76(5), 1971; methods.md §B7): P_i = Σ_c n_ic(n_ic − 1)/(n(n − 1)), P̄ = mean P_i,
 * p_c = Σ_i n_ic/(N n), P̄_e = Σ p_c², κ = (P̄ − P̄_e)/(1 − P̄_e).
 *
 * Fleiss' κ assumes the same number n ≥ 2 of labels on every item. When labelled items have
 * different numbers of labels the result is `unequal_label_counts` rather than a value computed on
 * a subset (the modal count would silently drop items): Krippendorff's α handles that design.
 * Items without labels are ignored.
 */
import { type AgreementInput, type LabelPatterns, patternsOf } from "./label-patterns.js";
import { type KernelValue, type Statistic, statisticOf } from "./statistic.js";

/**
 * Fleiss' κ of a label table.
 * @example fleissKappa(table) // rows (3,0,0),(2,1,0),(1,1,1),(0,3,0) of methods.md §B7 → 0.268293
 * Undefined: `unequal_label_counts` (labels per item differ), `no_pairable_items` (no labels, or
 * one label per item), `no_chance_variation` (every label in one category).
 * Complexity: O(patterns · K).
 */
export function fleissKappa(input: AgreementInput): Statistic {
  const patterns = patternsOf(input);
  const sizes = labelsPerItemRange(patterns);
  if (sizes.min !== sizes.max) {
    return statisticOf(
      "unequal_label_counts",
      0,
      `items have between ${sizes.min} and ${sizes.max} labels; Fleiss' κ needs the same number on every item (use Krippendorff's α)`,
    );
  }
  const value = fleissKappaKernel(patterns, patterns.count);
  return statisticOf(value, sizes.min >= 2 ? patterns.labelledItems : 0);
}

/** Smallest and largest number of labels on a labelled item (0, 0 when there is none). */
export function labelsPerItemRange(patterns: LabelPatterns): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (let p = 0; p < patterns.patternCount; p++) {
    const m = patterns.start[p + 1]! - patterns.start[p]!;
    min = Math.min(min, m);
    max = Math.max(max, m);
  }
  return { min: max === 0 ? 0 : min, max };
}

/**
 * Fleiss' κ with `weights[p]` items of pattern p, for patterns that all have the same number of
 * labels (check with labelsPerItemRange). `scratch` has length ≥ K. Allocation-free.
 */
export function fleissKappaKernel(
  patterns: LabelPatterns,
  weights: Float64Array,
  scratch: Float64Array = new Float64Array(patterns.categoryCount),
): KernelValue {
  const K = patterns.categoryCount;
  const { start, categoryCounts } = patterns;
  scratch.fill(0, 0, K);
  let agreeing = 0;
  let items = 0;
  let n = 0;
  for (let p = 0; p < patterns.patternCount; p++) {
    const w = weights[p]!;
    n = start[p + 1]! - start[p]!;
    if (w === 0) continue;
    let pairs = 0;
    for (let c = 0; c < K; c++) {
      const count = categoryCounts[p * K + c]!;
      pairs += count * (count - 1);
      scratch[c]! += w * count;
    }
    agreeing += w * pairs;
    items += w;
  }
  if (items === 0 || n < 2) return "no_pairable_items";
  const observed = agreeing / (items * n * (n - 1));
  let expected = 0;
  for (let c = 0; c < K; c++) {
    const share = scratch[c]! / (items * n);
    expected += share * share;
  }
  if (expected >= 1) return "no_chance_variation";
  return (observed - expected) / (1 - expected);
}
