/**
 * Joins labelled comparisons from any number of files into items: the same two responses to
 * the same prompt, with every label anyone gave them, all stated in one order. Judges' verdicts
 * and human labels often sit in different files (PandaLM ships each judge's outputs apart from
 * the human labels; PRD writes each order of a pair to its own file), so agreement and judge
 * evaluation start here.
 *
 * Identity: an item is its id (question id, PandaLM's idx) or, without one, its prompt; then the
 * unordered pair of its systems, or without systems (and without an id) of its two responses;
 * then the turn a label is about. Without an id, two systems' responses are part of the item
 * too when a comparison carries them (join-sides.ts): one prompt answered differently by the
 * same two systems is two items. A comparison without the responses joins the one item of its
 * prompt, systems and turn that has them; when there are several it would be a guess, so its
 * labels stay on an item of their own and are counted (`ambiguous`).
 * Orientation: the first comparison seen fixes which side is `a`; a later one whose `a` is that
 * item's `b` (same system, or same text) has its labels flipped (preference 1 − p, scores
 * swapped, shownSwapped negated), so a judge that saw the pair in both orders has one label of
 * each order on one item.
 */
import type { Message } from "../types.js";
import type { Comparison, ComparisonLabel } from "./comparison.js";
import { conversationKey, textDigest } from "./dedupe.js";
import { identity, responsesKey, type Side, sideOf, sidesAreSystems } from "./join-sides.js";
import { messageText } from "./preference.js";

export type JoinKey = "auto" | "id" | "content";

export interface JoinedItem {
  readonly key: string;
  readonly id?: string;
  readonly subset?: string;
  readonly turn?: number;
  readonly systemA?: string;
  readonly systemB?: string;
  /** Characters of each response's text, when a comparison carried the responses. */
  readonly lengthA?: number;
  readonly lengthB?: number;
  readonly labels: ComparisonLabel[];
}

export interface JoinCounts {
  readonly comparisons: number;
  readonly labels: number;
  /** Labels flipped because their comparison listed the item's responses the other way round. */
  readonly flipped: number;
  /** Labels joined by id alone, whose order could not be checked (no systems, no responses). */
  readonly unverifiedOrder: number;
  /**
   * Labels of a comparison without responses whose prompt, systems and turn have several items
   * with responses: left on an item of their own rather than joined to one of them by a guess.
   */
  readonly ambiguous: number;
}

interface MutableItem {
  key: string;
  id?: string;
  subset?: string;
  turn?: number;
  systemA?: string;
  systemB?: string;
  lengthA?: number;
  lengthB?: number;
  labels: ComparisonLabel[];
  /** The comparison that made the item: its own further labels need no orientation check. */
  first: number;
  /** What identifies each side: its system ("s:name"), else its response (digested only if needed). */
  sideA?: Side;
  sideB?: Side;
  /** Joined without an id, sides the systems: the key without the responses. */
  group?: string;
  /** Keyed by its responses too (`group` plus the responses). */
  answered?: boolean;
}

/** Where a comparison's labels go: the key before the turn, and the item's group (see MutableItem). */
interface BaseKey {
  key: string;
  group?: string;
  answered?: boolean;
}

/** What the item did not know yet (a gold file's responses for a verdict file's item), in its order. */
function fill(item: MutableItem, c: Comparison, reversed: boolean): void {
  const [systemA, systemB, a, b] = reversed
    ? [c.systemB, c.systemA, c.b, c.a]
    : [c.systemA, c.systemB, c.a, c.b];
  if (item.subset === undefined && c.subset !== undefined) item.subset = c.subset;
  if (item.systemA === undefined && systemA !== undefined) item.systemA = systemA;
  if (item.systemB === undefined && systemB !== undefined) item.systemB = systemB;
  if (item.lengthA === undefined && a !== undefined) item.lengthA = textOf(a).length;
  if (item.lengthB === undefined && b !== undefined) item.lengthB = textOf(b).length;
}

const textOf = (messages: readonly Message[]): string => messages.map(messageText).join("\n");

/** The label as seen from the other side. */
export function flipLabel(label: ComparisonLabel): ComparisonLabel {
  const flipped: { -readonly [K in keyof ComparisonLabel]: ComparisonLabel[K] } = {
    ...label,
    preference: label.preference === null ? null : 1 - label.preference,
  };
  if (label.shownSwapped !== undefined) flipped.shownSwapped = !label.shownSwapped;
  else flipped.shownSwapped = true;
  if (label.probability !== undefined) flipped.probability = 1 - label.probability;
  if (label.scores) flipped.scores = [label.scores[1], label.scores[0]];
  return flipped;
}

export class ComparisonJoin {
  private readonly items = new Map<string, MutableItem>();
  private comparisons = 0;
  private labels = 0;
  private flipped = 0;
  private unverifiedOrder = 0;
  private ambiguous = 0;

  constructor(private readonly join: JoinKey = "auto") {}

