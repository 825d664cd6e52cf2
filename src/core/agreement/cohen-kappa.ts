/**
 * Cohen's κ for two raters (J. Cohen, "A coefficient of agreement for nominal scales", Educ.
 * Psychol. Meas. 20(1), 1960) and weighted κ (J. Cohen, Psychol. Bull. 70(4), 1968), on the items
 * both labelled (methods.md §B6): from the joint table o_kl (shares of items rated k by A and l by
 * B) and each rater's own marginals e_kl = p_A(k)·p_B(l), κ_w = 1 − Σ w_kl o_kl / Σ w_kl e_kl with
 * w_kl = [k ≠ l] (none: κ = (p_o − p_e)/(1 − p_e)), |k − l| (linear) or (k − l)² (quadratic) —
 * the weights of scikit-learn's cohen_kappa_score.
 */
import { type AgreementInput, type LabelPatterns, patternsOf } from "./label-patterns.js";
import { type KernelValue, type Statistic, statisticOf } from "./statistic.js";

export type KappaWeights = "none" | "linear" | "quadratic";

export const KAPPA_WEIGHTS: readonly KappaWeights[] = ["none", "linear", "quadratic"];

/**
 * Cohen's κ of raters `raterA` and `raterB` on the items both labelled.
 * @example cohenKappa(table, 0, 1, "none") // r1 = AAABBBAABA, r2 = AABBBBAAAA → 0.583333
 * @throws RangeError on a rater outside the table, raterA = raterB, or unknown weights.
 * Undefined: `no_pairable_items` (no item in common), `no_chance_variation` (Σ w e = 0: both
 * raters used one and the same category). Complexity: O(labels of the patterns + K²).
 */
export function cohenKappa(
  input: AgreementInput,
  raterA: number,
  raterB: number,
  weights: KappaWeights = "none",
): Statistic {
  const patterns = patternsOf(input);
  for (const r of [raterA, raterB]) {
    if (!Number.isInteger(r) || r < 0 || r >= patterns.raterCount) {
      throw new RangeError(`rater ${r} is outside 0..${patterns.raterCount - 1}`);
    }
  }
  if (raterA === raterB) throw new RangeError(`Cohen's κ needs two raters, got ${raterA} twice`);
  checkWeights(weights);
  const K = patterns.categoryCount;
  const joint = new Float64Array(K * K);
  const items = jointCounts(patterns, raterA, raterB, joint);
  const value = kappaKernel(joint, 0, K, weights, new Float64Array(2 * K));
  return statisticOf(
    value,
    items,
    value === "no_pairable_items"
      ? `raters ${raterA} and ${raterB} labelled no item in common`
      : undefined,
  );
}

export function checkWeights(weights: KappaWeights): void {
  if (!KAPPA_WEIGHTS.includes(weights)) {
    throw new RangeError(`weights must be none, linear or quadratic, got ${String(weights)}`);
  }
}

/** Adds the item counts of (A's category, B's category) into `joint` (K × K); returns the items. */
function jointCounts(patterns: LabelPatterns, a: number, b: number, joint: Float64Array): number {
  const { start, rater, category, count } = patterns;
  const K = patterns.categoryCount;
  let items = 0;
  for (let p = 0; p < patterns.patternCount; p++) {
    let ca = -1;
    let cb = -1;
    for (let e = start[p]!; e < start[p + 1]!; e++) {
      if (rater[e] === a) ca = category[e]!;
      else if (rater[e] === b) cb = category[e]!;
    }
    if (ca < 0 || cb < 0) continue;
    joint[ca * K + cb]! += count[p]!;
    items += count[p]!;
  }
  return items;
}

/** Disagreement weight of categories k and l. */
export function kappaWeight(weights: KappaWeights, k: number, l: number): number {
  if (weights === "none") return k === l ? 0 : 1;
  const d = k - l;
  return weights === "linear" ? Math.abs(d) : d * d;
}

/**
 * κ from the joint item counts joint[offset + k·K + l] (A said k, B said l). `scratch` has
 * length ≥ 2K. Allocation-free.
 */
export function kappaKernel(
  joint: Float64Array,
  offset: number,
  K: number,
  weights: KappaWeights,
  scratch: Float64Array,
): KernelValue {
  scratch.fill(0, 0, 2 * K);
  let n = 0;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      const x = joint[offset + k * K + l]!;
      scratch[k]! += x;
      scratch[K + l]! += x;
      n += x;
    }
  }
  if (n === 0) return "no_pairable_items";
  let observed = 0;
  let expected = 0;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      if (k === l) continue;
      const w = kappaWeight(weights, k, l);
      observed += w * joint[offset + k * K + l]!;
      expected += (w * scratch[k]! * scratch[K + l]!) / n;
    }
  }
  if (expected === 0) return "no_chance_variation";
  return 1 - observed / expected;
}

/** Fraction of identical labels in a joint table (0 when it is empty). */
export function jointAgreement(joint: Float64Array, offset: number, K: number): number {
  let n = 0;
  let same = 0;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) n += joint[offset + k * K + l]!;
    same += joint[offset + k * K + k]!;
  }
  return n === 0 ? 0 : same / n;
}
