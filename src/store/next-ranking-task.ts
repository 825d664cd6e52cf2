/**
 * The next list to rank for an annotator: among the prompts with at least `size` candidates
 * that this annotator has not ranked, one of those ranked least so far (all annotators), ties
 * broken at random; then `size` of its candidates at random, in random order. Aggregates run
 * in SQL: one row per prompt comes back, not every judgment. Live candidates (live-rows.ts)
 * are neither counted nor offered.
 */
import { randomInt } from "node:crypto";
import { notLive } from "./live-rows.js";
import { candidateFromRow, promptFromRow } from "./rows.js";
import type { RankingTask, TaskOptions } from "./store.js";
import { type StoreContext, toCount } from "./transaction.js";

/** How many prompts of the least-ranked kind to draw from. */
const DRAW_FROM = 64;

export async function nextRankingTask(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  size: number,
  options: TaskOptions = {},
): Promise<RankingTask | undefined> {
  const { db } = ctx;
  const skip = options.skipPrompts ?? [];
  // Open tasks per kind (next-pair, next-single): same query shape over different tables, so
  // each stays as the SQL it makes.
  const open = await db
    .selectFrom("prompts as p")
    .select((eb) => [
      "p.id as id",
      eb
        .selectFrom("judgments as j")
        .select(eb.fn.countAll().as("n"))
        .whereRef("j.project_id", "=", "p.project_id")
        .whereRef("j.prompt_id", "=", "p.id")
        .where("j.kind", "=", "ranking")
        .as("rankings"),
    ])
    .where("p.project_id", "=", projectId)
    .where((eb) =>
      eb(
        eb
          .selectFrom("candidates as c")
          .select(eb.fn.countAll().as("k"))
          .whereRef("c.project_id", "=", "p.project_id")
          .whereRef("c.prompt_id", "=", "p.id")
          .where(notLive(ctx.dialect, "c")),
        ">=",
        size,
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("judgments as j")
            .select("j.seq")
            .whereRef("j.project_id", "=", "p.project_id")
            .whereRef("j.prompt_id", "=", "p.id")
            .where("j.kind", "=", "ranking")
            .where("j.annotator_id", "=", annotatorId),
        ),
      ),
    )
    .$if(skip.length > 0, (q) => q.where("p.id", "not in", skip))
    .orderBy("rankings")
    .orderBy("p.id")
    .limit(DRAW_FROM)
    .execute();
  const first = open[0];
  if (!first) return undefined;
  const fewest = toCount(first.rankings ?? 0);
  const least = open.filter((r) => toCount(r.rankings ?? 0) === fewest);
  const promptId = least[randomInt(least.length)]!.id;

  const [promptRow, candidateRows] = await Promise.all([
    db
      .selectFrom("prompts")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("id", "=", promptId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("candidates as c")
      .selectAll()
      .where("c.project_id", "=", projectId)
      .where("c.prompt_id", "=", promptId)
      .where(notLive(ctx.dialect, "c"))
      .execute(),
  ]);
  // A random `size` of them, in random order (Fisher–Yates, stopped after `size` draws).
  const pool = candidateRows.map(candidateFromRow);
  for (let k = 0; k < size; k++) {
    const j = k + randomInt(pool.length - k);
    [pool[k], pool[j]] = [pool[j]!, pool[k]!];
  }
  return { kind: "ranking", prompt: promptFromRow(promptRow), candidates: pool.slice(0, size) };
}
