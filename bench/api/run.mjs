#!/usr/bin/env node
/**
 * bench/api: `prefkit serve` under load, on SQLite and PostgreSQL.
 *  1. Sustained judgment submissions: autocannon POSTs single pairwise judgments (each with its
 *     own idempotency key) for --duration seconds over --connections connections; judgments/s
 *     counts 2xx answers only; latency percentiles from autocannon.
 *  2. A leaderboard over --judgments stored judgments (default 1M, loaded through the store in
 *     batches) with 1000 bootstrap rounds, cold (a new seed each time, so no cached answer).
 *  3. (`--only annotator`) One annotator's vote, the way the web UI casts it (tasks/next, then
 *     POST with handles, held to "once" by the database): latency of --votes sequential votes in
 *     a queue of 500 prompts × 20 systems when the annotator has no history, then again after
 *     --history judgments of theirs were loaded (the red-team pass saw 0.9–1.5 s per vote
 *     after 47,000, when every vote read the annotator's whole history).
 *  4. (`--only import`) A large import and the event loop: --import distinct TRL pairs (default
 *     50,000, about 25 MB of JSON Lines) uploaded while another client asks /api/health every
 *     50 ms; how long the import took, how many probes were answered meanwhile, the slowest.
 *     test/server/import-limits.e2e.test.ts checks that probes are answered; the latency is here.
 * The server runs as its own process (`node dist/cli/main.js serve`), the load generator here.
 *
 *   npm run build && node bench/api/run.mjs [--db sqlite|postgres|both] [--duration 15]
 *     [--connections 32] [--judgments 1000000] [--repeat 3]
 *     [--only submissions|leaderboard|annotator|import] [--votes 200] [--history 47000]
 *     [--import 50000]
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DATA = join(ROOT, "bench/data/api");
const ADMIN_KEY = "pk_bench_admin_key_0123456789abcdefghij";
const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "both" },
    duration: { type: "string", default: "15" },
    connections: { type: "string", default: "32" },
    judgments: { type: "string", default: "1000000" },
    repeat: { type: "string", default: "3" },
    systems: { type: "string", default: "20" },
    only: { type: "string" },
    votes: { type: "string", default: "200" },
    history: { type: "string", default: "47000" },
    import: { type: "string", default: "50000" },
  },
});
const SYSTEMS = Number(args.systems);
const PROMPTS = 50;

function databaseUrl(dialect, name) {
  if (dialect === "sqlite") {
    mkdirSync(DATA, { recursive: true });
    for (const suffix of ["", "-wal", "-shm"])
      rmSync(join(DATA, `${name}.db${suffix}`), { force: true });
    return `sqlite:${join(DATA, `${name}.db`)}`;
  }
  const schema = `prefkit_bench_${name.replace(/\W/g, "_")}`;
  return `postgres://postgres@127.0.0.1:5432/test?schema=${schema}`;
}

async function resetPostgresSchema(url) {
  const { default: pg } = await import("pg");
  const schema = new URL(url).searchParams.get("schema");
  const client = new pg.Client({ connectionString: url.replace(/\?.*$/, "") });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.query(`create schema ${schema}`);
  await client.end();
}

function startServer(db) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.PREFKIT_BENCH_PROFILE
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PREFKIT_BENCH_PROFILE}`]
        : []),
      join(ROOT, "dist/cli/main.js"),
      "serve",
      "--db",
      db,
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--rate-limit",
      "100000000",
    ],
    {
      env: { ...process.env, PREFKIT_ADMIN_KEY: ADMIN_KEY },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  return new Promise((resolve, reject) => {
    let text = "";
    child.stderr.on("data", (chunk) => {
      text += chunk;
      const match = /serving (http:\/\/\S+)\/api/.exec(text);
      if (match) resolve({ child, url: match[1] });
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}): ${text}`)));
  });
}

async function stopServer(server) {
  const exited = new Promise((r) => server.child.on("exit", r));
  server.child.kill("SIGTERM");
  await exited;
}

async function api(server, method, path, body, token = ADMIN_KEY) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

const systemName = (s) => `system-${String(s).padStart(2, "0")}`;

/** A project with `count` prompts, each answered by every system. */
async function setUpProject(server, count = PROMPTS, settings = undefined) {
  const created = await api(server, "POST", "/api/projects", {
    name: "bench",
    ...(settings ? { settings } : {}),
  });
  const id = created.project?.id ?? created.id;
  const prompts = Array.from({ length: count }, (_, p) => ({
    id: `p${p}`,
    messages: [{ role: "user", content: `Question ${p}` }],
  }));
  await api(server, "POST", `/api/projects/${id}/prompts`, prompts);
  const candidates = prompts.flatMap((p) =>
    Array.from({ length: SYSTEMS }, (_, s) => ({
      id: `${p.id}-c${s}`,
      prompt: p.id,
      system: systemName(s),
      messages: [{ role: "assistant", content: `Answer of ${systemName(s)} to ${p.id}` }],
    })),
  );
  for (let i = 0; i < candidates.length; i += 2000) {
    await api(server, "POST", `/api/projects/${id}/candidates`, candidates.slice(i, i + 2000));
  }
  return id;
}

