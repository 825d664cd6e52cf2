/**
 * Storage faults answered as what they are: a full disk, a read-only database, a database that
 * cannot be reached are 503 `unavailable` in the API's error shape, logged once per condition —
 * not a 500 with a stack per request (a full disk once wrote 18 MB of traces in 15 s). Real
 * faults where a test can make them: SQLite's `max_page_count` fills the "disk", a read-only
 * connection refuses writes (SQLite, and PostgreSQL's `default_transaction_read_only`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { FastifyInstance } from "fastify";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { buildApp } from "../../src/server/app.js";
import type { Database } from "../../src/store/schema.js";
import { sqlStore } from "../../src/store/sql-store.js";
import type { Store } from "../../src/store/store.js";
import { describeOnPostgres, POSTGRES_URL, postgresTarget } from "../store/postgres-target.js";
import { bearer, type Fixture, json, setup } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-faults-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

const sqliteStore = (database: BetterSqlite3.Database): Store =>
  sqlStore(new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), "sqlite");

/** Everything the server writes to stderr while `run` runs. */
async function stderrOf(run: () => Promise<void>): Promise<string> {
  let text = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  try {
    await run();
  } finally {
    vi.mocked(process.stderr.write).mockRestore();
  }
  return text;
}

const prompt = (i: number) => ({
  id: `fill-${i}`,
  messages: [{ role: "user", content: `${i} ${"x".repeat(2000)}` }],
});

const write = (app: FastifyInstance, token: string, i: number) =>
  app.inject({
    method: "POST",
    url: "/api/projects/p1/prompts",
    headers: bearer(token),
    payload: [prompt(i)],
  });

/** 100 writes; every answer must be the same 503. */
async function expectUnavailable(app: FastifyInstance, token: string, reason: RegExp) {
  for (let i = 0; i < 100; i++) {
    const r = await write(app, token, 1000 + i);
    expect(r.statusCode).toBe(503);
    expect(json(r)).toEqual({ error: { code: "unavailable", message: expect.any(String) } });
    expect(json(r).error.message).toMatch(reason);
    expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
  }
}

/**
 * A database that turned read-only still serves what needs no write: projects, and tasks —
 * whose candidate handles need a secret, which used to be written on first use. `f.app` still
 * writes: it sets up a queue for the annotator first. An arena's task is remembered as served
 * (a write), so there the answer is a 503 in the API's shape — a vote could not be stored anyway.
 */
async function expectReadsWork(app: FastifyInstance, f: Fixture) {
  const admin = bearer(f.tokens.admin);
  const setUp = async (method: "POST" | "PATCH", url: string, payload: object) => {
    const r = await f.app.inject({ method, url, headers: admin, payload });
    expect(r.statusCode).toBeLessThan(300);
  };
  await setUp("POST", "/api/projects", { id: "q", name: "q", settings: { mode: "queue" } });
  await setUp("POST", "/api/projects/q/prompts", [
    { id: "qp", messages: [{ role: "user", content: "Which?" }] },
  ]);
  await setUp(
    "POST",
    "/api/projects/q/candidates",
    ["x", "y"].map((system) => ({
      id: `qp-${system}`,
      prompt: "qp",
      system,
      messages: [{ role: "assistant", content: system }],
    })),
  );
  await setUp("PATCH", `/api/annotators/${f.ids.annotator}`, { projects: ["p1", "q"] });

  const project = await app.inject({ url: "/api/projects/p1", headers: admin });
  expect(project.statusCode).toBe(200);
  const annotator = bearer(f.tokens.annotator);
  const task = await app.inject({ url: "/api/projects/q/tasks/next", headers: annotator });
  expect(task.statusCode).toBe(200);
  expect(json(task).task.candidates).toHaveLength(2);
  const served = await app.inject({ url: "/api/projects/p1/tasks/next", headers: annotator });
  expect(served.statusCode).toBe(503);
  expect(json(served).error.code).toBe("unavailable");
}

