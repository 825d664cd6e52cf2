/**
 * Keys of dataset items for the converter: the prompt that decides an item's split (so no
 * prompt lands in two splits), a digest that finds duplicates, and the texts filters look at.
 */
import { conversationKey, isIdenticalPair, promptText } from "../../core/dataset/dedupe.js";
import { Digest64 } from "../../core/dataset/digest-set.js";
import { splitCommonPrefix } from "../../core/dataset/preference.js";
import type { Message } from "../../core/types.js";
import type { DatasetItem } from "./items.js";

/** The text key of the item's prompt; undefined for entries every split needs (systems). */
export function promptKeyOf(item: DatasetItem): string | undefined {
  switch (item.kind) {
    case "pair":
      return promptText(item.pair);
    case "unpaired":
      return conversationKey(item.example.prompt);
    case "rated":
      return conversationKey(item.rated.prompt);
    case "battle": {
      const { conversationA: a, conversationB: b, extra } = item.battle;
      if (a && b) return conversationKey(splitCommonPrefix(a, b).prefix);
      // Without conversations the question id is the prompt; failing that, the record itself.
      if (extra.question_id !== undefined) return `question ${String(extra.question_id)}`;
      return JSON.stringify([item.battle.modelA, item.battle.modelB, item.battle.winner, extra]);
    }
    case "comparison": {
      const { prompt, id } = item.comparison;
      // Judgment files without the question are keyed by its id, as battles are.
      if (prompt.length > 0) return conversationKey(prompt);
      if (id !== undefined) return `question ${id}`;
      return JSON.stringify(item.comparison);
    }
    case "entry":
      throw new Error("internal: entries are routed by SplitRouter");
  }
}

/** A digest identifying the item's content, for de-duplication. */
export function digestOf(item: DatasetItem): Digest64 {
  switch (item.kind) {
    case "pair": {
      const { prompt, chosen, rejected } = item.pair;
      return new Digest64().conversation(prompt).conversation(chosen).conversation(rejected);
    }
    case "unpaired": {
      const { prompt, completion, label } = item.example;
      return new Digest64().conversation(prompt).conversation(completion).text(String(label));
    }
    case "rated":
      return new Digest64().text(JSON.stringify(item.rated));
    case "battle":
      return new Digest64().text(JSON.stringify(item.battle));
    case "comparison":
      return new Digest64().text(JSON.stringify(item.comparison));
    case "entry":
      return new Digest64().text(JSON.stringify(item.entry));
  }
}

export const isIdentical = (item: DatasetItem): boolean =>
  item.kind === "pair" && isIdenticalPair(item.pair);

/** The responses of an item, and all its conversations (prompt included). */
export function textsOf(item: DatasetItem): {
  responses: (readonly Message[])[];
  all: (readonly Message[])[];
} {
  switch (item.kind) {
    case "pair": {
      const { prompt, chosen, rejected } = item.pair;
      return { responses: [chosen, rejected], all: [prompt, chosen, rejected] };
    }
    case "unpaired":
      return {
        responses: [item.example.completion],
        all: [item.example.prompt, item.example.completion],
      };
    case "rated": {
      const responses = item.rated.completions.map((c) => c.messages);
      return { responses, all: [item.rated.prompt, ...responses] };
    }
    case "battle": {
      const { conversationA: a, conversationB: b } = item.battle;
      const both = a && b ? [a, b] : [];
      return { responses: both, all: both };
    }
    case "comparison": {
      const { prompt, a, b } = item.comparison;
      const both = a && b ? [a, b] : [];
      return { responses: both, all: [prompt, ...both] };
    }
    case "entry": {
      const { entry } = item;
      if (entry.type === "candidate")
        return { responses: [entry.candidate.messages], all: [entry.candidate.messages] };
      if (entry.type === "prompt") return { responses: [], all: [entry.prompt.messages] };
      return { responses: [], all: [] };
    }
  }
}
