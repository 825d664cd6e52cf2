/**
 * `prefkit import`: a dataset file into a project of a store, by the route's planning code but
 * without its limits; one transaction; located errors (`file:line: field: reason`, exit 1).
 * Runs the built CLI on SQLite, and on PostgreSQL when a server is reachable.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { trlParquet } from "../server/damaged-parquet.js";
import { describeOnPostgres, postgresTarget } from "../store/postgres-target.js";
import { flags, prefkit } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-import-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pair = (k: number) => ({
  prompt: `Question ${k}?`,
  chosen: `Yes ${k}.`,
  rejected: `No ${k}.`,
});
const jsonl = (records: readonly object[]) =>
  `${records.map((r) => JSON.stringify(r)).join("\n")}\n`;
const write = (name: string, bytes: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

async function judgmentsIn(db: string, project: string): Promise<number> {
  const store = await openStore(db);
  try {
    if (!(await store.getProject(project))) return -1;
    return (await store.listJudgments(project, { limit: 10_000 })).length;
  } finally {
    await store.close();
  }
}

describe("prefkit import on SQLite", () => {
  const db = `sqlite:${join(dir, "store.db")}`;

  it("imports JSON Lines, CSV.gz and Parquet into a project it creates, and reports as JSON", async () => {
    const file = write("pairs.jsonl", jsonl([pair(1), pair(2)]));
    const run = await prefkit([
      "import",
      file,
      "--db",
      db,
      ...flags("--project p1 --create One --json"),
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      file,
      project: "p1",
      created: true,
      dryRun: false,
      format: "trl-preference",
      records: 2,
      added: { prompts: 2, systems: 1, candidates: 4, judgments: 2 },
    });
    const csv = write("pairs.csv.gz", gzipSync(`prompt,chosen,rejected\n"3?",yes,no\n`));
    expect((await prefkit(["import", csv, "--db", db, "--project", "p1"])).code).toBe(0);
    const parquet = write("pairs.parquet", trlParquet(4));
    const p = await prefkit(["import", parquet, "--db", db, "--project", "p1"]);
    expect(p.code).toBe(0);
    expect(p.stderr).toMatch(/: 4 records read; added .* to project "p1"\n$/);
    expect(await judgmentsIn(db, "p1")).toBe(2 + 1 + 4);
  });

  it("reports a bad record as file:line: field: reason (exit 1) and stores nothing of the file", async () => {
    const file = write(
      "bad.jsonl",
      `${jsonl([pair(5)])}{"prompt":"x\\u0000y","chosen":"a","rejected":"b"}\n`,
    );
    const run = await prefkit(["import", file, "--db", db, "--project", "p2", "--create"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`prefkit: ${file}:2: prompt: must not contain a NUL character\n`);
    // Created only once the file has been read and checked.
    expect(await judgmentsIn(db, "p2")).toBe(-1);
    const damaged = write("broken.parquet", Buffer.from("PAR1 not really PAR1"));
    const parquet = await prefkit(["import", damaged, "--db", db, "--project", "p1"]);
    expect(parquet.code).toBe(1);
    expect(parquet.stderr).toMatch(
      /^prefkit: .*broken\.parquet:row 1 \(row group 0\): invalid Parquet/,
    );
  });

  // The one-transaction case of suite-results.ts's HTTP import, here through the CLI: each
  // shell is checked on its own.
  it("stores nothing of a file whose later entry the store refuses (one transaction)", async () => {
    const lines = [
      { type: "prompt", id: "fresh", messages: [{ role: "user", content: "New?" }] },
      {
        type: "judgment",
        id: "j-ghost",
        kind: "binary",
        prompt: "fresh",
        candidate: "ghost",
        approved: true,
        source: { kind: "human", annotator: "a" },
      },
    ];
    const file = write("ghost.jsonl", jsonl(lines));
    const run = await prefkit(["import", file, "--db", db, "--project", "p3", "--create"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^prefkit: ${file}:2: candidate: `));
    const store = await openStore(db);
    expect(await store.getPrompt("p3", "fresh")).toBeUndefined();
    await store.close();
  });

  it("checks the whole file with --dry-run and stores nothing", async () => {
    const file = write("dry.jsonl", jsonl([pair(7), pair(8), pair(9)]));
    const run = await prefkit(["import", file, "--db", db, "--project", "p1", "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /3 records read and checked; would add up to 3 prompts, .*dry run: nothing stored/,
    );
    expect(await judgmentsIn(db, "p1")).toBe(7);
  });

  it("asks for --create when the project is missing, and refuses a bad id (exit 2)", async () => {
    const file = write("one.jsonl", jsonl([pair(1)]));
    const missing = await prefkit(["import", file, "--db", db, "--project", "nope"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'prefkit: the store has no project "nope": create it with --create [name]\n',
    );
    const bad = await prefkit(["import", file, "--db", db, "--project", "a/b"]);
    expect(bad.code).toBe(2);
  });
});

await describeOnPostgres("prefkit import on PostgreSQL", () => {
  it("imports into a fresh schema, and stores nothing of a refused file", async () => {
    const target = await postgresTarget("import_cli");
    try {
      const file = write("pg.jsonl", jsonl([pair(1), pair(2)]));
      const run = await prefkit([
        "import",
        file,
        "--db",
        target.url,
        ...flags("--project pg --create"),
      ]);
      expect(run.stderr).toMatch(/2 records read; added/);
      expect(run.code).toBe(0);
      const nul = write("pg-bad.csv", 'prompt,chosen,rejected\nq,"a\u0000",b\n');
      const bad = await prefkit(["import", nul, "--db", target.url, "--project", "pg"]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toBe(`prefkit: ${nul}:2: chosen: must not contain a NUL character\n`);
      expect(await judgmentsIn(target.url, "pg")).toBe(2);
    } finally {
      await target.drop();
    }
  });
});
