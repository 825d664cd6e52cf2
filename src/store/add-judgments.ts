/**
 * Storing a batch of judgments: one transaction, all or nothing. References are fetched once
 * per batch (a few `IN` lists, not a query per judgment), each judgment is checked in batch
 * order so the error names the first bad one, and new rows go in with multi-row inserts.
 *
 * Idempotency: a judgment whose key is already stored in its scope (the submitting
 * annotator's, or "" for admins and imports), or appeared earlier in the batch, is not stored
 * again; the stored one is returned with `created: false`. Two processes submitting the same
 * key at once both reach the unique index on (project_id, idempotency_scope, idempotency_key):
 * the insert says ON CONFLICT DO NOTHING, so the later one waits for the earlier to commit,
 * skips the row, and re-reads it — one row, and both callers get it.
 *
 * Once (an annotator's submission, `OnceRule`): each new judgment takes its tasks in
 * `judged_tasks`, whose primary key refuses a second taking however the submissions race —
 * ON CONFLICT DO NOTHING waits for the other transaction and then reports no row, and the
 * batch fails as `already_judged`. An arena vote also uses up the pair served for it.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Judgment } from "../core/types.js";
import { analyzeAfterBulk, IN_LIST, INSERT_ROWS, inTurns } from "./bulk.js";
import {
  type JudgmentRow,
  judgedCandidateRows,
  judgmentBody,
  judgmentFromRow,
  judgmentToRow,
} from "./judgment-rows.js";
import { bumpJudgmentVersion } from "./judgments.js";
import type { NewJudgment, OnceRule, StoredJudgment } from "./port/judgments.js";
import { StoreError } from "./port/store-error.js";
import { requireProject } from "./projects.js";
import type { Database } from "./schema.js";
import { type TaskKey, tasksOf } from "./task-keys.js";
import { type StoreContext, toCount, writeTransaction } from "./transaction.js";
import {
  type CandidateRef,
  candidatesOf,
  checkJudgment,
  type References,
} from "./validate-judgment.js";

interface Given {
  index: number;
  judgment: Judgment & { createdAt: string };
  /** The caller chose the id (a replay must then match it). */
  explicitId: boolean;
  once: OnceRule | undefined;
  /** Whose idempotency keys the key is among. */
  keyScope: string;
}

interface Fresh extends Given {
  row: JudgmentRow;
}

export async function addJudgments(
  ctx: StoreContext,
  projectId: string,
  items: readonly NewJudgment[],
): Promise<StoredJudgment[]> {
  const now = new Date().toISOString();
  const given: Given[] = items.map((item, index) => {
    const { once, ...rest } = item;
    const judgment = {
      ...rest,
      id: item.id ?? randomUUID(),
      createdAt: item.createdAt ?? now,
    } as Judgment & { createdAt: string };
    return {
      index,
      judgment,
      explicitId: item.id !== undefined,
      once,
      keyScope: once?.annotatorId ?? "",
    };
  });

  const results = await writeTransaction(ctx, async (tx) => {
    await requireProject(tx, projectId);
    const refs = await fetchReferences(
      tx,
      projectId,
      given.map((g) => g.judgment),
    );
    const keys = given.flatMap((g) => keyOf(g) ?? []);
    const storedByKey = await fetchByKeys(tx, projectId, keys);
    const explicitIds = given.filter((g) => g.explicitId).map((g) => g.judgment.id);
    const storedIds = await fetchExistingIds(tx, projectId, explicitIds);

    const results: StoredJudgment[] = [];
    const fresh: Fresh[] = [];
    /** Later items of the batch that repeat an earlier one's key: [index, earlier index]. */
    const repeats: [number, number][] = [];
    const firstWithKey = new Map<string, Given>();
    const batchIds = new Set<string>();

    /** Tasks taken by the batch's new judgments (OnceRule): [judgment, task]. */
    const taken: [Given, TaskKey][] = [];
    const takenKeys = new Set<string>();

    for (const g of given) {
      const key = keyOf(g);
      if (key !== undefined) {
        const stored = storedByKey.get(key);
        if (stored) {
          results[g.index] = replay(stored, g);
          continue;
        }
        const first = firstWithKey.get(key);
        if (first) {
          replay(first.judgment, g);
          repeats.push([g.index, first.index]);
          continue;
        }
        firstWithKey.set(key, g);
      }
      checkJudgment(g.judgment, g.index, refs);
      const { id } = g.judgment;
      if (batchIds.has(id) || storedIds.has(id)) throw duplicateId(id, g.index);
      batchIds.add(id);
      if (g.once) {
        for (const task of tasksOfOnce(g, g.once)) {
          const claim = scoped(g.once.annotatorId, task.key);
          if (takenKeys.has(claim)) throw alreadyJudged(g, task);
          takenKeys.add(claim);
          taken.push([g, task]);
        }
      }
      const row = judgmentToRow(projectId, g.judgment, systemsOf(g.judgment, refs), g.keyScope);
      fresh.push({ ...g, row });
    }

    const missed: Fresh[] = [];
    const judged: ReturnType<typeof judgedCandidateRows> = [];
    for await (const chunk of inTurns(fresh, INSERT_ROWS)) {
      const inserted = await tx
        .insertInto("judgments")
        .values(chunk.map((f) => f.row))
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .execute();
      const ids = new Set(inserted.map((r) => r.id));
      for (const f of chunk) {
        if (ids.has(f.judgment.id)) {
          results[f.index] = { judgment: judgmentFromRow(f.row), created: true };
          judged.push(...judgedCandidateRows(projectId, f.judgment));
        } else missed.push(f);
      }
    }
    for await (const chunk of inTurns(judged, INSERT_ROWS)) {
      await tx.insertInto("judgment_candidates").values(chunk).execute();
    }
    // Rows another transaction committed after our look-ups: a concurrent submission of the
    // same idempotency key (return the stored row) or of the same id (a duplicate).
    const replayed = new Set<Given>();
    for (const f of missed) {
      const key = keyOf(f);
      const stored =
        key === undefined ? undefined : (await fetchByKeys(tx, projectId, [key])).get(key);
      if (!stored) throw duplicateId(f.judgment.id, f.index);
      results[f.index] = replay(stored, f);
      replayed.add(f);
    }
    await takeTasks(
      tx,
      projectId,
      taken.filter(([g]) => !replayed.has(g)),
    );
    for (const [index, first] of repeats) {
      const earlier = results[first];
      if (earlier) results[index] = { judgment: earlier.judgment, created: false };
    }
    if (results.some((r) => r.created)) await bumpJudgmentVersion(tx, projectId);
    return results;
  });
  await analyzeAfterBulk(ctx, "judgments", results.filter((r) => r.created).length);
  return results;
}

