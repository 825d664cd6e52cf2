#!/usr/bin/env node
/**
 * bench/judge: the judge job's orchestration end to end in one process — the plan, the "judge"
 * handler (rendering, the request cache, the per-judge limiter and retry loop, the openai SDK
 * client, verdict parsing), the job runner with its group commits, the jobs store on SQLite —
 * against the fake OpenAI-compatible server's planted judge `judge-fixed` (a fixed verdict, in
 * the template's format) in a child process, so this process's time is prefkit's alone.
 *  (a) zero latency, --items (default 20,000) items: each pair in both orders, one item per
 *      judge call; completed verdicts/s, durable writes included (target ≥ 1,000/s);
 *  (b) 200 ms latency, concurrency 64, --slow-items (default 3,000): rate against the ideal
 *      64 / 0.2 s = 320/s (target within 10 %).
 * Each case runs --repeat times (default 3). The handler is given a writer that does nothing;
 * the judgments are then written into a project of the same SQLite store (write-output.ts, what
 * `complete` does) and timed apart: the end-to-end rate counts both.
 *
 *   npm run build && node bench/judge/run.mjs [--items 20000] [--slow-items 3000] [--repeat 3]
 *     [--only a,b] [--template arena-hard]
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
const { judgeHandler, planJudging, writeJudgeOutput, JUDGE_KIND } =
  await dist("app/judge/index.js");
const { builtinTemplate } = await dist("llm/judge/builtin.js");
const { runJobs } = await dist("jobs/runner.js");
const { openStore } = await dist("store/open-store.js");

const { values: args } = parseArgs({
  options: {
    items: { type: "string", default: "20000" },
    "slow-items": { type: "string", default: "3000" },
    repeat: { type: "string", default: "3" },
    only: { type: "string", default: "a,b" },
    template: { type: "string", default: "arena-hard" },
  },
});
const only = new Set(args.only.split(","));
const repeat = Number(args.repeat);
const template = builtinTemplate(args.template);
if (template === undefined || template.mode !== "pairwise") {
  throw new Error(`--template must name a built-in pairwise template, got ${args.template}`);
}

/** `items / 2` prompts, each with two answers of different systems: one pair, both orders. */
function* questions(items) {
  for (let i = 0; i < items / 2; i++) {
    yield {
      prompt: { id: `p${i}`, messages: [{ role: "user", content: `question number ${i}: why?` }] },
      candidates: [
        { id: `a${i}`, systemId: "A", text: `The first answer to question ${i}, in a sentence.` },
        { id: `b${i}`, systemId: "B", text: `The second answer to question ${i}, a bit longer.` },
      ],
      pairs: [],
    };
  }
}

