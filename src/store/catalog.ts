/**
 * Prompts, systems and candidates: bulk adds (one transaction each, chunked inserts) and reads.
 * Content comparison goes through the row converters, so "the same prompt" means the same once
 * stored (absent and undefined fields are alike; key order does not matter).
 */
import type { Kysely } from "kysely";
import type { Candidate, Prompt, System } from "../core/types.js";
import { addOnce } from "./add-once.js";
import { analyzeAfterBulk, IN_LIST, INSERT_ROWS, inTurns } from "./bulk.js";
import { requireProject } from "./projects.js";
import {
  candidateFromRow,
  candidateToRow,
  promptFromRow,
  promptToRow,
  stableJson,
  systemFromRow,
  systemToRow,
} from "./rows.js";
import type { Database } from "./schema.js";
import { StoreError } from "./store.js";
import { type StoreContext, toCount, writeTransaction } from "./transaction.js";

const promptContent = (projectId: string) => (p: Prompt) =>
  stableJson(promptFromRow(promptToRow(projectId, p)));
const systemContent = (projectId: string) => (s: System) =>
  stableJson(systemFromRow(systemToRow(projectId, s)));
const candidateContent = (projectId: string) => (c: Candidate) =>
  stableJson(candidateFromRow(candidateToRow(projectId, c)));

export async function addPrompts(
  ctx: StoreContext,
  projectId: string,
  prompts: readonly Prompt[],
): Promise<{ added: number }> {
  const result = await writeTransaction(ctx, async (tx) => {
    await requireProject(tx, projectId);
    // addPrompts and addCandidates are alike in shape: each passes addOnce its own
    // table's checks, look-up and insert, which a shared wrapper would only hide.
    const added = await addOnce(prompts, {
      noun: "prompt",
      content: promptContent(projectId),
      check: (p, index) => {
        if (!Array.isArray(p.messages)) {
          throw new StoreError("invalid", "messages", "expected a list of messages", index);
        }
      },
      fetch: async (ids) => {
        const found = new Map<string, string>();
        for (const rows of await selectChunks(ids, (part) =>
          tx
            .selectFrom("prompts")
            .selectAll()
            .where("project_id", "=", projectId)
            .where("id", "in", part)
            .execute(),
        )) {
          found.set(rows.id, stableJson(promptFromRow(rows)));
        }
        return found;
      },
      insert: (items) =>
        insertChunks(items, (part) =>
          tx
            .insertInto("prompts")
            .values(part.map((p) => promptToRow(projectId, p)))
            .onConflict((oc) => oc.doNothing())
            .returning("id")
            .execute(),
        ),
    });
    return { added };
  });
  await analyzeAfterBulk(ctx, "prompts", result.added);
  return result;
}

export function addSystems(ctx: StoreContext, projectId: string, systems: readonly System[]) {
  return writeTransaction(ctx, async (tx) => {
    await requireProject(tx, projectId);
    return { added: await addSystemsIn(tx, projectId, systems) };
  });
}

async function addSystemsIn(tx: Kysely<Database>, projectId: string, systems: readonly System[]) {
  // A system that addCandidates created as a bare id takes the first description given for it.
  for (const s of systems) {
    const row = systemToRow(projectId, s);
    if (row.model === null && row.variant === null && row.config === null) continue;
    await tx
      .updateTable("systems")
      .set({ model: row.model, variant: row.variant, config: row.config })
      .where("project_id", "=", projectId)
      .where("id", "=", s.id)
      .where("model", "is", null)
      .where("variant", "is", null)
      .where("config", "is", null)
      .execute();
  }
  return addOnce(systems, {
    noun: "system",
    content: systemContent(projectId),
    fetch: async (ids) => {
      const found = new Map<string, string>();
      for (const row of await selectChunks(ids, (part) =>
        tx
          .selectFrom("systems")
          .selectAll()
          .where("project_id", "=", projectId)
          .where("id", "in", part)
          .execute(),
      )) {
        found.set(row.id, stableJson(systemFromRow(row)));
      }
      return found;
    },
    insert: (items) =>
      insertChunks(items, (part) =>
        tx
          .insertInto("systems")
          .values(part.map((s) => systemToRow(projectId, s)))
          .onConflict((oc) => oc.doNothing())
          .returning("id")
          .execute(),
      ),
  });
}

