/**
 * An arena's pair for an annotator, remembered as served (`served_pairs`): an annotator's vote
 * must name the pair served to them for its prompt (add-judgments.ts uses it up). The pair
 * served before and not yet voted on comes back first, so reloading the page does not shop
 * for another pair of responses; only a skipped prompt makes way for a new pair.
 */
import { loadPair, nextPairTask } from "./next-pair-task.js";
import type { PairTask, TaskOptions } from "./store.js";
import { arenaPromptKey } from "./task-keys.js";
import type { StoreContext } from "./transaction.js";

export async function servePairTask(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  options: TaskOptions = {},
): Promise<PairTask | undefined> {
  const skip = options.skipPrompts ?? [];
  const pending = await ctx.db
    .selectFrom("served_pairs")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", annotatorId)
    .$if(skip.length > 0, (q) => q.where("prompt_id", "not in", skip))
    .orderBy("served_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (pending) {
    const again = (await votedOn(ctx, projectId, annotatorId, pending.prompt_id))
      ? undefined
      : await loadPair(ctx, projectId, pending);
    if (again) return again;
    // Served while a vote on its prompt was being stored, or its candidates are gone.
    await ctx.db
      .deleteFrom("served_pairs")
      .where("project_id", "=", projectId)
      .where("annotator_id", "=", annotatorId)
      .where("prompt_id", "=", pending.prompt_id)
      .execute();
  }
  const task = await nextPairTask(ctx, projectId, annotatorId, { ...options, oncePerPrompt: true });
  if (!task) return undefined;
  const [a, b] = task.candidates;
  const row = {
    project_id: projectId,
    annotator_id: annotatorId,
    prompt_id: task.prompt.id,
    candidate_a: a.id,
    candidate_b: b.id,
    served_at: new Date().toISOString(),
  };
  // Two tabs asking at once may both pick this prompt: the first pair stored stays served,
  // and both get it (replacing it would leave the other tab's vote `not_served`).
  await ctx.db
    .insertInto("served_pairs")
    .values(row)
    .onConflict((oc) => oc.columns(["project_id", "annotator_id", "prompt_id"]).doNothing())
    .execute();
  const stored = await ctx.db
    .selectFrom("served_pairs")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", annotatorId)
    .where("prompt_id", "=", task.prompt.id)
    .executeTakeFirst();
  if (!stored || (stored.candidate_a === a.id && stored.candidate_b === b.id)) return task;
  return (await loadPair(ctx, projectId, stored)) ?? task;
}

/**
 * Whether the annotator has voted on the prompt: a pairwise judgment of theirs
 * (judgments_annotator_idx, as nextPairTask asks), or the prompt taken in judged_tasks.
 */
export async function votedOn(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  promptId: string,
): Promise<boolean> {
  const [vote, taken] = await Promise.all([
    ctx.db
      .selectFrom("judgments")
      .select("seq")
      .where("project_id", "=", projectId)
      .where("annotator_id", "=", annotatorId)
      .where("prompt_id", "=", promptId)
      .where("kind", "=", "pairwise")
      .limit(1)
      .executeTakeFirst(),
    ctx.db
      .selectFrom("judged_tasks")
      .select("judgment_id")
      .where("project_id", "=", projectId)
      .where("annotator_id", "=", annotatorId)
      .where("task", "=", arenaPromptKey(promptId))
      .executeTakeFirst(),
  ]);
  return vote !== undefined || taken !== undefined;
}
