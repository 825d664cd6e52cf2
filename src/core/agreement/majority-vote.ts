/**
 * Majority-vote consensus: each labelled item gets its most frequent category. A tie for the top
 * is settled by a stated rule, never silently: "unresolved" leaves the item without a label and
 * lists it; "category:<k>" gives it category k (e.g. the tie category of pairwise preferences,
 * whichever categories tied); "lowest-index" gives it the lowest-numbered tied category.
 */
import { type AgreementInput, type LabelPatterns, patternsOf } from "./label-patterns.js";

export type TieRule = "unresolved" | "lowest-index" | `category:${number}`;

export interface Consensus {
  readonly tieRule: TieRule;
  /** The consensus category of each item; −1 for unlabelled items and unresolved ties. */
  readonly labels: Int32Array;
  /** Items per consensus category. */
  readonly counts: Float64Array;
  /** Items tied for the top under "unresolved" (no label), and their indices, ascending. */
  readonly unresolved: number;
  readonly unresolvedItems: Int32Array;
  /** Tied items given a label by the tie rule. */
  readonly tiesBroken: number;
  /** Items without any label. */
  readonly unlabelled: number;
}

const UNRESOLVED = -1;
const LOWEST = -2;

/**
 * Parses a tie rule: −1 unresolved, −2 lowest index, else the category given.
 * @throws RangeError on an unknown rule or a category outside 0..categoryCount − 1.
 */
export function parseTieRule(rule: TieRule, categoryCount: number): number {
  if (rule === "unresolved") return UNRESOLVED;
  if (rule === "lowest-index") return LOWEST;
  const match = /^category:(\d+)$/.exec(String(rule));
  const k = match ? Number(match[1]) : Number.NaN;
  if (!(k >= 0 && k < categoryCount)) {
    throw new RangeError(
      `tie rule must be "unresolved", "lowest-index" or "category:<k>" with k in 0..${categoryCount - 1}, got ${String(rule)}`,
    );
  }
  return k;
}

/** Consensus category of pattern p: the unique top category, or −1 when the top is tied. */
export function patternMajority(patterns: LabelPatterns, p: number, onTie: number): number {
  const K = patterns.categoryCount;
  let best = -1;
  let top = 0;
  let tied = false;
  for (let c = 0; c < K; c++) {
    const n = patterns.categoryCounts[p * K + c]!;
    if (n > top) {
      top = n;
      best = c;
      tied = false;
    } else if (n === top && n > 0) tied = true;
  }
  if (!tied) return best;
  if (onTie === LOWEST) return best;
  return onTie; // a category, or −1 (unresolved)
}

/**
 * Majority-vote consensus of every item.
 * @example majorityVote(labelTableFromMatrix([[0, 0, 1], [0, 1]]), "unresolved").labels // [0, −1]
 * @throws RangeError on a bad tie rule. Complexity: O(patterns · K + items).
 */
export function majorityVote(input: AgreementInput, tieRule: TieRule = "unresolved"): Consensus {
  const patterns = patternsOf(input);
  const K = patterns.categoryCount;
  const onTie = parseTieRule(tieRule, K);
  const byPattern = new Int32Array(patterns.patternCount);
  const isTie = new Uint8Array(patterns.patternCount);
  for (let p = 0; p < patterns.patternCount; p++) {
    byPattern[p] = patternMajority(patterns, p, onTie);
    isTie[p] = patternMajority(patterns, p, UNRESOLVED) < 0 ? 1 : 0;
  }
  const labels = new Int32Array(patterns.itemCount);
  const counts = new Float64Array(K);
  const unresolvedItems: number[] = [];
  let tiesBroken = 0;
  let unlabelled = 0;
  for (let i = 0; i < patterns.itemCount; i++) {
    const p = patterns.itemPattern[i]!;
    const label = p < 0 ? -1 : byPattern[p]!;
    labels[i] = label;
    if (p < 0) unlabelled++;
    else if (label < 0) unresolvedItems.push(i);
    else {
      counts[label]! += 1;
      if (isTie[p]) tiesBroken++;
    }
  }
  return {
    tieRule,
    labels,
    counts,
    unresolved: unresolvedItems.length,
    unresolvedItems: Int32Array.from(unresolvedItems),
    tiesBroken,
    unlabelled,
  };
}
