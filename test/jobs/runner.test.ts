/**
 * The job runner with synthetic handlers on both dialects: group commit, the concurrency bound,
 * fatal errors, the budget and a resume with a higher one, cancellation elsewhere, a signal and
 * a second run that does exactly the rest, item failures, `complete` once, and a worker that
 * picks up a job created after it started.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { runJobs } from "../../src/jobs/runner.js";
import {
  FatalJobError,
  type HandlerOutcome,
  type ItemRunner,
  type JobHandler,
} from "../../src/jobs/types.js";
import type { JobsStore, LeasedItem } from "../../src/store/store.js";
import { describeStore } from "../store/fixture.js";

interface Probe {
  handler: JobHandler;
  executed: string[];
  completed: number;
  maxInFlight: number;
}

function probe(
  kind: string,
  work: (
    item: LeasedItem,
    signal: AbortSignal,
  ) => Promise<HandlerOutcome> | HandlerOutcome = () => ({
    status: "done",
  }),
): Probe {
  let inFlight = 0;
  const p: Probe = {
    executed: [],
    completed: 0,
    maxInFlight: 0,
    handler: {
      kind,
      open: async () => async (item, ctx) => {
        inFlight++;
        p.maxInFlight = Math.max(p.maxInFlight, inFlight);
        try {
          const outcome = await work(item, ctx.signal);
          p.executed.push(item.key);
          return outcome;
        } finally {
          inFlight--;
        }
      },
      complete: async () => {
        p.completed++;
      },
    },
  };
  return p;
}

async function job(store: JobsStore, kind: string, n: number, maxCost?: number) {
  const fingerprint = randomUUID();
  const { job } = await store.createJob({
    kind,
    fingerprint,
    spec: {},
    ...(maxCost === undefined ? {} : { maxCost }),
  });
  await store.addJobItems(
    job.id,
    Array.from({ length: n }, (_, i) => ({ key: `k${String(i).padStart(4, "0")}`, payload: i })),
  );
  return { id: job.id, fingerprint };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const owner = () => `test:${randomUUID()}`;

describeStore("job runner", (fx) => {
  it("finishes items in groups: far fewer transactions than items", async () => {
    const kind = `k-${randomUUID()}`;
    const p = probe(kind);
    const { id } = await job(fx.store, kind, 600);
    let finishes = 0;
    const counting: JobsStore = {
      ...fx.store,
      finishItems: (...args) => {
        finishes++;
        expect(args[2].length).toBeLessThanOrEqual(100);
        return fx.store.finishItems(...args);
      },
    };
    const result = await runJobs(counting, {
      owner: owner(),
      handlers: [p.handler],
      jobId: id,
      concurrency: 8,
    });
    expect(result.ended).toBe("finished");
    expect(result.job?.status).toBe("done");
    expect(result.job?.counts).toMatchObject({ done: 600, pending: 0, leased: 0 });
    expect(new Set(p.executed).size).toBe(600);
    expect(p.executed).toHaveLength(600);
    expect(finishes).toBeGreaterThanOrEqual(6);
    expect(finishes).toBeLessThan(60);
    expect(p.completed).toBe(1);
  });

  it("keeps groups large when the database is slower than the handlers", async () => {
    const kind = `k-${randomUUID()}`;
    const p = probe(kind);
    const { id } = await job(fx.store, kind, 1000);
    const sizes: number[] = [];
    const slow: JobsStore = {
      ...fx.store,
      finishItems: async (...args) => {
        sizes.push(args[2].length);
        await delay(30);
        return fx.store.finishItems(...args);
      },
    };
    const result = await runJobs(slow, {
      owner: owner(),
      handlers: [p.handler],
      jobId: id,
      concurrency: 64,
    });
    expect(result.job?.counts.done).toBe(1000);
    // Ten full groups, plus a few cut by the 20 ms timer; one item each would be 1,000.
    expect(sizes.length).toBeLessThanOrEqual(30);
  });

  it("keeps at most `concurrency` items in flight, and reaches it", async () => {
    const kind = `k-${randomUUID()}`;
    const p = probe(kind, async () => {
      await delay(5);
      return { status: "done" };
    });
    const { id } = await job(fx.store, kind, 120);
    await runJobs(fx.store, { owner: owner(), handlers: [p.handler], jobId: id, concurrency: 6 });
    expect(p.maxInFlight).toBe(6);
  });

  it("fails only the item whose handler throws, with its message", async () => {
    const kind = `k-${randomUUID()}`;
    const p = probe(kind, (item) => {
      if (item.key === "k0003") throw new Error("boom on k0003");
      return { status: "done", result: item.payload };
    });
    const { id } = await job(fx.store, kind, 10);
    const result = await runJobs(fx.store, {
      owner: owner(),
      handlers: [p.handler],
      jobId: id,
      concurrency: 3,
    });
    expect(result.ended).toBe("finished");
    expect(result.job?.counts).toMatchObject({ done: 9, failed: 1 });
    expect(await fx.store.listItems(id, { status: "failed" })).toEqual([
      expect.objectContaining({ key: "k0003", error: "boom on k0003" }),
    ]);
  });

  it("stops at a FatalJobError: job failed with the message, every lease given back", async () => {
    const kind = `k-${randomUUID()}`;
    const p = probe(kind, async (item, signal) => {
      if (item.key === "k0020")
        throw new FatalJobError("the key in OPENAI_API_KEY was refused (401)");
      await delay(2);
      if (signal.aborted) throw new Error("aborted");
      return { status: "done" };
    });
    const { id } = await job(fx.store, kind, 200);
    const result = await runJobs(fx.store, {
      owner: owner(),
      handlers: [p.handler],
      jobId: id,
      concurrency: 4,
    });
    expect(result.ended).toBe("fatal");
    expect(result.job?.status).toBe("failed");
    expect(result.job?.message).toBe("the key in OPENAI_API_KEY was refused (401)");
    expect(result.job?.counts.leased).toBe(0);
    expect(result.job?.counts.failed).toBe(0);
    expect(result.job?.counts.done).toBeLessThan(200);
    expect(p.completed).toBe(0);
  });

  it("stops at the budget, and a resume with a higher budget does exactly the rest", async () => {
    const kind = `k-${randomUUID()}`;
    const p = probe(kind, () => ({
      status: "done",
      usage: { inputTokens: 10, outputTokens: 20, cost: 0.1, calls: 1, cached: false },
    }));
    const { id, fingerprint } = await job(fx.store, kind, 300, 1);
    const first = await runJobs(fx.store, {
      owner: owner(),
      handlers: [p.handler],
      jobId: id,
      concurrency: 4,
    });
    expect(first.ended).toBe("budget");
    expect(first.job?.status).toBe("stopped");
    expect(first.job?.message).toMatch(/^budget of \$1 reached after \$\d+\.\d+$/);
    expect(first.job?.usage.cost).toBeGreaterThanOrEqual(1);
    const doneFirst = first.job?.counts.done ?? 0;
    expect(doneFirst).toBeGreaterThanOrEqual(10);
    expect(doneFirst).toBeLessThan(300);
    // Running the same command with the same budget stops at once.
    const again = await runJobs(fx.store, {
      owner: owner(),
      handlers: [p.handler],
      jobId: id,
      concurrency: 4,
    });
    expect(again.ended).toBe("budget");
    expect(p.executed).toHaveLength(doneFirst);

    const resumed = await fx.store.createJob({ kind, fingerprint, spec: {}, maxCost: 100 });
    expect(resumed).toMatchObject({ created: false, job: { id, status: "queued", maxCost: 100 } });
    const second = await runJobs(fx.store, {
      owner: owner(),
      handlers: [p.handler],
      jobId: id,
      concurrency: 4,
    });
    expect(second.ended).toBe("finished");
    expect(second.job?.counts).toMatchObject({ done: 300, pending: 0, leased: 0 });
    expect(p.executed).toHaveLength(300);
    expect(new Set(p.executed).size).toBe(300);
    expect(second.job?.usage.cost).toBeCloseTo(30, 6);
    expect(second.job?.usage).toMatchObject({ inputTokens: 3000, outputTokens: 6000, calls: 300 });
  });

  it("keeps the budget within one item's cost and records every call it made", async () => {
    const kind = `k-${randomUUID()}`;
    for (const bound of [0.1, undefined]) {
      let started = 0;
      const handler: JobHandler = {
        kind,
        open: async () => {
          const run: ItemRunner = async (_item, ctx) => {
            started++;
            // A call that takes a while and honours the run's abort, as the SDK's does.
            await new Promise<void>((resolve, reject) => {
              const timer = setTimeout(resolve, 30);
              ctx.signal.addEventListener("abort", () => {
                clearTimeout(timer);
                reject(new Error("aborted"));
              });
            });
            return {
              status: "done",
              usage: { inputTokens: 1, outputTokens: 1, cost: 0.1, calls: 1, cached: false },
            };
          };
          if (bound !== undefined) run.costBound = () => bound;
          return run;
        },
      };
      const { id } = await job(fx.store, kind, 200, 0.5);
      const result = await runJobs(fx.store, {
        owner: owner(),
        handlers: [handler],
        jobId: id,
        concurrency: 16,
      });
      expect(result.ended).toBe("budget");
      // Every call started was let finish and recorded: money spent is money counted.
      expect(result.job?.usage.calls).toBe(started);
      expect(result.job?.counts.done).toBe(started);
      expect(result.job?.counts).toMatchObject({ leased: 0, pending: 200 - started });
      // With the handler's estimate: at most one item past the budget. Without one, the first
      // items start unreserved (at most the concurrency), the rest reserve the dearest seen.
      if (bound !== undefined) expect(result.job!.usage.cost!).toBeLessThanOrEqual(0.6 + 1e-9);
      else expect(result.job!.usage.cost!).toBeLessThanOrEqual(0.5 + 16 * 0.1 + 1e-9);
      expect(result.job!.usage.cost!).toBeGreaterThanOrEqual(0.5 - 1e-9);
    }
  });

  it("a job whose last items reach the budget is done, not stopped", async () => {
    const kind = `k-${randomUUID()}`;
    const p = probe(kind, () => ({
      status: "done",
      usage: { inputTokens: 1, outputTokens: 1, cost: 0.25, calls: 1, cached: false },
    }));
    const { id } = await job(fx.store, kind, 4, 1);
    const run = () =>
      runJobs(fx.store, { owner: owner(), handlers: [p.handler], jobId: id, concurrency: 4 });
    const result = await run();
    expect(result.ended).toBe("finished");
    expect(result.job).toMatchObject({ status: "done", usage: { cost: 1 } });
    expect(p.completed).toBe(1);
    // Resuming a finished job runs `complete` again (the repair after a crash), nothing else.
    expect((await run()).ended).toBe("finished");
    expect(p.completed).toBe(2);
    expect(p.executed).toHaveLength(4);
  });

  it("a signal while the last items run still completes the job", async () => {
    const kind = `k-${randomUUID()}`;
    const controller = new AbortController();
    const p = probe(kind, async () => {
      controller.abort();
      await delay(20);
      return { status: "done" };
    });
    const { id } = await job(fx.store, kind, 5);
    const result = await runJobs(fx.store, {
      owner: owner(),
      handlers: [p.handler],
      jobId: id,
      concurrency: 5,
      signal: controller.signal,
    });
    expect(result.ended).toBe("finished");
    expect(result.job?.status).toBe("done");
    expect(p.completed).toBe(1);
  });

  it("sees a cancellation made elsewhere and stops", async () => {
    const kind = `k-${randomUUID()}`;
    const { id } = await job(fx.store, kind, 500);
    let seen = 0;
    const p = probe(kind, async () => {
      if (++seen === 30) await fx.store.cancelJob(id);
      await delay(1);
      return { status: "done" };
    });
    const result = await runJobs(fx.store, {
      owner: owner(),
      handlers: [p.handler],
      jobId: id,
      concurrency: 4,
    });
    expect(result.ended).toBe("cancelled");
    expect(result.job?.status).toBe("cancelled");
    expect(result.job?.counts.leased).toBe(0);
    expect(result.job?.counts.pending).toBe(0);
    expect(p.executed.length).toBeLessThan(200);
  });

  it("stops at a signal after its running items, and a second run does exactly the rest", async () => {
    const kind = `k-${randomUUID()}`;
    const { id } = await job(fx.store, kind, 300);
    const controller = new AbortController();
    const p = probe(kind, async () => {
      await delay(2);
      if (p.executed.length === 50) controller.abort();
      return { status: "done" };
    });
    const first = await runJobs(fx.store, {
      owner: owner(),
      handlers: [p.handler],
      jobId: id,
      concurrency: 5,
      signal: controller.signal,
    });
    expect(first.ended).toBe("signal");
    expect(first.job?.counts.leased).toBe(0);
    expect(first.job?.status).toBe("queued");
    // Every item that ran was committed: none is left to run twice.
    expect(first.job?.counts.done).toBe(p.executed.length);
    expect(p.executed.length).toBeLessThan(300);
    const second = await runJobs(fx.store, {
      owner: owner(),
      handlers: [p.handler],
      jobId: id,
      concurrency: 5,
    });
    expect(second.ended).toBe("finished");
    expect(p.executed).toHaveLength(300);
    expect(new Set(p.executed).size).toBe(300);
  });

  it("calls complete once when two runners share a job", async () => {
    const kind = `k-${randomUUID()}`;
    const p = probe(kind, async () => {
      await delay(1);
      return { status: "done" };
    });
    const { id } = await job(fx.store, kind, 400);
    const other = await fx.another();
    const results = await Promise.all([
      runJobs(fx.store, { owner: owner(), handlers: [p.handler], jobId: id, concurrency: 4 }),
      ...(fx.dialect === "postgres"
        ? [runJobs(other, { owner: owner(), handlers: [p.handler], jobId: id, concurrency: 4 })]
        : [
            runJobs(fx.store, { owner: owner(), handlers: [p.handler], jobId: id, concurrency: 4 }),
          ]),
    ]);
    expect(results.map((r) => r.ended)).toEqual(["finished", "finished"]);
    expect(p.executed).toHaveLength(400);
    expect(new Set(p.executed).size).toBe(400);
    expect(p.completed).toBe(1);
  });

  it("two workers, each on its own connection, share a job and do each item once", async () => {
    const kind = `k-${randomUUID()}`;
    const p = probe(kind, async () => {
      await delay(1);
      return { status: "done" };
    });
    const { id } = await job(fx.store, kind, 500);
    const controller = new AbortController();
    // Two pools on PostgreSQL (as two machines would be); one store on SQLite, whose processes
    // share the file, not a connection.
    const second = fx.dialect === "postgres" ? await fx.another() : fx.store;
    const workers = [fx.store, second].map((store) =>
      runJobs(store, {
        owner: owner(),
        handlers: [p.handler],
        concurrency: 8,
        pollMs: 20,
        signal: controller.signal,
      }),
    );
    for (let i = 0; i < 400 && (await fx.store.getJob(id))?.status !== "done"; i++) await delay(25);
    controller.abort();
    expect((await Promise.all(workers)).map((r) => r.ended)).toEqual(["signal", "signal"]);
    expect(p.executed).toHaveLength(500);
    expect(new Set(p.executed).size).toBe(500);
    expect(p.completed).toBe(1);
    expect((await fx.store.getJob(id))?.counts).toMatchObject({ done: 500, leased: 0 });
  });

  it("a worker picks up a job created after it started, and stops at its signal", async () => {
    const kind = `k-${randomUUID()}`;
    const p = probe(kind);
    const controller = new AbortController();
    const worker = runJobs(fx.store, {
      owner: owner(),
      handlers: [p.handler],
      concurrency: 4,
      pollMs: 20,
      signal: controller.signal,
    });
    await delay(100);
    const { id } = await job(fx.store, kind, 50);
    for (let i = 0; i < 200 && (await fx.store.getJob(id))?.status !== "done"; i++) await delay(25);
    controller.abort();
    const result = await worker;
    expect(result.ended).toBe("signal");
    expect(result.job?.id).toBe(id);
    expect((await fx.store.getJob(id))?.counts.done).toBe(50);
    expect(p.completed).toBe(1);
  });
});