export async function addCandidates(
  ctx: StoreContext,
  projectId: string,
  candidates: readonly Candidate[],
): Promise<{ added: number }> {
  const result = await writeTransaction(ctx, async (tx) => {
    await requireProject(tx, projectId);
    const promptIds = [...new Set(candidates.map((c) => c.promptId))];
    const prompts = new Set(
      (
        await selectChunks(promptIds, (part) =>
          tx
            .selectFrom("prompts")
            .select("id")
            .where("project_id", "=", projectId)
            .where("id", "in", part)
            .execute(),
        )
      ).map((r) => r.id),
    );
    // Systems a candidate names are created when missing (as bare ids); existing ones are kept.
    const systemIds = [...new Set(candidates.map((c) => c.systemId))];
    await insertChunks(systemIds, (part) =>
      tx
        .insertInto("systems")
        .values(part.map((id) => systemToRow(projectId, { id })))
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .execute(),
    );
    const added = await addOnce(candidates, {
      noun: "candidate",
      content: candidateContent(projectId),
      check: (c, index) => {
        if (!prompts.has(c.promptId)) {
          const reason = `prompt "${c.promptId}" does not exist`;
          throw new StoreError("unknown_reference", "prompt", reason, index);
        }
        if (typeof c.systemId !== "string" || c.systemId === "") {
          throw new StoreError("invalid", "system", "expected a system id", index);
        }
        if (!Array.isArray(c.messages)) {
          throw new StoreError("invalid", "messages", "expected a list of messages", index);
        }
      },
      fetch: async (ids) => {
        const found = new Map<string, string>();
        for (const row of await selectChunks(ids, (part) =>
          tx
            .selectFrom("candidates")
            .selectAll()
            .where("project_id", "=", projectId)
            .where("id", "in", part)
            .execute(),
        )) {
          found.set(row.id, stableJson(candidateFromRow(row)));
        }
        return found;
      },
      insert: (items) =>
        insertChunks(items, (part) =>
          tx
            .insertInto("candidates")
            .values(part.map((c) => candidateToRow(projectId, c)))
            .onConflict((oc) => oc.doNothing())
            .returning("id")
            .execute(),
        ),
    });
    return { added };
  });
  await analyzeAfterBulk(ctx, "candidates", result.added);
  return result;
}

export async function getPrompt(ctx: StoreContext, projectId: string, id: string) {
  const row = await ctx.db
    .selectFrom("prompts")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && promptFromRow(row);
}

/** The categories of a project's prompts, sorted, with how many prompts each has. */
export async function promptCategories(
  ctx: StoreContext,
  projectId: string,
): Promise<{ category: string; prompts: number }[]> {
  const rows = await ctx.db
    .selectFrom("prompts")
    .select((eb) => ["category", eb.fn.countAll().as("prompts")])
    .where("project_id", "=", projectId)
    .where("category", "is not", null)
    .groupBy("category")
    .orderBy("category")
    .execute();
  return rows.map((r) => ({ category: r.category!, prompts: toCount(r.prompts) }));
}

// get/list functions across the store share this Kysely shape over different tables and
// row mappers (see export-entries.ts for why a generic one loses the row types).
export async function getCandidate(ctx: StoreContext, projectId: string, id: string) {
  const row = await ctx.db
    .selectFrom("candidates")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && candidateFromRow(row);
}

export async function listCandidates(ctx: StoreContext, projectId: string, promptId: string) {
  const rows = await ctx.db
    .selectFrom("candidates")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("prompt_id", "=", promptId)
    .orderBy("id")
    .execute();
  return rows.map(candidateFromRow);
}

export async function systemsOf(
  ctx: StoreContext,
  projectId: string,
  candidateIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await selectChunks([...new Set(candidateIds)], (part) =>
    ctx.db
      .selectFrom("candidates")
      .select(["id", "system_id"])
      .where("project_id", "=", projectId)
      .where("id", "in", part)
      .execute(),
  );
  return new Map(rows.map((r) => [r.id, r.system_id]));
}

async function selectChunks<R>(
  ids: readonly string[],
  select: (part: string[]) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for await (const part of inTurns(ids, IN_LIST)) out.push(...(await select(part)));
  return out;
}

async function insertChunks<T>(
  items: readonly T[],
  insert: (part: T[]) => Promise<{ id: string }[]>,
): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const part of inTurns(items, INSERT_ROWS)) {
    for (const row of await insert(part)) ids.add(row.id);
  }
  return ids;
}
