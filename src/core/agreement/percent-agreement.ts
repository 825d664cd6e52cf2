/**
 * Percent agreement: the mean over items with ≥ 2 labels of the share of agreeing rater pairs,
 * Σ_c n_ic(n_ic − 1) / (m_i(m_i − 1)) — Fleiss' P_i (methods.md §B7) without chance correction,
 * defined for any number of labels per item. For two raters it is the fraction of identical labels.
 */
import { type AgreementInput, type LabelPatterns, patternsOf } from "./label-patterns.js";
import { type KernelValue, type Statistic, statisticOf } from "./statistic.js";

/**
 * Percent agreement of a label table.
 * @example percentAgreement(labelTableFromMatrix([[0, 0, 1], [1, 1, 1]])) // (1/3 + 1)/2 → 0.666667
 * Undefined (`no_pairable_items`) when no item has two labels. Complexity: O(patterns · K).
 */
export function percentAgreement(input: AgreementInput): Statistic {
  const patterns = patternsOf(input);
  const value = percentAgreementKernel(patterns, patterns.count);
  return statisticOf(value, pairableItems(patterns, patterns.count));
}

/** Percent agreement with `weights[p]` items of pattern p (allocation-free). */
export function percentAgreementKernel(
  patterns: LabelPatterns,
  weights: Float64Array,
): KernelValue {
  const K = patterns.categoryCount;
  const { start, categoryCounts } = patterns;
  let sum = 0;
  let items = 0;
  for (let p = 0; p < patterns.patternCount; p++) {
    const m = start[p + 1]! - start[p]!;
    const w = weights[p]!;
    if (m < 2 || w === 0) continue;
    let pairs = 0;
    for (let c = 0; c < K; c++) {
      const n = categoryCounts[p * K + c]!;
      pairs += n * (n - 1);
    }
    sum += (w * pairs) / (m * (m - 1));
    items += w;
  }
  return items === 0 ? "no_pairable_items" : sum / items;
}

/** Items (weighted) with at least two labels. */
export function pairableItems(patterns: LabelPatterns, weights: Float64Array): number {
  let items = 0;
  for (let p = 0; p < patterns.patternCount; p++) {
    if (patterns.start[p + 1]! - patterns.start[p]! >= 2) items += weights[p]!;
  }
  return items;
}
