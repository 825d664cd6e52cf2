/**
 * Storing judgments that have ids, once (`addJudgmentsOnce`): how a judge job writes its
 * judgments into a project, so that a resumed job whose last step runs twice stores each
 * judgment once. A judgment already stored under its id with the same content (everything but
 * the timestamp) is skipped; different content under that id is a `duplicate_id`. Otherwise as
 * `addJudgments`: one transaction, all or nothing, the same checks (validate-judgment.ts) in
 * batch order, multi-row inserts, the project's change counter raised when something was added.
 *
 * Idempotency keys keep their meaning: a key already stored (scope "", as for imports) under
 * another id, or given twice in the batch for two ids, is an `idempotency_conflict`. A key
 * stored by another process between our look-up and our insert makes the insert skip the row,
 * and is then reported as a `duplicate_id` of that item.
 */
import type { Kysely } from "kysely";
import type { Judgment } from "../core/types.js";
import { fetchReferences, systemsOf } from "./add-judgments.js";
import { addOnce } from "./add-once.js";
import { analyzeAfterBulk, IN_LIST, INSERT_ROWS, inTurns } from "./bulk.js";
import {
  judgedCandidateRows,
  judgmentContent,
  judgmentFromRow,
  judgmentToRow,
} from "./judgment-rows.js";
import { bumpJudgmentVersion } from "./judgments.js";
import type { NewJudgment } from "./port/judgments.js";
import { StoreError } from "./port/store-error.js";
import { requireProject } from "./projects.js";
import type { Database } from "./schema.js";
import { type StoreContext, writeTransaction } from "./transaction.js";
import { checkJudgment } from "./validate-judgment.js";

type Dated = Judgment & { createdAt: string };

export async function addJudgmentsOnce(
  ctx: StoreContext,
  projectId: string,
  items: readonly NewJudgment[],
): Promise<{ added: number; skipped: number }> {
  const now = new Date().toISOString();
  const judgments = items.map((item) => ({ ...item, createdAt: item.createdAt ?? now }) as Dated);

  const added = await writeTransaction(ctx, async (tx) => {
    await requireProject(tx, projectId);
    const refs = await fetchReferences(tx, projectId, judgments);
    const keyOwners = await storedKeyOwners(tx, projectId, judgments);
    const added = await addOnce(judgments, {
      noun: "judgment",
      content: judgmentContent,
      check: (j, index) => {
        if (items[index]?.once !== undefined) {
          // "Once" holds an annotator's submission to its task; a job's judgments have none.
          const reason = "judgments stored once by id take no OnceRule";
          throw new StoreError("invalid", "once", reason, index);
        }
        checkJudgment(j, index, refs);
        checkKey(j, index, keyOwners);
      },
      fetch: async (ids) => {
        const found = new Map<string, string>();
        // Ids are checked after this first look-up: a missing one is simply not found here.
        const named = ids.filter((id) => typeof id === "string");
        for await (const part of inTurns(named, IN_LIST)) {
          const rows = await tx
            .selectFrom("judgments")
            .selectAll()
            .where("project_id", "=", projectId)
            .where("id", "in", part)
            .execute();
          for (const row of rows) found.set(row.id, judgmentContent(judgmentFromRow(row)));
        }
        return found;
      },
      insert: async (fresh) => {
        const inserted = new Set<string>();
        for await (const part of inTurns(fresh, INSERT_ROWS)) {
          const rows = await tx
            .insertInto("judgments")
            .values(part.map((j) => judgmentToRow(projectId, j, systemsOf(j, refs))))
            .onConflict((oc) => oc.doNothing())
            .returning("id")
            .execute();
          for (const r of rows) inserted.add(r.id);
        }
        const judged = fresh.filter((j) => inserted.has(j.id));
        const candidates = judged.flatMap((j) => judgedCandidateRows(projectId, j));
        for await (const part of inTurns(candidates, INSERT_ROWS)) {
          await tx.insertInto("judgment_candidates").values(part).execute();
        }
        return inserted;
      },
    });
    if (added > 0) await bumpJudgmentVersion(tx, projectId);
    return added;
  });
  await analyzeAfterBulk(ctx, "judgments", added);
  return { added, skipped: judgments.length - added };
}

/** The ids stored under the batch's idempotency keys (scope "", as imports and admins). */
async function storedKeyOwners(
  tx: Kysely<Database>,
  projectId: string,
  judgments: readonly Dated[],
): Promise<Map<string, string>> {
  const keys = [...new Set(judgments.flatMap((j) => j.idempotencyKey ?? []))];
  const owners = new Map<string, string>();
  for await (const part of inTurns(keys, IN_LIST)) {
    const rows = await tx
      .selectFrom("judgments")
      .select(["id", "idempotency_key"])
      .where("project_id", "=", projectId)
      .where("idempotency_scope", "=", "")
      .where("idempotency_key", "in", part)
      .execute();
    for (const r of rows) if (r.idempotency_key !== null) owners.set(r.idempotency_key, r.id);
  }
  return owners;
}

/**
 * Each idempotency key names one judgment: one stored under another id, or given earlier in the
 * batch with another id, refuses the item. `owners` learns the batch's keys as it goes.
 */
function checkKey(j: Dated, index: number, owners: Map<string, string>): void {
  const key = j.idempotencyKey;
  if (key === undefined) return;
  const owner = owners.get(key);
  if (owner === undefined) owners.set(key, j.id);
  else if (owner !== j.id) {
    const reason = `idempotency key "${key}" was used for a different judgment ("${owner}")`;
    throw new StoreError("idempotency_conflict", "idempotency_key", reason, index);
  }
}