/** Deterministic pseudo-random pairs and outcomes (xorshift; the bench needs no statistics). */
function judgmentMaker(seed) {
  let x = seed | 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  let n = 0;
  return () => {
    const p = Math.floor(next() * PROMPTS);
    const a = Math.floor(next() * SYSTEMS);
    let b = Math.floor(next() * (SYSTEMS - 1));
    if (b >= a) b++;
    // Stronger systems (lower numbers) win more often.
    const outcome = next() < 1 / (1 + Math.exp((a - b) / 4)) ? "a" : "b";
    return {
      kind: "pairwise",
      prompt: `p${p}`,
      a: `p${p}-c${a}`,
      b: `p${p}-c${b}`,
      outcome,
      idempotency_key: `k${seed}-${n++}`,
    };
  };
}

async function submissions(dialect) {
  const db = databaseUrl(dialect, "submit");
  if (dialect === "postgres") await resetPostgresSchema(db);
  const server = await startServer(db);
  try {
    const project = await setUpProject(server);
    const make = judgmentMaker(7);
    const result = await autocannon({
      url: `${server.url}/api/projects/${project}/judgments`,
      method: "POST",
      connections: Number(args.connections),
      duration: Number(args.duration),
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(make()) }) }],
    });
    const ok = result["2xx"];
    const stored = await api(server, "GET", `/api/projects/${project}/progress`);
    return {
      dialect,
      judgmentsPerSecond: ok / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      stored,
    };
  } finally {
    await stopServer(server);
  }
}

