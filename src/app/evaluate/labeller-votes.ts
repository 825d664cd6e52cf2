/**
 * One labeller's say on one item, from all the labels it gave it: both orders of a judge that
 * saw the pair twice, repeated votes. Combining is by the mean of the parsed preferences, so two
 * orders that disagree (a, then b) make a tie — MT-Bench's rule for an inconsistent judge — and
 * a win in one order with a tie in the other leans to the win (0.75). Unparsed labels are left
 * out; a labeller whose every label is unparsed has no say.
 */
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";

/** Mean parsed preference of `labeller`'s labels on the item; null when it has none. */
export function combinedPreference(item: JoinedItem, labeller: string): number | null {
  let sum = 0;
  let n = 0;
  for (const label of item.labels) {
    if (label.labeller !== labeller || label.preference === null) continue;
    sum += label.preference;
    n++;
  }
  return n === 0 ? null : sum / n;
}

/** The labellers of the items, in the order first seen. */
export function labellersOf(items: readonly JoinedItem[]): string[] {
  const seen = new Set<string>();
  for (const item of items) for (const label of item.labels) seen.add(label.labeller);
  return [...seen];
}
