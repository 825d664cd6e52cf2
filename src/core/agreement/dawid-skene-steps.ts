/**
 * The steps of Dawid–Skene EM as Toloka/crowd-kit's DawidSkene and OneCoinDawidSkene take them
 * (crowdkit/aggregation/classification/dawid_skene.py; methods.md §A8), on label patterns: every
 * item of a pattern has the same posterior, so sums over items are sums over patterns weighted by
 * their item counts. Layout: q[p·K + c] posterior of pattern p; e[(w·K + k)·K + c] = P(rater w
 * says k | truth c).
 */
import type { LabelPatterns } from "./label-patterns.js";

/** crowd-kit's _EPS: M-step sums are clipped below at 1e-10 (one-coin: into [1e-10, 1 − 1e-10]). */
export const CLIP = 1e-10;

/** Majority-vote shares: q_p(c) = n_pc / m_p (crowd-kit's MajorityVote.fit_predict_proba). */
export function voteShares(patterns: LabelPatterns, q: Float64Array): void {
  const K = patterns.categoryCount;
  for (let p = 0; p < patterns.patternCount; p++) {
    const m = patterns.start[p + 1]! - patterns.start[p]!;
    for (let c = 0; c < K; c++) q[p * K + c] = patterns.categoryCounts[p * K + c]! / m;
  }
}

/** p_c = mean over labelled items of q(c). */
export function meanPosterior(
  patterns: LabelPatterns,
  q: Float64Array,
  priors: Float64Array,
): void {
  const K = patterns.categoryCount;
  priors.fill(0);
  for (let p = 0; p < patterns.patternCount; p++) {
    for (let c = 0; c < K; c++) priors[c]! += patterns.count[p]! * q[p * K + c]!;
  }
  for (let c = 0; c < K; c++) priors[c]! /= patterns.labelledItems;
}

/**
 * Full M-step: e_w[k, c] ∝ Σ_{items j rater w labelled k} q_j(c), clipped below at CLIP, then
 * normalised over k. crowd-kit's sums have rows only for the categories a rater used: the other
 * rows are 0 here (they never enter the likelihood). `used[w·K + k]` counts w's labels k.
 */
export function fullMStep(
  patterns: LabelPatterns,
  q: Float64Array,
  used: Float64Array,
  e: Float64Array,
): void {
  const K = patterns.categoryCount;
  const { start, rater, category, count } = patterns;
  e.fill(0);
  for (let p = 0; p < patterns.patternCount; p++) {
    for (let t = start[p]!; t < start[p + 1]!; t++) {
      const row = (rater[t]! * K + category[t]!) * K;
      for (let c = 0; c < K; c++) e[row + c]! += count[p]! * q[p * K + c]!;
    }
  }
  for (let w = 0; w < patterns.raterCount; w++) {
    for (let c = 0; c < K; c++) {
      let total = 0;
      for (let k = 0; k < K; k++) {
        const at = (w * K + k) * K + c;
        if (used[w * K + k]! > 0) e[at] = Math.max(e[at]!, CLIP);
        total += e[at]!;
      }
      if (total > 0) for (let k = 0; k < K; k++) e[(w * K + k) * K + c]! /= total;
    }
  }
}

/**
 * One-coin M-step: skill s_w = mean over w's labels of q_j(y_wj); e_w[k, c] = s_w if k = c, else
 * (1 − s_w)/(K − 1), clipped into [CLIP, 1 − CLIP]. K is the table's category count (crowd-kit
 * uses the number of categories present in the data; they agree when every category is used).
 * A rater without labels gets an all-zero matrix.
 */
export function oneCoinMStep(
  patterns: LabelPatterns,
  q: Float64Array,
  labels: Float64Array,
  e: Float64Array,
): void {
  const K = patterns.categoryCount;
  const { start, rater, category, count } = patterns;
  const R = patterns.raterCount;
  const skill = new Float64Array(R);
  for (let p = 0; p < patterns.patternCount; p++) {
    for (let t = start[p]!; t < start[p + 1]!; t++) {
      skill[rater[t]!]! += count[p]! * q[p * K + category[t]!]!;
    }
  }
  for (let w = 0; w < R; w++) {
    const s = labels[w]! > 0 ? skill[w]! / labels[w]! : 0;
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < K; c++) {
        const v = k === c ? s : (1 - s) / (K - 1);
        e[(w * K + k) * K + c] = labels[w]! > 0 ? Math.min(Math.max(v, CLIP), 1 - CLIP) : 0;
      }
    }
  }
}

/**
 * E-step: log q_j(c) = log p_c + Σ_{labels of j} log e_w[y_wj, c], normalised after subtracting the
 * row maximum. A category with prior 0 gets posterior 0.
 */
export function eStep(
  patterns: LabelPatterns,
  priors: Float64Array,
  logE: Float64Array,
  q: Float64Array,
): void {
  const K = patterns.categoryCount;
  const { start, rater, category } = patterns;
  for (let p = 0; p < patterns.patternCount; p++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < K; c++) {
      let l = Math.log(priors[c]!);
      for (let t = start[p]!; t < start[p + 1]!; t++) {
        l += logE[(rater[t]! * K + category[t]!) * K + c]!;
      }
      q[p * K + c] = l;
      if (l > max) max = l;
    }
    let total = 0;
    for (let c = 0; c < K; c++) total += q[p * K + c] = Math.exp(q[p * K + c]! - max);
    for (let c = 0; c < K; c++) q[p * K + c]! /= total;
  }
}

/**
 * crowd-kit's _evidence_lower_bound divided by the number of labels: Σ over labels (j, w) of
 * Σ_c q_j(c)(log e_w[y_wj, c] + log p_c) — the prior term counted once per label, as crowd-kit
 * adds log p to every label's row — plus the entropy Σ_j −Σ_c q_j(c) log q_j(c); terms with
 * q_j(c) = 0 are 0 (pandas skips their NaN).
 */
export function evidenceLowerBound(
  patterns: LabelPatterns,
  q: Float64Array,
  priors: Float64Array,
  logE: Float64Array,
): number {
  const K = patterns.categoryCount;
  const { start, rater, category, count } = patterns;
  let total = 0;
  for (let p = 0; p < patterns.patternCount; p++) {
    let sum = 0;
    for (let c = 0; c < K; c++) {
      const qc = q[p * K + c]!;
      if (qc === 0) continue;
      const logPrior = Math.log(priors[c]!);
      for (let t = start[p]!; t < start[p + 1]!; t++) {
        sum += qc * (logE[(rater[t]! * K + category[t]!) * K + c]! + logPrior);
      }
      sum -= qc * Math.log(qc);
    }
    total += count[p]! * sum;
  }
  return total / patterns.labelCount;
}
