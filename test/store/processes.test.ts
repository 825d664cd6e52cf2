/**
 * The store across processes: several processes migrating one fresh database, two processes
 * racing one idempotency key, and a writer killed with SIGKILL in the middle of its work —
 * every acknowledged judgment survives, no batch is half-stored, and the database opens again.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { openSqlite } from "../../src/store/sqlite/open-sqlite.js";
import { type BuiltChild, buildChild } from "./child/build-child.js";
import { describeStore, freshDatabase, seedArena, vote } from "./fixture.js";

let child: BuiltChild;
// Transpiling src/core, src/formats and src/store takes seconds, more on a busy machine than the
// default 10 s hook limit; the limit only bounds a hang.
beforeAll(() => {
  child = buildChild();
}, 60_000);
afterAll(() => child?.remove());

function run(args: string[]): {
  process: ChildProcess;
  lines: AsyncIterable<string>;
  exit: Promise<number | null>;
} {
  const proc = spawn(process.execPath, [child.entry, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  proc.stderr?.on("data", (chunk) => (stderr += String(chunk)));
  const exit = new Promise<number | null>((resolve) =>
    proc.on("exit", (code, signal) => {
      if (code !== 0 && signal === null) console.error(stderr);
      resolve(code);
    }),
  );
  return { process: proc, lines: createInterface({ input: proc.stdout! }), exit };
}

async function output(args: string[]): Promise<string[]> {
  const { lines, exit } = run(args);
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  expect(await exit).toBe(0);
  return out;
}

describeStore("several processes", (fx) => {
  it("migrate one fresh database at once", async () => {
    const db = await freshDatabase(fx.dialect);
    try {
      const outs = await Promise.all([1, 2, 3, 4].map(() => output(["migrate", db.url])));
      expect(outs).toEqual([["migrated"], ["migrated"], ["migrated"], ["migrated"]]);
      const store = await openStore(db.url);
      await store.migrate();
      await store.createProject({ id: "after-race", name: "ok" });
      expect(await store.listProjects()).toHaveLength(1);
      await store.close();
    } finally {
      await db.drop();
    }
  });

  it("store one judgment when two processes submit the same key at once", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0", "s1"] });
    for (let round = 0; round < 3; round++) {
      const key = `shared-${round}`;
      const results = (
        await Promise.all([1, 2].map(() => output(["same-key", fx.url, projectId, key])))
      ).map((lines) => JSON.parse(lines[0] ?? "null") as { id: string; created: boolean });
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results[0]?.id).toBe(results[1]?.id);
    }
    expect(await fx.store.listJudgments(projectId)).toHaveLength(3);
  });

  it("lose no acknowledged judgment and store no partial batch when a writer is SIGKILLed", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0", "s1"] });
    const tag = `kill-${fx.dialect}`;
    const writer = run(["write", fx.url, projectId, tag]);
    const acknowledged: { batch: number; ids: string[] }[] = [];
    for await (const line of writer.lines) {
      acknowledged.push(JSON.parse(line));
      if (acknowledged.length === 150) writer.process.kill("SIGKILL");
    }
    await writer.exit;
    expect(writer.process.signalCode).toBe("SIGKILL");

    // "Restart": a new store on the same database, as a restarted server would open.
    const store = await openStore(fx.url);
    try {
      await store.migrate();
      const stored = await store.listJudgments(projectId);
      const storedIds = new Set<string>(stored.map((j) => j.id));
      const lost = acknowledged.flatMap((a) => a.ids).filter((id) => !storedIds.has(id));
      expect(lost).toEqual([]);
      const perBatch = new Map<string, number>();
      for (const j of stored) perBatch.set(j.rationale!, (perBatch.get(j.rationale!) ?? 0) + 1);
      expect([...perBatch.values()].every((n) => n === 3)).toBe(true);
      // Batches in flight at the kill may have committed without their line being read.
      expect(perBatch.size).toBeGreaterThanOrEqual(acknowledged.length);
      expect(perBatch.size).toBeLessThanOrEqual(acknowledged.length + 4);
      console.log(
        `${fx.dialect}: SIGKILL after ${acknowledged.length} acknowledged batches; ${perBatch.size} stored, none partial`,
      );
      // The database takes writes again.
      const [added] = await store.addJudgments(projectId, [vote("p0", "s0", "s1", "b")]);
      expect(added?.created).toBe(true);
    } finally {
      await store.close();
    }
    if (fx.dialect === "sqlite") {
      const db = openSqlite(fx.url.slice("sqlite:".length));
      const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      expect(rows).toEqual([{ integrity_check: "ok" }]);
      await db.destroy();
    }
  });
});
