/** Projects: create, read, change, and the existence check every project-scoped write starts with. */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { projectFromRow, toJson } from "./rows.js";
import type { Database } from "./schema.js";
import { type Project, StoreError } from "./store.js";
import { isUniqueViolation, type StoreContext, writeTransaction } from "./transaction.js";

export async function createProject(
  ctx: StoreContext,
  input: { id?: string; name: string; settings?: Record<string, unknown> },
): Promise<Project> {
  if (input.id === "") throw new StoreError("invalid", "id", "expected a non-empty id");
  const project: Project = {
    id: input.id ?? randomUUID(),
    name: input.name,
    settings: input.settings ?? {},
    createdAt: new Date().toISOString(),
  };
  const duplicate = () =>
    new StoreError("duplicate_id", "id", `project "${project.id}" already exists`);
  try {
    await writeTransaction(ctx, async (tx) => {
      const existing = await tx
        .selectFrom("projects")
        .select("id")
        .where("id", "=", project.id)
        .executeTakeFirst();
      if (existing) throw duplicate();
      await tx
        .insertInto("projects")
        .values({
          id: project.id,
          name: project.name,
          settings: toJson(project.settings),
          created_at: project.createdAt,
        })
        .execute();
    });
  } catch (error) {
    // Another process created the same id between our check and our insert.
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
  return project;
}

export async function getProject(ctx: StoreContext, id: string): Promise<Project | undefined> {
  const row = await ctx.db
    .selectFrom("projects")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return row && projectFromRow(row);
}

export async function listProjects(ctx: StoreContext): Promise<Project[]> {
  const rows = await ctx.db
    .selectFrom("projects")
    .selectAll()
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(projectFromRow);
}

/**
 * Reads the project and writes what `change` makes of it in one transaction. SQLite's
 * transaction holds the write lock from its start; on PostgreSQL the row is locked FOR UPDATE,
 * so two changes to different settings never overwrite each other.
 */
export async function updateProject(
  ctx: StoreContext,
  id: string,
  change: (current: Project) => { name?: string; settings?: Record<string, unknown> },
): Promise<Project> {
  return writeTransaction(ctx, async (tx) => {
    let read = tx.selectFrom("projects").selectAll().where("id", "=", id);
    if (ctx.dialect === "postgres") read = read.forUpdate();
    const row = await read.executeTakeFirst();
    if (!row) throw new StoreError("not_found", "id", `project "${id}" does not exist`);
    const current = projectFromRow(row);
    const { name, settings } = change(current);
    const updated: Project = {
      ...current,
      ...(name === undefined ? {} : { name }),
      ...(settings === undefined ? {} : { settings }),
    };
    await tx
      .updateTable("projects")
      .set({ name: updated.name, settings: toJson(updated.settings) })
      .where("id", "=", id)
      .execute();
    return updated;
  });
}

/** @throws StoreError `not_found` on field "project" when the project does not exist. */
export async function requireProject(db: Kysely<Database>, projectId: string): Promise<void> {
  const row = await db
    .selectFrom("projects")
    .select("id")
    .where("id", "=", projectId)
    .executeTakeFirst();
  if (!row) throw new StoreError("not_found", "project", `project "${projectId}" does not exist`);
}
