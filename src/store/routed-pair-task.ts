/**
 * The routed pair a pairwise queue or an arena serves before its usual balancing
 * (next-pair-task.ts): of the pairs `prefkit route` sent to humans (routed_pairs), the one with
 * the highest score that no human has judged yet, in either order, and that is not reserved for
 * another annotator. Serving it reserves it for this annotator for a lease (`reservationMs`,
 * default 10 minutes; migration 0008), so annotators asking at the same time get different
 * routed pairs instead of all voting on the top one; a reservation that lapses frees the pair,
 * and the first human vote on it passes everyone on to the next pair. An annotator asking again
 * (a reload, a second tab) gets the pair they hold back, and holds one routed pair at a time:
 * reserving one releases any other they held (say, of a prompt they skipped).
 *
 * Since no human has judged it, neither has this annotator. Live candidates never
 * (live-rows.ts), nor a skipped prompt, nor, with `oncePerPrompt` (an arena), a prompt this
 * annotator has voted on. One query picks (routed_pairs_score_idx, judgments_pair_idx); one
 * conditional UPDATE reserves, and fails when another annotator took the pair in between (on
 * PostgreSQL the second UPDATE waits for the first's row lock and re-checks its condition) —
 * then the next pair is tried.
 */
import { type ExpressionBuilder, sql } from "kysely";
import { notLive } from "./live-rows.js";
import type { Database } from "./schema.js";
import type { TaskOptions } from "./store.js";
import type { StoreContext } from "./transaction.js";

/** How long a routed pair served to an annotator is theirs alone: time to read and vote. */
export const ROUTED_PAIR_LEASE_MS = 10 * 60 * 1000;

/** Tries at reserving before the queue gives up on routed pairs for this request. */
const RESERVE_ATTEMPTS = 5;

type RoutedDb = Database & {
  r: Database["routed_pairs"];
  ca: Database["candidates"];
  cb: Database["candidates"];
};

type PairKey = { prompt_id: string; candidate_a: string; candidate_b: string };

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
): Promise<PairKey | undefined> {
  const leaseMs = options.reservationMs ?? ROUTED_PAIR_LEASE_MS;
  if (!(Number.isFinite(leaseMs) && leaseMs > 0)) {
    throw new RangeError(`reservationMs must be a positive number of milliseconds, got ${leaseMs}`);
  }
  for (let attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
    const nowMs = Date.now();
    const now = new Date(nowMs).toISOString();
    const pair = await pickRoutedPair(ctx, projectId, annotatorId, options, now);
    if (!pair) return undefined;
    const until = new Date(nowMs + leaseMs).toISOString();
    if (await reserve(ctx, projectId, annotatorId, pair, now, until)) return pair;
  }
  // Others took every pair we picked, RESERVE_ATTEMPTS times: the usual balancing serves instead.
  return undefined;
}

/** The best routed pair open to the annotator: the one they hold first, then by score. */
async function pickRoutedPair(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  options: TaskOptions,
  now: string,
): Promise<PairKey | undefined> {
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
    .where(openTo(annotatorId, now))
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
    .orderBy(sql`case when r.reserved_by = ${annotatorId} then 0 else 1 end`)
    .orderBy("r.score", "desc")
    .orderBy("r.prompt_id")
    .orderBy("r.candidate_a")
    .orderBy("r.candidate_b")
    .limit(1)
    .executeTakeFirst();
}

/** r is not reserved, its reservation lapsed, or it is reserved for this annotator. */
const openTo = (annotatorId: string, now: string) =>
  sql<boolean>`(r.reserved_by is null or r.reserved_until <= ${now} or r.reserved_by = ${annotatorId})`;

/**
 * Reserves `pair` for the annotator unless another holds it (true when reserved), and releases
 * the annotator's other reservations in the project.
 */
async function reserve(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  pair: PairKey,
  now: string,
  until: string,
): Promise<boolean> {
  const taken = await ctx.db
    .updateTable("routed_pairs as r")
    .set({ reserved_by: annotatorId, reserved_until: until })
    .where("r.project_id", "=", projectId)
    .where("r.prompt_id", "=", pair.prompt_id)
    .where("r.candidate_a", "=", pair.candidate_a)
    .where("r.candidate_b", "=", pair.candidate_b)
    .where(openTo(annotatorId, now))
    .executeTakeFirst();
  if (taken.numUpdatedRows === 0n) return false;
  await ctx.db
    .updateTable("routed_pairs")
    .set({ reserved_by: null, reserved_until: null })
    .where("project_id", "=", projectId)
    .where("reserved_by", "=", annotatorId)
    .where((eb) =>
      eb.or([
        eb("prompt_id", "!=", pair.prompt_id),
        eb("candidate_a", "!=", pair.candidate_a),
        eb("candidate_b", "!=", pair.candidate_b),
      ]),
    )
    .execute();
  return true;
}
