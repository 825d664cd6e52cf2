/**
 * Rows ↔ values of the jobs store (store/port/jobs.ts): a job row carries its counts and usage
 * in columns (migration 0006), an item its JSON payload and result as text.
 */
import type { Selectable } from "kysely";
import type { JobRecord, StoredItem } from "./port/jobs.js";
import type { JobItemsTable, JobsTable } from "./schema.js";

export function jobFromRow(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    fingerprint: row.fingerprint,
    status: row.status,
    spec: JSON.parse(row.spec) as unknown,
    ...(row.project_id === null ? {} : { projectId: row.project_id }),
    ...(row.max_cost === null ? {} : { maxCost: Number(row.max_cost) }),
    ...(row.message === null ? {} : { message: row.message }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    counts: {
      total: Number(row.n_total),
      pending: Number(row.n_pending),
      leased: Number(row.n_leased),
      done: Number(row.n_done),
      failed: Number(row.n_failed),
      cancelled: Number(row.n_cancelled),
    },
    usage: {
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
      cost: row.cost === null ? null : Number(row.cost),
      cached: Number(row.cached),
      calls: Number(row.calls),
    },
  };
}

export function itemFromRow(
  row: Pick<
    Selectable<JobItemsTable>,
    "key" | "status" | "payload" | "result" | "error" | "attempts" | "updated_at"
  >,
): StoredItem {
  return {
    key: row.key,
    status: row.status,
    payload: JSON.parse(row.payload) as unknown,
    ...(row.result === null ? {} : { result: JSON.parse(row.result) as unknown }),
    ...(row.error === null ? {} : { error: row.error }),
    attempts: Number(row.attempts),
    updatedAt: row.updated_at,
  };
}

/** JSON text of a value; `undefined` (no result) is stored as SQL null. */
export const jsonOrNull = (value: unknown): string | null =>
  value === undefined ? null : JSON.stringify(value);
