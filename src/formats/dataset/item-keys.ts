/**
 * Keys of dataset items for the converter: the prompt that decides an item's split (so no
 * prompt lands in two splits), a digest that finds duplicates, and the texts filters look at.
 */
import {
  conversationKey,
  isIdenticalPair,
  pairKey,
  textDigest,
} from "../../core/dataset/dedupe.js";
import { splitCommonPrefix } from "../../core/dataset/preference.js";
import { type SplitSpec, splitOf } from "../../core/dataset/split.js";
import type { Message } from "../../core/types.js";
import type { DatasetItem } from "./items.js";

/** The text key of the item's prompt; undefined for entries every split needs (systems). */
export function promptKeyOf(item: DatasetItem): string | undefined {
  switch (item.kind) {
    case "pair":
      return conversationKey(item.pair.prompt);
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
    case "entry":
      throw new Error("internal: entries are routed by SplitRouter");
  }
}

/**
 * Assigns items to splits by prompt. Canonical entries name their prompt by id, so the router
 * remembers each prompt entry's split and sends its candidates and judgments there too.
 */
export class SplitRouter {
  private readonly promptSplits = new Map<string, string>();
  constructor(private readonly spec: SplitSpec) {}

  get names(): string[] {
    return this.spec.fractions.map(([name]) => name);
  }

  /** The splits the item belongs in (all of them for system entries). */
  route(item: DatasetItem): string[] {
    if (item.kind !== "entry") return [splitOf(promptKeyOf(item)!, this.spec)];
    const { entry } = item;
    switch (entry.type) {
      case "system":
        return this.names;
      case "prompt": {
        const split = splitOf(conversationKey(entry.prompt.messages), this.spec);
        this.promptSplits.set(entry.prompt.id, split);
        return [split];
      }
      case "candidate":
        return [this.splitOfPrompt(entry.candidate.promptId)];
      case "judgment":
        return [this.splitOfPrompt(entry.judgment.promptId)];
    }
  }

  private splitOfPrompt(id: string): string {
    // Entries come after the prompt they use (the resolver checks); an unknown id falls back
    // to hashing the id so the routing stays deterministic.
    return this.promptSplits.get(id) ?? splitOf(`id ${id}`, this.spec);
  }
}

/** A digest identifying the item's content, for de-duplication. */
export function digestOf(item: DatasetItem): string {
  switch (item.kind) {
    case "pair":
      return textDigest(pairKey(item.pair));
    case "unpaired": {
      const { prompt, completion, label } = item.example;
      return textDigest(
        JSON.stringify([conversationKey(prompt), conversationKey(completion), label]),
      );
    }
    case "rated":
      return textDigest(JSON.stringify(item.rated));
    case "battle":
      return textDigest(JSON.stringify(item.battle));
    case "entry":
      return textDigest(JSON.stringify(item.entry));
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
    case "entry": {
      const { entry } = item;
      if (entry.type === "candidate")
        return { responses: [entry.candidate.messages], all: [entry.candidate.messages] };
      if (entry.type === "prompt") return { responses: [], all: [entry.prompt.messages] };
      return { responses: [], all: [] };
    }
  }
}
