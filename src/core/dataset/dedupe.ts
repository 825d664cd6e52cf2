/** Duplicate and degenerate pairs: the same (prompt, chosen, rejected) twice, or chosen = rejected. */

import type { Message } from "../types.js";
import { Digest64 } from "./digest-set.js";
import { messageText, type PreferencePair } from "./preference.js";

/**
 * A 64-bit digest of a text as 16 hex digits (see digest-set.ts): at a million distinct texts
 * the chance of any collision is about 3 in 100 million. It never leaves the process, so it can
 * be 3× faster than `fnv1a64` (hash.ts), whose exact published definition canonical ids need to
 * be reproducible elsewhere.
 */
export function textDigest(text: string): string {
  const d = new Digest64().text(text);
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, "0");
  return hex(d.hi) + hex(d.lo);
}

/**
 * A key of a conversation's roles and contents (text and image URLs), unambiguous as JSON:
 * equal keys mean equal conversations. Canonical ids hash it, so its form must not change.
 */
export function conversationKey(messages: readonly Message[]): string {
  return JSON.stringify(
    messages.map((m) => [
      m.role,
      typeof m.content === "string"
        ? m.content
        : m.content.map((p) => (p.type === "text" ? ["text", p.text] : ["image_url", p.url])),
    ]),
  );
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

/**
 * The prompt of a pair as text for splits and prompt counts. An implicit text prompt (TRL's
 * standard style without `prompt`: one string per answer) is the answers' longest common
 * prefix, cut back to its last white space so a shared first letter of the answers is not
 * taken for the prompt; with nothing in common, the chosen answer stands for its prompt.
 */
export function promptText(pair: PreferencePair): string {
  if (pair.prompt.length > 0) return conversationKey(pair.prompt);
  const chosen = pair.chosen.map(messageText).join("");
  const rejected = pair.rejected.map(messageText).join("");
  let k = 0;
  while (k < chosen.length && k < rejected.length && chosen[k] === rejected[k]) k++;
  if (k < chosen.length || k < rejected.length) {
    while (k > 0 && !/\s/.test(chosen[k - 1]!)) k--;
  }
  return `implicit ${k > 0 ? chosen.slice(0, k) : chosen}`;
}

/**
 * Which side a converted pair shows its chosen answer on: a bit of its content digest, so a
 * file of pairs made into battles, LLMBar items or canonical judgments has the winner first
 * about half the time (never "A always wins") and converting twice gives the same file.
 */
export const chosenShownFirst = (pair: PreferencePair): boolean =>
  (Number.parseInt(textDigest(pairKey(pair)).slice(-1), 16) & 1) === 0;
