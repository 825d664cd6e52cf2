/**
 * The labels of a table grouped by item and, within an item, ordered by rater: two stable
 * counting sorts (by rater, then by item), O(labels + items + raters) whatever the input order;
 * labels already in (item, rater) order (as readers and simulateLabels give them) skip the sorts.
 * A repeated (item, rater) shows up as two neighbours with the same rater.
 */
/** The parts of a label table this needs (label-table.ts imports this file, not the reverse). */
interface Labels {
  readonly itemCount: number;
  readonly raterCount: number;
  readonly item: Int32Array;
  readonly rater: Int32Array;
  readonly category: Int32Array;
}

export interface ItemIndex {
  /** Labels of item i are order[start[i]] .. order[start[i + 1] − 1], by increasing rater. */
  readonly start: Int32Array;
  /** Label positions (indices into the table's arrays). */
  readonly order: Int32Array;
}

/**
 * Groups the labels by item (indices must already be in range).
 * @throws RangeError when a rater labelled an item more than once.
 */
export function itemIndex(table: Labels): ItemIndex {
  const { item, rater, category } = table;
  const n = item.length;
  const start = new Int32Array(table.itemCount + 1);
  let order: Int32Array;
  if (isSorted(item, rater)) {
    order = identity(n);
    for (let t = 0; t < n; t++) start[item[t]! + 1]!++;
    for (let i = 0; i < table.itemCount; i++) start[i + 1]! += start[i]!;
  } else {
    order = countingSort(
      item,
      table.itemCount,
      countingSort(rater, table.raterCount, identity(n)),
      start,
    );
  }
  for (let i = 0; i < table.itemCount; i++) {
    for (let t = start[i]! + 1; t < start[i + 1]!; t++) {
      const now = order[t]!;
      const before = order[t - 1]!;
      if (rater[now] === rater[before]) {
        throw new RangeError(
          `rater ${rater[now]} labelled item ${i} more than once (categories ${category[before]} and ${category[now]}); resolve repeated labels before building the table`,
        );
      }
    }
  }
  return { start, order };
}

/** Whether labels are in non-decreasing (item, rater) order (equal pairs are duplicates). */
function isSorted(item: Int32Array, rater: Int32Array): boolean {
  for (let t = 1; t < item.length; t++) {
    const di = item[t]! - item[t - 1]!;
    if (di < 0 || (di === 0 && rater[t]! < rater[t - 1]!)) return false;
  }
  return true;
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) out[t] = t;
  return out;
}

/**
 * Stable counting sort of the positions `input` by key[position] in 0..keyCount − 1. When given,
 * `start` (length keyCount + 1) receives the offset of each key's run.
 */
function countingSort(
  key: Int32Array,
  keyCount: number,
  input: Int32Array,
  start: Int32Array = new Int32Array(keyCount + 1),
): Int32Array {
  for (let t = 0; t < input.length; t++) start[key[input[t]!]! + 1]!++;
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
  const next = start.slice(0, keyCount);
  const out = new Int32Array(input.length);
  for (let t = 0; t < input.length; t++) {
    const position = input[t]!;
    out[next[key[position]!]!++] = position;
  }
  return out;
}
