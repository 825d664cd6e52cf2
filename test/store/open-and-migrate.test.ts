import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { openSqlite } from "../../src/store/sqlite/open-sqlite.js";
import { describeStore, freshDatabase, prompt, type TestDatabase } from "./fixture.js";

describe("openStore", () => {
  it("refuses a URL of no known form, naming the accepted ones and hiding the password", async () => {
    await expect(
      openStore("mysql://me:secret@db/prefkit"),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[IssueError: unsupported store URL "mysql://me:***@db/prefkit": use sqlite:PATH, sqlite::memory: or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME] (also postgresql://)]`,
    );
    await expect(openStore("prefkit.db")).rejects.toMatchObject({ code: "usage" });
    await expect(openStore("sqlite:")).rejects.toMatchObject({ code: "usage" });
  });

  it("refuses a PostgreSQL schema that is not a plain identifier", async () => {
    await expect(
      openStore("postgres://u@localhost/db?schema=a;drop%20table%20x"),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[IssueError: schema "a;drop table x" is not a plain identifier: use lowercase letters, digits and _]`,
    );
    await expect(openStore("postgres://u@localhost/db?schema=A")).rejects.toMatchObject({
      code: "usage",
    });
  });

  it("says how to install pg when a PostgreSQL URL is given without it", async () => {
    const notInstalled = () =>
      Promise.reject(
        Object.assign(new Error("Cannot find package 'pg' imported from /x/open-postgres.js"), {
          code: "ERR_MODULE_NOT_FOUND",
        }),
      );
    const opening = openStore("postgres://u@localhost/db", { postgres: notInstalled });
    await expect(opening).rejects.toThrowErrorMatchingInlineSnapshot(
      `[IssueError: PostgreSQL support needs the 'pg' package: npm install pg]`,
    );
    await expect(opening).rejects.toMatchObject({ code: "usage" });
  });

  it("opens an in-memory SQLite store", async () => {
    const store = await openStore("sqlite::memory:");
    await store.migrate();
    expect(store.dialect).toBe("sqlite");
    expect(await store.listProjects()).toEqual([]);
    await store.close();
  });

  it("sets WAL, synchronous=FULL, foreign keys and a busy timeout on SQLite", async () => {
    const db = await freshDatabase("sqlite");
    const kysely = openSqlite(db.url.slice("sqlite:".length));
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(kysely)).rows[0] as object)[0];
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("synchronous")).toBe(2); // FULL
    expect(await pragma("foreign_keys")).toBe(1);
    expect(await pragma("busy_timeout")).toBe(5000);
    await kysely.destroy();
    await db.drop();
  });
});

describeStore("migrate", (fx) => {
  const extra: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of extra) await db.drop();
  });

  it("is idempotent: a second and third run change nothing and keep the data", async () => {
    const projectId = await fx.project();
    await fx.store.addPrompts(projectId, [prompt("p0")]);
    await fx.store.migrate();
    await fx.store.migrate();
    expect(await fx.store.getPrompt(projectId, "p0")).toEqual(prompt("p0"));
  });

  // On SQLite, two connections of one process cannot wait for each other (better-sqlite3
  // blocks the thread while busy): the cross-process case is in processes.test.ts.
  it.runIf(fx.dialect === "postgres")(
    "is safe when several stores migrate one fresh database at once",
    async () => {
      const db = await freshDatabase(fx.dialect);
      extra.push(db);
      const stores = await Promise.all([1, 2, 3].map(() => openStore(db.url)));
      try {
        await Promise.all(stores.map((s) => s.migrate()));
        const [first, second] = stores;
        await first!.createProject({ id: "shared", name: "shared" });
        expect((await second!.getProject("shared"))?.name).toBe("shared");
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    },
  );
});
