/**
 * Items compressed to label patterns. An item's pattern is the set of (rater, category) pairs it
 * received; items with the same pattern are exchangeable for every statistic in this folder, so
 * each is computed from the distinct patterns and their item counts. Resampling items with
 * replacement is then a multinomial draw over patterns (as FastChat's bootstrap draws over unique
 * battle rows, methods.md §A4): a bootstrap round costs O(patterns), not O(items). With many
 * raters and sparse labels patterns may be nearly unique; the cost is then O(items) per round.
 */
import { checkedItemIndex, type LabelTable } from "./label-table.js";

export interface LabelPatterns {
  readonly itemCount: number;
  readonly raterCount: number;
  readonly categoryCount: number;
  readonly labelCount: number;
  readonly patternCount: number;
  /** Labels of pattern p are entries start[p] .. start[p + 1] − 1, by increasing rater. */
  readonly start: Int32Array;
  readonly rater: Int32Array;
  readonly category: Int32Array;
  /** Number of items with pattern p. */
  readonly count: Float64Array;
  /** categoryCounts[p·K + c]: how many of pattern p's labels are category c. */
  readonly categoryCounts: Float64Array;
  /** The pattern of each item; −1 for an item without labels. */
  readonly itemPattern: Int32Array;
  /** Items with at least one label (the sum of `count`). */
  readonly labelledItems: number;
}

/** Inputs of the statistics: a label table, or its patterns when several statistics share them. */
export type AgreementInput = LabelTable | LabelPatterns;

/** The patterns of `input` (computed from a table, or `input` itself). */
export function patternsOf(input: AgreementInput): LabelPatterns {
  return "patternCount" in input ? input : labelPatterns(input);
}

/**
 * Compresses a label table to its distinct label patterns (validating it as `labelTable` does).
 * @throws RangeError as `labelTable`.
 * Complexity: O(labels + items + raters) expected (hashing).
 */
export function labelPatterns(table: LabelTable): LabelPatterns {
  const { start: itemStart, order } = checkedItemIndex(table);
  const K = table.categoryCount;
  const n = table.item.length;
  const start = new Int32Array(Math.min(n, table.itemCount) + 1);
  const rater = new Int32Array(n);
  const category = new Int32Array(n);
  const count = new Float64Array(start.length - 1);
  const hashes = new Int32Array(count.length);
  const itemPattern = new Int32Array(table.itemCount).fill(-1);
  let slots: Int32Array = new Int32Array(1024).fill(-1);
  const labelRater = table.rater;
  const labelCategory = table.category;
  let P = 0;
  let labelledItems = 0;
  for (let i = 0; i < table.itemCount; i++) {
    const from = itemStart[i]!;
    const to = itemStart[i + 1]!;
    if (from === to) continue;
    labelledItems++;
    let h = 0x2f3a91c7;
    for (let t = from; t < to; t++) {
      const label = order[t]!;
      h = mix(h ^ (Math.imul(labelRater[label]!, K) + labelCategory[label]!));
    }
    const mask = slots.length - 1;
    let s = h & mask;
    let p = slots[s]!;
    while (
      p >= 0 &&
      !(hashes[p] === h && samePattern(table, order, from, to, rater, category, start, p))
    ) {
      s = (s + 1) & mask;
      p = slots[s]!;
    }
    if (p < 0) {
      p = P++;
      hashes[p] = h;
      let e = start[p]!;
      for (let t = from; t < to; t++, e++) {
        rater[e] = labelRater[order[t]!]!;
        category[e] = labelCategory[order[t]!]!;
      }
      start[p + 1] = e;
      slots[s] = p;
      if (2 * P > slots.length) slots = rehash(slots.length * 2, hashes, P);
    }
    count[p]! += 1;
    itemPattern[i] = p;
  }
  const L = start[P]!;
  const categoryCounts = new Float64Array(P * K);
  for (let p = 0; p < P; p++) {
    for (let e = start[p]!; e < start[p + 1]!; e++) categoryCounts[p * K + category[e]!]! += 1;
  }
  return {
    itemCount: table.itemCount,
    raterCount: table.raterCount,
    categoryCount: K,
    labelCount: n,
    patternCount: P,
    start: start.slice(0, P + 1),
    rater: rater.slice(0, L),
    category: category.slice(0, L),
    count: count.slice(0, P),
    categoryCounts,
    itemPattern,
    labelledItems,
  };
}

/** MurmurHash3's fmix32 finaliser (A. Appleby, 2011). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

function samePattern(
  table: LabelTable,
  order: Int32Array,
  from: number,
  to: number,
  rater: Int32Array,
  category: Int32Array,
  start: Int32Array,
  p: number,
): boolean {
  let e = start[p]!;
  if (start[p + 1]! - e !== to - from) return false;
  for (let t = from; t < to; t++, e++) {
    const position = order[t]!;
    if (rater[e] !== table.rater[position] || category[e] !== table.category[position])
      return false;
  }
  return true;
}

function rehash(size: number, hashes: Int32Array, P: number): Int32Array {
  const slots = new Int32Array(size).fill(-1);
  const mask = size - 1;
  for (let p = 0; p < P; p++) {
    let s = hashes[p]! & mask;
    while (slots[s]! >= 0) s = (s + 1) & mask;
    slots[s] = p;
  }
  return slots;
}
