/**
 * The next candidate for an annotator to rate or give a thumb to: among the candidates this
 * annotator has not judged that way, one of those judged that way least so far (all annotators
 * and judges), ties broken at random. Both questions are answered from `judgment_candidates`
 * (migration 0004) by its indexes: one aggregate per candidate, never every judgment's JSON.
 * Live candidates (live-rows.ts) are never offered.
 */
import { randomInt } from "node:crypto";
import { notLive } from "./live-rows.js";
import { candidateFromRow, promptFromRow } from "./rows.js";
import type { SingleTask, TaskOptions } from "./store.js";
import { type StoreContext, toCount } from "./transaction.js";

/** How many candidates of the least-judged kind to draw from. */
const DRAW_FROM = 64;

export async function nextSingleTask(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  kind: SingleTask["kind"],
  options: TaskOptions = {},
): Promise<SingleTask | undefined> {
  const { db } = ctx;
  const skip = options.skipPrompts ?? [];
  const judged = db
    .selectFrom("judgment_candidates")
    .select((eb) => ["candidate_id", eb.fn.countAll().as("n")])
    .where("project_id", "=", projectId)
    .where("kind", "=", kind)
    .groupBy("candidate_id")
    .as("judged");
  const open = await db
    .selectFrom("candidates as c")
    .leftJoin(judged, "judged.candidate_id", "c.id")
    .select((eb) => ["c.id as id", eb.fn.coalesce("judged.n", eb.lit(0)).as("n")])
    .where("c.project_id", "=", projectId)
    .where(notLive(ctx.dialect, "c"))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("judgment_candidates as mine")
            .select("mine.candidate_id")
            .whereRef("mine.project_id", "=", "c.project_id")
            .where("mine.annotator_id", "=", annotatorId)
            .where("mine.kind", "=", kind)
            .whereRef("mine.candidate_id", "=", "c.id"),
        ),
      ),
    )
    .$if(skip.length > 0, (q) => q.where("c.prompt_id", "not in", skip))
    .orderBy("n")
    .orderBy("c.id")
    .limit(DRAW_FROM)
    .execute();
  const first = open[0];
  if (!first) return undefined;
  const fewest = toCount(first.n);
  const least = open.filter((r) => toCount(r.n) === fewest);
  const candidateRow = await db
    .selectFrom("candidates")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("id", "=", least[randomInt(least.length)]!.id)
    .executeTakeFirstOrThrow();
  const promptRow = await db
    .selectFrom("prompts")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("id", "=", candidateRow.prompt_id)
    .executeTakeFirstOrThrow();
  return { kind, prompt: promptFromRow(promptRow), candidates: [candidateFromRow(candidateRow)] };
}
