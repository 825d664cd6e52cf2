/**
 * Routes items to splits by prompt, so no prompt lands in two splits. Canonical entries name
 * their prompt by id: the router remembers each prompt entry's split and sends the prompt's
 * candidates and judgments after it; systems go to every split.
 */
import { conversationKey } from "../../core/dataset/dedupe.js";
import { type SplitSpec, splitOf } from "../../core/dataset/split.js";
import { promptKeyOf } from "./item-keys.js";
import type { DatasetItem } from "./items.js";

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
