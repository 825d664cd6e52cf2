/**
 * A PostgreSQL store URL, taken apart without the pg package: `?schema=NAME` is ours (the
 * schema every table lives in), the rest is pg's connection string.
 */
import { IssueError } from "../../core/issue.js";

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresTarget {
  /** The connection string without the `schema` parameter. */
  connectionString: string;
  schema?: string;
}

/** @throws IssueError `usage` for a malformed URL, or a `schema` that is not a plain lowercase identifier. */
export function parsePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usage("the PostgreSQL URL is malformed: expected postgres://USER@HOST/DATABASE");
  }
  const schema = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  if (schema === null) return { connectionString: parsed.toString() };
  if (!SCHEMA_NAME.test(schema)) {
    throw usage(
      `schema "${schema}" is not a plain identifier: use lowercase letters, digits and _`,
    );
  }
  return { connectionString: parsed.toString(), schema };
}

const usage = (message: string) => new IssueError({ code: "usage", message });