  /** Adds a comparison's labels to their items (one item per turn its labels are about). */
  add(c: Comparison): void {
    const serial = ++this.comparisons;
    const base = this.baseKey(c);
    for (const label of c.labels) {
      this.labels++;
      const turn = label.turn === undefined ? "" : `\u0000turn ${label.turn}`;
      const key = base.key + turn;
      let item = this.items.get(key);
      if (!item) {
        item = this.newItem(key, c, label.turn, serial);
        if (base.group !== undefined) item.group = base.group + turn;
        if (base.answered) item.answered = true;
        this.items.set(key, item);
      }
      const reversed = item.first !== serial && this.isReversed(item, c);
      fill(item, c, reversed);
      if (reversed) this.flipped++;
      item.labels.push(reversed ? flipLabel(label) : label);
    }
  }

  /** The items in the order they were first seen. */
  joined(): JoinedItem[] {
    this.settle();
    return [...this.items.values()];
  }

  counts(): JoinCounts {
    this.settle();
    return {
      comparisons: this.comparisons,
      labels: this.labels,
      flipped: this.flipped,
      unverifiedOrder: this.unverifiedOrder,
      ambiguous: this.ambiguous,
    };
  }

  private baseKey(c: Comparison): BaseKey {
    if (this.join !== "content" && c.id !== undefined) {
      // An id names a question; several pairs of systems may answer it (PRD's review files).
      const systems =
        c.systemA !== undefined && c.systemB !== undefined
          ? [c.systemA, c.systemB].sort().join("\u0000")
          : "";
      return { key: `id:${c.id}\u0000${systems}` };
    }
    if (this.join === "id") return { key: `record:${this.comparisons}` };
    const a = identity(sideOf(c, "a"));
    const b = identity(sideOf(c, "b"));
    const pair = a !== undefined && b !== undefined ? [a, b].sort().join("|") : "";
    const key = `p:${textDigest(conversationKey(c.prompt))}\u0000${pair}`;
    if (!sidesAreSystems(c)) return { key };
    const responses = responsesKey(c);
    return responses === undefined
      ? { key, group: key }
      : { key: `${key}\u0000${responses}`, group: key, answered: true };
  }

  /**
   * Moves the labels of each item without responses onto the one item of its group that has
   * them, oriented by system; with several such items they stay where they are, counted.
   * Idempotent: an item moved is gone, so a second call (after more `add`s) only sees new ones.
   */
  private settle(): void {
    const answered = new Map<string, MutableItem[]>();
    for (const item of this.items.values()) {
      if (!item.answered || item.group === undefined) continue;
      const list = answered.get(item.group);
      if (list) list.push(item);
      else answered.set(item.group, [item]);
    }
    this.ambiguous = 0;
    for (const [key, item] of this.items) {
      if (item.answered || item.group === undefined) continue;
      const targets = answered.get(item.group);
      if (targets === undefined) continue;
      if (targets.length > 1) {
        this.ambiguous += item.labels.length;
        continue;
      }
      const target = targets[0]!;
      // One group, one pair of (different) systems: the sides match by name.
      const reversed = item.systemA === target.systemB;
      for (const label of item.labels) target.labels.push(reversed ? flipLabel(label) : label);
      if (reversed) this.flipped += item.labels.length;
      if (target.subset === undefined && item.subset !== undefined) target.subset = item.subset;
      if (target.id === undefined && item.id !== undefined) target.id = item.id;
      this.items.delete(key);
    }
  }

  private newItem(
    key: string,
    c: Comparison,
    turn: number | undefined,
    first: number,
  ): MutableItem {
    const item: MutableItem = { key, labels: [], first };
    const a = sideOf(c, "a");
    const b = sideOf(c, "b");
    if (a !== undefined) item.sideA = a;
    if (b !== undefined) item.sideB = b;
    if (c.id !== undefined) item.id = c.id;
    if (c.subset !== undefined) item.subset = c.subset;
    if (turn !== undefined) item.turn = turn;
    return item;
  }

  /**
   * Whether a later comparison lists the item's responses the other way round: by system
   * where both name them, else by the responses' text.
   */
  private isReversed(item: MutableItem, c: Comparison): boolean {
    const sideA = identity(sideOf(c, "a"));
    const sideB = identity(sideOf(c, "b"));
    const mineA = identity(item.sideA);
    const mineB = identity(item.sideB);
    // Digested once: an item joined again compares strings.
    if (mineA !== undefined) item.sideA = mineA;
    if (mineB !== undefined) item.sideB = mineB;
    const reversed =
      (sideA !== undefined && sideA === mineB && sideA !== mineA) ||
      (sideB !== undefined && sideB === mineA && sideB !== mineB);
    const checked =
      reversed ||
      (sideA !== undefined && sideA === mineA) ||
      (sideB !== undefined && sideB === mineB);
    if (!checked && item.labels.length > 0) this.unverifiedOrder++;
    if (!reversed) {
      if (item.sideA === undefined && sideA !== undefined) item.sideA = sideA;
      if (item.sideB === undefined && sideB !== undefined) item.sideB = sideB;
    }
    return reversed;
  }
}
