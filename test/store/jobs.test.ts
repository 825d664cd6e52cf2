/**
 * The jobs store on both dialects: jobs found again by fingerprint, items added once, leases
 * that are never handed to two holders, finishes only by the holder, usage totals, the request
 * cache, cancel and retry, keyset paging of items.
 */
import { randomUUID } from "node:crypto";
import { expect, it, vi } from "vitest";
import type { ItemOutcome, JobsStore, NewJobItem } from "../../src/store/store.js";
import { describeStore } from "./fixture.js";

const items = (n: number, prefix = "k"): NewJobItem[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `${prefix}${String(i).padStart(5, "0")}`,
    payload: { i },
  }));

async function newJob(store: JobsStore, n: number, extra: { maxCost?: number } = {}) {
  const { job } = await store.createJob({
    kind: "test",
    fingerprint: randomUUID(),
    spec: { what: "test" },
    ...extra,
  });
  await store.addJobItems(job.id, items(n));
  return job.id;
}

const done = (key: string, usage?: ItemOutcome["usage"]): ItemOutcome => ({
  key,
  status: "done",
  result: { echo: key },
  ...(usage ? { usage } : {}),
});

describeStore("jobs store", (fx) => {
  it("createJob finds the unfinished job of the same kind and fingerprint, not a done one", async () => {
    const fingerprint = randomUUID();
    const first = await fx.store.createJob({
      kind: "test",
      fingerprint,
      spec: { a: 1 },
      projectId: "p",
      maxCost: 1,
    });
    expect(first.created).toBe(true);
    expect(first.job).toMatchObject({
      kind: "test",
      fingerprint,
      status: "queued",
      spec: { a: 1 },
      projectId: "p",
      maxCost: 1,
      counts: { total: 0, pending: 0, leased: 0, done: 0, failed: 0, cancelled: 0 },
      usage: { inputTokens: 0, outputTokens: 0, cost: null, cached: 0, calls: 0 },
    });
    await fx.store.setJobStatus(first.job.id, "stopped", "budget");
    const again = await fx.store.createJob({
      kind: "test",
      fingerprint,
      spec: { a: 1 },
      maxCost: 5,
    });
    expect(again.created).toBe(false);
    expect(again.job.id).toBe(first.job.id);
    expect(again.job.status).toBe("queued");
    expect(again.job.maxCost).toBe(5);
    expect(again.job.message).toBeUndefined();

    const other = await fx.store.createJob({ kind: "other", fingerprint, spec: {} });
    expect(other.created).toBe(true);

    await fx.store.setJobStatus(first.job.id, "done");
    const fresh = await fx.store.createJob({ kind: "test", fingerprint, spec: { a: 1 } });
    expect(fresh.created).toBe(true);
    expect(fresh.job.id).not.toBe(first.job.id);
  });

  /** A fact of PostgreSQL alone: registered there, absent (not counted as skipped) on SQLite. */
  const postgresOnly = (name: string, test: () => Promise<void>) => {
    if (fx.dialect === "postgres") it(name, test);
  };

  // Two stores in one process on one SQLite file would block each other's synchronous driver;
  // SQLite's BEGIN IMMEDIATE serialises processes, PostgreSQL needs the unique index.
  postgresOnly("two stores creating the same job at once find one job", async () => {
    const other = await fx.another();
    const fingerprint = randomUUID();
    const results = await Promise.all(
      [fx.store, other, fx.store, other].map((s) =>
        s.createJob({ kind: "race", fingerprint, spec: {} }),
      ),
    );
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it("addJobItems skips keys already in the job", async () => {
    const { job } = await fx.store.createJob({ kind: "test", fingerprint: randomUUID(), spec: {} });
    expect(await fx.store.addJobItems(job.id, items(700))).toEqual({ added: 700 });
    expect(await fx.store.addJobItems(job.id, items(1000))).toEqual({ added: 300 });
    expect((await fx.store.getJob(job.id))?.counts).toMatchObject({ total: 1000, pending: 1000 });
    await expect(fx.store.addJobItems("no-such-job", items(1))).rejects.toThrow(/no job/);
  });

  it("claimItems leases items, counts attempts and marks the job running", async () => {
    const jobId = await newJob(fx.store, 5);
    const claimed = await fx.store.claimItems({ owner: "w1", limit: 3, leaseMs: 60_000, jobId });
    expect(claimed).toHaveLength(3);
    expect(claimed[0]).toMatchObject({ jobId, attempts: 1 });
    expect(claimed.map((c) => (c.payload as { i: number }).i).sort()).toHaveLength(3);
    const job = await fx.store.getJob(jobId);
    expect(job?.status).toBe("running");
    expect(job?.counts).toMatchObject({ pending: 2, leased: 3 });
    // A live lease is never claimed again: only the two pending remain.
    const rest = await fx.store.claimItems({ owner: "w2", limit: 10, leaseMs: 60_000, jobId });
    expect(rest).toHaveLength(2);
    expect(new Set([...claimed, ...rest].map((c) => c.key)).size).toBe(5);
    expect(await fx.store.claimItems({ owner: "w3", limit: 10, leaseMs: 60_000, jobId })).toEqual(
      [],
    );
  });

  it("an expired lease is taken over, and the old holder can neither renew nor finish it", async () => {
    const jobId = await newJob(fx.store, 2);
    const first = await fx.store.claimItems({ owner: "old", limit: 2, leaseMs: 1, jobId });
    expect(first).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 20));
    const taken = await fx.store.claimItems({ owner: "new", limit: 1, leaseMs: 60_000, jobId });
    expect(taken).toHaveLength(1);
    expect(taken[0]?.attempts).toBe(2);
    const key = taken[0]!.key;
    const otherKey = first.find((c) => c.key !== key)!.key;
    expect(await fx.store.renewLeases("old", jobId, [key, otherKey], 60_000)).toEqual([otherKey]);
    expect(await fx.store.finishItems("old", jobId, [done(key)])).toEqual({
      accepted: 0,
      finished: false,
    });
    expect(await fx.store.finishItems("new", jobId, [done(key)])).toEqual({
      accepted: 1,
      finished: false,
    });
    // The old holder's other item is still its own (renewed): it finishes the job.
    expect(await fx.store.finishItems("old", jobId, [done(otherKey)])).toEqual({
      accepted: 1,
      finished: true,
    });
    const job = await fx.store.getJob(jobId);
    expect(job?.status).toBe("done");
    expect(job?.counts).toMatchObject({ total: 2, done: 2, leased: 0, pending: 0 });
    const stored = await fx.store.listItems(jobId);
    expect(stored.map((s) => s.result)).toEqual([{ echo: "k00000" }, { echo: "k00001" }]);
  });

  postgresOnly(
    "leases follow the database's clock: a worker whose clock is off neither takes a live lease nor gives a short one",
    async () => {
      const jobId = await newJob(fx.store, 2);
      const real = Date.now();
      const skewed = vi.spyOn(Date, "now");
      try {
        // A worker ten minutes behind claims for a minute: its lease must still hold a minute.
        skewed.mockReturnValue(real - 600_000);
        const behind = await fx.store.claimItems({
          owner: "behind",
          limit: 1,
          leaseMs: 60_000,
          jobId,
        });
        expect(behind).toHaveLength(1);
        // A worker ten minutes ahead finds the lease live, and takes only the pending item.
        skewed.mockReturnValue(real + 600_000);
        const ahead = await fx.store.claimItems({
          owner: "ahead",
          limit: 2,
          leaseMs: 60_000,
          jobId,
        });
        expect(ahead.map((c) => c.key)).toEqual(
          ["k00000", "k00001"].filter((k) => k !== behind[0]!.key),
        );
        // Renewed by the one behind: still its own, for the ahead one too.
        skewed.mockReturnValue(real - 600_000);
        expect(await fx.store.renewLeases("behind", jobId, [behind[0]!.key], 60_000)).toEqual([
          behind[0]!.key,
        ]);
        skewed.mockReturnValue(real + 600_000);
        expect(
          await fx.store.claimItems({ owner: "ahead", limit: 2, leaseMs: 60_000, jobId }),
        ).toEqual([]);
      } finally {
        skewed.mockRestore();
      }
    },
  );

  it("a taken-over item's outcome from its old holder keeps its paid usage but not its cache hit", async () => {
    const jobId = await newJob(fx.store, 1);
    const [old] = await fx.store.claimItems({ owner: "old", limit: 1, leaseMs: 1, jobId });
    await new Promise((r) => setTimeout(r, 20));
    const [taken] = await fx.store.claimItems({ owner: "new", limit: 1, leaseMs: 60_000, jobId });
    expect(taken!.key).toBe(old!.key);
    const hit = { inputTokens: 0, outputTokens: 0, cost: 0, calls: 0, cached: true };
    const paid = { inputTokens: 5, outputTokens: 7, cost: 0.5, calls: 2, cached: false };
    // The old holder's late outcomes: a cache hit (refused, counts nothing) and a paid call
    // (refused, but its calls, tokens and cost were spent).
    expect(
      await fx.store.finishItems("old", jobId, [done(old!.key, hit), done(old!.key, paid)]),
    ).toMatchObject({ accepted: 0 });
    expect(await fx.store.finishItems("new", jobId, [done(taken!.key, hit)])).toMatchObject({
      accepted: 1,
    });
    const job = await fx.store.getJob(jobId);
    expect(job?.counts).toMatchObject({ done: 1, pending: 0, leased: 0 });
    expect(job?.usage).toEqual({ inputTokens: 5, outputTokens: 7, cost: 0.5, calls: 2, cached: 1 });
  });

  it("finishItems records results, errors, usage totals and cache entries", async () => {
    const jobId = await newJob(fx.store, 3);
    const claimed = await fx.store.claimItems({ owner: "w", limit: 3, leaseMs: 60_000, jobId });
    const [a, b, c] = claimed.map((x) => x.key).sort();
    const result = await fx.store.finishItems("w", jobId, [
      {
        ...done(a!, { inputTokens: 10, outputTokens: 5, cost: 0.25, calls: 2, cached: false }),
        cache: [{ key: `req-${jobId}-a`, value: { text: "hello" } }],
      },
      done(b!, { inputTokens: 0, outputTokens: 0, cost: null, calls: 0, cached: true }),
      {
        key: c!,
        status: "failed",
        error: "bad answer: {}",
        usage: { inputTokens: 3, outputTokens: 1, cost: 0.5, calls: 1, cached: false },
      },
    ]);
    expect(result).toEqual({ accepted: 3, finished: true });
    const job = await fx.store.getJob(jobId);
    expect(job?.status).toBe("done");
    expect(job?.usage).toEqual({
      inputTokens: 13,
      outputTokens: 6,
      cost: 0.75,
      cached: 1,
      calls: 3,
    });
    expect(job?.counts).toMatchObject({ done: 2, failed: 1, leased: 0 });
    const failed = await fx.store.listItems(jobId, { status: "failed" });
    expect(failed).toEqual([
      expect.objectContaining({ key: c, status: "failed", error: "bad answer: {}", attempts: 1 }),
    ]);
    const cache = await fx.store.cacheGet([`req-${jobId}-a`, "absent"]);
    expect([...cache]).toEqual([[`req-${jobId}-a`, { text: "hello" }]]);
  });

  it("cache entries are written once: a second put of the same key keeps the first", async () => {
    const jobId = await newJob(fx.store, 2);
    const [x, y] = await fx.store.claimItems({ owner: "w", limit: 2, leaseMs: 60_000, jobId });
    const key = `same-${jobId}`;
    await fx.store.finishItems("w", jobId, [{ ...done(x!.key), cache: [{ key, value: 1 }] }]);
    await fx.store.finishItems("w", jobId, [{ ...done(y!.key), cache: [{ key, value: 2 }] }]);
    expect((await fx.store.cacheGet([key])).get(key)).toBe(1);
  });

  it("releaseItems gives leases back without counting the attempt", async () => {
    const jobId = await newJob(fx.store, 4);
    await fx.store.claimItems({ owner: "w", limit: 4, leaseMs: 60_000, jobId });
    await fx.store.releaseItems("w", jobId);
    expect((await fx.store.getJob(jobId))?.counts).toMatchObject({ pending: 4, leased: 0 });
    const again = await fx.store.claimItems({ owner: "v", limit: 4, leaseMs: 60_000, jobId });
    expect(again.map((c) => c.attempts)).toEqual([1, 1, 1, 1]);
  });

  it("leaseOwners lists each holder of leased items once, expired leases included", async () => {
    const jobId = await newJob(fx.store, 7);
    const other = await newJob(fx.store, 2);
    expect(await fx.store.leaseOwners(jobId)).toEqual([]);
    await fx.store.claimItems({ owner: "h:11:aa", limit: 3, leaseMs: 60_000, jobId });
    await fx.store.claimItems({ owner: "h:12:bb", limit: 2, leaseMs: 1, jobId });
    const [last] = await fx.store.claimItems({
      owner: "h:13:cc",
      limit: 1,
      leaseMs: 60_000,
      jobId,
    });
    await fx.store.claimItems({ owner: "elsewhere", limit: 2, leaseMs: 60_000, jobId: other });
    await new Promise((r) => setTimeout(r, 10));
    expect((await fx.store.leaseOwners(jobId)).sort()).toEqual(["h:11:aa", "h:12:bb", "h:13:cc"]);
    // A finished item's owner holds nothing any more; a released owner neither.
    await fx.store.finishItems("h:13:cc", jobId, [done(last!.key)]);
    await fx.store.releaseItems("h:11:aa", jobId);
    expect(await fx.store.leaseOwners(jobId)).toEqual(["h:12:bb"]);
    expect(await fx.store.leaseOwners(other)).toEqual(["elsewhere"]);
    expect(await fx.store.leaseOwners("no-such-job")).toEqual([]);
  });

  it("releaseItems of another owner's live leases: those items only, counted, attempts kept", async () => {
    const jobId = await newJob(fx.store, 5);
    await fx.store.claimItems({ owner: "dead", limit: 3, leaseMs: 60_000, jobId });
    const kept = await fx.store.claimItems({ owner: "live", limit: 2, leaseMs: 60_000, jobId });
    expect(await fx.store.releaseItems("dead", jobId)).toBe(3);
    expect(await fx.store.releaseItems("dead", jobId)).toBe(0);
    expect((await fx.store.getJob(jobId))?.counts).toMatchObject({ pending: 3, leased: 2 });
    const again = await fx.store.claimItems({ owner: "next", limit: 5, leaseMs: 60_000, jobId });
    expect(again.map((c) => c.attempts)).toEqual([1, 1, 1]);
    expect(new Set(again.map((c) => c.key)).size).toBe(3);
    expect(again.some((c) => kept.some((k) => k.key === c.key))).toBe(false);
    expect(
      await fx.store.renewLeases(
        "live",
        jobId,
        kept.map((k) => k.key),
        60_000,
      ),
    ).toHaveLength(2);
  });

  it("cancelJob cancels pending and leased items; a cancelled item cannot be finished", async () => {
    const jobId = await newJob(fx.store, 5);
    const [first] = await fx.store.claimItems({ owner: "w", limit: 1, leaseMs: 60_000, jobId });
    await fx.store.finishItems("w", jobId, [done(first!.key)]);
    const [leased] = await fx.store.claimItems({ owner: "w", limit: 1, leaseMs: 60_000, jobId });
    const job = await fx.store.cancelJob(jobId);
    expect(job?.status).toBe("cancelled");
    expect(job?.counts).toMatchObject({ total: 5, done: 1, cancelled: 4, pending: 0, leased: 0 });
    expect(await fx.store.finishItems("w", jobId, [done(leased!.key)])).toMatchObject({
      accepted: 0,
    });
    expect(await fx.store.claimItems({ owner: "w", limit: 5, leaseMs: 60_000, jobId })).toEqual([]);
    expect(await fx.store.cancelJob("no-such-job")).toBeUndefined();
  });

  it("retryFailed makes failed items pending and the job queued", async () => {
    const jobId = await newJob(fx.store, 3);
    const claimed = await fx.store.claimItems({ owner: "w", limit: 3, leaseMs: 60_000, jobId });
    await fx.store.finishItems(
      "w",
      jobId,
      claimed.map((c, i) => (i === 0 ? done(c.key) : { key: c.key, status: "failed", error: "x" })),
    );
    expect((await fx.store.getJob(jobId))?.status).toBe("done");
    expect(await fx.store.retryFailed(jobId)).toBe(2);
    const job = await fx.store.getJob(jobId);
    expect(job?.status).toBe("queued");
    expect(job?.counts).toMatchObject({ done: 1, failed: 0, pending: 2 });
    const again = await fx.store.claimItems({ owner: "w", limit: 3, leaseMs: 60_000, jobId });
    expect(again.map((c) => c.attempts)).toEqual([2, 2]);
    expect(await fx.store.retryFailed(jobId)).toBe(0);
  });

  it("listItems pages by key", async () => {
    const jobId = await newJob(fx.store, 25);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await fx.store.listItems(jobId, {
        limit: 10,
        ...(after === undefined ? {} : { after }),
      });
      seen.push(...page.map((p) => p.key));
      if (page.length < 10) break;
      after = page.at(-1)!.key;
    }
    expect(seen).toEqual(items(25).map((i) => i.key));
  });

  it("a worker's claim takes items of queued or running jobs of its kinds only", async () => {
    const kind = `kind-${randomUUID()}`;
    const { job } = await fx.store.createJob({ kind, fingerprint: "f", spec: {} });
    await fx.store.addJobItems(job.id, items(2));
    expect(
      await fx.store.claimItems({ owner: "w", limit: 5, leaseMs: 60_000, kinds: ["nope"] }),
    ).toEqual([]);
    await fx.store.setJobStatus(job.id, "failed", "bad key");
    expect(
      await fx.store.claimItems({ owner: "w", limit: 5, leaseMs: 60_000, kinds: [kind] }),
    ).toEqual([]);
    await fx.store.setJobStatus(job.id, "queued");
    const claimed = await fx.store.claimItems({
      owner: "w",
      limit: 5,
      leaseMs: 60_000,
      kinds: [kind],
    });
    expect(claimed.map((c) => c.jobId)).toEqual([job.id, job.id]);
  });

  it("listJobs lists newest first, by status", async () => {
    const jobs = await fx.store.listJobs({ limit: 500 });
    const times = jobs.map((j) => j.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const cancelled = await fx.store.listJobs({ status: "cancelled" });
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.every((j) => j.status === "cancelled")).toBe(true);
  });
});