async function leaderboard(dialect) {
  const total = Number(args.judgments);
  const db = databaseUrl(dialect, `leaderboard-${total}`);
  if (dialect === "postgres") await resetPostgresSchema(db);
  let server = await startServer(db);
  const project = await setUpProject(server);
  await stopServer(server);
  // Load through the store itself, in transactions of 5,000: what an import does.
  const { openStore } = await import(join(ROOT, "dist/store/open-store.js"));
  const store = await openStore(db);
  const make = judgmentMaker(11);
  const loadStart = performance.now();
  for (let done = 0; done < total; ) {
    const batch = [];
    for (let k = 0; k < 5000 && done < total; k++, done++) {
      const j = make();
      batch.push({
        kind: "pairwise",
        promptId: j.prompt,
        a: j.a,
        b: j.b,
        outcome: j.outcome,
        source: { kind: "ai", model: "bench-judge" },
      });
    }
    await store.addJudgments(project, batch);
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;
  await store.close();
  server = await startServer(db);
  try {
    const times = [];
    for (let r = 0; r < Number(args.repeat); r++) {
      const t = performance.now();
      const board = await api(
        server,
        "GET",
        `/api/projects/${project}/leaderboard?bootstrap=1000&seed=${r + 1}`,
      );
      times.push((performance.now() - t) / 1000);
      if (r === 0) console.error(`  leaderboard has ${JSON.stringify(board).length} bytes`);
    }
    const cached = performance.now();
    await api(server, "GET", `/api/projects/${project}/leaderboard?bootstrap=1000&seed=1`);
    return {
      dialect,
      judgments: total,
      loadSeconds,
      coldSeconds: times,
      cachedSeconds: (performance.now() - cached) / 1000,
    };
  } finally {
    await stopServer(server);
  }
}

/** Milliseconds of each POST of `count` votes cast one after another as the web UI does. */
async function castVotes(server, token, project, count) {
  const call = (method, path, body) => api(server, method, path, body, token);
  const times = [];
  for (let k = 0; k < count; k++) {
    const { task } = await call("GET", `/api/projects/${project}/tasks/next`);
    const vote = {
      kind: "pairwise",
      prompt: task.prompt.id,
      a: task.candidates[0].id,
      b: task.candidates[1].id,
      outcome: k % 2 === 0 ? "a" : "b",
    };
    const t = performance.now();
    await call("POST", `/api/projects/${project}/judgments`, vote);
    times.push(performance.now() - t);
  }
  return times;
}

const percentile = (times, q) => {
  const sorted = [...times].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function annotatorVotes(dialect) {
  const db = databaseUrl(dialect, "annotator");
  if (dialect === "postgres") await resetPostgresSchema(db);
  let server = await startServer(db);
  const project = await setUpProject(server, 500, { mode: "queue" });
  const invited = await api(server, "POST", "/api/annotators", {
    name: "busy",
    role: "annotator",
    projects: [project],
  });
  const votes = Number(args.votes);
  const fresh = await castVotes(server, invited.token, project, votes);
  await stopServer(server);
  // Their history, loaded through the store (as an admin's import of their earlier work).
  const { openStore } = await import(join(ROOT, "dist/store/open-store.js"));
  const store = await openStore(db);
  const make = judgmentMaker(13);
  const history = Number(args.history);
  for (let done = 0; done < history; ) {
    const batch = [];
    for (let k = 0; k < 5000 && done < history; k++, done++) {
      const j = make();
      const p = Number(j.prompt.slice(1)) * 10 + (k % 10);
      batch.push({
        kind: "pairwise",
        promptId: `p${p}`,
        a: j.a.replace(/^p\d+/, `p${p}`),
        b: j.b.replace(/^p\d+/, `p${p}`),
        outcome: j.outcome,
        source: { kind: "human", annotatorId: invited.annotator.id },
      });
    }
    await store.addJudgments(project, batch);
  }
  await store.close();
  server = await startServer(db);
  try {
    const busy = await castVotes(server, invited.token, project, votes);
    return { dialect, fresh, busy, history };
  } finally {
    await stopServer(server);
  }
}

/** Uploads --import TRL pairs while probing /api/health every 50 ms. */
async function importWhileProbing(dialect) {
  const db = databaseUrl(dialect, "import");
  if (dialect === "postgres") await resetPostgresSchema(db);
  const server = await startServer(db);
  try {
    const created = await api(server, "POST", "/api/projects", { name: "import" });
    const project = created.project?.id ?? created.id;
    const lines = Array.from({ length: Number(args.import) }, (_, i) =>
      JSON.stringify({
        prompt: `Question ${i}: ${"x".repeat(150)}`,
        chosen: `A good answer ${i}: ${"y".repeat(150)}`,
        rejected: `A bad answer ${i}: ${"z".repeat(150)}`,
      }),
    );
    let done = false;
    const latencies = [];
    const probing = (async () => {
      while (!done) {
        const started = performance.now();
        await fetch(`${server.url}/api/health`);
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const started = performance.now();
    const response = await fetch(
      `${server.url}/api/projects/${project}/import?filename=big.jsonl`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          "content-type": "application/octet-stream",
        },
        body: lines.join("\n"),
      },
    );
    await response.text();
    const seconds = (performance.now() - started) / 1000;
    done = true;
    await probing;
    return { dialect, status: response.status, seconds, latencies };
  } finally {
    await stopServer(server);
  }
}

const dialects = args.db === "both" ? ["sqlite", "postgres"] : [args.db];
console.log(`# bench/api — ${new Date().toISOString()} — node ${process.version}`);
for (const dialect of dialects) {
  if (args.only === "annotator") {
    const r = await annotatorVotes(dialect);
    const line = (times) =>
      `p50 ${percentile(times, 0.5).toFixed(1)} ms, p99 ${percentile(times, 0.99).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`;
    console.log(
      `${dialect}: annotator vote, no history: ${line(r.fresh)} (${r.fresh.length} votes)`,
    );
    console.log(
      `${dialect}: annotator vote after ${r.history} of their judgments: ${line(r.busy)} (${r.busy.length} votes)`,
    );
    continue;
  }
  if (args.only === "import") {
    const r = await importWhileProbing(dialect);
    console.log(
      `${dialect}: import of ${args.import} TRL pairs answered ${r.status} in ${r.seconds.toFixed(1)} s; ${r.latencies.length} health probes meanwhile, p50 ${percentile(r.latencies, 0.5).toFixed(0)} ms, slowest ${Math.max(...r.latencies).toFixed(0)} ms`,
    );
    continue;
  }
  if (args.only === "leaderboard") {
    await reportLeaderboard(dialect);
    continue;
  }
  const s = await submissions(dialect);
  console.log(
    `${dialect}: ${s.judgmentsPerSecond.toFixed(0)} judgments/s over ${args.connections} connections, p50 ${s.p50} ms, p99 ${s.p99} ms, non-2xx ${s.non2xx}, errors ${s.errors}`,
  );
  if (args.only !== "submissions") await reportLeaderboard(dialect);
}

async function reportLeaderboard(dialect) {
  const l = await leaderboard(dialect);
  console.log(
    `${dialect}: leaderboard over ${l.judgments} judgments, 1000 bootstrap rounds: cold ${l.coldSeconds.map((t) => t.toFixed(2)).join(", ")} s; cached ${l.cachedSeconds.toFixed(3)} s (loaded in ${l.loadSeconds.toFixed(0)} s)`,
  );
}
