/**
 * The next arena pair for an annotator. First a pair routed to humans that no human has judged
 * yet (routed-pair-task.ts: `prefkit route` chose it because the AI judges are unsure), highest
 * score first. Otherwise balancing the system pairs: among the system pairs
 * that still have a candidate pair this annotator has not judged, the one with the fewest
 * pairwise judgments so far (all annotators and judges), ties broken at random; then a random
 * such candidate pair of it, shown in random order. Three aggregate queries, each returning at
 * most one row per system pair (or one row): the work is in SQL, not in JavaScript over every
 * judgment. Live candidates (live-rows.ts) are never offered: each belongs to the one
 * annotator's conversation it answers, and turns of different conversations are no pair.
 */
import { randomInt } from "node:crypto";
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from "kysely";
import { notLive } from "./live-rows.js";
import { nextRoutedPair } from "./routed-pair-task.js";
import { candidateFromRow, promptFromRow } from "./rows.js";
import type { Database } from "./schema.js";
import type { Dialect, PairTask, TaskOptions } from "./store.js";
import { type StoreContext, toCount } from "./transaction.js";

type PairDb = Database & { c1: Database["candidates"]; c2: Database["candidates"] };

/**
 * Candidate pairs (c1, c2) answering the same prompt from two systems, c1's system first in
 * sort order, neither of them live, that this annotator has not judged in either order.
 */
function openPairs(
  db: Kysely<Database>,
  dialect: Dialect,
  projectId: string,
  annotatorId: string,
  skipPrompts: readonly string[],
  oncePerPrompt: boolean,
): SelectQueryBuilder<PairDb, "c1" | "c2", object> {
  const query = db
    .selectFrom("candidates as c1")
    .innerJoin("candidates as c2", (join) =>
      join
        .onRef("c2.project_id", "=", "c1.project_id")
        .onRef("c2.prompt_id", "=", "c1.prompt_id")
        .onRef("c2.system_id", ">", "c1.system_id"),
    )
    .where("c1.project_id", "=", projectId)
    .where(notLive(dialect, "c1"))
    .where(notLive(dialect, "c2"))
    .where((eb) => eb.not(eb.exists(judgedBy(eb, annotatorId))));
  return query
    .$if(skipPrompts.length > 0, (q) => q.where("c1.prompt_id", "not in", skipPrompts))
    .$if(oncePerPrompt, (q) => q.where((eb) => eb.not(eb.exists(votedOnPrompt(eb, annotatorId)))));
}

/** Any pairwise judgment of this annotator on c1's prompt. */
function votedOnPrompt(eb: ExpressionBuilder<PairDb, "c1" | "c2">, annotatorId: string) {
  return eb
    .selectFrom("judgments as j")
    .select("j.seq")
    .whereRef("j.project_id", "=", "c1.project_id")
    .where("j.annotator_id", "=", annotatorId)
    .whereRef("j.prompt_id", "=", "c1.prompt_id")
    .where("j.kind", "=", "pairwise");
}

/** This annotator's pairwise judgment of c1 and c2, either way round. */
function judgedBy(eb: ExpressionBuilder<PairDb, "c1" | "c2">, annotatorId: string) {
  return votedOnPrompt(eb, annotatorId).where((w) =>
    w.or([
      w.and([w("j.candidate_a", "=", w.ref("c1.id")), w("j.candidate_b", "=", w.ref("c2.id"))]),
      w.and([w("j.candidate_a", "=", w.ref("c2.id")), w("j.candidate_b", "=", w.ref("c1.id"))]),
    ]),
  );
}

const pairKey = (x: string, y: string) => JSON.stringify(x < y ? [x, y] : [y, x]);

// The signature of every task method of the store port (next-ranking, next-single, serve-pair).
export async function nextPairTask(
  ctx: StoreContext,
  projectId: string,
  annotatorId: string,
  options: TaskOptions = {},
): Promise<PairTask | undefined> {
  const routed = await nextRoutedPair(ctx, projectId, annotatorId, options);
  const routedPair = routed && (await loadPair(ctx, projectId, routed));
  if (routedPair) return shownAtRandom(routedPair);

  const { db } = ctx;
  const skip = options.skipPrompts ?? [];
  const once = options.oncePerPrompt ?? false;
  const open = await openPairs(db, ctx.dialect, projectId, annotatorId, skip, once)
    .select((eb) => ["c1.system_id as s1", "c2.system_id as s2", eb.fn.countAll().as("n")])
    .groupBy(["c1.system_id", "c2.system_id"])
    .execute();
  if (open.length === 0) return undefined;

  const judged = await db
    .selectFrom("judgments")
    .select((eb) => ["system_a", "system_b", eb.fn.countAll().as("n")])
    .where("project_id", "=", projectId)
    .where("kind", "=", "pairwise")
    .groupBy(["system_a", "system_b"])
    .execute();
  const judgedCount = new Map<string, number>();
  for (const r of judged) {
    if (r.system_a === null || r.system_b === null) continue;
    const key = pairKey(r.system_a, r.system_b);
    judgedCount.set(key, (judgedCount.get(key) ?? 0) + toCount(r.n));
  }

  let fewest = Number.POSITIVE_INFINITY;
  let least: typeof open = [];
  for (const pair of open) {
    const count = judgedCount.get(pairKey(pair.s1, pair.s2)) ?? 0;
    if (count < fewest) [fewest, least] = [count, [pair]];
    else if (count === fewest) least.push(pair);
  }
  const chosen = least[randomInt(least.length)];
  if (!chosen) return undefined;

  const pick = (offset: number) =>
    openPairs(db, ctx.dialect, projectId, annotatorId, skip, once)
      .where("c1.system_id", "=", chosen.s1)
      .where("c2.system_id", "=", chosen.s2)
      .select(["c1.prompt_id as promptId", "c1.id as x", "c2.id as y"])
      .orderBy("c1.prompt_id")
      .orderBy("c1.id")
      .orderBy("c2.id")
      .limit(1)
      .offset(offset)
      .executeTakeFirst();
  // The count may be stale by the time we pick (another tab of the same annotator voted).
  const found = (await pick(randomInt(Math.max(1, toCount(chosen.n))))) ?? (await pick(0));
  if (!found) return undefined;

  const pair = await loadPair(ctx, projectId, {
    prompt_id: found.promptId,
    candidate_a: found.x,
    candidate_b: found.y,
  });
  return pair && shownAtRandom(pair);
}

/** Position carries no information: which side a system is shown on is a coin flip. */
function shownAtRandom(pair: PairTask): PairTask {
  const [x, y] = pair.candidates;
  return { ...pair, candidates: randomInt(2) === 0 ? [x, y] : [y, x] };
}

/** A pair's prompt and candidates, in the order named (as served, for servePairTask). */
export async function loadPair(
  ctx: StoreContext,
  projectId: string,
  served: { prompt_id: string; candidate_a: string; candidate_b: string },
): Promise<PairTask | undefined> {
  const [prompt, rows] = await Promise.all([
    ctx.db
      .selectFrom("prompts")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("id", "=", served.prompt_id)
      .executeTakeFirst(),
    ctx.db
      .selectFrom("candidates")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("id", "in", [served.candidate_a, served.candidate_b])
      .execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, candidateFromRow(r)]));
  const a = byId.get(served.candidate_a);
  const b = byId.get(served.candidate_b);
  if (!prompt || !a || !b) return undefined;
  return { kind: "pair", prompt: promptFromRow(prompt), candidates: [a, b] };
}
