/**
 * A fresh PostgreSQL schema for a test (or a test process): `postgresTarget(label)` creates
 * `prefkit_test_<label>_<random>` on the test server and gives the store URL that uses it.
 * Rejects when the server is not reachable, so callers can skip with the reason.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe } from "vitest";

/** The test server: PREFKIT_TEST_POSTGRES_URL, or the local one with database `test`. */
export const POSTGRES_URL =
  process.env.PREFKIT_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface PostgresTarget {
  /** A store URL: POSTGRES_URL with `?schema=<schema>`. */
  url: string;
  schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

async function withClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function postgresTarget(label = "store"): Promise<PostgresTarget> {
  const clean = label
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .slice(0, 20);
  const schema = `prefkit_test_${clean}_${randomBytes(5).toString("hex")}`;
  await withClient((client) => client.query(`create schema ${schema}`));
  const url = new URL(POSTGRES_URL);
  url.searchParams.set("schema", schema);
  return {
    url: url.toString(),
    schema,
    drop: () =>
      withClient((client) => client.query(`drop schema if exists ${schema} cascade`)).then(
        () => {},
      ),
  };
}

/** Why PostgreSQL cannot be used, or undefined when it can. */
export async function postgresProblem(): Promise<string | undefined> {
  try {
    await withClient((client) => client.query("select 1"));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  }
}

/** The URL without its password, for messages. */
export const redactedUrl = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");

/**
 * `describe(title, body)` against the test server. When it is not reachable the block is
 * skipped with the reason in its title — unless PREFKIT_REQUIRE_POSTGRES=1 (CI), where it runs
 * and fails.
 */
export async function describeOnPostgres(title: string, body: () => void): Promise<void> {
  const problem = await postgresProblem();
  const required = process.env.PREFKIT_REQUIRE_POSTGRES === "1";
  const reason = problem === undefined ? "" : ` (skipped: ${problem})`;
  describe.skipIf(problem !== undefined && !required)(`${title}${reason}`, body);
}