/** An idempotency key or task key within its scope (an annotator, or "" for everyone else). */
const scoped = (scope: string, key: string) => JSON.stringify([scope, key]);

/** A judgment's idempotency key scoped to its submitter, if it has one. */
const keyOf = (g: Given): string | undefined =>
  g.judgment.idempotencyKey === undefined
    ? undefined
    : scoped(g.keyScope, g.judgment.idempotencyKey);

/** The tasks a judgment under a OnceRule takes; an arena takes only pairwise votes. */
function tasksOfOnce(g: Given, once: OnceRule): TaskKey[] {
  const j = g.judgment;
  if (once.arena && j.kind !== "pairwise") {
    throw new StoreError(
      "invalid",
      "kind",
      "an arena takes only the blind pairwise vote on the pair it served",
      g.index,
    );
  }
  return tasksOf(j, once.arena);
}

const alreadyJudged = (g: Given, task: TaskKey) =>
  new StoreError(
    "already_judged",
    task.field,
    g.once?.arena
      ? "you have voted on this prompt already (in an arena, one vote per prompt)"
      : "you have judged this task already (undo that judgment to change it)",
    g.index,
  );

/**
 * Inserts the batch's task rows; one that is there already (committed by another
 * transaction, which ON CONFLICT waits for) refuses the batch. Then an arena vote uses up the
 * pair served for it: a vote on any other pair, or a second vote racing for the same served
 * pair, finds no row to delete.
 */
