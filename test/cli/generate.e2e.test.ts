/**
 * `prefkit generate` end to end (dist/; build first): to a canonical file and into a project, a
 * re-run that sends nothing again, --dry-run, a missing key variable, and a SIGKILL in the middle
 * of a run on SQLite and PostgreSQL.
 *
 * The SIGKILL rule we guarantee and assert: an answer is committed with its item (one
 * transaction), so after a kill and the same command run again, (1) every item is done exactly
 * once, and (2) the second run sends exactly one request per item that was not done at the kill
 * — no request whose answer had been committed is sent again. The only answers paid twice are
 * those the killed process had received but not yet committed (at most its in-flight items and
 * one unflushed group), which (2) bounds: first-run answers − items done at the kill.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAi, startFakeOpenAi } from "../../src/llm/fake-openai-server.js";
import { openStore } from "../../src/store/open-store.js";
import { POSTGRES_URL, postgresProblem, postgresTarget } from "../store/postgres-target.js";
import { ROOT } from "./run-cli.js";

const MAIN = join(ROOT, "dist/cli/main.js");
const KEY = "sk-e2e-secret-key-value";
/** The default lease (60 s): a run killed on this machine is taken back at once, not on expiry. */
const ENV = { FAKE_KEY: KEY };
/**
 * A short lease for the workers that stand for processes on different machines: the killed one's
 * items are taken over when its leases expire, after 1.5 s.
 */
const WORKER_ENV = { ...ENV, PREFKIT_JOB_LEASE_MS: "1500" };
const pgProblem = await postgresProblem();

