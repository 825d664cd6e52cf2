/**
 * The live arena's served pairs (`served_pairs`, the table arena votes use up): each turn of a
 * live conversation serves its two new candidates, replacing the turn before, so a vote is only
 * ever taken on the last complete turn. A turn starts by withdrawing the pair it continues —
 * one delete that only one of two racing requests wins — so two turns never run at once and a
 * vote cannot land on a turn that is being replaced. And the prompt an annotator may sample:
 * one of the project's own prompts (not a live one) they have not voted on.
 */
import { randomInt } from "node:crypto";
import { sql } from "kysely";
import type { Prompt } from "../core/types.js";
import { notLive } from "./live-rows.js";
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
 * A random prompt of the project the annotator has not voted on — no pairwise judgment of
 * theirs on it, no arena task of theirs taken on it — and not live (live-rows.ts: the prompts
 * annotators wrote are theirs alone). Two queries: a count, then one row at a random offset,
 * both under the same filters, so a pick is never a prompt already taken.
 */
export async function sampleUnvotedPrompt(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
): Promise<Prompt | undefined> {
  // The prompt ids of the annotator's arena tasks, read out of the keys (task-keys.ts) rather
  // than each prompt's key rebuilt in SQL: JSON decoding is exact, re-encoding might not be.
  // Uncorrelated, so computed once per query, from the (project, annotator) index range.
  const takenId =
    ctx.dialect === "sqlite"
      ? sql<string>`json_extract(t.task, '$[1]')`
      : sql<string>`(t.task::jsonb ->> 1)`;
  const open = () =>
    ctx.db
      .selectFrom("prompts as p")
      .where("p.project_id", "=", projectId)
      .where(notLive(ctx.dialect, "p"))
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
      )
      .where(
        "p.id",
        "not in",
        ctx.db
          .selectFrom("judged_tasks as t")
          .select(takenId.as("prompt_id"))
          .where("t.project_id", "=", projectId)
          .where("t.annotator_id", "=", annotatorId)
          .where("t.task", "like", `${ARENA_KEY_START}%`)
          .where(takenId, "is not", null),
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
  // The count may be stale by the pick (a vote of another tab in between): then the first.
  return (await pick(randomInt(n))) ?? (await pick(0));
}

/** How every arena prompt key starts (task-keys.ts); no LIKE wildcard in it. */
const ARENA_KEY_START = arenaPromptKey("").slice(0, -2);
