/**
 * An import's prompts, systems, candidates and judgments in one transaction: all stored or none.
 * A refusal says which list its index counts in (`StoreError.part`), since each list counts
 * from 0.
 */
import { addJudgments } from "./add-judgments.js";
import { addCandidates, addPrompts, addSystems } from "./catalog.js";
import type { Entries, JudgmentsStore } from "./port/judgments.js";
import { type EntryPart, StoreError } from "./port/store-error.js";
import { type StoreContext, writeTransaction } from "./transaction.js";

export function addEntries(
  ctx: StoreContext,
  projectId: string,
  entries: Entries,
): ReturnType<JudgmentsStore["addEntries"]> {
  return writeTransaction(ctx, async (tx) => {
    const inner = { ...ctx, db: tx, inTransaction: true };
    const step = async <T>(part: EntryPart, write: () => Promise<T>) => {
      try {
        return await write();
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        throw new StoreError(error.code, error.field, error.reason, error.index, part);
      }
    };
    const prompts = entries.prompts.length
      ? (await step("prompts", () => addPrompts(inner, projectId, entries.prompts))).added
      : 0;
    const systems = entries.systems.length
      ? (await step("systems", () => addSystems(inner, projectId, entries.systems))).added
      : 0;
    const candidates = entries.candidates.length
      ? (await step("candidates", () => addCandidates(inner, projectId, entries.candidates))).added
      : 0;
    const judgments = entries.judgments.length
      ? await step("judgments", () => addJudgments(inner, projectId, entries.judgments))
      : [];
    return { prompts, systems, candidates, judgments };
  });
}
