/**
 * Joined items as the label table of core/agreement: raters are the labellers (or, with
 * `orders: "separate"`, each labeller once per order it was shown, so a judge's agreement with
 * itself across orders is its position consistency), categories are the three verdicts in
 * their ordinal order: b better (0), tie (1), a better (2). A labeller's several labels on an
 * item are combined first (labeller-votes.ts).
 */
import { verdictOf } from "../../core/dataset/comparison.js";
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";
import { labellersOf } from "./labeller-votes.js";

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
  const raters: { name: string; labeller: string; order: "all" | "in-order" | "swapped" }[] =
    options.orders === "separate"
      ? labellers.flatMap((labeller) => [
          { name: labeller, labeller, order: "in-order" as const },
          { name: `${labeller} (swapped)`, labeller, order: "swapped" as const },
        ])
      : labellers.map((labeller) => ({ name: labeller, labeller, order: "all" as const }));
  // One pass over each item's labels into per-rater sums (a rater: a labeller, or a labeller
  // in one order): the mean parsed preference is labeller-votes.ts's combined preference.
  const raterOf = new Map<string, number>();
  for (const [r, spec] of raters.entries())
    raterOf.set(spec.order === "swapped" ? `${spec.labeller}\u0000swapped` : spec.labeller, r);
  const separate = options.orders === "separate";
  const sum = new Float64Array(raters.length);
  const parsed = new Int32Array(raters.length);
  const seen = new Uint8Array(raters.length);
  const touched: number[] = [];
  let item = new Int32Array(1024);
  let rater = new Int32Array(1024);
  let category = new Int32Array(1024);
  let labels = 0;
  const used = new Uint8Array(raters.length);
  const sourceItems: number[] = [];
  let itemCount = 0;
  let unparsed = 0;
  for (const [index, joined] of items.entries()) {
    for (const label of joined.labels) {
      const r = raterOf.get(
        separate && label.shownSwapped === true ? `${label.labeller}\u0000swapped` : label.labeller,
      );
      if (r === undefined) continue;
      if (seen[r] === 0) {
        seen[r] = 1;
        touched.push(r);
      }
      if (label.preference === null) continue;
      sum[r]! += label.preference;
      parsed[r]! += 1;
    }
    touched.sort((x, y) => x - y);
    let labelled = false;
    for (const r of touched) {
      if (parsed[r] === 0)
        unparsed++; // labelled, yet every label unreadable
      else {
        if (labels === item.length) {
          item = grow(item);
          rater = grow(rater);
          category = grow(category);
        }
        item[labels] = itemCount;
        rater[labels] = r;
        category[labels] = CATEGORY[verdictOf(sum[r]! / parsed[r]!)];
        labels++;
        used[r] = 1;
        labelled = true;
      }
      sum[r] = 0;
      parsed[r] = 0;
      seen[r] = 0;
    }
    touched.length = 0;
    if (labelled) {
      sourceItems.push(index);
      itemCount++;
    }
  }
  // Raters with no label at all (a separate order nobody was shown) are dropped.
  const keep = raters.map((_, r) => used[r] === 1);
  const renumber = new Int32Array(raters.length).fill(-1);
  let next = 0;
  for (let r = 0; r < raters.length; r++) if (keep[r]) renumber[r] = next++;
  return {
    itemCount,
    raterCount: next,
    categoryCount: VERDICT_CATEGORIES.length,
    item: item.slice(0, labels),
    rater: rater.slice(0, labels).map((r) => renumber[r]!),
    category: category.slice(0, labels),
    raters: raters.filter((_, r) => keep[r]).map((spec) => spec.name),
    sourceItems: Int32Array.from(sourceItems),
    unparsed,
  };
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}
