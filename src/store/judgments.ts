/** Reading and deleting judgments, the version key, and leaderboard counts. */
import type { Judgment } from "../core/types.js";
import { battleFilter } from "./battle-filter.js";
import { judgmentFromRow } from "./judgment-rows.js";
import { keyset } from "./keyset.js";
import { type BattleCount, type BattleFilter, StoreError } from "./store.js";
import { type StoreContext, toCount, writeTransaction } from "./transaction.js";

export async function listJudgments(
  ctx: StoreContext,
  projectId: string,
  options: { annotatorId?: string; after?: string; limit?: number } = {},
): Promise<Judgment[]> {
  const { annotatorId, after, limit } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new StoreError("invalid", "limit", "expected a positive integer");
  }
  let afterSeq: number | undefined;
  if (after !== undefined) {
    const row = await ctx.db
      .selectFrom("judgments")
      .select("seq")
      .where("project_id", "=", projectId)
      .where("id", "=", after)
      .executeTakeFirst();
    if (!row) throw new StoreError("not_found", "after", `judgment "${after}" does not exist`);
    afterSeq = Number(row.seq);
  }
  let query = ctx.db.selectFrom("judgments").selectAll().where("project_id", "=", projectId);
  if (annotatorId !== undefined) query = query.where("annotator_id", "=", annotatorId);
  if (afterSeq !== undefined) query = query.where("seq", ">", afterSeq);
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.orderBy("seq").execute();
  return rows.map(judgmentFromRow);
}

export async function getJudgment(ctx: StoreContext, projectId: string, id: string) {
  const row = await ctx.db
    .selectFrom("judgments")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && judgmentFromRow(row);
}

/** Ids per query: far below either dialect's parameter limit. */
const IDS_PER_QUERY = 500;

/** The stored judgments among `ids`, by id (absent ids are not in the map). */
export async function getJudgments(
  ctx: StoreContext,
  projectId: string,
  ids: readonly string[],
): Promise<Map<string, Judgment>> {
  const found = new Map<string, Judgment>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
    const rows = await ctx.db
      .selectFrom("judgments")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("id", "in", unique.slice(i, i + IDS_PER_QUERY))
      .execute();
    for (const row of rows) found.set(row.id, judgmentFromRow(row));
  }
  return found;
}

/** One DELETE statement: its own transaction, committed before it resolves. */
export async function deleteJudgment(ctx: StoreContext, projectId: string, id: string) {
  return writeTransaction(ctx, async (tx) => {
    const result = await tx
      .deleteFrom("judgments")
      .where("project_id", "=", projectId)
      .where("id", "=", id)
      .executeTakeFirst();
    const deleted = toCount(result.numDeletedRows) > 0;
    if (deleted) await bumpJudgmentVersion(tx, projectId);
    return deleted;
  });
}

/** The project's change counter (migration 0003), raised by every insert and delete. */
export async function judgmentVersion(ctx: StoreContext, projectId: string): Promise<string> {
  const row = await ctx.db
    .selectFrom("projects")
    .select("judgment_version")
    .where("id", "=", projectId)
    .executeTakeFirst();
  return String(row?.judgment_version ?? 0);
}

/** Raises the project's change counter, inside the transaction that changed its judgments. */
export async function bumpJudgmentVersion(
  db: StoreContext["db"],
  projectId: string,
): Promise<void> {
  await db
    .updateTable("projects")
    .set((eb) => ({ judgment_version: eb("judgment_version", "+", 1) }))
    .where("id", "=", projectId)
    .execute();
}

/** SELECT system_a, system_b, outcome, count(*) … GROUP BY — one pass over a covering index. */
export async function battleCounts(
  ctx: StoreContext,
  projectId: string,
  filter: BattleFilter = {},
): Promise<BattleCount[]> {
  const rows = await ctx.db
    .selectFrom("judgments")
    .select((eb) => [
      "judgments.system_a",
      "judgments.system_b",
      "judgments.outcome",
      eb.fn.countAll().as("count"),
    ])
    .where("judgments.project_id", "=", projectId)
    .where("judgments.kind", "=", "pairwise")
    .where((eb) => battleFilter(eb, filter))
    .groupBy(["judgments.system_a", "judgments.system_b", "judgments.outcome"])
    .orderBy("judgments.system_a")
    .orderBy("judgments.system_b")
    .orderBy("judgments.outcome")
    .execute();
  return rows.flatMap((r) =>
    r.system_a === null || r.system_b === null || r.outcome === null
      ? []
      : [{ systemA: r.system_a, systemB: r.system_b, outcome: r.outcome, count: toCount(r.count) }],
  );
}

/** The project's AI judge models, sorted, with their judgment counts (one GROUP BY). */
export async function projectJudges(
  ctx: StoreContext,
  projectId: string,
): Promise<{ judge: string; judgments: number }[]> {
  const rows = await ctx.db
    .selectFrom("judgments")
    .select((eb) => ["judge_model", eb.fn.countAll().as("n")])
    .where("project_id", "=", projectId)
    .where("source_kind", "=", "ai")
    .groupBy("judge_model")
    .execute();
  return rows
    .flatMap((r) =>
      r.judge_model === null ? [] : [{ judge: r.judge_model, judgments: toCount(r.n) }],
    )
    .sort((x, y) => (x.judge < y.judge ? -1 : x.judge > y.judge ? 1 : 0));
}

/** Ranking and rating judgments matching the filter, in insertion order, a page at a time. */
export async function* listGradedJudgments(
  ctx: StoreContext,
  projectId: string,
  filter: BattleFilter = {},
): AsyncGenerator<Judgment> {
  const rows = keyset(
    (after: number | undefined, limit) =>
      ctx.db
        .selectFrom("judgments")
        .selectAll()
        .where("judgments.project_id", "=", projectId)
        .where("judgments.kind", "in", ["ranking", "rating"])
        .where("judgments.seq", ">", after ?? 0)
        .where((eb) => battleFilter(eb, filter))
        .orderBy("judgments.seq")
        .limit(limit)
        .execute(),
    (row) => Number(row.seq),
  );
  for await (const row of rows) yield judgmentFromRow(row);
}
