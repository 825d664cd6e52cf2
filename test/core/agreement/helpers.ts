/** Shared builders for the agreement tests. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type LabelTable, labelTable } from "../../../src/core/agreement/label-table.js";

/** A table from parallel arrays of (item, rater, category). */
export function tableOf(
  counts: { items: number; raters: number; categories: number },
  item: readonly number[],
  rater: readonly number[],
  category: readonly number[],
): LabelTable {
  return labelTable({
    itemCount: counts.items,
    raterCount: counts.raters,
    categoryCount: counts.categories,
    item: Int32Array.from(item),
    rater: Int32Array.from(rater),
    category: Int32Array.from(category),
  });
}

/**
 * A table from per-item value counts (rows n_ic): item i gets n_ic labels of category c from
 * distinct raters 0, 1, … in category order.
 */
export function tableFromValueCounts(rows: readonly (readonly number[])[]): LabelTable {
  const item: number[] = [];
  const rater: number[] = [];
  const category: number[] = [];
  let raters = 0;
  rows.forEach((row, i) => {
    let r = 0;
    row.forEach((n, c) => {
      for (let k = 0; k < n; k++) {
        item.push(i);
        rater.push(r++);
        category.push(c);
      }
    });
    raters = Math.max(raters, r);
  });
  return tableOf(
    { items: rows.length, raters, categories: rows[0]?.length ?? 1 },
    item,
    rater,
    category,
  );
}

export function readReference<T>(name: string): T {
  const path = fileURLToPath(new URL(`../../fixtures/reference/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let t = 0; t < a.length; t++) max = Math.max(max, Math.abs(a[t]! - b[t]!));
  return max;
}
