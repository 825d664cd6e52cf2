/**
 * The routed pair a pairwise queue or an arena serves before its usual balancing
 * (next-pair-task.ts): of the pairs `prefkit route` sent to humans (routed_pairs), the one with
 * the highest score that no human has judged yet, in either order — so the first human vote on
 * a pair passes the next annotator on to the next pair. Since no human has judged it, neither
 * has this annotator. Live candidates never (live-rows.ts), nor a skipped prompt, nor, with
 * `oncePerPrompt` (an arena), a prompt this annotator has voted on. One query: routed pairs in
 * score order (routed_pairs_score_idx), each probed for a human judgment (judgments_pair_idx).
 */
import type { ExpressionBuilder } from "kysely";
import { notLive } from "./live-rows.js";
import type { Database } from "./schema.js";
import type { TaskOptions } from "./store.js";
import type { StoreContext } from "./transaction.js";

type RoutedDb = Database & {
  r: Database["routed_pairs"];
  ca: Database["candidates"];
  cb: Database["candidates"];
};

/** Pairwise judgments of r's prompt: by humans (and of r's pair), or by one annotator. */
const judgmentsOfPrompt = (eb: ExpressionBuilder<RoutedDb, "r" | "ca" | "cb">) =>
  eb
    .selectFrom("judgments as j")
    .select("j.seq")
    .whereRef("j.project_id", "=", "r.project_id")
    .whereRef("j.prompt_id", "=", "r.prompt_id")
    .where("j.kind", "=", "pairwise");

export async function nextRoutedPair(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  options: TaskOptions = {},
): Promise<{ prompt_id: string; candidate_a: string; candidate_b: string } | undefined> {
  const skip = options.skipPrompts ?? [];
  return ctx.db
    .selectFrom("routed_pairs as r")
    .innerJoin("candidates as ca", (join) =>
      join.onRef("ca.project_id", "=", "r.project_id").onRef("ca.id", "=", "r.candidate_a"),
    )
    .innerJoin("candidates as cb", (join) =>
      join.onRef("cb.project_id", "=", "r.project_id").onRef("cb.id", "=", "r.candidate_b"),
    )
    .select(["r.prompt_id", "r.candidate_a", "r.candidate_b"])
    .where("r.project_id", "=", projectId)
    .where(notLive(ctx.dialect, "ca"))
    .where(notLive(ctx.dialect, "cb"))
    .where((eb) =>
      eb.not(
        eb.exists(
          judgmentsOfPrompt(eb)
            .where("j.source_kind", "=", "human")
            .where((w) =>
              w.or([
                w.and([
                  w("j.candidate_a", "=", w.ref("r.candidate_a")),
                  w("j.candidate_b", "=", w.ref("r.candidate_b")),
                ]),
                w.and([
                  w("j.candidate_a", "=", w.ref("r.candidate_b")),
                  w("j.candidate_b", "=", w.ref("r.candidate_a")),
                ]),
              ]),
            ),
        ),
      ),
    )
    .$if(skip.length > 0, (q) => q.where("r.prompt_id", "not in", skip))
    .$if(options.oncePerPrompt ?? false, (q) =>
      q.where((eb) =>
        eb.not(eb.exists(judgmentsOfPrompt(eb).where("j.annotator_id", "=", annotatorId))),
      ),
    )
    .orderBy("r.score", "desc")
    .orderBy("r.prompt_id")
    .orderBy("r.candidate_a")
    .orderBy("r.candidate_b")
    .limit(1)
    .executeTakeFirst();
}