let fake: FakeOpenAi;
let dir: string;
beforeAll(async () => {
  fake = await startFakeOpenAi({ models: ["m1", "m2"], apiKey: KEY });
  dir = mkdtempSync(join(tmpdir(), "prefkit-generate-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.setFaults([]);
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const childEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH ?? "", ...env });

function cli(args: readonly string[], env: Record<string, string> = ENV, cwd = dir): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { cwd, encoding: "utf8", env: childEnv(env), maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (typeof code !== "number") reject(error);
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

let workspaces = 0;
/** A fresh folder with a systems config (m1, m2 on the fake) and `prompts` prompt records. */
function workspace(prompts: number, concurrency = 4) {
  const path = join(dir, `w${workspaces++}`);
  mkdirSync(path, { recursive: true });
  const systems = join(path, "systems.yaml");
  writeFileSync(
    systems,
    [
      "defaults:",
      `  base_url: ${fake.url}`,
      "  api_key_env: FAKE_KEY",
      "  price: { input: 1, output: 2 }",
      `  concurrency: ${concurrency}`,
      "systems:",
      "  m1: {}",
      "  m2: { params: { temperature: 0.5 } }",
      "",
    ].join("\n"),
  );
  const file = join(path, "prompts.jsonl");
  const lines = Array.from({ length: prompts }, (_, i) =>
    JSON.stringify({
      type: "prompt",
      id: `p${i}`,
      messages: [{ role: "user", content: `question ${i}` }],
    }),
  );
  writeFileSync(file, `${lines.join("\n")}\n`);
  return { path, systems, prompts: file, out: join(path, "candidates.jsonl") };
}

const records = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown> & { type: string });

describe("prefkit generate", () => {
  it("writes systems, prompts and candidates as canonical records, each candidate with tokens, latency, finish reason and cost", async () => {
    const w = workspace(3);
    const run = await cli([
      "generate",
      w.prompts,
      "--systems",
      w.systems,
      "--n",
      "2",
      "--out",
      w.out,
      "--format",
      "json",
    ]);
    expect(run.stderr).toContain("12 items (3 prompts × 2 systems)");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      status: "done",
      ended: "finished",
      items: 12,
      done: 12,
      failed: 0,
      cached: 0,
      calls: 12,
    });
    expect(summary.cost).toBeGreaterThan(0);
    const out = records(w.out);
    expect(out.filter((r) => r.type === "system").map((r) => r.id)).toEqual(["m1", "m2"]);
    expect(out.filter((r) => r.type === "prompt")).toHaveLength(3);
    const candidates = out.filter((r) => r.type === "candidate");
    expect(candidates).toHaveLength(12);
    expect(new Set(candidates.map((c) => c.id)).size).toBe(12);
    for (const c of candidates) {
      const g = (c.metadata as { generation: Record<string, unknown> }).generation;
      expect(g).toMatchObject({
        finishReason: "stop",
        usageEstimated: false,
        diversity: "independent",
      });
      for (const field of ["inputTokens", "outputTokens", "latencyMs", "cost"]) {
        expect(typeof g[field], field).toBe("number");
      }
    }
    // The key never reaches the output.
    expect(readFileSync(w.out, "utf8")).not.toContain(KEY);
    expect(fake.stats().requests).toBe(12);

    // The same command again: a new job (the first is done), every answer from the cache.
    const again = await cli([
      "generate",
      w.prompts,
      "--systems",
      w.systems,
      "--n",
      "2",
      "--out",
      w.out,
      "--format",
      "json",
    ]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ done: 12, cached: 12, calls: 0, cost: 0 });
    expect(fake.stats().requests).toBe(12);
    expect(records(w.out)).toEqual(out);
  });

  it("--dry-run counts calls, tokens and cost, and what the cache already answers", async () => {
    const w = workspace(2);
    const args = [
      "generate",
      w.prompts,
      "--systems",
      w.systems,
      "--out",
      w.out,
      "--dry-run",
      "--format",
      "json",
    ];
    const before = await cli(args);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({
      items: 4,
      calls: 4,
      cachedCalls: 0,
      outputTokens: 4 * 512,
    });
    expect(fake.stats().requests).toBe(0);
    await cli(["generate", w.prompts, "--systems", w.systems, "--out", w.out, "--quiet"]);
    const after = await cli(args);
    expect(JSON.parse(after.stdout)).toMatchObject({
      items: 4,
      calls: 4,
      cachedCalls: 4,
      inputTokens: 0,
    });
  });

  it("writes into a project of --db, idempotently", async () => {
    const w = workspace(2);
    const db = `sqlite:${join(w.path, "store.db")}`;
    const store = await openStore(db);
    await store.migrate();
    await store.createProject({ id: "proj", name: "proj" });
    await store.close();
    const args = [
      "generate",
      w.prompts,
      "--systems",
      w.systems,
      "--db",
      db,
      "--project",
      "proj",
      "--quiet",
    ];
    expect((await cli(args)).code).toBe(0);
    expect((await cli(args)).code).toBe(0);
    const check = await openStore(db);
    try {
      const candidates = await check.listCandidates("proj", "p1");
      expect(candidates.map((c) => c.systemId).sort()).toEqual(["m1", "m2"]);
      expect(candidates[0]!.metadata).toMatchObject({ generation: { finishReason: "stop" } });
      // From the project's own prompts, into the same project: nothing new, the cache answers.
      const from = await cli([
        "generate",
        "--from-project",
        "--systems",
        w.systems,
        "--db",
        db,
        "--project",
        "proj",
        "--format",
        "json",
      ]);
      expect(JSON.parse(from.stdout)).toMatchObject({ done: 4, cached: 4 });
      expect(await check.listCandidates("proj", "p1")).toHaveLength(2);
    } finally {
      await check.close();
    }
    expect(fake.stats().requests).toBe(4);
  });

  it("reports every unset key variable before any call, and makes no job", async () => {
    const w = workspace(2);
    const run = await cli(["generate", w.prompts, "--systems", w.systems, "--out", w.out], {});
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("$FAKE_KEY is not set");
    expect(fake.stats().requests).toBe(0);
  });

  it("refuses an --out that cannot hold candidates (CSV, an unknown type) before any call", async () => {
    const w = workspace(2);
    for (const out of ["candidates.csv", "candidates.txt"]) {
      const run = await cli([
        "generate",
        w.prompts,
        "--systems",
        w.systems,
        "--out",
        join(w.path, out),
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(out);
    }
    expect(fake.stats().requests).toBe(0);
  });

  it("stops at --max-cost with advice that does not loop, and refuses it for an unpriced system", async () => {
    const w = workspace(40, 2);
    const args = ["generate", w.prompts, "--systems", w.systems, "--out", w.out, "--quiet"];
    const first = await cli([...args, "--max-cost", "0.00005"]);
    expect(first.code).toBe(75);
    expect(first.stderr).toContain("raise or drop --max-cost to go on");
    expect(first.stderr).not.toContain("run the same command again to resume");
    const sent = fake.stats().requests;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(80);
    const again = await cli([...args, "--max-cost", "0.00005"]);
    expect(again.code).toBe(75);
    expect(again.stderr).toContain("raise or drop --max-cost to go on");
    expect(fake.stats().requests).toBe(sent);
    expect((await cli(args)).code).toBe(0);

    const unpriced = join(w.path, "unpriced.yaml");
    writeFileSync(
      unpriced,
      `defaults: { base_url: "${fake.url}", api_key_env: FAKE_KEY }\nsystems:\n  alpha: { model: m1, price: { input: 1, output: 1 } }\n  beta: { model: m2 }\n`,
    );
    const refused = await cli([...args, "--systems", unpriced, "--max-cost", "1"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      '--max-cost needs a price for every system, and "beta" has none',
    );
    const dry = await cli([...args, "--systems", unpriced, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/total: .* · ≥ \$\d+\.\d+ \("beta" has no price\)/);
  });

  it("a malformed systems file is a usage error (exit 2) naming the key", async () => {
    const w = workspace(1);
    writeFileSync(w.systems, `systems:\n  b:\n    base_url: "${fake.url}"\n    temperature: 0.5\n`);
    const run = await cli(["generate", w.prompts, "--systems", w.systems, "--out", w.out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "systems.b.temperature: unknown key (did you mean params.temperature?)",
    );
  });

  it("stops at once when nothing answers at base_url, naming it, without retrying every item", async () => {
    const w = workspace(3);
    const dead = join(w.path, "dead.yaml");
    // Port 1 on 127.0.0.1: nothing listens there, the connection is refused.
    writeFileSync(dead, "defaults: { base_url: http://127.0.0.1:1/v1 }\nsystems:\n  m1: {}\n");
    const started = Date.now();
    const run = await cli(["generate", w.prompts, "--systems", dead, "--out", w.out, "--quiet"]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("could not connect to http://127.0.0.1:1/v1");
    expect(run.stderr).toContain("the job stops");
  });

  it("a job whose every item failed says so, not that candidates were written", async () => {
    const w = workspace(2);
    fake.setFaults([{ fault: { type: "status", status: 400 } }]);
    const run = await cli([
      "generate",
      w.prompts,
      "--systems",
      w.systems,
      "--out",
      w.out,
      "--quiet",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("every item failed — 0 of 4 items done, 4 failed");
    expect(run.stderr).not.toContain("candidates written to");
    expect(run.stderr).not.toContain("done (finished)");
  });

  it("stops at a rejected key with the message that says what to fix (exit 1)", async () => {
    const w = workspace(1);
    const run = await cli(
      ["generate", w.prompts, "--systems", w.systems, "--out", w.out, "--quiet"],
      { FAKE_KEY: "sk-wrong-0123456789" },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`refused the key in $FAKE_KEY (401): check the key of system`);
    expect(run.stderr).not.toContain("sk-wrong-0123456789");
  });
});

/** Resolves once `predicate` holds (polled every 10 ms), or rejects after `ms`. */
async function until(predicate: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

function start(
  args: readonly string[],
  env: Record<string, string> = ENV,
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: dir,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  return Object.assign(child, { output: () => output });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

async function killedAndResumed(dbUrl: string | undefined) {
  const w = workspace(30, 3);
  const jobsDb = dbUrl ?? `sqlite:${join(w.path, ".prefkit-jobs.db")}`;
  const args = [
    "generate",
    w.prompts,
    "--systems",
    w.systems,
    "--out",
    w.out,
    "--quiet",
    ...(dbUrl ? ["--db", dbUrl] : []),
  ];
  const total = 60;
  const slow = await startFakeOpenAi({ models: ["m1", "m2"], apiKey: KEY, latencyMs: 40 });
  try {
    writeFileSync(w.systems, readFileSync(w.systems, "utf8").replace(fake.url, slow.url));
    const child = start(args);
    await until(() => slow.stats().answered >= 20);
    child.kill("SIGKILL");
    await exited(child);
    // The fake finishes the answers it was delaying for the dead process (counting them as
    // answered): let it, so that they are counted in the first run's stats.
    await new Promise((r) => setTimeout(r, 400));
    const first = slow.stats();
    const store = await openStore(jobsDb);
    const [job] = await store.listJobs();
    const doneAtKill = job!.counts.done;
    const leasedAtKill = job!.counts.leased;
    await store.close();
    expect(doneAtKill).toBeGreaterThan(0);
    expect(doneAtKill).toBeLessThan(total);
    expect(leasedAtKill).toBeGreaterThan(0);
    expect(first.answered).toBeGreaterThanOrEqual(doneAtKill);
    slow.reset();

    const started = Date.now();
    const again = await cli([...args.filter((a) => a !== "--quiet"), "--format", "json"]);
    const seconds = (Date.now() - started) / 1000;
    expect(again.stderr).toContain(`resuming job ${job!.id}: ${doneAtKill} of ${total} done`);
    // The dead run's leases (60 s) are taken back at once: the run does not wait for them.
    expect(again.stderr).toContain(
      `took back ${leasedAtKill} items from a stopped run (pid ${child.pid})`,
    );
    expect(again.stderr).not.toContain("leased by another process");
    expect(seconds).toBeLessThan(20);
    expect(again.code).toBe(0);
    const second = slow.stats();
    // (2): one request per item not done at the kill, and none for the items done.
    expect(second.answered).toBe(total - doneAtKill);
    expect(second.requests).toBe(total - doneAtKill);
    // (1): every item done exactly once, one candidate each.
    expect(JSON.parse(again.stdout)).toMatchObject({ items: total, done: total, failed: 0 });
    const candidates = records(w.out).filter((r) => r.type === "candidate");
    expect(candidates).toHaveLength(total);
    expect(new Set(candidates.map((c) => c.id)).size).toBe(total);
    // Bodies answered in both runs are the answers lost at the kill, and only those.
    const twice = [...second.answeredByBody.keys()].filter((b) => first.answeredByBody.has(b));
    expect(twice.length).toBeLessThanOrEqual(first.answered - doneAtKill);
  } finally {
    await slow.close();
  }
}

describe("prefkit generate killed with SIGKILL resumes where it stopped", () => {
  it("on SQLite", { timeout: 60_000 }, () => killedAndResumed(undefined));

  it.skipIf(pgProblem !== undefined)(
    `on PostgreSQL${pgProblem ? ` (skipped: ${pgProblem})` : ""}`,
    { timeout: 60_000 },
    async () => {
      const target = await postgresTarget("generate_kill");
      try {
        await killedAndResumed(target.url);
      } finally {
        await target.drop();
      }
    },
  );
});

describe.skipIf(pgProblem !== undefined)(
  `two prefkit worker processes share one generate job on PostgreSQL${pgProblem ? ` (skipped: ${pgProblem})` : ""}`,
  () => {
    /** The owners holding leases now, read straight from the job_items table. */
    async function owners(url: string): Promise<string[]> {
      const { default: pg } = await import("pg");
      const schema = new URL(url).searchParams.get("schema")!;
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ lease_owner: string }>(
          `select distinct lease_owner from ${schema}.job_items where lease_owner is not null`,
        );
        return rows.map((r) => r.lease_owner);
      } finally {
        await client.end();
      }
    }

    async function shared(kill: boolean) {
      const target = await postgresTarget("generate_workers");
      const slow = await startFakeOpenAi({ models: ["m1", "m2"], apiKey: KEY, latencyMs: 40 });
      const workers: ChildProcess[] = [];
      try {
        const w = workspace(40, 2);
        writeFileSync(w.systems, readFileSync(w.systems, "utf8").replace(fake.url, slow.url));
        const total = 80;
        const queued = await cli([
          "generate",
          w.prompts,
          "--systems",
          w.systems,
          "--out",
          w.out,
          "--db",
          target.url,
          "--no-run",
          "--format",
          "json",
        ]);
        expect(queued.code).toBe(0);
        expect(JSON.parse(queued.stdout)).toMatchObject({ items: total, created: true });
        expect(slow.stats().requests).toBe(0);
        const worker = () =>
          start(["worker", "--db", target.url, "--concurrency", "2", "--poll", "100"], WORKER_ENV);
        workers.push(worker(), worker());
        const seen = new Set<string>();
        await until(async () => {
          for (const o of await owners(target.url)) seen.add(o.split(":")[1]!);
          return seen.size >= 2;
        });
        // Both processes held leases: both did work.
        expect([...seen].sort()).toEqual(workers.map((c) => String(c.pid)).sort());
        if (kill) {
          workers[0]!.kill("SIGKILL");
          await exited(workers[0]!);
        }
        const store = await openStore(target.url);
        try {
          await until(async () => (await store.listJobs())[0]?.status === "done", 40_000);
          const [job] = await store.listJobs();
          expect(job!.counts).toMatchObject({
            total,
            done: total,
            failed: 0,
            pending: 0,
            leased: 0,
          });
        } finally {
          await store.close();
        }
        // The job is done when its last items commit; the worker that committed them then
        // writes the output (complete).
        await until(() => existsSync(w.out));
        const candidates = records(w.out).filter((r) => r.type === "candidate");
        expect(candidates).toHaveLength(total);
        expect(new Set(candidates.map((c) => c.id)).size).toBe(total);
        const counts = [...slow.stats().answeredByBody.values()];
        expect(counts).toHaveLength(total);
        if (!kill) expect(counts.every((n) => n === 1)).toBe(true);
        else {
          // Only the killed worker's uncommitted answers (its in-flight items, at most a group
          // of them) are asked again, by the worker that took its leases over.
          expect(counts.every((n) => n <= 2)).toBe(true);
          expect(counts.filter((n) => n === 2).length).toBeLessThanOrEqual(2 * 2);
        }
      } finally {
        for (const child of workers) {
          child.kill("SIGTERM");
          await exited(child);
        }
        await slow.close();
        await target.drop();
      }
    }

    it("every item once, both workers did work", { timeout: 60_000 }, () => shared(false));
    it(
      "a worker killed with SIGKILL: its items are taken over when its leases expire",
      { timeout: 60_000 },
      () => shared(true),
    );
  },
);
