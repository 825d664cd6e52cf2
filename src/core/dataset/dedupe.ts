/** Duplicate and degenerate pairs: the same (prompt, chosen, rejected) twice, or chosen = rejected. */

import type { Message } from "../types.js";
import { mixSeed } from "./hash.js";
import { messageText, type PreferencePair } from "./preference.js";

/**
 * A 64-bit digest of a text as 16 hex digits: FNV-1a and a multiply-xorshift hash, each 32
 * bits, finalised. Sets of digests stay small where sets of whole texts would grow with the
 * data; at a million distinct texts the chance of any collision is about 3 in 100 million.
 */
export function textDigest(text: string): string {
  let a = 0x811c9dc5 | 0;
  let b = 0x9747b28c | 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const hex = (h: number) => (mixSeed(h, text.length) >>> 0).toString(16).padStart(8, "0");
  return hex(a) + hex(b);
}

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
