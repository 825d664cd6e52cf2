/**
 * What a call cost, from a system's price per million tokens. Unknown prices stay unknown
 * (null), never zero: a free local server and an unpriced API must not look alike in a report.
 */
import type { LlmSystem, TokenUsage } from "./types.js";

/**
 * US dollars for `usage` at `price`; null when there is no price.
 *
 * @example costOf({ inputPerMillion: 0.15, outputPerMillion: 0.6 }, { inputTokens: 1e6, outputTokens: 0 }) // 0.15
 */
export function costOf(price: LlmSystem["price"] | undefined, usage: TokenUsage): number | null {
  if (price === undefined) return null;
  return (
    (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1e6
  );
}
