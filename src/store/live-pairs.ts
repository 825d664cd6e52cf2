/**
 * The live arena's served pairs (`served_pairs`, the table arena votes use up): each turn of a
 * live conversation serves its two new candidates, replacing the turn before, so a vote is only
 * ever taken on the last complete turn. A turn starts by withdrawing the pair it continues —
 * one delete that only one of two racing requests wins — so two turns never run at once and a
 * vote cannot land on a turn that is being replaced. And the prompt an annotator may sample:
 * one of the project's own prompts they have not voted on.
 */
import { randomInt } from "node:crypto";
import type { Prompt } from "../core/types.js";
import { promptFromRow } from "./rows.js";
import { arenaPromptKey } from "./task-keys.js";
import { type StoreContext, toCount } from "./transaction.js";

/** The two candidates served to an annotator for a prompt, in the order shown (a, b). */
export interface ServedPair {
  a: string;
  b: string;
}

/** Serves the pair for the prompt, replacing the one served before (the previous turn's). */
export async function serveLivePair(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  promptId: string,
  pair: ServedPair,
): Promise<void> {
  const row = { candidate_a: pair.a, candidate_b: pair.b, served_at: new Date().toISOString() };
  await ctx.db
    .insertInto("served_pairs")
    .values({ project_id: projectId, annotator_id: annotatorId, prompt_id: promptId, ...row })
    .onConflict((oc) => oc.columns(["project_id", "annotator_id", "prompt_id"]).doUpdateSet(row))
    .execute();
}

/** The pair served to the annotator for the prompt and not voted on yet, if any. */
export async function servedPair(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  promptId: string,
): Promise<ServedPair | undefined> {
  const row = await ctx.db
    .selectFrom("served_pairs")
    .select(["candidate_a", "candidate_b"])
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", annotatorId)
    .where("prompt_id", "=", promptId)
    .executeTakeFirst();
  return row ? { a: row.candidate_a, b: row.candidate_b } : undefined;
}

/**
 * Withdraws exactly this served pair; false when it was not served any more (voted on, or
 * withdrawn by another request first).
 */
export async function withdrawServedPair(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  promptId: string,
  pair: ServedPair,
): Promise<boolean> {
  const result = await ctx.db
    .deleteFrom("served_pairs")
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", annotatorId)
    .where("prompt_id", "=", promptId)
    .where("candidate_a", "=", pair.a)
    .where("candidate_b", "=", pair.b)
    .executeTakeFirst();
  return toCount(result.numDeletedRows) > 0;
}

/**
 * A random prompt of the project the annotator has not voted on (no pairwise judgment of
 * theirs, no arena task taken), leaving out ids that start with `excludePrefix` (the prompts
 * annotators wrote themselves). Two queries: a count, then one row at a random offset.
 */
export async function sampleUnvotedPrompt(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  options: { excludePrefix?: string } = {},
): Promise<Prompt | undefined> {
  const open = () =>
    ctx.db
      .selectFrom("prompts as p")
      .where("p.project_id", "=", projectId)
      .$if(options.excludePrefix !== undefined, (q) =>
        q.where("p.id", "not like", `${literalPrefix(options.excludePrefix ?? "")}%`),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("judgments as j")
              .select("j.seq")
              .whereRef("j.project_id", "=", "p.project_id")
              .whereRef("j.prompt_id", "=", "p.id")
              .where("j.annotator_id", "=", annotatorId)
              .where("j.kind", "=", "pairwise"),
          ),
        ),
      );
  const counted = await open()
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirst();
  const n = toCount(counted?.n);
  if (n === 0) return undefined;
  const pick = async (offset: number) => {
    const row = await open()
      .selectAll("p")
      .orderBy("p.id")
      .limit(1)
      .offset(offset)
      .executeTakeFirst();
    return row ? promptFromRow(row) : undefined;
  };
  const prompt = (await pick(randomInt(n))) ?? (await pick(0));
  if (!prompt) return undefined;
  // A prompt taken by an arena vote stored without a judgment row of this kind is rare (a
  // task key only); checked on the one prompt picked rather than in the scan.
  const taken = await ctx.db
    .selectFrom("judged_tasks")
    .select("judgment_id")
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", annotatorId)
    .where("task", "=", arenaPromptKey(prompt.id))
    .executeTakeFirst();
  return taken ? undefined : prompt;
}

/**
 * A prefix for LIKE: SQLite has no default escape character, so a prefix holding `%` or `_`
 * is refused rather than escaped (the one caller passes "live-").
 */
function literalPrefix(prefix: string): string {
  if (/[%_\\]/.test(prefix)) throw new RangeError(`a LIKE prefix without wildcards: "${prefix}"`);
  return prefix;
}
