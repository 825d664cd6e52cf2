/**
 * Combining the two orders of many pairs at once, with every pair that a rule drops or cannot
 * call counted, never silently left out (style.md: data is never changed silently).
 */
import {
  type CombinedPair,
  type CombineOptions,
  type CombineRule,
  combineOrders,
} from "./combine-orders.js";
import type { GameVerdict } from "./verdict.js";

export interface PairGames {
  readonly item: string;
  /** Shown A = x, B = y. */
  readonly game1: GameVerdict;
  /** Shown A = y, B = x. */
  readonly game2: GameVerdict;
}

export interface CombinedAll {
  readonly rule: CombineRule;
  readonly pairs: readonly (CombinedPair & { readonly item: string })[];
  /** Pairs with both games parsed, and of those the ones whose sides agree / disagree. */
  readonly judged: number;
  readonly consistent: number;
  readonly inconsistent: number;
  /** Pairs with one or two failed games. */
  readonly withFailure: number;
  /** Pairs that gave no outcome at all (a failure under arena-hard and mt-bench, or two). */
  readonly dropped: number;
  /** Σ weight of the outcomes kept (battles under arena-hard). */
  readonly totalWeight: number;
}

/**
 * `combineOrders` over every pair, with counts.
 * @example combineAll([{ item: "q1", game1: { ok: true, preference: 1 },
 *   game2: { ok: false, reason: "no label" } }], "mt-bench").dropped // 1
 * @throws RangeError as combineOrders, and on a repeated item. Complexity: O(pairs).
 */
export function combineAll(
  pairs: readonly PairGames[],
  rule: CombineRule,
  options: CombineOptions = {},
): CombinedAll {
  const seen = new Set<string>();
  let consistent = 0;
  let inconsistent = 0;
  let withFailure = 0;
  let dropped = 0;
  let totalWeight = 0;
  const out = pairs.map(({ item, game1, game2 }) => {
    if (seen.has(item)) throw new RangeError(`item ${item} appears twice`);
    seen.add(item);
    const c = combineOrders(game1, game2, rule, options);
    if (c.consistent === true) consistent++;
    else if (c.consistent === false) inconsistent++;
    else withFailure++;
    if (c.outcomes.length === 0) dropped++;
    for (const o of c.outcomes) totalWeight += o.weight;
    return { ...c, item };
  });
  return {
    rule,
    pairs: out,
    judged: consistent + inconsistent,
    consistent,
    inconsistent,
    withFailure,
    dropped,
    totalWeight,
  };
}