describe("storage faults on SQLite", () => {
  it("answers every write on a full disk with 503 unavailable, and logs the condition once", async () => {
    const path = join(dir, "full.db");
    let raw: BetterSqlite3.Database | undefined;
    const f = await setup({
      name: "sqlite",
      open: async () => {
        raw = new BetterSqlite3(path);
        raw.pragma("journal_mode = WAL");
        const store = sqliteStore(raw);
        await store.migrate();
        return { store, cleanup: async () => {} };
      },
    });
    try {
      // The database may not grow by a page: as good as a full disk, for SQLite.
      raw!.pragma(`max_page_count = ${raw!.pragma("page_count", { simple: true })}`);
      const log = await stderrOf(async () => {
        // Until the pages free inside the file are used up.
        let i = 0;
        while ((await write(f.app, f.tokens.admin, i)).statusCode === 201)
          expect(++i).toBeLessThan(500);
        await expectUnavailable(f.app, f.tokens.admin, /disk is full/);
      });
      expect(log.match(/the disk is full/g)).toHaveLength(1);
      expect(log.split("\n").length).toBeLessThan(40);
      // Reads still work.
      const read = await f.app.inject({ url: "/api/projects/p1", headers: bearer(f.tokens.admin) });
      expect(read.statusCode).toBe(200);
    } finally {
      await f.close();
    }
  });

  it("answers writes to a read-only database with 503 unavailable", async () => {
    const path = join(dir, "ro.db");
    const f = await setup({
      name: "sqlite",
      open: async () => {
        const store = sqliteStore(new BetterSqlite3(path));
        await store.migrate();
        return { store, cleanup: async () => {} };
      },
    });
    const readOnly = sqliteStore(new BetterSqlite3(path, { readonly: true }));
    const app = await buildApp({ store: readOnly });
    try {
      const log = await stderrOf(() => expectUnavailable(app, f.tokens.admin, /read-only/));
      expect(log.match(/the database is read-only/g)).toHaveLength(1);
      await expectReadsWork(app, f);
    } finally {
      await app.close();
      await readOnly.close();
      await f.close();
    }
  });
});

describe("bugs", () => {
  it("logs a bug's stack once however many requests it fails", async () => {
    const f = await setup();
    const broken = new Proxy(f.store, {
      get(target, key, receiver) {
        if (key === "listProjects") return async () => Promise.reject(new Error("a bug"));
        const value = Reflect.get(target, key, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const app = await buildApp({ store: broken });
    try {
      const log = await stderrOf(async () => {
        for (let i = 0; i < 50; i++) {
          const r = await app.inject({ url: "/api/projects", headers: bearer(f.tokens.admin) });
          expect(r.statusCode).toBe(500);
        }
      });
      expect(log.match(/internal error: Error: a bug/g)).toHaveLength(1);
    } finally {
      await app.close();
      await f.close();
    }
  });
});

await describeOnPostgres("storage faults on PostgreSQL", () => {
  it("answers writes in a read-only session with 503 unavailable, logged once", async () => {
    const target = await postgresTarget("faults");
    const { schema } = target;
    const open = (readOnly: boolean) =>
      sqlStore(
        new Kysely<Database>({
          dialect: new PostgresDialect({
            pool: new pg.Pool({
              connectionString: POSTGRES_URL,
              options: `-c search_path=${schema}${readOnly ? " -c default_transaction_read_only=on" : ""}`,
            }),
          }),
        }),
        "postgres",
        { schema },
      );
    let f: Fixture | undefined;
    const readOnly = open(true);
    let app: FastifyInstance | undefined;
    try {
      f = await setup({
        name: "postgres",
        open: async () => {
          const store = open(false);
          await store.migrate();
          return { store, cleanup: async () => {} };
        },
      });
      app = await buildApp({ store: readOnly });
      const log = await stderrOf(() => expectUnavailable(app!, f!.tokens.admin, /read-only/));
      expect(log.match(/the database is read-only/g)).toHaveLength(1);
      await expectReadsWork(app, f);
    } finally {
      await app?.close();
      await readOnly.close();
      await f?.close();
      await target.drop();
    }
  });
});
