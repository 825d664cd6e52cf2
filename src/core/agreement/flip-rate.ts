/**
 * Label-flip rate ε of binary preference labels, the noise level that conservative DPO (label
 * smoothing) and robust DPO take as a parameter (methods.md §C3, §C4), estimated from a fitted
 * Dawid–Skene model. With decisive categories {a, b} (both categories of a binary table, or the two
 * that are not the tie category of a three-category one), rater w's flip rate is the probability
 * that a label of w is the opposite decisive category, given that the truth and the label are
 * both decisive:
 *   ε_w = Σ_{c∈{a,b}} p_c e_w[c̄, c] / Σ_{c∈{a,b}} p_c (e_w[a, c] + e_w[b, c]),   c̄ the other one,
 * with the model's priors p and confusion matrices e_w. Items whose truth is a tie, and tie labels,
 * are left out: they are not flipped preferences. The overall rate weights each rater's ε_w by the
 * number of decisive labels it gave — the flip probability of a decisive label drawn at random
 * from the data, the labels a preference data set is built from.
 */
import type { DawidSkeneFit } from "./dawid-skene.js";
import { type AgreementInput, patternsOf } from "./label-patterns.js";

export interface RaterFlipRate {
  readonly rater: number;
  /** Labels of this rater in a decisive category. */
  readonly decisiveLabels: number;
  /** ε_w; null when the rater gave no decisive label or the decisive priors are 0. */
  readonly flipRate: number | null;
}

export type FlipRates =
  | {
      readonly ok: true;
      /** The two decisive categories, ascending. */
      readonly decisive: readonly [number, number];
      /** Σ_w n_w ε_w / Σ_w n_w over raters with ε_w defined, n_w their decisive labels. */
      readonly overall: number;
      readonly decisiveLabels: number;
      readonly raters: readonly RaterFlipRate[];
    }
  | {
      readonly ok: false;
      readonly reason: "not_binary" | "no_decisive_labels";
      readonly message: string;
    };

/**
 * Flip rates from a Dawid–Skene fit of `input` (the same table or patterns it was fitted on).
 * @example flipRates(fit, table, 1) // categories 0 = b better, 1 = tie, 2 = a better
 * @throws RangeError when tieCategory is not an integer in 0..K − 1 or the fit does not match.
 * Complexity: O(labels of the patterns + raters).
 */
export function flipRates(
  fit: DawidSkeneFit,
  input: AgreementInput,
  tieCategory?: number,
): FlipRates {
  const patterns = patternsOf(input);
  const K = patterns.categoryCount;
  if (fit.categoryCount !== K || fit.confusion.length !== patterns.raterCount * K * K) {
    throw new RangeError("the Dawid–Skene fit does not match the table (categories or raters)");
  }
  if (
    tieCategory !== undefined &&
    !(Number.isInteger(tieCategory) && tieCategory >= 0 && tieCategory < K)
  ) {
    throw new RangeError(`tieCategory must be an integer in 0..${K - 1}, got ${tieCategory}`);
  }
  const decisive = [...Array(K).keys()].filter((c) => c !== tieCategory);
  if (decisive.length !== 2) {
    return {
      ok: false,
      reason: "not_binary",
      message: `flip rates need two decisive categories (2 categories, or 3 with a tie category); got ${K} categories${tieCategory === undefined ? "" : ` with tie category ${tieCategory}`}`,
    };
  }
  const [a, b] = decisive as [number, number];
  const counts = new Float64Array(patterns.raterCount);
  for (let p = 0; p < patterns.patternCount; p++) {
    for (let t = patterns.start[p]!; t < patterns.start[p + 1]!; t++) {
      const k = patterns.category[t]!;
      if (k === a || k === b) counts[patterns.rater[t]!]! += patterns.count[p]!;
    }
  }
  const raters: RaterFlipRate[] = [];
  let weighted = 0;
  let total = 0;
  for (let w = 0; w < patterns.raterCount; w++) {
    const e = (k: number, c: number) => fit.confusion[(w * K + k) * K + c]!;
    const flipped = fit.priors[a]! * e(b, a) + fit.priors[b]! * e(a, b);
    const decisiveMass =
      fit.priors[a]! * (e(a, a) + e(b, a)) + fit.priors[b]! * (e(a, b) + e(b, b));
    const flipRate = counts[w]! > 0 && decisiveMass > 0 ? flipped / decisiveMass : null;
    raters.push({ rater: w, decisiveLabels: counts[w]!, flipRate });
    if (flipRate !== null) {
      weighted += counts[w]! * flipRate;
      total += counts[w]!;
    }
  }
  if (total === 0) {
    return { ok: false, reason: "no_decisive_labels", message: "no rater gave a decisive label" };
  }
  return { ok: true, decisive: [a, b], overall: weighted / total, decisiveLabels: total, raters };
}