async function takeTasks(
  tx: Kysely<Database>,
  projectId: string,
  taken: readonly [Given, TaskKey][],
): Promise<void> {
  for await (const chunk of inTurns(taken, INSERT_ROWS)) {
    const inserted = await tx
      .insertInto("judged_tasks")
      .values(
        chunk.map(([g, task]) => ({
          project_id: projectId,
          annotator_id: g.once!.annotatorId,
          task: task.key,
          judgment_id: g.judgment.id,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning(["annotator_id", "task"])
      .execute();
    const done = new Set(inserted.map((r) => scoped(r.annotator_id, r.task)));
    const refused = chunk.find(([g, task]) => !done.has(scoped(g.once!.annotatorId, task.key)));
    if (refused) throw alreadyJudged(...refused);
  }
  for (const [g] of taken) {
    const j = g.judgment;
    if (!g.once?.arena || j.kind !== "pairwise") continue;
    const used = await tx
      .deleteFrom("served_pairs")
      .where("project_id", "=", projectId)
      .where("annotator_id", "=", g.once.annotatorId)
      .where("prompt_id", "=", j.promptId)
      .where((eb) =>
        eb.or([
          eb.and([eb("candidate_a", "=", j.a), eb("candidate_b", "=", j.b)]),
          eb.and([eb("candidate_a", "=", j.b), eb("candidate_b", "=", j.a)]),
        ]),
      )
      .executeTakeFirst();
    if (toCount(used.numDeletedRows) === 0) {
      throw new StoreError(
        "not_served",
        "b",
        "not the pair you were served for this prompt: vote on the pair tasks/next showed you",
        g.index,
      );
    }
  }
}

/** The stored judgment for a resubmission, or an idempotency conflict. */
function replay(stored: Judgment, g: Given): StoredJudgment {
  const differs = judgmentBody(stored) !== judgmentBody(g.judgment);
  if (differs || (g.explicitId && g.judgment.id !== stored.id)) {
    const reason = `idempotency key "${g.judgment.idempotencyKey}" was used for a different judgment ("${stored.id}")`;
    throw new StoreError("idempotency_conflict", "idempotency_key", reason, g.index);
  }
  return { judgment: stored, created: false };
}

const duplicateId = (id: string, index: number) =>
  new StoreError("duplicate_id", "id", `judgment "${id}" already exists`, index);

/** The systems of a pairwise judgment's candidates (denormalised into its row). */
export function systemsOf(j: Judgment, refs: References): { a: string; b: string } | undefined {
  if (j.kind !== "pairwise") return undefined;
  const a = refs.candidates.get(j.a);
  const b = refs.candidates.get(j.b);
  return a && b ? { a: a.systemId, b: b.systemId } : undefined;
}

/** The prompts and candidates a batch of judgments names, fetched once for the batch. */
export async function fetchReferences(
  tx: Kysely<Database>,
  projectId: string,
  judgments: readonly Judgment[],
): Promise<References> {
  const promptIds = [...new Set(judgments.map((j) => j.promptId))];
  const candidateIds = [...new Set(judgments.flatMap(candidatesOf))];
  const prompts = new Set<string>();
  for await (const ids of inTurns(promptIds, IN_LIST)) {
    const rows = await tx
      .selectFrom("prompts")
      .select("id")
      .where("project_id", "=", projectId)
      .where("id", "in", ids)
      .execute();
    for (const r of rows) prompts.add(r.id);
  }
  const candidates = new Map<string, CandidateRef>();
  for await (const ids of inTurns(candidateIds, IN_LIST)) {
    const rows = await tx
      .selectFrom("candidates")
      .select(["id", "prompt_id", "system_id"])
      .where("project_id", "=", projectId)
      .where("id", "in", ids)
      .execute();
    for (const r of rows) candidates.set(r.id, { promptId: r.prompt_id, systemId: r.system_id });
  }
  return { prompts, candidates };
}

/** Stored judgments by scoped idempotency key (`scoped(scope, key)`). */
async function fetchByKeys(
  tx: Kysely<Database>,
  projectId: string,
  scopedKeys: readonly string[],
): Promise<Map<string, Judgment>> {
  const found = new Map<string, Judgment>();
  const byScope = new Map<string, string[]>();
  for (const k of new Set(scopedKeys)) {
    const [scope, key] = JSON.parse(k) as [string, string];
    const keys = byScope.get(scope);
    if (keys) keys.push(key);
    else byScope.set(scope, [key]);
  }
  for (const [scope, keys] of byScope) {
    for await (const part of inTurns(keys, IN_LIST)) {
      const rows = await tx
        .selectFrom("judgments")
        .selectAll()
        .where("project_id", "=", projectId)
        .where("idempotency_scope", "=", scope)
        .where("idempotency_key", "in", part)
        .execute();
      for (const r of rows) {
        if (r.idempotency_key !== null) {
          found.set(scoped(scope, r.idempotency_key), judgmentFromRow(r));
        }
      }
    }
  }
  return found;
}

async function fetchExistingIds(
  tx: Kysely<Database>,
  projectId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  // The batched look-up of fetchReferences' prompts, over judgments: Kysely types each query
  // by its literal table name, so the two stay written out.
  const found = new Set<string>();
  for await (const part of inTurns([...new Set(ids)], IN_LIST)) {
    const rows = await tx
      .selectFrom("judgments")
      .select("id")
      .where("project_id", "=", projectId)
      .where("id", "in", part)
      .execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}
