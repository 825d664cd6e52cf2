/**
 * The input of every agreement statistic: a sparse items × raters table of categorical labels,
 * one entry per label (coordinate format, typed arrays). Categories are 0..categoryCount − 1 in
 * their ordinal order (ordinal α and weighted κ read that order). A rater labels an item at most
 * once: repeated labels must be resolved by the caller (keep the last, or drop the rater for that
 * item), because which one counts is a decision about the data, not about agreement.
 */
import { type ItemIndex, itemIndex } from "./item-index.js";

export interface LabelTable {
  readonly itemCount: number;
  readonly raterCount: number;
  /** Categories are 0..categoryCount − 1, in their ordinal order (for ordinal α / weighted κ). */
  readonly categoryCount: number;
  /** One entry per label: the item labelled, the rater who labelled it, the category given. */
  readonly item: Int32Array;
  readonly rater: Int32Array;
  readonly category: Int32Array;
}

/** Largest item, rater or category count: indices are Int32. */
const MAX_COUNT = 2 ** 31 - 1;

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > MAX_COUNT) {
    throw new RangeError(`${name} must be an integer in [${min}, 2^31 − 1], got ${value}`);
  }
}

/**
 * Checks a label table and returns it (the arrays are not copied: do not change them after).
 * Items and raters without labels are allowed (they count in `itemCount` / `raterCount` and are
 * reported as unlabelled).
 *
 * @example
 * // Two raters, three items, categories 0/1: rater 1 did not label item 2.
 * labelTable({ itemCount: 3, raterCount: 2, categoryCount: 2,
 *   item: Int32Array.of(0, 0, 1, 1, 2), rater: Int32Array.of(0, 1, 0, 1, 0),
 *   category: Int32Array.of(1, 1, 0, 1, 0) });
 * @throws RangeError when a count is not a non-negative integer (categoryCount ≥ 1), the arrays
 * differ in length, an index is out of range, or a rater labelled an item twice (the message
 * names the item and the rater).
 * Complexity: O(labels + items + raters).
 */
export function labelTable(table: LabelTable): LabelTable {
  checkedItemIndex(table);
  return table;
}

/** Validates `table` as `labelTable` does and returns its labels grouped by item. */
export function checkedItemIndex(table: LabelTable): ItemIndex {
  checkCount("itemCount", table.itemCount, 0);
  checkCount("raterCount", table.raterCount, 0);
  checkCount("categoryCount", table.categoryCount, 1);
  const { item, rater, category } = table;
  if (rater.length !== item.length || category.length !== item.length) {
    throw new RangeError(
      `item, rater and category must have one entry per label, got lengths ${item.length}, ${rater.length}, ${category.length}`,
    );
  }
  checkIndices("item", item, table.itemCount);
  checkIndices("rater", rater, table.raterCount);
  checkIndices("category", category, table.categoryCount);
  return itemIndex(table); // throws on a repeated (item, rater)
}

function checkIndices(name: string, values: Int32Array, count: number): void {
  for (let t = 0; t < values.length; t++) {
    const v = values[t]!;
    if (v < 0 || v >= count) {
      throw new RangeError(`${name}[${t}] = ${v} is outside 0..${count - 1}`);
    }
  }
}

/**
 * A label table from a dense matrix: `matrix[item][rater]` is a category or null (no label).
 * Rows may be shorter than the number of raters (the missing raters did not label the item).
 * `categoryCount` defaults to 1 + the largest category used.
 *
 * @example labelTableFromMatrix([[0, 0], [1, null], [1, 0]]) // 3 items, 2 raters, 2 categories
 * @throws RangeError on a category that is not an integer ≥ 0 or not below `categoryCount`.
 */
export function labelTableFromMatrix(
  matrix: readonly (readonly (number | null)[])[],
  categoryCount?: number,
): LabelTable {
  const item: number[] = [];
  const rater: number[] = [];
  const category: number[] = [];
  let raterCount = 0;
  let maxCategory = -1;
  matrix.forEach((row, i) => {
    raterCount = Math.max(raterCount, row.length);
    row.forEach((c, r) => {
      if (c === null) return;
      if (!Number.isInteger(c) || c < 0) {
        throw new RangeError(`matrix[${i}][${r}] = ${c} is not a category (an integer ≥ 0)`);
      }
      item.push(i);
      rater.push(r);
      category.push(c);
      maxCategory = Math.max(maxCategory, c);
    });
  });
  return labelTable({
    itemCount: matrix.length,
    raterCount,
    categoryCount: categoryCount ?? Math.max(1, maxCategory + 1),
    item: Int32Array.from(item),
    rater: Int32Array.from(rater),
    category: Int32Array.from(category),
  });
}
