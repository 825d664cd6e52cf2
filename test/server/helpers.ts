/**
 * A server over a real store for each test file: `openStore` on a fresh SQLite file (or a
 * fresh PostgreSQL schema), an admin, a project with three systems, and tokens for each role.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { ensureAdminKey } from "../../src/server/admin-key.js";
import { buildApp } from "../../src/server/app.js";
import type { LiveOptions } from "../../src/server/live-systems.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { checkResponses } from "./response-check.js";

export const SYSTEMS = ["zeta-alpha-9b", "zeta-beta-9b", "zeta-gamma-9b"] as const;

export interface Fixture {
  app: FastifyInstance;
  store: Store;
  tokens: { admin: string; annotator: string; outsider: string; viewer: string };
  ids: { annotator: string; outsider: string; viewer: string };
  close: () => Promise<void>;
}

export interface StoreTarget {
  name: string;
  open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>;
}

export const sqliteTarget: StoreTarget = {
  name: "sqlite",
  async open() {
    const dir = mkdtempSync(join(tmpdir(), "prefkit-server-"));
    const store = await openStore(`sqlite:${join(dir, "test.db")}`);
    await store.migrate();
    return { store, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

/** The PostgreSQL server the `*.pg.test.ts` suites use (each test file gets its own schema). */
export const POSTGRES_URL =
  process.env.PREFKIT_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export async function postgresAbsent(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return `no PostgreSQL at ${POSTGRES_URL.replace(/:[^:@/]*@/, ":***@")} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

export const postgresTarget: StoreTarget = {
  name: "postgres",
  async open() {
    const schema = `prefkit_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const store = await openStore(
      `${POSTGRES_URL}${POSTGRES_URL.includes("?") ? "&" : "?"}schema=${schema}`,
    );
    await store.migrate();
    return {
      store,
      cleanup: async () => {
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      },
    };
  },
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers loosely, checking with expect
export type Loose = Record<string, any>;

export const json = (response: LightMyRequestResponse) => JSON.parse(response.body) as Loose;

export const prompts = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    messages: [{ role: "user", content: `Question ${i}?` }],
    category: i % 2 === 0 ? "even" : "odd",
  }));

export const candidates = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    SYSTEMS.map((system, s) => ({
      id: `c${i}-${s}`,
      prompt: `p${i}`,
      system,
      messages: [{ role: "assistant", content: `Answer ${s} to ${i}.` }],
    })),
  ).flat();

/**
 * One `setup()` shared by the tests of the enclosing describe block: made before the first
 * (then `prepare` runs on it), closed after the last. Call the returned function in a test.
 */
export function sharedFixture(prepare?: (f: Fixture) => Promise<void>): () => Fixture {
  let f: Fixture | undefined;
  beforeAll(async () => {
    f = await setup();
    await prepare?.(f);
  });
  afterAll(async () => {
    await f?.close();
  });
  return () => {
    if (f === undefined) throw new Error("the shared fixture is not set up");
    return f;
  };
}

/** A server with project "p1" (4 prompts × 3 systems) and one token per role. */
export async function setup(
  target: StoreTarget = sqliteTarget,
  options: {
    rateLimit?: { max: number; timeWindow: number };
    bodyLimit?: number;
    /** Live systems for live arenas (live*.test.ts). */
    live?: LiveOptions;
  } = {},
): Promise<Fixture> {
  const { store, cleanup } = await target.open();
  const admin = "pk_test-admin-key-0123456789";
  await ensureAdminKey(store, { adminKey: admin, print: () => {} });
  const app = await buildApp({
    store,
    // The sources run here, not the build: no compiled worker script to start.
    fits: { workers: false },
    rateLimit: options.rateLimit ?? { max: 100_000, timeWindow: 60_000 },
    authFailureLimit: { max: 100_000, timeWindow: 60_000 },
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ...(options.live === undefined ? {} : { live: options.live }),
  });
  // Every answer of every test is checked against the API's schemas.
  checkResponses(app);
  const post = async (url: string, payload: unknown, token = admin) => {
    const r = await app.inject({
      method: "POST",
      url,
      headers: bearer(token),
      payload: payload as object,
    });
    if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return json(r);
  };
  await post("/api/projects", { id: "p1", name: "Project one" });
  await post("/api/projects", { id: "p2", name: "Project two" });
  await post("/api/projects/p1/prompts", prompts(4));
  await post("/api/projects/p1/candidates", candidates(4));
  const invite = (body: object) => post("/api/annotators", body);
  const annotator = await invite({
    name: "ann",
    role: "annotator",
    projects: ["p1"],
    attributes: { language: "de" },
  });
  const outsider = await invite({ name: "out", role: "annotator", projects: ["p2"] });
  const viewer = await invite({ name: "view", role: "viewer", projects: ["p1"] });
  return {
    app,
    store,
    tokens: { admin, annotator: annotator.token, outsider: outsider.token, viewer: viewer.token },
    ids: {
      annotator: annotator.annotator.id,
      outsider: outsider.annotator.id,
      viewer: viewer.annotator.id,
    },
    close: async () => {
      await app.close();
      await store.close();
      await cleanup();
    },
  };
}