/** The fake OpenAI-compatible server with planted judges in a child process. */
async function startFake(options) {
  const child = spawn(
    process.execPath,
    [join(ROOT, "scripts/fake-openai.mjs"), "--judges", JSON.stringify(options)],
    { stdio: ["ignore", "pipe", "inherit"] },
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

/** One judge job of `items` items run to its end; returns its rate. */
async function runCase({ items, latencyMs, concurrency }) {
  const fake = await startFake({ latencyMs });
  const dir = mkdtempSync(join(tmpdir(), "prefkit-bench-judge-"));
  const store = await openStore(`sqlite:${join(dir, "jobs.db")}`);
  await store.migrate();
  const judge = {
    id: "judge-fixed",
    model: "judge-fixed",
    baseUrl: fake.url,
    params: { temperature: 0 },
    price: { inputPerMillion: 3, outputPerMillion: 15 },
    concurrency,
    timeoutMs: 30_000,
    stream: false,
  };
  const spec = {
    version: 1,
    judges: [judge],
    template,
    orders: "both",
    combine: "arena-hard",
    strongWeight: 3,
    permutations: 1,
    parseAttempts: 3,
    output: { kind: "project", projectId: "bench" },
  };
  await store.createProject({ id: "bench", name: "bench" });
  const { job } = await store.createJob({
    kind: JUDGE_KIND,
    fingerprint: `bench-${items}-${latencyMs}`,
    spec,
  });
  const planStarted = performance.now();
  let batch = [];
  const plan = planJudging(questions(items), {
    judges: [judge.id],
    template,
    selection: { kind: "all" },
    orders: "both",
    permutations: 1,
  });
  for (const item of plan) {
    batch.push(item);
    if (batch.length === 1000) {
      await store.addJobItems(job.id, batch);
      batch = [];
    }
  }
  if (batch.length) await store.addJobItems(job.id, batch);
  const planSeconds = (performance.now() - planStarted) / 1000;
  const handler = judgeHandler({ store, env: {}, writeOutput: async () => ({}) });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = await runJobs(store, {
    owner: "bench",
    handlers: [handler],
    jobId: job.id,
    concurrency,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  // What `complete` does: the prompts, candidates and judgments into the project (SQLite).
  const writeStarted = performance.now();
  const written = await writeJudgeOutput(store, job.id, spec);
  const writeSeconds = (performance.now() - writeStarted) / 1000;
  // The calls' own latency as the client saw it (server, network, the SDK): what the runner
  // cannot make shorter. concurrency / mean latency is the rate a perfect runner would reach.
  let latencySum = 0;
  let latencyCount = 0;
  for (let after; ; ) {
    const page = await store.listItems(job.id, { limit: 5000, ...(after ? { after } : {}) });
    if (page.length === 0) break;
    for (const item of page) {
      const ms = item.result?.record?.latencyMs;
      if (typeof ms === "number") {
        latencySum += ms;
        latencyCount++;
      }
    }
    after = page.at(-1).key;
  }
  await store.close();
  fake.child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
  const done = result.job?.counts.done ?? 0;
  return {
    ended: result.ended,
    done,
    failed: result.job?.counts.failed ?? 0,
    calls: result.job?.usage.calls ?? 0,
    rate: done / seconds,
    seconds,
    writeSeconds,
    judgments: written.judgments,
    endToEnd: done / (seconds + writeSeconds),
    planSeconds,
    cpuMsPerItem: (cpu.user + cpu.system) / 1000 / Math.max(1, done),
    latencyMs: latencySum / Math.max(1, latencyCount),
    load: loadavg()[0],
  };
}

const rows = [];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function cases(name, options, target, judge) {
  const runs = [];
  for (let r = 0; r < repeat; r++) runs.push(await runCase(options));
  const rates = runs.map((r) => r.rate);
  const m = median(rates);
  rows.push([
    name,
    `${options.items}`,
    runs.map((r) => `${r.done}/${r.failed}/${r.calls}`).join(" "),
    `${rates.map((x) => x.toFixed(0)).join(", ")} (median ${m.toFixed(0)})`,
    target,
    judge(m) ? "ok" : "MISSED",
    `judgments into the project in ${runs.map((r) => r.writeSeconds.toFixed(1)).join(", ")} s (${runs
      .map((r) => r.judgments)
      .join(
        ", ",
      )}); end to end ${runs.map((r) => r.endToEnd.toFixed(0)).join(", ")} verdicts/s; ${runs.map((r) => r.cpuMsPerItem.toFixed(2)).join(", ")} ms CPU/item; call latency ${runs
      .map((r) => r.latencyMs.toFixed(1))
      .join(", ")} ms (rate ${runs
      .map((r) => `${((100 * r.rate * r.latencyMs) / 1000 / options.concurrency).toFixed(0)} %`)
      .join(", ")} of concurrency / latency); plan+insert ${runs
      .map((r) => r.planSeconds.toFixed(1))
      .join(", ")} s; load ${runs.map((r) => r.load.toFixed(1)).join(", ")}`,
  ]);
}

if (only.has("a")) {
  const items = Number(args.items);
  await cases(
    "(a) 0 ms, SQLite",
    { items, latencyMs: 0, concurrency: 64 },
    "≥ 1,000/s",
    (m) => m >= 1000,
  );
}
if (only.has("b")) {
  const items = Number(args["slow-items"]);
  await cases(
    "(b) 200 ms, c=64",
    { items, latencyMs: 200, concurrency: 64 },
    "≥ 288/s (90 % of 320)",
    (m) => m >= 288,
  );
}

console.log(
  `template ${template.id}; load average at the end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
const header = ["case", "items", "done/failed/calls", "verdicts/s", "target", "", "notes"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join("  ");
console.log(line(header));
for (const r of rows) console.log(line(r));
