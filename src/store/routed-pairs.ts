/**
 * Routed pairs (migration 0007, port/routing.ts): storing a route's pairs once each, and
 * listing them with how many human judgments each has. A pair is stored as (prompt, a, b) with
 * a before b by code point — the order UTF-8 bytes keep, which the table's check constraint
 * compares in (`collate "C"` on PostgreSQL) — so a pair named either way round is one row.
 */
import { analyzeAfterBulk, IN_LIST, INSERT_ROWS, inTurns } from "./bulk.js";
import type { NewRoutedPair, RoutedPair } from "./port/routing.js";
import { StoreError } from "./port/store-error.js";
import { requireProject } from "./projects.js";
import { fromJson, toJson } from "./rows.js";
import type { RoutedPairsTable } from "./schema.js";
import { type StoreContext, toCount, writeTransaction } from "./transaction.js";
import { checkJsonObject } from "./validate-judgment.js";

/** Compares strings by Unicode code point (JavaScript's `<` compares UTF-16 code units). */
export function compareCodePoints(x: string, y: string): number {
  const xs = x[Symbol.iterator]();
  const ys = y[Symbol.iterator]();
  for (;;) {
    const a = xs.next();
    const b = ys.next();
    if (a.done || b.done) return a.done && b.done ? 0 : a.done ? -1 : 1;
    const d = a.value.codePointAt(0)! - b.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** The pair's two candidates in stored order. */
export const orderedPair = (a: string, b: string): [string, string] =>
  compareCodePoints(a, b) <= 0 ? [a, b] : [b, a];

export async function addRoutedPairs(
  ctx: StoreContext,
  projectId: string,
  routeId: string,
  pairs: readonly NewRoutedPair[],
): Promise<number> {
  if (typeof routeId !== "string" || routeId === "") {
    throw new StoreError("invalid", "route", "expected a non-empty route id");
  }
  const createdAt = new Date().toISOString();
  const added = await writeTransaction(ctx, async (tx) => {
    await requireProject(tx, projectId);
    const candidates = new Map<string, string>();
    const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
    for await (const part of inTurns(ids, IN_LIST)) {
      const rows = await tx
        .selectFrom("candidates")
        .select(["id", "prompt_id"])
        .where("project_id", "=", projectId)
        .where("id", "in", part)
        .execute();
      for (const r of rows) candidates.set(r.id, r.prompt_id);
    }
    const rows = new Map<string, RoutedPairsTable>();
    pairs.forEach((p, index) => {
      checkPair(p, index, candidates);
      const [a, b] = orderedPair(p.a, p.b);
      const key = JSON.stringify([p.promptId, a, b]);
      // The first of a pair named twice in the batch is the one kept, as with a stored one.
      if (rows.has(key)) return;
      rows.set(key, {
        project_id: projectId,
        route_id: routeId,
        prompt_id: p.promptId,
        candidate_a: a,
        candidate_b: b,
        score: p.score,
        reason: toJson(p.reason),
        audit: p.audit ? 1 : 0,
        created_at: createdAt,
        reserved_by: null,
        reserved_until: null,
      });
    });
    let added = 0;
    for await (const part of inTurns([...rows.values()], INSERT_ROWS)) {
      const inserted = await tx
        .insertInto("routed_pairs")
        .values(part)
        .onConflict((oc) => oc.doNothing())
        .returning("prompt_id")
        .execute();
      added += inserted.length;
    }
    return added;
  });
  await analyzeAfterBulk(ctx, "routed_pairs", added);
  return added;
}

/** A pair's checks, in the order of its fields; the candidates' prompts as stored. */
function checkPair(p: NewRoutedPair, index: number, candidates: ReadonlyMap<string, string>): void {
  const invalid = (field: string, reason: string) =>
    new StoreError("invalid", field, reason, index);
  for (const field of ["a", "b"] as const) {
    const id = p[field];
    const promptOf = candidates.get(id);
    if (promptOf === undefined) {
      throw new StoreError("unknown_reference", field, `candidate "${id}" does not exist`, index);
    }
    if (promptOf !== p.promptId) {
      const reason = `candidate "${id}" answers prompt "${promptOf}", not "${p.promptId}"`;
      throw new StoreError("unknown_reference", field, reason, index);
    }
  }
  if (p.a === p.b) throw invalid("b", "is the same candidate as a");
  if (typeof p.score !== "number" || !Number.isFinite(p.score)) {
    throw invalid("score", "expected a finite number");
  }
  checkJsonObject(p.reason, "reason", invalid);
  if (typeof p.audit !== "boolean") throw invalid("audit", "expected true or false");
}

export async function listRoutedPairs(ctx: StoreContext, projectId: string): Promise<RoutedPair[]> {
  const rows = await ctx.db
    .selectFrom("routed_pairs as r")
    .selectAll("r")
    .select((eb) =>
      eb
        .selectFrom("judgments as j")
        .select(eb.fn.countAll().as("n"))
        .whereRef("j.project_id", "=", "r.project_id")
        .whereRef("j.prompt_id", "=", "r.prompt_id")
        .where("j.kind", "=", "pairwise")
        .where("j.source_kind", "=", "human")
        .where((w) =>
          w.or([
            w.and([
              w("j.candidate_a", "=", w.ref("r.candidate_a")),
              w("j.candidate_b", "=", w.ref("r.candidate_b")),
            ]),
            w.and([
              w("j.candidate_a", "=", w.ref("r.candidate_b")),
              w("j.candidate_b", "=", w.ref("r.candidate_a")),
            ]),
          ]),
        )
        .as("human_judgments"),
    )
    .where("r.project_id", "=", projectId)
    .orderBy("r.created_at")
    .orderBy("r.route_id")
    .orderBy("r.score", "desc")
    .orderBy("r.prompt_id")
    .orderBy("r.candidate_a")
    .orderBy("r.candidate_b")
    .execute();
  return rows.map((r) => ({
    promptId: r.prompt_id,
    a: r.candidate_a,
    b: r.candidate_b,
    score: r.score,
    reason: fromJson<Record<string, unknown>>(r.reason),
    audit: toCount(r.audit) === 1,
    routeId: r.route_id,
    createdAt: r.created_at,
    humanJudgments: toCount(r.human_judgments as number | null),
  }));
}
