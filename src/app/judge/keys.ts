/**
 * A judge job's stable names: a question's group key, an item's key, and the seeded random
 * stream of a (judge, question) — all functions of ids alone, so the same input plans the same
 * items whatever order it comes in, and a resumed job finds its items again.
 */
import { createHash } from "node:crypto";
import { createRandom, type RandomSource, streamSeed } from "../../core/random/index.js";

/** Keys longer than this become a hash (a job item's key is stored and indexed). */
const MAX_KEY = 200;

/** `|` separates a key's parts, so ids escape it (and `%`, the escape itself). */
const part = (id: string) => id.replaceAll("%", "%25").replaceAll("|", "%7C");

const shortKey = (key: string) =>
  key.length <= MAX_KEY ? key : `h:${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;

/**
 * A question's key, the same for every judge: "<prompt>|<x>|<y>" for a pair (x sorting first),
 * "<prompt>|<ids sorted…>" for a list, "<prompt>|<candidate>" for one answer; "h:<sha256 prefix>"
 * when longer than 200 characters.
 * @example groupKey("p1", ["c2", "c1"]) // "p1|c1|c2"
 */
export function groupKey(promptId: string, candidateIds: readonly string[]): string {
  return shortKey([promptId, ...[...candidateIds].sort()].map(part).join("|"));
}

/**
 * An item's key: "<judge>|<group>|g<game>", or a hash when long. Distinct items, distinct keys.
 * @example judgeItemKey("j1", "p1|c1|c2", 2) // "j1|p1|c1|c2|g2"
 */
export function judgeItemKey(judge: string, group: string, game: number): string {
  return shortKey(`${part(judge)}|${group}|g${game}`);
}

/**
 * The request-cache scope of a judge's calls (app/generate/cached-call.ts): its system id. Two
 * judges of one model are two independent judges (a jury of samples at temperature 1, say), so
 * neither may take the other's answer from the cache; a judge's own answers — a resumed job, a
 * later run, an identical prompt met twice — still come from it. Renaming a judge re-asks.
 * @example judgeCacheScope("gpt-judge") // "judge:gpt-judge"
 */
export const judgeCacheScope = (judge: string): string => `judge:${judge}`;

/** FNV-1a (32-bit): a question's stream number for streamSeed. */
function fnv32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The generator of a seed's stream for these names (a judge and a question, say). */
export const randomFor = (seed: number, ...names: string[]): RandomSource =>
  createRandom(streamSeed(seed, fnv32(names.join("\0"))));
