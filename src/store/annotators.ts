/**
 * Annotators: identity, role, attributes (one row each, so leaderboards can filter on them in
 * SQL), the projects they work on, and the hash of their token — the token itself is never
 * stored.
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { chunks, IN_LIST, INSERT_ROWS } from "./bulk.js";
import type { AnnotatorChanges, AnnotatorRecord, NewAnnotator } from "./port/annotators.js";
import { StoreError } from "./port/store-error.js";
import type { AnnotatorsTable, Database } from "./schema.js";
import { isUniqueViolation, type StoreContext, toCount, writeTransaction } from "./transaction.js";

const ROLES: ReadonlySet<string> = new Set(["admin", "annotator", "viewer"]);
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * What a revoked token leaves in `token_hash`. The column is NOT NULL UNIQUE; rather than a
 * migration making it nullable (SQLite would rebuild the table), a revoked annotator holds a
 * value no token's hash can equal — hashes are 64 hex digits, this is not — unique by its UUID,
 * and recognisable, so the last-admin rule can tell who can still sign in.
 */
const REVOKED = "revoked:";
const isRevoked = (tokenHash: string): boolean => tokenHash.startsWith(REVOKED);

function checkRole(role: string): void {
  if (!ROLES.has(role)) {
    throw new StoreError("invalid", "role", "expected admin, annotator or viewer");
  }
}

function checkTokenHash(tokenHash: string): void {
  if (!SHA256_HEX.test(tokenHash)) {
    throw new StoreError("invalid", "token_hash", "expected a SHA-256 digest in lowercase hex");
  }
}

function checkAttributes(attributes: Record<string, string>): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value !== "string") {
      throw new StoreError("invalid", `attributes.${name}`, "expected a string");
    }
  }
}

const duplicateToken = () =>
  new StoreError("duplicate_id", "token_hash", "another annotator has this token");

/** @throws StoreError `unknown_reference` on "projects.<index>" (as given) for a missing project. */
async function checkProjects(tx: Kysely<Database>, projects: readonly string[]): Promise<void> {
  const unique = [...new Set(projects)];
  const known = new Set<string>();
  for (const ids of chunks(unique, IN_LIST)) {
    const rows = await tx.selectFrom("projects").select("id").where("id", "in", ids).execute();
    for (const row of rows) known.add(row.id);
  }
  projects.forEach((id, index) => {
    if (!known.has(id)) {
      throw new StoreError(
        "unknown_reference",
        `projects.${index}`,
        `project "${id}" does not exist`,
      );
    }
  });
}

async function insertDetails(
  tx: Kysely<Database>,
  id: string,
  details: { attributes?: Readonly<Record<string, string>>; projects?: readonly string[] },
): Promise<void> {
  const attributeRows = Object.entries(details.attributes ?? {}).map(([name, value]) => ({
    annotator_id: id,
    name,
    value,
  }));
  for (const rows of chunks(attributeRows, INSERT_ROWS)) {
    await tx.insertInto("annotator_attributes").values(rows).execute();
  }
  const projectRows = (details.projects ?? []).map((project_id) => ({
    annotator_id: id,
    project_id,
  }));
  for (const rows of chunks(projectRows, INSERT_ROWS)) {
    await tx.insertInto("annotator_projects").values(rows).execute();
  }
}

