/**
 * PostgreSQL through a pg Pool. `?schema=NAME` puts every connection's search_path on that
 * schema (set at connection start-up, so no query runs before it); int8 values (counts, seq)
 * are parsed to numbers for this pool only, not for every pg user in the process. This module
 * is the only one that loads pg (an optional dependency): open-store.ts imports it on demand.
 */
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "../schema.js";
import type { PostgresTarget } from "./postgres-url.js";

export function openPostgres(target: PostgresTarget): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    ...(target.schema === undefined ? {} : { options: `-c search_path=${target.schema}` }),
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === pg.types.builtins.INT8 && format !== "binary"
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that breaks (the server restarted, a network blip) is dropped by the
  // pool, which emits 'error'; unhandled, that event would end the process. The next query
  // opens a fresh connection, so there is nothing to do here.
  pool.on("error", () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
