/**
 * `prefkit jobs` list/show/cancel/retry/resume and `prefkit worker`, run as built, on a SQLite
 * store prepared through the store API: what they print, what they change, and their exit codes
 * and messages for an unknown job or kind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { prefkit } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-jobs-cli-"));
const db = `sqlite:${join(dir, "jobs.db")}`;
let store: Store;

async function prepare(id: string, n: number, failures: number) {
  const { job } = await store.createJob({
    id,
    kind: "test",
    fingerprint: id,
    spec: { systems: [{ id: "s1", apiKeyEnv: "OPENAI_API_KEY", apiKey: "sk-must-not-show" }] },
    maxCost: 2,
  });
  await store.addJobItems(
    job.id,
    Array.from({ length: n }, (_, i) => ({ key: `item-${i}`, payload: i })),
  );
  const claimed = await store.claimItems({ owner: "prep", limit: n, leaseMs: 60_000, jobId: id });
  await store.finishItems(
    "prep",
    id,
    claimed.slice(0, failures + 2).map((c, i) =>
      i < failures
        ? { key: c.key, status: "failed" as const, error: `provider said no\nto ${c.key}` }
        : {
            key: c.key,
            status: "done" as const,
            usage: { inputTokens: 100, outputTokens: 50, cost: 0.125, calls: 1, cached: false },
          },
    ),
  );
  await store.releaseItems("prep", id);
}

beforeAll(async () => {
  store = await openStore(db);
  await store.migrate();
  await prepare("job-a", 10, 3);
  await prepare("job-b", 4, 1);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("prefkit jobs", () => {
  it("lists jobs newest first, as a table or JSON", async () => {
    const text = await prefkit(["jobs", "--db", db]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^id\s+kind\s+status\s+done\/total\s+failed\s+cost\s+updated$/);
    expect(lines[2]).toMatch(/^job-b\s+test\s+running\s+2\/4\s+1\s+\$0\.25\s+\d{4}-/);
    expect(lines[3]).toMatch(/^job-a\s+test\s+running\s+2\/10\s+3\s+\$0\.25\s+/);
    const json = await prefkit(["jobs", "list", "--db", db, "--format", "json"]);
    const jobs = JSON.parse(json.stdout) as { id: string; counts: { failed: number } }[];
    expect(jobs.map((j) => [j.id, j.counts.failed])).toEqual([
      ["job-b", 1],
      ["job-a", 3],
    ]);
    expect(json.stdout).not.toContain("sk-must-not-show");
  });

  it("shows a job's counts, usage, spec without secrets and its failed items", async () => {
    const run = await prefkit(["jobs", "show", "job-a", "--db", db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("job job-a (test): running");
    expect(run.stdout).toContain("items: 10 — 2 done, 3 failed, 5 pending, 0 running, 0 cancelled");
    expect(run.stdout).toContain(
      "usage: 200 input + 100 output tokens, 2 calls, 0 cached, cost $0.2500 of a $2 budget",
    );
    expect(run.stdout).toContain('"apiKeyEnv":"OPENAI_API_KEY"');
    expect(run.stdout).not.toContain("sk-must-not-show");
    expect(run.stdout).toMatch(/failed items \(3\):\n {2}item-\d: provider said no to item-\d/);
    const json = JSON.parse(
      (await prefkit(["jobs", "show", "job-a", "--db", db, "--format", "json"])).stdout,
    );
    expect(json.failedItems).toHaveLength(3);
    expect(json.job.spec.systems[0].apiKey).toBe("[redacted]");
  });

  it("says which job is unknown, with exit code 1", async () => {
    for (const verb of ["show", "cancel", "retry", "resume"]) {
      const run = await prefkit(["jobs", verb, "nope", "--db", db]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'prefkit: no job "nope" in this store (prefkit jobs list shows its jobs)\n',
      );
    }
  });

  it("retries failed items, then says how to run them", async () => {
    const run = await prefkit(["jobs", "retry", "job-a", "--db", db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      "3 failed items of job job-a are pending again: run them with `prefkit jobs resume job-a` or a worker (`prefkit worker`)\n",
    );
    expect((await store.getJob("job-a"))?.counts).toMatchObject({ failed: 0, pending: 8 });
    expect((await prefkit(["jobs", "retry", "job-a", "--db", db])).stdout).toBe(
      "job job-a has no failed items\n",
    );
  });

  it("cancels a job", async () => {
    const run = await prefkit(["jobs", "cancel", "job-b", "--db", db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("job job-b is cancelled: 1 item not done, 2 done\n");
    expect((await store.getJob("job-b"))?.status).toBe("cancelled");
    expect((await prefkit(["jobs", "cancel", "job-b", "--db", db])).stdout).toBe(
      "job job-b is already cancelled: nothing to cancel\n",
    );
  });

  it("resume and worker say when no handler runs a kind", async () => {
    const resume = await prefkit(["jobs", "resume", "job-a", "--db", db]);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toMatch(
      /^prefkit: no handler runs jobs of kind "test" in this prefkit \(known kinds: /,
    );
    const worker = await prefkit(["worker", "--db", db, "--kinds", "nope"]);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toMatch(
      /^prefkit: --kinds: no handler runs jobs of kind "nope" \(known kinds: /,
    );
  });

  it("needs --db", async () => {
    const run = await prefkit(["jobs", "list"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--db <url>");
  });
});
