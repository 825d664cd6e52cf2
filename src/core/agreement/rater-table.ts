/**
 * Per-rater quality: labels given; agreement with the leave-that-rater-out majority (on items
 * where the other raters' labels have a unique most frequent category); the agreement expected by
 * chance — the rater's own category shares on those items against the consensus's, Cohen's p_e of
 * rater vs consensus — and the κ between them; Dawid–Skene accuracy Σ_c p_c e_w[c, c].
 *
 * Outlier rule (robust, two tests, on raters with ≥ minItems consensus items):
 * 1. "no_better_than_chance": agreement − chance ≤ 2·sqrt(chance(1 − chance)/n), i.e. the rater
 *    does not beat random labelling with its own category shares by two binomial standard errors
 *    (random and adversarial raters; not tested when chance = 1, all labels in one category);
 * 2. "low_agreement": with ≥ 5 such raters, agreement < median − 3·1.4826·MAD of their
 *    agreements (MAD > 0) — far below the other raters, though above chance.
 */
import type { DawidSkeneFit } from "./dawid-skene.js";
import { type AgreementInput, patternsOf } from "./label-patterns.js";

export type OutlierFlag = "no_better_than_chance" | "low_agreement";

export interface RaterRow {
  readonly rater: number;
  readonly labels: number;
  /** Items this rater labelled on which the others' labels have a unique majority. */
  readonly consensusItems: number;
  /** Share of those items where the rater gave the others' majority (null when none). */
  readonly consensusAgreement: number | null;
  /** Agreement expected from the rater's own category shares (null when no consensus item). */
  readonly chanceAgreement: number | null;
  /** (agreement − chance)/(1 − chance); null when undefined (chance = 1 or no item). */
  readonly consensusKappa: number | null;
  /** Σ_c p_c e_w[c, c] from the Dawid–Skene fit; null without a fit or without labels. */
  readonly dsAccuracy: number | null;
  readonly outlier: OutlierFlag | null;
}

/**
 * The per-rater table.
 * @example raterTable(table, dawidSkeneFit).filter((row) => row.outlier !== null)
 * @throws RangeError when minItems is not an integer ≥ 1. Complexity: O(Σ_patterns labels · K).
 */
export function raterTable(
  input: AgreementInput,
  fit?: DawidSkeneFit,
  options: { readonly minItems?: number } = {},
): RaterRow[] {
  const minItems = options.minItems ?? 10;
  if (!(Number.isInteger(minItems) && minItems >= 1)) {
    throw new RangeError(`minItems must be an integer ≥ 1, got ${minItems}`);
  }
  const patterns = patternsOf(input);
  const K = patterns.categoryCount;
  const R = patterns.raterCount;
  const labels = new Float64Array(R);
  const items = new Float64Array(R);
  const hits = new Float64Array(R);
  const own = new Float64Array(R * K); // the rater's categories on consensus items
  const majority = new Float64Array(R * K); // the consensus categories on those items
  const { start, rater, category, categoryCounts, count } = patterns;
  for (let p = 0; p < patterns.patternCount; p++) {
    for (let t = start[p]!; t < start[p + 1]!; t++) {
      const w = rater[t]!;
      const k = category[t]!;
      labels[w]! += count[p]!;
      let best = -1;
      let top = 0;
      let tied = false;
      for (let c = 0; c < K; c++) {
        const n = categoryCounts[p * K + c]! - (c === k ? 1 : 0);
        if (n > top) {
          best = c;
          top = n;
          tied = false;
        } else if (n === top && n > 0) tied = true;
      }
      if (best < 0 || tied) continue;
      items[w]! += count[p]!;
      if (best === k) hits[w]! += count[p]!;
      own[w * K + k]! += count[p]!;
      majority[w * K + best]! += count[p]!;
    }
  }
  const rows = Array.from({ length: R }, (_, w) => {
    const n = items[w]!;
    let chance = 0;
    for (let c = 0; c < K; c++) chance += (own[w * K + c]! * majority[w * K + c]!) / (n * n);
    const agreement = n > 0 ? hits[w]! / n : null;
    let dsAccuracy: number | null = null;
    if (fit && labels[w]! > 0) {
      dsAccuracy = 0;
      for (let c = 0; c < K; c++)
        dsAccuracy += fit.priors[c]! * fit.confusion[(w * K + c) * K + c]!;
    }
    return {
      rater: w,
      labels: labels[w]!,
      consensusItems: n,
      consensusAgreement: agreement,
      chanceAgreement: n > 0 ? chance : null,
      consensusKappa: agreement !== null && chance < 1 ? (agreement - chance) / (1 - chance) : null,
      dsAccuracy,
      outlier: null as OutlierFlag | null,
    };
  });
  flagOutliers(rows, minItems);
  return rows;
}

function flagOutliers(
  rows: { -readonly [K in keyof RaterRow]: RaterRow[K] }[],
  minItems: number,
): void {
  const judged = rows.filter((row) => row.consensusItems >= minItems);
  for (const row of judged) {
    const chance = row.chanceAgreement!;
    if (chance >= 1) continue; // one category everywhere: nothing to tell raters apart
    const se = Math.sqrt((chance * (1 - chance)) / row.consensusItems);
    if (row.consensusAgreement! - chance <= 2 * se) row.outlier = "no_better_than_chance";
  }
  if (judged.length < 5) return;
  const agreements = judged.map((row) => row.consensusAgreement!);
  const median = medianOf(agreements);
  const spread = 1.4826 * medianOf(agreements.map((x) => Math.abs(x - median)));
  if (spread === 0) return;
  for (const row of judged) {
    if (row.outlier === null && row.consensusAgreement! < median - 3 * spread) {
      row.outlier = "low_agreement";
    }
  }
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
