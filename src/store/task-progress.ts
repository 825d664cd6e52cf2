/**
 * One annotator's progress on a kind of task, counted in SQL: `done` is their judgments of that
 * kind in the project; `total` is how many such tasks the project holds for anyone to do.
 *
 *   pair      candidate pairs of two different systems answering one prompt, over all
 *             prompts: per prompt (n² − Σₛ kₛ²) / 2 for n candidates, kₛ of them by system s
 *   ranking   prompts with two or more candidates
 *   rating,
 *   binary    candidates
 *
 * Each count is one aggregate query answered from an index (the candidates' by project, prompt
 * and system; the judgments' by project and annotator): one row comes back, whatever the size
 * of the project.
 */
import { sql } from "kysely";
import type { JudgmentKind } from "./schema.js";
import type { TaskKind } from "./store.js";
import { type StoreContext, toCount } from "./transaction.js";

const JUDGMENT_KIND: Record<TaskKind, JudgmentKind> = {
  pair: "pairwise",
  ranking: "ranking",
  rating: "rating",
  binary: "binary",
};

export async function taskProgress(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  kind: TaskKind,
): Promise<{ done: number; total: number }> {
  const done = await ctx.db
    .selectFrom("judgments")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", annotatorId)
    .where("kind", "=", JUDGMENT_KIND[kind])
    .executeTakeFirst();
  return { done: toCount(done?.n), total: await taskTotal(ctx, projectId, kind) };
}

async function taskTotal(ctx: StoreContext, projectId: string, kind: TaskKind): Promise<number> {
  const { db } = ctx;
  const candidates = db.selectFrom("candidates").where("project_id", "=", projectId);
  if (kind === "rating" || kind === "binary") {
    const row = await candidates.select((eb) => eb.fn.countAll().as("n")).executeTakeFirst();
    return toCount(row?.n);
  }
  if (kind === "ranking") {
    const prompts = candidates
      .select("prompt_id")
      .groupBy("prompt_id")
      .having((eb) => eb.fn.countAll(), ">=", 2)
      .as("prompts");
    const row = await db
      .selectFrom(prompts)
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    return toCount(row?.n);
  }
  // Σₚ n² over prompts and Σ k² over (prompt, system) groups; their difference counts every
  // ordered pair of candidates of two systems, so half of it the pairs.
  const perPrompt = candidates
    .select((eb) => eb.fn.countAll().as("n"))
    .groupBy("prompt_id")
    .as("per_prompt");
  const perSystem = candidates
    .select((eb) => eb.fn.countAll().as("k"))
    .groupBy(["prompt_id", "system_id"])
    .as("per_system");
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom(perPrompt).select(sql<string | number>`sum(n * n)`.as("s")).as("all_pairs"),
      eb.selectFrom(perSystem).select(sql<string | number>`sum(k * k)`.as("s")).as("same_system"),
    ])
    .executeTakeFirst();
  return (toCount(row?.all_pairs) - toCount(row?.same_system)) / 2;
}
