/**
 * A project as canonical entries — prompts, systems, candidates (each by id), then judgments
 * (in insertion order) — read a page at a time with keyset pagination, so memory stays flat
 * however large the project.
 */
import type { CanonicalEntry } from "../core/dataset/canonical.js";
import { judgmentFromRow } from "./judgment-rows.js";
import { keyset } from "./keyset.js";
import { requireProject } from "./projects.js";
import { candidateFromRow, promptFromRow, systemFromRow } from "./rows.js";
import type { StoreContext } from "./transaction.js";

export async function* exportEntries(
  ctx: StoreContext,
  projectId: string,
): AsyncGenerator<CanonicalEntry> {
  const { db } = ctx;
  await requireProject(db, projectId);

  // The three catalog tables spelled out: Kysely types each query by its literal table name,
  // and a helper generic over the name loses the row types.
  const prompts = keyset(
    (after: string | undefined, limit) => {
      let q = db.selectFrom("prompts").selectAll().where("project_id", "=", projectId);
      if (after !== undefined) q = q.where("id", ">", after);
      return q.orderBy("id").limit(limit).execute();
    },
    (row) => row.id,
  );
  for await (const row of prompts) yield { type: "prompt", prompt: promptFromRow(row) };

  const systems = keyset(
    (after: string | undefined, limit) => {
      let q = db.selectFrom("systems").selectAll().where("project_id", "=", projectId);
      if (after !== undefined) q = q.where("id", ">", after);
      return q.orderBy("id").limit(limit).execute();
    },
    (row) => row.id,
  );
  for await (const row of systems) yield { type: "system", system: systemFromRow(row) };

  const candidates = keyset(
    (after: string | undefined, limit) => {
      let q = db.selectFrom("candidates").selectAll().where("project_id", "=", projectId);
      if (after !== undefined) q = q.where("id", ">", after);
      return q.orderBy("id").limit(limit).execute();
    },
    (row) => row.id,
  );
  for await (const row of candidates) yield { type: "candidate", candidate: candidateFromRow(row) };

  const judgments = keyset(
    (after: number | undefined, limit) =>
      db
        .selectFrom("judgments")
        .selectAll()
        .where("project_id", "=", projectId)
        .where("seq", ">", after ?? 0)
        .orderBy("seq")
        .limit(limit)
        .execute(),
    (row) => Number(row.seq),
  );
  for await (const row of judgments) yield { type: "judgment", judgment: judgmentFromRow(row) };
}
