/**
 * "Once" as a database constraint, on both dialects and across processes:
 *
 * - `judged_tasks`: one row per (project, annotator, task) an annotator's submission took — an
 *   arena prompt, a queue pair, a ranked prompt, a rated or thumbed candidate (the keys are
 *   made by store/task-keys.ts). Its primary key is the rule: a second submission of the same
 *   task, from any process at any moment, conflicts in the database itself. Rows go with their judgment (cascade), so an undone queue judgment frees its task.
 * - `served_pairs`: the pair an arena last served each annotator for a prompt. A vote must
 *   name it, and storing the vote deletes the row: an annotator can vote only on a pair they
 *   were shown, never on one they assembled from handles.
 * - `judgments.idempotency_scope`: idempotency keys become unique per submitter (an
 *   annotator's id; "" for admins and imports), so one annotator's key can neither collide
 *   with nor reveal another's judgment.
 *
 * Existing annotators' judgments take their tasks (the first one of each, in stored order:
 * earlier repeats stay stored, but no new repeat can join them) — in an arena, a pairwise vote
 * its prompt, anything else its queue task — and their idempotency keys move into their own
 * scope.
 */
import { type Kysely, type Migration, sql } from "kysely";
import { tasksOf } from "../task-keys.js";

const PAGE = 1000;
const INSERT_ROWS = 400;

interface JudgmentRow {
  seq: number;
  project_id: string;
  id: string;
  kind: "pairwise" | "ranking" | "rating" | "binary";
  prompt_id: string;
  candidate_a: string | null;
  candidate_b: string | null;
  annotator_id: string;
  body: string | null;
}

export const oncePerTaskMigration: Migration = {
  async up(untyped: Kysely<unknown>) {
    // Frozen history: repeats 0001's and 0004's createTable chains and rebuild on purpose
    // (migrations/index.ts).
    // biome-ignore lint/suspicious/noExplicitAny: a migration sees the tables as they were then
    const db = untyped as Kysely<any>;
    await db.schema
      .createTable("judged_tasks")
      .addColumn("project_id", "text", (c) => c.notNull())
      .addColumn("annotator_id", "text", (c) => c.notNull())
      .addColumn("task", "text", (c) => c.notNull())
      .addColumn("judgment_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("judged_tasks_pk", ["project_id", "annotator_id", "task"])
      .addForeignKeyConstraint(
        "judged_tasks_judgment_fk",
        ["project_id", "judgment_id"],
        "judgments",
        ["project_id", "id"],
        (fk) => fk.onDelete("cascade"),
      )
      .execute();
    // The cascade looks rows up by judgment.
    await db.schema
      .createIndex("judged_tasks_judgment_idx")
      .on("judged_tasks")
      .columns(["project_id", "judgment_id"])
      .execute();

    await db.schema
      .createTable("served_pairs")
      .addColumn("project_id", "text", (c) => c.notNull().references("projects.id"))
      .addColumn("annotator_id", "text", (c) => c.notNull())
      .addColumn("prompt_id", "text", (c) => c.notNull())
      .addColumn("candidate_a", "text", (c) => c.notNull())
      .addColumn("candidate_b", "text", (c) => c.notNull())
      .addColumn("served_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("served_pairs_pk", ["project_id", "annotator_id", "prompt_id"])
      .execute();

    await db.schema
      .alterTable("judgments")
      .addColumn("idempotency_scope", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await db.schema.dropIndex("judgments_idempotency_unique").execute();
    await db.schema
      .createIndex("judgments_idempotency_unique")
      .unique()
      .on("judgments")
      .columns(["project_id", "idempotency_scope", "idempotency_key"])
      .where(sql.ref("idempotency_key"), "is not", null)
      .execute();

    const annotators = new Set(
      (
        (await db.selectFrom("annotators").select("id").where("role", "!=", "admin").execute()) as {
          id: string;
        }[]
      ).map((r) => r.id),
    );
    const arenas = new Set(
      (
        (await db.selectFrom("projects").select(["id", "settings"]).execute()) as {
          id: string;
          settings: string;
        }[]
      )
        .filter((p) => (JSON.parse(p.settings) as { mode?: string }).mode !== "queue")
        .map((p) => p.id),
    );
    for (const id of annotators) {
      await db
        .updateTable("judgments")
        .set({ idempotency_scope: id })
        .where("annotator_id", "=", id)
        .where("idempotency_key", "is not", null)
        .execute();
    }

    let after = 0;
    for (;;) {
      const rows = (await db
        .selectFrom("judgments")
        .select([
          "seq",
          "project_id",
          "id",
          "kind",
          "prompt_id",
          "candidate_a",
          "candidate_b",
          "annotator_id",
          "body",
        ])
        .where("annotator_id", "is not", null)
        .where("source_kind", "=", "human")
        .where("seq", ">", after)
        .orderBy("seq")
        .limit(PAGE)
        .execute()) as JudgmentRow[];
      if (rows.length === 0) break;
      after = Number(rows.at(-1)!.seq);
      const values = rows
        .filter((r) => annotators.has(r.annotator_id))
        .flatMap((r) =>
          // An arena's prompt is taken by a vote; anything else an annotator stored there
          // (before arenas took votes only) takes its queue task, or serving would offer a
          // prompt whose vote is then refused.
          tasksOf(judgmentOf(r), arenas.has(r.project_id) && r.kind === "pairwise").map(
            ({ key }) => ({
              project_id: r.project_id,
              annotator_id: r.annotator_id,
              task: key,
              judgment_id: r.id,
            }),
          ),
        );
      for (let i = 0; i < values.length; i += INSERT_ROWS) {
        await db
          .insertInto("judged_tasks")
          .values(values.slice(i, i + INSERT_ROWS))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
  },
  async down(untyped: Kysely<unknown>) {
    // biome-ignore lint/suspicious/noExplicitAny: a migration sees the tables as they were then
    const db = untyped as Kysely<any>;
    await db.schema.dropTable("judged_tasks").execute();
    await db.schema.dropTable("served_pairs").execute();
    await db.schema.dropIndex("judgments_idempotency_unique").execute();
    await db.schema.alterTable("judgments").dropColumn("idempotency_scope").execute();
    await db.schema
      .createIndex("judgments_idempotency_unique")
      .unique()
      .on("judgments")
      .columns(["project_id", "idempotency_key"])
      .where(sql.ref("idempotency_key"), "is not", null)
      .execute();
  },
};

/** What tasksOf needs of a stored row. */
function judgmentOf(r: JudgmentRow) {
  if (r.kind === "pairwise") {
    return { kind: r.kind, promptId: r.prompt_id, a: r.candidate_a!, b: r.candidate_b! };
  }
  const body = JSON.parse(r.body ?? "{}") as {
    order?: string[][];
    scores?: { candidateId: string }[];
    candidateId?: string;
  };
  if (r.kind === "ranking") return { kind: r.kind, promptId: r.prompt_id, order: body.order ?? [] };
  if (r.kind === "rating") {
    return { kind: r.kind, promptId: r.prompt_id, scores: body.scores ?? [] };
  }
  return { kind: r.kind, promptId: r.prompt_id, candidateId: body.candidateId ?? "" };
}
