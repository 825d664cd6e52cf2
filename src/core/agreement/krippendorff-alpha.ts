/**
 * Krippendorff's α (K. Krippendorff, "Content Analysis", 2nd ed. 2004, ch. 11; methods.md §B8),
 * computed as pln-fing-udelar/fast-krippendorff's krippendorff.py does from value counts: per
 * unit u with m_u ≥ 2 labels (units with fewer are not pairable and are dropped), coincidences
 * o_ck = Σ_u (n_uc n_uk − [c = k] n_uc)/(m_u − 1); n_c = Σ_k o_ck, n = Σ_c n_c; expected
 * e_ck = (n_c n_k − [c = k] n_c)/(n − 1); α = 1 − Σ o δ² / Σ e δ². Distances over categories
 * 0..K − 1 taken as values: nominal [c ≠ k]; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)² (the
 * categories in their order, unused ones with n_g = 0); interval (c − k)².
 */
import { type AgreementInput, type LabelPatterns, patternsOf } from "./label-patterns.js";
import { pairableItems } from "./percent-agreement.js";
import { type KernelValue, type Statistic, statisticOf } from "./statistic.js";

export type AlphaScale = "nominal" | "ordinal" | "interval";

export const ALPHA_SCALES: readonly AlphaScale[] = ["nominal", "ordinal", "interval"];

/**
 * Krippendorff's α of a label table at a level of measurement.
 * @example krippendorffAlpha(table, "nominal") // the Fleiss table of methods.md §B7 → 0.329268
 * @throws RangeError on an unknown scale.
 * Undefined: `no_pairable_items` (no item with two labels), `no_chance_variation` (Σ e δ² = 0:
 * a single category is used). Complexity: O(patterns · K² + K²).
 */
export function krippendorffAlpha(input: AgreementInput, scale: AlphaScale): Statistic {
  if (!ALPHA_SCALES.includes(scale)) {
    throw new RangeError(`scale must be nominal, ordinal or interval, got ${String(scale)}`);
  }
  const patterns = patternsOf(input);
  const K = patterns.categoryCount;
  const o = new Float64Array(K * K);
  coincidences(patterns, patterns.count, o);
  const value = alphaFromCoincidences(o, K, scale, new Float64Array(K + 1));
  return statisticOf(value, pairableItems(patterns, patterns.count));
}

/** Writes the K × K coincidence matrix of the weighted patterns into `out` (allocation-free). */
export function coincidences(
  patterns: LabelPatterns,
  weights: Float64Array,
  out: Float64Array,
): void {
  const K = patterns.categoryCount;
  const { start, categoryCounts } = patterns;
  out.fill(0, 0, K * K);
  for (let p = 0; p < patterns.patternCount; p++) {
    const m = start[p + 1]! - start[p]!;
    const w = weights[p]!;
    if (m < 2 || w === 0) continue;
    const scale = w / (m - 1);
    const base = p * K;
    for (let c = 0; c < K; c++) {
      const nc = categoryCounts[base + c]!;
      if (nc === 0) continue;
      const row = c * K;
      for (let k = 0; k < K; k++) out[row + k]! += scale * nc * categoryCounts[base + k]!;
      out[row + c]! -= scale * nc;
    }
  }
}

/**
 * α from a coincidence matrix `o` (K × K). `scratch` has length ≥ K + 1 (the marginals n_c and,
 * for the ordinal distance, their prefix sums). Allocation-free.
 */
export function alphaFromCoincidences(
  o: Float64Array,
  K: number,
  scale: AlphaScale,
  scratch: Float64Array,
): KernelValue {
  // scratch[c + 1] = n_0 + ... + n_c (prefix sums of the marginals), scratch[0] = 0.
  scratch[0] = 0;
  for (let c = 0; c < K; c++) {
    let nc = 0;
    for (let k = 0; k < K; k++) nc += o[c * K + k]!;
    scratch[c + 1] = scratch[c]! + nc;
  }
  const n = scratch[K]!;
  if (n === 0) return "no_pairable_items";
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < K; c++) {
    const nc = scratch[c + 1]! - scratch[c]!;
    for (let k = 0; k < K; k++) {
      if (k === c) continue;
      const nk = scratch[k + 1]! - scratch[k]!;
      const d = distance(scale, c, k, nc, nk, scratch);
      observed += o[c * K + k]! * d;
      expected += nc * nk * d;
    }
  }
  if (expected === 0) return "no_chance_variation";
  return 1 - ((n - 1) * observed) / expected;
}

function distance(
  scale: AlphaScale,
  c: number,
  k: number,
  nc: number,
  nk: number,
  prefix: Float64Array,
): number {
  if (scale === "nominal") return 1;
  if (scale === "interval") return (c - k) * (c - k);
  const lo = Math.min(c, k);
  const hi = Math.max(c, k);
  const between = prefix[hi + 1]! - prefix[lo]! - (nc + nk) / 2;
  return between * between;
}
