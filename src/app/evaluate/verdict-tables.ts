/**
 * Joined items as the metric tables of core/metrics: one judge's verdicts against gold
 * (`VerdictTable`), a reward model's scores against gold (`RewardModelTable`). Gold is one
 * labeller's combined preference, or the majority verdict of several (e.g. PandaLM's three
 * annotators); an item without gold, or without a majority, is left out and counted.
 */
import { verdictOf } from "../../core/dataset/comparison.js";
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";
import type { RewardModelTable, VerdictTable } from "../../core/metrics/index.js";
import { combinedPreference } from "./labeller-votes.js";

export interface GoldCounts {
  /** Items with a gold label. */
  readonly gold: number;
  /** Items where the gold labellers gave labels but no verdict had a majority. */
  readonly noMajority: number;
  /** Items with no (parsed) gold label at all. */
  readonly noGold: number;
}

/** Gold preference per item (NaN: none), from one labeller or the majority of several. */
export function goldPreferences(
  items: readonly JoinedItem[],
  goldLabellers: readonly string[],
): { preference: Float64Array; counts: GoldCounts } {
  const preference = new Float64Array(items.length).fill(Number.NaN);
  let gold = 0;
  let noMajority = 0;
  for (const [i, item] of items.entries()) {
    const votes = goldLabellers
      .map((g) => combinedPreference(item, g))
      .filter((p): p is number => p !== null);
    if (votes.length === 0) continue;
    if (votes.length === 1) {
      preference[i] = votes[0]!;
      gold++;
      continue;
    }
    const tally = { a: 0, b: 0, tie: 0 };
    for (const v of votes) tally[verdictOf(v)]++;
    const top = Math.max(tally.a, tally.b, tally.tie);
    const winners = (["a", "b", "tie"] as const).filter((k) => tally[k] === top);
    if (winners.length !== 1 || 2 * top <= votes.length) {
      noMajority++;
      continue;
    }
    preference[i] = winners[0] === "a" ? 1 : winners[0] === "b" ? 0 : 0.5;
    gold++;
  }
  return { preference, counts: { gold, noMajority, noGold: items.length - gold - noMajority } };
}

interface Subsets {
  readonly subset: Int32Array;
  readonly subsetNames: string[];
}

function subsetsOf(items: readonly JoinedItem[]): Subsets {
  const names = new Map<string, number>();
  const subset = Int32Array.from(items, (item) => {
    if (item.subset === undefined) return -1;
    let k = names.get(item.subset);
    if (k === undefined) names.set(item.subset, (k = names.size));
    return k;
  });
  return { subset, subsetNames: [...names.keys()] };
}

/**
 * The judge's table over the items that have gold and a label from the judge: one pass over
 * each item's labels (a million labels make a table in well under a second).
 * @returns null when the judge labelled none of the gold items.
 */
export function verdictTable(
  items: readonly JoinedItem[],
  gold: Float64Array,
  judge: string,
): VerdictTable | null {
  const n = items.length;
  const goldKept = new Float64Array(n);
  const subset = new Int32Array(n);
  const shownInOrder = new Float64Array(n);
  const shownSwapped = new Float64Array(n);
  const unparsed = new Uint8Array(n);
  const lengthA = new Float64Array(n);
  const lengthB = new Float64Array(n);
  const probability = new Float64Array(n);
  const subsetNames = new Map<string, number>();
  let hasLengths = false;
  let hasProbability = false;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(gold[i]!)) continue;
    const item = items[i]!;
    // Sums and counts per order: [in order, swapped].
    let sumIn = 0;
    let nIn = 0;
    let seenIn = false;
    let sumSw = 0;
    let nSw = 0;
    let seenSw = false;
    let sumP = 0;
    let nP = 0;
    for (const label of item.labels) {
      if (label.labeller !== judge) continue;
      const swapped = label.shownSwapped === true;
      if (swapped) seenSw = true;
      else seenIn = true;
      if (label.probability !== undefined) {
        sumP += label.probability;
        nP++;
      }
      if (label.preference === null) continue;
      if (swapped) {
        sumSw += label.preference;
        nSw++;
      } else {
        sumIn += label.preference;
        nIn++;
      }
    }
    if (!seenIn && !seenSw) continue;
    goldKept[k] = gold[i]!;
    let s = -1;
    if (item.subset !== undefined) {
      s = subsetNames.get(item.subset) ?? -1;
      if (s < 0) subsetNames.set(item.subset, (s = subsetNames.size));
    }
    subset[k] = s;
    shownInOrder[k] = nIn > 0 ? sumIn / nIn : Number.NaN;
    shownSwapped[k] = nSw > 0 ? sumSw / nSw : Number.NaN;
    unparsed[k] = (seenIn && nIn === 0 ? 1 : 0) | (seenSw && nSw === 0 ? 2 : 0);
    if (item.lengthA !== undefined && item.lengthB !== undefined) hasLengths = true;
    lengthA[k] = item.lengthA ?? Number.NaN;
    lengthB[k] = item.lengthB ?? Number.NaN;
    if (nP > 0) hasProbability = true;
    probability[k] = nP > 0 ? sumP / nP : Number.NaN;
    k++;
  }
  if (k === 0) return null;
  return {
    n: k,
    gold: goldKept.slice(0, k),
    subset: subset.slice(0, k),
    subsetNames: [...subsetNames.keys()],
    shownInOrder: shownInOrder.slice(0, k),
    shownSwapped: shownSwapped.slice(0, k),
    unparsed: unparsed.slice(0, k),
    ...(hasLengths ? { lengthA: lengthA.slice(0, k), lengthB: lengthB.slice(0, k) } : {}),
    ...(hasProbability ? { probability: probability.slice(0, k) } : {}),
  };
}

/** A reward model's scores (the mean of its scored labels) on the items with gold. */
export function rewardModelTable(
  items: readonly JoinedItem[],
  gold: Float64Array,
  model: string,
): RewardModelTable | null {
  const rows: { item: JoinedItem; gold: number; a: number; b: number }[] = [];
  for (const [i, item] of items.entries()) {
    if (Number.isNaN(gold[i]!)) continue;
    let a = 0;
    let b = 0;
    let n = 0;
    for (const label of item.labels) {
      if (label.labeller !== model || !label.scores) continue;
      a += label.scores[0];
      b += label.scores[1];
      n++;
    }
    if (n > 0) rows.push({ item, gold: gold[i]!, a: a / n, b: b / n });
  }
  if (rows.length === 0) return null;
  const { subset, subsetNames } = subsetsOf(rows.map((r) => r.item));
  return {
    scoreA: Float64Array.from(rows, (r) => r.a),
    scoreB: Float64Array.from(rows, (r) => r.b),
    gold: Float64Array.from(rows, (r) => r.gold),
    subset,
    subsetNames,
  };
}

/** True when every label of `labeller` carries scores: a reward model, not a judge. */
export const isRewardModel = (items: readonly JoinedItem[], labeller: string): boolean => {
  let any = false;
  for (const item of items)
    for (const label of item.labels) {
      if (label.labeller !== labeller) continue;
      if (!label.scores) return false;
      any = true;
    }
  return any;
};
