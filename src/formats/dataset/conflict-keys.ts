/**
 * Which items can contradict each other, for `--conflicts` (core/dataset/conflicts.ts): the
 * group of an item — its prompt and its two responses in a fixed order, or its prompt and
 * completion — and the direction of its preference within the group. Two items conflict when
 * they share a group and differ in direction: "a over b" and "b over a", a KTO completion
 * labelled desirable and undesirable. Ties and items that hold no preference have no key.
 */
import { conversationKey } from "../../core/dataset/dedupe.js";
import { conversationDigest, Digest64 } from "../../core/dataset/digest-set.js";
import { splitCommonPrefix } from "../../core/dataset/preference.js";
import type { Message } from "../../core/types.js";
import type { DatasetItem } from "./items.js";

export interface ConflictKey {
  readonly group: Digest64;
  readonly direction: 0 | 1;
}

const hex = (d: Digest64) => `${(d.hi >>> 0).toString(16)}:${(d.lo >>> 0).toString(16)}`;

/** The group of two sides under one prompt, whichever side won; direction 0 when the first in digest order won. */
function sides(kind: string, prompt: string, x: Digest64, y: Digest64, xWon: boolean): ConflictKey {
  const xFirst = x.hi < y.hi || (x.hi === y.hi && x.lo <= y.lo);
  const [first, second] = xFirst ? [x, y] : [y, x];
  return {
    group: new Digest64().text(kind).text(prompt).text(hex(first)).text(hex(second)),
    direction: xWon === xFirst ? 0 : 1,
  };
}

const responses = (
  kind: string,
  prompt: readonly Message[],
  x: readonly Message[],
  y: readonly Message[],
  xWon: boolean,
) => sides(kind, conversationKey(prompt), conversationDigest(x), conversationDigest(y), xWon);

/**
 * The item's conflict group and direction; undefined for items without a preference between
 * two known responses (ties, rated completions, canonical entries, battles with neither
 * conversations nor a question id). A battle without conversations is grouped by its
 * `question_id` and its two systems: each system answered the question once.
 */
export function conflictKeyOf(item: DatasetItem): ConflictKey | undefined {
  switch (item.kind) {
    case "pair": {
      // The prompt as given (an implicit one is empty): the sides then hold the whole text.
      const { prompt, chosen, rejected } = item.pair;
      return responses("pair", prompt, chosen, rejected, true);
    }
    case "unpaired": {
      const { prompt, completion, label } = item.example;
      const group = new Digest64().text("unpaired").text(conversationKey(prompt));
      return { group: group.conversation(completion), direction: label ? 0 : 1 };
    }
    case "battle": {
      const { winner, conversationA: a, conversationB: b, modelA, modelB, extra } = item.battle;
      if (winner !== "model_a" && winner !== "model_b") return undefined;
      const aWon = winner === "model_a";
      if (a && b) {
        const { prefix, restA, restB } = splitCommonPrefix(a, b);
        return responses("pair", prefix, restA, restB, aWon);
      }
      if (extra.question_id === undefined) return undefined;
      const question = `question ${JSON.stringify(extra.question_id)}`;
      const system = (name: string) => new Digest64().text(name);
      return sides("systems", question, system(modelA), system(modelB), aWon);
    }
    default:
      return undefined;
  }
}
