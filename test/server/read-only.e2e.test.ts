/**
 * `prefkit serve` on a database it cannot write refuses to start, saying so — it used to start
 * without a word and fail at the first vote (and at the first task: a secret was made on first
 * use). The built CLI as a real process, on SQLite (a file made immutable with `chattr +i`:
 * the tests run as root, whom file permissions do not stop) and on PostgreSQL (a role whose
 * transactions are read-only, as on a replica).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { POSTGRES_URL, postgresProblem, postgresTarget } from "../store/postgres-target.js";
import { ADMIN_KEY, api, type CliServer, setUpProject, startServer } from "./cli-server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = join(ROOT, "dist/cli/main.js");
const built = existsSync(MAIN);
const dir = mkdtempSync(join(tmpdir(), "prefkit-read-only-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `prefkit serve` until it serves (then stops it) or exits: its exit code and stderr. */
function serveOnce(db: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, "serve", "--db", db, "--port", "0"], {
    // The key the database already has: starting needs no write for it.
    env: { ...process.env, PREFKIT_ADMIN_KEY: ADMIN_KEY },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (/serving http/.test(stderr)) child.kill("SIGTERM");
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

/** A database with a project, written by a server that is stopped again. */
async function seeded(db: string): Promise<void> {
  const server: CliServer = await startServer(db);
  try {
    await setUpProject(server);
    expect((await api(server, "GET", "/api/health")).status).toBe(200);
  } finally {
    server.child.kill("SIGTERM");
    await new Promise((resolve) => server.child.on("exit", resolve));
  }
}

const chattr = (() => {
  try {
    execFileSync("chattr", ["-i", dir], { stdio: "ignore" });
    return undefined;
  } catch {
    return "chattr is not available";
  }
})();

describe.skipIf(!built)(
  `prefkit serve on a read-only database${built ? "" : " (skipped: run npm run build first)"}`,
  () => {
    it.skipIf(chattr !== undefined)(
      `refuses to start on an SQLite file it cannot write, saying why${chattr ? ` (skipped: ${chattr})` : ""}`,
      async () => {
        const path = join(dir, "immutable.db");
        await seeded(`sqlite:${path}`);
        execFileSync("chattr", ["+i", path]);
        try {
          const { code, stderr } = await serveOnce(`sqlite:${path}`);
          expect(stderr).not.toContain("serving");
          expect(stderr).toMatch(/^prefkit: cannot serve .*: the database is read-only/m);
          expect(stderr).not.toMatch(/\n\s+at /);
          expect(code).toBe(2);
        } finally {
          execFileSync("chattr", ["-i", path]);
        }
      },
    );

    it("refuses to start on PostgreSQL in read-only transactions, saying why", async (context) => {
      const problem = await postgresProblem();
      if (problem !== undefined) context.skip(`no PostgreSQL: ${problem}`);
      const target = await postgresTarget("read_only");
      const role = `prefkit_ro_${target.schema.slice(-10)}`;
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      try {
        await seeded(target.url);
        await admin.query(`create role ${role} login`);
        await admin.query(`alter role ${role} set default_transaction_read_only = on`);
        await admin.query(`grant usage on schema ${target.schema} to ${role}`);
        await admin.query(`grant all on all tables in schema ${target.schema} to ${role}`);
        const url = new URL(target.url);
        url.username = role;
        const { code, stderr } = await serveOnce(url.toString());
        expect(stderr).not.toContain("serving");
        expect(stderr).toMatch(/^prefkit: cannot serve .*: the database is read-only/m);
        expect(code).toBe(2);
      } finally {
        await target.drop();
        await admin.query(`drop role if exists ${role}`);
        await admin.end();
      }
    });
  },
);
