/** Duplicate and degenerate pairs: the same (prompt, chosen, rejected) twice, or chosen = rejected. */

import type { Message } from "../types.js";
import { messageText, type PreferencePair } from "./preference.js";

/** A canonical text key of a conversation (roles and text; JSON keeps it unambiguous). */
export function conversationKey(messages: readonly Message[]): string {
  return JSON.stringify(messages.map((m) => [m.role, messageText(m)]));
}

export const pairKey = (pair: PreferencePair): string =>
  `${conversationKey(pair.prompt)}\u0000${conversationKey(pair.chosen)}\u0000${conversationKey(pair.rejected)}`;

/** Keeps the first of each (prompt, chosen, rejected) and reports how many were dropped. */
export function dedupePairs(pairs: readonly PreferencePair[]): {
  kept: PreferencePair[];
  duplicates: number;
} {
  const seen = new Set<string>();
  const kept: PreferencePair[] = [];
  for (const pair of pairs) {
    const key = pairKey(pair);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(pair);
  }
  return { kept, duplicates: pairs.length - kept.length };
}

/** True when the chosen and rejected responses have the same roles and text. */
export function isIdenticalPair(pair: PreferencePair): boolean {
  return conversationKey(pair.chosen) === conversationKey(pair.rejected);
}
