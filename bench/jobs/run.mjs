#!/usr/bin/env node
/**
 * bench/jobs: the durable job runner alone (no model calls): a zero-latency synthetic handler
 * over --items items (default 20,000) at --concurrency (default 64), every outcome finished
 * durably in groups. Reports items/s and the heap before and after, on SQLite and PostgreSQL.
 * bench/generate measures the same path with a test model server in front.
 *
 *   npx tsc -p tsconfig.build.json && node bench/jobs/run.mjs [--db sqlite|postgres|both]
 *     [--items 20000] [--concurrency 64]
 * PostgreSQL: PREFKIT_TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/test (a schema
 * `prefkit_bench_jobs` is dropped and created there).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const POSTGRES_URL =
  process.env.PREFKIT_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SCHEMA = "prefkit_bench_jobs";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    items: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "64" },
  },
});
const { openStore } = await import(join(ROOT, "dist/store/open-store.js"));
const { runJobs } = await import(join(ROOT, "dist/jobs/runner.js"));

async function bench(url) {
  const store = await openStore(url);
  await store.migrate();
  const items = Number(args.items);
  const { job } = await store.createJob({
    kind: "bench",
    fingerprint: String(Date.now()),
    spec: {},
  });
  for (let i = 0; i < items; i += 5000) {
    await store.addJobItems(
      job.id,
      Array.from({ length: Math.min(5000, items - i) }, (_, j) => ({
        key: `k${String(i + j).padStart(7, "0")}`,
        payload: { prompt: i + j },
      })),
    );
  }
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const started = performance.now();
  const result = await runJobs(store, {
    owner: "bench",
    jobId: job.id,
    concurrency: Number(args.concurrency),
    handlers: [
      {
        kind: "bench",
        open: async () => async (item) => ({
          status: "done",
          result: { text: `answer ${item.key}` },
          usage: { inputTokens: 10, outputTokens: 20, cost: 0.0001, calls: 1, cached: false },
          cache: [{ key: `bench-${job.id}-${item.key}`, value: { text: "x" } }],
        }),
      },
    ],
    onProgress: () => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const mb = (n) => (n / 1e6).toFixed(1);
  console.log(
    `${store.dialect}: ${items} items at concurrency ${args.concurrency}: ${seconds.toFixed(2)} s, ${(items / seconds).toFixed(0)} items/s (${result.ended}, ${result.job.counts.done} done); heap ${mb(heapBefore)} MB before, peak ${mb(heapPeak)} MB`,
  );
  await store.close();
}

if (args.db === "sqlite" || args.db === "both") {
  const dir = mkdtempSync(join(tmpdir(), "prefkit-bench-jobs-"));
  try {
    await bench(`sqlite:${join(dir, "bench.db")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (args.db === "postgres" || args.db === "both") {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`drop schema if exists ${SCHEMA} cascade; create schema ${SCHEMA}`);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set("schema", SCHEMA);
  try {
    await bench(url.toString());
  } finally {
    await client.query(`drop schema if exists ${SCHEMA} cascade`);
    await client.end();
  }
}
