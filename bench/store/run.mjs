#!/usr/bin/env node
/**
 * bench/store: insert throughput of the store itself (no server), on SQLite and PostgreSQL.
 *  1. One bulk load of --bulk judgments (default 100,000) in one `addJudgments` transaction,
 *     then `battleCounts` over them and one `nextPairTask` on the loaded project.
 *  2. --sequential single-judgment transactions (default 1,000) one after another: each an
 *     acknowledged, synced commit, the rate one server process can accept votes at.
 * Timings live here and not in test/, where machines differ; test/store/bulk-insert.test.ts
 * checks that the same loads store and count every judgment exactly.
 *
 *   npm run build && node bench/store/run.mjs [--db sqlite|postgres|both] [--bulk 100000]
 *     [--sequential 1000]
 * PostgreSQL: PREFKIT_TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/test (a
 * schema `prefkit_bench_store` is dropped and created there).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const POSTGRES_URL =
  process.env.PREFKIT_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SCHEMA = "prefkit_bench_store";
const SYSTEMS = ["s0", "s1", "s2", "s3"];
const OUTCOMES = ["a", "b", "tie", "both_bad"];

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "both" },
    bulk: { type: "string", default: "100000" },
    sequential: { type: "string", default: "1000" },
  },
});

/** `n` pairwise votes over `prompts` prompts, every system pair and outcome in turn. */
function votes(n, prompts) {
  return Array.from({ length: n }, (_, i) => {
    const x = i % SYSTEMS.length;
    const y = (x + 1 + (i % (SYSTEMS.length - 1))) % SYSTEMS.length;
    const promptId = `p${i % prompts}`;
    return {
      kind: "pairwise",
      promptId,
      a: `${promptId}-${SYSTEMS[x]}`,
      b: `${promptId}-${SYSTEMS[y]}`,
      outcome: OUTCOMES[i % OUTCOMES.length],
      source: { kind: "human", annotatorId: `ann-${i % 50}` },
    };
  });
}

async function seededProject(store, id, prompts) {
  await store.createProject({ id, name: id });
  const ids = Array.from({ length: prompts }, (_, i) => `p${i}`);
  await store.addPrompts(
    id,
    ids.map((p) => ({ id: p, messages: [{ role: "user", content: `question ${p}` }] })),
  );
  await store.addCandidates(
    id,
    ids.flatMap((p) =>
      SYSTEMS.map((s) => ({
        id: `${p}-${s}`,
        promptId: p,
        systemId: s,
        messages: [{ role: "assistant", content: `answer ${p}-${s}` }],
      })),
    ),
  );
}

/** A fresh, empty database of one dialect: its store URL and how to remove it. */
async function freshDatabase(dialect) {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "prefkit-bench-store-"));
    return {
      url: `sqlite:${join(dir, "bench.db")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const { default: pg } = await import("pg");
  const run = async (sql) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`drop schema if exists ${SCHEMA} cascade; create schema ${SCHEMA}`);
  const separator = POSTGRES_URL.includes("?") ? "&" : "?";
  return {
    url: `${POSTGRES_URL}${separator}schema=${SCHEMA}`,
    drop: () => run(`drop schema if exists ${SCHEMA} cascade`),
  };
}

async function timed(run) {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

const perSecond = (n, ms) => `${Math.round((n / ms) * 1000).toLocaleString("en")}/s`;

async function bench(dialect) {
  const { openStore } = await import(join(ROOT, "dist/store/open-store.js"));
  const database = await freshDatabase(dialect);
  const store = await openStore(database.url);
  try {
    await store.migrate();
    const bulk = Number(args.bulk);
    await seededProject(store, "bulk", 1000);
    const load = await timed(() => store.addJudgments("bulk", votes(bulk, 1000)));
    if (load.value.length !== bulk) throw new Error(`stored ${load.value.length} of ${bulk}`);
    const counts = await timed(() => store.battleCounts("bulk"));
    const counted = counts.value.reduce((sum, c) => sum + c.count, 0);
    if (counted !== bulk) throw new Error(`battleCounts counted ${counted} of ${bulk}`);
    const task = await timed(() => store.nextPairTask("bulk", "ann-0"));
    console.log(
      `${dialect}: ${bulk.toLocaleString("en")} judgments in one addJudgments: ` +
        `${(load.ms / 1000).toFixed(2)} s (${perSecond(bulk, load.ms)}); ` +
        `battleCounts over them ${counts.ms.toFixed(0)} ms; nextPairTask ${task.ms.toFixed(0)} ms`,
    );

    const sequential = Number(args.sequential);
    await seededProject(store, "sequential", 100);
    const each = votes(sequential, 100);
    const commits = await timed(async () => {
      for (const judgment of each) await store.addJudgments("sequential", [judgment]);
    });
    console.log(
      `${dialect}: ${sequential.toLocaleString("en")} sequential addJudgments([one]): ` +
        `${(commits.ms / 1000).toFixed(2)} s (${perSecond(sequential, commits.ms)}, ` +
        `${(commits.ms / sequential).toFixed(2)} ms each)`,
    );
  } finally {
    await store.close();
    await database.drop();
  }
}

const dialects = args.db === "both" ? ["sqlite", "postgres"] : [args.db];
for (const dialect of dialects) await bench(dialect);
