/**
 * Cohen's κ for every pair of raters that labelled at least one item in common. The pairs and,
 * per pattern, the (pair, joint cell) of each of its rater pairs are listed once, so the joint
 * tables of all pairs under any item weights (a bootstrap round) cost O(Σ_p m_p(m_p − 1)/2).
 */
import { checkWeights, jointAgreement, type KappaWeights, kappaKernel } from "./cohen-kappa.js";
import { type AgreementInput, type LabelPatterns, patternsOf } from "./label-patterns.js";
import { type Statistic, statisticOf } from "./statistic.js";

export interface RaterPairs {
  readonly pairCount: number;
  /** The raters of pair q, raterA[q] < raterB[q]; pairs ordered by (raterA, raterB). */
  readonly raterA: Int32Array;
  readonly raterB: Int32Array;
  /** Rater pairs of pattern p: entries start[p] .. start[p + 1] − 1. */
  readonly start: Int32Array;
  readonly pair: Int32Array;
  /** The joint cell of the entry: (A's category)·K + (B's category). */
  readonly cell: Int32Array;
}

export interface PairKappa {
  readonly raterA: number;
  readonly raterB: number;
  /** Items both labelled. */
  readonly items: number;
  /** Fraction of those items with identical labels. */
  readonly agreement: number;
  readonly kappa: Statistic;
}

/** The rater pairs of a set of patterns. Complexity: O(Σ_p m_p² + pairs · log pairs). */
export function raterPairs(patterns: LabelPatterns): RaterPairs {
  const { start, rater, category } = patterns;
  const K = patterns.categoryCount;
  const keys = new Map<number, Map<number, number>>();
  let entries = 0;
  for (let p = 0; p < patterns.patternCount; p++) {
    for (let e = start[p]!; e < start[p + 1]!; e++) {
      let row = keys.get(rater[e]!);
      if (!row) keys.set(rater[e]!, (row = new Map()));
      for (let f = e + 1; f < start[p + 1]!; f++) row.set(rater[f]!, 0);
      entries += start[p + 1]! - e - 1;
    }
  }
  const raterA: number[] = [];
  const raterB: number[] = [];
  for (const a of [...keys.keys()].sort((x, y) => x - y)) {
    const row = keys.get(a)!;
    for (const b of [...row.keys()].sort((x, y) => x - y)) {
      row.set(b, raterA.length);
      raterA.push(a);
      raterB.push(b);
    }
  }
  const pairStart = new Int32Array(patterns.patternCount + 1);
  const pair = new Int32Array(entries);
  const cell = new Int32Array(entries);
  let t = 0;
  for (let p = 0; p < patterns.patternCount; p++) {
    for (let e = start[p]!; e < start[p + 1]!; e++) {
      const row = keys.get(rater[e]!)!;
      for (let f = e + 1; f < start[p + 1]!; f++, t++) {
        pair[t] = row.get(rater[f]!)!;
        cell[t] = category[e]! * K + category[f]!;
      }
    }
    pairStart[p + 1] = t;
  }
  return {
    pairCount: raterA.length,
    raterA: Int32Array.from(raterA),
    raterB: Int32Array.from(raterB),
    start: pairStart,
    pair,
    cell,
  };
}

/** Writes the joint tables of all pairs (pair q at q·K²) under item weights (allocation-free). */
export function pairJointCounts(
  pairs: RaterPairs,
  K: number,
  weights: Float64Array,
  out: Float64Array,
): void {
  out.fill(0, 0, pairs.pairCount * K * K);
  const { start, pair, cell } = pairs;
  const K2 = K * K;
  for (let p = 0; p < start.length - 1; p++) {
    const w = weights[p]!;
    if (w === 0) continue;
    for (let t = start[p]!; t < start[p + 1]!; t++) out[pair[t]! * K2 + cell[t]!]! += w;
  }
}

/**
 * Cohen's κ for every pair of raters with an item in common (pairs with none are left out),
 * ordered by (raterA, raterB) with raterA < raterB.
 * @throws RangeError on unknown weights.
 */
export function pairwiseCohen(input: AgreementInput, weights: KappaWeights = "none"): PairKappa[] {
  checkWeights(weights);
  const patterns = patternsOf(input);
  const K = patterns.categoryCount;
  const pairs = raterPairs(patterns);
  const joint = new Float64Array(pairs.pairCount * K * K);
  pairJointCounts(pairs, K, patterns.count, joint);
  const scratch = new Float64Array(2 * K);
  const out: PairKappa[] = [];
  for (let q = 0; q < pairs.pairCount; q++) {
    let items = 0;
    for (let c = 0; c < K * K; c++) items += joint[q * K * K + c]!;
    out.push({
      raterA: pairs.raterA[q]!,
      raterB: pairs.raterB[q]!,
      items,
      agreement: jointAgreement(joint, q * K * K, K),
      kappa: statisticOf(kappaKernel(joint, q * K * K, K, weights, scratch), items),
    });
  }
  return out;
}