export async function createAnnotator(
  ctx: StoreContext,
  input: NewAnnotator,
): Promise<AnnotatorRecord> {
  checkRole(input.role);
  checkTokenHash(input.tokenHash);
  const attributes = input.attributes ?? {};
  checkAttributes(attributes);
  const record: AnnotatorRecord = {
    id: randomUUID(),
    name: input.name,
    role: input.role,
    attributes: { ...attributes },
    projects: [...new Set(input.projects ?? [])].sort(),
    createdAt: new Date().toISOString(),
  };
  try {
    // Same check-then-insert as createProject (projects.ts), over another table and error.
    await writeTransaction(ctx, async (tx) => {
      await checkProjects(tx, input.projects ?? []);
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
      await insertDetails(tx, record.id, record);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateToken();
    throw error;
  }
  return record;
}

/**
 * The annotator `id` and every admin, their rows locked on PostgreSQL in id order — one order
 * for every writer, so two admins demoting each other at once queue instead of deadlocking, and
 * the second sees the first's change. (SQLite's BEGIN IMMEDIATE already lets one writer in.)
 * @throws StoreError `not_found` on "id" when there is no annotator `id`.
 */
async function lockWithAdmins(ctx: StoreContext, tx: Kysely<Database>, id: string) {
  const query = tx
    .selectFrom("annotators")
    .select(["id", "role", "token_hash"])
    .where((eb) => eb.or([eb("id", "=", id), eb("role", "=", "admin")]))
    .orderBy("id");
  const rows = await (ctx.dialect === "postgres" ? query.forUpdate() : query).execute();
  const target = rows.find((row) => row.id === id);
  if (!target) throw new StoreError("not_found", "id", `unknown annotator "${id}"`);
  return { target, admins: rows.filter((row) => row.role === "admin") };
}

/**
 * Refuses to take away the last admin who can sign in: nobody could then invite, assign or
 * recover anyone through the API (only the operator, with PREFKIT_ADMIN_KEY at a restart).
 */
function keepAnAdmin(
  locked: Awaited<ReturnType<typeof lockWithAdmins>>,
  field: string,
  change: string,
): void {
  const { target, admins } = locked;
  const signsIn = (row: { token_hash: string }) => !isRevoked(row.token_hash);
  if (target.role !== "admin" || !signsIn(target)) return;
  if (admins.some((admin) => admin.id !== target.id && signsIn(admin))) return;
  throw new StoreError(
    "last_admin",
    field,
    `annotator "${target.id}" is the last admin who can sign in; ${change} would leave nobody to administer prefkit — make another admin first`,
  );
}

/** The annotator as stored, read on the transaction's connection. */
async function reread(tx: Kysely<Database>, id: string): Promise<AnnotatorRecord> {
  const rows = await tx.selectFrom("annotators").selectAll().where("id", "=", id).execute();
  const [record] = await withDetails(tx, rows);
  if (!record) throw new StoreError("not_found", "id", `unknown annotator "${id}"`);
  return record;
}

/**
 * Changes an annotator's name, role, attributes (the whole set) and projects (the whole set),
 * in one transaction.
 * @throws StoreError `not_found` on "id"; `invalid` on "role" or "attributes.<name>";
 * `unknown_reference` on "projects.<index>"; `last_admin` on "role" when demoting the last admin
 * who can sign in.
 */
export async function updateAnnotator(
  ctx: StoreContext,
  id: string,
  changes: AnnotatorChanges,
): Promise<AnnotatorRecord> {
  if (changes.role !== undefined) checkRole(changes.role);
  if (changes.attributes !== undefined) checkAttributes(changes.attributes);
  return writeTransaction(ctx, async (tx) => {
    const locked = await lockWithAdmins(ctx, tx, id);
    if (changes.role !== undefined && changes.role !== "admin") {
      keepAnAdmin(
        locked,
        "role",
        `making them ${changes.role === "viewer" ? "a" : "an"} ${changes.role}`,
      );
    }
    if (changes.projects !== undefined) await checkProjects(tx, changes.projects);
    const row = {
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.role === undefined ? {} : { role: changes.role }),
    };
    if (Object.keys(row).length > 0) {
      await tx.updateTable("annotators").set(row).where("id", "=", id).execute();
    }
    if (changes.attributes !== undefined) {
      await tx.deleteFrom("annotator_attributes").where("annotator_id", "=", id).execute();
      await insertDetails(tx, id, { attributes: changes.attributes });
    }
    if (changes.projects !== undefined) {
      await tx.deleteFrom("annotator_projects").where("annotator_id", "=", id).execute();
      await insertDetails(tx, id, { projects: [...new Set(changes.projects)] });
    }
    return reread(tx, id);
  });
}

/**
 * Gives an annotator a new token (its hash): the old token stops working.
 * @throws StoreError `not_found` on "id"; `invalid` or `duplicate_id` on "token_hash".
 */
export async function replaceAnnotatorToken(
  ctx: StoreContext,
  id: string,
  tokenHash: string,
): Promise<AnnotatorRecord> {
  checkTokenHash(tokenHash);
  try {
    return await writeTransaction(ctx, async (tx) => {
      const updated = await tx
        .updateTable("annotators")
        .set({ token_hash: tokenHash })
        .where("id", "=", id)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) {
        throw new StoreError("not_found", "id", `unknown annotator "${id}"`);
      }
      return reread(tx, id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateToken();
    throw error;
  }
}

/**
 * Revokes an annotator's token: nobody can sign in as them until they get a new one
 * (`replaceAnnotatorToken`). Their judgments stay. Revoking again changes nothing.
 * @throws StoreError `not_found` on "id"; `last_admin` on "id" for the last admin who can sign in.
 */
export async function revokeAnnotatorToken(ctx: StoreContext, id: string): Promise<void> {
  await writeTransaction(ctx, async (tx) => {
    const locked = await lockWithAdmins(ctx, tx, id);
    if (isRevoked(locked.target.token_hash)) return;
    keepAnAdmin(locked, "id", "revoking their token");
    await tx
      .updateTable("annotators")
      .set({ token_hash: `${REVOKED}${randomUUID()}` })
      .where("id", "=", id)
      .execute();
  });
}

/** The annotator with this token hash, with the stored hash (the caller compares it in constant time). */
export async function findAnnotatorByTokenHash(ctx: StoreContext, tokenHash: string) {
  // Only a real digest can match: a revoked token's marker must never be found by its value.
  if (!SHA256_HEX.test(tokenHash)) return undefined;
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
