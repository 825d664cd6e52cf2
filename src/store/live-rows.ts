/**
 * What marks a prompt or candidate as the live arena's: an id starting with `live-` AND an
 * object under `metadata.live` — the live route writes both on every prompt an annotator types
 * (`{ annotator }`) and every answer of a conversation (`{ turn }`), so no live row lacks the
 * mark, and an imported row carries it only if it says it is one (a live project's export
 * brought back, say). Either half alone is not enough: an admin may import a prompt named
 * `live-…`, or metadata with a `live` key. A live row is private to the conversation it belongs
 * to: no replay task offers it (next-pair, next-ranking, next-single) and no one samples it.
 * The id is tested first, so an ordinary row costs a prefix comparison, never a JSON parse.
 */
import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Dialect } from "./port/database.js";

/** The id prefix of every live prompt and candidate. */
export const LIVE_ID_PREFIX = "live-";

/** A live row's mark, in JavaScript: what `notLive` tests in SQL. */
export function isLiveRow(row: { id: string; metadata?: unknown }): boolean {
  const live =
    typeof row.metadata === "object" && row.metadata !== null
      ? (row.metadata as Record<string, unknown>).live
      : undefined;
  return (
    row.id.startsWith(LIVE_ID_PREFIX) &&
    typeof live === "object" &&
    live !== null &&
    !Array.isArray(live)
  );
}

/**
 * True for rows of `alias` (a prompts or candidates table alias: its `id` and `metadata`
 * columns) that are not live. Metadata is stored as JSON text on both dialects.
 */
export function notLive(dialect: Dialect, alias: string): RawBuilder<SqlBool> {
  const id = sql.ref(`${alias}.id`);
  const metadata = sql.ref(`${alias}.metadata`);
  const prefix = sql.lit(LIVE_ID_PREFIX);
  const length = sql.lit(LIVE_ID_PREFIX.length);
  // CASE, not AND: SQL promises no order of evaluation, and the JSON is to be read last.
  return dialect === "sqlite"
    ? sql<SqlBool>`(case when substr(${id}, 1, ${length}) <> ${prefix} or ${metadata} is null then 1
        when json_type(${metadata}, '$.live') = 'object' then 0 else 1 end) = 1`
    : sql<SqlBool>`(case when substr(${id}, 1, ${length}) <> ${prefix} or ${metadata} is null then true
        else coalesce(jsonb_typeof(${metadata}::jsonb -> 'live') = 'object', false) = false end)`;
}
