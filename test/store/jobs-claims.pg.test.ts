/**
 * Two workers on PostgreSQL, each with its own pool (as two processes would be), claiming and
 * finishing in a loop over one job of 2,000 items: no item is ever held by both while their
 * leases hold, and together they finish every item exactly once.
 */
import { expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { describeOnPostgres, postgresTarget } from "./postgres-target.js";

const ITEMS = 2000;

await describeOnPostgres("jobs store: two workers sharing one queue", () => {
  it("never hands one item to both and finishes every item once", async () => {
    const target = await postgresTarget("jobs_claims");
    const stores: Store[] = [];
    try {
      const a = await openStore(target.url);
      await a.migrate();
      const b = await openStore(target.url);
      stores.push(a, b);
      const { job } = await a.createJob({ kind: "test", fingerprint: "race", spec: {} });
      await a.addJobItems(
        job.id,
        Array.from({ length: ITEMS }, (_, i) => ({ key: `k${i}`, payload: i })),
      );
      const holders = new Map<string, string>();
      const finishedBy: string[] = [];
      let overlaps = 0;
      const worker = async (store: Store, owner: string) => {
        for (;;) {
          const claimed = await store.claimItems({
            owner,
            limit: 25,
            leaseMs: 60_000,
            jobId: job.id,
          });
          if (claimed.length === 0) return;
          for (const item of claimed) {
            if (holders.has(item.key)) overlaps++;
            holders.set(item.key, owner);
          }
          // Let the other worker claim while these are held.
          await new Promise((resolve) => setImmediate(resolve));
          for (const item of claimed) holders.delete(item.key);
          const { accepted } = await store.finishItems(
            owner,
            job.id,
            claimed.map((item) => ({ key: item.key, status: "done" as const, result: owner })),
          );
          expect(accepted).toBe(claimed.length);
          finishedBy.push(...claimed.map((item) => item.key));
        }
      };
      await Promise.all([worker(a, "a"), worker(b, "b"), worker(a, "a2"), worker(b, "b2")]);
      expect(overlaps).toBe(0);
      expect(finishedBy).toHaveLength(ITEMS);
      expect(new Set(finishedBy).size).toBe(ITEMS);
      const final = await a.getJob(job.id);
      expect(final?.status).toBe("done");
      expect(final?.counts).toMatchObject({ total: ITEMS, done: ITEMS, pending: 0, leased: 0 });
      const items = await a.listItems(job.id, { limit: ITEMS });
      expect(items.every((i) => i.attempts === 1)).toBe(true);
      expect(new Set(items.map((i) => i.result))).toEqual(new Set(["a", "b", "a2", "b2"]));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await target.drop();
    }
  });
});
