/**
 * Whether labellers that labelled no gold item could not have met the gold under `--join auto`:
 * there an item is its id when a comparison has one, else its prompt and answers, so labels
 * without ids (a judge's canonical output names its prompts by content hash, not by the input's
 * question ids) never land on the items of gold that has ids (an arena log's question_id).
 * `prefkit evaluate` then names the flag that joins them, `--join content`, instead of leaving
 * the user with "no gold item".
 */
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";

/**
 * True when every item labelled by one of `unmatched` has no id and some gold-labelled item has
 * one. Time: O(labels).
 * @example idlessAgainstIds(items, ["arena"], ["my-judge"]) // true: ids on one side only
 */
export function idlessAgainstIds(
  items: readonly JoinedItem[],
  gold: readonly string[],
  unmatched: readonly string[],
): boolean {
  if (unmatched.length === 0) return false;
  const judges = new Set(unmatched);
  const golds = new Set(gold);
  let goldWithId = false;
  for (const item of items) {
    for (const label of item.labels) {
      if (judges.has(label.labeller) && item.id !== undefined) return false;
      if (golds.has(label.labeller) && item.id !== undefined) goldWithId = true;
    }
  }
  return goldWithId;
}
