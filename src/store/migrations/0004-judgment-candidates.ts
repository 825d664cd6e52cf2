/**
 * The candidates each rating and thumbs judgment is about, one row per candidate. Those
 * judgments keep their candidates inside the JSON `body`; as rows, "which candidates has this
 * annotator rated" and "how often was each candidate rated" are index look-ups
 * (next-single-task.ts) instead of parsing every judgment's JSON on each request. Rows go with
 * their judgment: written in the same transaction (add-judgments.ts), deleted by the cascade.
 * Judgments stored before this migration are filled in from their bodies.
 */
import type { Kysely, Migration } from "kysely";

/** Judgments read per round of the fill-in. */
const PAGE = 1000;
/** Rows per INSERT (6 values each, far below either dialect's parameter limit). */
const INSERT_ROWS = 400;

interface Row {
  seq: number;
  project_id: string;
  id: string;
  kind: "rating" | "binary";
  prompt_id: string;
  annotator_id: string | null;
  body: string;
}

/** The distinct candidates of a stored rating or binary body. */
function candidatesOf(row: Row): string[] {
  const body = JSON.parse(row.body) as {
    candidateId?: string;
    scores?: { candidateId: string }[];
  };
  if (row.kind === "binary") return body.candidateId === undefined ? [] : [body.candidateId];
  return [...new Set((body.scores ?? []).map((s) => s.candidateId))];
}

export const judgmentCandidatesMigration: Migration = {
  async up(untyped: Kysely<unknown>) {
    // Frozen history: repeats 0001's createTable chains on purpose (migrations/index.ts).
    // biome-ignore lint/suspicious/noExplicitAny: a migration sees the tables as they were then
    const db = untyped as Kysely<any>;
    await db.schema
      .createTable("judgment_candidates")
      .addColumn("project_id", "text", (c) => c.notNull())
      .addColumn("judgment_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("prompt_id", "text", (c) => c.notNull())
      .addColumn("candidate_id", "text", (c) => c.notNull())
      .addColumn("annotator_id", "text")
      .addPrimaryKeyConstraint("judgment_candidates_pk", [
        "project_id",
        "judgment_id",
        "candidate_id",
      ])
      .addForeignKeyConstraint(
        "judgment_candidates_judgment_fk",
        ["project_id", "judgment_id"],
        "judgments",
        ["project_id", "id"],
        (fk) => fk.onDelete("cascade"),
      )
      .execute();
    // How often each candidate was judged (all annotators and judges).
    await db.schema
      .createIndex("judgment_candidates_count_idx")
      .on("judgment_candidates")
      .columns(["project_id", "kind", "candidate_id"])
      .execute();
    // Which candidates one annotator has judged.
    await db.schema
      .createIndex("judgment_candidates_annotator_idx")
      .on("judgment_candidates")
      .columns(["project_id", "annotator_id", "kind", "candidate_id"])
      .execute();

    let after = 0;
    for (;;) {
      const rows = (await db
        .selectFrom("judgments")
        .select(["seq", "project_id", "id", "kind", "prompt_id", "annotator_id", "body"])
        .where("kind", "in", ["rating", "binary"])
        .where("seq", ">", after)
        .orderBy("seq")
        .limit(PAGE)
        .execute()) as Row[];
      if (rows.length === 0) break;
      after = Number(rows.at(-1)!.seq);
      const values = rows.flatMap((r) =>
        candidatesOf(r).map((candidate_id) => ({
          project_id: r.project_id,
          judgment_id: r.id,
          kind: r.kind,
          prompt_id: r.prompt_id,
          candidate_id,
          annotator_id: r.annotator_id,
        })),
      );
      for (let i = 0; i < values.length; i += INSERT_ROWS) {
        await db
          .insertInto("judgment_candidates")
          .values(values.slice(i, i + INSERT_ROWS))
          .execute();
      }
    }
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("judgment_candidates").execute();
  },
};
