#!/usr/bin/env node
/**
 * bench/generate: the generate job end to end in one process — the "generate" handler, the job
 * runner with its group commits, the jobs store on SQLite, the openai SDK client — against the
 * fake OpenAI-compatible server (src/llm/fake-openai-server.ts) in this process.
 *  (a) zero latency, --items (default 20,000) items: completed requests/s, durable writes
 *      included (target ≥ 2,000/s);
 *  (b) 200 ms latency, concurrency 64, --slow-items (default 3,000): rate against the ideal
 *      64 / 0.2 s = 320/s (target within 10 %);
 *  (c) zero latency, --memory-items (default 100,000): RSS and heap sampled every second; flat
 *      means the last quarter's peak heap is not above the first quarter's by more than noise.
 * The output (a canonical JSONL file) is written by each job's `complete`, timed apart. The fake
 * runs in its own process (scripts/fake-openai.mjs), so this process's time is prefkit's alone.
 *
 *   npm run build && node bench/generate/run.mjs [--items 20000] [--slow-items 3000]
 *     [--memory-items 100000] [--only a,b,c]
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dist = (path) => import(join(ROOT, "dist", path));
const { generateHandler, planGeneration, GENERATE_KIND } = await dist("app/generate/index.js");
const { runJobs } = await dist("jobs/runner.js");
const { openStore } = await dist("store/open-store.js");

const { values: args } = parseArgs({
  options: {
    items: { type: "string", default: "20000" },
    "slow-items": { type: "string", default: "3000" },
    "memory-items": { type: "string", default: "100000" },
    only: { type: "string", default: "a,b,c" },
  },
});
const only = new Set(args.only.split(","));

function* prompts(n) {
  for (let i = 0; i < n; i++) {
    yield { id: `p${i}`, messages: [{ role: "user", content: `question number ${i}: why?` }] };
  }
}

/** The fake OpenAI-compatible server in a child process; resolves once it prints its URL. */
async function startFake(options) {
  const child = spawn(
    process.execPath,
    [join(ROOT, "scripts/fake-openai.mjs"), JSON.stringify(options)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  for await (const chunk of child.stdout) {
    out += chunk;
    const match = /url=(\S+)/.exec(out);
    if (match) return { url: match[1], child };
  }
  await once(child, "exit");
  throw new Error("the fake server did not start");
}

/** One job of `items` items (one system, n = 1) run to its end; returns rate and samples. */
async function runCase({ items, latencyMs, concurrency, sampleMemory = false }) {
  const fake = await startFake({ latencyMs, sentences: 2 });
  const dir = mkdtempSync(join(tmpdir(), "prefkit-bench-generate-"));
  const store = await openStore(`sqlite:${join(dir, "jobs.db")}`);
  await store.migrate();
  const system = {
    id: "bench",
    model: "bench-model",
    baseUrl: fake.url,
    params: {},
    price: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
    concurrency,
    timeoutMs: 30_000,
    stream: false,
  };
  const spec = {
    version: 1,
    systems: [system],
    diversity: { n: 1 },
    output: { kind: "file", path: join(dir, "out.jsonl") },
  };
  const { job } = await store.createJob({
    kind: GENERATE_KIND,
    fingerprint: `bench-${items}-${latencyMs}`,
    spec,
  });
  let batch = [];
  for (const item of planGeneration(prompts(items), [system], { n: 1 })) {
    batch.push(item);
    if (batch.length === 1000) {
      await store.addJobItems(job.id, batch);
      batch = [];
    }
  }
  if (batch.length) await store.addJobItems(job.id, batch);
  const samples = [];
  const timer = sampleMemory
    ? setInterval(() => {
        const m = process.memoryUsage();
        samples.push({ rss: m.rss, heap: m.heapUsed });
      }, 1000)
    : undefined;
  const handler = generateHandler({ store, env: {} });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let completeStarted = 0;
  let cpuAtComplete;
  const timed = {
    ...handler,
    complete: async (j) => {
      completeStarted = performance.now();
      cpuAtComplete = process.cpuUsage(cpuStarted);
      await handler.complete(j);
    },
  };
  const result = await runJobs(store, {
    owner: "bench",
    handlers: [timed],
    jobId: job.id,
    concurrency,
  });
  const ended = performance.now();
  if (timer) clearInterval(timer);
  await store.close();
  fake.child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
  const runSeconds = ((completeStarted || ended) - started) / 1000;
  // This process's CPU per item: a gauge the machine's other load does not move much.
  const cpu = cpuAtComplete ?? process.cpuUsage(cpuStarted);
  const cpuMsPerItem = (cpu.user + cpu.system) / 1000 / Math.max(1, result.job?.counts.done ?? 0);
  return {
    ended: result.ended,
    done: result.job?.counts.done ?? 0,
    answered: result.job?.usage.calls ?? 0,
    rate: (result.job?.counts.done ?? 0) / runSeconds,
    runSeconds,
    completeSeconds: completeStarted ? (ended - completeStarted) / 1000 : 0,
    cpuMsPerItem,
    samples,
  };
}

const mb = (bytes) => `${(bytes / (1 << 20)).toFixed(0)} MB`;
const rows = [];

if (only.has("a")) {
  const items = Number(args.items);
  const r = await runCase({ items, latencyMs: 0, concurrency: 64 });
  rows.push([
    "(a) 0 ms, SQLite",
    `${items}`,
    `${r.done}/${r.answered}`,
    `${r.rate.toFixed(0)}/s`,
    "≥ 2,000/s",
    r.rate >= 2000 ? "ok" : "MISSED",
    `${r.runSeconds.toFixed(1)} s + output ${r.completeSeconds.toFixed(1)} s; ${r.cpuMsPerItem.toFixed(2)} ms CPU/item`,
  ]);
}
if (only.has("b")) {
  const items = Number(args["slow-items"]);
  const r = await runCase({ items, latencyMs: 200, concurrency: 64 });
  const ratio = r.rate / 320;
  rows.push([
    "(b) 200 ms, c=64",
    `${items}`,
    `${r.done}/${r.answered}`,
    `${r.rate.toFixed(0)}/s (${(ratio * 100).toFixed(1)} % of 320)`,
    "≥ 288/s",
    ratio >= 0.9 ? "ok" : "MISSED",
    `${r.runSeconds.toFixed(1)} s`,
  ]);
}
if (only.has("c")) {
  const items = Number(args["memory-items"]);
  const r = await runCase({ items, latencyMs: 0, concurrency: 64, sampleMemory: true });
  const q = Math.max(1, Math.floor(r.samples.length / 4));
  const peak = (s) => Math.max(...s.map((x) => x.heap));
  const first = peak(r.samples.slice(0, q));
  const last = peak(r.samples.slice(-q));
  const rss = Math.max(...r.samples.map((x) => x.rss));
  const flat = last <= first * 1.25 + (16 << 20);
  rows.push([
    "(c) memory",
    `${items}`,
    `${r.done}/${r.answered}`,
    `${r.rate.toFixed(0)}/s`,
    "flat heap",
    flat ? "ok" : "GROWS",
    `heap peak first ¼ ${mb(first)}, last ¼ ${mb(last)}; RSS max ${mb(rss)}; ${r.samples.length} samples`,
  ]);
}

console.log(
  `load average at the end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
const header = ["case", "items", "done/calls", "rate", "target", "", "notes"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join("  ");
console.log(line(header));
for (const r of rows) console.log(line(r));
