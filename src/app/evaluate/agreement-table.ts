/**
 * Joined items as the label table of core/agreement: raters are the labellers (or, with
 * `orders: "separate"`, each labeller once per order it was shown, so a judge's agreement with
 * itself across orders is its position consistency), categories are the three verdicts in
 * their ordinal order: b better (0), tie (1), a better (2). A labeller's several labels on an
 * item are combined first (labeller-votes.ts).
 */
import { verdictOf } from "../../core/dataset/comparison.js";
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";
import { combinedPreference, labellersOf, type OrderFilter } from "./labeller-votes.js";

export const VERDICT_CATEGORIES = ["b", "tie", "a"] as const;
const CATEGORY = { b: 0, tie: 1, a: 2 } as const;

export type OrderHandling = "combine" | "separate";

export interface AgreementTable {
  readonly itemCount: number;
  readonly raterCount: number;
  readonly categoryCount: number;
  readonly item: Int32Array;
  readonly rater: Int32Array;
  readonly category: Int32Array;
  readonly raters: readonly string[];
  /** For each table item, the index of its joined item (items nobody labelled are left out). */
  readonly sourceItems: Int32Array;
  /** Labels of no use: every one of a rater's labels on an item was unparsed. */
  readonly unparsed: number;
}

/**
 * The label table of `items`, over `labellers` (default: all, in the order first seen).
 * Items nobody among them labelled are left out.
 */
export function agreementTable(
  items: readonly JoinedItem[],
  options: { labellers?: readonly string[]; orders?: OrderHandling } = {},
): AgreementTable {
  const labellers = options.labellers ?? labellersOf(items);
  const raters: { name: string; labeller: string; order: OrderFilter }[] =
    options.orders === "separate"
      ? labellers.flatMap((labeller) => [
          { name: labeller, labeller, order: "in-order" as const },
          { name: `${labeller} (swapped)`, labeller, order: "swapped" as const },
        ])
      : labellers.map((labeller) => ({ name: labeller, labeller, order: "all" as const }));
  const item: number[] = [];
  const rater: number[] = [];
  const category: number[] = [];
  const used = new Set<number>();
  const sourceItems: number[] = [];
  let itemCount = 0;
  let unparsed = 0;
  for (const [index, joined] of items.entries()) {
    let labelled = false;
    for (const [r, spec] of raters.entries()) {
      const preference = combinedPreference(joined, spec.labeller, spec.order);
      if (preference === null) {
        // Labelled in this order, yet nothing parsed: the labels were all unreadable.
        if (isOrderLabelled(joined, spec)) unparsed++;
        continue;
      }
      item.push(itemCount);
      rater.push(r);
      category.push(CATEGORY[verdictOf(preference)]);
      used.add(r);
      labelled = true;
    }
    if (labelled) {
      sourceItems.push(index);
      itemCount++;
    }
  }
  // Raters with no label at all (a separate order nobody was shown) are dropped.
  const keep = raters.map((_, r) => used.has(r));
  const renumber = new Int32Array(raters.length).fill(-1);
  let next = 0;
  for (let r = 0; r < raters.length; r++) if (keep[r]) renumber[r] = next++;
  return {
    itemCount,
    raterCount: next,
    categoryCount: VERDICT_CATEGORIES.length,
    item: Int32Array.from(item),
    rater: Int32Array.from(rater, (r) => renumber[r]!),
    category: Int32Array.from(category),
    raters: raters.filter((_, r) => keep[r]).map((spec) => spec.name),
    sourceItems: Int32Array.from(sourceItems),
    unparsed,
  };
}

function isOrderLabelled(
  item: JoinedItem,
  spec: { labeller: string; order: OrderFilter },
): boolean {
  return item.labels.some(
    (l) =>
      l.labeller === spec.labeller &&
      (spec.order === "all" || (spec.order === "swapped") === (l.shownSwapped === true)),
  );
}
