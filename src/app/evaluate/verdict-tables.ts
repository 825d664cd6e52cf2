/**
 * Joined items as the metric tables of core/metrics: one judge's verdicts against gold
 * (`VerdictTable`), a reward model's scores against gold (`RewardModelTable`). Gold is one
 * labeller's combined preference, or the majority verdict of several (e.g. PandaLM's three
 * annotators); an item without gold, or without a majority, is left out and counted.
 */
import { verdictOf } from "../../core/dataset/comparison.js";
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";
import type { RewardModelTable, VerdictTable } from "../../core/metrics/index.js";
import { combinedPreference, meanProbability, onlyUnparsed } from "./labeller-votes.js";

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

const orNaN = (x: number | null | undefined): number => x ?? Number.NaN;

/**
 * The judge's table over the items that have gold and a label from the judge.
 * @returns null when the judge labelled none of the gold items.
 */
export function verdictTable(
  items: readonly JoinedItem[],
  gold: Float64Array,
  judge: string,
): VerdictTable | null {
  const kept = items.filter(
    (item, i) => !Number.isNaN(gold[i]!) && item.labels.some((l) => l.labeller === judge),
  );
  if (kept.length === 0) return null;
  const goldKept = Float64Array.from(
    items.flatMap((item, i) =>
      !Number.isNaN(gold[i]!) && item.labels.some((l) => l.labeller === judge) ? [gold[i]!] : [],
    ),
  );
  const { subset, subsetNames } = subsetsOf(kept);
  const hasLengths = kept.some((i) => i.lengthA !== undefined && i.lengthB !== undefined);
  const hasProbability = kept.some((i) => meanProbability(i, judge) !== null);
  return {
    n: kept.length,
    gold: goldKept,
    subset,
    subsetNames,
    shownInOrder: Float64Array.from(kept, (i) => orNaN(combinedPreference(i, judge, "in-order"))),
    shownSwapped: Float64Array.from(kept, (i) => orNaN(combinedPreference(i, judge, "swapped"))),
    unparsed: Uint8Array.from(
      kept,
      (i) =>
        (onlyUnparsed(i, judge, "in-order") ? 1 : 0) | (onlyUnparsed(i, judge, "swapped") ? 2 : 0),
    ),
    ...(hasLengths
      ? {
          lengthA: Float64Array.from(kept, (i) => orNaN(i.lengthA)),
          lengthB: Float64Array.from(kept, (i) => orNaN(i.lengthB)),
        }
      : {}),
    ...(hasProbability
      ? { probability: Float64Array.from(kept, (i) => orNaN(meanProbability(i, judge))) }
      : {}),
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
