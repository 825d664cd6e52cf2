/**
 * Annotators: identity, role, attributes (one row each, so leaderboards can filter on them in
 * SQL), the projects they work on, and the hash of their token — the token itself is never
 * stored.
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { AnnotatorsTable, Database } from "./schema.js";
import { type AnnotatorRecord, type Role, StoreError } from "./store.js";
import {
  chunks,
  IN_LIST,
  isUniqueViolation,
  type StoreContext,
  toCount,
  writeTransaction,
} from "./transaction.js";

const ROLES: ReadonlySet<string> = new Set(["admin", "annotator", "viewer"]);

export interface NewAnnotator {
  name: string;
  role: Role;
  attributes?: Record<string, string>;
  projects?: readonly string[];
  tokenHash: string;
}

export async function createAnnotator(
  ctx: StoreContext,
  input: NewAnnotator,
): Promise<AnnotatorRecord> {
  if (!ROLES.has(input.role)) {
    throw new StoreError("invalid", "role", "expected admin, annotator or viewer");
  }
  if (!/^[0-9a-f]{64}$/.test(input.tokenHash)) {
    throw new StoreError("invalid", "token_hash", "expected a SHA-256 digest in lowercase hex");
  }
  const attributes = input.attributes ?? {};
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value !== "string") {
      throw new StoreError("invalid", `attributes.${name}`, "expected a string");
    }
  }
  const record: AnnotatorRecord = {
    id: randomUUID(),
    name: input.name,
    role: input.role,
    attributes: { ...attributes },
    projects: [...new Set(input.projects ?? [])].sort(),
    createdAt: new Date().toISOString(),
  };
  const duplicateToken = () =>
    new StoreError("duplicate_id", "token_hash", "another annotator has this token");
  try {
    await writeTransaction(ctx, async (tx) => {
      const known =
        record.projects.length === 0
          ? []
          : await tx
              .selectFrom("projects")
              .select("id")
              .where("id", "in", record.projects)
              .execute();
      const knownIds = new Set(known.map((r) => r.id));
      (input.projects ?? []).forEach((id, index) => {
        if (!knownIds.has(id)) {
          const reason = `project "${id}" does not exist`;
          throw new StoreError("unknown_reference", `projects.${index}`, reason);
        }
      });
      const taken = await tx
        .selectFrom("annotators")
        .select("id")
        .where("token_hash", "=", input.tokenHash)
        .executeTakeFirst();
      if (taken) throw duplicateToken();
      await tx
        .insertInto("annotators")
        .values({
          id: record.id,
          name: record.name,
          role: record.role,
          token_hash: input.tokenHash,
          created_at: record.createdAt,
        })
        .execute();
      const attributeRows = Object.entries(record.attributes).map(([name, value]) => ({
        annotator_id: record.id,
        name,
        value,
      }));
      if (attributeRows.length > 0) {
        await tx.insertInto("annotator_attributes").values(attributeRows).execute();
      }
      if (record.projects.length > 0) {
        await tx
          .insertInto("annotator_projects")
          .values(record.projects.map((project_id) => ({ annotator_id: record.id, project_id })))
          .execute();
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateToken();
    throw error;
  }
  return record;
}

/** The annotator with this token hash, with the stored hash (the caller compares it in constant time). */
export async function findAnnotatorByTokenHash(ctx: StoreContext, tokenHash: string) {
  const rows = await ctx.db
    .selectFrom("annotators")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .execute();
  const [found] = await withDetails(ctx.db, rows);
  return found && rows[0] ? { ...found, tokenHash: rows[0].token_hash } : undefined;
}

export async function getAnnotator(ctx: StoreContext, id: string) {
  const rows = await ctx.db.selectFrom("annotators").selectAll().where("id", "=", id).execute();
  return (await withDetails(ctx.db, rows))[0];
}

/** All annotators, or those who may work on a project: its members and every admin. */
export async function listAnnotators(ctx: StoreContext, projectId?: string) {
  let query = ctx.db.selectFrom("annotators").selectAll();
  if (projectId !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb("role", "=", "admin"),
        eb(
          "id",
          "in",
          eb
            .selectFrom("annotator_projects")
            .select("annotator_id")
            .where("project_id", "=", projectId),
        ),
      ]),
    );
  }
  return withDetails(ctx.db, await query.orderBy("created_at").orderBy("id").execute());
}

/** Judgments per annotator: members with none count 0; annotators by number, then id. */
export async function progress(ctx: StoreContext, projectId: string) {
  const [counts, members] = await Promise.all([
    ctx.db
      .selectFrom("judgments")
      .select((eb) => ["annotator_id", eb.fn.countAll().as("n")])
      .where("project_id", "=", projectId)
      .where("annotator_id", "is not", null)
      .groupBy("annotator_id")
      .execute(),
    ctx.db
      .selectFrom("annotator_projects")
      .select("annotator_id")
      .where("project_id", "=", projectId)
      .execute(),
  ]);
  const byAnnotator = new Map<string, number>(members.map((m) => [m.annotator_id, 0]));
  for (const c of counts)
    if (c.annotator_id !== null) byAnnotator.set(c.annotator_id, toCount(c.n));
  return [...byAnnotator]
    .map(([annotatorId, judgments]) => ({ annotatorId, judgments }))
    .sort((x, y) => y.judgments - x.judgments || (x.annotatorId < y.annotatorId ? -1 : 1));
}

async function withDetails(
  db: Kysely<Database>,
  rows: readonly Selectable<AnnotatorsTable>[],
): Promise<AnnotatorRecord[]> {
  const attributes = new Map<string, Record<string, string>>();
  const projects = new Map<string, string[]>();
  for (const ids of chunks(
    rows.map((r) => r.id),
    IN_LIST,
  )) {
    const [attributeRows, projectRows] = await Promise.all([
      db.selectFrom("annotator_attributes").selectAll().where("annotator_id", "in", ids).execute(),
      db.selectFrom("annotator_projects").selectAll().where("annotator_id", "in", ids).execute(),
    ]);
    for (const a of attributeRows) {
      const own = attributes.get(a.annotator_id) ?? {};
      own[a.name] = a.value;
      attributes.set(a.annotator_id, own);
    }
    for (const p of projectRows) {
      projects.set(p.annotator_id, [...(projects.get(p.annotator_id) ?? []), p.project_id]);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    attributes: attributes.get(r.id) ?? {},
    projects: (projects.get(r.id) ?? []).sort(),
    createdAt: r.created_at,
  }));
}
