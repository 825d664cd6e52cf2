/**
 * Contradictory preferences: one group of items (the same prompt and the same two responses,
 * or the same prompt and completion) preferred both ways — chosen x over y in one record and y
 * over x in another, or a KTO completion labelled both desirable and undesirable. Repeated
 * judgments are data, so nothing is changed unless a policy is asked for:
 * - "keep": every item is kept (the default; the conflicts are only counted);
 * - "majority": the items of the majority direction are kept, the others left out, and a group
 *   split evenly is left out entirely;
 * - "drop": every item of a conflicting group is left out.
 * A group with items in one direction only never conflicts, however many there are.
 */
import type { DirectionCounts, DirectionPair } from "./direction-counts.js";

export const CONFLICT_POLICIES = ["keep", "majority", "drop"] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** What happens to one item of a group: kept, or why it is left out. */
export type ConflictVerdict = "keep" | "minority" | "even split" | "conflict";

/**
 * The verdict on an item of `direction` in a group with these counts (the whole input's).
 * @example conflictVerdict([3, 1], 1, "majority") // "minority"
 * @throws RangeError when the group holds no item of `direction` (its counts are not the input's).
 */
export function conflictVerdict(
  counts: DirectionPair,
  direction: 0 | 1,
  policy: ConflictPolicy,
): ConflictVerdict {
  const [forward, backward] = counts;
  if (counts[direction] === 0)
    throw new RangeError(`the group holds no item of direction ${direction}`);
  if (policy === "keep" || forward === 0 || backward === 0) return "keep";
  if (policy === "drop") return "conflict";
  if (forward === backward) return "even split";
  return forward > backward === (direction === 0) ? "keep" : "minority";
}

/** Conflicting groups, and the items in them (both directions). Complexity: O(groups). */
export function conflictTotals(counts: DirectionCounts): { groups: number; items: number } {
  let groups = 0;
  let items = 0;
  counts.forEach(([forward, backward]) => {
    if (forward > 0 && backward > 0) {
      groups++;
      items += forward + backward;
    }
  });
  return { groups, items };
}
