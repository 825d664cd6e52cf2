/**
 * What identifies the two sides of a labelled comparison when ComparisonJoin matches it to
 * others without an id: each side's system, or its response where the systems do not tell the
 * sides apart (none named, or one system on both sides); and, when both responses are there,
 * the responses as well — the same two systems answer one prompt differently in different
 * records (an arena log asks the same question many times), and a label about one pair of
 * answers says nothing about another pair.
 */
import type { Message } from "../types.js";
import type { Comparison } from "./comparison.js";
import { conversationKey, textDigest } from "./dedupe.js";
import { Digest64 } from "./digest-set.js";

/** A side as the join holds it: its system ("s:name"), else its response (digested when compared). */
export type Side = readonly Message[] | string;

const sideDigest = (messages: readonly Message[]): string =>
  `t:${textDigest(conversationKey(messages))}`;

/**
 * A side's identity: its system, else its response. Two candidates of one system (a table's
 * "unknown", two samples of a model) are told apart by their responses instead.
 */
export function sideOf(c: Comparison, side: "a" | "b"): Side | undefined {
  const distinct = c.systemA !== c.systemB;
  const system = side === "a" ? c.systemA : c.systemB;
  return distinct && system !== undefined ? `s:${system}` : side === "a" ? c.a : c.b;
}

/** A side's identity as text (a response digested). */
export const identity = (side: Side | undefined): string | undefined =>
  typeof side === "string" || side === undefined ? side : sideDigest(side);

/** Whether the comparison's sides are its two (different) systems. */
export const sidesAreSystems = (c: Comparison): boolean =>
  c.systemA !== undefined && c.systemB !== undefined && c.systemA !== c.systemB;

/**
 * The responses of a comparison whose sides are systems, in the order of the systems' names, so
 * either order of a pair gives the same key: one 64-bit digest of both (Digest64, fed straight
 * from the messages — no key string is built, which halves the cost on long answers); undefined
 * when a response is missing or empty. Time: linear in the responses' length.
 */
export function responsesKey(c: Comparison): string | undefined {
  if (!sidesAreSystems(c) || !c.a?.length || !c.b?.length) return undefined;
  const [first, second] = c.systemA! < c.systemB! ? [c.a, c.b] : [c.b, c.a];
  const d = new Digest64().conversation(first).conversation(second);
  return `r:${hex(d.hi)}${hex(d.lo)}`;
}

const hex = (h: number) => (h >>> 0).toString(16).padStart(8, "0");
