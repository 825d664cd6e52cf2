#!/usr/bin/env node
/**
 * bench/store: the store's insert throughput, printed (machines differ, so no test asserts it):
 * one bulk load of 100,000 judgments in one transaction (then battleCounts and nextPairTask
 * over them), and 1,000 single-judgment transactions one after another — each an acknowledged,
 * synced commit, the rate one server process can accept votes at. Moved here from the test
 * suite (issue 11: tests assert no wall-clock limits and do not spend minutes measuring).
 *
 *   npm run build && node bench/store/insert-rate.mjs [--db sqlite|postgres|both]
 *     [--postgres postgres://postgres@127.0.0.1:5432/test]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openStore } from "../../dist/store/open-store.js";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "both" },
    postgres: { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
  },
});

const SYSTEMS = ["s0", "s1", "s2", "s3"];
const OUTCOMES = ["a", "b", "tie", "both_bad"];

/** `prompts` prompts p0…, each answered by every system: candidate `<prompt>-<system>`. */
async function seedArena(store, projectId, prompts) {
  const list = Array.from({ length: prompts }, (_, i) => ({
    id: `p${i}`,
    messages: [{ role: "user", content: `question p${i}` }],
  }));
  await store.addPrompts(projectId, list);
  await store.addCandidates(
    projectId,
    list.flatMap((p) =>
      SYSTEMS.map((s) => ({
        id: `${p.id}-${s}`,
        promptId: p.id,
        systemId: s,
        messages: [{ role: "assistant", content: `answer ${p.id}-${s}` }],
      })),
    ),
  );
}

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
      outcome: OUTCOMES[i % 4],
      source: { kind: "human", annotatorId: `ann-${i % 50}` },
    };
  });
}

const rate = (n, ms) => `${Math.round((n / ms) * 1000).toLocaleString("en")}/s`;

async function measure(dialect, url) {
  const store = await openStore(url);
  await store.migrate();
  try {
    const bulk = (await store.createProject({ name: "bulk" })).id;
    await seedArena(store, bulk, 1000);
    let start = performance.now();
    const stored = await store.addJudgments(bulk, votes(100_000, 1000));
    const ms = performance.now() - start;
    if (stored.length !== 100_000) throw new Error(`stored ${stored.length} of 100,000`);
    start = performance.now();
    await store.battleCounts(bulk);
    const countMs = performance.now() - start;
    start = performance.now();
    await store.nextPairTask(bulk, "ann-0");
    const taskMs = performance.now() - start;
    console.log(
      `${dialect}: 100,000 judgments in one addJudgments: ${(ms / 1000).toFixed(2)} s (${rate(100_000, ms)}); ` +
        `battleCounts over them ${countMs.toFixed(0)} ms; nextPairTask ${taskMs.toFixed(0)} ms`,
    );

    const single = (await store.createProject({ name: "single" })).id;
    await seedArena(store, single, 100);
    start = performance.now();
    for (const judgment of votes(1000, 100)) await store.addJudgments(single, [judgment]);
    const eachMs = performance.now() - start;
    console.log(
      `${dialect}: 1,000 sequential addJudgments([one]): ${(eachMs / 1000).toFixed(2)} s (${rate(1000, eachMs)}, ${(eachMs / 1000).toFixed(2)} ms each)`,
    );
  } finally {
    await store.close();
  }
}

if (args.db !== "postgres") {
  const dir = mkdtempSync(join(tmpdir(), "prefkit-insert-rate-"));
  try {
    await measure("sqlite", `sqlite:${join(dir, "bench.db")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (args.db !== "sqlite") {
  // A schema of its own, dropped afterwards, so the database's other tables are left alone.
  const schema = `bench_${process.pid}`;
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: args.postgres });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    const sep = args.postgres.includes("?") ? "&" : "?";
    await measure("postgres", `${args.postgres}${sep}schema=${schema}`);
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
